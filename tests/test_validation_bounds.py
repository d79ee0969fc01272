"""Every validation bound: exactly on it is accepted, one step past it is rejected.

Each case edits one cell of the small CSV workbook of ``conftest.BASE`` (header =
row 1, so its first data row is row 2) and checks the value read, or the one
problem reported: sheet, row, column, the bad value, what was expected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from stakeholder_map import load
from stakeholder_map.errors import Problem
from stakeholder_map.model import StakeholderMap

Sheets = dict[str, list[dict[str, str]]]

# (sheet, index of the row in BASE)
ACTOR = ("actors", 1)        # mun, spreadsheet row 3
TIE = ("ties", 0)            # bb → mun, spreadsheet row 2

NUMBER_BOUNDS = [
    # sheet and row, column, low, high (the steps past them: 0.1 either way)
    (ACTOR, "formal_influence", 0.0, 5.0),
    (ACTOR, "informal_influence", 0.0, 5.0),
    (TIE, "weight", 1.0, 5.0),
    (TIE, "trust", 1.0, 4.0),
    (TIE, "value", 1.0, 4.0),
]


def load_with(make_book: Callable[..., Path], sheets: Sheets, where: tuple[str, int],
              column: str, text: str) -> tuple[StakeholderMap | None, list[Problem]]:
    sheet, index = where
    sheets[sheet][index][column] = text
    result = load(make_book(sheets), strict=False)
    return result.map, result.errors


def cell(smap: StakeholderMap, where: tuple[str, int], column: str) -> object:
    sheet, index = where
    record = smap.actors[index] if sheet == "actors" else smap.ties[index]
    return getattr(record, column)      # the columns are named as the attributes


def _on_bound_cases() -> list[object]:
    cases = []
    for where, column, low, high in NUMBER_BOUNDS:
        for text, value in ((f"{low:g}", low), (f"{high:g}", high),
                            (f"{high:g},0", high), (f" {high:g} ", high)):
            cases.append(pytest.param(where, column, text, value,
                                      id=f"{where[0]}.{column}={text.strip()}"
                                         f"{'-with-spaces' if text != text.strip() else ''}"
                                         "-accepted"))
    return cases


def _past_bound_cases() -> list[object]:
    cases = []
    for where, column, low, high in NUMBER_BOUNDS:
        for text in (f"{low - 0.1:g}", f"{high + 0.1:g}", f"{high + 0.1:g}".replace(".", ",")):
            cases.append(pytest.param(where, column, text, f"a number from {low:g} to {high:g}",
                                      id=f"{where[0]}.{column}={text}-rejected"))
    return cases


@pytest.mark.parametrize(("where", "column", "text", "value"), _on_bound_cases())
def test_a_number_on_its_bound_is_accepted(make_book: Callable[..., Path], base_sheets: Sheets,
                                           where: tuple[str, int], column: str, text: str,
                                           value: float) -> None:
    smap, errors = load_with(make_book, base_sheets, where, column, text)
    assert errors == []
    assert smap is not None
    assert cell(smap, where, column) == value


@pytest.mark.parametrize(("where", "column", "text", "expected"), _past_bound_cases())
def test_a_number_past_its_bound_is_rejected_where_it_is(
        make_book: Callable[..., Path], base_sheets: Sheets, where: tuple[str, int],
        column: str, text: str, expected: str) -> None:
    smap, errors = load_with(make_book, base_sheets, where, column, text)
    assert smap is None
    row = where[1] + 2
    assert errors == [Problem(where[0], row, column, text, "number out of range", expected)]
    assert str(errors[0]).startswith(f"{where[0]}, row {row}, column {column!r}: "
                                     f"number out of range (value {text!r}); expected {expected}")


@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "5e0x", "five"])
def test_a_number_that_is_no_finite_number_is_rejected(make_book: Callable[..., Path],
                                                       base_sheets: Sheets, text: str) -> None:
    smap, errors = load_with(make_book, base_sheets, ACTOR, "formal_influence", text)
    assert smap is None
    assert [(p.sheet, p.row, p.column, p.value, p.expected) for p in errors] == [
        ("actors", 3, "formal_influence", text, "a number from 0 to 5")]
    assert errors[0].message in ("number out of range", "not a number")


# --- dates and their order ---------------------------------------------------------------------


@pytest.mark.parametrize(("since", "until", "ok"), [
    pytest.param("2024-05-01", "2024-05-01", True, id="one-day-tie-since==until-accepted"),
    pytest.param("2024-05-01", "2024-05-02", True, id="until-a-day-after-accepted"),
    pytest.param("2024-05-01", "2024-04-30", False, id="until-a-day-before-rejected"),
    pytest.param("2024-03-01", "2024-02-29", False, id="across-a-leap-day-rejected"),
])
def test_a_tie_ends_on_or_after_it_began(make_book: Callable[..., Path], base_sheets: Sheets,
                                         since: str, until: str, ok: bool) -> None:
    base_sheets["ties"][0].update(since=since, until=until)
    result = load(make_book(base_sheets), strict=False)
    if ok:
        assert result.errors == []
        assert result.map is not None
        first = result.map.ties[0]
        assert (first.since, first.until) == (dt.date.fromisoformat(since),
                                              dt.date.fromisoformat(until))
    else:
        assert result.errors == [Problem("ties", 2, "until", until,
                                         "the tie cannot end before it began",
                                         f"a date on or after {since}")]


@pytest.mark.parametrize(("signed", "expires", "ok"), [
    pytest.param("2024-02-01", "2024-02-01", True, id="expires-the-day-it-is-signed-accepted"),
    pytest.param("2024-02-01", "2024-01-31", False, id="expires-a-day-before-rejected"),
])
def test_an_agreement_expires_on_or_after_it_was_signed(
        make_book: Callable[..., Path], base_sheets: Sheets, signed: str, expires: str,
        ok: bool) -> None:
    base_sheets["agreements"][0].update(signed=signed, expires=expires)
    result = load(make_book(base_sheets), strict=False)
    if ok:
        assert result.errors == []
        assert result.map is not None
        assert result.map.agreements[0].expires == dt.date.fromisoformat(expires)
    else:
        assert result.errors == [Problem("agreements", 2, "expires", expires,
                                         "the agreement cannot expire before it was signed",
                                         f"a date on or after {signed}")]


@pytest.mark.parametrize(("text", "value"), [
    pytest.param("2024-02-29", dt.date(2024, 2, 29), id="leap-day-accepted"),
    pytest.param("2024-12-31", dt.date(2024, 12, 31), id="last-day-of-a-year-accepted"),
    pytest.param("2024-03-31 00:00:00", dt.date(2024, 3, 31), id="excel-midnight-accepted"),
])
def test_a_real_date_is_accepted(make_book: Callable[..., Path], base_sheets: Sheets,
                                 text: str, value: dt.date) -> None:
    base_sheets["ties"][0]["since"] = text
    result = load(make_book(base_sheets), strict=False)
    assert result.errors == []
    assert result.map is not None and result.map.ties[0].since == value


@pytest.mark.parametrize(("text", "message", "expected"), [
    pytest.param("2023-02-29", "no such date", "a real calendar date YYYY-MM-DD",
                 id="no-leap-day-in-2023-rejected"),
    pytest.param("2024-13-01", "no such date", "a real calendar date YYYY-MM-DD",
                 id="month-13-rejected"),
    pytest.param("2024-04-31", "no such date", "a real calendar date YYYY-MM-DD",
                 id="april-31-rejected"),
    pytest.param("31.03.2024", "not a date", "an ISO date YYYY-MM-DD, e.g. 2024-03-31",
                 id="day-first-rejected"),
    pytest.param("2024-03-31 12:00:00", "not a date", "an ISO date YYYY-MM-DD, e.g. 2024-03-31",
                 id="a-time-other-than-midnight-rejected"),
])
def test_a_date_that_does_not_exist_is_rejected_where_it_is(
        make_book: Callable[..., Path], base_sheets: Sheets, text: str, message: str,
        expected: str) -> None:
    base_sheets["ties"][0]["until"] = text
    result = load(make_book(base_sheets), strict=False)
    assert result.map is None
    assert result.errors == [Problem("ties", 2, "until", text, message, expected)]


def test_a_bad_as_of_is_reported_on_its_row(make_book: Callable[..., Path],
                                            base_sheets: Sheets) -> None:
    base_sheets["programme"][2]["value"] = "2025-02-29"
    result = load(make_book(base_sheets), strict=False)
    assert result.errors == [Problem("programme", 4, "value", "2025-02-29",
                                     "as_of: no such date", "a real calendar date YYYY-MM-DD")]


# --- the engagement ladder -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["unaware", "leading", "Passive Consent", "active-consent"])
def test_every_rung_of_the_ladder_is_accepted(make_book: Callable[..., Path],
                                              base_sheets: Sheets, text: str) -> None:
    base_sheets["actors"][1]["engagement"] = text
    result = load(make_book(base_sheets), strict=False)
    assert result.errors == []


@pytest.mark.parametrize(("text", "suggestion"), [
    pytest.param("leadng", "did you mean 'leading'?", id="typo-gets-a-suggestion"),
    pytest.param("6", "", id="a-number-is-not-a-rung"),
])
def test_a_rung_off_the_ladder_is_rejected(make_book: Callable[..., Path], base_sheets: Sheets,
                                           text: str, suggestion: str) -> None:
    base_sheets["actors"][1]["engagement"] = text
    result = load(make_book(base_sheets), strict=False)
    assert result.map is None
    assert [(p.sheet, p.row, p.column, p.value, p.message, p.suggestion)
            for p in result.errors] == [
        ("actors", 3, "engagement", text, "unknown engagement level", suggestion)]
    assert result.errors[0].expected.startswith("one of unaware, resistant, passive")
