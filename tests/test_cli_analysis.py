"""metrics, gaps and paths from the command line, and what they write."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

from stakeholder_map import load
from stakeholder_map.cli.main import main

from .test_samples import SAMPLES

Sheets = dict[str, list[dict[str, str]]]
KEHILA = str(SAMPLES / "kehila_metiva")
SMOLENSK = str(SAMPLES / "smolensk_volunteers")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_metrics_summary_in_the_terminal() -> None:
    code, out, _ = run("metrics", SMOLENSK)
    assert code == 0
    assert "density" in out and "brokers (top 10 by betweenness)" in out
    assert "АНО «Ради будущего»" in out


def test_metrics_xlsx_has_the_four_sheets(tmp_path: Path) -> None:
    target = tmp_path / "m.xlsx"
    code, out, _ = run("metrics", KEHILA, "-o", str(target))
    assert code == 0, out
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["actors", "network", "sectors", "mixing", "notes"]
    header = [c.value for c in wb["actors"][1]]
    assert {"betweenness", "pagerank", "gatekeeper", "distance_to_backbone"} <= set(header)
    names = [r[header.index("name")] for r in wb["actors"].iter_rows(min_row=2, values_only=True)]
    assert "מיכל לוי" in names


def test_metrics_json_shape_and_values(tmp_path: Path) -> None:
    target = tmp_path / "m.json"
    assert run("metrics", SMOLENSK, "-o", str(target))[0] == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert set(data) >= {"network", "actors", "sectors", "mixing"}
    assert data["network"]["actors"] == len(data["actors"])
    # the JSON's degree equals networkx's degree on a collaboration view we rebuild here
    from stakeholder_map import load
    from stakeholder_map.analysis.views import collaboration_view

    smap = load(SMOLENSK).map
    assert smap is not None
    g = collaboration_view(smap)
    assert {a["actor"]: a["degree"] for a in data["actors"]} == dict(g.degree())
    assert data["network"]["density"] == pytest.approx(nx.density(g))


def test_metrics_csv_writes_the_tables_beside(tmp_path: Path) -> None:
    target = tmp_path / "m.csv"
    code, _, _ = run("metrics", SMOLENSK, "-o", str(target))
    assert code == 0
    for name in ("m.csv", "m.network.csv", "m.sectors.csv", "m.mixing.csv"):
        assert (tmp_path / name).exists(), name
    rows = list(csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8")))
    assert len(rows) == 29


def test_gaps_terminal_and_kind_filter() -> None:
    code, out, _ = run("gaps", SMOLENSK, "--kind", "missing_sector")
    assert code == 0
    assert "missing_sector" in out and "academia" in out
    assert "passive_role_holder" not in out
    code, _, err = run("gaps", SMOLENSK, "--kind", "nonsense")
    assert code == 2 and "unknown gap kind(s): 'nonsense'." in err
    code, _, err = run("gaps", SMOLENSK, "--kind", "pasive_influential", "--kind", "burned")
    assert code == 2 and "'pasive_influential': did you mean 'passive_influential'?" in err


def test_gaps_csv_and_json(tmp_path: Path) -> None:
    assert run("gaps", KEHILA, "-o", str(tmp_path / "g.csv"))[0] == 0
    rows = list(csv.DictReader((tmp_path / "g.csv").open(encoding="utf-8")))
    assert rows and list(rows[0]) == ["kind", "subject", "subject_name", "severity", "evidence",
                                      "suggestion", "introducer", "introducer_name"]
    # names beside ids, so a person can read the table (Hebrew intact)
    kehila = load(KEHILA).map
    assert kehila is not None
    names = {a.id: a.name for a in kehila.actors}
    actor_rows = [r for r in rows if r["subject"] in names]
    assert actor_rows and all(r["subject_name"] == names[r["subject"]] for r in actor_rows)
    introduced = [r for r in rows if r["introducer"]]
    assert introduced and all(r["introducer_name"] == names[r["introducer"]]
                              for r in introduced)
    severities = [float(r["severity"]) for r in rows]
    assert severities == sorted(severities, reverse=True)
    assert run("gaps", KEHILA, "-o", str(tmp_path / "g.json"))[0] == 0
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert len(data) == len(rows) and isinstance(data[0]["evidence"], dict)


def test_formula_like_names_are_neutralised_in_csv_and_xlsx(
        make_book: Callable[..., Path], base_sheets: Sheets, tmp_path: Path) -> None:
    base_sheets["actors"][2]["name"] = "=HYPERLINK(\"http://evil\",\"x\")"
    base_sheets["actors"][3]["name"] = "@SUM(1+1)"
    book = make_book(base_sheets)
    assert run("metrics", str(book), "-o", str(tmp_path / "m.csv"))[0] == 0
    text = (tmp_path / "m.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM" in text
    assert ",=HYPERLINK" not in text
    assert run("metrics", str(book), "-o", str(tmp_path / "m.xlsx"))[0] == 0
    ws = openpyxl.load_workbook(tmp_path / "m.xlsx")["actors"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'=HYPERLINK(\"http://evil\",\"x\")" for c in cells)


def test_paths_prints_the_warm_path() -> None:
    code, out, _ = run("paths", KEHILA, "km-edu-head")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("warm path to מיכל לוי")
    assert "km-backbone" in lines[1] and "km-edu-head" in lines[-2]


def test_paths_unknown_actor_suggests() -> None:
    code, _, err = run("paths", KEHILA, "km-edu-haed")
    assert code == 1 and "did you mean 'km-edu-head'?" in err


def test_analysis_refuses_an_invalid_workbook_unless_told() -> None:
    broken = str(SAMPLES / "broken")
    code, _, err = run("gaps", broken)
    assert code == 1 and "busines" in err and "--skip-invalid" in err
    assert "Traceback" not in err
    code, _, err = run("gaps", broken, "--skip-invalid")
    assert code == 0 and "row(s) left out" in err


def test_large_maps_show_progress(tmp_path: Path) -> None:
    assert run("synth", "--actors", "2500", "--seed", "3", "-o", str(tmp_path / "s"))[0] == 0
    code, _, err = run("metrics", str(tmp_path / "s"), "-o", str(tmp_path / "m.json"))
    assert code == 0
    assert "betweenness…" in err and "brokerage…" in err
