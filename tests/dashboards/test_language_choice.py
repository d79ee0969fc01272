"""Which language a visit gets: ``?lang=``, else the programme's own, else the browser's,
else English — on the page itself (``<html lang dir>``) and in the layout inside it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import dash
import pytest

from dashboards import ids
from dashboards.app import create_app
from stakeholder_map.store.database import Store

from ..conftest import BASE, write_csv_folder


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dash.Dash, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("store")
    store = Store("sqlite:///" + str(folder / "t.db"))
    app = create_app(store)  # the samples: each says its language
    # and a programme that says none
    store.import_workbook(write_csv_folder(folder / "plain", BASE))
    yield app, {p.name: p.id for p in store.programmes()}
    store.dispose()


def _html_tag(app: dash.Dash, url: str, accept: str | None = None) -> str:
    headers = {"Accept-Language": accept} if accept else {}
    page = app.server.test_client().get(url, headers=headers).get_data(as_text=True)
    match = re.search(r"<html[^>]*>", page)
    assert match is not None
    return match.group(0)


def _programme(programmes: dict[str, int], start: str) -> int:
    return next(i for name, i in programmes.items() if name.startswith(start))


def test_the_programme_speaks_its_own_language(world: tuple[dash.Dash, dict[str, int]]) -> None:
    app, programmes = world
    hebrew = _programme(programmes, "קהילה מיטיבה")
    russian = _programme(programmes, "Программа")
    assert _html_tag(app, f"/map?programme={hebrew}") == '<html lang="he" dir="rtl">'
    assert _html_tag(app, f"/gaps?programme={russian}") == '<html lang="ru" dir="ltr">'
    # the browser's wish does not override the programme's own language
    assert _html_tag(app, f"/map?programme={hebrew}", "lt") == '<html lang="he" dir="rtl">'


def test_lang_in_the_url_wins(world: tuple[dash.Dash, dict[str, int]]) -> None:
    app, programmes = world
    hebrew = _programme(programmes, "קהילה מיטיבה")
    assert _html_tag(app, f"/map?programme={hebrew}&lang=lt") == '<html lang="lt" dir="ltr">'
    assert _html_tag(app, "/map?lang=he-IL") == '<html lang="he" dir="rtl">'


def test_without_a_programme_language_the_browser_then_english_decide(
        world: tuple[dash.Dash, dict[str, int]]) -> None:
    app, programmes = world
    plain = programmes["Test"]
    assert _html_tag(app, f"/map?programme={plain}", "de-DE,ru;q=0.8") == \
        '<html lang="ru" dir="ltr">'
    assert _html_tag(app, f"/map?programme={plain}") == '<html lang="en" dir="ltr">'
    assert _html_tag(app, f"/map?programme={plain}&lang=xx", "fr") == \
        '<html lang="en" dir="ltr">'


def test_the_layout_is_built_in_the_visits_language(
        world: tuple[dash.Dash, dict[str, int]], tmp_path: Path) -> None:
    app, programmes = world
    hebrew = _programme(programmes, "קהילה מיטיבה")
    for query, lang, first_nav in ((f"programme={hebrew}", "he", "מפה"),
                                   (f"programme={hebrew}&lang=ru", "ru", "Карта"),
                                   (f"programme={programmes['Test']}", "en", "Map")):
        with app.server.test_request_context(
                "/_dash-layout", headers={"Referer": f"http://localhost/map?{query}"}):
            layout = app.layout()  # type: ignore[operator]
        assert layout[ids.LANG].data == lang
        assert layout.dir == ("rtl" if lang == "he" else "ltr")
        assert layout["nav-map"].children == first_nav
        assert layout[ids.LANG_PICKER].value == lang
