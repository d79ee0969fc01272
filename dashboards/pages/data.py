"""Data page: programmes and waves in the store, and uploading a workbook as a new wave."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html, no_update
from flask import current_app

from stakeholder_map.errors import StakeholderMapError
from stakeholder_map.i18n import N_, format_decimal, format_integer, ngettext
from stakeholder_map.i18n import gettext as _
from stakeholder_map.workbook.isolated import load_isolated

from .. import ids
from ..callbacks import callback
from ..data import prepare, store
from ..grids import number_format
from ..guard import text as checked_text
from ..labels import PROBLEM_LEVELS, label
from ..urlstate import merge_query
from .common import bdi, date_time_format, grid_options, sentence

__all__ = ["decode_upload", "layout", "problem_columns", "upload", "wave_columns"]

MB = 1024 * 1024

PROBLEM_FIELDS = (
    ("severity", N_("Level"), 100), ("sheet", N_("Sheet"), 140), ("row", N_("Row"), 80),
    ("column", N_("Column"), 150), ("value", N_("Value"), 160),
    ("message", N_("Problem"), 260), ("expected", N_("Expected"), 260),
    ("suggestion", N_("Suggestion"), 200))
"""The problems grid's columns: field, heading (translated where shown), width."""

WAVE_FIELDS = (("programme", N_("Programme")), ("label", N_("Wave")),
               ("imported_at", N_("Imported (UTC)")), ("source_name", N_("Source file")),
               ("actors", N_("Actors")), ("ties", N_("Ties")))

_USER_TEXT = frozenset({"programme", "label", "source_name", "sheet", "column", "value"})
"""Columns holding the workbook's own text (names, sheet and column names as the workbook
spells them, a cell's value): laid out in their own direction, whatever the page's."""

_SHOWN = {"height": "360px", "display": "block"}
_HIDDEN = {"height": "360px", "display": "none"}


def problem_columns() -> list[dict[str, Any]]:
    """The problems grid's columns in the page's language; a problem's level in words."""
    columns: list[dict[str, Any]] = []
    for field, heading, width in PROBLEM_FIELDS:
        col: dict[str, Any] = {"field": field, "headerName": _(heading), "width": width}
        if field == "severity":
            col["refData"] = {level: label(PROBLEM_LEVELS, level) for level in PROBLEM_LEVELS}
        if field in _USER_TEXT:
            col["cellClass"] = "user-text"
        columns.append(col)
    return columns


def wave_columns() -> list[dict[str, Any]]:
    """The waves grid's columns in the page's language: dates and counts as it writes them
    (the rows keep ISO dates and plain numbers, so sorting stays right)."""
    columns: list[dict[str, Any]] = []
    for field, heading in WAVE_FIELDS:
        col: dict[str, Any] = {"field": field, "headerName": _(heading), "flex": 1}
        if field == "imported_at":
            col["valueFormatter"] = date_time_format()
        elif field in ("actors", "ties"):
            col.update(type="numericColumn", valueFormatter=number_format(",d"))
        if field in _USER_TEXT:
            col["cellClass"] = "user-text"
        columns.append(col)
    return columns


def layout(query: dict[str, list[str]]) -> html.Div:
    del query
    limit_mb = current_app.config["SM_MAX_UPLOAD"] / MB
    return html.Div([
        html.H2(_("Programmes and waves")),
        dag.AgGrid(id=ids.DATA_WAVES, columnDefs=wave_columns(), rowData=_wave_rows(),
                   defaultColDef={"sortable": True, "filter": True},
                   dashGridOptions=grid_options(), style={"height": "260px"}),
        html.H2(_("Upload a workbook as a new wave")),
        html.P(_("An .xlsx or .ods workbook, a .csv file or a .zip of CSV files (up to "
                 "{limit} MB). A workbook with errors is not stored: every problem is listed "
                 "with its sheet, row and column.").format(limit=format_decimal(limit_mb))),
        html.Label([_("Programme (blank: the workbook's own name)"), " ",
                    dcc.Input(id=ids.DATA_PROGRAMME_NAME, type="text",
                              placeholder=_("e.g. Kehila Metiva"))]),
        dcc.Upload(id=ids.DATA_UPLOAD, multiple=False, className="upload",
                   accept=".xlsx,.zip,.csv,.ods",
                   children=html.Div(sentence(_("Drop a workbook here or {choose_a_file}"),
                                              choose_a_file=html.A(_("choose a file"))))),
        html.Div(id=ids.DATA_RESULT, className="result"),
        dag.AgGrid(id=ids.DATA_PROBLEMS, columnDefs=problem_columns(), rowData=[],
                   defaultColDef={"sortable": True, "filter": True, "resizable": True,
                                  "wrapText": True, "autoHeight": True},
                   dashGridOptions=grid_options(), style=_HIDDEN),
    ])


