"""The dashboard's pages in the visit's language, called directly on a real app over SQLite.

Expected words are the languages' own (plural forms worked out by each language's rule),
numbers and dates as each locale writes them, and user text (names, labels) isolated for
bidi: Hebrew in an English sentence or English in a Hebrew one keeps its own order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dash
import pytest
from dash import html

from dashboards import grids
from dashboards.app import create_app
from dashboards.data import analysis
from dashboards.pages import gaps as gaps_page
from dashboards.pages import map as map_page
from dashboards.pages.common import grid_options, sentence, wave_label
from stakeholder_map import load
from stakeholder_map.i18n import use_language
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.store.database import Store

from .text import visible_text

FSI, PDI = "\u2068", "\u2069"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dash.Dash]:
    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("store") / "t.db"))
    yield create_app(store)
    store.dispose()


def _wave(app: dash.Dash, folder: str) -> int:
    smap = load(SAMPLES_DIR / folder).map
    assert smap is not None
    st = app.server.config["SM_STORE"]
    pid = next(p.id for p in st.programmes() if p.name == smap.programme.name)
    return int(st.waves(pid)[-1].id)


def _bdis(component: Any) -> list[str]:
    """The text of every Bdi in a component tree, in order."""
    found: list[str] = []

    def walk(c: Any) -> None:
        if isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
        elif isinstance(c, html.Bdi):
            found.append(visible_text(c))
        elif hasattr(c, "children"):
            walk(c.children)

    walk(component)
    return found


def test_the_count_of_actors_shown_follows_each_languages_plural_rule(app: dash.Dash) -> None:
    """kehila_metiva has 51 actors: 51 takes the singular-like form in Russian, Lithuanian and
    Latvian (…1 but not …11), the plural in Hebrew and Estonian."""
    with app.server.test_request_context():
        wave = _wave(app, "kehila_metiva")
        public = sum(1 for a in analysis(wave).smap.actors if a.sector == "public")
        expected = {"en": f"{public} of 51 actors shown",
                    "ru": f"Показано {public} из 51 участника",
                    "lt": f"Rodoma {public} iš 51 dalyvio",
                    "lv": f"Rādīti {public} no 51 dalībnieka",
                    "et": f"Näidatud {public} osalejat 51-st",
                    "he": f"מוצגים {public} מתוך 51 שחקנים"}
        for lang, words in expected.items():
            with use_language(lang):
                count = map_page.draw(wave, ["public"], None, [0, 5], None, "", "influence",
                                      None, "")[3]
            assert count == words, lang
        # 29 actors: Russian's "many" form, Lithuanian's 2–9 form
        small = _wave(app, "smolensk_volunteers")
        with use_language("ru"):
            assert map_page.draw(small, [], None, [0, 5], None, "", "influence", None,
                                 "")[3] == "Показано 29 из 29 участников"
        with use_language("lt"):
            assert map_page.draw(small, [], None, [0, 5], None, "", "influence", None,
                                 "")[3] == "Rodoma 29 iš 29 dalyvių"


def test_the_map_page_speaks_hebrew_and_runs_its_ladder_right_to_left(app: dash.Dash) -> None:
    with app.server.test_request_context():
        wave = _wave(app, "kehila_metiva")
        st = app.server.config["SM_STORE"]
        pid = st.wave(wave).programme_id
        with use_language("he"):
            page = map_page.layout({"programme": [str(pid)]})
        with use_language("en"):
            english = map_page.layout({"programme": [str(pid)]})
    text = visible_text(page)
    assert "מסננים" in text and "Filters" not in text          # the filters' heading
    slider = page["map-engagement"]
    assert slider.reverse is True and english["map-engagement"].reverse is False
    assert slider.marks[0]["label"] == "לא מודע" and slider.marks[5]["label"] == "מוביל"
    ties = {o["value"]: o["label"] for o in page["map-tie-types"].options}
    assert ties["tension"] == "מתיחות" and ties["reports_to"] == "כפיפות"
    # the legend: sectors in Hebrew, each in a Bdi
    legend = page["map-legend"].children
    assert "מגזר ציבורי" in _bdis(legend) and "Public" not in visible_text(legend)


def test_the_actor_panel_isolates_names_and_points_its_arrows_the_reading_way(
        app: dash.Dash) -> None:
    with app.server.test_request_context():
        wave = _wave(app, "kehila_metiva")
        smap = analysis(wave).smap
        with use_language("he"):
            panel = map_page.panel("km-edu-head", wave)
        with use_language("en"):
            english = map_page.panel("km-edu-head", wave)
        path = [smap.actor_by_id[a].name for a in analysis(wave).paths["km-edu-head"].path]
    head = smap.actor_by_id["km-edu-head"]
    text = visible_text(panel)
    assert "מי יכול להפגיש אתכם" in text and "Who can introduce you" not in text
    assert "בעל תפקיד סביל" in text                            # the gap kind, in words
    assert _bdis(panel[0]) == [head.name]                      # the heading: the name alone
    assert head.name in _bdis(panel) and head.role in _bdis(panel)
    # now → target: the arrow points the way the line is read
    assert "←" in text and "→" not in text
    assert "→" in visible_text(english) and "←" not in visible_text(english)
    # every actor of the warm path is isolated from the list around it
    assert all(name in _bdis(panel) for name in path)


def test_the_gaps_summary_puts_each_name_in_its_own_isolate(app: dash.Dash) -> None:
    """A Hebrew name inside a Lithuanian sentence, and the brackets after it, stay in place:
    the name is a Bdi of its own, the brackets are the sentence's."""
    with app.server.test_request_context():
        wave = _wave(app, "kehila_metiva")
        with use_language("lt"):
            summary = gaps_page.summary(wave)
            columns = gaps_page.columns()
    text = visible_text(summary)
    assert "Trūkstami sektoriai:" in text and "Įtakingiausi pasyvūs dalyviai:" in text
    item = summary.children[2].children[0]            # the first passive influential actor
    first, *rest = item.children
    assert isinstance(first, html.Bdi) and rest[0].startswith(" (įtaka ")
    kinds = next(c for c in columns if c["field"] == "kind")["refData"]
    assert kinds["passive_influential"] == "įtakingas, bet pasyvus"
    assert [c["headerName"] for c in columns][:2] == ["Svarba", "Rūšis"]


