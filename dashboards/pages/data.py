"""Data page: programmes and waves in the store, and uploading a workbook as a new wave."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html, no_update
from flask import current_app

from stakeholder_map.errors import StakeholderMapError
from stakeholder_map.workbook.isolated import load_isolated

from .. import ids
from ..callbacks import callback
from ..data import prepare, store
from ..guard import text as checked_text
from ..urlstate import merge_query

PROBLEM_COLUMNS = [{"field": f, "headerName": h, "width": w} for f, h, w in (
    ("severity", "Level", 90), ("sheet", "Sheet", 140), ("row", "Row", 80),
    ("column", "Column", 150), ("value", "Value", 160), ("message", "Problem", 260),
    ("expected", "Expected", 260), ("suggestion", "Suggestion", 200))]
WAVE_COLUMNS = [{"field": f, "headerName": h, "flex": 1} for f, h in (
    ("programme", "Programme"), ("label", "Wave"), ("imported_at", "Imported (UTC)"),
    ("source_name", "Source file"), ("actors", "Actors"), ("ties", "Ties"))]


def layout(query: dict[str, list[str]]) -> html.Div:
    del query
    limit_mb = current_app.config["SM_MAX_UPLOAD"] / (1024 * 1024)
    return html.Div([
        html.H2("Programmes and waves"),
        dag.AgGrid(id=ids.DATA_WAVES, columnDefs=WAVE_COLUMNS, rowData=_wave_rows(),
                   defaultColDef={"sortable": True, "filter": True},
                   style={"height": "260px"}),
        html.H2("Upload a workbook as a new wave"),
        html.P(f"An .xlsx workbook or a .zip of CSV files (up to {limit_mb:g} MB). A workbook "
               "with errors is not stored: every problem is listed with its sheet, row and "
               "column."),
        html.Label(["Programme (blank: the workbook's own name) ",
                    dcc.Input(id=ids.DATA_PROGRAMME_NAME, type="text",
                              placeholder="e.g. Kehila Metiva")]),
        dcc.Upload(id=ids.DATA_UPLOAD, multiple=False, className="upload",
                   accept=".xlsx,.zip,.csv,.ods",
                   children=html.Div(["Drop a workbook here or ", html.A("choose a file")])),
        html.Div(id=ids.DATA_RESULT, className="result"),
        dag.AgGrid(id=ids.DATA_PROBLEMS, columnDefs=PROBLEM_COLUMNS, rowData=[],
                   defaultColDef={"sortable": True, "filter": True, "resizable": True,
                                  "wrapText": True, "autoHeight": True},
                   style={"height": "360px", "display": "none"}),
    ])


def _wave_rows() -> list[dict[str, Any]]:
    st = store()
    return [{"programme": w.programme, "label": w.label,
             "imported_at": f"{w.imported_at:%Y-%m-%d %H:%M}", "source_name": w.source_name,
             "actors": w.actors, "ties": w.ties, "wave": w.id}
            for p in st.programmes() for w in st.waves(p.id)]


def decode_upload(contents: str, limit: int) -> bytes:
    """The bytes of a dcc.Upload value; ValueError with a readable reason if unusable."""
    _, _, payload = contents.partition(",")
    if len(payload) * 3 // 4 > limit:
        raise ValueError(f"the file is larger than the {limit // (1024 * 1024)} MB allowed")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the upload could not be decoded") from None
    if len(data) > limit:
        raise ValueError(f"the file is larger than the {limit // (1024 * 1024)} MB allowed")
    return data


@callback(
    Output(ids.DATA_RESULT, "children"), Output(ids.DATA_PROBLEMS, "rowData"),
    Output(ids.DATA_PROBLEMS, "style"), Output(ids.DATA_WAVES, "rowData"),
    Output(ids.URL, "search", allow_duplicate=True),
    Input(ids.DATA_UPLOAD, "contents"), State(ids.DATA_UPLOAD, "filename"),
    State(ids.DATA_PROGRAMME_NAME, "value"), State(ids.URL, "search"),
    prevent_initial_call=True,
)
def upload(contents: str | None, filename: str | None, programme: str | None,
           search: str | None) -> tuple[Any, ...]:
    """Validate an uploaded workbook; store it as a new wave only if it has no errors.

    The file is read in a child process held to memory and time limits
    (:mod:`stakeholder_map.workbook.isolated`), so no file can take the server down.
    """
    hidden = {"height": "360px", "display": "none"}
    contents = checked_text(contents, None)    # its size: decode_upload says if too large
    filename = checked_text(filename, 1000)
    programme, search = checked_text(programme, 1000), checked_text(search)
    if not contents or not filename:
        return no_update, no_update, no_update, no_update, no_update
    try:
        data = decode_upload(contents, current_app.config["SM_MAX_UPLOAD"])
        result = load_isolated(data, filename)  # a crash or out-of-memory stays in a child
    except (ValueError, StakeholderMapError) as exc:
        text = str(exc)  # a read error already names the file first
        text = text if text.startswith(f"{filename}: ") else f"{filename}: {text}"
        return html.P(text, className="error"), [], hidden, no_update, no_update
    if result.map is None:
        rows = [p.as_dict() for p in result.problems]
        message = html.P(f"{filename} was not stored: {len(result.errors)} error(s) to fix "
                         f"(and {len(result.warnings)} warning(s)).", className="error")
        return message, rows, {"height": "360px", "display": "block"}, no_update, no_update
    wave = store().import_map(result.map, programme=(programme or "").strip() or None,
                              source_name=filename)
    prepare([wave.id])
    warnings = [p.as_dict() for p in result.warnings]
    message = html.P(f"{filename} stored as wave “{wave.label}” of {wave.programme}: "
                     f"{wave.actors} actors, {wave.ties} ties"
                     + (f", {len(warnings)} warning(s) below." if warnings else "."),
                     className="ok")
    style = {"height": "360px", "display": "block" if warnings else "none"}
    return (message, warnings, style, _wave_rows(),
            merge_query(search, programme=wave.programme_id, wave=wave.id))
