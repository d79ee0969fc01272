"""Hostile text in every field of a workbook, through every output the command line writes.

Each text field of every sheet (actor ids, names, roles, regions, tags, notes, parents, the
user's own columns; tie notes; agreement ids, titles, kinds, parties' responsibilities; forum
ids, names, kinds; member columns; the programme name and wave; a sector's name and aliases)
carries one of the strings below, followed by the field's name so a reader of a failure can
tell which field went wrong. The outputs are written by the real command line on a CSV
workbook, then read back with independent parsers:

- HTML (``html.parser``): no element is created from data (no ``<img onerror>``, no script
  whose text is ``alert(1)``, no data closing a ``<script>``), and the text is still there,
  escaped (the page says it, or a JSON string inside a script decodes to it).
- CSV (``csv``) and xlsx (``openpyxl``): no cell a spreadsheet would run as a formula — text
  starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — and no formula cell;
  the text is recoverable: the only change is the leading apostrophe of OWASP's rule
  (:func:`stakeholder_map.outputs.tables.safe_cell`).
- GraphML, GEXF (``xml.etree``) and JSON (``json``): the exact strings come back.

The workbook reader strips each cell, so a leading tab or carriage return never reaches the
model; those two strings are written with a formula character behind the whitespace, which
is what arrives, and then must be neutralised like the others.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import openpyxl
import pytest
from click.testing import CliRunner

from stakeholder_map.cli.main import main

HOSTILE: dict[str, str] = {
    "img": "<img src=x onerror=alert(1)>",
    "script": '"><script>alert(1)</script>',
    "eq": "=cmd|' /C calc'!A0",
    "plus": "+1+1",
    "minus": "-1-1",
    "at": "@SUM(A1)",
    "tab": "\t=TAB",
    "cr": "\r@CR",
}
LETTERS: dict[str, str] = {
    "he": "קהילה מיטיבה",
    "ru": "Смоленск",
    "lt": "Šiaulių ąžuolas",
    "lv": "Rīgas ķēķis",
}
STRINGS = {**HOSTILE, **LETTERS}
KEYS = list(STRINGS)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SECTORS = ("public", "business", "civil_society", "academia", "philanthropy", "hostile")
LADDER = ("passive", "leading", "active", "supportive", "resistant", "unaware")
ACTOR_EXTRA = '=HYPERLINK("x") col'
"""A user's own actors column whose header itself would run as a formula."""

Sheets = dict[str, list[dict[str, str]]]


def cell(key: str, field: str) -> str:
    """What the workbook holds in ``field`` for the string ``key``."""
    return f"{STRINGS[key]} {field}"


def kept(key: str, field: str) -> str:
    """What the reader keeps of that cell (it strips surrounding whitespace)."""
    return cell(key, field).strip()


