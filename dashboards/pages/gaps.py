"""Gaps page: every engagement gap in a sortable, filterable grid; a row click focuses the map."""

from __future__ import annotations

import json
from typing import Any

import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html, no_update

from stakeholder_map.analysis.gaps import GAP_KINDS, subject_names
from stakeholder_map.outputs.tables import gaps_csv, json_safe

from .. import ids
from ..callbacks import callback
from ..data import analysis, resolve
from ..guard import mapping, selected_wave, text, texts, wave_id
from ..urlstate import merge_query, query_int, query_list
from .metrics import send_bytes

COLUMNS = [
    {"field": "severity", "headerName": "Severity", "width": 105, "sort": "desc",
     "valueFormatter": {"function": "d3.format('.2f')(params.value)"}},
    {"field": "kind", "headerName": "Kind", "width": 200},
    {"field": "subject", "headerName": "Subject", "width": 130},
    {"field": "name", "headerName": "Who / what", "width": 180},
    {"field": "suggestion", "headerName": "Suggestion", "flex": 1, "minWidth": 340,
     "wrapText": True, "autoHeight": True},
    {"field": "introducer_name", "headerName": "Who opens the door", "width": 170},
    {"field": "evidence", "headerName": "Evidence", "width": 180},
]


def layout(query: dict[str, list[str]]) -> html.Div:
    _, wave = resolve(query_int(query, "programme"), query_int(query, "wave"))
    return html.Div([
        dcc.Store(id=ids.GAPS_WAVE, data=wave),
        html.H2("Engagement gaps"),
        html.Div(summary(wave) if wave is not None else None, id=ids.GAPS_SUMMARY,
                 className="summary"),
        html.P("Most severe first. Click a row to see its subject on the map."),
        html.Div(className="toolbar", children=[
            dcc.Dropdown(id=ids.GAPS_KIND, multi=True, options=list(GAP_KINDS),
                         value=query_list(query, "kind"), placeholder="All kinds",
                         style={"minWidth": "420px"}),
            html.Button("Download CSV", id=ids.GAPS_DOWNLOAD_BUTTON),
            dcc.Download(id=ids.GAPS_DOWNLOAD),
        ]),
        dag.AgGrid(id=ids.GAPS_GRID, columnDefs=COLUMNS, rowData=[],
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   dashGridOptions={"rowSelection": "single", "pagination": True,
                                    "paginationPageSize": 50},
                   style={"height": "calc(100vh - 220px)"}),
    ])


def summary(wave: int) -> html.Div:
    """At a glance: missing sectors, the most influential passive actors and who opens the door."""
    an = analysis(wave)
    names = an.smap.actor_by_id
    missing = [g for g in an.gaps if g.kind == "missing_sector"]
    passive = [g for g in an.gaps if g.kind == "passive_influential"][:5]

    def door(actor_id: str) -> str:
        wp = an.paths.get(actor_id)
        if wp is None:
            return ""
        if wp.introducer:
            return f" — introduced by {names[wp.introducer].name}"
        if wp.nearest_engaged:
            return f" — no warm path; nearest engaged: {names[wp.nearest_engaged].name}"
        return " — no warm path"

    return html.Div([
        html.P([html.Strong("Missing sectors: "),
                ", ".join(f"{g.subject.replace('_', ' ')} "
                          f"({'none mapped' if g.evidence.get('actors') == 0 else 'none engaged'})"
                          for g in missing) or "none — every core sector has an engaged actor"]),
        html.P(html.Strong("Most influential passive actors:")),
        html.Ul([html.Li(f"{names[g.subject].name} (influence "
                         f"{names[g.subject].influence:g}, {names[g.subject].engagement.label})"
                         f"{door(g.subject)}") for g in passive]) if passive
        else html.P("none"),
    ])


