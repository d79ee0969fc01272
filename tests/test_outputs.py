"""Standalone map, evaluator exports and pseudonymised sharing, for every sample programme."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import click
import networkx as nx
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from stakeholder_map import load
from stakeholder_map.analysis.gaps import Gap, find_gaps
from stakeholder_map.analysis.metrics import Metrics, compute_metrics
from stakeholder_map.analysis.views import current_ties
from stakeholder_map.cli.main import main
from stakeholder_map.model import ActorKind, StakeholderMap, TieType
from stakeholder_map.outputs.graph_files import XLSX_SHEETS, export_json, write_export
from stakeholder_map.outputs.pseudonymise import pseudonymise
from stakeholder_map.outputs.standalone_map import standalone_map
from stakeholder_map.outputs.tables import write_gaps, write_metrics

from .test_samples import PROGRAMMES, SAMPLES

Sheets = dict[str, list[dict[str, str]]]
KEHILA = SAMPLES / "kehila_metiva"
KEY = "correct horse battery staple"
FORMULA = '=HYPERLINK("http://x","y")'
ACTOR_FIELDS = ("name", "sector", "kind", "role", "region", "formal_influence",
                "informal_influence", "engagement", "target_engagement", "burned", "tags",
                "notes", "forums", "agreements")


@cache
def analysed(programme: str) -> tuple[StakeholderMap, Metrics, list[Gap]]:
    smap = load(SAMPLES / programme).map
    assert smap is not None
    metrics = compute_metrics(smap)
    return smap, metrics, find_gaps(smap, metrics=metrics)


def cli() -> click.Group:
    """The real command line."""
    return main


def run(*args: object, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli(), [str(a) for a in args],
                                env={"STAKEHOLDER_MAP_KEY": "", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def same(expected: Any, got: Any) -> bool:
    """Equal, floats within tolerance; NaN/NA (an absent attribute) equals None."""
    if expected is None or expected is pd.NA or (isinstance(expected, float)
                                                 and math.isnan(expected)):
        return got is None
    if isinstance(expected, bool) or isinstance(got, bool):
        return bool(expected) == got
    if isinstance(expected, (int, float)):
        return isinstance(got, (int, float)) and bool(
            got == pytest.approx(float(expected), rel=1e-9, abs=1e-12))
    return bool(expected == got)


def file_text(path: Path) -> str:
    """Everything a file says, for .xlsx the text of every part of the zip."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(n).decode("utf-8") for n in z.namelist()
                           if n.endswith(".xml"))
    return path.read_text(encoding="utf-8")


# --- standalone map ------------------------------------------------------------


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_standalone_map_is_one_file_with_every_actor(programme: str, tmp_path: Path) -> None:
    smap, metrics, _ = analysed(programme)
    page = standalone_map(smap, metrics=metrics)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "<script src" not in page and "<link" not in page
    assert "vis.Network" in page and "new vis.DataSet" in page          # vis.js inlined
    assert 'id="sector-filter"' in page
    data = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page)
    assert data is not None
    nodes = json.loads(data.group(1))
    assert [n["id"] for n in nodes] == [a.id for a in smap.actors]
    assert all("x" in n and "y" in n for n in nodes)                 # laid out before
    assert all("title" not in n for n in nodes)    # tooltips are built in the page as DOM nodes
    (tmp_path / "map.html").write_text(page, encoding="utf-8")


def test_standalone_map_escapes_the_title_and_the_legend(make_book: Callable[..., Path],
                                                         base_sheets: Sheets) -> None:
    evil = "<img src=x onerror=alert(1)>"
    base_sheets["actors"][2]["name"] = evil
    base_sheets["programme"][0]["value"] = "</title><script>alert(2)</script>"
    base_sheets["sectors"] = [{"id": "public", "name": "<b>Public</b>"}]
    smap = load(make_book(base_sheets)).map
    assert smap is not None
    page = standalone_map(smap)
    assert "<img" not in page and "<script>alert" not in page and "<b>Public" not in page
    assert "&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "&lt;b&gt;Public&lt;/b&gt;" in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page          # JSON, escaped by tojson