def hostile_sheets(keys: Iterable[str] = KEYS, *, shift: int = 0,
                   programme: tuple[str, str] = ("img", "script")) -> Sheets:
    """A valid workbook with one actor (and agreement, forum, …) per string in ``keys``.

    Every third actor is a person whose parent is the actor before it; ties run from each
    actor to the next and to the third after it, of every type; each agreement has two
    parties; every forum requires the hostile sector. ``shift`` moves the engagement levels
    (a second wave); ``programme`` names the strings of the programme's name and wave.
    """
    keys = list(keys)
    n = len(keys)
    actors, ties, agreements, parties, forums, members = [], [], [], [], [], []
    for i, k in enumerate(keys):
        person = i % 3 == 2
        actors.append({
            "id": cell(k, "id"), "name": cell(k, "name"), "sector": SECTORS[i % 6],
            "kind": "person" if person else "organisation",
            "parent": cell(keys[i - 1], "id") if person else "",
            "role": cell(k, "role"), "region": cell(k, "region"),
            "formal_influence": str(1 + i % 5), "informal_influence": str(i % 4),
            "engagement": LADDER[(i + shift) % 6], "target_engagement": "active",
            "burned": "yes" if i == 4 else "no", "tags": cell(k, "tags"),
            "notes": cell(k, "notes"), "introduced_by": cell(k, "actor-extra"),
            ACTOR_EXTRA: cell(k, "actor-extra2")})
        for j in (i + 1, i + 3):
            if j < n:
                ties.append({
                    "source": cell(k, "id"), "target": cell(keys[j], "id"),
                    "type": ("collaboration", "influence", "communication", "tension",
                             "funding")[(i + j) % 5],
                    "weight": "2", "notes": cell(k, "tie-notes"),
                    "introduced_by": cell(k, "tie-extra")})
        agreements.append({
            "id": cell(k, "agreement-id"), "title": cell(k, "title"),
            "kind": cell(k, "agreement-kind"), "signed": "2024-01-01",
            "expires": "2025-01-01" if i % 2 else "2030-01-01", "status": "signed",
            "budget_line": cell(k, "agreement-extra")})
        for j, suffix in ((i, ""), ((i + 1) % n, "2")):
            parties.append({
                "agreement": cell(k, "agreement-id"), "actor": cell(keys[j], "id"),
                "responsibility": cell(k, "responsibility" + suffix),
                "contact": cell(k, "party-extra" + suffix)})
        forums.append({
            "id": cell(k, "forum-id"), "name": cell(k, "forum-name"),
            "kind": cell(k, "forum-kind"), "required_sectors": "public;business;hostile",
            "venue": cell(k, "forum-extra")})
        members.append({"forum": cell(k, "forum-id"), "actor": cell(k, "id"), "role": "chair",
                        "seat": cell(k, "member-extra")})
    name_key, wave_key = programme
    return {
        "actors": actors, "ties": ties, "agreements": agreements,
        "agreement_parties": parties, "forums": forums, "forum_members": members,
        "programme": [
            {"key": "name", "value": cell(name_key, "programme")},
            {"key": "backbone", "value": cell(keys[1], "id")},
            {"key": "as_of", "value": "2025-06-30"},
            {"key": "wave", "value": cell(wave_key, "wave")},
            {"key": "funder_note", "value": cell(keys[3], "programme-extra")}],
        "sectors": [{"id": "hostile", "name": cell(keys[5], "sector-name"), "core": "no",
                     "aliases": cell(keys[0], "alias"),
                     "colour_note": cell(keys[4], "sector-extra")}],
    }


