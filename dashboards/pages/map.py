"""Map page: the network coloured by sector, filtered, with an actor panel and its warm path."""

from __future__ import annotations

import json
from typing import Any

import dash_cytoscape as cyto
from dash import (
    Input,
    Output,
    State,
    dcc,
    html,
    no_update,
)

from stakeholder_map.i18n import direction, format_integer, ngettext
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import Engagement, TieType

from .. import ids
from ..callbacks import callback
from ..data import Analysis, analysis, resolve
from ..data import positions as server_positions
from ..figures import (
    SECTOR_COLOURS,
    SIZE_MEASURES,
    MapFilters,
    elements,
    stylesheet,
    tie_canvas,
)
from ..guard import engagement as engagement_range
from ..guard import mapping, selected_wave, text, texts, wave_id
from ..labels import ENGAGEMENT, TIE_TYPES, label, sector_label, sector_names
from ..urlstate import merge_query, query_int, query_list
from .common import bdi, dropdown_words
from .panel import actor_panel

LADDER = [e.label for e in Engagement]


def _first(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key)
    return values[0] if values else None


def layout(query: dict[str, list[str]]) -> html.Div:
    """The map with its filters; initial filter values come from the URL."""
    _programme, wave = resolve(query_int(query, "programme"), query_int(query, "wave"))
    sector_options, forum_options = _options(wave)
    low_high = [int(x) for x in query_list(query, "engagement")[:2] if x.isdigit()]
    engagement = low_high if len(low_high) == 2 else [0, 5]
    size_by = (query.get("size") or ["influence"])[0]
    size_by = size_by if size_by in SIZE_MEASURES else "influence"
    sectors = query_list(query, "sector")
    tie_types = query_list(query, "ties") or [t.value for t in TieType]
    focus = _first(query, "focus")
    # the first picture is part of the page itself: no extra round-trip before the map shows
    els, sheet, layout_spec, count, legend, _url, ties = draw(
        wave, sectors, tie_types, engagement, _first(query, "forum"),
        (query.get("q") or [""])[0], size_by, focus, None)
    return html.Div(className="map-page", children=[
        html.Aside(className="filters", children=[
            html.H3(_("Filters")),
            html.Label(_("Sector")),
            # options are given with the value: a dropdown drops a value it has no option for
            dcc.Dropdown(id=ids.MAP_SECTORS, multi=True, value=sectors,
                         options=sector_options, placeholder=_("All sectors"),
                         labels=dropdown_words()),
            html.Label(_("Tie types")),
            dcc.Checklist(id=ids.MAP_TIE_TYPES,
                          options=[{"label": label(TIE_TYPES, t.value), "value": t.value}
                                   for t in TieType],
                          value=tie_types, inputClassName="check"),
            html.Label(_("Engagement")),
            # right to left, the ladder runs from the right (reverse), as the page reads
            dcc.RangeSlider(id=ids.MAP_ENGAGEMENT, min=0, max=5, step=1, value=engagement,
                            reverse=direction() == "rtl", allow_direct_input=False,
                            # six words do not fit side by side: every other one drops two
                            # lines (a word may take two: assets/style.css)
                            marks={i: {"label": label(ENGAGEMENT, level),
                                       "style": {"top": "44px" if i % 2 else "16px",
                                                 "bottom": "auto"}}
                                   for i, level in enumerate(LADDER)}),
            html.Label(_("Forum")),
            dcc.Dropdown(id=ids.MAP_FORUM, value=_first(query, "forum"),
                         options=forum_options, placeholder=_("Any forum"),
                         labels=dropdown_words()),
            html.Label(_("Search")),
            dcc.Input(id=ids.MAP_SEARCH, type="search", debounce=True,
                      value=(query.get("q") or [""])[0], placeholder=_("name, id or role")),
            html.Label(_("Size by")),
            dcc.Dropdown(id=ids.MAP_SIZE_BY, clearable=False,
                         value=size_by, labels=dropdown_words(),
                         options=[{"label": _(v), "value": k} for k, v in SIZE_MEASURES.items()]),
            html.Div(count, id=ids.MAP_COUNT, className="count"),
            html.Div(legend, id=ids.MAP_LEGEND, className="legend"),
        ]),
        html.Div(className="map-area", children=[
            cyto.Cytoscape(id=ids.MAP_GRAPH, elements=els, stylesheet=sheet,
                           layout=layout_spec, minZoom=0.05, maxZoom=4,
                           style={"width": "100%", "height": "calc(100vh - 140px)"}),
            html.Div(id=ids.MAP_TOOLTIP, className="tooltip"),
        ]),
        html.Aside(id=ids.MAP_PANEL, className="panel", children=_panel_hint()),
        dcc.Store(id=ids.MAP_FOCUS, data=focus),
        # page callbacks listen to this page-local copy of the wave: a callback mixing inputs
        # of the shell and of one page breaks on every other page
        dcc.Store(id=ids.MAP_WAVE, data=wave),
        # ties of a large map, read by assets/tie-canvas.js straight from the page (the same
        # frame cytoscape first draws the actors) and drawn on a canvas under them
        html.Div(id=ids.MAP_TIES, hidden=True, **{"data-ties": ties}),
        dcc.Store(id=ids.MAP_DRAWN, data=drawn_key(
            wave, sectors, tie_types, engagement, _first(query, "forum"),
            (query.get("q") or [""])[0], size_by, focus)),
    ])


