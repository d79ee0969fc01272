"""Warm introduction paths: who can open the door to an actor the programme still needs.

A warm path runs from the backbone to the actor through actors already
engaged enough to introduce (``active`` or ``leading`` by default), over
collaboration-view edges and influence ties (either way). When no such path
exists, the engaged actor nearest to the target is named instead, so the
facilitator still knows where to start.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from stakeholder_map.analysis import budget as resources
from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds, target_engagement
from stakeholder_map.analysis.views import Views, build_views
from stakeholder_map.model import StakeholderMap

__all__ = ["WarmPath", "introduction_graph", "warm_path", "warm_paths"]


@dataclass(frozen=True)
class WarmPath:
    """The way in to ``target``.

    ``path`` runs backbone → … → target (empty when there is none);
    ``nearest_engaged`` is then the engaged actor closest to the target (None
    when none is connected to it) and ``steps`` its distance.
    """

    target: str
    path: tuple[str, ...]
    nearest_engaged: str | None = None
    steps: int | None = None

    @property
    def found(self) -> bool:
        return bool(self.path)

    @property
    def introducer(self) -> str | None:
        """Who makes the last introduction: the actor just before the target."""
        return self.path[-2] if len(self.path) >= 2 else None


def introduction_graph(views: Views) -> nx.Graph:
    """The collaboration view plus influence ties, undirected: who knows whom well enough.

    Only who is tied to whom is copied, not the actors' and ties' attributes.
    """
    g = nx.Graph()
    g.add_nodes_from(views.collaboration)
    g.add_edges_from(views.collaboration.edges())
    g.add_edges_from(views.influence.edges())
    return g


def _bfs(g: nx.Graph, sources: Iterable[str], allowed: set[str] | None = None
         ) -> tuple[dict[str, str | None], dict[str, int], dict[str, str]]:
    """Breadth-first search from ``sources`` at once, moving only through ``allowed`` actors.

    Returns each reached actor's parent, depth and the source it was reached
    from. Neighbours are visited in sorted order, so results are stable.
    """
    parent: dict[str, str | None] = {}
    depth: dict[str, int] = {}
    origin: dict[str, str] = {}
    queue: deque[str] = deque()
    for s in sorted(sources):
        parent[s], depth[s], origin[s] = None, 0, s
        queue.append(s)
    while queue:
        node = queue.popleft()
        for nxt in sorted(g[node]):
            if nxt not in parent and (allowed is None or nxt in allowed):
                parent[nxt], depth[nxt], origin[nxt] = node, depth[node] + 1, origin[node]
                queue.append(nxt)
    return parent, depth, origin


def _walk(parent: dict[str, str | None], node: str) -> list[str]:
    out = [node]
    while (up := parent[out[-1]]) is not None:
        out.append(up)
    return out[::-1]


def warm_paths(smap: StakeholderMap, views: Views | None = None,
               thresholds: Thresholds = DEFAULTS,
               targets: Iterable[str] | None = None,
               budget: resources.Budget | None = None) -> dict[str, WarmPath]:
    """A warm path for every actor below its target engagement (or for ``targets``).

    Shortest in steps; among equally short paths, the one through
    alphabetically first actors (stable across runs). The memory needed is
    checked first against ``budget`` (see :func:`stakeholder_map.analysis.budget.plan`).
    """
    backbone = smap.programme.backbone
    if backbone is None or backbone not in smap.actor_by_id:
        return {}
    resources.plan(smap, ["paths"] if views else ["views", "paths"], thresholds, budget)
    views = views or build_views(smap)
    g = introduction_graph(views)
    engaged = {a.id for a in smap.actors if a.engagement >= thresholds.introducer}
    parent, depth, _ = _bfs(g, [backbone], engaged | {backbone})
    nearest: tuple[dict[str, str | None], dict[str, int], dict[str, str]] | None = None
    if targets is None:
        targets = [a.id for a in smap.actors if a.id != backbone
                   and a.engagement < target_engagement(a, backbone, thresholds)]
    out = {}
    for t in targets:
        if t in parent:  # engaged itself and reachable through engaged actors
            out[t] = WarmPath(t, tuple(_walk(parent, t)))
            continue
        doors = sorted((depth[n], n) for n in g[t] if n in parent)
        if doors:
            out[t] = WarmPath(t, (*_walk(parent, doors[0][1]), t))
            continue
        if nearest is None:  # one multi-source search serves every target without a path
            nearest = _bfs(g, engaged)
        _, steps, origin = nearest
        if t not in origin:  # no engaged actor is connected to it at all
            out[t] = WarmPath(t, ())
        elif origin[t] != t:
            out[t] = WarmPath(t, (), origin[t], steps[t])
        else:  # engaged itself but cut off from the backbone: the next engaged actor
            out[t] = _nearest_other(g, t, engaged)
    return out


def _nearest_other(g: nx.Graph, target: str, engaged: set[str]) -> WarmPath:
    """The nearest engaged actor other than ``target``, layer by layer (stops at the first)."""
    for steps, layer in enumerate(nx.bfs_layers(g, target)):
        found = sorted(n for n in layer if n != target and n in engaged)
        if found:
            return WarmPath(target, (), found[0], steps)
    return WarmPath(target, ())


def warm_path(smap: StakeholderMap, target: str, views: Views | None = None,
              thresholds: Thresholds = DEFAULTS,
              budget: resources.Budget | None = None) -> WarmPath:
    """The warm path to one actor, whatever its engagement."""
    return warm_paths(smap, views, thresholds, targets=[target], budget=budget).get(
        target, WarmPath(target, ()))
