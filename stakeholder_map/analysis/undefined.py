"""Which measures of a run are undefined, and why: the notes beside a ``null``.

A measure can have no value on some maps: the average path length when no two
actors are connected, reciprocity without influence ties, an isolate's
effective size. The tables keep NaN there; every JSON file writes ``null``
(never ``NaN`` or ``Infinity``, which strict JSON parsers reject) and carries
one of these notes saying which measure is undefined and why.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from stakeholder_map.analysis.metrics import Metrics

__all__ = ["network_reasons", "undefined_notes"]

_NETWORK_WHY = {
    "average_path_length": "no two actors are connected, so there is no path to average",
    "reciprocity": "there are no influence ties",
    "ei_index": "there are no collaboration ties",
    "cross_sector_share": "there are no collaboration ties",
    "sector_assortativity": "every collaboration tie joins two actors of one and the same "
                            "sector, so there is no mix to compare with",
    "agreement_coverage": "the map has no actors",
}

_ROW_WHY = {
    ("actors", "effective_size"): "actors without collaboration ties (no contacts to count)",
    ("actors", "constraint"): "actors without collaboration ties (no contacts to constrain them)",
    ("actors", "distance_to_backbone"): "actors with no path to the backbone, or every actor "
                                        "when the programme names no backbone",
    ("sectors", "engaged_share"): "sectors without actors",
    ("sectors", "mean_engagement"): "sectors without actors",
    ("sectors", "mean_target"): "sectors without actors",
    ("sectors", "ei_index"): "sectors that no collaboration tie touches",
}


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, (float, np.floating)):
        return not math.isfinite(float(value))
    return False


def network_reasons(network: Mapping[str, object]) -> dict[str, str]:
    """Each network measure that is undefined (NaN, infinite or missing) → why.

    >>> network_reasons({"reciprocity": float("nan"), "density": 0.5})
    {'reciprocity': 'there are no influence ties'}
    """
    out = {}
    for key, value in network.items():
        if isinstance(value, bool) or not _missing(value):
            continue
        out[key] = _NETWORK_WHY.get(key, "not a finite number on this map")
    if "sector_assortativity" in out and "ei_index" in out:
        out["sector_assortativity"] = _NETWORK_WHY["ei_index"]
    return out


def undefined_notes(metrics: Metrics) -> list[str]:
    """One line per undefined measure: ``null`` in JSON, and why.

    Network measures by name; actor and sector measures with how many rows.
    """
    notes = [f"network {key} is null: {why}"
             for key, why in network_reasons(metrics.network).items()]
    for table_name, table in (("actors", metrics.actors), ("sectors", metrics.sectors)):
        for column in table.columns:
            series = table[column]
            if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
                continue
            count = int(sum(_missing(v) for v in series.tolist()))
            if count == 0:
                continue
            why = _ROW_WHY.get((table_name, str(column)), "not a finite number there")
            notes.append(f"{table_name} {column} is null for {count} of {len(series)} "
                         f"{table_name}: {why}")
    return notes
