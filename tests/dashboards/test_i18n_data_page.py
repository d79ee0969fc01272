"""The Data page in the visit's language, on a real app over SQLite.

Expected words are the languages' own, with plural forms worked out by each language's rule
for the counts (22 errors: the rows of ``samples/broken/PROBLEMS.md``; 34 actors and 43 ties:
the rows of the Baltic sample's CSV files, counted here with the csv module). The file's,
the programme's and the wave's names are the visitor's text: each comes in a Bdi of its own.
"""

from __future__ import annotations

import base64
import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import pytest
from dash import html

from dashboards import ids
from dashboards.app import create_app
from dashboards.pages import data as data_page
from stakeholder_map.i18n import use_language
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.store.database import Store

from .text import visible_text


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dash.Dash]:
    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("store") / "t.db"))
    yield create_app(store)        # the samples
    store.dispose()


def _bdis(component: Any) -> list[str]:
    """The text of every Bdi in a component tree, in order."""
    if isinstance(component, (list, tuple)):
        return [t for c in component for t in _bdis(c)]
    if isinstance(component, html.Bdi):
        return [visible_text(component)]
    return _bdis(getattr(component, "children", None) or [])


def _upload(folder: Path) -> str:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in sorted(folder.glob("*.csv")):
            zf.write(f, f.name)
    return "data:application/zip;base64," + base64.b64encode(buf.getvalue()).decode()


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(1 for _row in csv.DictReader(fh))


def test_the_data_page_speaks_the_language(app: dash.Dash) -> None:
    with app.server.test_request_context():
        with use_language("ru"):
            page = data_page.layout({})
        with use_language("lt"):
            waves, problems = data_page.wave_columns(), data_page.problem_columns()
        with use_language("he"):
            hebrew = data_page.layout({})
    text = visible_text(page)
    assert "Программы и волны" in text and "Загрузить рабочую книгу как новую волну" in text
    assert "(до 20 МБ)" in text                       # create_app's default limit
    assert "Перетащите рабочую книгу сюда или выберите файл" in text
    assert page[ids.DATA_PROGRAMME_NAME].placeholder == "например, «Кехила Метива»"
    assert "Programmes" not in text and "Upload" not in text
    assert [c["headerName"] for c in waves] == ["Programa", "Banga", "Importuota (UTC)",
                                                "Šaltinio failas", "Dalyviai", "Ryšiai"]
    assert [c["headerName"] for c in problems] == ["Lygis", "Lapas", "Eilutė", "Stulpelis",
                                                   "Reikšmė", "Problema", "Tikėtasi",
                                                   "Pasiūlymas"]
    # the level in words; the rows keep the library's "error" / "warning"
    assert problems[0]["refData"] == {"error": "klaida", "warning": "įspėjimas"}
    # the workbook's own text runs in its own direction
    user = {c["field"] for c in waves + problems if c.get("cellClass") == "user-text"}
    assert user == {"programme", "label", "source_name", "sheet", "column", "value"}
    # both grids right to left in Hebrew, in AG Grid's Hebrew words
    for grid in (hebrew[ids.DATA_WAVES], hebrew[ids.DATA_PROBLEMS]):
        assert grid.dashGridOptions["enableRtl"] is True
        assert grid.dashGridOptions["localeText"]["noRowsToShow"] != "No rows to show"
    assert "תוכניות וגלים" in visible_text(hebrew)


def test_wave_dates_are_shown_as_the_language_writes_them_and_sort_as_iso(
        app: dash.Dash) -> None:
    with app.server.test_request_context():
        rows = data_page.layout({})[ids.DATA_WAVES].rowData
        formats = {}
        for lang in ("en", "lt", "ru", "he"):
            with use_language(lang):
                col = next(c for c in data_page.wave_columns() if c["field"] == "imported_at")
                formats[lang] = col["valueFormatter"]["function"]
    # the rows keep the ISO time, which sorts in time order as text
    assert all(len(r["imported_at"]) == 16 and r["imported_at"][4] == "-" for r in rows)
    # Russian and Hebrew write day.month.year; English and Lithuanian keep the ISO date
    for lang in ("ru", "he"):
        assert "d3.utcFormat(\"%d.%m.%Y %H:%M\")" in formats[lang]
        assert "d3.utcParse('%Y-%m-%d %H:%M')(params.value)" in formats[lang]
    assert formats["en"] == formats["lt"] == "params.value == null ? '' : params.value"


