"""One exception hierarchy, and the :class:`Problem` record validation reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

__all__ = [
    "InvalidWorkbook",
    "Problem",
    "StakeholderMapError",
    "WorkbookReadError",
    "format_problems",
]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or suspicious) in a workbook, located as the user sees it.

    ``row`` is the row number in the spreadsheet (the header is row 1), or
    ``None`` when the problem is about a whole sheet or column.
    """

    sheet: str
    row: int | None
    column: str | None
    value: str
    message: str
    expected: str = ""
    suggestion: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        text = f"{where}: {self.message}"
        if self.value:
            text += f" (value {self.value!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        if self.suggestion:
            text += f"; {self.suggestion}"
        return text

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def format_problems(problems: Iterable[Problem]) -> str:
    """One line per problem, errors first, in sheet/row order."""
    return "\n".join(f"{p.severity}: {p}" for p in problems)


class StakeholderMapError(Exception):
    """Base class: every error this library raises on purpose."""


class WorkbookReadError(StakeholderMapError):
    """The file could not be read as a workbook at all (not found, not xlsx, not CSV)."""


class InvalidWorkbook(StakeholderMapError):
    """The workbook was read but breaks the format; ``problems`` lists every error found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        head = "\n".join(f"  {p}" for p in errors[:20])
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"the workbook has {len(errors)} problem(s):\n{head}{more}")