def test_html_command_writes_the_map(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    code, out, err = run("html", KEHILA, "-o", target)
    assert code == 0, err
    assert f"wrote {target}" in out
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, _, err = run("html", KEHILA, "-o", tmp_path / "map.png")
    assert code == 2 and "choose a file ending in .html" in err


# --- GraphML, GEXF, JSON, xlsx ----------------------------------------------------


def check_graph(g: nx.MultiDiGraph, smap: StakeholderMap, metrics: Metrics,
                type_key: str) -> None:
    """Every actor with its fields and metrics; every current tie with its fields."""
    assert sorted(g.nodes) == sorted(a.id for a in smap.actors)
    table = metrics.actors.drop(columns=["id"])
    for a in smap.actors:
        data = g.nodes[a.id]
        assert set(ACTOR_FIELDS) <= set(data), a.id
        assert data["name"] == a.name and data["sector"] == a.sector
        assert data["burned"] is a.burned and data.get("parent") == a.parent
        assert data["tags"] == ";".join(a.tags) and data["notes"] == a.notes
        for column, expected in table.loc[a.id].items():
            assert same(expected, data.get(str(column))), (a.id, column, data.get(str(column)))
    ties = current_ties(smap)
    assert g.number_of_edges() == len(ties)
    rows = {f"tie-{n}": t for n, t in enumerate(smap.ties, start=1)}
    for u, v, key, data in g.edges(keys=True, data=True):
        tie = rows[str(data.get("id", key))]
        assert (u, v) == (tie.source, tie.target)
        assert data[type_key] == tie.type.value and data["directed"] is tie.type.directed
        assert same(tie.weight, data["weight"])
        assert same(tie.trust, data.get("trust")) and same(tie.value, data.get("value"))
        assert data.get("since") == (tie.since.isoformat() if tie.since else None)
        assert data.get("until") == (tie.until.isoformat() if tie.until else None)


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_graphml_loads_back_with_every_attribute_and_metric(programme: str,
                                                            tmp_path: Path) -> None:
    smap, metrics, _ = analysed(programme)
    path = write_export(smap, tmp_path / "map.graphml", metrics=metrics)
    g = nx.read_graphml(path, force_multigraph=True)
    check_graph(g, smap, metrics, "type")
    assert g.graph["programme"] == smap.programme.name
    assert same(metrics.network["density"], g.graph["density"])


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_gexf_loads_back_with_every_attribute_and_metric(programme: str, tmp_path: Path) -> None:
    smap, metrics, _ = analysed(programme)
    path = write_export(smap, tmp_path / "map.gexf", metrics=metrics)
    g = nx.read_gexf(path)                    # a DiGraph when no two ties join the same pair
    assert g.is_directed()
    check_graph(nx.MultiDiGraph(g), smap, metrics, "tie_type")
    assert all(g.nodes[a.id]["label"] == a.name for a in smap.actors)


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_json_is_node_link_data_with_metrics_and_gaps(programme: str, tmp_path: Path) -> None:
    smap, metrics, gaps = analysed(programme)
    path = write_export(smap, tmp_path / "map.json", metrics=metrics, gaps=gaps)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) >= {"nodes", "links", "metrics", "gaps"}
    g = nx.node_link_graph(data, edges="links")
    check_graph(g, smap, metrics, "type")
    assert data["metrics"]["network"]["actors"] == len(smap.actors)
    assert [(x["kind"], x["subject"]) for x in data["gaps"]] == [(x.kind, x.subject)
                                                                 for x in gaps]


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_xlsx_has_one_sheet_per_table(programme: str, tmp_path: Path) -> None:
    smap, metrics, gaps = analysed(programme)
    path = write_export(smap, tmp_path / "map.xlsx", metrics=metrics, gaps=gaps)
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == list(XLSX_SHEETS)
    assert {"actors", "ties", "agreements", "forums", "metrics", "network", "sectors", "mixing",
            "gaps"} <= set(wb.sheetnames)

    def rows(sheet: str) -> list[tuple[Any, ...]]:
        return list(wb[sheet].iter_rows(values_only=True))

    assert len(rows("actors")) == len(smap.actors) + 1
    assert len(rows("ties")) == len(smap.ties) + 1
    assert len(rows("agreements")) == len(smap.agreements) + 1
    assert len(rows("forums")) == len(smap.forums) + 1
    assert len(rows("gaps")) == len(gaps) + 1
    head, *body = rows("metrics")
    assert len(body) == len(smap.actors)
    for column in ("betweenness", "pagerank", "degree", "formal_influence"):
        values = [r[head.index(column)] for r in body]
        assert all(isinstance(v, (int, float)) for v in values), column   # numbers stay numbers
    betweenness = [r[head.index("betweenness")] for r in body]
    assert betweenness == pytest.approx(list(metrics.actors["betweenness"]))
    network = {r[0]: r[1] if len(r) > 1 else None for r in rows("network")[1:]}
    assert network["actors"] == len(smap.actors)


def test_export_command_writes_each_format(tmp_path: Path) -> None:
    for suffix in (".graphml", ".gexf", ".json", ".xlsx"):
        target = tmp_path / f"kehila{suffix}"
        code, out, err = run("export", KEHILA, "-o", target)
        assert code == 0, err
        assert target.exists() and f"wrote {target}" in out
    code, _, err = run("export", KEHILA, "-o", tmp_path / "kehila.csv")
    assert code == 2 and "choose a file ending in .graphml" in err


