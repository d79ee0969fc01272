"""The conventions an evaluator cites: average path length, weighted structural holes, notes.

Expected values come from hand-worked examples, python-igraph and networkx.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import random
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

from stakeholder_map import StakeholderMap, load
from stakeholder_map.analysis import centrality as c
from stakeholder_map.analysis import structural_holes as holes
from stakeholder_map.analysis.conventions import NOTE_COLUMNS, PLAIN_DATA, conventions_for
from stakeholder_map.analysis.metrics import ACTOR_COLUMNS, NETWORK_KEYS, compute_metrics
from stakeholder_map.analysis.thresholds import Thresholds
from stakeholder_map.analysis.views import build_views
from stakeholder_map.cli.main import main
from stakeholder_map.outputs.tables import write_metrics

from .test_gaps import actor, tie
from .test_samples import SAMPLES

TOL = 1e-9
KEHILA = SAMPLES / "kehila_metiva"


def _load(path: Path) -> StakeholderMap:
    smap = load(path).map
    assert smap is not None
    return smap


def _map_of(g: nx.Graph) -> StakeholderMap:
    """A map whose collaboration view is ``g`` (nodes named a0, a1, …)."""
    actors = [actor(f"a{n}") for n in g]
    ties = [tie(f"a{u}", f"a{v}") for u, v in g.edges()]
    return StakeholderMap(tuple(actors), tuple(ties))


def _reachable_pairs_mean(g: nx.Graph) -> float:
    """Mean over ordered pairs of distinct nodes that reach each other, from networkx."""
    total = pairs = 0
    for u, lengths in nx.all_pairs_shortest_path_length(g):
        for v, d in lengths.items():
            if u != v:
                total += d
                pairs += 1
    return total / pairs if pairs else math.nan


def _igraph_mean(g: nx.Graph) -> float:
    converted, _ = c.to_igraph(g, weight=None)
    return float(converted.average_path_length(directed=False, unconn=True))


def _apl_graphs() -> dict[str, nx.Graph]:
    two_equal = nx.path_graph(3)                      # 0-1-2: distances 1, 1, 2
    two_equal.add_edges_from([(3, 4), (4, 5), (3, 5)])  # a triangle, also 3 actors
    with_isolates = nx.path_graph(4)
    with_isolates.add_nodes_from([10, 11])
    single = nx.Graph([(0, 1)])
    single.add_node(2)
    pieces = nx.gnm_random_graph(80, 70, seed=11)    # many pieces of several sizes
    return {"two equally large components": two_equal, "isolates": with_isolates,
            "a single tie": single, "many pieces": pieces, "karate": nx.karate_club_graph()}


@pytest.mark.parametrize("name", list(_apl_graphs()))
def test_average_path_length_equals_igraph_and_networkx(name: str) -> None:
    g = _apl_graphs()[name]
    expected = _reachable_pairs_mean(g)
    assert _igraph_mean(g) == pytest.approx(expected, abs=TOL)
    assert c.average_path_length(g) == pytest.approx(expected, abs=TOL)
    met = compute_metrics(_map_of(g))
    assert met.network["average_path_length"] == pytest.approx(expected, abs=TOL)


def test_average_path_length_of_two_equal_components_by_hand() -> None:
    # path a-b-c: ordered distances 1,1,2 twice = 8 over 6 pairs; triangle: 6 pairs of 1.
    # (8 + 6) / 12 = 7/6, whichever piece comes first in the workbook
    actors = [actor(x) for x in "abcdef"]
    ties = [tie("a", "b"), tie("b", "c"), tie("d", "e"), tie("e", "f"), tie("d", "f")]
    forward = StakeholderMap(tuple(actors), tuple(ties))
    backward = StakeholderMap(tuple(reversed(actors)), tuple(reversed(ties)))
    for m in (forward, backward):
        assert compute_metrics(m).network["average_path_length"] == pytest.approx(7 / 6)


def test_average_path_length_is_nan_without_a_connected_pair() -> None:
    assert math.isnan(c.average_path_length(nx.empty_graph(4)))
    assert math.isnan(c.average_path_length(nx.empty_graph(1)))
    met = compute_metrics(_map_of(nx.empty_graph(3)))
    assert math.isnan(float(met.network["average_path_length"]))


def test_average_path_length_refuses_a_directed_graph() -> None:
    with pytest.raises(nx.NetworkXNotImplemented, match="undirected"):
        c.average_path_length(nx.DiGraph([(0, 1)]))


def test_reversing_a_real_workbook_changes_no_measure() -> None:
    smap = _load(KEHILA)
    components = sorted(map(len, nx.connected_components(build_views(smap).collaboration)))
    assert components[-2] > 1  # a second piece with ties: where the old definition differed
    backward = dataclasses.replace(smap, actors=smap.actors[::-1], ties=smap.ties[::-1])
    ours, theirs = compute_metrics(smap), compute_metrics(backward)
    assert ours.network["average_path_length"] == theirs.network["average_path_length"]
    assert ours.network["average_path_length"] == pytest.approx(
        _reachable_pairs_mean(build_views(smap).collaboration), abs=TOL)
    for column in ("betweenness", "closeness", "constraint", "effective_size"):
        back = theirs.actors[column].reindex(ours.actors.index)
        assert back.to_numpy() == pytest.approx(ours.actors[column].to_numpy(), abs=1e-12,
                                                nan_ok=True)


def _dyads_and_triads(seed: int) -> nx.Graph:
    """Many small pieces (pairs and three-actor paths) and isolates, shuffled."""
    g = nx.Graph()
    for i in range(150):
        g.add_edge(f"p{i}a", f"p{i}b")
    for i in range(50):
        nx.add_path(g, [f"t{i}a", f"t{i}b", f"t{i}c"])
    g.add_nodes_from(f"z{i}" for i in range(100))
    nodes = list(g)
    random.Random(seed).shuffle(nodes)
    out = nx.Graph()
    out.add_nodes_from(nodes)
    edges = list(g.edges())
    random.Random(seed + 1).shuffle(edges)
    out.add_edges_from(edges)
    return out


def test_sampled_average_path_length_is_finite_seeded_and_order_free() -> None:
    g = _dyads_and_triads(0)
    value = c.average_path_length(g, k=60, seed=3)
    # every finite distance here is 1 or 2 (and 2 only inside a three-actor path)
    assert math.isfinite(value) and 1.0 <= value <= 2.0
    assert c.average_path_length(g, k=60, seed=3) == value
    assert c.average_path_length(_dyads_and_triads(7), k=60, seed=3) == value
    pairs_only = nx.Graph([(f"x{i}", f"y{i}") for i in range(200)])
    assert c.average_path_length(pairs_only, k=50, seed=1) == 1.0
    assert math.isnan(c.average_path_length(nx.empty_graph(300), k=50, seed=1))


def test_sampled_map_writes_a_finite_average_path_length(tmp_path: Path) -> None:
    g = nx.relabel_nodes(_dyads_and_triads(1), {n: i for i, n in enumerate(_dyads_and_triads(1))})
    met = compute_metrics(_map_of(g), thresholds=Thresholds(sample_above=10, sample_size=40))
    assert met.network["sampled"] is True
    value = float(met.network["average_path_length"])
    assert math.isfinite(value) and 1.0 <= value <= 2.0
    (path,) = write_metrics(met, tmp_path / "m.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["network"]["average_path_length"] == value
    row = next(r for r in data["notes"] if r["measure"] == "average_path_length")
    assert "ESTIMATED" in row["definition"] and "40 source actors" in row["definition"]


# --- weighted structural holes ---------------------------------------------------------


def _hand_graph() -> nx.Graph:
    g = nx.Graph()
    g.add_edge(0, 1, weight=2)
    g.add_edge(1, 2, weight=1)
    g.add_edge(0, 2, weight=3)
    g.add_edge(2, 3, weight=5)
    g.add_node(4)
    return g


def test_weighted_structural_holes_by_hand() -> None:
    g = _hand_graph()
    # actor 0: p01 = 2/5, p02 = 3/5; p12 = 1/3 (1's weights 2, 1); p21 = 1/9 (2's: 3, 1, 5)
    # constraint = (2/5 + 3/5·1/9)² + (3/5 + 2/5·1/3)² = 49/225 + 121/225 = 34/45
    constraint = holes.constraint(g, weighted=True)
    assert constraint[0] == pytest.approx(34 / 45, abs=TOL)
    assert constraint[3] == pytest.approx(1.0, abs=TOL)  # a single tie
    # effective size of 0: m12 = 1/max(2, 1), m21 = 1/max(3, 1, 5);
    # 2 − (3/5)(1/2) − (2/5)(1/5) = 1.62
    size = holes.effective_size(g, weighted=True)
    assert size[0] == pytest.approx(1.62, abs=TOL)
    assert size[3] == pytest.approx(1.0, abs=TOL)
    assert math.isnan(size[4]) and math.isnan(constraint[4])
    # unweighted, 0's two contacts are tied: 2 − 2·1/2 = 1
    assert holes.effective_size(g)[0] == pytest.approx(1.0, abs=TOL)


def _weighted_graphs() -> list[nx.Graph]:
    out = [_hand_graph()]
    for seed in range(3):
        g = nx.gnm_random_graph(50, 160, seed=seed)
        g.add_nodes_from([50, 51])
        rnd = random.Random(seed)
        for u, v in g.edges:
            g.edges[u, v]["weight"] = rnd.choice([1, 2, 3, 4, 5, 7.5])
        out.append(g)
    return out


def _close(ours: dict, ref: dict) -> None:  # type: ignore[type-arg]
    assert ours.keys() == ref.keys()
    for n, b in ref.items():
        if math.isnan(b):
            assert math.isnan(ours[n]), n
        else:
            assert ours[n] == pytest.approx(b, abs=TOL), n


@pytest.mark.parametrize("g", _weighted_graphs())
def test_weighted_structural_holes_equal_networkx(g: nx.Graph) -> None:
    _close(holes.constraint(g, weighted=True), nx.constraint(g, weight="weight"))
    # networkx 3.6's all-nodes shortcut for weighted effective size divides by the
    # wrong maximum (networkx PR #8906); its per-node path is Burt's formula
    _close(holes.effective_size(g, weighted=True),
           nx.effective_size(g, nodes=list(g), weight="weight"))


def test_igraph_weighted_constraint_is_what_networkx_computes() -> None:
    for g in _weighted_graphs():
        converted, nodes = c.to_igraph(g)
        values = converted.constraint(weights="weight")
        ref = nx.constraint(g, weight="weight")
        for n, v in zip(nodes, values, strict=True):
            if g.degree(n):
                assert v == pytest.approx(ref[n], abs=TOL)


def test_a_sample_programme_weighted_equals_networkx() -> None:
    smap = _load(KEHILA)
    collab = build_views(smap).collaboration
    assert {w for _, _, w in collab.edges(data="weight")} - {1.0}  # really weighted
    met = compute_metrics(smap, weighted=True)
    assert met.weighted
    _close(met.actors["constraint"].to_dict(), nx.constraint(collab, weight="weight"))
    _close(met.actors["effective_size"].to_dict(),
           nx.effective_size(collab, nodes=list(collab), weight="weight"))
    plain = compute_metrics(smap)
    _close(plain.actors["constraint"].to_dict(), nx.constraint(collab))
    _close(plain.actors["effective_size"].to_dict(), nx.effective_size(collab))


def test_export_weighted_flag_gives_networkx_weighted_constraint(tmp_path: Path) -> None:
    collab = build_views(_load(KEHILA)).collaboration
    weighted_ref = nx.constraint(collab, weight="weight")
    plain_ref = nx.constraint(collab)
    for flag, ref in (("--weighted", weighted_ref), (None, plain_ref)):
        target = tmp_path / f"x{flag or ''}.json"
        args = ["export", str(KEHILA), "-o", str(target)] + ([flag] if flag else [])
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        actors = json.loads(target.read_text(encoding="utf-8"))["metrics"]["actors"]
        got = {a["actor"]: a["constraint"] for a in actors}
        for n, v in ref.items():
            if math.isnan(v):
                assert got[n] is None
            else:
                assert got[n] == pytest.approx(v, abs=TOL), (flag, n)
    assert max(abs(weighted_ref[n] - plain_ref[n]) for n in collab if collab.degree(n)) > 0.05


def test_metrics_weighted_flag_is_written_in_the_notes(tmp_path: Path) -> None:
    for flag, word in (("--weighted", "WEIGHTED"), (None, "UNWEIGHTED")):
        target = tmp_path / f"m{flag or ''}.json"
        args = ["metrics", str(KEHILA), "-o", str(target)] + ([flag] if flag else [])
        assert CliRunner().invoke(main, args).exit_code == 0
        notes = json.loads(target.read_text(encoding="utf-8"))["notes"]
        for measure in ("constraint", "effective_size"):
            row = next(r for r in notes if r["measure"] == measure)
            assert f"This export: {word}" in row["definition"]


def test_the_export_workbook_carries_the_notes_of_its_run(tmp_path: Path) -> None:
    for flag, word in (("--weighted", "WEIGHTED"), (None, "UNWEIGHTED")):
        target = tmp_path / f"e{flag or ''}.xlsx"
        args = ["export", str(KEHILA), "-o", str(target)] + ([flag] if flag else [])
        assert CliRunner().invoke(main, args).exit_code == 0
        sheet = openpyxl.load_workbook(target, read_only=True)["notes"]
        rows = [[c.value for c in r] for r in sheet.iter_rows()]
        head = rows[0]
        assert head == list(NOTE_COLUMNS)
        by_measure = {r[head.index("measure")]: r for r in rows[1:]}
        constraint = by_measure["constraint"][head.index("definition")]
        assert f"This export: {word}" in constraint


# --- the notes table -------------------------------------------------------------------


def _described(table: str) -> set[str]:
    return {m for row in conventions_for() if row.table == table for m in row.measures}


def test_every_actor_and_network_column_is_described() -> None:
    met = compute_metrics(_load(KEHILA))
    actor_columns = set(met.actors.columns) | set(ACTOR_COLUMNS)
    assert actor_columns - _described("actors") - set(PLAIN_DATA) == set()
    network_keys = set(met.network) | set(NETWORK_KEYS)
    assert network_keys - _described("network") - set(PLAIN_DATA) == set()
    assert set(met.sectors.columns) >= _described("sectors")
    # no row names a column that does not exist
    assert _described("actors") <= actor_columns
    assert _described("network") <= network_keys


def test_notes_follow_the_run() -> None:
    exact = {r.measure: r for r in conventions_for(weighted=False, sampled=False)}
    sampled = {r.measure: r for r in conventions_for(weighted=True, sampled=True,
                                                     sample_size=500, path_sources=100)}
    assert "exact" in exact["average_path_length"].definition
    assert "ESTIMATED" in sampled["average_path_length"].definition
    assert "from 100 source actors" in sampled["average_path_length"].definition
    assert "from 500 randomly sampled" in sampled["betweenness"].definition
    assert "from 500 randomly sampled" in sampled["closeness"].definition
    assert "This export: UNWEIGHTED" in exact["constraint"].definition
    assert "This export: WEIGHTED" in sampled["constraint"].definition
    assert "edge weight" in sampled["constraint"].view
    assert "edge weight" not in exact["constraint"].view


def test_notes_state_the_conventions_the_code_follows() -> None:
    rows = {r.measure: r for r in conventions_for()}
    assert "wf_improved=True" in rows["closeness"].compare_with
    assert "Unit Euclidean length" in rows["eigenvector"].normalisation
    assert "0 for an actor with fewer than two partners" in rows["clustering"].definition
    assert "NaN below two partners" in rows["clustering"].compare_with
    assert "measure='edgewise'" in rows["reciprocity"].compare_with
    assert "ORDERED" in rows["coordinator, gatekeeper, representative, consultant, "
                            "liaison"].definition
    assert "normalized=True" in rows["betweenness"].compare_with
    assert "EVERY type" in rows["ties"].definition
    assert "unconnected=TRUE" in rows["average_path_length"].compare_with


def test_notes_in_xlsx_json_and_csv(tmp_path: Path) -> None:
    met = compute_metrics(_load(KEHILA), weighted=True)
    expected = [r.as_row() for r in met.conventions()]
    assert len(expected) == len(conventions_for())
    write_metrics(met, tmp_path / "m.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx")["notes"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(NOTE_COLUMNS)
    assert [dict(zip(NOTE_COLUMNS, r, strict=True)) for r in rows[1:]] == expected
    write_metrics(met, tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["notes"] == expected  # warnings: not sampled, only why some values are null
    assert all(" is null" in w for w in data["warnings"]), data["warnings"]
    written = write_metrics(met, tmp_path / "m.csv")
    assert tmp_path / "m.notes.csv" in written
    with (tmp_path / "m.notes.csv").open(encoding="utf-8") as f:
        assert list(csv.DictReader(f)) == expected


def test_sampled_notes_keep_their_warning(tmp_path: Path) -> None:
    met = compute_metrics(_map_of(nx.path_graph(30)),
                          thresholds=Thresholds(sample_above=10, sample_size=10))
    write_metrics(met, tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert "10 sampled" in data["warnings"][0]
