"""Freeman centralisation: how much a network hangs on one actor.

Graph-level indices (Freeman 1979) read on the collaboration view (docs/methods.md):
each compares the actors' spread of a centrality with that of a star, the
most centralised graph, so 1 means a hub-and-spoke network and 0 an even one.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import networkx as nx

__all__ = ["betweenness_centralization", "degree_centralization"]


def degree_centralization(G: nx.Graph) -> float:
    """Freeman degree centralisation of an undirected graph.

    For a programme: 1 means one actor holds every tie (a hub-and-spoke
    network around it), 0 means ties are spread evenly.

    The index is ``Σ (d_max − d_i) / ((n − 1)(n − 2))`` over the ``n`` nodes,
    ``d_i`` counting distinct neighbours; the denominator is the value for a
    star, the most centralised graph.

    Parameters
    ----------
    G : undirected networkx graph
        Parallel edges count once; self-loops are ignored.

    Returns
    -------
    float
        In [0, 1]; 0 when ``G`` has fewer than three nodes.

    Raises
    ------
    networkx.NetworkXNotImplemented
        If ``G`` is directed.

    Examples
    --------
    >>> degree_centralization(nx.star_graph(4))
    1.0
    >>> degree_centralization(nx.cycle_graph(5))
    0.0

    References
    ----------
    .. [1] Freeman, L. C. (1979). "Centrality in social networks: conceptual
       clarification." *Social Networks* 1(3), 215–239.
    """
    _require_undirected(G, "degree_centralization")
    n: int = G.number_of_nodes()
    if n < 3:
        return 0.0
    degrees: list[int] = [len(G[v]) - (v in G[v]) for v in G]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def betweenness_centralization(
    G: nx.Graph, betweenness: Mapping[Hashable, float] | None = None
) -> float:
    """Freeman betweenness centralisation of an undirected graph.

    For a programme: 1 means every shortest route between actors runs through
    one actor (the network depends on it), 0 means no actor stands between
    others more than any other does.

    With ``b_i`` the betweenness normalised as by networkx
    (``normalized=True``, so a star's centre has 1), the index is
    ``Σ (b_max − b_i) / (n − 1)``, which is 1 for a star.

    Parameters
    ----------
    G : undirected networkx graph
    betweenness : mapping, optional
        Normalised betweenness of every node of ``G``, if already computed;
        by default :func:`networkx.betweenness_centrality` (unweighted).

    Returns
    -------
    float
        In [0, 1]; 0 when ``G`` has fewer than three nodes.

    Raises
    ------
    networkx.NetworkXNotImplemented
        If ``G`` is directed.

    Examples
    --------
    >>> betweenness_centralization(nx.star_graph(4))
    1.0
    >>> round(betweenness_centralization(nx.path_graph(4)), 4)
    0.4444

    References
    ----------
    .. [1] Freeman, L. C. (1979). "Centrality in social networks: conceptual
       clarification." *Social Networks* 1(3), 215–239.
    """
    _require_undirected(G, "betweenness_centralization")
    n: int = G.number_of_nodes()
    if n < 3:
        return 0.0
    if betweenness is None:
        betweenness = nx.betweenness_centrality(G, normalized=True)
    values = [float(betweenness[v]) for v in G]
    top = max(values)
    return sum(top - b for b in values) / (n - 1)


def _require_undirected(G: nx.Graph, name: str) -> None:
    if G.is_directed():
        raise nx.NetworkXNotImplemented(f"{name} is defined for undirected graphs only")
