"""Parse one column of text cells into typed values, collecting a problem per bad cell.

Columns are parsed value by *distinct* value and mapped back, so a 500k-row
``type`` column costs six parses, not half a million.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from stakeholder_map.errors import Problem
from stakeholder_map.i18n import format_decimal, ngettext
from stakeholder_map.i18n import gettext as _
from stakeholder_map.workbook.read import MAX_CELL_CHARS

__all__ = [
    "MAX_CELL_CHARS",
    "BadCell",
    "ColumnParser",
    "parse_bool",
    "parse_date",
    "parse_number",
    "suggest",
    "token",
]


class BadCell(ValueError):
    """Raised by a cell parser: what was expected and, where obvious, a suggestion (each
    already in the language of the read)."""

    def __init__(self, message: str, expected: str = "", suggestion: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.suggestion = suggestion


def token(text: str) -> str:
    """A categorical cell as matched: case-insensitive, spaces and hyphens as ``_``."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def suggest(value: str, choices: Iterable[str]) -> str:
    """``did you mean 'business'?`` for a near miss, else empty."""
    close = difflib.get_close_matches(token(value), list(choices), n=1, cutoff=0.6)
    return _("did you mean {choice}?").format(choice=repr(close[0])) if close else ""


def one_of(choices: Iterable[str]) -> str:
    """``one of public, business`` (the choices are the format's own words)."""
    return _("one of {choices}").format(choices=", ".join(choices))


def lookup(mapping: Mapping[str, Any], unknown: str,
           choices: Iterable[str]) -> Callable[[str], Any]:
    """A parser for a categorical cell: ``mapping`` from token to value; a cell it does
    not know is reported as ``unknown`` (a message already translated: ``unknown sector``)."""
    expected = one_of(choices)

    def parse(text: str) -> Any:
        try:
            return mapping[token(text)]
        except KeyError:
            raise BadCell(unknown, expected=expected,
                          suggestion=suggest(text, mapping)) from None

    return parse


_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}


def parse_bool(text: str) -> bool:
    t = text.strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise BadCell(_("not a yes/no value"), expected=_("true/false, yes/no or 1/0"))


