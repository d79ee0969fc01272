"""Metrics page: actor and network measures in grids, and the CLI's exports as downloads."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, callback, dcc, html, no_update
from dash.dcc import express

from stakeholder_map.export import write_metrics
from stakeholder_map.metrics import Metrics

from .. import charts, ids
from ..data import analysis
from .common import GRID, SHORT_GRID, no_data, section, wave_of

__all__ = ["FORMATS", "download", "fill", "layout", "metrics_file"]

FORMATS = {ids.METRICS_DOWNLOAD_CSV: "csv", ids.METRICS_DOWNLOAD_XLSX: "xlsx",
           ids.METRICS_DOWNLOAD_JSON: "json"}
"""Download button → file type."""

send_bytes = cast(Callable[[bytes, str], dict[str, Any]], express.send_bytes)
"""``dcc.send_bytes`` (untyped in Dash): bytes and a file name → the Download component's data."""


def layout(query: dict[str, list[str]]) -> html.Div:
    """The page; the callback fills it for the selected wave."""
    return html.Div([
        html.H2("Metrics"),
        html.Div(id=ids.METRICS_STATUS),
        html.Div(className="toolbar", children=[
            html.Span("Download:", className="hint"),
            html.Button("CSV (actors)", id=ids.METRICS_DOWNLOAD_CSV),
            html.Button("Excel (all tables)", id=ids.METRICS_DOWNLOAD_XLSX),
            html.Button("JSON (all tables)", id=ids.METRICS_DOWNLOAD_JSON),
            dcc.Download(id=ids.METRICS_DOWNLOAD),
        ]),
        section("The network as a whole",
                "One number per measure, with what it means for the programme.",
                dag.AgGrid(id=ids.METRICS_NETWORK, rowData=[], columnDefs=[], **SHORT_GRID)),
        section("Every actor",
                "Sort by any column (click its header) or filter in the row under it; gap is "
                "the steps between current and target engagement.",
                dag.AgGrid(id=ids.METRICS_ACTORS, rowData=[], columnDefs=[],
                           style={"height": "calc(100vh - 260px)", "minHeight": "420px"},
                           **GRID)),
    ])


@callback(
    Output(ids.METRICS_ACTORS, "rowData"), Output(ids.METRICS_ACTORS, "columnDefs"),
    Output(ids.METRICS_NETWORK, "rowData"), Output(ids.METRICS_NETWORK, "columnDefs"),
    Output(ids.METRICS_STATUS, "children"),
    Input(ids.SELECTION, "data"),
)
def fill(selection: dict[str, Any] | None) -> tuple[Any, ...]:
    """Both grids for the selected wave, and any note about the numbers (e.g. sampled)."""
    wave = wave_of(selection)
    if wave is None:
        return [], [], [], [], no_data()
    metrics = analysis(wave).metrics
    actors, network = charts.actor_rows(metrics), charts.network_rows(metrics)
    notes = [html.P(note, className="hint") for note in metrics.notes] or None
    return actors.rows, actors.columns, network.rows, network.columns, notes


@callback(
    Output(ids.METRICS_DOWNLOAD, "data"),
    Input(ids.METRICS_DOWNLOAD_CSV, "n_clicks"), Input(ids.METRICS_DOWNLOAD_XLSX, "n_clicks"),
    Input(ids.METRICS_DOWNLOAD_JSON, "n_clicks"), State(ids.SELECTION, "data"),
    prevent_initial_call=True,
)
def download(_csv: int | None, _xlsx: int | None, _json: int | None,
             selection: dict[str, Any] | None) -> Any:
    """The file the CLI's ``metrics`` command writes, in the format of the button pressed."""
    fmt = FORMATS.get(str(dash.ctx.triggered_id))
    wave = (selection or {}).get("wave")
    if fmt is None or wave is None:
        return no_update
    return send_bytes(metrics_file(analysis(wave).metrics, fmt), f"metrics-wave-{wave}.{fmt}")


def metrics_file(metrics: Metrics, fmt: str) -> bytes:
    """Bytes of :func:`~stakeholder_map.export.write_metrics` for ``fmt`` (csv, xlsx or json).

    For CSV only the actor table is sent (the CLI writes the other tables beside it).
    """
    with tempfile.TemporaryDirectory(prefix="sm-metrics-") as tmp:
        written = write_metrics(metrics, Path(tmp) / f"metrics.{fmt}")
        return written[0].read_bytes()
