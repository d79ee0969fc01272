"""Where actors sit on a picture of the network, and the sector palette every picture uses.

Shared by the dashboard map, the standalone map and the readiness pack, so an
actor has the same place and colour in each.
"""

from __future__ import annotations

import math
import random

import igraph as ig
import numpy as np

from stakeholder_map.model import StakeholderMap

__all__ = ["OTHER_COLOUR", "SECTOR_COLOURS", "compute_positions"]

SECTOR_COLOURS: dict[str, str] = {
    # Okabe–Ito palette: distinguishable with the common colour-vision deficiencies
    "public": "#0072B2", "business": "#E69F00", "civil_society": "#009E73",
    "academia": "#CC79A7", "philanthropy": "#D55E00", "community": "#56B4E9",
    "media": "#F0E442",
}
"""Okabe–Ito colours for the default sectors."""
OTHER_COLOUR = "#999999"
"""Any other sector is grey."""


def compute_positions(smap: StakeholderMap, seed: int = 1) -> dict[str, tuple[float, float]]:
    """Server-side force-directed positions (igraph's grid Fruchterman–Reingold), in pixels.

    Used for maps too large for a force layout in the browser; computed once
    per wave and cached in the store. Only current ties pull actors together.
    Above 1,000 actors the grid variant keeps it near-linear (5,000 actors in
    well under a second, instead of ~25 s).
    """
    from stakeholder_map.analysis.views import current_ties

    ids = [a.id for a in smap.actors]
    if not ids:
        return {}
    index = {a: i for i, a in enumerate(ids)}
    edges = {(min(index[t.source], index[t.target]), max(index[t.source], index[t.target]))
             for t in current_ties(smap)}
    g = ig.Graph(n=len(ids), edges=sorted(edges))
    # igraph draws its starting positions from Python's `random`: seed it, so the same
    # map gets the same picture every time, and give the state back afterwards
    state = random.getstate()
    random.seed(seed)
    try:
        layout = g.layout_fruchterman_reingold(
            niter=300, grid="grid" if len(ids) > 1000 else "nogrid")
    finally:
        random.setstate(state)
    coords = np.asarray(layout.coords, dtype=float)
    coords -= coords.mean(axis=0)
    extent = float(np.abs(coords).max()) or 1.0
    scale = 40 * math.sqrt(len(ids)) / extent
    return {a: (round(float(x) * scale, 1), round(float(y) * scale, 1))
            for a, (x, y) in zip(ids, coords, strict=True)}