def gap_rows(wave: int, kinds: list[str] | None) -> list[dict[str, Any]]:
    """Grid rows: one per gap, with the subject's display name and evidence as text."""
    an = analysis(wave)
    name = subject_names(an.smap)
    rows = []
    for g in an.gaps:
        if kinds and g.kind not in kinds:
            continue
        rows.append({"severity": g.severity, "kind": g.kind, "subject": g.subject,
                     "name": name(g.subject), "suggestion": g.suggestion,
                     "introducer_name": name(g.introducer) if g.introducer else "",
                     "evidence": json.dumps(json_safe(g.evidence), ensure_ascii=False)})
    return rows


@callback(Output(ids.GAPS_WAVE, "data"), Input(ids.SELECTION, "data"),
          State(ids.GAPS_WAVE, "data"), prevent_initial_call=True)
def follow_selection(selection: dict[str, Any] | None, current: int | None) -> Any:
    wave = selected_wave(selection)
    return no_update if wave == current else wave


@callback(Output(ids.GAPS_SUMMARY, "children"), Input(ids.GAPS_WAVE, "data"),
          prevent_initial_call=True)
def refresh_summary(wave: int | None) -> Any:
    wave = wave_id(wave)
    return summary(wave) if wave is not None else None


@callback(Output(ids.GAPS_GRID, "rowData"), Output(ids.URL, "search", allow_duplicate=True),
          Input(ids.GAPS_WAVE, "data"), Input(ids.GAPS_KIND, "value"),
          State(ids.URL, "search"), prevent_initial_call="initial_duplicate")
def fill(wave: int | None, kinds: list[str] | None, search: str | None) -> tuple[Any, Any]:
    """Rows for the chosen kinds; the kinds go into the URL."""
    wave, kinds, search = wave_id(wave), texts(kinds), text(search)
    new_search = merge_query(search, kind=kinds or None)
    url = no_update if new_search == (search or "") else new_search
    return (gap_rows(wave, kinds) if wave is not None else []), url


@callback(Output(ids.URL, "href", allow_duplicate=True), Input(ids.GAPS_GRID, "selectedRows"),
          State(ids.URL, "search"), State(ids.SELECTION, "data"), prevent_initial_call=True)
def focus_on_map(rows: list[dict[str, Any]] | None, search: str | None,
                 selection: dict[str, Any] | None) -> Any:
    """Open the map on a gap's subject: the actor (first of a pair), the sector or the forum."""
    wave = selected_wave(selection)
    subject = text(mapping(rows[0] if isinstance(rows, list) and rows else None).get("subject"))
    if not subject or wave is None:
        return no_update
    return f"/map{merge_query(text(search), kind=None, **map_target(wave, subject))}"


def map_target(wave: int, subject: str) -> dict[str, Any]:
    """URL parameters that show a gap's subject on the map."""
    smap = analysis(wave).smap
    first = subject.split("|")[0]
    if first in smap.actor_by_id:
        return {"focus": first}
    if first in smap.sector_by_id:
        return {"sector": subject.split("|")}
    if any(f.id == first for f in smap.forums):
        return {"forum": first}
    agreement = next((g for g in smap.agreements if g.id == first), None)
    if agreement and agreement.parties:
        return {"focus": agreement.parties[0].actor}
    return {}


@callback(Output(ids.GAPS_DOWNLOAD, "data"), Input(ids.GAPS_DOWNLOAD_BUTTON, "n_clicks"),
          State(ids.SELECTION, "data"), State(ids.GAPS_KIND, "value"), prevent_initial_call=True)
def download(_: int | None, selection: dict[str, Any] | None, kinds: list[str] | None) -> Any:
    """The same CSV the CLI writes (formula-like cells neutralised)."""
    wave, kinds = selected_wave(selection), texts(kinds)
    if wave is None:
        return no_update
    an = analysis(wave)
    gaps = [g for g in an.gaps if not kinds or g.kind in kinds]
    return send_bytes(gaps_csv(gaps, an.smap), f"gaps-wave-{wave}.csv")