def test_sentences_put_components_where_the_translation_puts_the_placeholders() -> None:
    name = html.Bdi("Ona")
    assert sentence("{name} (influence {n})", name=name, n="5") == [name, " (influence ", "5",
                                                                     ")"]
    # a language that puts the name last
    assert sentence("Supažindins: {name}", name=name) == ["Supažindins: ", name]


def test_the_wave_picker_reads_label_date_and_size_in_the_page_language(app: dash.Dash) -> None:
    """The label is the workbook's text (isolated, so its digits and dashes do not swap with
    the date beside it); the date as the language writes it; the size with its plural."""
    with app.server.test_request_context():
        st = app.server.config["SM_STORE"]
        wave = st.wave(_wave(app, "kehila_metiva"))
        day = wave.imported_at
        with use_language("he"):
            assert wave_label(wave) == (f"{FSI}גל 1 – שלב הכשרת הלבבות{PDI} — "
                                        f"{day:%d.%m.%Y} (51 שחקנים)")
        with use_language("ru"):
            assert wave_label(wave).endswith(f" — {day:%d.%m.%Y} (51 участник)")
        with use_language("lt"):
            assert wave_label(wave).endswith(f" — {day:%Y-%m-%d} (51 dalyvis)")
        with use_language("en"):
            assert wave_label(wave).endswith(f" — {day:%Y-%m-%d} (51 actors)")


def test_grids_mirror_right_to_left_and_speak_the_language() -> None:
    with use_language("he"):
        options = grid_options(pagination=True)
    assert options["enableRtl"] is True and options["localeText"]["page"] == "עמוד"
    assert options["pagination"] is True
    with use_language("en"):
        assert "enableRtl" not in grid_options()
    # numbers in each language's own separators (d3 in the browser, CLDR's symbols)
    with use_language("lt"):
        formatter = grids.number_format()["function"]
    symbols = json.loads(formatter[formatter.index("{"):formatter.index("}") + 1])
    assert symbols["decimal"] == "," and symbols["thousands"] == "\u00a0"
    with use_language("he"):
        assert grids.shown(12345.5) == "12,345.5" and grids.shown(True) == "כן"
    with use_language("ru"):
        assert grids.shown(12345.5) == "12\u00a0345,5"


