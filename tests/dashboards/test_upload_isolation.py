"""An upload that crashes its reader is a message on the Data page, and the server goes on.

The upload callback is posted to ``/_dash-update-component`` as dash-renderer posts it,
through Flask's test client: the reading runs in a child process, so the 1.6 KB workbook
that makes the spreadsheet reader abort under a 512 MB limit (see
``tests/test_isolated_reading.py``) would abort this test process if it were read here.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import pytest
from dash._utils import split_callback_id

from dashboards import ids
from dashboards.app import create_app
from stakeholder_map.store.database import Store
from stakeholder_map.workbook.isolated import MEMORY_ENV, SECONDS_ENV

from ..test_bounded_reading import valid_xlsx
from ..test_isolated_reading import sparse_xlsx
from .text import visible_text

ENDPOINT = "/_dash-update-component"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[dash.Dash]:
    store = Store(f"sqlite:///{tmp_path / 'upload.db'}")
    yield create_app(store, samples=None, max_upload_mb=1)
    store.dispose()


def post_upload(app: dash.Dash, data: bytes, filename: str) -> dict[str, Any]:
    """Post the upload callback as the browser does; its outputs by component id."""
    key = next(k for k in app.callback_map if f"{ids.DATA_RESULT}.children" in k)
    contents = "data:application/octet-stream;base64," + base64.b64encode(data).decode()
    spec = app.callback_map[key]
    values = {(ids.DATA_UPLOAD, "contents"): contents, (ids.DATA_UPLOAD, "filename"): filename,
              (ids.DATA_PROGRAMME_NAME, "value"): "Uploaded", (ids.URL, "search"): ""}

    def items(args: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [{**a, "value": values.get((a["id"], a["property"]))} for a in args]

    body = {
        "output": key,
        "outputs": split_callback_id(key),
        "inputs": items(spec["inputs"]),
        "state": items(spec["state"]),
        "changedPropIds": [f"{ids.DATA_UPLOAD}.contents"],
    }
    response = app.server.test_client().post(ENDPOINT, data=json.dumps(body),
                                              content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)
    answer: dict[str, Any] = response.get_json()["response"]
    return answer


def shown(answer: dict[str, Any]) -> tuple[str, str]:
    """The result line: (its text as a person reads it, its class)."""
    props = answer[ids.DATA_RESULT]["children"]["props"]
    return visible_text(props["children"]), props["className"]  # the file name is a Bdi


def test_an_upload_that_crashes_its_reader_is_a_message_and_the_next_one_is_stored(
        app: dash.Dash, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_ENV, "512")
    monkeypatch.setenv(SECONDS_ENV, "60")
    text, kind = shown(post_upload(app, sparse_xlsx(), "sparse.xlsx"))
    assert kind == "error"
    assert text == (
        "sparse.xlsx: the file could not be read within 512 MB / 60 s — it may be damaged or "
        "too large (the reader was stopped by SIGABRT, most likely out of memory); split it "
        f"into smaller workbooks, or ask the administrator to raise {MEMORY_ENV} / "
        f"{SECONDS_ENV}")
    store: Store = app.server.config["SM_STORE"]
    assert store.programmes() == []
    # the same server, the same limits: a good workbook is stored
    answer = post_upload(app, valid_xlsx(), "good.xlsx")
    text, kind = shown(answer)
    assert (text, kind) == ("good.xlsx stored as wave “wave 1” of Uploaded: 2 actors, 1 tie. "
                            "1 warning is listed below.", "ok")
    assert [p.name for p in store.programmes()] == ["Uploaded"]
    assert app.server.test_client().get("/").status_code == 200


def test_a_bad_limit_setting_is_shown_not_a_500(app: dash.Dash,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_ENV, "lots")
    text, kind = shown(post_upload(app, valid_xlsx(), "good.xlsx"))
    assert (text, kind) == (f"good.xlsx: {MEMORY_ENV}='lots' is not a whole number", "error")
