"""Sectors page: who works with whom across sectors, who is siloed, which forums lack a sector."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import plotly.graph_objects as go
from dash import Input, Output, dcc, html

from stakeholder_map.i18n import gettext as _
from stakeholder_map.outputs import charts

from .. import grids, ids
from ..callbacks import callback
from ..data import analysis
from .common import GRAPH_CONFIG, grid_args, no_data, section, wave_of

__all__ = ["fill", "layout"]


def layout(query: dict[str, list[str]]) -> html.Div:
    """The page; the callback fills it for the selected wave."""
    two_up = {"display": "grid", "gap": "16px",
              "gridTemplateColumns": "repeat(auto-fit, minmax(460px, 1fr))"}
    return html.Div([
        html.H2(_("Sectors")),
        html.Div(id=ids.SECTORS_STATUS),
        dcc.Loading(html.Div(style=two_up, children=[
            section(_("Who works with whom"),
                    _("Collaboration ties between two sectors (the diagonal: ties inside one "
                      "sector); a row of low numbers is a sector the others rarely meet."),
                    dcc.Graph(id=ids.SECTORS_MIXING, config=GRAPH_CONFIG)),
            section(_("Does each sector look outward?"),
                    _("E-I index: +1 when all of a sector's ties cross to other sectors, −1 "
                      "when all stay inside; the red bars, below −0.5, are siloed sectors."),
                    dcc.Graph(id=ids.SECTORS_EI, config=GRAPH_CONFIG)),
        ])),
        section(_("Are the forums complete?"),
                _("Members of each sector in each forum, committee or task force; a red "
                  "“✕ missing” cell is a sector the forum needs but does not have (✓: "
                  "required and present)."),
                dcc.Graph(id=ids.SECTORS_FORUMS, config=GRAPH_CONFIG)),
        section(_("Sector table"),
                _("Actors, how many are engaged (supportive or more), mean engagement against "
                  "the mean target (0 unaware … 5 leading), and ties inside and across."),
                dag.AgGrid(id=ids.SECTORS_TABLE, rowData=[], columnDefs=[],
                           columnSize="autoSize", **grid_args(short=True))),
    ])


@callback(
    Output(ids.SECTORS_MIXING, "figure"), Output(ids.SECTORS_EI, "figure"),
    Output(ids.SECTORS_FORUMS, "figure"), Output(ids.SECTORS_TABLE, "rowData"),
    Output(ids.SECTORS_TABLE, "columnDefs"), Output(ids.SECTORS_STATUS, "children"),
    Input(ids.SELECTION, "data"),
)
def fill(selection: dict[str, Any] | None) -> tuple[Any, ...]:
    """Every chart and the table for the selected wave; a friendly note when there is none."""
    wave = wave_of(selection)
    if wave is None:
        blank = charts.empty_figure(_("No data yet"))
        return blank, blank, blank, [], [], no_data()
    an = analysis(wave)
    table = grids.sector_rows(an.metrics)
    figures: tuple[go.Figure, ...] = (charts.mixing_heatmap(an.metrics),
                                      charts.ei_bars(an.metrics), charts.forum_coverage(an.smap))
    return (*figures, table.rows, table.columns, None)
