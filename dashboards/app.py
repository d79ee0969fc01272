"""The planner's dashboard: ``create_app()`` builds it; nothing is loaded at import time.

Pages (one module each under ``dashboards/pages``) own their layout and
callbacks; this module holds the shell — programme and wave pickers, the
navigation, and a small router that re-renders a page only when its path
changes, so filters written to the URL do not reset the map. The first page of
a visit comes inside the layout itself, without waiting for the router.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dash
from dash import Input, Output, State, dcc, html
from flask import has_request_context, request

from stakeholder_map.errors import StakeholderMapError
from stakeholder_map.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    current_language,
    direction,
    negotiate,
    normalise_language,
    use_language,
)
from stakeholder_map.i18n import gettext as _
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.store.database import Store

from . import ids
from .callbacks import callback
from .data import analysis, resolve, store, warm
from .guard import mapping, positive_int, text
from .pages import page_module
from .pages.common import dropdown_words, wave_label
from .serving import install
from .urlstate import merge_query, parse_query, query_int

__all__ = ["PAGES", "create_app"]

MAX_UPLOAD_MB = 20

PAGES: dict[str, tuple[str, str]] = {
    "/map": (N_("Map"), "map"),
    "/gaps": (N_("Gaps"), "gaps"),
    "/sectors": (N_("Sectors"), "sectors"),
    "/engagement": (N_("Engagement"), "engagement"),
    "/metrics": (N_("Metrics"), "metrics"),
    "/compare": (N_("Compare"), "compare"),
    "/data": (N_("Data"), "data"),
}
"""path → (navigation label, untranslated; module in dashboards.pages)."""


class _Dash(dash.Dash):
    """Dash whose page says its language and direction: ``<html lang="he" dir="rtl">``."""

    def interpolate_index(self, *args: Any, **kwargs: Any) -> Any:
        page = str(super().interpolate_index(*args, **kwargs))  # type: ignore[no-untyped-call]
        lang = page_language({k: request.args.getlist(k) for k in ("lang", "programme", "wave")})
        return page.replace("<html>", f'<html lang="{lang}" dir="{direction(lang)}">', 1)


def page_language(query: dict[str, list[str]] | None = None) -> str:
    """The language a visit is shown in: ``?lang=`` when it names one, else the language of
    the programme shown (its ``language`` setting), else the browser's ``Accept-Language``,
    else English."""
    query = query or {}
    chosen = normalise_language((query.get("lang") or [""])[0])
    if chosen is None:
        chosen = programme_language(query_int(query, "programme"), query_int(query, "wave"))
    if chosen is None and has_request_context():
        chosen = negotiate(request.headers.get("Accept-Language"))
    return chosen or "en"


def programme_language(programme: int | None, wave: int | None) -> str | None:
    """The ``language`` setting of the wave a visit lands on (``None`` when it has none)."""
    try:
        _pid, wid = resolve(programme, wave)
        if wid is None:
            return None
        return normalise_language(analysis(wid).smap.programme.language)
    except StakeholderMapError:
        return None


def create_app(store_or_url: Store | str | None = None, *, samples: Path | None = SAMPLES_DIR,
               max_upload_mb: int = MAX_UPLOAD_MB, warm_up: bool = False,
               allowed_hosts: Iterable[str] = ()) -> dash.Dash:
    """Build the dashboard over a store (a :class:`Store`, a database URL, or the default file).

    It answers to the host names ``127.0.0.1``, ``localhost`` and ``[::1]`` and to those in
    ``allowed_hosts`` or the environment variable ``STAKEHOLDER_MAP_ALLOWED_HOSTS`` (others
    get a 400); see :mod:`dashboards.serving`.

    On first start with an empty store the sample programmes in ``samples`` are imported.
    With ``warm_up``, the wave a visitor lands on (and each uploaded wave) is analysed
    and laid out in the background, so the first visit does not wait for it.
    """
    st = store_or_url if isinstance(store_or_url, Store) else Store(store_or_url)
    if samples is not None and st.is_empty():
        st.import_samples(samples)
    app = _Dash(__name__, title="stakeholder-map", suppress_callback_exceptions=True,
                    assets_folder=str(Path(__file__).parent / "assets"))
    app.server.config["SM_STORE"] = st
    app.server.config["SM_MAX_UPLOAD"] = max_upload_mb * 1024 * 1024
    # the upload travels base64-encoded inside a JSON request: a third larger, plus room
    app.server.config["MAX_CONTENT_LENGTH"] = int(max_upload_mb * 1024 * 1024 * 1.4) + 65536
    callback.register(app)
    install(app, allowed_hosts)
    app.layout = _shell    # a function: each visit gets its page inside the layout
    app.server.config["SM_WARM_UP"] = warm_up
    if warm_up:
        with app.server.app_context():
            _, landing = resolve(None, None)
        if landing is not None:
            warm(app.server, [landing])
    return app


def _shell() -> html.Div:
    """The frame of every page, with the page the browser is on already inside it, in the
    visit's language (see :func:`page_language`)."""
    url = _page_url()
    lang = page_language(parse_query(url[1]) if url else None)
    with use_language(lang):
        page, rendered = (render(*url), url[0]) if url else (None, None)
        words = dropdown_words()
        return html.Div(className="shell", dir=direction(lang), lang=lang, children=[
            dcc.Store(id=ids.PAGE_PATH, data=rendered),
            dcc.Store(id=ids.LANG, data=lang),
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Location(id=ids.LANG_RELOAD, refresh=True),
            dcc.Store(id=ids.SELECTION),
            html.Header(className="topbar", children=[
                html.Span("stakeholder-map", className="brand"),
                html.Nav(id=ids.NAV, className="nav", children=[
                    dcc.Link(_(label), href=path, id=f"nav-{module}", className="nav-link")
                    for path, (label, module) in PAGES.items()]),
                html.Div(className="pickers", children=[
                    html.Label([_("Programme"), dcc.Dropdown(
                        id=ids.PROGRAMME, clearable=False, labels=words,
                        placeholder=_("No programme yet"), style={"minWidth": "260px"})]),
                    html.Label([_("Wave"), dcc.Dropdown(
                        id=ids.WAVE, clearable=False, labels=words,
                        placeholder=_("No wave yet"), style={"minWidth": "200px"})]),
                    html.Label([_("Language"), dcc.Dropdown(
                        id=ids.LANG_PICKER, clearable=False, searchable=False, value=lang,
                        options=[{"label": LANGUAGE_NAMES[code], "value": code}
                                 for code in LANGUAGES],
                        labels=words, style={"minWidth": "120px"})]),
                ]),
            ]),
            html.Main(page, id="page", className="page"),
        ])


