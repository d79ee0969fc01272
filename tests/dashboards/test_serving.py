"""Serving hygiene, through Flask's test client: headers, host names, origins, request shape."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import dash
import pytest
from dash import Input, Output

from dashboards import ids
from dashboards.app import create_app
from stakeholder_map.store.database import Store

ENDPOINT = "/_dash-update-component"
TOOLTIP = f"..{ids.MAP_TOOLTIP}.children...{ids.MAP_TOOLTIP}.style.."


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dash.Dash]:
    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("store") / "t.db"))
    yield create_app(store, samples=None, allowed_hosts=["Map.Example.org"])
    store.dispose()


def tooltip_body(label: Any = "Municipality") -> dict[str, Any]:
    """The request dash-renderer sends when the pointer is over an actor."""
    return {"output": TOOLTIP,
            "outputs": [{"id": ids.MAP_TOOLTIP, "property": "children"},
                        {"id": ids.MAP_TOOLTIP, "property": "style"}],
            "inputs": [{"id": ids.MAP_GRAPH, "property": "mouseoverNodeData",
                        "value": {"label": label, "sector": "public"}}],
            "state": [{"id": ids.LANG, "property": "data", "value": "en"}],
            "changedPropIds": [f"{ids.MAP_GRAPH}.mouseoverNodeData"]}


def test_every_response_carries_the_security_headers(app: dash.Dash) -> None:
    client = app.server.test_client()
    responses = [client.get("/"), client.get("/map?wave=1"), client.get("/_dash-layout"),
                 client.get("/assets/style.css"), client.post(ENDPOINT, json=tooltip_body()),
                 client.get("/", headers={"Host": "evil.example"})]
    for response in responses:
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        csp = dict(d.strip().split(" ", 1)
                   for d in response.headers["Content-Security-Policy"].split(";"))
        assert csp["frame-ancestors"] == "'none'"
        assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
        scripts = csp["script-src"].split()
        # no inline script runs but Dash's own, each allowed by its hash
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
        assert scripts[0] == "'self'" and scripts[1:] == list(app.csp_hashes())
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200, 400]


def test_the_page_s_inline_script_is_the_one_the_policy_allows(app: dash.Dash) -> None:
    import base64
    import hashlib
    import re

    page = app.server.test_client().get("/map").get_data(as_text=True)
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)     # Dash's note to Internet Explorer
    inline = [s for attrs, s in re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
              if "src=" not in attrs and "application/json" not in attrs]
    assert inline, "Dash's renderer starts from an inline script"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in app.csp_hashes()


@pytest.mark.parametrize(("host", "status"), [
    ("localhost", 200), ("localhost:8050", 200), ("127.0.0.1:8050", 200), ("[::1]:8050", 200),
    ("map.example.org", 200), ("MAP.EXAMPLE.ORG:443", 200),
    ("evil.example", 400), ("evil.example:8050", 400), ("127.0.0.1.evil.example", 400),
    ("map.example.org.evil.example", 400), ("localhost.", 400),
])
def test_only_the_configured_host_names_are_answered(app: dash.Dash, host: str,
                                                     status: int) -> None:
    client = app.server.test_client()
    for response in (client.get("/", headers={"Host": host}),
                     client.post(ENDPOINT, json=tooltip_body(), headers={"Host": host})):
        assert response.status_code == status
        if status == 400:
            name = host.lower().rsplit(":", 1)[0] if host.count(":") == 1 else host.lower()
            assert response.get_json()["error"].startswith(
                f"this dashboard does not answer to the host name {name!r}")
            assert "STAKEHOLDER_MAP_ALLOWED_HOSTS" in response.get_json()["error"]


def test_more_host_names_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAKEHOLDER_MAP_ALLOWED_HOSTS", " intranet.local , 10.0.0.5,")
    client = create_app("sqlite://", samples=None).server.test_client()
    for host, status in (("intranet.local", 200), ("10.0.0.5:8050", 200),
                         ("localhost", 200), ("map.example.org", 400)):
        assert client.get("/", headers={"Host": host}).status_code == status


@pytest.mark.parametrize(("origin", "status"), [
    (None, 200), ("http://localhost:8050", 200), ("http://127.0.0.1", 200),
    ("https://map.example.org", 200),
    ("http://evil.example", 403), ("https://localhost.evil.example", 403), ("null", 403),
    ("", 403),
])
def test_callback_posts_from_another_origin_are_refused(app: dash.Dash, origin: str | None,
                                                        status: int) -> None:
    headers = {} if origin is None else {"Origin": origin}
    response = app.server.test_client().post(ENDPOINT, json=tooltip_body(), headers=headers)
    assert response.status_code == status
    if status == 200:
        assert response.get_json()["response"][ids.MAP_TOOLTIP]["children"][0]["props"][
            "children"] == "Municipality"
    else:
        assert response.get_json()["error"] == f"cross-origin request from {origin!r} refused"


def _raw(body: dict[str, Any], **changes: Any) -> str:
    return json.dumps({**body, **changes})


@pytest.mark.parametrize(("text", "reason"), [
    ("not json", "the request body must be JSON (application/json)"),
    ("[]", "the request body must be a JSON object"),
    ('"x"', "the request body must be a JSON object"),
    ("[" * 5000 + "]" * 5000, "the request body is nested too deeply"),
    (_raw(tooltip_body(), output="nowhere.children"),
     "'output' must name a callback of this dashboard"),
    (_raw(tooltip_body(), output=["x"]), "'output' must name a callback of this dashboard"),
    (_raw(tooltip_body(), outputs={}), f"'outputs' must be the outputs of {TOOLTIP!r}"),
    (_raw(tooltip_body(), outputs=[{"id": "x", "property": "y"}] * 2),
     f"'outputs' must be the outputs of {TOOLTIP!r}"),
    (_raw(tooltip_body(), inputs={}), "'inputs' must be a list of {id, property, value} objects"),
    (_raw(tooltip_body(), inputs=[1]), "'inputs' must be a list of {id, property, value} objects"),
    (_raw(tooltip_body(), state=[{"id": "x"}]),
     "'state' must be a list of {id, property, value} objects"),
    (_raw(tooltip_body(), inputs=[]), f"callback {TOOLTIP!r} takes 1 input(s) and 1 state "
                                      "value(s)"),
    (_raw(tooltip_body(), changedPropIds="x"), "'changedPropIds' must be a list of strings"),
    (_raw(tooltip_body(), changedPropIds=[{}]), "'changedPropIds' must be a list of strings"),
])
def test_a_callback_request_of_another_shape_is_a_400_with_the_reason(
        app: dash.Dash, text: str, reason: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="dashboards")
    response = app.server.test_client().post(ENDPOINT, data=text,
                                             content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": reason}
    assert caplog.records == []          # refused up front: the safety net did not fire


def test_an_exception_a_callback_lets_escape_is_a_logged_400_not_a_500(
        caplog: pytest.LogCaptureFixture) -> None:
    app = create_app("sqlite://", samples=None)

    @app.callback(Output("boom", "children"), Input("boom-button", "n_clicks"))
    def boom(clicks: Any) -> Any:
        return 1 / 0

    caplog.set_level(logging.ERROR, logger="dashboards")
    response = app.server.test_client().post(ENDPOINT, json={
        "output": "boom.children", "outputs": {"id": "boom", "property": "children"},
        "inputs": [{"id": "boom-button", "property": "n_clicks", "value": 1}], "state": [],
        "changedPropIds": ["boom-button.n_clicks"]})
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "this request could not be answered (ZeroDivisionError)"}
    assert "Traceback" not in response.get_data(as_text=True)
    [record] = caplog.records
    assert record.name == "dashboards.serving"
    assert record.getMessage() == "callback 'boom.children' failed"
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def test_http_errors_keep_their_status(app: dash.Dash) -> None:
    response = app.server.test_client().put("/map")
    assert response.status_code == 405
    assert response.headers["X-Frame-Options"] == "DENY"
