"""Actor- and network-level measures, the sector table and the sector mixing matrix.

Which view each measure reads (docs/methods.md): betweenness, closeness, clustering,
effective size, constraint, core number, brokerage and E-I on the
collaboration view (unweighted, networkx's normalisation; effective size and
constraint use tie weights when asked); PageRank on the weighted influence
view; eigenvector on the weighted collaboration view; degrees per view and tie
type. Every convention is stated once, in
:mod:`stakeholder_map.analysis.conventions`, and exported with the tables.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from stakeholder_map.analysis import budget as resources
from stakeholder_map.analysis import centrality as c
from stakeholder_map.analysis import structural_holes as holes
from stakeholder_map.analysis.brokerage import brokerage, ei_index, group_ei_index
from stakeholder_map.analysis.centralisation import (
    betweenness_centralization,
    degree_centralization,
)
from stakeholder_map.analysis.conventions import Convention, conventions_for
from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds, target_engagement
from stakeholder_map.analysis.views import Views, build_views
from stakeholder_map.model import AgreementStatus, StakeholderMap, TieType

__all__ = ["ACTOR_COLUMNS", "NETWORK_KEYS", "Metrics", "compute_metrics"]

ROLES = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")
ACTOR_COLUMNS = (
    "degree", "in_degree", "out_degree", "weighted_degree", "betweenness", "closeness",
    "pagerank", "eigenvector", "clustering", "effective_size", "constraint", *ROLES,
    "core_number", "distance_to_backbone", "articulation_point",
)
"""The metric columns of the actor table (docs/methods.md), after the actor's own fields."""

NETWORK_KEYS = (
    "actors", "ties", "density", "components", "average_path_length", "degree_centralization",
    "betweenness_centralization", "reciprocity", "ei_index", "sector_assortativity",
    "cross_sector_share", "agreement_coverage",
)

Progress = Callable[[str], None]

APL_SOURCES = resources.APL_SOURCES
"""Sources for the sampled average path length (of a map too large for exact measures)."""


@dataclass
class Metrics:
    """Everything an evaluator exports: four tables and what to know about them."""

    actors: pd.DataFrame
    network: dict[str, float | int | str | bool]
    sectors: pd.DataFrame
    mixing: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    weighted: bool = False
    """Whether effective size and constraint used tie weights."""

    def conventions(self) -> tuple[Convention, ...]:
        """The notes table of this run: every measure's definition (see :mod:`conventions`)."""
        return conventions_for(weighted=self.weighted, sampled=bool(self.network.get("sampled")),
                               sample_size=int(self.network.get("sample_size") or 0),
                               path_sources=APL_SOURCES)


