"""Brokerage, E-I index and Freeman centralisation.

Expected values are worked out by hand in the comment beside each test; the
brokerage counts are also checked against a brute-force reference written
here from the definition in Gould and Fernandez (1989).
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stakeholder_map.analysis.brokerage import ROLES, brokerage, ei_index, group_ei_index
from stakeholder_map.analysis.centralisation import (
    betweenness_centralization,
    degree_centralization,
)

ZERO = dict.fromkeys(ROLES, 0)


def roles(**counts: int) -> dict[str, int]:
    return {**ZERO, **counts}


# ---------------------------------------------------------------- E-I index

TWO_GROUPS = {1: "A", 2: "A", 3: "A", 4: "B", 5: "B"}
PENTAGON = [(1, 2), (2, 3), (3, 4), (4, 5), (1, 5)]


def test_ei_index_two_groups() -> None:
    # Internal: 1-2, 2-3 (A) and 4-5 (B) → I = 3; external: 3-4, 1-5 → E = 2.
    # EI = (2 − 3) / 5 = −0.2.
    assert ei_index(nx.Graph(PENTAGON), TWO_GROUPS) == pytest.approx(-0.2)


def test_group_ei_index_two_groups() -> None:
    # A: I = 2 (1-2, 2-3), E = 2 (3-4, 1-5) → (2 − 2) / 4 = 0.
    # B: I = 1 (4-5),      E = 2 (3-4, 1-5) → (2 − 1) / 3 = 1/3.
    # C: node 6 is isolated, no tie touches C → nan.
    # D: only on a node outside G, still listed → nan.
    G = nx.Graph(PENTAGON)
    G.add_node(6)
    result = group_ei_index(G, {**TWO_GROUPS, 6: "C", 99: "D"})
    assert set(result) == {"A", "B", "C", "D"}
    assert result["A"] == pytest.approx(0.0)
    assert result["B"] == pytest.approx(1 / 3)
    assert math.isnan(result["C"])
    assert math.isnan(result["D"])


def test_ei_all_internal() -> None:
    # Two triangles, one per group, no tie between them: E = 0, I = 6 → −1;
    # per group E = 0, I = 3 → −1.
    G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6)])
    groups = {1: "A", 2: "A", 3: "A", 4: "B", 5: "B", 6: "B"}
    assert ei_index(G, groups) == -1.0
    assert group_ei_index(G, groups) == {"A": -1.0, "B": -1.0}


def test_ei_all_external() -> None:
    # K(2,3) with each side one group: all 6 ties cross, I = 0 → +1, and for
    # each group E = 6, I = 0 → +1.
    G = nx.complete_bipartite_graph(2, 3)
    groups = {v: "A" if v < 2 else "B" for v in G}
    assert ei_index(G, groups) == 1.0
    assert group_ei_index(G, groups) == {"A": 1.0, "B": 1.0}


def test_ei_no_edges_is_nan() -> None:
    G = nx.empty_graph(3)
    groups = {0: "A", 1: "A", 2: "B"}
    assert math.isnan(ei_index(G, groups))
    assert all(math.isnan(x) for x in group_ei_index(G, groups).values())
    assert math.isnan(ei_index(nx.Graph(), {}))


def test_ei_multigraph_and_self_loops_count_ties_once() -> None:
    # 1-2 twice and a self-loop on 1 collapse to one internal tie; 1-3 is
    # external: (1 − 1) / 2 = 0.
    G = nx.MultiGraph([(1, 2), (1, 2), (1, 1), (1, 3)])
    assert ei_index(G, {1: "A", 2: "A", 3: "B"}) == 0.0


def test_ei_directed_counts_each_arc() -> None:
    # 1→2 and 2→1 are two internal arcs, 1→3 one external: (1 − 2) / 3 = −1/3.
    # Group B: E = 1, I = 0 → +1.
    G = nx.DiGraph([(1, 2), (2, 1), (1, 3)])
    groups = {1: "A", 2: "A", 3: "B"}
    assert ei_index(G, groups) == pytest.approx(-1 / 3)
    assert group_ei_index(G, groups)["B"] == 1.0


def test_missing_group_is_reported() -> None:
    with pytest.raises(ValueError, match="no group for node"):
        ei_index(nx.Graph([(1, 2)]), {1: "A"})
    with pytest.raises(ValueError, match="no group for node"):
        brokerage(nx.Graph([(1, 2)]), {1: "A"})


# ---------------------------------------------------------------- brokerage
# Path a – v – c; "pattern" gives g(a), g(v), g(c).
# Undirected: v brokers (a, c) and (c, a).  (a, c) is classified as written;
# (c, a) reads the groups backwards, which swaps gatekeeper and representative.
#   AAA: both coordinator                            → coordinator 2
#   BAA: (a,c) g(a)≠g(v)=g(c) gatekeeper, (c,a) g(c)=g(v)≠g(a) representative
#   AAB: (a,c) representative, (c,a) gatekeeper
#   BAB: g(a)=g(c)≠g(v) both ways                    → consultant 2
#   BAC: all differ both ways                        → liaison 2
UNDIRECTED_PATHS = [
    ("AAA", roles(coordinator=2)),
    ("BAA", roles(gatekeeper=1, representative=1)),
    ("AAB", roles(gatekeeper=1, representative=1)),
    ("BAB", roles(consultant=2)),
    ("BAC", roles(liaison=2)),
]
# Directed a → v → c: only (a, c), one brokerage of the role named by the pattern.
DIRECTED_PATHS = [
    ("AAA", roles(coordinator=1)),
    ("BAA", roles(gatekeeper=1)),
    ("AAB", roles(representative=1)),
    ("BAB", roles(consultant=1)),
    ("BAC", roles(liaison=1)),
]


@pytest.mark.parametrize(("pattern", "expected"), UNDIRECTED_PATHS)
def test_undirected_path(pattern: str, expected: dict[str, int]) -> None:
    G = nx.Graph([("a", "v"), ("v", "c")])
    result = brokerage(G, dict(zip("avc", pattern, strict=True)))
    # a and c have one neighbour each, so they broker nothing.
    assert result == {"a": ZERO, "v": expected, "c": ZERO}


@pytest.mark.parametrize(("pattern", "expected"), DIRECTED_PATHS)
def test_directed_path(pattern: str, expected: dict[str, int]) -> None:
    G = nx.DiGraph([("a", "v"), ("v", "c")])
    result = brokerage(G, dict(zip("avc", pattern, strict=True)))
    assert result == {"a": ZERO, "v": expected, "c": ZERO}


@pytest.mark.parametrize("pattern", ["AAA", "AAB", "ABC"])
def test_triangle_has_no_brokerage(pattern: str) -> None:
    # Every pair of a node's neighbours is adjacent.
    G = nx.Graph([("a", "v"), ("v", "c"), ("a", "c")])
    result = brokerage(G, dict(zip("avc", pattern, strict=True)))
    assert result == {"a": ZERO, "v": ZERO, "c": ZERO}


def test_star_three_groups() -> None:
    # Centre v (A), leaves x (A), y (B), z (C); no two leaves adjacent, so all
    # 3·2 = 6 ordered pairs are brokered:
    #   (x,y), (x,z): g(x)=g(v)≠g(c)  → representative 2
    #   (y,x), (z,x): g(a)≠g(v)=g(x)  → gatekeeper 2
    #   (y,z), (z,y): B, A, C differ  → liaison 2
    G = nx.star_graph(["v", "x", "y", "z"])
    result = brokerage(G, {"v": "A", "x": "A", "y": "B", "z": "C"})
    assert result["v"] == roles(gatekeeper=2, representative=2, liaison=2)
    assert result["x"] == result["y"] == result["z"] == ZERO


def test_star_two_outsiders_of_one_group() -> None:
    # Centre v (A), leaves b1 (B), b2 (B), a (A):
    #   (b1,b2), (b2,b1): g(a)=g(c)=B≠A → consultant 2
    #   (b1,a), (b2,a):   B≠A=A         → gatekeeper 2
    #   (a,b1), (a,b2):   A=A≠B         → representative 2
    G = nx.star_graph(["v", "b1", "b2", "a"])
    result = brokerage(G, {"v": "A", "b1": "B", "b2": "B", "a": "A"})
    assert result["v"] == roles(gatekeeper=2, representative=2, consultant=2)


def test_directed_example() -> None:
    # Arcs x→v, y→v, v→z, v→x, x→z; groups v, x: A and y, z: B.
    # Broker v: in {x, y}, out {z, x}.
    #   (x,z): x→z exists, closed.  (x,x): same node, skipped.
    #   (y,z): no y→z; B, A, B        → consultant 1
    #   (y,x): no y→x; B≠A=A           → gatekeeper 1
    # Broker x: in {v}, out {v, z}: (v,z) closed by v→z.  y and z broker nothing
    # (y has no in-arcs, z no out-arcs).
    G = nx.DiGraph([("x", "v"), ("y", "v"), ("v", "z"), ("v", "x"), ("x", "z")])
    result = brokerage(G, {"v": "A", "x": "A", "y": "B", "z": "B"})
    assert result == {
        "x": ZERO,
        "v": roles(consultant=1, gatekeeper=1),
        "y": ZERO,
        "z": ZERO,
    }


def test_multigraph_and_self_loops() -> None:
    # Parallel ties and a self-loop change nothing: v still brokers a path.
    G = nx.MultiGraph([("a", "v"), ("a", "v"), ("v", "v"), ("v", "c")])
    assert brokerage(G, {"a": "A", "v": "B", "c": "C"})["v"] == roles(liaison=2)


def test_empty_graph() -> None:
    assert brokerage(nx.Graph(), {}) == {}
    assert brokerage(nx.empty_graph(2), {0: "A", 1: "B"}) == {0: ZERO, 1: ZERO}


# Brute-force reference: enumerate every a → v → c straight from the definition.


def reference_brokerage(
    G: nx.Graph, groups: Mapping[Hashable, str]
) -> dict[Hashable, dict[str, int]]:
    def arc(x: Hashable, y: Hashable) -> bool:
        return x != y and G.has_edge(x, y)

    out: dict[Hashable, dict[str, int]] = {}
    for v in G:
        counts = dict(ZERO)
        for a in G:
            for c in G:
                if len({a, v, c}) < 3 or not arc(a, v) or not arc(v, c) or arc(a, c):
                    continue
                ga, gv, gc = groups[a], groups[v], groups[c]
                if ga == gv == gc:
                    counts["coordinator"] += 1
                elif ga != gv and gv == gc:
                    counts["gatekeeper"] += 1
                elif ga == gv and gv != gc:
                    counts["representative"] += 1
                elif ga == gc:
                    counts["consultant"] += 1
                else:
                    counts["liaison"] += 1
        out[v] = counts
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("directed", [False, True])
def test_matches_reference_on_random_graphs(seed: int, directed: bool) -> None:
    rng = random.Random(seed)
    G = nx.gnp_random_graph(30, 0.2 + 0.05 * seed, seed=seed, directed=directed)
    groups = {v: rng.choice("ABCD"[: 1 + seed % 4]) for v in G}
    assert brokerage(G, groups) == reference_brokerage(G, groups)


@st.composite
def small_graphs(draw: st.DrawFn) -> tuple[nx.Graph, dict[int, str]]:
    n = draw(st.integers(0, 8))
    directed = draw(st.booleans())
    G: nx.Graph = nx.MultiDiGraph() if directed else nx.MultiGraph()
    G.add_nodes_from(range(n))
    if n:
        node = st.integers(0, n - 1)
        G.add_edges_from(draw(st.lists(st.tuples(node, node), max_size=30)))
    groups = {v: draw(st.sampled_from("ABC")) for v in range(n)}
    return G, groups


@given(small_graphs())
@settings(max_examples=300, deadline=None)
def test_matches_reference_on_small_graphs(case: tuple[nx.Graph, dict[int, str]]) -> None:
    G, groups = case
    result = brokerage(G, groups)
    assert result == reference_brokerage(G, groups)
    # An undirected open pair is brokered both ways.
    if not G.is_directed():
        for counts in result.values():
            assert counts["gatekeeper"] == counts["representative"]
            assert counts["coordinator"] % 2 == counts["consultant"] % 2 == 0


# ---------------------------------------------------------------- Freeman


@pytest.mark.parametrize("leaves", [2, 3, 4, 10])
def test_star_is_fully_centralised(leaves: int) -> None:
    # Star with n = leaves + 1 nodes: degree Σ(d_max − d) = (n−1)(n−1−1) =
    # (n−1)(n−2) → 1; betweenness: centre 1, leaves 0, Σ = n−1 → 1.
    G = nx.star_graph(leaves)
    assert degree_centralization(G) == pytest.approx(1.0)
    assert betweenness_centralization(G) == pytest.approx(1.0)


@pytest.mark.parametrize("G", [nx.complete_graph(5), nx.cycle_graph(6)])
def test_regular_graphs_are_not_centralised(G: nx.Graph) -> None:
    # Every node has the same degree and betweenness, so every term is 0.
    assert degree_centralization(G) == 0.0
    assert betweenness_centralization(G) == pytest.approx(0.0)


def test_path_of_four() -> None:
    # Degrees 1, 2, 2, 1: Σ(2 − d) = 2, divided by (n−1)(n−2) = 3·2 → 1/3.
    # Betweenness: node 1 lies on the shortest paths 0-2 and 0-3, node 2 on
    # 0-3 and 1-3: raw 0, 2, 2, 0; normalised by the (n−1)(n−2)/2 = 3 pairs
    # not involving the node → 0, 2/3, 2/3, 0.  Σ(2/3 − b) = 4/3, / (n−1) = 3
    # → 4/9.
    G = nx.path_graph(4)
    assert degree_centralization(G) == pytest.approx(1 / 3)
    assert betweenness_centralization(G) == pytest.approx(4 / 9)


def test_given_betweenness_is_used() -> None:
    # b = 0, 1, 0, 0: Σ(1 − b) = 3, / (n−1) = 3 → 1, not the path's 4/9.
    G = nx.path_graph(4)
    assert betweenness_centralization(G, {0: 0.0, 1: 1.0, 2: 0.0, 3: 0.0}) == 1.0


def test_small_graphs_are_zero() -> None:
    for G in (nx.Graph(), nx.empty_graph(1), nx.path_graph(2)):
        assert degree_centralization(G) == 0.0
        assert betweenness_centralization(G) == 0.0


def test_degree_ignores_parallel_edges_and_self_loops() -> None:
    # As a simple graph this is the star on 0 with leaves 1, 2, 3 → 1.
    G = nx.MultiGraph([(0, 1), (0, 1), (0, 2), (0, 3), (3, 3)])
    assert degree_centralization(G) == pytest.approx(1.0)


def test_centralisation_rejects_directed() -> None:
    G = nx.DiGraph([(0, 1), (1, 2)])
    with pytest.raises(nx.NetworkXNotImplemented):
        degree_centralization(G)
    with pytest.raises(nx.NetworkXNotImplemented):
        betweenness_centralization(G)


def test_docstring_examples() -> None:
    import doctest

    from stakeholder_map.analysis import brokerage as module
    from stakeholder_map.analysis import centralisation as centralization

    for mod in (module, centralization):
        result = doctest.testmod(mod)
        assert result.attempted > 0 and result.failed == 0
