"""Engagement page: who is influential but not on board, who is furthest from target, per sector."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, dcc, html

from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.analysis.thresholds import DEFAULTS
from stakeholder_map.i18n import format_decimal, format_integer, ngettext
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import Engagement
from stakeholder_map.outputs import charts

from .. import ids
from ..callbacks import callback
from ..data import analysis
from .common import GRAPH_CONFIG, no_data, section, wave_of

__all__ = ["DUMBBELL_LIMIT", "fill", "layout", "summary"]

DUMBBELL_LIMIT = 40


def layout(query: dict[str, list[str]]) -> html.Div:
    """The page; the callback fills it for the selected wave."""
    return html.Div([
        html.H2(_("Engagement")),
        html.Div(id=ids.ENGAGEMENT_STATUS),
        dcc.Loading([
            section(_("Influence × engagement"),
                    _("Each dot is an actor; the shaded corner — influential but not yet "
                      "supportive — holds the people to mobilise first. Hover for the name."),
                    dcc.Graph(id=ids.ENGAGEMENT_GRID, config=GRAPH_CONFIG)),
            section(_("Furthest from target"),
                    ngettext("Where each actor stands now (dot) and where the programme needs "
                             "it (diamond), largest gap first (at most {n} actor).",
                             "Where each actor stands now (dot) and where the programme needs "
                             "it (diamond), largest gap first (at most {n} actors).",
                             DUMBBELL_LIMIT).format(n=format_integer(DUMBBELL_LIMIT)),
                    dcc.Graph(id=ids.ENGAGEMENT_DUMBBELL, config=GRAPH_CONFIG)),
            section(_("Engagement by sector"),
                    _("How many actors of each sector stand on each rung of the ladder; dark "
                      "blue is active or leading, vermillion resistant."),
                    dcc.Graph(id=ids.ENGAGEMENT_LEVELS, config=GRAPH_CONFIG)),
        ]),
    ])


@callback(
    Output(ids.ENGAGEMENT_GRID, "figure"), Output(ids.ENGAGEMENT_DUMBBELL, "figure"),
    Output(ids.ENGAGEMENT_LEVELS, "figure"), Output(ids.ENGAGEMENT_STATUS, "children"),
    Input(ids.SELECTION, "data"),
)
def fill(selection: dict[str, Any] | None) -> tuple[Any, ...]:
    """The three charts for the selected wave; a friendly note when there is none."""
    wave = wave_of(selection)
    if wave is None:
        blank = charts.empty_figure(_("No data yet"))
        return blank, blank, blank, no_data()
    metrics = analysis(wave).metrics
    return (charts.influence_engagement_grid(metrics),
            charts.engagement_dumbbell(metrics, limit=DUMBBELL_LIMIT),
            charts.levels_by_sector(metrics), summary(metrics))


def summary(metrics: Metrics) -> html.P:
    """One line: how many actors are below target, and how many of those are influential."""
    actors = metrics.actors
    level = {e.label: int(e) for e in Engagement}
    below = actors["target_engagement"].map(level) > actors["engagement"].map(level)
    strong = actors[["formal_influence", "informal_influence"]].max(axis=1) >= DEFAULTS.influence
    return html.P(ngettext(
        "{below} of {n} actor is below their target engagement; {strong} of them are "
        "influential ({threshold} or more).",
        "{below} of {n} actors are below their target engagement; {strong} of them are "
        "influential ({threshold} or more).", len(actors)).format(
            below=format_integer(int(below.sum())), n=format_integer(len(actors)),
            strong=format_integer(int((below & strong).sum())),
            threshold=format_decimal(DEFAULTS.influence)), className="hint")