class _Stages:
    """Times each stage and tells ``progress`` what is being computed."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.progress:
            self.progress(name)
        start = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - start


def compute_metrics(smap: StakeholderMap, views: Views | None = None,
                    thresholds: Thresholds = DEFAULTS,
                    progress: Progress | None = None, weighted: bool = False,
                    budget: resources.Budget | None = None) -> Metrics:
    """Compute every actor and network measure of docs/methods.md.

    Before any work, :func:`stakeholder_map.analysis.budget.plan` estimates the
    memory and time the map needs: it raises
    :class:`~stakeholder_map.errors.AnalysisTooLarge` when the memory is not
    there (``budget``, by default the one in force, can raise the limit or
    force the start). Above ``thresholds.sample_above`` actors, or when exact
    values would take too long, betweenness, closeness and the average path
    length are estimated from ``thresholds.sample_size`` sampled sources;
    ``network["sampled"]`` and ``notes`` say so.

    ``weighted`` (default False: unweighted, as UCINET's and networkx's
    defaults) makes Burt's effective size and constraint use the collaboration
    view's tie weights; :meth:`Metrics.conventions` records which was used.
    """
    chosen = resources.plan(smap, ("metrics",) if views else ("views", "metrics"), thresholds,
                            budget)
    run = _Stages(progress)
    with run.stage("views"):
        views = views or build_views(smap)
    collab = views.collaboration
    k = thresholds.sample_size if chosen.sampled else None
    sectors: dict[Hashable, str] = {a.id: a.sector for a in smap.actors}
    table = _actor_fields(smap, thresholds)
    with run.stage("degrees"):
        _degrees(table, views)
    converted = c.to_igraph(collab, weight=None)
    with run.stage("betweenness"):
        between = c.betweenness_centrality(collab, k=k, seed=thresholds.seed,
                                           converted=converted, workers=chosen.workers)
        table["betweenness"] = pd.Series(between)
    with run.stage("closeness"):
        table["closeness"] = pd.Series(c.closeness_centrality(
            collab, k=k, seed=thresholds.seed, converted=converted, workers=chosen.workers))
    with run.stage("pagerank and eigenvector"):
        table["pagerank"] = pd.Series(c.pagerank(views.influence))
        table["eigenvector"] = pd.Series(c.eigenvector_centrality(collab))
    with run.stage("clustering and structural holes"):
        table["clustering"] = pd.Series(c.clustering(collab, converted))
        table["effective_size"] = pd.Series(holes.effective_size(collab, converted,
                                                             weighted=weighted))
        table["constraint"] = pd.Series(holes.constraint(collab, converted, weighted=weighted))
    with run.stage("brokerage"):
        roles = pd.DataFrame.from_dict(dict(brokerage(collab, sectors)), orient="index")
        for role in ROLES:
            table[role] = roles.get(role, 0)
    with run.stage("cores, cut points and distance to backbone"):
        table["core_number"] = pd.Series(c.core_number(collab, converted))
        cut = c.articulation_points(collab, converted)
        table["articulation_point"] = table.index.isin(list(cut))
        backbone = smap.programme.backbone
        if backbone and backbone in collab:
            dist = c.shortest_path_length_from(collab, backbone, converted)
            table["distance_to_backbone"] = pd.Series(dist, dtype="Int64")
        else:
            table["distance_to_backbone"] = pd.Series(pd.NA, index=table.index, dtype="Int64")
    with run.stage("network and sectors"):
        mixing = sector_mixing(collab, sectors, [s.id for s in smap.sectors])
        closeness = pd.Series(table["closeness"]).reindex(list(converted[1]))
        network = _network(smap, views, between, closeness, mixing, sectors, converted, k,
                           thresholds)
        sector_table = _sector_table(smap, table, collab, sectors, thresholds)
    notes = chosen.notes()
    columns = [col for col in table.columns if col not in ACTOR_COLUMNS]
    table = table[columns + list(ACTOR_COLUMNS)]
    return Metrics(table, network, sector_table, mixing, notes, run.timings, weighted)


def _actor_fields(smap: StakeholderMap, thresholds: Thresholds) -> pd.DataFrame:
    backbone = smap.programme.backbone
    return pd.DataFrame({
        "id": [a.id for a in smap.actors],
        "name": [a.name for a in smap.actors],
        "sector": [a.sector for a in smap.actors],
        "kind": [a.kind.value for a in smap.actors],
        "engagement": [a.engagement.label for a in smap.actors],
        "target_engagement": [target_engagement(a, backbone, thresholds).label
                              for a in smap.actors],
        "formal_influence": [a.formal_influence for a in smap.actors],
        "informal_influence": [a.informal_influence for a in smap.actors],
    }, index=pd.Index([a.id for a in smap.actors], name="actor"))


def _degrees(table: pd.DataFrame, views: Views) -> None:
    """Degree in the collaboration view, in/out in the influence view, and per tie type."""
    collab, influence = views.collaboration, views.influence
    table["degree"] = pd.Series(dict(collab.degree()))
    table["weighted_degree"] = pd.Series(dict(collab.degree(weight="weight")))
    table["in_degree"] = pd.Series(dict(influence.in_degree()))
    table["out_degree"] = pd.Series(dict(influence.out_degree()))
    ties = pd.DataFrame({"source": [t.source for t in views.ties],
                         "target": [t.target for t in views.ties],
                         "type": [t.type.value for t in views.ties]})
    ends = pd.concat([ties[["source", "type"]].set_axis(["actor", "type"], axis=1),
                      ties[["target", "type"]].set_axis(["actor", "type"], axis=1)])
    per_type = ends.groupby(["actor", "type"]).size().unstack(fill_value=0)
    for tie_type in TieType:
        col = f"degree_{tie_type.value}"
        table[col] = per_type.get(tie_type.value, 0)
        table[col] = table[col].fillna(0).astype(int)


def sector_mixing(G: nx.Graph, groups: Mapping[Hashable, str], order: list[str]) -> pd.DataFrame:
    """Collaboration edges between each pair of sectors (symmetric; diagonal = within a sector)."""
    used = set(groups.values())
    present = [s for s in order if s in used]
    counts = Counter((groups[u], groups[v]) for u, v in G.edges())
    cells = {a: {b: counts[(a, b)] + (counts[(b, a)] if a != b else 0) for b in present}
             for a in present}
    frame = pd.DataFrame.from_dict(cells, orient="index", columns=present).astype(int)
    frame.index.name = "sector"
    return frame


def assortativity_from_mixing(mixing: pd.DataFrame) -> float:
    """Newman's (2003) assortativity coefficient r from a symmetric mixing matrix of edge counts.

    Each undirected edge counts once in each direction: e = (M + diag(M)) / 2m.
    """
    m = mixing.to_numpy(dtype=float)
    e = m + np.diag(np.diag(m))
    total = e.sum()
    if total == 0:
        return math.nan
    e /= total
    a = e.sum(axis=1)
    expected = float((a * a).sum())
    if expected == 1.0:
        return math.nan
    return float((np.trace(e) - expected) / (1.0 - expected))


def _network(smap: StakeholderMap, views: Views, between: Mapping[Hashable, float],
             closeness: pd.Series, mixing: pd.DataFrame, sectors: Mapping[Hashable, str],
             converted: c.Converted, k: int | None, thresholds: Thresholds
             ) -> dict[str, float | int | str | bool]:
    collab = views.collaboration
    edges = collab.number_of_edges()
    diagonal = int(np.trace(mixing.to_numpy())) if len(mixing) else 0
    return {
        "actors": collab.number_of_nodes(),
        "ties": len(views.ties),
        "density": nx.density(collab),
        "components": nx.number_connected_components(collab),
        "average_path_length": c.average_path_length(
            collab, converted, closeness=closeness.to_numpy(dtype=float), k=k,
            seed=thresholds.seed, sources=APL_SOURCES),
        "degree_centralization": degree_centralization(collab),
        "betweenness_centralization": betweenness_centralization(collab, between),
        "reciprocity": (nx.reciprocity(views.influence)
                        if views.influence.number_of_edges() else math.nan),
        "ei_index": ei_index(collab, sectors),
        "sector_assortativity": assortativity_from_mixing(mixing),
        "cross_sector_share": (edges - diagonal) / edges if edges else math.nan,
        "agreement_coverage": agreement_coverage(smap),
        "sampled": k is not None,
        "sample_size": k or 0,
    }


def agreement_coverage(smap: StakeholderMap) -> float:
    """Share of actors party to at least one live agreement (signed or active, not expired).

    The collective-impact condition of a *common agenda* in one number.
    """
    if not smap.actors:
        return math.nan
    day = smap.programme.reference_date()
    live = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
    covered = {p.actor for g in smap.agreements
               if g.status in live and (g.expires is None or g.expires >= day)
               for p in g.parties}
    return len(covered & set(smap.actor_by_id)) / len(smap.actors)


def _sector_table(smap: StakeholderMap, table: pd.DataFrame, collab: nx.Graph,
                  sectors: Mapping[Hashable, str], thresholds: Thresholds) -> pd.DataFrame:
    ei = group_ei_index(collab, sectors)
    rows = []
    level = {a.id: int(a.engagement) for a in smap.actors}
    backbone = smap.programme.backbone
    target = {a.id: int(target_engagement(a, backbone, thresholds)) for a in smap.actors}
    internal = dict.fromkeys(sectors.values(), 0)
    external = dict.fromkeys(sectors.values(), 0)
    for u, v in collab.edges():
        su, sv = sectors[u], sectors[v]
        if su == sv:
            internal[su] += 1
        else:
            external[su] += 1
            external[sv] += 1
    for s in smap.sectors:
        members = table.index[table["sector"] == s.id]
        count = len(members)
        engaged = sum(level[m] >= thresholds.engaged for m in members)
        rows.append({
            "sector": s.id, "name": s.name, "core": s.core, "actors": count,
            "engaged": engaged,
            "engaged_share": engaged / count if count else math.nan,
            "mean_engagement": float(np.mean([level[m] for m in members])) if count else math.nan,
            "mean_target": float(np.mean([target[m] for m in members])) if count else math.nan,
            "internal_ties": internal.get(s.id, 0), "external_ties": external.get(s.id, 0),
            "ei_index": ei.get(s.id, math.nan),
        })
    return pd.DataFrame(rows).set_index("sector")