def _page_url() -> tuple[str, str] | None:
    """The path and query of the page the browser shows (its layout comes inside it).

    Dash fetches the layout from the page it is showing, so the request's Referer is
    that page's URL. Without one (or from elsewhere) the router renders it as before.
    """
    if not has_request_context() or not request.referrer:
        return None
    url = urlsplit(request.referrer)
    if url.netloc != request.host:
        return None
    return url.path, f"?{url.query}" if url.query else ""


@callback(Output("page", "children"), Output(ids.PAGE_PATH, "data"),
          Input(ids.URL, "pathname"), State(ids.URL, "search"), State(ids.PAGE_PATH, "data"))
def route(pathname: str | None, search: str | None, rendered: str | None) -> Any:
    """Render the page of a new path; the page the layout already holds is left alone."""
    pathname, search, rendered = text(pathname), text(search), text(rendered)
    if rendered is not None and pathname == rendered:
        return dash.no_update, dash.no_update
    return render(pathname, search), pathname


def render(pathname: str | None, search: str | None) -> Any:
    """The page for a path (``/`` is the map); unknown paths say so."""
    path = pathname or "/"
    if path in ("/", ""):
        path = "/map"
    if path not in PAGES:
        return html.Div([html.H2(_("Page not found")),
                         html.P([_("There is no page {path}.").format(path=path), " ",
                                 dcc.Link(_("Open the map"), href="/map")])])
    module = page_module(PAGES[path][1])
    return module.layout(parse_query(search))