def test_formula_like_names_are_neutralised_in_xlsx_and_csv(
        make_book: Callable[..., Path], base_sheets: Sheets, tmp_path: Path) -> None:
    base_sheets["actors"][2]["name"] = FORMULA
    smap = load(make_book(base_sheets)).map
    assert smap is not None
    metrics = compute_metrics(smap)
    gaps = find_gaps(smap, metrics=metrics)
    book = openpyxl.load_workbook(write_export(smap, tmp_path / "e.xlsx", metrics=metrics))
    for sheet in ("actors", "metrics"):
        head, *body = book[sheet].iter_rows(values_only=True)
        names = [row[head.index("name")] for row in body]
        assert "'" + FORMULA in names, sheet
        assert FORMULA not in names
    assert all(not (isinstance(c.value, str) and c.value.startswith("="))
               for ws in book for row in ws.iter_rows() for c in row)
    written = write_metrics(metrics, tmp_path / "m.csv")
    with written[0].open(encoding="utf-8") as fh:
        names = [r["name"] for r in csv.DictReader(fh)]
    assert "'" + FORMULA in names and FORMULA not in names
    write_gaps(gaps, tmp_path / "g.csv")
    with (tmp_path / "g.csv").open(encoding="utf-8") as fh:
        cells = [c for r in csv.reader(fh) for c in r]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


# --- pseudonymised sharing -------------------------------------------------------


def secrets_of(smap: StakeholderMap) -> list[str]:
    """People's names, ids and roles, and every note — unless an organisation shows the same text.

    (A tie note "„Erasmus skolās“" is also the project an organisation's role names.)
    """
    shown = " ".join(f"{a.name} {a.role} {';'.join(a.tags)} {a.region}" for a in smap.actors
                     if a.kind is not ActorKind.PERSON)
    out = []
    for a in smap.actors:
        if a.kind is ActorKind.PERSON:
            out += [a.name, a.id, a.role]
        out.append(a.notes)
    out += [t.notes for t in smap.ties]
    return [s for s in out if len(s) > 3 and s not in shown]


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_pseudonymised_exports_name_nobody(programme: str, tmp_path: Path) -> None:
    smap, _, _ = analysed(programme)
    shared = pseudonymise(smap, KEY)
    metrics = compute_metrics(shared)
    for suffix in (".graphml", ".gexf", ".json", ".xlsx"):
        path = write_export(shared, tmp_path / f"shared{suffix}", metrics=metrics)
        text = file_text(path)
        leaked = [s for s in secrets_of(smap) if s in text]
        assert leaked == [], (suffix, leaked[:3])
        assert not re.search(r"\btension\b", text), suffix   # degree_tension is a column
    g = nx.read_graphml(tmp_path / "shared.graphml", force_multigraph=True)
    assert not any(d["burned"] for _, d in g.nodes(data=True))
    assert not any(d["type"] == "tension" for _, _, d in g.edges(data=True))


def test_kehila_has_people_tension_and_burned_to_hide() -> None:
    smap, _, _ = analysed("kehila_metiva")
    assert sum(a.kind is ActorKind.PERSON for a in smap.actors) >= 10
    assert any(t.type is TieType.TENSION for t in smap.ties)
    assert any(a.burned for a in smap.actors)
    assert any(a.notes for a in smap.actors if a.kind is ActorKind.PERSON)


def test_same_key_same_pseudonyms_across_runs_and_waves(tmp_path: Path) -> None:
    smap, _, _ = analysed("kehila_metiva")
    first, second = pseudonymise(smap, KEY), pseudonymise(smap, KEY)
    assert first == second
    copy = shutil.copytree(KEHILA, tmp_path / "wave2")          # the next wave: one newcomer
    with (copy / "actors.csv").open("a", encoding="utf-8") as fh:
        fh.write("km-newcomer,נועה לוי,community,person,,,,1,2,passive,,,,\n")
    wave2 = load(copy).map
    assert wave2 is not None and len(wave2.actors) == len(smap.actors) + 1
    later = pseudonymise(wave2, KEY)
    assert [a.id for a in later.actors][:-1] == [a.id for a in first.actors]
    assert [a.name for a in later.actors][:-1] == [a.name for a in first.actors]
    other = pseudonymise(smap, "another correct horse battery staple")
    people = [i for i, a in enumerate(smap.actors) if a.kind is ActorKind.PERSON]
    assert all(other.actors[i].id != first.actors[i].id for i in people)
    assert all(other.actors[i].name != first.actors[i].name for i in people)
    organisations = [i for i, a in enumerate(smap.actors) if a.kind is not ActorKind.PERSON]
    assert all(first.actors[i].id == smap.actors[i].id for i in organisations)
    everyone = pseudonymise(smap, KEY, everyone=True)
    assert not {a.id for a in everyone.actors} & {a.id for a in smap.actors}
    assert all(a.name.startswith(("Person ", "Org ", "Unit ", "Group ")) for a in everyone.actors)