def _selection(app: dash.Dash, folder: str) -> dict[str, int]:
    wave = _wave(app, folder)
    return {"programme": int(app.server.config["SM_STORE"].wave(wave).programme_id),
            "wave": wave}


def test_the_engagement_summary_counts_in_russian(app: dash.Dash) -> None:
    """51 actors: Russian's "one" form (…1, not …11) for the total."""
    with app.server.test_request_context():
        selection = _selection(app, "kehila_metiva")
        with use_language("ru"):
            from dashboards.pages import engagement
            status = engagement.fill(selection)[3]
            layout = visible_text(engagement.layout({}))
    assert " из 51 участника ниже целевой вовлечённости; из них " in status.children
    assert status.children.endswith(" влиятельны (3 и выше).")
    assert "Дальше всего от цели" in layout and "не больше 40 участников" in layout


def test_metrics_and_sector_grids_show_words_for_the_librarys_identifiers(
        app: dash.Dash) -> None:
    from dashboards.pages import metrics, sectors

    with app.server.test_request_context():
        selection = _selection(app, "kehila_metiva")
        with use_language("lt"):
            actor_rows, actor_cols, network_rows, network_cols, _ = metrics.fill(selection)
            table_rows, table_cols = sectors.fill(selection)[3:5]
            page = visible_text(metrics.layout({}))
    headers = {c["field"]: c["headerName"] for c in actor_cols}
    assert headers["engagement"] == "įsitraukimas" and headers["betweenness"] == "tarpiškumas"
    engagement_col = next(c for c in actor_cols if c["field"] == "engagement")
    assert engagement_col["refData"]["supportive"] == "palaiko"
    assert actor_rows[0]["engagement"] in engagement_col["refData"]   # rows keep the ids
    headings = [c["headerName"] for c in network_cols]
    assert headings[0] == "rodiklis" and headings[2] == "reikšmė programai"
    assert headings[1] in ("reikšmė", "vertė")    # (another part of the product says vertė)
    assert network_cols[0]["refData"]["density"] == "tankis"
    density = next(r for r in network_rows if r["metric"] == "density")
    assert "," in density["shown"] and "." not in density["shown"]   # 0,1234 in Lithuanian
    sector_col = next(c for c in table_cols if c["field"] == "sector")
    assert sector_col["refData"]["civil_society"] == "Pilietinė visuomenė (NVO)"
    assert {r["sector"] for r in table_rows} >= {"public", "civil_society"}
    assert "Visas tinklas" in page and "Pasirengimo paketas (HTML)" in page
    # who a row is about stays pinned on the side the row is read from
    assert {c["field"]: c.get("pinned") for c in actor_cols}["name"] == "left"
    with app.server.test_request_context(), use_language("he"):
        hebrew = metrics.fill(selection)[1]
    assert {c["field"]: c.get("pinned") for c in hebrew if c.get("pinned")} == \
        {"id": "right", "name": "right"}


def test_the_compare_page_headings_and_its_arrow_follow_the_language(app: dash.Dash) -> None:
    from dashboards.pages import compare

    with app.server.test_request_context():
        st = app.server.config["SM_STORE"]
        selection = _selection(app, "kehila_metiva")
        programme, wave = selection["programme"], selection["wave"]
        with use_language("he"):
            status, summary, *_rest = compare.fill(wave, wave, programme, "")
            heads = visible_text(compare.layout({"programme": [str(programme)]}))
        with use_language("et"):
            estonian = visible_text(compare.layout({"programme": [str(programme)]}))
            columns = compare._columns("engagement_moves")
        label = st.wave(wave).label
    assert "השוואת שני גלים" in heads and "שחקנים שהצטרפו" in heads
    assert "בשני הבוררים אותו גל" in visible_text(status)
    strong = summary[0]
    assert _bdis(strong) == [label, label]
    assert visible_text(strong) == f"{label} ← {label}:"                # points right to left
    assert "Võrdle kahte lainet" in estonian and "Liitunud osalejad" in estonian
    before = next(c for c in columns if c["field"] == "before")
    assert before["headerName"] == "lähtelaine" and before["refData"]["passive"] == \
        "passiivne nõusolek"
