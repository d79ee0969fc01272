"""One exception hierarchy, and the :class:`Problem` record validation reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import PurePath
from typing import Literal

__all__ = [
    "AnalysisTooLarge",
    "ChartError",
    "ExternalReference",
    "InvalidWorkbook",
    "Problem",
    "PseudonymisationError",
    "StakeholderMapError",
    "UnknownGapKind",
    "UnknownSample",
    "UnsupportedFormat",
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
    """Base class: every error this library raises on purpose.

    Its message names the bad value and what to do about it; the command line and the
    dashboard show it as it is, without a traceback.
    """


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


class UnsupportedFormat(StakeholderMapError, ValueError):
    """An output file's name ends in a suffix the chosen output cannot write."""

    def __init__(self, path: str, allowed: Sequence[str], what: str = "this output") -> None:
        self.path = path
        self.allowed = tuple(allowed)
        suffix = PurePath(path).suffix or "a file without a suffix"
        super().__init__(f"{path}: {what} cannot be written as {suffix}; choose a file "
                         "ending in " + ", ".join(self.allowed))



class UnknownGapKind(StakeholderMapError, ValueError):
    """A gap kind was asked for that is not one of the published identifiers."""

    def __init__(self, unknown: Sequence[str], known: Sequence[str]) -> None:
        import difflib

        self.unknown = tuple(unknown)
        hints = []
        for kind in self.unknown:
            close = difflib.get_close_matches(kind, known, n=1)
            if close:
                hints.append(f"{kind!r}: did you mean {close[0]!r}?")
        hint = (" " + " ".join(hints)) if hints else ""
        super().__init__(f"unknown gap kind(s): {', '.join(map(repr, self.unknown))}.{hint} "
                         f"Known kinds: {', '.join(known)}")


class UnknownSample(StakeholderMapError, LookupError):
    """A bundled sample programme was asked for by a name that does not exist."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        super().__init__(f"there is no sample programme {name!r}; the samples are: "
                         + ", ".join(known))


class PseudonymisationError(StakeholderMapError, ValueError):
    """Pseudonyms cannot be made: an empty or too weak key, or two actors would collide."""


class ChartError(StakeholderMapError, RuntimeError):
    """A chart could not be drawn as an image (kaleido or its browser missing or failing)."""


class ExternalReference(StakeholderMapError, RuntimeError):
    """An HTML file the tool writes would load something from outside the file."""


class AnalysisTooLarge(StakeholderMapError):
    """An analysis would need more memory than there is (:mod:`stakeholder_map.analysis.budget`).

    Raised before any work starts; the message gives the estimate, the memory available and
    how to override (``--max-memory``, ``--force``).
    """
