"""Pure functions: an analysed wave → cytoscape elements, stylesheet and legend data.

No Dash here, so every rule (what a filter keeps, how big a node is, which
edges a warm path lights up) is unit-tested without a browser. Labels are
drawn by cytoscape on a canvas as plain text, never as HTML.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from stakeholder_map.i18n import N_
from stakeholder_map.model import Engagement, StakeholderMap, Tie, TieType
from stakeholder_map.outputs.positions import OTHER_COLOUR, SECTOR_COLOURS, compute_positions

__all__ = [
    "BROWSER_LAYOUT_MAX",
    "OTHER_COLOUR",
    "SECTOR_COLOURS",
    "SIZE_MEASURES",
    "TIE_STYLES",
    "MapFilters",
    "compute_positions",
    "elements",
    "stylesheet",
    "tie_canvas",
    "visible_actors",
    "visible_ties",
]



SIZE_MEASURES: dict[str, str] = {
    "influence": N_("Influence (formal or informal)"),
    "betweenness": N_("Betweenness (broker between others)"),
    "pagerank": N_("Influence reach (PageRank)"),
    "degree": N_("Partners (degree)"),
    "eigenvector": N_("Connected to the well-connected (eigenvector)"),
}
"""What the map can size actors by → its words (translated where shown)."""

BROWSER_LAYOUT_MAX = 300
"""Up to this many actors the browser runs a force layout; above, positions come from the server."""

FILL: dict[Engagement, float] = {e: round(0.25 + 0.15 * int(e), 2) for e in Engagement}
"""Fill opacity by engagement: unaware is faint, leading is solid ("how filled in" a node is)."""

LABEL_ALL_MAX = 80
"""Up to this many actors shown every actor is named; above, only the :data:`NAMED` biggest."""
NAMED = 40


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
             highlight: Sequence[str] = (), ties_on_canvas: bool = False) -> list[dict[str, Any]]:
    """Cytoscape elements for the visible actors and the ties among them.

    ``measures`` maps a measure name to {actor id: value}; ``highlight`` is a
    warm path (actor ids in order) whose nodes and edges get the class ``path``.
    With ``ties_on_canvas`` (large maps) only the warm path's ties are elements;
    the rest travel by :func:`tie_canvas`.
    """
    shown = visible_actors(smap, f)
    keep = set(shown)
    sizes = _sizes(measures.get(size_by, {}), shown)
    # a crowded map names its biggest actors (by the size measure), not everyone
    named = (set(shown) if len(shown) <= LABEL_ALL_MAX
             else set(heapq.nlargest(NAMED, shown, key=sizes.__getitem__)))
    on_path = set(highlight)
    path_pairs = {frozenset(p) for p in pairwise(highlight)}
    # with a warm path lit, everything else steps back so the path reads on a crowded map
    fade = " faded" if len(highlight) > 1 else ""
    out: list[dict[str, Any]] = []
    for aid in shown:
        a = smap.actor_by_id[aid]
        node: dict[str, Any] = {
            # kept small: thousands of these travel to the browser on every filter change;
            # the name drawn isolated, so its quotes and brackets stay on its own side
            # whatever the page's direction
            "data": {"id": aid, "label": f"\u2068{a.name}\u2069", "sector": a.sector,
                     "engagement": a.engagement.label, "size": sizes[aid],
                     "colour": SECTOR_COLOURS.get(a.sector, OTHER_COLOUR),
                     "fill": FILL[a.engagement],
                     **({"role": a.role} if a.role else {})},
            "classes": ("named" if aid in named else "")
                       + (" path" if aid in on_path else fade),
        }
        if positions and aid in positions:
            x, y = positions[aid]
            # a tenth of a pixel is plenty; full floats were a fifth of a large map's bytes
            node["position"] = {"x": round(x, 1), "y": round(y, 1)}
        out.append(node)
    walked: set[frozenset[str]] = set()
    for i, t in visible_ties(smap, keep, f.tie_types):
        pair = frozenset((t.source, t.target))
        lit = pair in path_pairs
        walked |= {pair} if lit else set()
        if ties_on_canvas and not lit:
            continue
        out.append({"data": {"id": f"t{i}", "source": t.source, "target": t.target},
                    "classes": t.type.value + (" path" if lit else fade)})
    for k, (step_from, step_to) in enumerate(pairwise(highlight)):
        # a step through a shared agreement or forum, or a tie filtered out: still drawn
        if (frozenset((step_from, step_to)) not in walked and step_from in keep
                and step_to in keep):
            out.append({"data": {"id": f"step{k}", "source": step_from, "target": step_to},
                        "classes": "path via"})
    return out


def visible_ties(smap: StakeholderMap, keep: set[str],
                 tie_types: Iterable[str] = ()) -> Iterator[tuple[int, Tie]]:
    """Current ties (ended ones left out) of the chosen types among the kept actors."""
    types = set(tie_types) or {t.value for t in TieType}
    day = smap.programme.reference_date()
    for i, t in enumerate(smap.ties):
        if t.source not in keep or t.target not in keep or t.type.value not in types:
            continue
        if t.until is not None and t.until < day:
            continue
        yield i, t


TIE_STYLES: dict[str, dict[str, Any]] = {
    # colour, dash pattern (px on screen) and arrowhead of each tie type; one source for the
    # cytoscape stylesheet (small maps) and the tie canvas (large maps)
    "collaboration": {"colour": "#9aa0a6", "dash": [], "arrow": False, "width": 1.5},
    "communication": {"colour": "#9aa0a6", "dash": [2, 3], "arrow": False, "width": 1.5},
    "influence": {"colour": "#5f6368", "dash": [], "arrow": True, "width": 1.5},
    "funding": {"colour": "#B8860B", "dash": [], "arrow": True, "width": 1.5},
    "reports_to": {"colour": "#9aa0a6", "dash": [6, 3], "arrow": True, "width": 1.5},
    "tension": {"colour": "#d62728", "dash": [6, 4], "arrow": False, "width": 2.5},
}


def tie_canvas(smap: StakeholderMap, shown: Sequence[str],
               tie_types: Iterable[str] = (), highlight: Sequence[str] = ()) -> dict[str, Any]:
    """The ties of a large map in a compact form, drawn on a canvas under the actors.

    Thousands of ties as cytoscape elements cost the browser seconds (each is a
    styled, evented object); as flat numbers they travel in a fraction of the
    bytes and draw in milliseconds. ``ties`` holds triples: index of the source
    in ``ids``, index of the target, index of the type in ``kinds``. ``focus``
    is the lit warm path: the browser brings it into view and pales the ties.
    """
    index = {aid: k for k, aid in enumerate(shown)}
    kinds = [t.value for t in TieType]
    kind_index = {k: j for j, k in enumerate(kinds)}
    flat: list[int] = []
    for _, t in visible_ties(smap, set(index), tie_types):
        flat += (index[t.source], index[t.target], kind_index[t.type.value])
    return {"ids": list(shown), "ties": flat, "kinds": kinds,
            "styles": [TIE_STYLES.get(k, TIE_STYLES["collaboration"]) for k in kinds],
            "focus": [a for a in highlight if a in index] if len(highlight) > 1 else []}


def _tie_rule(kind: str, style: Mapping[str, Any]) -> dict[str, Any]:
    """The cytoscape rule of one tie type, from :data:`TIE_STYLES`."""
    rule: dict[str, Any] = {"line-color": style["colour"], "width": style["width"]}
    if style["dash"]:
        rule["line-style"] = "dotted" if style["dash"][0] <= 2 else "dashed"
    if style["arrow"]:
        rule["target-arrow-shape"] = "vee" if kind == "reports_to" else "triangle"
        rule["target-arrow-color"] = style["colour"]
    if kind == "tension":
        rule["opacity"] = 0.9
    return {"selector": f".{kind}", "style": rule}


def stylesheet() -> list[dict[str, Any]]:
    """Sector colours, engagement as opacity (pale = not engaged), tie types styled.

    Actors with the class ``named`` are labelled (every actor on a small map,
    the biggest on a crowded one). On large maps only the warm path is cytoscape
    edges (the other ties are on the tie canvas, styled from :data:`TIE_STYLES`).
    """
    base: list[dict[str, Any]] = [
        {"selector": "node", "style": {
            # colour by sector, fill by engagement, straight from each actor's data: one rule
            # for every actor is cheaper for the browser than a rule per sector and level
            "width": "data(size)", "height": "data(size)",
            "background-color": "data(colour)", "background-opacity": "data(fill)",
            "border-width": 1, "border-color": "#333", "font-size": 11,
            "text-valign": "bottom", "text-margin-y": 3, "color": "#222",
            "text-outline-color": "#fff", "text-outline-width": 2,
            # names appear once they are big enough to read
            "min-zoomed-font-size": 7}},
        {"selector": "node.named", "style": {"label": "data(label)"}},
        {"selector": "node:selected", "style": {"label": "data(label)", "border-width": 4,
                                                "border-color": "#000"}},
        {"selector": "edge", "style": {"width": 1.5, "line-color": "#9aa0a6",
                                       "curve-style": "bezier", "opacity": 0.7}},
        *(_tie_rule(kind, style) for kind, style in TIE_STYLES.items()),
        {"selector": "edge.path", "style": {"line-color": "#111", "width": 5, "opacity": 1,
                                            "z-index": 10}},
        {"selector": "node.path", "style": {"border-width": 6, "border-color": "#111",
                                            "label": "data(label)", "z-index": 10,
                                            "min-zoomed-font-size": 0}},
        {"selector": "edge.via", "style": {"line-style": "dashed", "line-color": "#111",
                                           "target-arrow-shape": "none"}},
        {"selector": ".faded", "style": {"opacity": 0.3}},
    ]
    return base
