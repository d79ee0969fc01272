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


def _translated(base: Sheets, lang: str) -> dict[str, list[dict[str, str]]]:
    """The base workbook with every sheet and column named in ``lang`` (first name listed)."""
    from stakeholder_map.workbook.names import COLUMN_NAMES, SHEET_NAMES

    out = {}
    for sheet, rows in base.items():
        columns = COLUMN_NAMES[sheet]
        out[SHEET_NAMES[sheet][lang][0]] = [
            {columns[c][lang][0] if c in columns else c: v for c, v in row.items()}
            for row in rows]
    return out


@pytest.mark.parametrize("lang", ["lt", "lv", "et", "ru", "he"])
def test_a_workbook_named_in_another_language_reads_as_the_english_one(
        make_book: Callable[..., Path], base_sheets: Sheets, lang: str) -> None:
    english = load(make_book(base_sheets)).map
    other = load(make_book(_translated(base_sheets, lang)), strict=False)
    assert not other.errors, other.errors
    assert other.map == english


def test_names_from_the_issue_are_accepted() -> None:
    """`dalyviai`/`ryšiai`, `участники`/`связи`, `שחקנים`/`קשרים` (issue 11's examples)."""
    from stakeholder_map.workbook.names import sheet_key

    assert [sheet_key(n) for n in ("dalyviai", "ryšiai", "Участники", "СВЯЗИ", "שחקנים",
                                   "קשרים")] == ["actors", "ties"] * 3


def test_every_accepted_name_is_in_the_docs() -> None:
    from stakeholder_map.workbook.names import COLUMN_NAMES, PROGRAMME_KEY_NAMES, SHEET_NAMES

    docs = (Path(__file__).resolve().parent.parent / "docs" / "workbook.md").read_text(
        encoding="utf-8")
    section = docs.split("## Names in other languages", 1)[1].split("\n## ", 1)[0]
    tables = [SHEET_NAMES, PROGRAMME_KEY_NAMES, *COLUMN_NAMES.values()]
    for table in tables:
        for english, by_language in table.items():
            for names in by_language.values():
                for name in names:
                    assert f"`{name}`" in section, (english, name)


def test_a_short_utf8_csv_of_even_length_is_not_taken_for_utf16(tmp_path: Path) -> None:
    """Bytes with no NUL at all cannot be UTF-16 (found in review: 16 bytes of UTF-8 were
    decoded as UTF-16-BE, and every column was reported missing)."""
    from stakeholder_map.workbook.read import read_raw

    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "actors.csv").write_bytes(b"id,name\na,Alpha\n")
    raw = read_raw(folder)
    assert list(raw.sheets["actors"].frame.columns) == ["id", "name"]
    assert raw.sheets["actors"].frame.loc[2, "name"] == "Alpha"
