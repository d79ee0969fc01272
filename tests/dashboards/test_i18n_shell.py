"""The shell's pickers in the visit's language, on a real app over SQLite.

The programme, wave and language pickers say their own words (placeholder, search, "no
options") in the page's language, and a programme picked in the picker that speaks another
language reloads the page in it unless the URL names a language — the ``select`` callback
posted to ``/_dash-update-component`` as the browser posts it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dash
import pytest
from dash._utils import split_callback_id

from dashboards import ids
from dashboards.app import create_app
from stakeholder_map.store.database import Store

from ..conftest import BASE, write_csv_folder


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dash.Dash, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("store")
    store = Store("sqlite:///" + str(folder / "t.db"))
    app = create_app(store)        # the samples: each says its language
    store.import_workbook(write_csv_folder(folder / "plain", BASE))   # "Test": says none
    yield app, {p.name: p.id for p in store.programmes()}
    store.dispose()


def _programme(programmes: dict[str, int], start: str) -> int:
    return next(i for name, i in programmes.items() if name.startswith(start))


def test_the_pickers_say_their_own_words_in_the_page_language(
        world: tuple[dash.Dash, dict[str, int]]) -> None:
    app, programmes = world
    hebrew = _programme(programmes, "קהילה מיטיבה")
    with app.server.test_request_context(
            "/_dash-layout", headers={"Referer": f"http://localhost/map?programme={hebrew}"}):
        layout = app.layout()  # type: ignore[operator]
    with app.server.test_request_context(
            "/_dash-layout", headers={"Referer": "http://localhost/map?lang=lv"}):
        latvian = app.layout()  # type: ignore[operator]
    for picker in (ids.PROGRAMME, ids.WAVE, ids.LANG_PICKER):
        words = layout[picker].labels
        assert words["no_options_found"] == "לא נמצאו אפשרויות", picker
        assert words["search"] == "חיפוש" and words["selected_count"] == "נבחרו: {num_selected}"
        assert latvian[picker].labels["no_options_found"] != "No options found", picker
    assert layout[ids.PROGRAMME].placeholder == "אין עדיין תוכניות"
    assert layout[ids.WAVE].placeholder == "אין עדיין גלים"
    assert latvian[ids.PROGRAMME].placeholder == "Programmu vēl nav"


ENDPOINT = "/_dash-update-component"


def _select(app: dash.Dash, values: dict[tuple[str, str], Any], changed: str,
            accept: str | None = None) -> dict[str, Any]:
    """Post the shell's ``select`` callback as the browser does; its outputs by id."""
    key = next(k for k in app.callback_map if f"{ids.PROGRAMME}.options" in k)
    spec = app.callback_map[key]

    def items(args: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [{**a, "value": values.get((a["id"], a["property"]))} for a in args]

    body = {"output": key, "outputs": split_callback_id(key), "inputs": items(spec["inputs"]),
            "state": items(spec["state"]), "changedPropIds": [changed]}
    headers = {"Accept-Language": accept} if accept else {}
    response = app.server.test_client().post(ENDPOINT, data=json.dumps(body), headers=headers,
                                              content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)
    answer: dict[str, Any] = response.get_json()["response"]
    return answer


def _picked(app: dash.Dash, lang: str, search: str, programme: int,
            accept: str | None = None) -> dict[str, Any]:
    """The visitor picks ``programme`` in the picker of /gaps{search}, shown in ``lang``."""
    return _select(app, {(ids.URL, "search"): search, (ids.PROGRAMME, "value"): programme,
                         (ids.URL, "pathname"): "/gaps", (ids.LANG, "data"): lang},
                   f"{ids.PROGRAMME}.value", accept)


def test_picking_a_programme_of_another_language_reloads_the_page_in_it(
        world: tuple[dash.Dash, dict[str, int]]) -> None:
    app, programmes = world
    st = app.server.config["SM_STORE"]
    hebrew = _programme(programmes, "קהילה מיטיבה")
    baltic = _programme(programmes, "BALTIC")                        # language: lv
    baltic_wave = st.waves(baltic)[-1].id
    answer = _picked(app, "he", f"?programme={hebrew}", baltic)
    target = f"?programme={baltic}&wave={baltic_wave}"
    assert answer[ids.LANG_RELOAD] == {"href": f"/gaps{target}"}
    # the reload takes the browser there: had the address bar been moved to it first, the
    # reloading location would find itself there already and not reload (seen in Chromium)
    assert ids.URL not in answer and answer[ids.PROGRAMME]["value"] == baltic
    # the URL names a language: it stays, and nothing reloads
    answer = _picked(app, "he", f"?lang=he&programme={hebrew}", baltic)
    assert ids.LANG_RELOAD not in answer
    assert answer[ids.URL] == {"search": f"?lang=he&programme={baltic}&wave={baltic_wave}"}
    # the same language: nothing reloads
    culture = _programme(programmes, "Inovacijos kultūros")             # lt
    leaders = _programme(programmes, "Socialinių lyderių")              # lt
    assert ids.LANG_RELOAD not in _picked(app, "lt", f"?programme={culture}", leaders)
    assert ids.LANG_RELOAD in _picked(app, "lt", f"?programme={culture}", baltic)


def test_a_programme_without_a_language_gets_the_browsers_then_english(
        world: tuple[dash.Dash, dict[str, int]]) -> None:
    app, programmes = world
    hebrew, plain = _programme(programmes, "קהילה מיטיבה"), programmes["Test"]
    assert ids.LANG_RELOAD in _picked(app, "he", f"?programme={hebrew}", plain, "ru")
    assert ids.LANG_RELOAD not in _picked(app, "ru", f"?programme={hebrew}", plain, "ru,en")
    assert ids.LANG_RELOAD not in _picked(app, "en", f"?programme={hebrew}", plain)
    assert ids.LANG_RELOAD in _picked(app, "he", f"?programme={hebrew}", plain)   # → English


def test_only_the_programme_picker_reloads(world: tuple[dash.Dash, dict[str, int]]) -> None:
    """A new wave, or a URL that changed (an upload, a link), does not reload the page."""
    app, programmes = world
    st = app.server.config["SM_STORE"]
    baltic = _programme(programmes, "BALTIC")
    wave = st.waves(baltic)[-1].id
    for changed in (f"{ids.WAVE}.value", f"{ids.URL}.search"):
        answer = _select(app, {(ids.URL, "search"): f"?programme={baltic}",
                               (ids.PROGRAMME, "value"): baltic, (ids.WAVE, "value"): wave,
                               (ids.URL, "pathname"): "/map", (ids.LANG, "data"): "he"},
                         changed)
        assert ids.LANG_RELOAD not in answer, changed
        assert answer[ids.PROGRAMME]["value"] == baltic
