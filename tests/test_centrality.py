"""igraph-backed measures equal networkx's on random graphs (networkx is the reference)."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from stakeholder_map.analysis import centrality as c
from stakeholder_map.analysis import structural_holes as holes

TOL = 1e-9


def _graphs() -> list[nx.Graph]:
    out: list[nx.Graph] = []
    for seed in range(4):
        g = nx.gnm_random_graph(60, 150, seed=seed)
        g.add_nodes_from(range(60, 63))  # isolates
        g.add_edges_from([(63, 64), (64, 65)])  # a detached small piece
        rnd = random.Random(seed)
        for u, v in g.edges:
            g.edges[u, v]["weight"] = rnd.randint(1, 5)
        out.append(nx.relabel_nodes(g, {n: f"a{n}" for n in g}))
    out.append(nx.karate_club_graph())
    return out


def _close(ours: dict, ref: dict) -> None:
    assert ours.keys() == ref.keys()
    for n in ref:
        a, b = ours[n], ref[n]
        if isinstance(b, float) and math.isnan(b):
            assert math.isnan(a), n
        else:
            assert a == pytest.approx(b, abs=TOL), n


@pytest.mark.parametrize("g", _graphs())
def test_betweenness_equals_networkx(g: nx.Graph) -> None:
    _close(c.betweenness_centrality(g), nx.betweenness_centrality(g))


@pytest.mark.parametrize("g", _graphs())
def test_closeness_equals_networkx(g: nx.Graph) -> None:
    _close(c.closeness_centrality(g), nx.closeness_centrality(g))


def test_directed_closeness_and_betweenness_equal_networkx() -> None:
    g = nx.gnp_random_graph(50, 0.06, seed=3, directed=True)
    _close(c.closeness_centrality(g), nx.closeness_centrality(g))
    _close(c.betweenness_centrality(g), nx.betweenness_centrality(g))


@pytest.mark.parametrize("g", _graphs())
def test_clustering_core_articulation_equal_networkx(g: nx.Graph) -> None:
    _close(c.clustering(g), nx.clustering(g))
    assert c.core_number(g) == nx.core_number(g)
    assert c.articulation_points(g) == set(nx.articulation_points(g))


@pytest.mark.parametrize("g", _graphs())
def test_structural_holes_equal_networkx(g: nx.Graph) -> None:
    _close(holes.effective_size(g), nx.effective_size(g))
    _close(holes.constraint(g), nx.constraint(g))


@pytest.mark.parametrize("seed", range(3))
def test_pagerank_equals_networkx_weighted_directed(seed: int) -> None:
    g = nx.gnp_random_graph(80, 0.05, seed=seed, directed=True)  # has dangling nodes
    rnd = random.Random(seed)
    for u, v in g.edges:
        g.edges[u, v]["weight"] = rnd.randint(1, 5)
    _close(c.pagerank(g), nx.pagerank(g, tol=1e-15, max_iter=100_000))


def test_eigenvector_equals_networkx_on_a_connected_weighted_graph() -> None:
    g = nx.connected_watts_strogatz_graph(80, 6, 0.2, seed=1)
    rnd = random.Random(1)
    for u, v in g.edges:
        g.edges[u, v]["weight"] = rnd.randint(1, 5)
    ref = nx.eigenvector_centrality_numpy(g, weight="weight")
    _close(c.eigenvector_centrality(g), ref)


def test_eigenvector_on_a_disconnected_graph_scores_only_the_dominant_piece() -> None:
    # a 5-clique (leading eigenvalue 4) and a separate edge (eigenvalue 1): power
    # iteration from the all-ones vector ends with the edge's share at 0; each
    # clique node gets 1/sqrt(5), isolates 0.
    g = nx.complete_graph(5)
    g.add_edge(10, 11)
    g.add_node(12)
    ours = c.eigenvector_centrality(g)
    assert ours[0] == pytest.approx(1 / math.sqrt(5), abs=TOL)
    assert ours[10] == ours[11] == ours[12] == 0.0


def test_sampled_betweenness_and_closeness_are_close_to_exact() -> None:
    g = nx.connected_watts_strogatz_graph(400, 8, 0.1, seed=2)
    exact_b, est_b = nx.betweenness_centrality(g), c.betweenness_centrality(g, k=200, seed=1)
    top_exact = sorted(exact_b, key=exact_b.get, reverse=True)[:20]  # type: ignore[arg-type]
    top_est = sorted(est_b, key=est_b.get, reverse=True)[:20]  # type: ignore[arg-type]
    assert len(set(top_exact) & set(top_est)) >= 12
    total_exact, total_est = sum(exact_b.values()), sum(est_b.values())
    assert total_est == pytest.approx(total_exact, rel=0.1)
    exact_c, est_c = nx.closeness_centrality(g), c.closeness_centrality(g, k=100, seed=1)
    assert max(abs(exact_c[n] - est_c[n]) / exact_c[n] for n in g) < 0.1


def test_shortest_path_length_from() -> None:
    g = nx.path_graph(["a", "b", "c"])
    g.add_node("z")
    assert c.shortest_path_length_from(g, "a") == {"a": 0, "b": 1, "c": 2, "z": None}


def test_work_split_over_processes_gives_the_same_values(monkeypatch: pytest.MonkeyPatch) -> None:
    g = nx.gnm_random_graph(120, 300, seed=9)
    monkeypatch.setattr(c, "PARALLEL_ABOVE", 50)  # force the multi-process path
    _close(c.betweenness_centrality(g), nx.betweenness_centrality(g))
    _close(c.closeness_centrality(g), nx.closeness_centrality(g))
    sampled = c.betweenness_centrality(g, k=40, seed=3)
    monkeypatch.setattr(c, "PARALLEL_ABOVE", 10**9)
    assert c.betweenness_centrality(g, k=40, seed=3) == pytest.approx(sampled, abs=1e-12)


def test_eigenvector_is_the_same_to_the_last_bit_run_after_run() -> None:
    g = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=4)
    assert c.eigenvector_centrality(g) == c.eigenvector_centrality(g)


@pytest.mark.parametrize("g", _graphs())
def test_weighted_structural_holes_equal_networkx(g: nx.Graph) -> None:
    _close(holes.constraint(g, weighted=True), nx.constraint(g, weight="weight"))
    # networkx's per-node path: its all-nodes shortcut for weighted effective size divides
    # by the wrong maximum in networkx 3.6 (networkx PR #8906)
    _close(holes.effective_size(g, weighted=True),
           nx.effective_size(g, nodes=list(g), weight="weight"))


@pytest.mark.parametrize("g", _graphs())
def test_average_path_length_equals_igraph_over_reachable_pairs(g: nx.Graph) -> None:
    converted = c.to_igraph(g, weight=None)
    expected = converted[0].average_path_length(directed=False, unconn=True)
    assert c.average_path_length(g) == pytest.approx(expected, abs=TOL)
    closeness = list(c.closeness_centrality(g, converted=converted).values())
    assert c.average_path_length(g, converted, closeness=closeness) == pytest.approx(
        expected, abs=TOL)
