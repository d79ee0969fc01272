"""Gould–Fernandez brokerage and E-I index on large heavy-tailed graphs: seconds.

Reproduce with
``.venv/bin/python benchmarks/bench_brokerage.py``
(or ``--nodes 100000 --ties-per-node 5 --hubs 20 --hub-degree 5000``).
Target: brokerage on 100k actors and 500k ties, 7 sectors, in under ~10 s.

Three graphs are timed: a Barabási–Albert graph (100k nodes, ~500k ties);
the same graph with extra hubs tied to ``--hub-degree`` random actors each,
so that Σ d(v)², the cost of any loop over pairs of neighbours, exceeds
10^8; and the hub graph as a digraph, each tie one arc of random direction
and one in ten reciprocated.  Graph generation is not timed.
"""

from __future__ import annotations

import argparse
import random
import time

import networkx as nx

from stakeholder_map.analysis.brokerage import brokerage, ei_index, group_ei_index

SECTORS = ("public", "business", "civil_society", "academia", "philanthropy", "community", "media")


def _with_hubs(G: nx.Graph, hubs: int, hub_degree: int, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    H = G.copy()
    nodes = list(H)
    for hub in rng.sample(nodes, hubs):
        H.add_edges_from((hub, other) for other in rng.sample(nodes, hub_degree) if other != hub)
    return H


def _oriented(G: nx.Graph, seed: int) -> nx.DiGraph:
    rng = random.Random(seed)
    D = nx.DiGraph()
    D.add_nodes_from(G)
    for u, v in G.edges():
        if rng.random() < 0.5:
            u, v = v, u
        D.add_edge(u, v)
        if rng.random() < 0.1:
            D.add_edge(v, u)
    return D


def _timed(label: str, G: nx.Graph, groups: dict[int, str]) -> None:
    degrees = [d for _, d in G.degree()]
    pairs = sum(d * d for d in degrees)
    print(
        f"# {label}: {G.number_of_nodes()} nodes, {G.number_of_edges()} ties, "
        f"max degree {max(degrees)}, Σ d² = {pairs:.2e}",
        flush=True,
    )
    for name, fn in (
        ("brokerage", brokerage),
        ("ei_index", ei_index),
        ("group_ei_index", group_ei_index),
    ):
        t0 = time.perf_counter()
        fn(G, groups)
        print(f"{label:>12} {name:>15} {time.perf_counter() - t0:8.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--ties-per-node", type=int, default=5)
    parser.add_argument("--hubs", type=int, default=20)
    parser.add_argument("--hub-degree", type=int, default=5_000)
    args = parser.parse_args()
    G = nx.barabasi_albert_graph(args.nodes, args.ties_per_node, seed=1)
    rng = random.Random(1)
    groups = {v: rng.choice(SECTORS) for v in G}
    _timed("BA", G, groups)
    H = _with_hubs(G, args.hubs, args.hub_degree, seed=2)
    _timed("BA + hubs", H, groups)
    _timed("directed", _oriented(H, seed=3), groups)


if __name__ == "__main__":
    main()