@callback(
    Output(ids.PROGRAMME, "options"), Output(ids.PROGRAMME, "value"),
    Output(ids.WAVE, "options"), Output(ids.WAVE, "value"),
    Output(ids.SELECTION, "data"), Output(ids.URL, "search"), Output(ids.LANG_RELOAD, "href"),
    Input(ids.URL, "search"), Input(ids.PROGRAMME, "value"), Input(ids.WAVE, "value"),
    State(ids.SELECTION, "data"), State(ids.URL, "pathname"),
)
def select(search: str | None, programme: int | None, wave: int | None,
           current: dict[str, Any] | None, pathname: str | None) -> tuple[Any, ...]:
    """Keep the pickers, the selection and the URL in step, whichever changed.

    A programme picked in the picker may speak another language than the page (its
    ``language`` setting, see :func:`page_language`): unless the URL names a language, the
    page then reloads in the programme's, at the URL of the new selection."""
    trigger = dash.ctx.triggered_id
    search, programme, wave = text(search), positive_int(programme), positive_int(wave)
    query = parse_query(search)
    if trigger == ids.PROGRAMME:
        pid, wid = resolve(programme, None)
    elif trigger == ids.WAVE:
        pid, wid = resolve(programme, wave)
    else:
        pid, wid = resolve(query_int(query, "programme"), query_int(query, "wave"))
    st = store()
    programme_options = [{"label": p.name, "value": p.id} for p in st.programmes()]
    wave_options = [{"label": wave_label(w), "value": w.id}
                    for w in (st.waves(pid) if pid is not None else [])]
    selection = {"programme": pid, "wave": wid}
    new_search = merge_query(search, programme=pid, wave=wid)
    if trigger == ids.PROGRAMME and page_language(parse_query(new_search)) != current_language():
        # the reload takes the browser to the new URL (set here too, the address bar would
        # already show it and the reloading location would see nothing to do)
        return (programme_options, pid, wave_options, wid, dash.no_update, dash.no_update,
                f"{text(pathname) or '/'}{new_search}")
    return (programme_options, pid, wave_options, wid,
            dash.no_update if current == selection else selection,
            dash.no_update if new_search == (search or "") else new_search, dash.no_update)


@callback([Output(f"nav-{module}", "href") for _label, module in PAGES.values()],
          Input(ids.SELECTION, "data"), State(ids.URL, "search"))
def nav_links(selection: dict[str, Any] | None, search: str | None) -> list[str]:
    """Navigation keeps the programme, the wave and a chosen language."""
    sel = mapping(selection)
    lang = normalise_language(parse_query(text(search)).get("lang", [""])[0])
    query = merge_query("", programme=positive_int(sel.get("programme")),
                        wave=positive_int(sel.get("wave")), lang=lang)
    return [f"{path}{query}" for path in PAGES]


@callback(Output(ids.LANG_RELOAD, "href", allow_duplicate=True),
          Input(ids.LANG_PICKER, "value"), State(ids.URL, "pathname"), State(ids.URL, "search"),
          prevent_initial_call=True)
def choose_language(chosen: str | None, pathname: str | None, search: str | None) -> Any:
    """A new language reloads the page in it (the whole page turns, ``dir`` included); the
    choice is kept in the URL, so a shared link opens in it."""
    lang = normalise_language(text(chosen))
    if lang is None or lang == current_language():
        return dash.no_update
    return f"{text(pathname) or '/'}{merge_query(text(search), lang=lang)}"