def write_book(folder: Path, sheets: Mapping[str, list[dict[str, str]]]) -> Path:
    """Each sheet as ``<name>.csv`` in ``folder`` (header = union of the rows' keys)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        columns = list(dict.fromkeys(c for r in rows for c in r))
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, columns)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def run(*args: object) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], env={"STAKEHOLDER_MAP_KEY": ""},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# --- the outputs, written once ---------------------------------------------------------

WAVE2_KEYS = [k for k in KEYS if k != "lv"]
"""The follow-up wave: one actor left, every engagement level moved."""


class Outputs:
    """The command line's outputs for the hostile workbook, each written when first asked for.

    (One at a time, so that an output that fails fails its own tests only.)
    """

    COMMANDS: ClassVar[dict[str, tuple[str, ...]]] = {
        "report.html": ("report", "{book}", "--no-charts"),
        "map.html": ("html", "{book}"),
        "compare.html": ("compare", "{book}", "{wave2}"),
        "compare.xlsx": ("compare", "{book}", "{wave2}"),
        "compare.json": ("compare", "{book}", "{wave2}"),
        "metrics.csv": ("metrics", "{book}"),
        "metrics.xlsx": ("metrics", "{book}"),
        "metrics.json": ("metrics", "{book}"),
        "gaps.csv": ("gaps", "{book}"),
        "gaps.xlsx": ("gaps", "{book}"),
        "gaps.json": ("gaps", "{book}"),
        "export.graphml": ("export", "{book}"),
        "export.gexf": ("export", "{book}"),
        "export.json": ("export", "{book}"),
        "export.xlsx": ("export", "{book}"),
    }

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.book = write_book(tmp / "book", hostile_sheets())
        self.wave2 = write_book(tmp / "wave2", hostile_sheets(WAVE2_KEYS, shift=1,
                                                              programme=("eq", "plus")))
        self.written: dict[str, Path] = {}

    def __getitem__(self, name: str) -> Path:
        if name not in self.written:
            target = self.tmp / name
            args = [a.format(book=self.book, wave2=self.wave2) for a in self.COMMANDS[name]]
            run(*args, "-o", target)
            self.written[name] = target
        return self.written[name]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return Outputs(tmp_path_factory.mktemp("hostile"))


# --- what each output must carry -------------------------------------------------------

ACTOR = ("id", "name", "role", "region", "tags", "notes", "actor-extra", "actor-extra2")
TIE = ("tie-notes", "tie-extra")
TABLES = ("agreement-id", "title", "agreement-kind", "agreement-extra", "responsibility",
          "responsibility2", "party-extra", "party-extra2", "forum-id", "forum-name",
          "forum-kind", "forum-extra", "member-extra")


def expected(fields: Iterable[str], keys: Iterable[str] = KEYS) -> set[str]:
    return {kept(k, f) for k in keys for f in fields}


TIED = KEYS[:-1]
"""The actors with a tie of their own (the last one is only a target)."""
PROGRAMME = {kept("img", "programme"), kept("script", "wave")}
SECTOR_NAME = {kept(KEYS[5], "sector-name")}

CARRIES: dict[str, set[str]] = {
    "export.xlsx": expected(ACTOR) | expected(TIE, TIED) | expected(TABLES) | SECTOR_NAME,
    "export.graphml": expected(ACTOR) | expected(TIE, TIED) | PROGRAMME,
    "export.gexf": expected(ACTOR) | expected(TIE, TIED),
    "export.json": expected(ACTOR) | expected(TIE, TIED) | PROGRAMME | SECTOR_NAME,
    "metrics.xlsx": expected(("id", "name")) | SECTOR_NAME,
    "metrics.json": expected(("name",)) | SECTOR_NAME,
    "metrics.csv": expected(("id", "name")),
    "gaps.csv": expected(("forum-id", "forum-name")),
    "gaps.xlsx": expected(("forum-id", "forum-name")),
    "gaps.json": expected(("forum-id", "forum-name")),
    "compare.xlsx": PROGRAMME | {kept("eq", "programme"), kept("plus", "wave"),
                                 kept("lv", "name"), kept("lv", "id")},
    "compare.json": PROGRAMME | {kept("eq", "programme"), kept("plus", "wave"),
                                 kept("lv", "name"), kept("lv", "id")},
}
"""Strings each file holds as one whole value (a cell, an attribute, a JSON string)."""


# --- readers ---------------------------------------------------------------------------


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [c for row in csv.reader(fh) for c in row]


def xlsx_cells(path: Path) -> list[tuple[str, Any, str]]:
    """(sheet, value, openpyxl data type) of every cell, formulas left as written."""
    book = openpyxl.load_workbook(path)
    return [(ws.title, c.value, c.data_type) for ws in book for row in ws.iter_rows()
            for c in row if c.value is not None]


def unneutralised(text: str) -> str:
    """The text before the apostrophe rule: ``'=x`` was ``=x``; anything else unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def json_strings(value: Any) -> set[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, dict):
        return set(value).union(*(json_strings(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(json_strings(v) for v in value))
    return {value} if isinstance(value, str) else set()


def xml_strings(path: Path) -> set[str]:
    found: set[str] = set()
    for element in ET.parse(path).iter():
        if element.text:
            found.add(element.text)
        found.update(element.attrib.values())
    return found


def strings_of(path: Path) -> set[str]:
    """Every whole text value a file holds, as a reader recovers it."""
    if path.suffix == ".csv":
        cells = [c for p in sorted(path.parent.glob(f"{path.stem}*.csv")) for c in csv_cells(p)]
        return {unneutralised(c) for c in cells}
    if path.suffix == ".xlsx":
        return {unneutralised(v) for _, v, _ in xlsx_cells(path) if isinstance(v, str)}
    if path.suffix == ".json":
        return json_strings(json.loads(path.read_text(encoding="utf-8")))
    return xml_strings(path)


class Page(HTMLParser):
    """What a browser would build from a page: elements, visible text, script texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.text.extend(v for _, v in attrs if v)
        if tag in ("script", "style"):
            self.open.append(tag)
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "script":
            self.scripts[-1] += data
        elif not self.open:
            self.text.append(data)


_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def page_text(page: Page) -> str:
    """The page's text and attributes, and every JSON string inside its scripts, decoded."""
    decoded = []
    for script in page.scripts:
        for m in _JSON_STRING.finditer(script):
            try:
                decoded.append(json.loads(m.group()))
            except ValueError:
                continue
    return "\n".join([*page.text, *decoded])


# --- the workbook really carries the strings -------------------------------------------


def test_the_hostile_workbook_is_valid_and_keeps_every_string(out: Outputs) -> None:
    from stakeholder_map import load

    smap = load(out.book).map
    assert smap is not None
    a = smap.actor_by_id[kept("img", "id")]
    assert (a.name, a.role, a.region, a.tags, a.notes) == (
        "<img src=x onerror=alert(1)> name", "<img src=x onerror=alert(1)> role",
        "<img src=x onerror=alert(1)> region", ("<img src=x onerror=alert(1)> tags",),
        "<img src=x onerror=alert(1)> notes")
    assert a.extra == {"introduced_by": "<img src=x onerror=alert(1)> actor-extra",
                       ACTOR_EXTRA: "<img src=x onerror=alert(1)> actor-extra2"}
    # the reader strips the tab and the carriage return; the formula character stays
    assert smap.actor_by_id["=TAB id"].name == "=TAB name"
    assert smap.actor_by_id["@CR id"].notes == "@CR notes"
    assert smap.actor_by_id[kept("he", "id")].parent == "@CR id"
    assert smap.programme.name == "<img src=x onerror=alert(1)> programme"
    assert smap.programme.wave == '"><script>alert(1)</script> wave'
    assert smap.sector_by_id["hostile"].name == "@SUM(A1) sector-name"
    assert {g.title for g in smap.agreements} == expected(("title",))
    assert {p.responsibility for g in smap.agreements for p in g.parties} == expected(
        ("responsibility", "responsibility2"))


# --- HTML ------------------------------------------------------------------------------

HTML_CARRIES = {
    "report.html": expected(("name", "title", "forum-name")) | PROGRAMME | SECTOR_NAME,
    "map.html": expected(("name",)) | PROGRAMME | SECTOR_NAME,
    "compare.html": PROGRAMME | {kept("eq", "programme"), kept("plus", "wave"),
                                 kept("lv", "name")},
}


@pytest.mark.parametrize("name", list(HTML_CARRIES))
def test_html_creates_no_element_from_data_and_still_shows_the_text(
        out: Outputs, name: str) -> None:
    raw = out[name].read_text(encoding="utf-8")
    page = Page()
    page.feed(raw)
    page.close()
    injected = [(t, a) for t, a in page.tags
                if (t == "img" and "onerror" in a) or (t == "img" and a.get("src") == "x")]
    assert injected == []
    assert [s for s in page.scripts if "alert(1)" in s and s.strip() == "alert(1)"] == []
    # data inside a script may not close it (the JSON must escape '<')
    assert "alert(1)</script>" not in raw.lower()
    assert not any(a for t, a in page.tags if any(k.startswith("on") and "alert" in (v or "")
                                                   for k, v in a.items()))
    shown = page_text(page)
    missing = sorted(s for s in HTML_CARRIES[name] if s not in shown)
    assert missing == []


# --- CSV and xlsx ----------------------------------------------------------------------

SPREADSHEETS = ["metrics.csv", "gaps.csv", "metrics.xlsx", "gaps.xlsx", "export.xlsx",
                "compare.xlsx"]


@pytest.mark.parametrize("name", SPREADSHEETS)
def test_no_spreadsheet_cell_runs_as_a_formula(out: Outputs, name: str) -> None:
    path = out[name]
    cells: list[tuple[str, Any, str]]
    unsafe: list[Any]
    if path.suffix == ".csv":
        files = sorted(path.parent.glob(f"{path.stem}*.csv"))
        assert len(files) >= (4 if name == "metrics.csv" else 1)
        cells = [("", c, "s") for p in files for c in csv_cells(p)]
        unsafe = [c for _, c, _ in cells if c.startswith(FORMULA_START) and not is_number(c)]
    else:
        cells = xlsx_cells(path)
        assert not [c for c in cells if c[2] == "f"], "a cell is stored as a formula"
        unsafe = [(s, v) for s, v, t in cells if isinstance(v, str)
                  and v.startswith(FORMULA_START)]
        # a number we wrote is stored as a number, never as text that looks like one
        assert all(t == "n" for _, v, t in cells if isinstance(v, (int, float))
                   and not isinstance(v, bool))
    assert unsafe == []
    # and the neutralised text is really there (the matrix is not vacuous)
    assert any(isinstance(v, str) and v.startswith("'=") for _, v, _ in cells)
    assert any(isinstance(v, str) and v.startswith("'+") for _, v, _ in cells)


# --- every file: the text comes back exactly -------------------------------------------


@pytest.mark.parametrize("name", list(CARRIES))
def test_every_string_comes_back_exactly(out: Outputs, name: str) -> None:
    found = strings_of(out[name])
    assert sorted(CARRIES[name] - found) == []


def test_graph_files_round_trip_through_networkx(out: Outputs) -> None:
    """networkx reads the same node ids and names back (an independent GraphML/GEXF parser)."""
    import networkx as nx

    for g in (nx.read_graphml(out["export.graphml"]), nx.read_gexf(out["export.gexf"])):
        assert set(g.nodes) == expected(("id",))
        for k in KEYS:
            data = g.nodes[kept(k, "id")]
            assert data["name"] == kept(k, "name")
            assert data["notes"] == kept(k, "notes")
            assert data[ACTOR_EXTRA] == kept(k, "actor-extra2")
            assert data.get("parent", "") == (kept(KEYS[KEYS.index(k) - 1], "id")
                                              if KEYS.index(k) % 3 == 2 else "")


def test_gap_tables_name_each_subject_and_introducer_by_its_own_name(
        out: Outputs) -> None:
    """An id holding ``|`` (as ``=cmd|' /C calc'!A0 id`` does) is still one actor's id."""
    gaps = json.loads(out["gaps.json"].read_text(encoding="utf-8"))
    names = {kept(k, "id"): kept(k, "name") for k in KEYS}
    names |= {kept(k, "forum-id"): kept(k, "forum-name") for k in KEYS}
    names |= {kept(k, "agreement-id"): kept(k, "title") for k in KEYS}
    checked = 0
    for g in gaps:
        if g["subject"] in names:
            assert g["subject_name"] == names[g["subject"]], g
            checked += 1
        if g["introducer"]:
            assert g["introducer_name"] == names[g["introducer"]], g
            checked += 1
    assert checked >= 20
    eq_id = kept("eq", "id")
    assert any(eq_id in (g["subject"], g["introducer"]) for g in gaps)
