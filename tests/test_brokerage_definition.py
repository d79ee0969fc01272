"""Brokerage and E-I on every small graph, and the edges of their inputs.

The reference is the definition itself (``reference_brokerage`` of test_brokerage):
every directed graph on three actors with every grouping, and every undirected graph on
four, is compared role by role.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest

from stakeholder_map.analysis.brokerage import ROLES, brokerage, ei_index, group_ei_index

from .test_brokerage import reference_brokerage

GROUPINGS_3 = ["AAA", "AAB", "ABA", "BAA", "ABC"]
GROUPINGS_4 = ["AAAA", "AABB", "ABAB", "ABBA", "AABC", "ABCA", "ABCD"]


@pytest.mark.parametrize("grouping", GROUPINGS_3)
def test_every_directed_graph_on_three_actors(grouping: str) -> None:
    arcs = list(itertools.permutations(range(3), 2))
    groups = dict(enumerate(grouping))
    for chosen in itertools.product((False, True), repeat=len(arcs)):
        G = nx.DiGraph()
        G.add_nodes_from(range(3))
        G.add_edges_from(arc for arc, keep in zip(arcs, chosen, strict=True) if keep)
        assert brokerage(G, groups) == reference_brokerage(G, groups), sorted(G.edges)


@pytest.mark.parametrize("grouping", GROUPINGS_4)
def test_every_undirected_graph_on_four_actors(grouping: str) -> None:
    pairs = list(itertools.combinations(range(4), 2))
    groups = dict(enumerate(grouping))
    for chosen in itertools.product((False, True), repeat=len(pairs)):
        G = nx.Graph()
        G.add_nodes_from(range(4))
        G.add_edges_from(p for p, keep in zip(pairs, chosen, strict=True) if keep)
        assert brokerage(G, groups) == reference_brokerage(G, groups), sorted(G.edges)


@pytest.mark.parametrize("grouping", ["AABB", "ABCD", "ABAC"])
def test_directed_graphs_on_four_actors_with_two_way_arcs(grouping: str) -> None:
    # every orientation of a 4-cycle with one chord, each tie one-way or both ways
    ties = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)]
    groups = dict(enumerate(grouping))
    for ways in itertools.product(("ab", "ba", "both"), repeat=len(ties)):
        G = nx.DiGraph()
        for (x, y), way in zip(ties, ways, strict=True):
            if way in ("ab", "both"):
                G.add_edge(x, y)
            if way in ("ba", "both"):
                G.add_edge(y, x)
        assert brokerage(G, groups) == reference_brokerage(G, groups), sorted(G.edges)


def test_nodes_of_any_hashable_kind_and_groups_beyond_the_graph() -> None:
    G = nx.Graph([("x", ("t", 1)), (("t", 1), 3)])
    groups = {"x": "A", ("t", 1): "B", 3: "C", "elsewhere": "D"}
    assert brokerage(G, groups)[("t", 1)] == dict(zip(ROLES, (0, 0, 0, 0, 2), strict=True))
    ei = group_ei_index(G, groups)
    assert ei["A"] == 1.0 and ei["B"] == 1.0 and math.isnan(ei["D"])
    assert list(ei) == ["A", "B", "C", "D"]


@pytest.mark.parametrize(("nodes", "shown"), [
    ([1], "1"),
    (["a", "b"], "'a', 'b'"),
    (list(range(1, 8)), "1, 2, 3, 4, 5 and 2 more"),
    (list(range(1, 7)), "1, 2, 3, 4, 5 and 1 more"),
    (list(range(1, 6)), "1, 2, 3, 4, 5"),
], ids=["one", "two-strings", "seven", "six", "five"])
def test_a_node_without_a_group_is_named(nodes: list[object], shown: str) -> None:
    G = nx.Graph()
    G.add_node(0)
    G.add_nodes_from(nodes)
    message = f"no group for node(s) {shown}; give every node of G a group"
    for measure in (brokerage, ei_index, group_ei_index):
        with pytest.raises(ValueError) as error:
            measure(G, {0: "A"})
        assert str(error.value) == message


def test_ei_index_by_hand() -> None:
    # triangle 1-2-3 inside A, 3–4 and 4–5 across to B and inside B:
    # whole network: external 1 (3–4), internal 4 → (1 − 4)/5 = −0.6
    G = nx.Graph([(1, 2), (2, 3), (1, 3), (3, 4), (4, 5)])
    groups = {1: "A", 2: "A", 3: "A", 4: "B", 5: "B"}
    assert ei_index(G, groups) == pytest.approx(-0.6)
    # A: E 1, I 3 → −0.5; B: E 1, I 1 → 0
    assert group_ei_index(G, groups) == {"A": -0.5, "B": 0.0}


def test_ei_index_of_a_graph_without_ties() -> None:
    G = nx.empty_graph(3)
    groups = {0: "A", 1: "A", 2: "B"}
    assert math.isnan(ei_index(G, groups))
    assert all(math.isnan(v) for v in group_ei_index(G, groups).values())
    assert brokerage(G, groups) == {v: dict.fromkeys(ROLES, 0) for v in G}


def test_a_graph_without_actors() -> None:
    assert brokerage(nx.Graph(), {}) == {}
    assert math.isnan(ei_index(nx.Graph(), {}))
    assert group_ei_index(nx.Graph(), {}) == {}
