"""Every registered Dash callback, driven with hostile values through the real HTTP endpoint.

Each callback of ``app.callback_map`` is posted to ``/_dash-update-component`` in the
body the renderer sends (``output``, ``outputs``, ``inputs``, ``state``,
``changedPropIds``), first with every input and state hostile at once, then with one
argument hostile and the others valid (so the hostile value reaches the code behind
the validation of the others; a state value is sent with the last input as trigger).
No answer may be a 500; each is 200, 204 (Dash's "no
update") or a 4xx. The safety net that turns a stray exception into a 400 must not
fire: every hostile value is refused by the callbacks themselves.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import dash
import pytest
from dash._utils import split_callback_id

from dashboards import ids
from dashboards.app import create_app
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.store.database import Store

ENDPOINT = "/_dash-update-component"
SAMPLE = "smolensk_volunteers"

# values JSON cannot carry as Python objects are spliced into the body as raw text
DEEP = "__deep__"
HUGE_NUMBER = "__1e309__"
RAW = {
    f'"{DEEP}"': "[" * 10_000 + "]" * 10_000,
    f'"{HUGE_NUMBER}"': "1e309",
}

HOSTILE: dict[str, Any] = {
    "none": None,
    "unknown id": 999_999,
    "negative": -1,
    "zero": 0,
    "numeric string": "1",
    "string": "x",
    "empty dict": {},
    "empty list": [],
    "nan": float("nan"),
    "infinity": float("inf"),
    "1e309": HUGE_NUMBER,
    "true": True,
    "float id": 1.5,
    "beyond int64": 2**70,
    "deep nesting": DEEP,
    "1 MB string": "a" * 1_000_000,
    "dict for a list": {"wave": 1, "programme": 1},
    "list of junk": [None, {}, [], 1, "x", float("nan")],
    "dict of junk": {"wave": "x", "programme": [], "id": {}, "label": None},
    "nul and markup": "\x00<script>alert(1)</script>",
    "selection unknown": {"programme": 999_999, "wave": 999_999},
    "selection negative": {"programme": -1, "wave": -1},
    "selection strings": {"programme": "1", "wave": "1"},
    "selection junk": {"programme": {}, "wave": [1]},
}


CLICKS = ("string", "empty dict", "deep nesting")
"""The hostile values a button's click count gets on its own: no callback reads the count,
and each request with an otherwise valid selection builds a real file (a readiness pack
takes seconds), so the full list is sent only with every argument hostile at once."""


@dataclass
class World:
    app: dash.Dash
    programme: int
    wave: int


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    samples = tmp_path_factory.mktemp("samples")
    shutil.copytree(SAMPLES_DIR / SAMPLE, samples / SAMPLE)
    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("store") / "fuzz.db"))
    app = create_app(store, samples=samples)
    programme = store.programmes()[0].id
    wave = store.waves(programme)[-1].id
    yield World(app, programme, wave)
    store.dispose()


def valid(world: World, component: str, prop: str) -> Any:
    """A value the browser would send for this component property."""
    selection = {"programme": world.programme, "wave": world.wave}
    return {
        (ids.SELECTION, "data"): selection,
        (ids.URL, "search"): f"?programme={world.programme}&wave={world.wave}",
        (ids.URL, "pathname"): "/map",
        (ids.PAGE_PATH, "data"): None,
        (ids.PROGRAMME, "value"): world.programme,
        (ids.WAVE, "value"): world.wave,
        (ids.MAP_WAVE, "data"): world.wave,
        (ids.GAPS_WAVE, "data"): world.wave,
        (ids.COMPARE_PROGRAMME, "data"): world.programme,
        (ids.COMPARE_BASELINE, "value"): world.wave,
        (ids.COMPARE_FOLLOWUP, "value"): world.wave,
        (ids.MAP_ENGAGEMENT, "value"): [0, 5],
        (ids.MAP_TIE_TYPES, "value"): ["collaboration"],
        (ids.MAP_SIZE_BY, "value"): "influence",
        (ids.GAPS_KIND, "value"): ["burned"],
    }.get((component, prop), 1 if prop == "n_clicks" else None)


def body(key: str, spec: dict[str, Any], values: list[Any], trigger: int) -> str:
    """The JSON text of one callback request, as dash-renderer sends it."""
    args = [*spec["inputs"], *spec["state"]]
    items = [{"id": a["id"], "property": a["property"], "value": v}
             for a, v in zip(args, values, strict=True)]
    n_inputs = len(spec["inputs"])
    changed = args[min(trigger, n_inputs - 1)]
    text = json.dumps({
        "output": key,
        "outputs": split_callback_id(key),
        "inputs": items[:n_inputs],
        "state": items[n_inputs:],
        "changedPropIds": [f"{changed['id']}.{changed['property']}"],
    })
    for placeholder, raw in RAW.items():
        text = text.replace(placeholder, raw)
    return text


def requests(world: World) -> Iterator[tuple[str, str, str]]:
    """(callback, what is hostile, body): all arguments hostile, then one at a time."""
    for key, spec in world.app.callback_map.items():
        args = [*spec["inputs"], *spec["state"]]
        good = [valid(world, a["id"], a["property"]) for a in args]
        for name, value in HOSTILE.items():
            yield key, f"all = {name}", body(key, spec, [value] * len(args), 0)
            for i, arg in enumerate(args):
                if arg["property"] == "n_clicks" and name not in CLICKS:
                    continue
                values = [*good[:i], value, *good[i + 1:]]
                yield (key, f"{arg['id']}.{arg['property']} = {name}",
                       body(key, spec, values, i))


def test_no_callback_answers_500_whatever_it_is_sent(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    client = world.app.server.test_client()
    statuses: dict[int, int] = {}
    failures: list[str] = []
    caplog.set_level(logging.ERROR, logger="dashboards")
    for key, what, text in requests(world):
        response = client.post(ENDPOINT, data=text, content_type="application/json")
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code not in (200, 204) and not 400 <= response.status_code < 500:
            failures.append(f"{response.status_code} {key[:60]} with {what}")
    assert sum(statuses.values()) > 1500
    assert not failures, f"{len(failures)} of {sum(statuses.values())} requests failed:\n" + \
        "\n".join(failures[:40])
    # the safety net (a stray exception answered 400 and logged) never had to catch one
    assert [r.getMessage() for r in caplog.records if r.name.startswith("dashboards")] == []
    # and the server still answers a normal request with the normal answer
    key = next(k for k in world.app.callback_map if k == f"{ids.MAP_PANEL}.children")
    spec = world.app.callback_map[key]
    response = client.post(ENDPOINT, data=body(key, spec, [None, world.wave, "en"], 0),
                           content_type="application/json")
    assert response.status_code == 200
    assert "Click an actor" in response.get_data(as_text=True)
