"""Pure functions: an analysed wave → cytoscape elements, stylesheet and legend data.

No Dash here, so every rule (what a filter keeps, how big a node is, which
edges a warm path lights up) is unit-tested without a browser. Labels are
drawn by cytoscape on a canvas as plain text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from stakeholder_map.layout import OTHER_COLOUR, SECTOR_COLOURS, compute_positions
from stakeholder_map.model import Engagement, StakeholderMap, TieType

__all__ = [
    "BROWSER_LAYOUT_MAX",
    "OTHER_COLOUR",
    "SECTOR_COLOURS",
    "SIZE_MEASURES",
    "MapFilters",
    "compute_positions",
    "elements",
    "stylesheet",
    "visible_actors",
]



SIZE_MEASURES: dict[str, str] = {
    "influence": "Influence (formal or informal)",
    "betweenness": "Betweenness (broker between others)",
    "pagerank": "Influence reach (PageRank)",
    "degree": "Partners (degree)",
    "eigenvector": "Connected to the well-connected (eigenvector)",
}

BROWSER_LAYOUT_MAX = 300
"""Up to this many actors the browser runs a force layout; above, positions come from the server."""


@dataclass(frozen=True)
class MapFilters:
    """What the planner chose to see. Empty sector/tie-type lists mean "all"."""

    sectors: tuple[str, ...] = ()
    tie_types: tuple[str, ...] = ()
    engagement: tuple[int, int] = (0, 5)
    forum: str | None = None
    search: str = ""


def visible_actors(smap: StakeholderMap, f: MapFilters) -> list[str]:
    """Actor ids that pass every filter, in workbook order."""
    members: set[str] | None = None
    if f.forum:
        forum = next((x for x in smap.forums if x.id == f.forum), None)
        members = {m.actor for m in forum.members} if forum else set()
    needle = f.search.strip().casefold()
    low, high = f.engagement
    out = []
    for a in smap.actors:
        if f.sectors and a.sector not in f.sectors:
            continue
        if not low <= int(a.engagement) <= high:
            continue
        if members is not None and a.id not in members:
            continue
        if needle and needle not in f"{a.name} {a.id} {a.role}".casefold():
            continue
        out.append(a.id)
    return out


def _sizes(values: Mapping[str, float], ids: Sequence[str]) -> dict[str, float]:
    """Node diameters from 18 to 70 px, by the square root of the measure (area ∝ value)."""
    raw = np.array([max(float(values.get(i, 0.0) or 0.0), 0.0) for i in ids])
    raw = np.where(np.isfinite(raw), raw, 0.0)
    top = float(np.sqrt(raw).max()) if len(raw) else 0.0
    scaled = np.sqrt(raw) / top if top > 0 else np.zeros(len(raw))
    return {i: round(18 + 52 * float(s), 1) for i, s in zip(ids, scaled, strict=True)}


def elements(smap: StakeholderMap, measures: Mapping[str, Mapping[str, float]], f: MapFilters,
             size_by: str = "influence", positions: Mapping[str, tuple[float, float]] | None = None,
             highlight: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Cytoscape elements for the visible actors and the ties among them.

    ``measures`` maps a measure name to {actor id: value}; ``highlight`` is a
    warm path (actor ids in order) whose nodes and edges get the class ``path``.
    """
    shown = visible_actors(smap, f)
    keep = set(shown)
    sizes = _sizes(measures.get(size_by, {}), shown)
    on_path = set(highlight)
    path_pairs = {frozenset(p) for p in pairwise(highlight)}
    out: list[dict[str, Any]] = []
    for aid in shown:
        a = smap.actor_by_id[aid]
        node: dict[str, Any] = {
            # kept small: thousands of these travel to the browser on every filter change
            "data": {"id": aid, "label": a.name, "sector": a.sector,
                     "engagement": a.engagement.label, "size": sizes[aid],
                     **({"role": a.role} if a.role else {})},
            "classes": " ".join(filter(None, (f"sector-{a.sector}", f"eng-{int(a.engagement)}",
                                               "path" if aid in on_path else ""))),
        }
        if positions and aid in positions:
            x, y = positions[aid]
            node["position"] = {"x": x, "y": y}
        out.append(node)
    types = set(f.tie_types) or {t.value for t in TieType}
    day = smap.programme.reference_date()
    for i, t in enumerate(smap.ties):
        if t.source not in keep or t.target not in keep or t.type.value not in types:
            continue
        if t.until is not None and t.until < day:
            continue
        pair = frozenset((t.source, t.target))
        classes = t.type.value + (" path" if pair in path_pairs else "")
        out.append({"data": {"id": f"t{i}", "source": t.source, "target": t.target},
                    "classes": classes})
    return out


def stylesheet(sectors: Iterable[str], labels: bool = True,
               large: bool = False) -> list[dict[str, Any]]:
    """Sector colours, engagement as opacity (pale = not engaged), tie types styled.

    ``large`` maps draw every tie as a cheap straight "haystack" line without an
    arrowhead (the warm path keeps its arrows), so thousands of edges draw fast.
    """
    base: list[dict[str, Any]] = [
        {"selector": "node", "style": {
            "width": "data(size)", "height": "data(size)", "background-color": OTHER_COLOUR,
            "border-width": 1, "border-color": "#333", "font-size": 11,
            "text-valign": "bottom", "text-margin-y": 3, "color": "#222",
            "text-outline-color": "#fff", "text-outline-width": 2,
            **({"label": "data(label)"} if labels else {})}},
        {"selector": "node:selected", "style": {"label": "data(label)", "border-width": 4,
                                                "border-color": "#000"}},
        {"selector": "edge", "style": {"width": 1.5, "line-color": "#9aa0a6",
                                       "curve-style": "bezier", "opacity": 0.7}},
        {"selector": ".communication", "style": {"line-style": "dotted"}},
        {"selector": ".influence", "style": {"target-arrow-shape": "triangle",
                                             "target-arrow-color": "#5f6368",
                                             "line-color": "#5f6368"}},
        {"selector": ".funding", "style": {"target-arrow-shape": "triangle",
                                           "line-color": "#B8860B",
                                           "target-arrow-color": "#B8860B"}},
        {"selector": ".reports_to", "style": {"target-arrow-shape": "vee",
                                              "line-style": "dashed"}},
        {"selector": ".tension", "style": {"line-color": "#d62728", "line-style": "dashed",
                                           "width": 2.5, "opacity": 0.9}},
        {"selector": "edge.path", "style": {"line-color": "#111", "width": 5, "opacity": 1,
                                            "z-index": 10}},
        {"selector": "node.path", "style": {"border-width": 6, "border-color": "#111",
                                            "label": "data(label)", "z-index": 10}},
    ]
    if large:
        # thousands of arrowheads cost more to draw than everything else together:
        # large maps draw every tie as a plain haystack line (colour still tells the type)
        base.append({"selector": "edge", "style": {"curve-style": "haystack",
                                                   "haystack-radius": 0, "width": 1,
                                                   "target-arrow-shape": "none"}})
        base.append({"selector": "edge.path", "style": {"curve-style": "straight",
                                                        "target-arrow-shape": "triangle"}})
    for s in sectors:
        base.append({"selector": f".sector-{s}",
                     "style": {"background-color": SECTOR_COLOURS.get(s, OTHER_COLOUR)}})
    for level in Engagement:
        # unaware is faint, leading is solid: engagement reads as how "filled in" a node is
        base.append({"selector": f".eng-{int(level)}",
                     "style": {"background-opacity": round(0.25 + 0.15 * int(level), 2)}})
    return base