def test_a_broken_upload_counts_its_errors_in_each_language(
        app: dash.Dash) -> None:
    table = (SAMPLES_DIR / "broken" / "PROBLEMS.md").read_text(encoding="utf-8")
    errors = sum(1 for line in table.splitlines()
                 if line.startswith("| ") and not line.startswith(("| sheet", "|---")))
    assert errors == 22
    expected = {
        "en": "broken.zip was not stored: 22 errors to fix.",
        "ru": "Файл broken.zip не сохранён: нужно исправить 22 ошибки.",     # 2–4 form
        "lt": "Failas broken.zip neišsaugotas: reikia ištaisyti 22 klaidas.",  # 2–9 form
        "lv": "Fails broken.zip netika saglabāts: jāizlabo 22 kļūdas.",       # "other"
        "et": "Faili broken.zip ei salvestatud: parandada tuleb 22 viga.",
        "he": "הקובץ broken.zip לא נשמר: יש לתקן 22 שגיאות.",
    }
    contents = _upload(SAMPLES_DIR / "broken")
    with app.server.test_request_context():
        for lang, words in expected.items():
            with use_language(lang):
                message, rows, style, waves, url = data_page.upload(contents, "broken.zip",
                                                                    None, "")
            assert visible_text(message) == words, lang
            assert _bdis(message) == ["broken.zip"], lang
            assert message.className == "error" and style["display"] == "block"
            assert {r["severity"] for r in rows} == {"error"}          # ids, not words
            assert waves is dash.no_update and url is dash.no_update


def test_a_stored_upload_names_file_wave_and_programme_in_their_own_isolates(
        app: dash.Dash) -> None:
    folder = SAMPLES_DIR / "baltic_youth_impact"
    assert (_rows(folder / "actors.csv"), _rows(folder / "ties.csv")) == (34, 43)
    st = app.server.config["SM_STORE"]
    counts = {"en": "34 actors, 43 ties", "ru": "34 участника, 43 связи",
              "lt": "34 dalyviai, 43 ryšiai", "lv": "34 dalībnieki, 43 saites",
              "et": "34 osalejat, 43 seost", "he": "34 שחקנים, 43 קשרים"}
    with app.server.test_request_context():
        for lang, count in counts.items():
            name = f"Baltija {lang}"
            with use_language(lang):
                message = data_page.upload(_upload(folder), "baltic.zip", name, "")[0]
            pid = next(p.id for p in st.programmes() if p.name == name)
            label = st.waves(pid)[-1].label
            opening = {
                "en": f"baltic.zip stored as wave “{label}” of {name}: ",
                "ru": f"Файл baltic.zip сохранён как волна «{label}» программы {name}: ",
                "lt": f"Failas baltic.zip išsaugotas kaip programos {name} banga „{label}“: ",
                "lv": f"Fails baltic.zip saglabāts kā programmas {name} vilnis „{label}”: ",
                "et": f"Fail baltic.zip salvestati programmi {name} lainena „{label}”: ",
                "he": f"הקובץ baltic.zip נשמר כגל \"{label}\" של התוכנית {name}: ",
            }[lang]
            assert visible_text(message).startswith(opening + count + "."), lang
            assert sorted(_bdis(message)) == sorted(["baltic.zip", label, name]), lang
            assert message.className == "ok"


def test_reading_failures_name_the_file_once_in_its_own_isolate(
        app: dash.Dash) -> None:
    with app.server.test_request_context():
        # the page's own words: the upload could not be decoded
        with use_language("lt"):
            message = data_page.upload("data:application/zip;base64,@@@", "x.xlsx", None, "")[0]
        assert visible_text(message) == "x.xlsx: įkelto failo nepavyko iškoduoti"
        assert _bdis(message) == ["x.xlsx"] and message.className == "error"
        # a reader's message already starts with the file: it is not named twice
        with use_language("ru"):
            message = data_page.upload(
                "data:application/zip;base64," + base64.b64encode(b"not a workbook").decode(),
                "x.xlsx", None, "")[0]
        assert visible_text(message).count("x.xlsx") == 1
        assert visible_text(message).startswith("x.xlsx: ") and _bdis(message) == ["x.xlsx"]
    # a translated reader's message may name the file further on: isolated there, not again
    moved = data_page._failure("a.xlsx", "Не удалось прочитать a.xlsx: файл повреждён")
    assert visible_text(moved) == "Не удалось прочитать a.xlsx: файл повреждён"
    assert _bdis(moved) == ["a.xlsx"]
    # the size limit in the language's own decimals
    with use_language("ru"), pytest.raises(ValueError) as too_large:
        data_page.decode_upload("data:application/zip;base64," + "A" * 4_000_000, 1_572_864)
    assert str(too_large.value) == "файл больше допустимых 1,5 МБ"
