"""Gaps page: every engagement gap in a sortable, filterable grid; a row click focuses the map."""

from __future__ import annotations

import json
from typing import Any

import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html, no_update

from stakeholder_map.analysis.gaps import GAP_KINDS, subject_names
from stakeholder_map.i18n import format_decimal
from stakeholder_map.i18n import gettext as _
from stakeholder_map.outputs.tables import gaps_csv, json_safe

from .. import ids
from ..callbacks import callback
from ..data import analysis, resolve
from ..grids import number_format
from ..guard import mapping, selected_wave, text, texts, wave_id
from ..labels import ENGAGEMENT, label, sector_label, sector_names
from ..labels import GAP_KINDS as KIND_WORDS
from ..urlstate import merge_query, query_int, query_list
from .common import bdi, dropdown_words, grid_options, sentence
from .metrics import send_bytes


def columns() -> list[dict[str, Any]]:
    """The grid's columns, headed in the page's language; a gap's kind shown in words."""
    return [
        {"field": "severity", "headerName": _("Severity"), "width": 105, "sort": "desc",
         "type": "numericColumn", "valueFormatter": number_format(".2f")},
        {"field": "kind", "headerName": _("Kind"), "width": 200,
         "refData": {kind: label(KIND_WORDS, kind) for kind in GAP_KINDS}},
        {"field": "subject", "headerName": _("Subject"), "width": 130, "cellClass": "user-text"},
        {"field": "name", "headerName": _("Who / what"), "width": 180, "cellClass": "user-text"},
        {"field": "suggestion", "headerName": _("Suggestion"), "flex": 1, "minWidth": 340,
         "wrapText": True, "autoHeight": True},
        {"field": "introducer_name", "headerName": _("Who opens the door"), "width": 170,
         "cellClass": "user-text"},
        # the numbers behind the gap, as JSON: machine text, laid out left to right
        {"field": "evidence", "headerName": _("Evidence"), "width": 180, "cellClass": "user-text"},
    ]


def layout(query: dict[str, list[str]]) -> html.Div:
    _programme, wave = resolve(query_int(query, "programme"), query_int(query, "wave"))
    return html.Div([
        dcc.Store(id=ids.GAPS_WAVE, data=wave),
        html.H2(_("Engagement gaps")),
        html.Div(summary(wave) if wave is not None else None, id=ids.GAPS_SUMMARY,
                 className="summary"),
        html.P(_("Most severe first. Click a row to see its subject on the map.")),
        html.Div(className="toolbar", children=[
            dcc.Dropdown(id=ids.GAPS_KIND, multi=True,
                         options=[{"label": label(KIND_WORDS, kind), "value": kind}
                                  for kind in GAP_KINDS],
                         value=query_list(query, "kind"), placeholder=_("All kinds"),
                         labels=dropdown_words(), style={"minWidth": "420px"}),
            html.Button(_("Download CSV"), id=ids.GAPS_DOWNLOAD_BUTTON),
            dcc.Download(id=ids.GAPS_DOWNLOAD),
        ]),
        dag.AgGrid(id=ids.GAPS_GRID, columnDefs=columns(), rowData=[],
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   dashGridOptions=grid_options(rowSelection="single", pagination=True,
                                                paginationPageSize=50),
                   style={"height": "calc(100vh - 220px)"}),
    ])


def summary(wave: int) -> html.Div:
    """At a glance: missing sectors, the most influential passive actors and who opens the door."""
    an = analysis(wave)
    names = an.smap.actor_by_id
    sectors = sector_names(an.smap)
    missing = [g for g in an.gaps if g.kind == "missing_sector"]
    passive = [g for g in an.gaps if g.kind == "passive_influential"][:5]

    def item(actor_id: str) -> list[Any]:
        """An actor, its influence and engagement, and who opens the door to it."""
        actor, wp = names[actor_id], an.paths.get(actor_id)
        parts: dict[str, Any] = {
            "name": bdi(actor.name), "influence": format_decimal(actor.influence),
            "engagement": label(ENGAGEMENT, actor.engagement.label)}
        if wp is None:
            return sentence(_("{name} (influence {influence}, {engagement})"), **parts)
        if wp.introducer:
            return sentence(_("{name} (influence {influence}, {engagement}) — introduced by "
                          "{introducer}"), introducer=bdi(names[wp.introducer].name), **parts)
        if wp.nearest_engaged:
            return sentence(_("{name} (influence {influence}, {engagement}) — no warm path; "
                          "nearest engaged: {nearest}"),
                        nearest=bdi(names[wp.nearest_engaged].name), **parts)
        return sentence(_("{name} (influence {influence}, {engagement}) — no warm path"), **parts)

    def absent(subject: str, mapped: bool) -> list[Any]:
        sector = bdi(sector_label(sectors, subject))
        return (sentence(_("{sector} (none engaged)"), sector=sector) if mapped
                else sentence(_("{sector} (none mapped)"), sector=sector))

    listed: list[Any] = []
    for n, g in enumerate(missing):
        listed += ([_(", ")] if n else []) + absent(g.subject, g.evidence.get("actors") != 0)
    return html.Div([
        html.P([html.Strong(_("Missing sectors:")), " ",
                *(listed or [_("none — every core sector has an engaged actor")])]),
        html.P(html.Strong(_("Most influential passive actors:"))),
        html.Ul([html.Li(item(g.subject)) for g in passive]) if passive
        else html.P(_("none")),
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
