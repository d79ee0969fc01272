"""Compare page: two waves of the selected programme side by side (the evaluator's journey).

Which actors joined, left or moved up the ladder, which ties and sector pairs
are new, how the network measures shifted and which gaps closed — the tables
of :func:`stakeholder_map.waves.compare.compare`, shown as text in AG Grid.
"""

from __future__ import annotations

import typing
from dataclasses import fields
from typing import Any

import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html, no_update

from stakeholder_map.i18n import N_
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import DEFAULT_SECTORS
from stakeholder_map.waves.compare import compare
from stakeholder_map.waves.result import TABLES

from .. import ids
from ..callbacks import callback
from ..data import analysis, resolve, store
from ..grids import USER_TEXT, number_format
from ..guard import positive_int, programme_id, selected_programme, text
from ..labels import ACTOR_KINDS, ENGAGEMENT, GAP_KINDS, MEASURES, SECTORS, TIE_TYPES, label
from ..urlstate import merge_query, query_int
from .common import arrow, bdi, grid_args, no_data, section, sentence, wave_label

__all__ = ["GRIDS", "choose_waves", "fill", "follow_selection", "layout", "wave_choice"]

GRIDS: dict[str, str] = {
    "actors_joined": ids.COMPARE_JOINED,
    "actors_left": ids.COMPARE_LEFT,
    "engagement_moves": ids.COMPARE_MOVES,
    "sectors": ids.COMPARE_SECTORS,
    "ties_added": ids.COMPARE_TIES_ADDED,
    "ties_removed": ids.COMPARE_TIES_REMOVED,
    "ties_by_type": ids.COMPARE_TIES_BY_TYPE,
    "ties_by_sector_pair": ids.COMPARE_TIES_BY_PAIR,
    "network": ids.COMPARE_NETWORK,
    "gaps": ids.COMPARE_GAPS,
}
"""Table of the comparison → the grid that shows it, in reading order."""

_SHORT = frozenset({"sectors", "ties_by_type", "network"})
"""Tables of a few rows, shown whole; the others are shown a page of rows at a time."""

PAGE_SIZE = 15
_PAGED: dict[str, Any] = {"pagination": True, "paginationPageSize": PAGE_SIZE,
                          "paginationPageSizeSelector": [PAGE_SIZE, 50, 200]}

_SECTIONS = {
    "actors_joined": (N_("Actors who joined"),
                      N_("In the follow-up wave only (actors are matched by id).")),
    "actors_left": (N_("Actors who left"), N_("In the baseline wave only.")),
    "engagement_moves": (N_("Engagement moves (steps up or down the ladder)"),
                         N_("Actors in both waves whose level changed; steps above 0 are up "
                            "the ladder.")),
    "sectors": (N_("Engagement per sector (0 unaware … 5 leading)"),
                N_("Mean engagement (0 unaware … 5 leading) and actors engaged (supportive or "
                   "more).")),
    "ties_added": (N_("Ties added"), N_("Ties in force in the follow-up but not in the "
                                        "baseline.")),
    "ties_removed": (N_("Ties removed"), N_("Ties in force in the baseline but no longer in the "
                                            "follow-up.")),
    "ties_by_type": (N_("Ties by type"), N_("Ties of each type in each wave.")),
    "ties_by_sector_pair": (N_("Ties by sector pair (first ties: none before, some now)"),
                            N_("First ties ticked: two sectors that started working "
                               "together.")),
    "network": (N_("Network measures (delta = follow-up − baseline)"),
                N_("Each network measure in both waves; delta = follow-up − baseline.")),
    "gaps": (N_("Gaps: closed, new and persisting"),
             N_("Matched by kind and subject: closed, new, or still there.")),
}
"""Each table's heading and the line under it (translated when shown)."""

_COLUMNS = {
    "before": N_("baseline"), "after": N_("follow-up"), "steps": N_("steps"),
    "direction": N_("direction"), "actors_before": N_("actors (baseline)"),
    "actors_after": N_("actors (follow-up)"), "mean_before": N_("mean engagement (baseline)"),
    "mean_after": N_("mean engagement (follow-up)"),
    "engaged_before": N_("engaged (baseline)"), "engaged_after": N_("engaged (follow-up)"),
    "moved_up": N_("moved up"), "moved_down": N_("moved down"), "source": N_("from actor (id)"),
    "target": N_("to actor (id)"), "type": N_("type"), "source_name": N_("from actor"),
    "target_name": N_("to actor"), "sector_pair": N_("sector pair"), "weight": N_("weight"),
    "key": N_("type or pair"), "added": N_("added"), "removed": N_("removed"),
    "first_ties": N_("first ties"), "metric": N_("measure"), "delta": N_("change"),
    "subject": N_("subject"), "label": N_("who / what"), "status": N_("status"),
    "severity_before": N_("severity (baseline)"), "severity_after": N_("severity (follow-up)"),
    "suggestion": N_("suggestion"),
}
"""Column headings of the comparison's tables (the rest are in :data:`..labels.MEASURES`)."""