def parse_number(low: float, high: float) -> Callable[[str], float]:
    """A parser for a number in ``[low, high]``; a decimal comma is accepted."""

    def expected() -> str:  # only once a cell is bad: the numbers' notation costs a lookup
        return _("a number from {low} to {high}").format(low=format_decimal(low),
                                                         high=format_decimal(high))

    def parse(text: str) -> float:
        t = text.replace("\u00a0", "").replace(" ", "")
        if "," in t and "." not in t:
            t = t.replace(",", ".")
        try:
            value = float(t)
        except ValueError:
            raise BadCell(_("not a number"), expected=expected()) from None
        if not math.isfinite(value) or not low <= value <= high:
            raise BadCell(_("number out of range"), expected=expected())
        return value

    return parse


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> dt.date:
    """An ISO date ``YYYY-MM-DD`` (a time part of midnight, as Excel adds, is accepted)."""
    t = text.strip()
    if t.endswith((" 00:00:00", "T00:00:00")):
        t = t[:10]
    if not _ISO_DATE.fullmatch(t):
        raise BadCell(_("not a date"), expected=_("an ISO date YYYY-MM-DD, e.g. 2024-03-31"))
    try:
        return dt.date.fromisoformat(t)
    except ValueError:
        raise BadCell(_("no such date"), expected=_("a real calendar date YYYY-MM-DD")) from None


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""C0 control characters other than tab, line feed and carriage return."""


def escaped(text: str, limit: int = 60) -> str:
    r"""A cell as it can be shown: control characters as ``\x00``, long text cut short.

    >>> escaped("a\x00b\tc")
    'a\\x00b\tc'
    """
    short = text if len(text) <= limit else text[:limit] + "…"
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", short)


class ColumnParser:
    """Collects the problems of one sheet while its columns are parsed."""

    def __init__(self, sheet: str, frame: pd.DataFrame, headers: Mapping[str, str],
                 titles: Mapping[str, str] | None = None) -> None:
        self.sheet = sheet
        self.frame = frame
        self.headers = headers
        self.titles = titles or {}
        """Each sheet's title as the workbook names it (``actors`` → ``dalyviai``)."""
        self.problems: list[Problem] = []
        self.bad_rows: set[int] = set()

    def header(self, column: str) -> str:
        return self.headers.get(column, column)

    def title(self, sheet: str) -> str:
        """The title the workbook gives the format's sheet ``sheet`` (its own name if none)."""
        return self.titles.get(sheet, sheet)

    def text(self, column: str) -> pd.Series:
        if column in self.frame.columns:
            return self.frame[column]
        return pd.Series("", index=self.frame.index, dtype=object)

    def report(self, row: Hashable, column: str | None, value: str, message: str,
               expected: str = "", suggestion: str = "", *, warning: bool = False) -> None:
        """Record a problem at spreadsheet ``row`` (an index label of the frame, or None)."""
        line = None if row is None else int(cast(int, row))
        self.problems.append(Problem(
            self.sheet, line, self.header(column) if column else None, value, message,
            expected, suggestion, "warning" if warning else "error"))
        if line is not None and not warning:
            self.bad_rows.add(line)

    def parse(self, column: str, parser: Callable[[str], Any], default: Any = None,
              *, required: bool = False) -> pd.Series:
        """Parsed values of ``column`` (``default`` where blank); bad cells are reported."""
        cells = self.text(column)
        if cells.empty:
            return pd.Series([], index=cells.index, dtype=object)
        codes, uniques = pd.factorize(cells)
        parsed = np.empty(len(uniques), dtype=object)
        failures: dict[str, BadCell] = {}
        for i, value in enumerate(uniques.tolist()):
            if value == "":
                parsed[i] = default
                if required:
                    missing = _("required value is missing")
                    for row in cells.index[codes == i]:
                        self.report(row, column, "", missing)
                continue
            try:
                parsed[i] = parser(value)
            except BadCell as bad:
                failures[value] = bad
                parsed[i] = default
        if failures:
            for row, value in cells[cells.isin(failures.keys())].items():
                fail = failures[value]
                self.report(row, column, value, fail.message, fail.expected, fail.suggestion)
        # object array + take, not Series.map: pandas would turn IntEnum members into ints
        return pd.Series(parsed.take(codes), index=cells.index, dtype=object)

    def check_text(self, max_chars: int = MAX_CELL_CHARS) -> None:
        """One rule for every cell of every column: no control character (other than tab
        and line breaks), and no more than ``max_chars`` characters."""
        for column in self.frame.columns:
            values = self.frame[column].tolist()
            if not values:
                continue
            controls = _CONTROL.search("".join(values)) is not None
            longest = max(map(len, values))
            if not controls and longest <= max_chars:
                continue
            control = _("cell holds a control character ({character})")
            no_control = _("text without control characters (tabs and line breaks are fine)")
            delete = _("delete the character; it often comes from copying out of another "
                       "program")
            # counts of characters stay unseparated, as a spreadsheet shows a cell's length
            at_most = ngettext("at most {n} character in a cell",
                               "at most {n} characters in a cell", max_chars).format(n=max_chars)
            shorten = _("shorten it, or keep the long text elsewhere ({option} raises the "
                        "limit)").format(option="--max-cell-chars")
            for row, value in zip(self.frame.index, values, strict=True):
                if controls and (bad := _CONTROL.search(value)):
                    self.report(row, column, escaped(value),
                                control.format(character=f"\\x{ord(bad.group()):02x}"),
                                expected=no_control, suggestion=delete)
                if len(value) > max_chars:
                    self.report(row, column, escaped(value),
                                ngettext("cell holds {n} character", "cell holds {n} characters",
                                         len(value)).format(n=len(value)),
                                expected=at_most, suggestion=shorten)

    def require_columns(self, *columns: str) -> bool:
        missing = [c for c in columns if c not in self.frame.columns]
        for col in missing:
            self.report(None, col, "", _("required column is missing"),
                        expected=_("a column named {column} in row 1").format(column=repr(col)))
        return not missing
