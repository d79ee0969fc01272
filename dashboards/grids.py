"""Pure table data for the dashboard grids: metrics in, AG Grid ``rowData`` and ``columnDefs`` out.

Rows are JSON-safe dicts (NaN and NA become null, numpy scalars plain
numbers). Cells are shown by AG Grid's default renderer, which writes text,
never HTML, so user strings need no escaping here — and no column may use an
HTML or markdown renderer.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pandas as pd

from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.model import Engagement
from stakeholder_map.outputs.tables import json_safe

__all__ = ["NETWORK_MEANINGS", "Grid", "actor_rows", "network_rows", "sector_rows", "shown"]

Row = dict[str, Any]
Column = dict[str, Any]


class Grid(NamedTuple):
    """What an ``AgGrid`` needs: ``rowData`` and ``columnDefs``."""

    rows: list[Row]
    columns: list[Column]


NUMBER_FORMAT = {"function": "params.value == null ? '' : d3.format(',.4~f')(params.value)"}
"""Up to four decimals. dash-ag-grid evaluates this with a small interpreter of its own:
``typeof``, ``String`` and ``isNaN`` are not available there, ``== null`` and ``d3`` are."""

NETWORK_MEANINGS: dict[str, str] = {
    "actors": "Actors on the map.",
    "ties": "Ties in force on the data's date, all types.",
    "density": "Share of the possible collaboration ties that exist (0–1).",
    "components": "Groups with no collaboration path between them; 1 means everyone is reachable.",
    "average_path_length": "Average steps between two actors who can reach each other.",
    "degree_centralization": "How much ties pile up on a few actors (0 even, 1 a star).",
    "betweenness_centralization": "How much the network relies on a few brokers (0–1).",
    "reciprocity": "Share of influence ties that run both ways.",
    "ei_index": "Ties across sectors against ties inside them: −1 all inside, +1 all across.",
    "sector_assortativity": "Above 0: actors work mostly within their sector; below 0: across.",
    "cross_sector_share": "Share of collaboration ties that cross sectors.",
    "agreement_coverage": "Share of actors party to at least one live agreement.",
    "sampled": "Whether betweenness and closeness are estimates from a sample.",
    "sample_size": "Actors the estimate started from (0 when exact).",
}
"""One sentence a planner understands for each network measure."""

_ACTOR_TIPS = {
    "gap": "Steps on the engagement ladder between now and the target.",
    "betweenness": "How often the actor lies on the shortest path between two others (broker).",
    "closeness": "How few steps the actor needs to reach everyone else.",
    "pagerank": "Reach through influence ties (who sways those who sway others).",
    "eigenvector": "Tied to actors who are themselves well tied.",
    "constraint": "High: the actor's contacts all know each other (few structural holes).",
    "effective_size": "Non-redundant contacts: a broker's reach across separate groups.",
    "distance_to_backbone": "Steps from the backbone organisation (blank: not reachable).",
    "articulation_point": "Removing this actor splits the network.",
}


def _column(field: str, frame: pd.DataFrame | None = None, **extra: Any) -> Column:
    col: Column = {"field": field, "headerName": field.replace("_", " "),
                   "filter": "agTextColumnFilter"}
    if frame is not None and field in frame.columns:
        dtype = frame[field].dtype
        if pd.api.types.is_bool_dtype(dtype):
            col["filter"] = True
        elif pd.api.types.is_numeric_dtype(dtype):
            col.update({"filter": "agNumberColumnFilter", "type": "numericColumn",
                        "valueFormatter": NUMBER_FORMAT})
    if field in _ACTOR_TIPS:
        col["headerTooltip"] = _ACTOR_TIPS[field]
    col.update(extra)
    return col


def _records(frame: pd.DataFrame) -> list[Row]:
    return [json_safe(r) for r in frame.to_dict(orient="records")]


def actor_rows(metrics: Metrics) -> Grid:
    """One row per actor: its fields, the gap to its target, and every actor measure."""
    table = metrics.actors.reset_index(drop=True).copy()
    if "id" not in table.columns:
        table.insert(0, "id", [str(i) for i in metrics.actors.index])
    now = [int(Engagement[str(v).upper()]) for v in table["engagement"]]
    target = [int(Engagement[str(v).upper()]) for v in table["target_engagement"]]
    position = list(table.columns).index("target_engagement") + 1
    table.insert(position, "gap", pd.Series([t - n for n, t in zip(now, target, strict=True)],
                                            dtype=int))
    columns = [_column(f, table) for f in table.columns]
    for col in columns:
        if col["field"] in ("id", "name"):
            col["pinned"] = "left"
        if col["field"] == "name":
            col["minWidth"] = 200
    return Grid(_records(table), columns)


def network_rows(metrics: Metrics) -> Grid:
    """One row per network measure: its name, value (raw, and ``shown`` as text) and meaning."""
    rows = [{"metric": key, "value": json_safe(value), "shown": shown(value),
             "meaning": NETWORK_MEANINGS.get(key, "")}
            for key, value in metrics.network.items()]
    columns = [_column("metric", minWidth=220),
               _column("shown", headerName="value", type="rightAligned", width=140),
               _column("meaning", flex=1, minWidth=320, wrapText=True, autoHeight=True)]
    return Grid(rows, columns)


def shown(value: object) -> str:
    """A measure as a planner reads it: yes/no, thousands separated, at most four decimals.

    >>> [shown(v) for v in (True, 1234, 0.123456, 2.5, float("nan"), "x")]
    ['yes', '1,234', '0.1235', '2.5', '—', 'x']
    """
    value = json_safe(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return "—" if value is None else str(value)


def sector_rows(metrics: Metrics) -> Grid:
    """One row per sector of the programme: actors, engagement and ties inside and out."""
    table = metrics.sectors.reset_index()
    columns = [_column(f, table) for f in table.columns]
    return Grid(_records(table), columns)
