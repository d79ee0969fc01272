"""Where actors sit on a picture of the network, and the sector palette every picture uses.

Shared by the dashboard map, the standalone map and the readiness pack, so an
actor has the same place and colour in each.
"""

from __future__ import annotations

import math
import random

import igraph as ig
import numpy as np

from .model import StakeholderMap

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
    per wave and cached in the store.
    """
    ids = [a.id for a in smap.actors]
    if not ids:
        return {}
    index = {a: i for i, a in enumerate(ids)}
    edges = {(min(index[t.source], index[t.target]), max(index[t.source], index[t.target]))
             for t in smap.ties}
    g = ig.Graph(n=len(ids), edges=sorted(edges))
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1, 1, size=(len(ids), 2)).tolist()
    # igraph draws from Python's `random`: seed it for a layout that is the same every time
    state = random.getstate()
    random.seed(seed)
    try:
        layout = g.layout_fruchterman_reingold(seed=start, niter=300, grid="auto")
    finally:
        random.setstate(state)
    coords = np.asarray(layout.coords, dtype=float)
    coords -= coords.mean(axis=0)
    extent = float(np.abs(coords).max()) or 1.0
    scale = 40 * math.sqrt(len(ids)) / extent
    return {a: (round(float(x) * scale, 1), round(float(y) * scale, 1))
            for a, (x, y) in zip(ids, coords, strict=True)}
