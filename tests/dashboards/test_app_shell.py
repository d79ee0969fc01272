"""The shell: the first page of a visit comes inside the layout, the router renders the next."""

from __future__ import annotations

from collections.abc import Iterator

import dash
import pytest

from dashboards import ids
from dashboards.app import create_app, route
from stakeholder_map.store.database import Store


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dash.Dash]:
    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("store") / "t.db"))
    yield create_app(store)
    store.dispose()


def _layout(app: dash.Dash, referrer: str | None) -> dash.development.base_component.Component:
    headers = {"Referer": referrer} if referrer else {}
    with app.server.test_request_context("/_dash-layout", headers=headers):
        return app.layout()  # type: ignore[operator,no-any-return]


def test_the_page_the_browser_shows_comes_inside_the_layout(app: dash.Dash) -> None:
    layout = _layout(app, "http://localhost/gaps?kind=burned")
    assert layout[ids.PAGE_PATH].data == "/gaps"
    assert layout[ids.GAPS_GRID] is not None            # the grid is there at once
    assert layout[ids.GAPS_KIND].value == ["burned"]    # with the filters of the URL
    # no Referer, or a page of another site: an empty frame, the router fills it
    for referrer in (None, "http://elsewhere.example/gaps"):
        layout = _layout(app, referrer)
        assert layout[ids.PAGE_PATH].data is None and layout["page"].children is None


def test_the_router_leaves_the_page_in_the_layout_alone_and_renders_a_new_path(
        app: dash.Dash) -> None:
    with app.server.test_request_context():
        assert route("/gaps", "?kind=burned", "/gaps") == (dash.no_update, dash.no_update)
        page, path = route("/map", "", "/gaps")
        assert path == "/map" and page[ids.MAP_GRAPH] is not None
        page, path = route("/nowhere", "", None)
        assert path == "/nowhere" and "Page not found" in str(page)