_STATUS = {"closed": N_("closed"), "new": N_("new"), "persisting": N_("persisting"),
           "up": N_("up"), "down": N_("down")}

_NUMBERS = (int, float)


def _words(table: str, field: str) -> dict[str, str] | None:
    """Identifier → words for a column whose cells are the library's identifiers (the rows
    keep them, AG Grid shows the words: ``refData``)."""
    tables: dict[str, dict[str, str]] = {
        "engagement": ENGAGEMENT, "kind": GAP_KINDS if table == "gaps" else ACTOR_KINDS,
        "type": TIE_TYPES, "status": _STATUS, "direction": _STATUS, "metric": MEASURES,
        "sector": SECTORS}
    if table == "engagement_moves":        # levels; elsewhere before and after are counts
        tables |= {"before": ENGAGEMENT, "after": ENGAGEMENT}
    if table == "ties_by_type":
        tables["key"] = TIE_TYPES
    if field not in tables:
        return None
    return {key: label(tables[field], key) for key in tables[field]}


def _columns(table: str) -> list[dict[str, Any]]:
    """Column definitions from the table's record type; numbers right-aligned, text as text."""
    kind = TABLES[table]
    hints = typing.get_type_hints(kind)
    columns = []
    for f in fields(kind):
        heading = _(_COLUMNS[f.name]) if f.name in _COLUMNS else label(MEASURES, f.name)
        col: dict[str, Any] = {"field": f.name, "headerName": heading}
        if any(t in _NUMBERS for t in (hints[f.name], *typing.get_args(hints[f.name]))):
            col.update({"type": "numericColumn", "filter": "agNumberColumnFilter",
                        "valueFormatter": number_format()})
        words = _words(table, f.name)
        if words:
            col["refData"] = words
        if table == "sectors" and f.name == "name":
            # a default sector under its default name in the reader's words; a name the
            # workbook gave, as written (the id column beside it says nothing more)
            col["refData"] = {s.name: label(SECTORS, s.id) for s in DEFAULT_SECTORS}
        if table == "sectors" and f.name == "sector":
            col["hide"] = True
        if f.name in USER_TEXT or f.name == "sector_pair" or (
                f.name == "key" and table == "ties_by_sector_pair"):
            col["cellClass"] = "user-text"
        if f.name in ("name", "label", "source_name", "target_name"):
            col["minWidth"] = 200
        if f.name == "suggestion":
            col.update({"minWidth": 420, "flex": 1})
        columns.append(col)
    return columns


def wave_choice(programme: int | None, baseline: int | None, followup: int | None
                ) -> tuple[list[dict[str, Any]], int | None, int | None]:
    """Wave options of a programme and the two picked: those asked for if they are its
    waves, else the latest as follow-up and the one before it as baseline."""
    waves = store().waves(programme) if programme is not None else []
    wave_ids = [w.id for w in waves]
    options = [{"label": wave_label(w), "value": w.id} for w in waves]
    follow = followup if followup in wave_ids else (wave_ids[-1] if wave_ids else None)
    if baseline in wave_ids:
        return options, baseline, follow
    before = wave_ids.index(follow) - 1 if follow is not None else -1
    return options, (wave_ids[before] if before >= 0 else None), follow