def _wave_rows() -> list[dict[str, Any]]:
    st = store()
    return [{"programme": w.programme, "label": w.label,
             "imported_at": f"{w.imported_at:%Y-%m-%d %H:%M}", "source_name": w.source_name,
             "actors": w.actors, "ties": w.ties, "wave": w.id}
            for p in st.programmes() for w in st.waves(p.id)]


def decode_upload(contents: str, limit: int) -> bytes:
    """The bytes of a dcc.Upload value; ValueError with a readable reason if unusable."""
    _header, _comma, payload = contents.partition(",")
    too_large = _("the file is larger than the {limit} MB allowed")
    if len(payload) * 3 // 4 > limit:
        raise ValueError(too_large.format(limit=format_decimal(limit / MB)))
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(_("the upload could not be decoded")) from None
    if len(data) > limit:
        raise ValueError(too_large.format(limit=format_decimal(limit / MB)))
    return data


def _failure(filename: str, text: str) -> list[Any]:
    """Why a file could not be read, naming it once, isolated: the reader's messages start
    with the file's name (a translation may put it elsewhere); the page's own do not."""
    if text.startswith(f"{filename}: "):
        text = text[len(filename) + 2:]
    elif filename in text:
        before, _name, after = text.partition(filename)
        return [part for part in (before, bdi(filename), after) if part != ""]
    return sentence(_("{file}: {problem}"), file=bdi(filename), problem=text)


def _count(words: str, n: int) -> str:
    """``words`` (an ``ngettext`` of ``{n} …``) with ``n`` as the language writes it."""
    return words.format(n=format_integer(n))


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
    The file's name, the programme's and the wave's are the visitor's text: each is
    isolated (``Bdi``) inside the page's sentence.
    """
    contents = checked_text(contents, None)    # its size: decode_upload says if too large
    filename = checked_text(filename, 1000)
    programme, search = checked_text(programme, 1000), checked_text(search)
    if not contents or not filename:
        return no_update, no_update, no_update, no_update, no_update
    try:
        data = decode_upload(contents, current_app.config["SM_MAX_UPLOAD"])
        result = load_isolated(data, filename)  # a crash or out-of-memory stays in a child
    except (ValueError, StakeholderMapError) as exc:
        return (html.P(_failure(filename, str(exc)), className="error"), [], _HIDDEN,
                no_update, no_update)
    if result.map is None:
        errors, warnings = len(result.errors), len(result.warnings)
        words = sentence(ngettext("{file} was not stored: {n} error to fix.",
                                  "{file} was not stored: {n} errors to fix.", errors),
                         file=bdi(filename), n=format_integer(errors))
        if warnings:
            words += [" ", _count(ngettext("There is also {n} warning.",
                                           "There are also {n} warnings.", warnings), warnings)]
        rows = [p.as_dict() for p in result.problems]
        return html.P(words, className="error"), rows, _SHOWN, no_update, no_update
    wave = store().import_map(result.map, programme=(programme or "").strip() or None,
                              source_name=filename)
    prepare([wave.id])
    warning_rows = [p.as_dict() for p in result.warnings]
    actors = _count(ngettext("{n} actor", "{n} actors", wave.actors), wave.actors)
    ties = _count(ngettext("{n} tie", "{n} ties", wave.ties), wave.ties)
    words = sentence(_("{file} stored as wave “{wave}” of {programme}: {actors}, {ties}."),
                     file=bdi(filename), wave=bdi(wave.label), programme=bdi(wave.programme),
                     actors=actors, ties=ties)
    if warning_rows:
        n = len(warning_rows)
        words += [" ", _count(ngettext("{n} warning is listed below.",
                                       "{n} warnings are listed below.", n), n)]
    return (html.P(words, className="ok"), warning_rows, _SHOWN if warning_rows else _HIDDEN,
            _wave_rows(), merge_query(search, programme=wave.programme_id, wave=wave.id))