@callback(Output(ids.MAP_WAVE, "data"), Input(ids.SELECTION, "data"), State(ids.MAP_WAVE, "data"),
          prevent_initial_call=True)
def follow_selection(selection: dict[str, Any] | None, current: int | None) -> Any:
    wave = selected_wave(selection)
    return no_update if wave == current else wave


@callback(Output(ids.MAP_SECTORS, "options"), Output(ids.MAP_FORUM, "options"),
          Input(ids.MAP_WAVE, "data"), prevent_initial_call=True)
def filter_options(wave: int | None) -> tuple[Any, Any]:
    return _options(wave_id(wave))


def _options(wave: int | None) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Sector and forum choices of a wave (sectors that have actors only)."""
    if wave is None:
        return [], []
    smap = analysis(wave).smap
    present = {a.sector for a in smap.actors}
    names = sector_names(smap)
    sectors = [{"label": sector_label(names, s.id), "value": s.id}
               for s in smap.sectors if s.id in present]
    forums = [{"label": f.name or f.id, "value": f.id} for f in smap.forums]
    return sectors, forums


def _panel_hint() -> html.P:
    return html.P(_("Click an actor to see its ties, gaps and who can introduce you."),
                  className="hint")


def _measure(an: Analysis, size_by: str) -> dict[str, dict[str, float]]:
    """The one measure nodes are sized by (influence needs no metrics computed)."""
    if size_by == "influence":
        return {"influence": {a.id: a.influence for a in an.smap.actors}}
    column = an.metrics.actors[size_by]
    return {size_by: {str(k): float(v) for k, v in column.items()}}


@callback(
    Output(ids.MAP_GRAPH, "elements"), Output(ids.MAP_GRAPH, "stylesheet"),
    Output(ids.MAP_GRAPH, "layout"), Output(ids.MAP_COUNT, "children"),
    Output(ids.MAP_LEGEND, "children"), Output(ids.URL, "search", allow_duplicate=True),
    Output(ids.MAP_TIES, "data-ties"), Output(ids.MAP_DRAWN, "data"),
    Input(ids.MAP_WAVE, "data"), Input(ids.MAP_SECTORS, "value"),
    Input(ids.MAP_TIE_TYPES, "value"), Input(ids.MAP_ENGAGEMENT, "value"),
    Input(ids.MAP_FORUM, "value"), Input(ids.MAP_SEARCH, "value"),
    Input(ids.MAP_SIZE_BY, "value"), Input(ids.MAP_FOCUS, "data"),
    State(ids.URL, "search"), State(ids.MAP_DRAWN, "data"), prevent_initial_call=True,
)
def redraw(wave: int | None, sectors: list[str] | None,
           tie_types: list[str] | None, engagement: list[int] | None, forum: str | None,
           search: str | None, size_by: str | None, focus: str | None,
           url_search: str | None, drawn: str | None) -> tuple[Any, ...]:
    """Draw again when the wave or a filter really changed.

    Components settling their values after the page loads (an empty dropdown
    becoming ``None``) fire this too; sending thousands of elements again for
    the same picture would cost the browser seconds, so those are ignored.
    """
    wave, sectors, tie_types = wave_id(wave), texts(sectors), texts(tie_types)
    engagement, forum, search = engagement_range(engagement), text(forum), text(search)
    size_by, focus, url_search, drawn = text(size_by), text(focus), text(url_search), text(drawn)
    key = drawn_key(wave, sectors, tie_types, engagement, forum, search, size_by, focus)
    if key == drawn:
        return (no_update,) * 8
    els, sheet, layout_spec, *rest = draw(wave, sectors, tie_types, engagement, forum, search,
                                          size_by, focus, url_search)
    if layout_spec.get("name") == "preset" and _drawn_wave(drawn) == wave:
        # every actor of a large map keeps its place: running the layout again would only
        # re-fit the view (a planner loses their place, the browser loses 100 ms)
        layout_spec = no_update
    return (els, sheet, layout_spec, *rest, key)


def _drawn_wave(drawn: str | None) -> Any:
    """The wave of a :func:`drawn_key` (None if it is not one)."""
    try:
        key = json.loads(drawn or "null")
    except ValueError:
        return None
    return key[0] if isinstance(key, list) and key else None


def drawn_key(wave: int | None, sectors: list[str] | None, tie_types: list[str] | None,
              engagement: list[int] | None, forum: str | None, search: str | None,
              size_by: str | None, focus: str | None) -> str:
    """What the picture depends on, normalised (None, [] and defaults compare equal)."""
    return json.dumps([wave, sorted(sectors or []),
                       sorted(tie_types or [t.value for t in TieType]),
                       list((engagement or [0, 5])[:2]), forum or None, search or "",
                       size_by or "influence", focus or None])


def draw(wave: int | None, sectors: list[str] | None,
         tie_types: list[str] | None, engagement: list[int] | None, forum: str | None,
         search: str | None, size_by: str | None, focus: str | None,
         url_search: str | None) -> tuple[Any, ...]:
    """Elements for the current filters; the warm path of the focused actor is highlighted."""
    if wave is None:
        return ([], [], {"name": "preset"}, _("No programme in the store yet."), [], no_update,
                "")
    an = analysis(wave)
    low, high = (engagement or [0, 5])[:2]
    filters = MapFilters(tuple(sectors or ()), tuple(tie_types or ()), (low, high), forum,
                         search or "")
    warm = an.paths.get(focus) if focus else None
    path: tuple[str, ...] = warm.path if warm else ()
    if focus and not path and focus == an.smap.programme.backbone:
        path = (focus,)
    positions = server_positions(an)
    small = positions is None
    size_by = size_by if size_by in SIZE_MEASURES else "influence"
    els = elements(an.smap, _measure(an, size_by), filters, size_by, positions, path,
                   ties_on_canvas=not small)
    shown = [e["data"]["id"] for e in els if "source" not in e["data"]]
    nodes = len(shown)
    ties = "" if small else json.dumps(tie_canvas(an.smap, shown, filters.tie_types, path),
                                       ensure_ascii=False, separators=(",", ":"))
    layout_spec = ({"name": "cose", "animate": False, "randomize": False, "nodeRepulsion": 8000,
                    "idealEdgeLength": 80} if small else {"name": "preset", "fit": True})
    names = sector_names(an.smap)
    present = sorted({e["data"]["sector"] for e in els if "sector" in e["data"]},
                     key=lambda s: sector_label(names, s).casefold())
    legend: list[Any] = [html.Div([html.Span(className="swatch",
                                  style={"background": SECTOR_COLOURS.get(s, "#999")}),
                        bdi(sector_label(names, s))], className="legend-row")
              for s in present]
    legend.append(html.P(
        _("Pale = not yet engaged; red dashed = sensitive relationship; arrows = influence or "
          "funding; black = the warm introduction path.") if small else
        _("Pale = not yet engaged; red dashed = sensitive relationship; arrows (zoom in to "
          "see them) = influence or funding; black = the warm introduction path."),
        className="hint"))
    new_search = merge_query(
        url_search, sector=sectors or None,
        ties=None if not tie_types or len(tie_types) == len(TieType) else tie_types,
        engagement=None if (low, high) == (0, 5) else [low, high], forum=forum,
        q=search or None, size=None if size_by in (None, "influence") else size_by,
        focus=focus)
    total = len(an.smap.actors)
    count = ngettext("{shown} of {n} actor shown", "{shown} of {n} actors shown", total).format(
        shown=format_integer(nodes), n=format_integer(total))
    return (els, stylesheet(), layout_spec, count, legend,
            no_update if new_search == (url_search or "") else new_search, ties)


@callback(Output(ids.MAP_TOOLTIP, "children"), Output(ids.MAP_TOOLTIP, "style"),
          Input(ids.MAP_GRAPH, "mouseoverNodeData"))
def tooltip(data: dict[str, Any] | None) -> tuple[Any, dict[str, str]]:
    """Name, sector, role and engagement of the actor under the pointer (rendered as text;
    a default sector in the product's words, another by its id)."""
    data = mapping(data)
    if not data:
        return None, {"display": "none"}
    name, sector, role = (text(data.get(k), 1000) or "" for k in ("label", "sector", "role"))
    engagement = text(data.get("engagement"), 100) or ""
    # dir="auto": isolated, as a Bdi, and laid out in the name's own direction
    lines = [html.Strong(name.strip("\u2068\u2069"), dir="auto"),
             html.Div([bdi(sector_label({}, sector)), " · ", label(ENGAGEMENT, engagement)])]
    if role:
        lines.append(html.Div(role, dir="auto"))
    return lines, {"display": "block"}


@callback(Output(ids.MAP_FOCUS, "data"), Input(ids.MAP_GRAPH, "tapNodeData"),
          prevent_initial_call=True)
def focus_on_click(data: dict[str, Any] | None) -> Any:
    focus = text(mapping(data).get("id"), 1000)
    return focus if focus else no_update


@callback(Output(ids.MAP_PANEL, "children"), Input(ids.MAP_FOCUS, "data"),
          Input(ids.MAP_WAVE, "data"))
def panel(focus: str | None, wave: int | None) -> Any:
    """The focused actor: attributes, metrics, gaps, agreements, forums, warm path."""
    focus, wave = text(focus, 1000), wave_id(wave)
    if not focus or wave is None:
        return _panel_hint()
    an = analysis(wave)

    return actor_panel(an, focus)
