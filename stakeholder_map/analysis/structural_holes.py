"""Structural holes (Burt 1992): how redundant an actor's contacts are.

An actor whose contacts are not tied to each other bridges a structural hole: it can
broker between them. *Effective size* counts the non-redundant contacts; *constraint*
measures how much the actor's time and energy are locked into one closed group. Both
read the collaboration view, unweighted by default or with tie weights (``weighted``),
and equal :func:`networkx.effective_size` and :func:`networkx.constraint` (the tests
check both to 1e-9); they run on the igraph graph of :func:`to_igraph`.

References
----------
Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
*Connections* 20(1), 35–38.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable

import igraph as ig
import networkx as nx
import numpy as np

from stakeholder_map.analysis.centrality import Converted, _as_dict, to_igraph

__all__ = ["constraint", "effective_size"]


def _edge_weights(G: nx.Graph, g: ig.Graph) -> np.ndarray:
    """``G``'s edge weights (``weight``, 1 when absent) in the edge order of ``to_igraph(G)``."""
    weights = np.fromiter((float(w) for _, _, w in G.edges(data="weight", default=1.0)),
                          dtype=float, count=G.number_of_edges())
    if weights.size != g.ecount():
        raise ValueError(f"the converted graph has {g.ecount()} edges and G {weights.size}: "
                         "pass converted=to_igraph(G) made from this G")
    return weights


def effective_size(G: nx.Graph, converted: Converted | None = None,
                   weighted: bool = False) -> dict[Hashable, float]:
    """Burt's (1992) effective size: the actor's contacts less their redundancy.

    Unweighted: n − 2t/n (Borgatti 1997), n contacts with t ties among them.
    Weighted (the edge attribute ``weight``): Σ_j (1 − Σ_q p_iq m_jq), with
    p_iq = w_iq / Σ_k w_ik and m_jq = w_jq / max_k w_jk (Burt 1992). Same as
    :func:`networkx.effective_size` with ``weight=None`` / ``weight="weight"``
    on an undirected graph; nan for an isolate.
    """
    g, nodes = converted or to_igraph(G, weight=None)
    deg = np.asarray(g.degree(), dtype=float)
    if weighted:
        redundancy = _weighted_redundancy(g, _edge_weights(G, g))
        with np.errstate(invalid="ignore"):
            size = np.where(deg > 0, deg - redundancy, np.nan)
        return _as_dict(nodes, size)
    local = np.nan_to_num(np.asarray(g.transitivity_local_undirected(mode="zero"), dtype=float))
    ties_among = local * deg * (deg - 1) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.where(deg > 0, deg - 2.0 * ties_among / deg, np.nan)
    return _as_dict(nodes, size)


def _weighted_redundancy(g: ig.Graph, weights: np.ndarray) -> np.ndarray:
    """Σ_j Σ_q p_iq m_jq per actor i, over contacts j, q of i that are tied to each other.

    Only closed triads add redundancy, so the sum runs over igraph's triangle
    list: each of a triangle's six orderings (i, j, q) adds p_iq · m_jq to i.
    """
    n = g.vcount()
    edges = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    strength = np.bincount(edges.ravel(), weights=np.repeat(weights, 2), minlength=n)
    top = np.zeros(n)
    np.maximum.at(top, edges[:, 0], weights)
    np.maximum.at(top, edges[:, 1], weights)
    out = np.zeros(n)
    triangles = np.asarray(g.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if triangles.size == 0:
        return out
    # the weight of a pair by binary search over sorted pair codes (low · n + high)
    codes = edges.min(axis=1) * n + edges.max(axis=1)
    order = np.argsort(codes)
    codes, by_code = codes[order], weights[order]

    def weight_of(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        found: np.ndarray = by_code[np.searchsorted(codes, np.minimum(a, b) * n
                                                    + np.maximum(a, b))]
        return found

    for i_col, j_col, q_col in itertools.permutations(range(3)):
        i, j, q = triangles[:, i_col], triangles[:, j_col], triangles[:, q_col]
        w_iq = weight_of(i, q)
        w_jq = weight_of(j, q)
        # networkx: a normalised weight whose scale is 0 counts as 0
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(strength[i] != 0, w_iq / strength[i], 0.0)
            m = np.where(top[j] != 0, w_jq / top[j], 0.0)
        np.add.at(out, i, p * m)
    return out


def constraint(G: nx.Graph, converted: Converted | None = None,
               weighted: bool = False) -> dict[Hashable, float]:
    """Burt's (1992) constraint: how much an actor's contacts are tied to each other.

    High constraint means few structural holes to broker. Unweighted, or with
    ``weighted`` the edge attribute ``weight`` as tie strength (igraph's
    constraint with weights, which equals networkx's: checked to 1e-9 in the
    tests). Same as :func:`networkx.constraint` with ``weight=None`` /
    ``weight="weight"``; nan for an isolate.
    """
    g, nodes = converted or to_igraph(G, weight=None)
    weights = _edge_weights(G, g).tolist() if weighted else None
    values = np.asarray(g.constraint(weights=weights), dtype=float)
    deg = np.asarray(g.degree())
    return _as_dict(nodes, np.where(deg > 0, values, np.nan).tolist())
