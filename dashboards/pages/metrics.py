"""Metrics page: actor and network measures in grids, and the CLI's exports as downloads."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html, no_update
from dash.dcc import express

from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.i18n import gettext as _
from stakeholder_map.outputs.tables import write_metrics

from .. import grids, ids
from ..callbacks import callback
from ..data import analysis
from ..guard import selected_wave
from .common import grid_args, no_data, section, wave_of

__all__ = ["FORMATS", "OUTPUTS", "download", "fill", "layout", "metrics_file", "output",
           "output_file"]

FORMATS = {ids.METRICS_DOWNLOAD_CSV: "csv", ids.METRICS_DOWNLOAD_XLSX: "xlsx",
           ids.METRICS_DOWNLOAD_JSON: "json"}
"""Download button → file type."""

send_bytes = cast(Callable[[bytes, str], dict[str, Any]], express.send_bytes)
"""``dcc.send_bytes`` (untyped in Dash): bytes and a file name → the Download component's data."""


def layout(query: dict[str, list[str]]) -> html.Div:
    """The page; the callback fills it for the selected wave."""
    return html.Div([
        html.H2(_("Metrics")),
        html.Div(id=ids.METRICS_STATUS),
        html.Div(className="toolbar", children=[
            html.Span(_("Download:"), className="hint"),
            html.Button(_("CSV (actors)"), id=ids.METRICS_DOWNLOAD_CSV),
            html.Button(_("Excel (all tables)"), id=ids.METRICS_DOWNLOAD_XLSX),
            html.Button(_("JSON (all tables)"), id=ids.METRICS_DOWNLOAD_JSON),
            dcc.Download(id=ids.METRICS_DOWNLOAD),
        ]),
        html.Div(className="toolbar", children=[
            html.Span(_("For the facilitator and the evaluator:"), className="hint"),
            html.Button(_("Readiness pack (HTML)"), id=ids.OUTPUT_PACK),
            html.Button(_("Standalone map (HTML)"), id=ids.OUTPUT_MAP),
            html.Button(_("Gephi (GEXF)"), id=ids.OUTPUT_GEXF),
            html.Button(_("GraphML"), id=ids.OUTPUT_GRAPHML),
            html.Button(_("Everything (Excel)"), id=ids.OUTPUT_XLSX),
            dcc.Loading(dcc.Download(id=ids.OUTPUT_DOWNLOAD)),
        ]),
        section(_("The network as a whole"),
                _("One number per measure, with what it means for the programme."),
                dag.AgGrid(id=ids.METRICS_NETWORK, rowData=[], columnDefs=[],
                           **grid_args(short=True))),
        section(_("Every actor"),
                _("Sort by any column (click its header) or filter in the row under it; gap is "
                  "the steps between current and target engagement."),
                dag.AgGrid(id=ids.METRICS_ACTORS, rowData=[], columnDefs=[],
                           style={"height": "calc(100vh - 260px)", "minHeight": "420px"},
                           **grid_args())),
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
    actors, network = grids.actor_rows(metrics), grids.network_rows(metrics)
    # the analysis' own notes (its catalog translates them)
    notes = [html.P(note, className="hint analysis-text") for note in metrics.notes] or None
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
    wave = selected_wave(selection)
    if fmt is None or wave is None:
        return no_update
    return send_bytes(metrics_file(analysis(wave).metrics, fmt), f"metrics-wave-{wave}.{fmt}")


def metrics_file(metrics: Metrics, fmt: str) -> bytes:
    """Bytes of :func:`~stakeholder_map.outputs.tables.write_metrics` for ``fmt`` (csv, xlsx, json).

    For CSV only the actor table is sent (the CLI writes the other tables beside it).
    """
    with tempfile.TemporaryDirectory(prefix="sm-metrics-") as tmp:
        written = write_metrics(metrics, Path(tmp) / f"metrics.{fmt}")
        return written[0].read_bytes()


OUTPUTS = {ids.OUTPUT_PACK: "readiness.html", ids.OUTPUT_MAP: "map.html",
           ids.OUTPUT_GEXF: "network.gexf", ids.OUTPUT_GRAPHML: "network.graphml",
           ids.OUTPUT_XLSX: "stakeholder-map.xlsx"}
"""Output button → file name (the same files the CLI's report, html and export write)."""


@callback(
    Output(ids.OUTPUT_DOWNLOAD, "data"),
    *(Input(button, "n_clicks") for button in OUTPUTS), State(ids.SELECTION, "data"),
    prevent_initial_call=True,
)
def output(*args: Any) -> Any:
    """One click for each facilitator and evaluator output of the selected wave."""
    name = OUTPUTS.get(str(dash.ctx.triggered_id))
    wave = selected_wave(args[-1])
    if name is None or wave is None:
        return no_update
    return send_bytes(output_file(wave, name), f"wave-{wave}-{name}")


def output_file(wave: int, name: str) -> bytes:
    """The bytes of one output for a wave, made by the library functions the CLI uses."""
    an = analysis(wave)
    if name == "readiness.html":
        from stakeholder_map.outputs.report.pack import readiness_pack

        return readiness_pack(an.smap).encode("utf-8")
    if name == "map.html":
        from stakeholder_map.outputs.standalone_map import standalone_map

        return standalone_map(an.smap, metrics=an.metrics).encode("utf-8")
    from stakeholder_map.outputs.graph_files import write_export

    with tempfile.TemporaryDirectory(prefix="sm-export-") as tmp:
        path = write_export(an.smap, Path(tmp) / name, metrics=an.metrics, gaps=an.gaps)
        return path.read_bytes()
