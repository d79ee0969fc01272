"""Pieces the Sectors, Engagement and Metrics pages share: sections, the selection, "no data"."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from ..guard import selected_wave

__all__ = ["GRAPH_CONFIG", "GRID", "SHORT_GRID", "no_data", "section", "wave_of"]

GRAPH_CONFIG: Any = {"displaylogo": False,
                "toImageButtonOptions": {"format": "png", "scale": 2}}
"""Plotly's toolbar: no logo; the camera button saves a sharp PNG for a report."""

GRID: dict[str, Any] = {
    "defaultColDef": {"sortable": True, "filter": True, "resizable": True,
                      "floatingFilter": True, "minWidth": 110},
    "dashGridOptions": {"suppressFieldDotNotation": True, "enableCellTextSelection": True,
                        "tooltipShowDelay": 300},
}
"""Sortable, filterable grids; cells are plain text (no HTML renderer anywhere)."""

SHORT_GRID: dict[str, Any] = {
    **GRID,
    "dashGridOptions": {**GRID["dashGridOptions"], "domLayout": "autoHeight"},
    "style": {"height": None},
}
"""A grid of a few rows that grows to show them all instead of scrolling."""


def section(title: str, explanation: str, *children: Any) -> html.Section:
    """A heading, one line a planner reads before the chart, and the chart."""
    return html.Section(className="chart-section", style={"marginBottom": "20px"}, children=[
        html.H3(title, style={"marginBottom": "2px"}),
        html.P(explanation, className="hint", style={"marginTop": 0}),
        *children,
    ])


def wave_of(selection: Any) -> int | None:
    """The selected wave if the store holds it; waits (no update) until there is a selection."""
    return selected_wave(selection)


def no_data() -> html.Div:
    """What a page says when the store holds no programme (or the programme has no wave)."""
    return html.Div(className="no-data", children=[
        html.P("No data to show yet: the store has no programme with an imported wave."),
        html.P(["Upload a workbook on the ", dcc.Link("Data page", href="/data"),
                " — or pick another programme above."]),
    ])
