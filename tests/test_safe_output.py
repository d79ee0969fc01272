"""No CSV or xlsx cell this tool writes runs as a formula, whatever the user typed.

A spreadsheet evaluates a cell whose text starts with ``=``, ``+``, ``-`` or ``@``, and
(OWASP, "CSV injection") one starting with a tab or a carriage return; each such text gets
a leading apostrophe. Every prefix is tested on every CSV and xlsx output: metrics (CSV
and xlsx), gaps (CSV and xlsx), the graph export's xlsx and the comparison's xlsx. Numbers
stay numbers, JSON keeps the text exactly, and text that starts otherwise is untouched.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from stakeholder_map.analysis.gaps import Gap, find_gaps
from stakeholder_map.analysis.metrics import compute_metrics
from stakeholder_map.cli.compare import write_comparison
from stakeholder_map.errors import UnsupportedFormat
from stakeholder_map.model import (
    Actor,
    Agreement,
    AgreementParty,
    Engagement,
    Programme,
    StakeholderMap,
    Tie,
    TieType,
)
from stakeholder_map.outputs.graph_files import write_export
from stakeholder_map.outputs.tables import (
    gaps_frame,
    json_safe,
    metrics_json,
    safe_cell,
    safe_frame,
    write_gaps,
    write_metrics,
    write_xlsx,
)
from stakeholder_map.waves.compare import compare

PREFIXES = [
    pytest.param("=", id="equals"), pytest.param("+", id="plus"),
    pytest.param("-", id="minus"), pytest.param("@", id="at"),
    pytest.param("\t", id="tab"), pytest.param("\r", id="carriage-return"),
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def hostile_map(p: str, *, newcomer: bool = False) -> StakeholderMap:
    """A map whose actor ids and names, user column and programme name start with ``p``."""
    bad_id, bad_name = f"{p}x", f"{p}cmd|' /C calc'!A0"
    actors = [
        Actor("bb", "Backbone", "civil_society", engagement=Engagement.LEADING,
              formal_influence=4),
        Actor(bad_id, bad_name, "public", engagement=Engagement.PASSIVE, formal_influence=5,
              role=f"{p}role", extra={f"{p}column": f"{p}value"}),
        Actor("biz", "Bank", "business", engagement=Engagement.ACTIVE),
    ]
    if newcomer:
        actors.append(Actor(f"{p}new", f"{p}Newcomer", "academia"))
    ties = [Tie("bb", bad_id, TieType.COLLABORATION, 2, notes=f"{p}note"),
            Tie("bb", "biz", TieType.COMMUNICATION)]
    agreement = Agreement("mou", f"{p}MoU", parties=(AgreementParty("bb", "lead"),
                                                      AgreementParty(bad_id, "")))
    return StakeholderMap(tuple(actors), tuple(ties), (agreement,), (),
                          Programme(f"{p}Programme", "bb", dt.date(2025, 6, 30)))


def text_cells_of_csv(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [c for row in csv.reader(fh) for c in row]


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_safe_csv(path: Path, p: str) -> list[str]:
    """No text cell starts with a formula prefix; the hostile texts arrive, neutralised."""
    cells = text_cells_of_csv(path)
    risky = [c for c in cells if c.startswith(DANGEROUS) and not is_number(c)]
    assert risky == [], (path.name, risky[:5])
    return cells


def assert_safe_xlsx(path: Path) -> list[Any]:
    """No cell is a formula, no text cell starts with a formula prefix."""
    book = openpyxl.load_workbook(path)
    values = []
    for ws in book:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                assert not (isinstance(c.value, str) and c.value.startswith(DANGEROUS)), (
                    ws.title, c.coordinate, c.value)
                values.append(c.value)
    return values


# --- the cell and the frame ----------------------------------------------------------------


@pytest.mark.parametrize("p", PREFIXES)
def test_safe_cell_neutralises_every_prefix(p: str) -> None:
    assert safe_cell(f"{p}1+1") == f"'{p}1+1"
    assert safe_cell(p) == f"'{p}"


@pytest.mark.parametrize("value", [
    "", "a=b", "1+1", " =x", "'=already", "Ąžuolas", "\n=x", 3, -3, -0.5, math.inf, None,
    True, np.float64(-1.5), dt.date(2025, 1, 1)])
def test_safe_cell_leaves_everything_else_alone(value: object) -> None:
    assert safe_cell(value) is value


@pytest.mark.parametrize("p", PREFIXES)
def test_safe_frame_neutralises_cells_column_names_and_the_index(p: str) -> None:
    frame = pd.DataFrame({f"{p}col": [f"{p}a", "b"], "n": [-1, 2]},
                         index=pd.Index([f"{p}i", "j"], name="who"))
    frame["s"] = pd.array([f"{p}s", None], dtype="string")
    safe = safe_frame(frame)
    assert list(safe.columns) == [f"'{p}col", "n", "s"]
    assert safe.iloc[:, 0].tolist() == [f"'{p}a", "b"]
    assert safe["s"].tolist()[0] == f"'{p}s"
    assert safe["n"].tolist() == [-1, 2] and safe["n"].dtype == frame["n"].dtype
    assert safe.index.tolist() == [f"'{p}i", "j"]
    # the frame given is not changed
    assert frame.iloc[0, 0] == f"{p}a" and frame.index[0] == f"{p}i"
    assert frame.columns[0] == f"{p}col"


def test_safe_frame_leaves_a_numeric_index_alone() -> None:
    frame = pd.DataFrame({"a": ["=x"]}, index=pd.Index([-1]))
    assert safe_frame(frame).index.tolist() == [-1]


@pytest.mark.parametrize("p", PREFIXES)
def test_write_xlsx_stores_text_as_text_and_numbers_as_numbers(p: str, tmp_path: Path) -> None:
    frame = pd.DataFrame({f"{p}head": [f"{p}SUM(A1)", "plain"], "n": [-2.5, 3],
                          "nan": [math.nan, 1.0], "list": [[f"{p}x"], {"k": f"{p}v"}]})
    path = tmp_path / "t.xlsx"
    write_xlsx({"a sheet name longer than thirty-one characters": frame}, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["a sheet name longer than thirty"]      # Excel's limit: 31
    rows = list(book.active.iter_rows(values_only=True))
    assert rows == [
        (f"'{p}head", "n", "nan", "list"),
        (f"'{p}SUM(A1)", -2.5, None, json.dumps([f"{p}x"])),
        ("plain", 3, 1, json.dumps({"k": f"{p}v"})),
    ]
    assert_safe_xlsx(path)


# --- every output ------------------------------------------------------------------------------


@pytest.mark.parametrize("p", PREFIXES)
def test_metrics_csv_is_safe(p: str, tmp_path: Path) -> None:
    smap = hostile_map(p)
    written = write_metrics(compute_metrics(smap), tmp_path / "m.csv")
    assert [w.name for w in written][:4] == ["m.csv", "m.network.csv", "m.sectors.csv",
                                             "m.mixing.csv"]
    cells = assert_safe_csv(written[0], p)
    assert f"'{p}cmd|' /C calc'!A0" in cells and f"'{p}x" in cells
    for extra in written[1:]:
        assert_safe_csv(extra, p)


@pytest.mark.parametrize("p", PREFIXES)
def test_metrics_xlsx_is_safe(p: str, tmp_path: Path) -> None:
    smap = hostile_map(p)
    path = tmp_path / "m.xlsx"
    assert write_metrics(compute_metrics(smap), path) == [path]
    values = assert_safe_xlsx(path)
    assert f"'{p}cmd|' /C calc'!A0" in values
    assert {"actors", "network", "sectors", "mixing"} <= set(openpyxl.load_workbook(path)
                                                            .sheetnames)


@pytest.mark.parametrize("p", PREFIXES)
def test_gaps_csv_and_xlsx_are_safe(p: str, tmp_path: Path) -> None:
    smap = hostile_map(p)
    gaps = find_gaps(smap)
    assert any(g.subject == f"{p}x" for g in gaps)
    assert write_gaps(gaps, tmp_path / "g.csv", smap) == tmp_path / "g.csv"
    cells = assert_safe_csv(tmp_path / "g.csv", p)
    assert f"'{p}x" in cells and f"'{p}cmd|' /C calc'!A0" in cells
    write_gaps(gaps, tmp_path / "bare.csv")              # without the map: ids only
    assert f"'{p}x" in assert_safe_csv(tmp_path / "bare.csv", p)
    write_gaps(gaps, tmp_path / "g.xlsx", smap)
    values = assert_safe_xlsx(tmp_path / "g.xlsx")
    assert f"'{p}x" in values and f"'{p}cmd|' /C calc'!A0" in values


@pytest.mark.parametrize("p", PREFIXES)
def test_graph_export_xlsx_is_safe(p: str, tmp_path: Path) -> None:
    smap = hostile_map(p)
    path = write_export(smap, tmp_path / "e.xlsx")
    values = assert_safe_xlsx(path)
    for text in (f"{p}x", f"{p}cmd|' /C calc'!A0", f"{p}role", f"{p}column", f"{p}value",
                 f"{p}note", f"{p}MoU"):
        assert "'" + text in values, repr(text)


@pytest.mark.parametrize("p", PREFIXES)
def test_comparison_xlsx_is_safe(p: str, tmp_path: Path) -> None:
    result = compare(hostile_map(p), hostile_map(p, newcomer=True))
    path = write_comparison(result, tmp_path / "c.xlsx")
    values = assert_safe_xlsx(path)
    assert f"'{p}Newcomer" in values and f"'{p}Programme" in values


@pytest.mark.parametrize("p", PREFIXES)
def test_json_keeps_the_text_exactly(p: str, tmp_path: Path) -> None:
    smap = hostile_map(p)
    metrics = compute_metrics(smap)
    write_metrics(metrics, tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert f"{p}cmd|' /C calc'!A0" in [a["name"] for a in data["actors"]]
    write_gaps(find_gaps(smap, metrics=metrics), tmp_path / "g.json", smap)
    records = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert f"{p}x" in [r["subject"] for r in records]
    assert f"{p}cmd|' /C calc'!A0" in [r["subject_name"] for r in records]


# --- the tables' shapes ---------------------------------------------------------------------------


def small_gaps() -> tuple[StakeholderMap, list[Gap]]:
    smap = hostile_map("=")
    gaps = [Gap("isolate", "biz", 0.5, {"n": math.nan, "k": [np.int64(2)]}, "Do it.", "bb"),
            Gap("missing_sector", "philanthropy", 1.0, {}, "Find one.")]
    return smap, gaps


def test_gaps_frame_puts_names_beside_ids() -> None:
    smap, gaps = small_gaps()
    frame = gaps_frame(gaps, smap)
    assert list(frame.columns) == ["kind", "subject", "subject_name", "severity", "evidence",
                                   "suggestion", "introducer", "introducer_name"]
    assert frame.to_dict(orient="records") == [
        {"kind": "isolate", "subject": "biz", "subject_name": "Bank", "severity": 0.5,
         "evidence": '{"n": null, "k": [2]}', "suggestion": "Do it.", "introducer": "bb",
         "introducer_name": "Backbone"},
        {"kind": "missing_sector", "subject": "philanthropy", "subject_name": "Philanthropy",
         "severity": 1.0, "evidence": "{}", "suggestion": "Find one.", "introducer": "",
         "introducer_name": ""}]
    bare = gaps_frame(gaps)
    assert list(bare.columns) == ["kind", "subject", "severity", "evidence", "suggestion",
                                  "introducer"]


def test_gaps_json_has_names_and_is_indented(tmp_path: Path) -> None:
    smap, gaps = small_gaps()
    path = write_gaps(gaps, tmp_path / "g.json", smap)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('[\n  {\n    "kind": "isolate",')
    assert json.loads(text) == [
        {"kind": "isolate", "subject": "biz", "severity": 0.5,
         "evidence": {"n": None, "k": [2]}, "suggestion": "Do it.", "introducer": "bb",
         "subject_name": "Bank", "introducer_name": "Backbone"},
        {"kind": "missing_sector", "subject": "philanthropy", "severity": 1.0, "evidence": {},
         "suggestion": "Find one.", "introducer": "", "subject_name": "Philanthropy",
         "introducer_name": ""}]
    write_gaps(gaps, tmp_path / "bare.json")
    assert "subject_name" not in json.loads((tmp_path / "bare.json").read_text())[0]


def test_gaps_csv_and_xlsx_rows(tmp_path: Path) -> None:
    smap, gaps = small_gaps()
    write_gaps(gaps, tmp_path / "g.csv", smap)
    with (tmp_path / "g.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["kind"], r["subject_name"], r["introducer_name"]) for r in rows] == [
        ("isolate", "Bank", "Backbone"), ("missing_sector", "Philanthropy", "")]
    write_gaps(gaps, tmp_path / "g.xlsx", smap)
    book = openpyxl.load_workbook(tmp_path / "g.xlsx")
    assert book.sheetnames == ["gaps"]
    head, first, _ = book["gaps"].iter_rows(values_only=True)
    assert dict(zip(head, first, strict=True))["severity"] == 0.5


@pytest.mark.parametrize(("name", "writer", "allowed"), [
    ("g.txt", "gaps", ".csv, .json, .xlsx"), ("m.parquet", "metrics", ".xlsx, .json, .csv"),
    ("noext", "gaps", ".csv, .json, .xlsx")])
def test_an_unknown_suffix_is_refused_with_the_choices(name: str, writer: str, allowed: str,
                                                       tmp_path: Path) -> None:
    smap, gaps = small_gaps()
    with pytest.raises(UnsupportedFormat) as error:
        if writer == "gaps":
            write_gaps(gaps, tmp_path / name)
        else:
            write_metrics(compute_metrics(smap), tmp_path / name)
    message = str(error.value)
    assert message.startswith(f"{name}: {writer} cannot be written as ")
    assert message.endswith(f"; choose a file ending in {allowed}")
    assert not (tmp_path / name).exists()


def test_suffixes_are_matched_whatever_their_case(tmp_path: Path) -> None:
    smap, gaps = small_gaps()
    write_gaps(gaps, tmp_path / "G.CSV")
    assert (tmp_path / "G.CSV").read_text(encoding="utf-8").startswith("kind,subject,")
    assert write_metrics(compute_metrics(smap), str(tmp_path / "M.JSON")) == [
        tmp_path / "M.JSON"]


def test_metrics_json_holds_every_table(tmp_path: Path) -> None:
    smap = hostile_map("@")
    metrics = compute_metrics(smap)
    data = metrics_json(metrics)
    assert data["network"]["actors"] == 3 and data["network"]["ties"] == 2
    assert [a["actor"] for a in data["actors"]] == ["bb", "@x", "biz"]
    assert "id" not in data["actors"][0]
    assert [s["sector"] for s in data["sectors"]][:2] == ["public", "business"]
    # one edge: the tie and the two parties' co-party link are one pair, weights summed
    assert data["mixing"]["civil_society"]["public"] == 1
    assert data["mixing"]["civil_society"]["business"] == 1
    assert "notes" in data
    path = tmp_path / "m.json"
    write_metrics(metrics, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "network": {\n')

    def no_constant(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    assert json.loads(text, parse_constant=no_constant)["network"] == json.loads(
        json.dumps(json_safe(metrics.network)))


def test_metrics_csv_side_tables(tmp_path: Path) -> None:
    metrics = compute_metrics(hostile_map("+"))
    written = write_metrics(metrics, tmp_path / "m.csv")
    with written[1].open(encoding="utf-8") as fh:
        network = {r["metric"]: r["value"] for r in csv.DictReader(fh)}
    assert network["actors"] == "3" and network["ties"] == "2"
    with written[2].open(encoding="utf-8") as fh:
        assert next(csv.reader(fh))[:2] == ["sector", "name"]
    with written[3].open(encoding="utf-8") as fh:
        assert next(csv.reader(fh))[0] == "sector"
    with written[0].open(encoding="utf-8") as fh:
        first = next(csv.DictReader(fh))
    assert first["name"] == "Backbone" and "id" in first


@pytest.mark.parametrize(("value", "expected"), [
    (math.nan, None), (pd.NA, None), (np.int64(3), 3), (np.float64(0.5), 0.5),
    (np.float64("nan"), None), (np.bool_(True), True), ("x", "x"), (None, None),
    ({1: [np.int64(1), math.nan]}, {"1": [1, None]}), ((math.nan, 2), [None, 2]),
])
def test_json_safe(value: object, expected: object) -> None:
    got = json_safe(value)
    assert got == expected
    assert type(got) is type(expected)


# --- what a spreadsheet or a reader gets, beyond formulas ------------------------------------


def test_mixed_text_and_number_cells_and_index_are_made_safe_too() -> None:
    # an object column (or index) that is not all text is still scanned
    frame = pd.DataFrame({"mixed": ["=x", 1]}, index=pd.Index(["@i", 2], dtype=object))
    safe = safe_frame(frame)
    assert safe["mixed"].tolist() == ["'=x", 1]
    assert safe.index.tolist() == ["'@i", 2]


def test_metrics_tables_and_notes_in_every_format(tmp_path: Path) -> None:
    from stakeholder_map.analysis.conventions import NOTE_COLUMNS

    metrics = compute_metrics(hostile_map("-"))
    notes = len(metrics.conventions())
    assert notes > 10
    written = write_metrics(metrics, tmp_path / "m.csv")
    assert written[4].name == "m.notes.csv"
    with written[4].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == NOTE_COLUMNS and len(rows) == notes + 1
    with written[0].open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:2] == ["id", "name"] and "actor" not in header    # the index is not a column
    write_metrics(metrics, tmp_path / "m.xlsx")
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert book.sheetnames == ["actors", "network", "sectors", "mixing", "notes"]
    assert next(book["actors"].iter_rows(values_only=True))[:2] == ("id", "name")
    assert book["notes"].max_row == notes + 1
    data = metrics_json(metrics)
    assert len(data["notes"]) == notes and set(data["notes"][0]) == set(NOTE_COLUMNS)
    assert all(" is null" in w for w in data["warnings"])  # not sampled; why values are null


def test_metrics_json_of_an_actor_table_without_ids() -> None:
    from stakeholder_map.analysis.metrics import Metrics

    metrics = Metrics(pd.DataFrame({"name": ["A"]}, index=pd.Index(["a"], name="actor")),
                      {"actors": 1}, pd.DataFrame(index=pd.Index([], name="sector")),
                      pd.DataFrame(), notes=["estimated"])
    data = metrics_json(metrics)
    assert data["actors"] == [{"actor": "a", "name": "A"}]
    assert data["mixing"] == {} and data["warnings"] == ["estimated"]


def test_text_is_written_as_it_is_not_escaped(tmp_path: Path) -> None:
    # JSON files and JSON cells keep non-ASCII letters readable (no \\u escapes)
    smap = StakeholderMap((Actor("bb", "Ąžuolų centras", "civil_society",
                                 engagement=Engagement.LEADING),
                           Actor("x", "Šiaulių bendruomenė", "community")),
                          (Tie("bb", "x", TieType.COLLABORATION),),
                          programme=Programme("P", "bb", dt.date(2025, 6, 30)))
    metrics = compute_metrics(smap)
    gaps = [Gap("isolate", "x", 0.5, {"who": "Šiaulių", "list": ["Ąž"]}, "Ž.", "bb")]
    write_metrics(metrics, tmp_path / "m.json")
    assert "Ąžuolų centras" in (tmp_path / "m.json").read_text(encoding="utf-8")
    write_gaps(gaps, tmp_path / "g.json", smap)
    assert '"who": "Šiaulių"' in (tmp_path / "g.json").read_text(encoding="utf-8")
    assert gaps_frame(gaps)["evidence"][0] == '{"who": "Šiaulių", "list": ["Ąž"]}'
    write_gaps(gaps, tmp_path / "g.csv")
    assert '"{""who"": ""Šiaulių""' in (tmp_path / "g.csv").read_text(encoding="utf-8")
    frame = pd.DataFrame({"cell": [["Ąž"]]})
    write_xlsx({"t": frame}, tmp_path / "t.xlsx")
    assert openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]["A2"].value == '["Ąž"]'


def test_no_gaps_still_give_the_columns(tmp_path: Path) -> None:
    assert list(gaps_frame([]).columns) == ["kind", "subject", "severity", "evidence",
                                            "suggestion", "introducer"]
    write_gaps([], tmp_path / "g.csv")
    assert (tmp_path / "g.csv").read_bytes() == (
        b"kind,subject,severity,evidence,suggestion,introducer\r\n")
    write_gaps([], tmp_path / "g.json")
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == "[]"


def write_all(out: Path) -> None:
    """Metrics and gaps, as JSON and CSV, of a map whose one actor has a Lithuanian name."""
    smap = StakeholderMap((Actor("bb", "\u0104\u017euol\u0173 centras", "civil_society",
                                 engagement=Engagement.LEADING),),
                          programme=Programme("P", "bb", dt.date(2025, 6, 30)))
    metrics = compute_metrics(smap)
    write_metrics(metrics, out / "m.json")
    write_metrics(metrics, out / "m.csv")
    gaps = [Gap("isolate", "bb", 0.5, {}, smap.actors[0].name + " works with nobody.")]
    write_gaps(gaps, out / "g.json", smap)
    write_gaps(gaps, out / "g.csv", smap)


def test_files_are_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """Written under an ASCII locale (as on a machine set to C, or cp1252 on Windows),
    the files hold the same UTF-8 bytes as here, not an encoding error."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "LC_ALL": "C",
           "LANG": "C"}
    ascii_locale, here = tmp_path / "ascii", tmp_path / "here"
    ascii_locale.mkdir()
    here.mkdir()
    script = ("import sys; from pathlib import Path; "
              "from tests.test_safe_output import write_all; write_all(Path(sys.argv[1]))")
    done = subprocess.run([sys.executable, "-c", script, str(ascii_locale)], env=env,
                          cwd=Path(__file__).parent.parent, capture_output=True, text=True,
                          encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    write_all(here)
    name = "Ąžuolų centras".encode()
    for file in ("m.json", "m.csv", "g.json", "g.csv"):
        assert name in (ascii_locale / file).read_bytes(), file
        assert (ascii_locale / file).read_bytes() == (here / file).read_bytes(), file