def layout(query: dict[str, list[str]]) -> html.Div:
    """The two wave pickers (from the URL, else previous and latest) and a section per table."""
    programme, _wave = resolve(query_int(query, "programme"), query_int(query, "wave"))
    options, baseline, followup = wave_choice(programme, query_int(query, "baseline"),
                                              query_int(query, "followup"))
    picker = {"minWidth": "320px"}
    return html.Div([
        # callbacks listen to this page-local copy of the programme: a callback mixing inputs
        # of the shell and of one page breaks on every other page
        dcc.Store(id=ids.COMPARE_PROGRAMME, data=programme),
        html.H2(_("Compare two waves")),
        html.P(_("Pick a baseline and a follow-up wave of the programme chosen above (the wave "
                 "picker at the top does not apply here)."), className="hint"),
        html.Div(className="toolbar", children=[
            html.Label([_("Baseline"), dcc.Dropdown(id=ids.COMPARE_BASELINE, options=options,
                                                    value=baseline, clearable=False,
                                                    style=picker)]),
            html.Label([_("Follow-up"), dcc.Dropdown(id=ids.COMPARE_FOLLOWUP, options=options,
                                                     value=followup, clearable=False,
                                                     style=picker)]),
        ]),
        html.Div(id=ids.COMPARE_STATUS),
        html.P(id=ids.COMPARE_SUMMARY, style={"fontSize": "15px"}),
        *(section(_(_SECTIONS[table][0]), _(_SECTIONS[table][1]),
                  dag.AgGrid(id=grid, rowData=[], columnDefs=_columns(table),
                             **grid_args(short=True, **({} if table in _SHORT else _PAGED))))
          for table, grid in GRIDS.items()),
    ])


@callback(Output(ids.COMPARE_PROGRAMME, "data"), Input(ids.SELECTION, "data"),
          State(ids.COMPARE_PROGRAMME, "data"), prevent_initial_call=True)
def follow_selection(selection: dict[str, Any] | None, current: int | None) -> Any:
    """Copy the shell's programme into the page (only when it changed)."""
    programme = selected_programme(selection)
    return no_update if programme == current else programme


@callback(Output(ids.COMPARE_BASELINE, "options"), Output(ids.COMPARE_BASELINE, "value"),
          Output(ids.COMPARE_FOLLOWUP, "options"), Output(ids.COMPARE_FOLLOWUP, "value"),
          Input(ids.COMPARE_PROGRAMME, "data"), prevent_initial_call=True)
def choose_waves(programme: int | None) -> tuple[Any, ...]:
    """Another programme: its waves, the previous and the latest picked."""
    options, baseline, followup = wave_choice(programme_id(programme), None, None)
    return options, baseline, options, followup


@callback(Output(ids.COMPARE_STATUS, "children"), Output(ids.COMPARE_SUMMARY, "children"),
          *(Output(grid, "rowData") for grid in GRIDS.values()),
          Output(ids.URL, "search", allow_duplicate=True),
          Input(ids.COMPARE_BASELINE, "value"), Input(ids.COMPARE_FOLLOWUP, "value"),
          State(ids.COMPARE_PROGRAMME, "data"), State(ids.URL, "search"),
          prevent_initial_call="initial_duplicate")
def fill(baseline: int | None, followup: int | None, programme: int | None,
         search: str | None) -> tuple[Any, ...]:
    """The summary line and every table for the two waves picked (and both in the URL)."""
    baseline, followup = positive_int(baseline), positive_int(followup)
    programme, search = programme_id(programme), text(search)
    empty: list[list[Any]] = [[] for _grid in GRIDS]
    waves = {w.id: w for w in store().waves(programme)} if programme is not None else {}
    if not waves:
        return no_data(), None, *empty, no_update
    if baseline not in waves or followup not in waves:
        note = html.P(sentence(_("Pick a baseline and a follow-up wave. A programme needs two "
                                 "imported waves to compare: upload a follow-up on the "
                                 "{data_page}."),
                               data_page=dcc.Link(_("Data page"), href="/data")),
                      className="hint")
        return note, None, *empty, no_update
    assert baseline is not None and followup is not None
    before, after = analysis(baseline), analysis(followup)
    result = compare(before.smap, after.smap, metrics=(before.metrics, after.metrics),
                     gaps=(before.gaps, after.gaps))
    status = (html.P(_("Both pickers show the same wave: nothing can differ."),
                     className="hint") if baseline == followup else None)
    # each label isolated, so a right-to-left label does not reorder the arrow around it; the
    # arrow points the way the page reads (→, or ← right to left)
    summary = [html.Strong(sentence(_("{baseline} {arrow} {followup}:"),
                                    baseline=bdi(waves[baseline].label), arrow=arrow(),
                                    followup=bdi(waves[followup].label))), " ",
               # the comparison's own summary line (the analysis' catalog translates it)
               html.Span(result.summary(), className="analysis-text")]
    new_search = merge_query(search, baseline=baseline, followup=followup)
    return (status, summary, *(result.rows(table) for table in GRIDS),
            no_update if new_search == (search or "") else new_search)
