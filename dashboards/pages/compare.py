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

from stakeholder_map.store.database import WaveInfo
from stakeholder_map.waves.compare import compare
from stakeholder_map.waves.result import TABLES, TITLES

from .. import ids
from ..callbacks import callback
from ..data import analysis, resolve, store
from ..grids import NUMBER_FORMAT
from ..guard import positive_int, programme_id, selected_programme, text
from ..urlstate import merge_query, query_int
from .common import SHORT_GRID, no_data, section

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
_PAGED: dict[str, Any] = {
    **SHORT_GRID,
    "dashGridOptions": {**SHORT_GRID["dashGridOptions"], "pagination": True,
                        "paginationPageSize": PAGE_SIZE,
                        "paginationPageSizeSelector": [PAGE_SIZE, 50, 200]},
}

_HINTS = {
    "actors_joined": "In the follow-up wave only (actors are matched by id).",
    "actors_left": "In the baseline wave only.",
    "engagement_moves": "Actors in both waves whose level changed; steps > 0 is up the ladder.",
    "sectors": "Mean engagement (0 unaware … 5 leading) and actors engaged (supportive or more).",
    "ties_added": "Ties in force in the follow-up but not in the baseline.",
    "ties_removed": "Ties in force in the baseline but no longer in the follow-up.",
    "ties_by_type": "Ties of each type in each wave.",
    "ties_by_sector_pair": "first ties = yes: two sectors that started working together.",
    "network": "Each network measure in both waves; delta = follow-up − baseline.",
    "gaps": "Matched by kind and subject: closed, new, or still there.",
}

_NUMBERS = (int, float)


def _columns(table: str) -> list[dict[str, Any]]:
    """Column definitions from the table's record type; numbers right-aligned, text as text."""
    kind = TABLES[table]
    hints = typing.get_type_hints(kind)
    columns = []
    for f in fields(kind):
        col: dict[str, Any] = {"field": f.name, "headerName": f.name.replace("_", " ")}
        if any(t in _NUMBERS for t in (hints[f.name], *typing.get_args(hints[f.name]))):
            col.update({"type": "numericColumn", "filter": "agNumberColumnFilter",
                        "valueFormatter": NUMBER_FORMAT})
        if f.name in ("name", "label", "source_name", "target_name"):
            col["minWidth"] = 200
        if f.name == "suggestion":
            col.update({"minWidth": 420, "flex": 1})
        columns.append(col)
    return columns


def _wave_label(w: WaveInfo) -> str:
    return f"{w.label} — {w.imported_at:%Y-%m-%d %H:%M} ({w.actors} actors)"


def wave_choice(programme: int | None, baseline: int | None, followup: int | None
                ) -> tuple[list[dict[str, Any]], int | None, int | None]:
    """Wave options of a programme and the two picked: those asked for if they are its
    waves, else the latest as follow-up and the one before it as baseline."""
    waves = store().waves(programme) if programme is not None else []
    wave_ids = [w.id for w in waves]
    options = [{"label": _wave_label(w), "value": w.id} for w in waves]
    follow = followup if followup in wave_ids else (wave_ids[-1] if wave_ids else None)
    if baseline in wave_ids:
        return options, baseline, follow
    before = wave_ids.index(follow) - 1 if follow is not None else -1
    return options, (wave_ids[before] if before >= 0 else None), follow


def layout(query: dict[str, list[str]]) -> html.Div:
    """The two wave pickers (from the URL, else previous and latest) and a section per table."""
    programme, _ = resolve(query_int(query, "programme"), query_int(query, "wave"))
    options, baseline, followup = wave_choice(programme, query_int(query, "baseline"),
                                              query_int(query, "followup"))
    picker = {"minWidth": "320px"}
    return html.Div([
        # callbacks listen to this page-local copy of the programme: a callback mixing inputs
        # of the shell and of one page breaks on every other page
        dcc.Store(id=ids.COMPARE_PROGRAMME, data=programme),
        html.H2("Compare two waves"),
        html.P("Pick a baseline and a follow-up wave of the programme chosen above (the wave "
               "picker at the top does not apply here).", className="hint"),
        html.Div(className="toolbar", children=[
            html.Label(["Baseline", dcc.Dropdown(id=ids.COMPARE_BASELINE, options=options,
                                                 value=baseline, clearable=False,
                                                 style=picker)]),
            html.Label(["Follow-up", dcc.Dropdown(id=ids.COMPARE_FOLLOWUP, options=options,
                                                  value=followup, clearable=False,
                                                  style=picker)]),
        ]),
        html.Div(id=ids.COMPARE_STATUS),
        html.P(id=ids.COMPARE_SUMMARY, style={"fontSize": "15px"}),
        *(section(TITLES[table], _HINTS[table],
                  dag.AgGrid(id=grid, rowData=[], columnDefs=_columns(table),
                             **(SHORT_GRID if table in _SHORT else _PAGED)))
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
    empty: list[list[Any]] = [[] for _ in GRIDS]
    waves = {w.id: w for w in store().waves(programme)} if programme is not None else {}
    if not waves:
        return no_data(), None, *empty, no_update
    if baseline not in waves or followup not in waves:
        note = html.P(["Pick a baseline and a follow-up wave. A programme needs two imported "
                       "waves to compare: upload a follow-up on the ",
                       dcc.Link("Data page", href="/data"), "."], className="hint")
        return note, None, *empty, no_update
    assert baseline is not None and followup is not None
    before, after = analysis(baseline), analysis(followup)
    result = compare(before.smap, after.smap, metrics=(before.metrics, after.metrics),
                     gaps=(before.gaps, after.gaps))
    status = (html.P("Both pickers show the same wave: nothing can differ.", className="hint")
              if baseline == followup else None)
    # each label isolated, so a right-to-left label does not reorder the arrow around it
    summary = [html.Strong([html.Bdi(waves[baseline].label), " → ",
                            html.Bdi(waves[followup].label), ": "]), result.summary()]
    new_search = merge_query(search, baseline=baseline, followup=followup)
    return (status, summary, *(result.rows(table) for table in GRIDS),
            no_update if new_search == (search or "") else new_search)
