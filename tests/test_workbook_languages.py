"""A workbook in the user's own language: the programme's ``language`` setting, and sheet,
column and setting names written in Lithuanian, Latvian, Estonian, Russian or Hebrew."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stakeholder_map import load
from stakeholder_map.samples import sample_path

Sheets = dict[str, list[dict[str, str]]]


def _programme(sheets: Sheets, key: str, value: str) -> Sheets:
    sheets["programme"].append({"key": key, "value": value})
    return sheets


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("language", "he", "he"), ("language", "LT", "lt"), ("Language", "ru-RU", "ru"),
    ("язык", "lv", "lv"), ("שפה", "et", "et"), ("kalba", "en", "en"),
])
def test_the_programme_says_its_language(make_book: Callable[..., Path], base_sheets: Sheets,
                                         key: str, value: str, expected: str) -> None:
    result = load(make_book(_programme(base_sheets, key, value)), strict=False)
    assert result.map is not None and not result.errors
    assert result.map.programme.language == expected
    assert key not in result.map.programme.extra


@pytest.mark.parametrize("value", ["fr", "qps", "hebrew"])
def test_a_language_the_tool_does_not_speak_is_named(make_book: Callable[..., Path],
                                                      base_sheets: Sheets, value: str) -> None:
    result = load(make_book(_programme(base_sheets, "language", value)), strict=False)
    [problem] = result.errors
    assert (problem.sheet, problem.column, problem.value) == ("programme", "value", value)
    assert problem.row == len(base_sheets["programme"]) + 1  # header is row 1
    assert "en, lt, lv, et, ru, he" in (problem.expected or "")


def test_without_a_language_the_programme_has_none(make_book: Callable[..., Path],
                                                   base_sheets: Sheets) -> None:
    result = load(make_book(base_sheets), strict=False)
    assert result.map is not None and result.map.programme.language == ""


@pytest.mark.parametrize(("sample", "language"), [
    ("kehila_metiva", "he"), ("smolensk_volunteers", "ru"), ("lt_social_leaders", "lt"),
    ("lt_culture_innovation", "lt"), ("baltic_youth_impact", "lv"),
])
def test_each_sample_speaks_its_documents_language(sample: str, language: str) -> None:
    """The seeds are Hebrew (004), Russian (001), Lithuanian (000, 003) and Latvian (002)."""
    smap = load(sample_path(sample)).map
    assert smap is not None and smap.programme.language == language


def test_the_language_survives_writing_the_workbook_again(tmp_path: Path) -> None:
    from stakeholder_map.workbook.write import write_workbook

    smap = load(sample_path("kehila_metiva")).map
    assert smap is not None
    out = tmp_path / "again.xlsx"
    write_workbook(smap, out)
    again = load(out).map
    assert again is not None and again.programme.language == "he"
