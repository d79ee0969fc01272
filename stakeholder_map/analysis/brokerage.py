"""Brokerage across groups: Gould–Fernandez roles and the E-I index.

These measures read the *collaboration view* (docs/methods.md) with the actors'
sectors as groups, but nothing here knows about sectors: ``groups`` is any
mapping from node to group label.

Ties are taken as a simple graph: parallel edges of a multigraph count once,
self-loops are ignored and weights are not used.  Gould–Fernandez brokerage
is counted without a loop over pairs of neighbours: the pairs of each
broker's neighbours follow from how many neighbours it has in each group, and
the closed pairs are then subtracted triangle by triangle (triangles listed by
igraph, classified with numpy), so graphs of 100,000 actors and hubs of
thousands of ties take seconds (``benchmarks/bench_brokerage.py``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Mapping, Sequence

import igraph as ig
import networkx as nx
import numpy as np
import numpy.typing as npt

__all__ = [
    "ROLES",
    "brokerage",
    "ei_index",
    "group_ei_index",
]

ROLES: tuple[str, ...] = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")
"""Gould–Fernandez roles, in the order of the columns the helpers compute."""

_Ints = npt.NDArray[np.int64]


def ei_index(G: nx.Graph, groups: Mapping[Hashable, str]) -> float:
    """Krackhardt–Stern E-I index of the whole network.

    For a programme: −1 means every tie stays inside a sector (silos), +1
    means every tie crosses sectors, 0 means as many ties cross as stay.

    The index is ``(E - I) / (E + I)``, where ``E`` counts ties between
    nodes of different groups and ``I`` ties inside a group.  An undirected
    tie counts once; in a directed graph each arc counts once.

    Parameters
    ----------
    G : networkx graph
        Parallel edges count once; self-loops and weights are ignored.
    groups : mapping
        Group label of every node of ``G``.

    Returns
    -------
    float
        The index in [−1, 1], or ``nan`` when ``G`` has no ties.

    Raises
    ------
    ValueError
        If a node of ``G`` has no group.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 4), (4, 5), (1, 5)])
    >>> ei_index(G, {1: "A", 2: "A", 3: "A", 4: "B", 5: "B"})
    -0.2

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). "Informal networks and
       organizational crises: an experimental simulation."
       *Social Psychology Quarterly* 51(2), 123–140.
    """
    nodes, group, _ = _encode(G, groups)
    tail, head = _ties(G, nodes)
    if tail.size == 0:
        return math.nan
    external = int(np.count_nonzero(group[tail] != group[head]))
    internal = tail.size - external
    return (external - internal) / tail.size


def group_ei_index(G: nx.Graph, groups: Mapping[Hashable, str]) -> dict[str, float]:
    """Krackhardt–Stern E-I index of each group.

    For a programme: a sector near −1 talks mostly to itself (siloed), one
    near +1 works mostly with other sectors.

    For group ``g``, ``E`` counts ties with exactly one end in ``g`` and
    ``I`` ties with both ends in ``g``; the index is ``(E - I) / (E + I)``.

    Parameters
    ----------
    G : networkx graph
        Parallel edges count once; self-loops and weights are ignored.
    groups : mapping
        Group label of every node of ``G``; it may also hold other nodes.

    Returns
    -------
    dict
        Every label that occurs in ``groups`` → its index, ``nan`` for a
        group that no tie touches.

    Raises
    ------
    ValueError
        If a node of ``G`` has no group.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 4), (4, 5), (1, 5)])
    >>> ei = group_ei_index(G, {1: "A", 2: "A", 3: "A", 4: "B", 5: "B"})
    >>> ei["A"], round(ei["B"], 4)
    (0.0, 0.3333)

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). "Informal networks and
       organizational crises: an experimental simulation."
       *Social Psychology Quarterly* 51(2), 123–140.
    """
    nodes, group, labels = _encode(G, groups)
    tail, head = _ties(G, nodes)
    g_tail, g_head = group[tail], group[head]
    cross = g_tail != g_head
    k = len(labels)
    internal = np.bincount(g_tail[~cross], minlength=k)
    external = np.bincount(g_tail[cross], minlength=k) + np.bincount(g_head[cross], minlength=k)
    result: dict[str, float] = {}
    for label, e, i in zip(labels, external.tolist(), internal.tolist(), strict=True):
        result[label] = (e - i) / (e + i) if e + i else math.nan
    return result


def brokerage(G: nx.Graph, groups: Mapping[Hashable, str]) -> dict[Hashable, dict[str, int]]:
    """Gould–Fernandez brokerage role counts of every node.

    For a programme: how often an actor is the only link between two others,
    and whether it links its own sector (coordinator), lets another sector in
    (gatekeeper), speaks for its sector to another (representative), links
    two actors of one other sector (consultant) or links three sectors
    (liaison).

    Node ``v`` brokers the ordered pair ``(a, c)`` when ``a → v → c`` are arcs,
    ``a ≠ c`` and there is no arc ``a → c``.  With ``g`` the group, the pair is
    a coordination when ``g(a) = g(v) = g(c)``, gatekeeping when
    ``g(a) ≠ g(v) = g(c)``, representation when ``g(a) = g(v) ≠ g(c)``,
    consultancy (itinerant brokerage) when ``g(a) = g(c) ≠ g(v)`` and liaison
    when all three differ.  An undirected tie is two arcs, so an undirected
    open pair counts twice, once in each direction.

    Parameters
    ----------
    G : networkx graph or digraph
        Parallel edges count once; self-loops and weights are ignored.
    groups : mapping
        Group label of every node of ``G``; it may also hold other nodes.

    Returns
    -------
    dict
        Node → ``{role: count}`` for the roles in :data:`ROLES`.

    Raises
    ------
    ValueError
        If a node of ``G`` has no group.

    Examples
    --------
    >>> G = nx.path_graph(["school", "backbone", "bank"])
    >>> sector = {"school": "public", "backbone": "civil_society", "bank": "business"}
    >>> brokerage(G, sector)["backbone"]
    {'coordinator': 0, 'gatekeeper': 0, 'representative': 0, 'consultant': 0, 'liaison': 2}
    >>> D = nx.DiGraph([("school", "backbone"), ("backbone", "bank")])
    >>> brokerage(D, sector)["backbone"]["liaison"]
    1

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). "Structures of mediation:
       a formal approach to brokerage in transaction networks."
       *Sociological Methodology* 19, 89–126.
    """
    nodes, group, labels = _encode(G, groups)
    n, k = len(nodes), max(len(labels), 1)
    tail, head = _arcs(G, nodes)
    if G.is_directed():
        arcs = np.sort(tail * n + head)
        mutual = _contains(arcs, head * n + tail)
        # A reciprocated arc is one edge of the underlying undirected graph.
        edges = _distinct(np.minimum(tail, head) * n + np.maximum(tail, head))
        triangles = _triangles(n, edges // n, edges % n)
    else:
        arcs = None  # every arc is reciprocated
        mutual = np.ones(tail.size, dtype=bool)
        one_way = tail < head
        triangles = _triangles(n, tail[one_way], head[one_way])
    counts = _all_pairs(n, k, group, tail, head, mutual)
    counts -= _closed_pairs(n, group, triangles, arcs)
    rows = counts.tolist()
    return {node: dict(zip(ROLES, row, strict=True)) for node, row in zip(nodes, rows, strict=True)}


def _encode(G: nx.Graph, groups: Mapping[Hashable, str]) -> tuple[list[Hashable], _Ints, list[str]]:
    """``G``'s nodes, each node's group as a code, and the labels the codes stand for.

    The labels are every label in ``groups``, in order of first appearance.
    """
    codes = {label: i for i, label in enumerate(dict.fromkeys(groups.values()))}
    nodes = list(G)
    group = np.zeros(len(nodes), dtype=np.int64)
    missing: list[Hashable] = []
    for i, node in enumerate(nodes):
        if node in groups:
            group[i] = codes[groups[node]]
        else:
            missing.append(node)
    if missing:
        shown = ", ".join(repr(node) for node in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise ValueError(f"no group for node(s) {shown}{more}; give every node of G a group")
    return nodes, group, list(codes)


def _arcs(G: nx.Graph, nodes: Sequence[Hashable]) -> tuple[_Ints, _Ints]:
    """Every arc once as (tail, head) index arrays, without self-loops.

    An undirected tie gives both its arcs; parallel edges give one.
    """
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = G.adj.values()
    degree = np.fromiter(map(len, adjacency), dtype=np.int64, count=len(nodes))
    neighbours = itertools.chain.from_iterable(adjacency)
    head = np.fromiter(map(index.__getitem__, neighbours), dtype=np.int64, count=int(degree.sum()))
    tail = np.repeat(np.arange(len(nodes), dtype=np.int64), degree)
    keep = tail != head
    return tail[keep], head[keep]


def _ties(G: nx.Graph, nodes: Sequence[Hashable]) -> tuple[_Ints, _Ints]:
    """Every tie once as (tail, head) index arrays: an arc, or an undirected tie as one arc."""
    tail, head = _arcs(G, nodes)
    if G.is_directed():
        return tail, head
    one_way = tail < head
    return tail[one_way], head[one_way]


def _distinct(codes: _Ints) -> _Ints:
    """The distinct values of ``codes``, sorted."""
    codes = np.sort(codes)
    return codes[np.r_[True, codes[1:] != codes[:-1]]] if codes.size else codes


def _tally(codes: _Ints) -> tuple[_Ints, _Ints]:
    """The distinct values of ``codes``, sorted, and how often each occurs."""
    codes = np.sort(codes)
    if codes.size == 0:
        return codes, codes
    first = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    return codes[first], np.diff(np.r_[first, codes.size])


def _contains(sorted_codes: _Ints, query: _Ints) -> npt.NDArray[np.bool_]:
    """Whether each of ``query`` occurs in ``sorted_codes``."""
    if sorted_codes.size == 0:
        return np.zeros(query.size, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_codes, query), sorted_codes.size - 1)
    found: npt.NDArray[np.bool_] = sorted_codes[at] == query
    return found


def _all_pairs(
    n: int,
    k: int,
    group: _Ints,
    arc_tail: _Ints,
    arc_head: _Ints,
    mutual: npt.NDArray[np.bool_],
) -> _Ints:
    """Per broker ``v`` and role, the pairs ``a → v → c`` with ``a ≠ c``, open or closed.

    With ``p_h`` / ``s_h`` the in- / out-neighbours of ``v`` in group ``h``,
    ``P`` / ``S`` their totals, ``m_h`` the mutual neighbours and ``o`` the
    group of ``v``: coordinator ``p_o s_o − m_o``, gatekeeper
    ``(P − p_o) s_o``, representative ``p_o (S − s_o)``, consultant
    ``Σ_{h≠o} (p_h s_h − m_h)`` and liaison ``(P − p_o)(S − s_o) − Σ_{h≠o} p_h s_h``.
    """
    same = group[arc_tail] == group[arc_head]
    into, out_of = arc_head, arc_tail
    p_total = np.bincount(into, minlength=n)
    s_total = np.bincount(out_of, minlength=n)
    p_own = np.bincount(into[same], minlength=n)
    s_own = np.bincount(out_of[same], minlength=n)
    m_total = np.bincount(into[mutual], minlength=n)
    m_own = np.bincount(into[mutual & same], minlength=n)
    # Σ_h p_h s_h: match (broker, group) keys of in- and out-neighbours.
    in_keys, in_count = _tally(into * k + group[arc_tail])
    out_keys, out_count = _tally(out_of * k + group[arc_head])
    both, i, j = np.intersect1d(in_keys, out_keys, assume_unique=True, return_indices=True)
    ps_total = np.zeros(n, dtype=np.int64)
    np.add.at(ps_total, both // k, in_count[i] * out_count[j])
    ps_own = p_own * s_own
    ps_other = ps_total - ps_own
    return np.column_stack(
        (
            ps_own - m_own,
            (p_total - p_own) * s_own,
            p_own * (s_total - s_own),
            ps_other - (m_total - m_own),
            (p_total - p_own) * (s_total - s_own) - ps_other,
        )
    ).astype(np.int64)


def _triangles(n: int, tail: _Ints, head: _Ints) -> _Ints:
    """Triangles of the simple undirected graph with the edges ``tail[i] – head[i]``."""
    graph = ig.Graph(n=n, edges=list(zip(tail.tolist(), head.tolist(), strict=True)))
    return np.array(graph.list_triangles(), dtype=np.int64).reshape(-1, 3)


def _closed_pairs(n: int, group: _Ints, triangles: _Ints, arcs: _Ints | None) -> _Ints:
    """Per broker ``v`` and role, the pairs ``a → v → c`` that also have the arc ``a → c``.

    Every such triple lies on a triangle of the underlying undirected graph;
    each of a triangle's six orderings is checked.  ``arcs`` (sorted codes
    ``tail * n + head``) is ``None`` for an undirected graph, where every
    ordering is closed.
    """
    closed = np.zeros(n * len(ROLES), dtype=np.int64)
    for order in itertools.permutations(range(3)):
        a, v, c = (triangles[:, col] for col in order)
        if arcs is not None:
            keep = (
                _contains(arcs, a * n + v) & _contains(arcs, v * n + c) & _contains(arcs, a * n + c)
            )
            a, v, c = a[keep], v[keep], c[keep]
        role = _role(group[a], group[v], group[c])
        closed += np.bincount(v * len(ROLES) + role, minlength=closed.size)
    return closed.reshape(n, len(ROLES))


def _role(g_a: _Ints, g_v: _Ints, g_c: _Ints) -> _Ints:
    """Index in :data:`ROLES` of each pair ``a → v → c``, given the three groups."""
    role: _Ints = np.select(
        [
            (g_a == g_v) & (g_v == g_c),
            g_v == g_c,
            g_a == g_v,
            g_a == g_c,
        ],
        [0, 1, 2, 3],
        default=4,
    ).astype(np.int64)
    return role
