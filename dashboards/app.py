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

from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.store.database import Store

from . import ids
from .callbacks import callback
from .data import resolve, store, warm
from .guard import mapping, positive_int, text
from .pages import page_module
from .serving import install
from .urlstate import merge_query, parse_query, query_int

__all__ = ["PAGES", "create_app"]

MAX_UPLOAD_MB = 20

PAGES: dict[str, tuple[str, str]] = {
    "/map": ("Map", "map"),
    "/gaps": ("Gaps", "gaps"),
    "/sectors": ("Sectors", "sectors"),
    "/engagement": ("Engagement", "engagement"),
    "/metrics": ("Metrics", "metrics"),
    "/compare": ("Compare", "compare"),
    "/data": ("Data", "data"),
}
"""path → (navigation label, module in dashboards.pages)."""


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
    app = dash.Dash(__name__, title="stakeholder-map", suppress_callback_exceptions=True,
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
    """The frame of every page, with the page the browser is on already inside it."""
    page, rendered = _first_page()
    return html.Div(className="shell", children=[
        dcc.Store(id=ids.PAGE_PATH, data=rendered),
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        dcc.Store(id=ids.SELECTION),
        html.Header(className="topbar", children=[
            html.Span("stakeholder-map", className="brand"),
            html.Nav(id=ids.NAV, className="nav", children=[
                dcc.Link(label, href=path, id=f"nav-{module}", className="nav-link")
                for path, (label, module) in PAGES.items()]),
            html.Div(className="pickers", children=[
                html.Label(["Programme", dcc.Dropdown(id=ids.PROGRAMME, clearable=False,
                                                      style={"minWidth": "260px"})]),
                html.Label(["Wave", dcc.Dropdown(id=ids.WAVE, clearable=False,
                                                 style={"minWidth": "200px"})]),
            ]),
        ]),
        html.Main(page, id="page", className="page"),
    ])


def _first_page() -> tuple[Any, str | None]:
    """The page the browser shows, rendered into the layout itself (one round-trip fewer).

    Dash fetches the layout from the page it is showing, so the request's Referer is
    that page's URL. Without one (or from elsewhere) the router renders it as before.
    """
    if not has_request_context() or not request.referrer:
        return None, None
    url = urlsplit(request.referrer)
    if url.netloc != request.host:
        return None, None
    return render(url.path, f"?{url.query}" if url.query else ""), url.path


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
        return html.Div([html.H2("Page not found"),
                         html.P(["There is no page ", html.Code(path), ". ",
                                 dcc.Link("Open the map", href="/map")])])
    module = page_module(PAGES[path][1])
    return module.layout(parse_query(search))


@callback(
    Output(ids.PROGRAMME, "options"), Output(ids.PROGRAMME, "value"),
    Output(ids.WAVE, "options"), Output(ids.WAVE, "value"),
    Output(ids.SELECTION, "data"), Output(ids.URL, "search"),
    Input(ids.URL, "search"), Input(ids.PROGRAMME, "value"), Input(ids.WAVE, "value"),
    State(ids.SELECTION, "data"),
)
def select(search: str | None, programme: int | None, wave: int | None,
           current: dict[str, Any] | None) -> tuple[Any, ...]:
    """Keep the pickers, the selection and the URL in step, whichever changed."""
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
    wave_options = [{"label": f"{w.label} — {w.imported_at:%Y-%m-%d %H:%M} ({w.actors} actors)",
                     "value": w.id} for w in (st.waves(pid) if pid is not None else [])]
    selection = {"programme": pid, "wave": wid}
    new_search = merge_query(search, programme=pid, wave=wid)
    return (programme_options, pid, wave_options, wid,
            dash.no_update if current == selection else selection,
            dash.no_update if new_search == (search or "") else new_search)


@callback([Output(f"nav-{module}", "href") for _, module in PAGES.values()],
          Input(ids.SELECTION, "data"))
def nav_links(selection: dict[str, Any] | None) -> list[str]:
    """Navigation keeps the programme and wave."""
    sel = mapping(selection)
    query = merge_query("", programme=positive_int(sel.get("programme")),
                        wave=positive_int(sel.get("wave")))
    return [f"{path}{query}" for path in PAGES]
