"""Every validation rule, each with a workbook that breaks it.

Row numbers are as a person sees them in the spreadsheet: the header is row 1,
so the first actor ("bb") is row 2, "mun" row 3, "bank" row 4, "uni" row 5.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stakeholder_map import Engagement, InvalidWorkbook, TieType, load
from stakeholder_map.errors import Problem

Sheets = dict[str, list[dict[str, str]]]


def _set(sheet: str, index: int, **values: str) -> Callable[[Sheets], None]:
    def change(s: Sheets) -> None:
        s[sheet][index].update(values)
    return change


def _add(sheet: str, **values: str) -> Callable[[Sheets], None]:
    def change(s: Sheets) -> None:
        s.setdefault(sheet, []).append(values)
    return change


# (change, sheet, row, column, value, words in the message)
CASES: list[tuple[str, Callable[[Sheets], None], str, int | None, str | None, str, str]] = [
    ("missing id", _set("actors", 2, id=""), "actors", 4, "id", "", "missing"),
    ("duplicate id", _set("actors", 3, id="bank"), "actors", 5, "id", "bank", "duplicate"),
    ("missing name", _set("actors", 1, name=""), "actors", 3, "name", "", "missing"),
    ("missing sector", _set("actors", 1, sector=""), "actors", 3, "sector", "", "missing"),
    ("unknown sector", _set("actors", 2, sector="busines"), "actors", 4, "sector", "busines",
     "unknown sector"),
    ("unknown kind", _set("actors", 0, kind="robot"), "actors", 2, "kind", "robot", "unknown kind"),
    ("unknown engagement", _set("actors", 0, engagement="activ"), "actors", 2, "engagement",
     "activ", "unknown engagement"),
    ("unknown target engagement", _set("actors", 1, target_engagement="keen"), "actors", 3,
     "target_engagement", "keen", "unknown engagement"),
    ("influence not a number", _set("actors", 1, formal_influence="high"), "actors", 3,
     "formal_influence", "high", "not a number"),
    ("influence out of range", _set("actors", 1, informal_influence="9"), "actors", 3,
     "informal_influence", "9", "out of range"),
    ("negative influence", _set("actors", 1, formal_influence="-1"), "actors", 3,
     "formal_influence", "-1", "out of range"),
    ("not a boolean", _set("actors", 1, burned="maybe"), "actors", 3, "burned", "maybe",
     "yes/no"),
    ("unknown parent", _set("actors", 2, parent="ghost"), "actors", 4, "parent", "ghost",
     "no actor"),
    ("own parent", _set("actors", 2, parent="bank"), "actors", 4, "parent", "bank", "own parent"),
    ("parent loop", lambda s: (s["actors"][2].update(parent="uni"),
                               s["actors"][3].update(parent="bank")),
     "actors", None, "parent", "", "loop"),
    ("tie to missing actor", _set("ties", 0, target="ghost"), "ties", 2, "target", "ghost",
     "no actor"),
    ("tie from missing actor", _set("ties", 1, source="gost"), "ties", 3, "source", "gost",
     "no actor"),
    ("tie without source", _set("ties", 1, source=""), "ties", 3, "source", "", "missing"),
    ("self tie", _set("ties", 0, target="bb"), "ties", 2, "target", "bb", "itself"),
    ("unknown tie type", _set("ties", 0, type="colaboration"), "ties", 2, "type", "colaboration",
     "unknown tie type"),
    ("missing tie type", _set("ties", 0, type=""), "ties", 2, "type", "", "missing"),
    ("weight out of range", _set("ties", 0, weight="0"), "ties", 2, "weight", "0", "out of range"),
    ("weight not a number", _set("ties", 0, weight="strong"), "ties", 2, "weight", "strong",
     "not a number"),
    ("trust out of range", _set("ties", 0, trust="5"), "ties", 2, "trust", "5", "out of range"),
    ("value not a number", _set("ties", 0, value="x"), "ties", 2, "value", "x", "not a number"),
    ("malformed date", _set("ties", 0, since="2024-13-45"), "ties", 2, "since", "2024-13-45",
     "date"),
    ("date in another format", _set("ties", 0, until="31.12.2024"), "ties", 2, "until",
     "31.12.2024", "not a date"),
    ("until before since", _set("ties", 2, until="2023-12-31"), "ties", 4, "until", "2023-12-31",
     "before"),
    ("unknown agreement status", _set("agreements", 0, status="pending"), "agreements", 2,
     "status", "pending", "unknown agreement status"),
    ("expires before signed", _set("agreements", 0, expires="2020-01-01"), "agreements", 2,
     "expires", "2020-01-01", "before"),
    ("malformed signed date", _set("agreements", 0, signed="yesterday"), "agreements", 2,
     "signed", "yesterday", "not a date"),
    ("duplicate agreement id", _add("agreements", id="mou"), "agreements", 3, "id", "mou",
     "duplicate"),
    ("party unknown actor", _set("agreement_parties", 1, actor="ghost"), "agreement_parties", 3,
     "actor", "ghost", "no actor"),
    ("party unknown agreement", _set("agreement_parties", 1, agreement="mo"),
     "agreement_parties", 3, "agreement", "mo", "no agreement"),
    ("party without actor", _set("agreement_parties", 1, actor=""), "agreement_parties", 3,
     "actor", "", "missing"),
    ("party without agreement", _set("agreement_parties", 1, agreement=""),
     "agreement_parties", 3, "agreement", "", "missing"),
    ("forum missing id", _add("forums", id="", name="x"), "forums", 3, "id", "", "missing"),
    ("member without forum", _set("forum_members", 0, forum=""), "forum_members", 2, "forum",
     "", "missing"),
    ("member without actor", _set("forum_members", 0, actor=""), "forum_members", 2, "actor",
     "", "missing"),
    ("forum unknown sector", _set("forums", 0, required_sectors="public;acadmia"), "forums", 2,
     "required_sectors", "public;acadmia", "unknown sector"),
    ("member unknown actor", _set("forum_members", 0, actor="ghost"), "forum_members", 2,
     "actor", "ghost", "no actor"),
    ("member unknown forum", _set("forum_members", 0, forum="wgx"), "forum_members", 2, "forum",
     "wgx", "no forum"),
    ("unknown forum role", _set("forum_members", 0, role="boss"), "forum_members", 2, "role",
     "boss", "unknown forum role"),
    ("member malformed since", _set("forum_members", 0, since="2024/01/01"), "forum_members", 2,
     "since", "2024/01/01", "not a date"),
    ("unknown backbone", _set("programme", 1, value="bbb"), "programme", 3, "value", "bbb",
     "backbone"),
    ("malformed as_of", _set("programme", 2, value="June 2025"), "programme", 4, "value",
     "June 2025", "as_of"),
    ("setting given twice", _add("programme", key="Name", value="Again"), "programme", 5, "key",
     "Name", "twice"),
]


@pytest.mark.parametrize(("change", "sheet", "row", "column", "value", "words"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_reports_sheet_row_column_and_value(
        make_book: Callable[..., Path], base_sheets: Sheets, change: Callable[[Sheets], None],
        sheet: str, row: int | None, column: str | None, value: str, words: str) -> None:
    change(base_sheets)
    result = load(make_book(base_sheets), strict=False)
    assert result.map is None
    matches = [p for p in result.errors if p.sheet == sheet and p.column == column
               and (row is None or p.row == row) and words in p.message]
    assert matches, f"no {words!r} problem at {sheet}/{row}/{column} in:\n" + "\n".join(
        map(str, result.problems))
    assert matches[0].value == value or row is None


def test_the_base_workbook_is_valid(make_book: Callable[..., Path], base_sheets: Sheets) -> None:
    result = load(make_book(base_sheets))
    assert result.errors == []
    assert result.map is not None
    assert [a.id for a in result.map.actors] == ["bb", "mun", "bank", "uni"]
    assert result.map.ties[2].type is TieType.INFLUENCE


def test_every_problem_is_reported_at_once(make_book: Callable[..., Path],
                                           base_sheets: Sheets) -> None:
    # eight cases that touch eight different cells of five sheets, all in one workbook:
    # each must be reported, and nothing else
    chosen = ("unknown sector", "unknown kind", "influence not a number", "tie to missing actor",
              "malformed date", "unknown agreement status", "member unknown forum",
              "unknown backbone")
    cases = [c for c in CASES if c[0] in chosen]
    assert len(cases) == len(chosen)
    for case in cases:
        case[1](base_sheets)
    result = load(make_book(base_sheets), strict=False)
    assert {(p.sheet, p.row, p.column) for p in result.errors} == {
        (sheet, row, column) for _, _, sheet, row, column, _, _ in cases}
    assert len(result.errors) == len(cases)


def test_suggestion_for_a_typo(make_book: Callable[..., Path], base_sheets: Sheets) -> None:
    base_sheets["actors"][2]["sector"] = "busines"
    [problem] = load(make_book(base_sheets), strict=False).errors
    assert problem.suggestion == "did you mean 'business'?"
    assert "one of public, business" in problem.expected


def test_required_sheet_missing(make_book: Callable[..., Path], base_sheets: Sheets) -> None:
    del base_sheets["actors"]
    result = load(make_book(base_sheets), strict=False)
    assert any(p.sheet == "actors" and "required sheet" in p.message for p in result.errors)


def test_required_column_missing(make_book: Callable[..., Path], base_sheets: Sheets) -> None:
    for a in base_sheets["actors"]:
        del a["sector"]
    result = load(make_book(base_sheets), strict=False)
    assert any(p.column == "sector" and p.row is None and "required column" in p.message
               for p in result.errors)


def test_strict_load_raises_with_every_problem(make_book: Callable[..., Path],
                                               base_sheets: Sheets) -> None:
    base_sheets["actors"][1]["sector"] = "busines"
    base_sheets["ties"][0]["weight"] = "7"
    with pytest.raises(InvalidWorkbook) as info:
        load(make_book(base_sheets))
    assert len(info.value.problems) == 2
    assert "row 3" in str(info.value) and "'busines'" in str(info.value)


def test_isolated_actor_is_a_warning_not_an_error(make_book: Callable[..., Path],
                                                  base_sheets: Sheets) -> None:
    base_sheets["actors"].append({"id": "lone", "name": "Lone", "sector": "media"})
    result = load(make_book(base_sheets))
    assert result.map is not None
    [warning] = result.warnings
    assert (warning.sheet, warning.row, warning.value) == ("actors", 6, "lone")
    assert "no ties" in warning.message


def test_missing_backbone_is_a_warning(make_book: Callable[..., Path],
                                       base_sheets: Sheets) -> None:
    del base_sheets["programme"][1]
    result = load(make_book(base_sheets))
    assert result.map is not None and result.map.backbone is None
    assert any("backbone" in p.message for p in result.warnings)


def test_skip_invalid_drops_bad_rows_and_what_points_at_them(
        make_book: Callable[..., Path], base_sheets: Sheets) -> None:
    base_sheets["actors"][2]["sector"] = "busines"  # bank is bad → its tie goes too
    base_sheets["ties"][0]["weight"] = "0"          # a bad tie row
    result = load(make_book(base_sheets), skip_invalid=True)
    assert result.map is not None
    assert [a.id for a in result.map.actors] == ["bb", "mun", "uni"]
    assert [(t.source, t.target) for t in result.map.ties] == [("uni", "bb")]
    skipped = {(p.sheet, p.row) for p in result.warnings if "skipped" in p.message}
    assert skipped == {("actors", 4), ("ties", 3)}
    assert len(result.errors) == 2  # the errors themselves are still reported


def _parse(make_book: Callable[..., Path], base_sheets: Sheets, **actor: str) -> Any:
    base_sheets["actors"][1].update(actor)
    result = load(make_book(base_sheets))
    assert result.map is not None
    return result.map.actor_by_id["mun"]


@pytest.mark.parametrize(("text", "expected"), [
    ("ngo", "civil_society"), ("NKO", "civil_society"), ("Government", "public"),
    ("municipality", "public"), ("private", "business"), ("Company", "business"),
    ("university", "academia"), ("college", "academia"), ("research", "academia"),
    ("funder", "philanthropy"), ("Foundation", "philanthropy"), ("donor", "philanthropy"),
    ("residents", "community"), ("grassroots", "community"), ("press", "media"),
    ("Civil Society", "civil_society"), (" public ", "public"),
])
def test_sector_aliases(make_book: Callable[..., Path], base_sheets: Sheets, text: str,
                        expected: str) -> None:
    assert _parse(make_book, base_sheets, sector=text).sector == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("true", True), ("TRUE", True), ("Yes", True), ("1", True),
    ("false", False), ("no", False), ("NO", False), ("0", False), ("", False),
])
def test_booleans(make_book: Callable[..., Path], base_sheets: Sheets, text: str,
                  expected: bool) -> None:
    assert _parse(make_book, base_sheets, burned=text).burned is expected


def test_defaults_and_decimal_comma(make_book: Callable[..., Path], base_sheets: Sheets) -> None:
    actor = _parse(make_book, base_sheets, formal_influence="", informal_influence="2,5",
                   engagement="", tags="youth; rural ;")
    assert actor.formal_influence == 1.0 and actor.informal_influence == 2.5
    assert actor.engagement is Engagement.UNAWARE and actor.target_engagement is None
    assert actor.tags == ("youth", "rural")


def test_sectors_sheet_adds_a_programme_sector(make_book: Callable[..., Path],
                                               base_sheets: Sheets) -> None:
    base_sheets["sectors"] = [{"id": "faith", "name": "Faith groups", "aliases": "church;mosque"}]
    base_sheets["actors"][2]["sector"] = "Church"
    base_sheets["forums"][0]["required_sectors"] = "public;faith"
    smap = load(make_book(base_sheets)).map
    assert smap is not None
    assert smap.actor_by_id["bank"].sector == "faith"
    assert smap.sector_by_id["faith"].name == "Faith groups"
    assert smap.forums[0].required == ("public", "faith")


def test_problem_text_names_everything() -> None:
    p = Problem("actors", 4, "sector", "busines", "unknown sector", "one of …",
                "did you mean 'business'?")
    assert str(p) == ("actors, row 4, column 'sector': unknown sector (value 'busines'); "
                      "expected one of …; did you mean 'business'?")