def test_references_follow_the_pseudonyms() -> None:
    smap, _, _ = analysed("kehila_metiva")
    shared = pseudonymise(smap, KEY, everyone=True, keep_sensitive=True)
    ids = {a.id for a in shared.actors}
    assert all(t.source in ids and t.target in ids for t in shared.ties)
    assert all(a.parent in ids for a in shared.actors if a.parent)
    assert all(p.actor in ids for g in shared.agreements for p in g.parties)
    assert all(m.actor in ids for f in shared.forums for m in f.members)
    assert shared.programme.backbone in ids
    assert len(shared.ties) == len(smap.ties)
    assert [a.burned for a in shared.actors] == [a.burned for a in smap.actors]
    assert not any(a.notes or a.role or a.tags or a.extra for a in shared.actors)
    with pytest.raises(ValueError, match="key is empty"):
        pseudonymise(smap, "")


@pytest.mark.parametrize("programme", PROGRAMMES)
@pytest.mark.parametrize("keep_sensitive", [True, False])
def test_network_metrics_do_not_change(programme: str, keep_sensitive: bool) -> None:
    smap, metrics, _ = analysed(programme)
    shared = pseudonymise(smap, KEY, everyone=True, keep_sensitive=keep_sensitive)
    renamed = dict(zip([a.id for a in smap.actors], [a.id for a in shared.actors], strict=True))
    got = compute_metrics(shared)
    # tension ties are left out, influence ratings banded
    skip = set() if keep_sensitive else {"degree_tension", "formal_influence",
                                         "informal_influence"}
    columns = [c for c in metrics.actors.columns if c not in ("id", "name", *skip)]
    expected = metrics.actors[columns].rename(index=renamed)
    pd.testing.assert_frame_equal(got.actors[columns], expected, check_exact=False, rtol=1e-9)
    network = dict(metrics.network)
    if not keep_sensitive:
        network["ties"] = len([t for t in current_ties(smap) if t.type is not TieType.TENSION])
    assert got.network == pytest.approx(network, nan_ok=True)
    pd.testing.assert_frame_equal(got.sectors, metrics.sectors)
    pd.testing.assert_frame_equal(got.mixing, metrics.mixing)


def test_cli_refuses_to_pseudonymise_without_a_key(tmp_path: Path) -> None:
    for command in ("export", "metrics", "gaps"):
        code, _, err = run(command, KEHILA, "--pseudonymise", "-o", tmp_path / "x.xlsx")
        assert code == 2, command
        assert "--pseudonymise needs a key: pass --key KEY or set STAKEHOLDER_MAP_KEY" in err
    code, _, err = run("export", KEHILA, "--key", KEY, "-o", tmp_path / "x.xlsx")
    assert code == 2 and "only act with --pseudonymise" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_pseudonymises_export_metrics_and_gaps(tmp_path: Path) -> None:
    smap, _, _ = analysed("kehila_metiva")
    secrets = secrets_of(smap)
    outputs = [("export", "e.gexf"), ("export", "e.xlsx"), ("metrics", "m.xlsx"),
               ("metrics", "m.json"), ("gaps", "g.csv"), ("gaps", "g.json")]
    for command, name in outputs:
        code, _, err = run(command, KEHILA, "--pseudonymise", "-o", tmp_path / name,
                           env={"STAKEHOLDER_MAP_KEY": KEY})
        assert code == 0, err
        assert "pseudonymised 22 people" in err
        text = file_text(tmp_path / name)
        assert [s for s in secrets if s in text] == [], (command, name)
    code, _, err = run("export", KEHILA, "--pseudonymise", "--key", KEY, "-o",
                       tmp_path / "same.gexf")
    assert code == 0, err
    assert sorted(nx.read_gexf(tmp_path / "same.gexf")) == sorted(nx.read_gexf(tmp_path / "e.gexf"))
    code, out, _ = run("metrics", KEHILA, "--pseudonymise-all", "--key", KEY)
    assert code == 0 and "Org " in out and not any(a.name in out for a in smap.actors)
    code, out, _ = run("gaps", KEHILA, "--pseudonymise", "--keep-sensitive", "--key", KEY)
    assert code == 0 and "sensitive_relationship" in out and "burned" in out
    assert not any(a.name in out for a in smap.actors if a.kind is ActorKind.PERSON)


def test_export_json_of_a_pseudonymised_map_keeps_metrics_identical() -> None:
    smap, metrics, _ = analysed("kehila_metiva")
    shared = pseudonymise(smap, KEY, keep_sensitive=True)
    data = export_json(shared)
    assert data["metrics"]["network"] == pytest.approx(
        json.loads(json.dumps(export_json(smap, metrics)["metrics"]["network"])))
