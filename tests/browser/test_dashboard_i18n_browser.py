"""Every dashboard page in each of the six languages, in real headless Chromium.

One browser session per language opens every page (``?lang=xx``) and reads what a person
sees: the navigation and each page's heading in the language's own words (the English ones
gone). In Hebrew the document is right to left and the actor panel sits on the left of the
map (on the right in a left-to-right language), and the defects reported on the Hebrew
sample are measured where they were seen: a name's closing quote on its own side, a long
Hebrew name's first words kept in a narrow grid cell of an English page, the wave label in
reading order, the Compare arrow pointing the way the page reads. Screenshots of the Hebrew
map, panel and gaps grid (and each language's map) are kept in ``SCREENS``.

The pseudo-locale run (``?lang=qps``) opens every page, and uploads a broken workbook on the
Data page, and checks that every run of Latin letters on the screen is inside ``⟦…⟧`` (it
went through the catalogs) or is the workbook's own data. Picking a programme of another
language in the picker turns the page to it.
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from dashboards import ids
from dashboards.app import create_app
from stakeholder_map import load
from stakeholder_map.i18n import LANGUAGE_NAMES
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.store.database import Store

from ..test_compare import follow_up

SCREENS = Path("/tmp/stakeholder-map-screens")
PAGES = ("map", "gaps", "sectors", "engagement", "metrics", "compare", "data")

# the words each language uses (the catalogs' translations, reviewed): navigation in PAGES
# order, then the heading of each page (the map's is its filters' heading)
WORDS: dict[str, dict[str, Any]] = {
    "en": {"nav": ["Map", "Gaps", "Sectors", "Engagement", "Metrics", "Compare", "Data"],
           "map": "Filters", "gaps": "Engagement gaps", "sectors": "Sectors",
           "engagement": "Engagement", "metrics": "Metrics", "compare": "Compare two waves",
           "data": "Programmes and waves"},
    "lt": {"nav": ["Žemėlapis", "Spragos", "Sektoriai", "Įsitraukimas", "Rodikliai",
                   "Palyginti", "Duomenys"],
           "map": "Filtrai", "gaps": "Įsitraukimo spragos", "sectors": "Sektoriai",
           "engagement": "Įsitraukimas", "metrics": "Rodikliai",
           "compare": "Palyginti dvi bangas", "data": "Programos ir bangos"},
    "lv": {"nav": ["Karte", "Nepilnības", "Sektori", "Iesaiste", "Rādītāji", "Salīdzināt",
                   "Dati"],
           "map": "Filtri", "gaps": "Iesaistes nepilnības", "sectors": "Sektori",
           "engagement": "Iesaiste", "metrics": "Rādītāji", "compare": "Salīdzināt divus viļņus",
           "data": "Programmas un viļņi"},
    "et": {"nav": ["Kaart", "Lüngad", "Sektorid", "Kaasatus", "Näitajad", "Võrdle", "Andmed"],
           "map": "Filtrid", "gaps": "Kaasatuse lüngad", "sectors": "Sektorid",
           "engagement": "Kaasatus", "metrics": "Näitajad", "compare": "Võrdle kahte lainet",
           "data": "Programmid ja lained"},
    "ru": {"nav": ["Карта", "Пробелы", "Секторы", "Вовлечённость", "Показатели", "Сравнение",
                   "Данные"],
           "map": "Фильтры", "gaps": "Пробелы вовлечённости", "sectors": "Секторы",
           "engagement": "Вовлечённость", "metrics": "Показатели",
           "compare": "Сравнение двух волн", "data": "Программы и волны"},
    "he": {"nav": ["מפה", "פערים", "מגזרים", "מעורבות", "מדדים", "השוואה", "נתונים"],
           "map": "מסננים", "gaps": "פערי מעורבות", "sectors": "מגזרים",
           "engagement": "מעורבות", "metrics": "מדדים", "compare": "השוואת שני גלים",
           "data": "תוכניות וגלים"},
}
HEADING = {"map": "#page .filters h3"}     # every other page: its h2

BACKBONE = "km-backbone"                 # מִנהלת 'קהילה מיטיבה' — a name that ends in a quote


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """The samples, and a second wave of Kehila Metiva (so Compare has two waves)."""
    st = Store(f"sqlite:///{tmp_path / 'i18n.db'}")
    st.import_samples(SAMPLES_DIR)
    smap = load(SAMPLES_DIR / "kehila_metiva").map
    assert smap is not None
    st.import_map(follow_up(smap), label="גל 2")
    return st


def _kehila(store: Store) -> int:
    return next(p.id for p in store.programmes() if p.name.startswith("קהילה מיטיבה"))


def _wait_text(dash_duo: Any, selector: str, timeout: float = 20) -> str:
    """The text of ``selector`` once it is on the page and not empty."""
    end, text = time.time() + timeout, ""
    while time.time() < end:
        text = dash_duo.driver.execute_script(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''",
            selector)
        if text.strip():
            return str(text)
        time.sleep(0.2)
    return str(text)


def _box(dash_duo: Any, selector: str) -> dict[str, float]:
    return dict(dash_duo.driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};", selector))


# where each character of an element's text is drawn: [[char, left, right], ...]
CHARS_JS = """
const root = document.querySelector(arguments[0]), out = [];
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  for (let i = 0; i < node.data.length; i++) {
    const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
    const b = r.getBoundingClientRect();
    if (b.width > 0) out.push([node.data[i], b.left, b.right]);
  }
}
return out;
"""


def _chars(dash_duo: Any, selector: str) -> list[tuple[str, float, float]]:
    return [(c, float(a), float(b)) for c, a, b in
            dash_duo.driver.execute_script(CHARS_JS, selector)]


def _open(dash_duo: Any, path: str, lang: str, selector: str) -> str:
    dash_duo.driver.get(f"{dash_duo.server_url}{path}{'&' if '?' in path else '?'}lang={lang}")
    return _wait_text(dash_duo, selector)


def _panel_open(dash_duo: Any, actor: str) -> None:
    dash_duo.driver.execute_script(
        "document.querySelector('#map-graph')._cyreg.cy.getElementById(arguments[0])"
        ".emit('tap')", actor)


@pytest.mark.parametrize("lang", list(WORDS))
def test_every_page_speaks_the_language(dash_duo, store, lang):  # type: ignore[no-untyped-def]
    dash_duo.start_server(create_app(store, samples=None))
    pid = _kehila(store)
    words, english = WORDS[lang], WORDS["en"]
    for page in PAGES:
        selector = HEADING.get(page, "#page h2")
        heading = _open(dash_duo, f"/{page}?programme={pid}", lang, selector)
        nav = dash_duo.driver.execute_script(
            f"return [...document.querySelectorAll('#{ids.NAV} a')].map(a => a.innerText)")
        assert nav == words["nav"], (lang, page, nav)
        assert heading.strip() == words[page], (lang, page, heading)
        if lang != "en":
            assert english[page] not in heading, (lang, page)
        if lang != "en":
            assert not set(english["nav"]) & set(nav), (lang, page)
        if page == "data":     # import times as the language writes dates; sorted as times
            shown = _wait_text(dash_duo, f"#{ids.DATA_WAVES} [col-id='imported_at'].ag-cell")
            day = r"\d{4}-\d\d-\d\d" if lang in ("en", "lt") else r"\d\d\.\d\d\.\d{4}"
            assert re.fullmatch(day + r" \d\d:\d\d", shown.strip()), (lang, shown)
            if lang == "he":
                SCREENS.mkdir(parents=True, exist_ok=True)
                dash_duo.driver.save_screenshot(str(SCREENS / "he-data.png"))
        # the document says its language and direction
        html_lang, html_dir = dash_duo.driver.execute_script(
            "return [document.documentElement.lang, document.documentElement.dir]")
        assert (html_lang, html_dir) == (lang, "rtl" if lang == "he" else "ltr"), page
    # the actor panel is on the side the page reads towards: right of the map left to right,
    # left of it right to left
    _open(dash_duo, f"/map?programme={pid}", lang, "#page .filters h3")
    _panel_open(dash_duo, BACKBONE)
    _wait_text(dash_duo, "#map-panel h4")
    panel, graph, filters = (_box(dash_duo, s) for s in ("#map-panel", ".map-area", ".filters"))
    if lang == "he":
        assert panel["right"] <= graph["left"] and filters["left"] >= graph["right"]
    else:
        assert panel["left"] >= graph["right"] and filters["right"] <= graph["left"]
    SCREENS.mkdir(parents=True, exist_ok=True)
    time.sleep(1)   # the map's layout settles
    dash_duo.driver.save_screenshot(str(SCREENS / f"{lang}-map.png"))
    print(SCREENS / f"{lang}-map.png")
    if lang == "he":
        _hebrew_screens(dash_duo, pid)


def _hebrew_screens(dash_duo: Any, pid: int) -> None:
    """Screenshots of the Hebrew panel alone and of the gaps grid; the grid reads right to
    left."""
    dash_duo.find_element("#map-panel").screenshot(str(SCREENS / "he-panel.png"))
    _open(dash_duo, f"/gaps?programme={pid}", "he", "#gaps-grid .ag-row")
    time.sleep(1)
    dash_duo.driver.save_screenshot(str(SCREENS / "he-gaps.png"))
    for name in ("he-panel.png", "he-gaps.png"):
        print(SCREENS / name)
    # its first column (severity) on the right
    severity = _box(dash_duo, "#gaps-grid .ag-header-cell[col-id='severity']")
    kind = _box(dash_duo, "#gaps-grid .ag-header-cell[col-id='kind']")
    assert severity["left"] >= kind["right"]


def _quote_side(dash_duo: Any, selector: str) -> tuple[float, float]:
    """(left of the name's first letter, left of its closing quote)."""
    chars = [c for c in _chars(dash_duo, selector) if c[0].strip()]
    first = next(c for c in chars if c[0] == "מ")
    quote = [c for c in chars if c[0] == "'"][-1]
    return first[1], quote[1]


def test_names_keep_their_own_direction_in_either_page(dash_duo, store):  # type: ignore[no-untyped-def]
    """The defects seen on the Hebrew sample, measured where a person saw them."""
    dash_duo.start_server(create_app(store, samples=None))
    pid = _kehila(store)
    for lang in ("en", "he"):
        # מִנהלת 'קהילה מיטיבה' read right to left: its closing quote is its leftmost mark,
        # in a left-to-right page too (it was drawn at the right end: 'מִנהלת 'קהילה מיטיבה)
        _open(dash_duo, f"/map?programme={pid}&focus={BACKBONE}", lang, "#map-panel h4")
        first, quote = _quote_side(dash_duo, "#map-panel h3")
        assert quote < first, lang
    # the wave picker, right to left: the wave's label first (rightmost), then the date and
    # the size (it read "02:57 2026-12-02 — גל 1")
    _open(dash_duo, f"/map?programme={pid}", "he", "#page .filters h3")
    _wait_text(dash_duo, f"#{ids.WAVE} .dash-dropdown-value")
    chars = _chars(dash_duo, f"#{ids.WAVE} .dash-dropdown-value")
    text = "".join(c[0] for c in chars)
    assert "גל 2" in text and "(" in text, text
    gimel = next(c for c in chars if c[0] == "ג")
    year = next(c for c in chars if c[0] == "." )           # 02.12.2026: the date's dots
    bracket = next(c for c in chars if c[0] in "()")
    assert bracket[1] < year[1] < gimel[1], text              # size, date, label: ← reading
    # a long Hebrew name in a narrow cell of an English page keeps its first words: the
    # text is laid out right to left in its cell, so the cell cuts its end, not its start
    _open(dash_duo, f"/gaps?programme={pid}", "en", "#gaps-grid .ag-row")
    cut = dash_duo.driver.execute_script("""
        const out = [];
        for (const cell of document.querySelectorAll("#gaps-grid .ag-cell[col-id='name']")) {
          if (cell.scrollWidth <= cell.clientWidth || !/[\\u0590-\\u05ff]/.test(cell.innerText))
            continue;
          const text = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT).nextNode();
          const r = document.createRange(); r.setStart(text, 0); r.setEnd(text, 1);
          const a = r.getBoundingClientRect(), b = cell.getBoundingClientRect();
          out.push([cell.innerText, a.left >= b.left - 1 && a.right <= b.right + 1]);
        }
        return out;""")
    assert cut, "no long Hebrew name overflows its cell: the check would prove nothing"
    assert all(kept for _name, kept in cut), cut
    # brackets after a Hebrew name in an English sentence stay after it
    items = _chars(dash_duo, f"#{ids.GAPS_SUMMARY} li")
    hebrew = [c for c in items if "\u0590" <= c[0] <= "\u05ff"]
    bracket = next(c for c in items if c[0] == "(")
    assert max(c[2] for c in hebrew[:3]) <= bracket[1] + 1
    # Compare: the arrow points from the baseline to the follow-up the way the page reads
    for lang, arrow in (("en", "→"), ("he", "←")):
        _open(dash_duo, f"/compare?programme={pid}", lang, f"#{ids.COMPARE_SUMMARY}")
        summary = _wait_text(dash_duo, f"#{ids.COMPARE_SUMMARY} strong")
        assert arrow in summary and ("←" if arrow == "→" else "→") not in summary
        chars = _chars(dash_duo, f"#{ids.COMPARE_SUMMARY} strong")
        one = next(c for c in chars if c[0] == "1")            # גל 1 – … (the baseline)
        two = next(c for c in chars if c[0] == "2")            # גל 2 (the follow-up)
        mark = next(c for c in chars if c[0] == arrow)
        if lang == "he":
            assert one[1] > mark[1] > two[1]      # baseline on the right, then ←, follow-up
        else:
            assert one[1] < mark[1] < two[1]


# text of other parts of the product, translated by their own catalogs and checked by their
# own pseudo-locale tests: the charts (outputs), the analysis' gap suggestions and evidence,
# the comparison's summary line and the metrics' notes (analysis)
OTHER_DOMAINS = (".js-plotly-plot", ".analysis-text", "[col-id='suggestion'].ag-cell",
                 "[col-id='evidence'].ag-cell")
# the visible text, without other parts' text
VISIBLE_JS = """
const hidden = [...document.querySelectorAll(arguments[0])];
hidden.forEach(e => { e.dataset.was = e.style.display; e.style.display = 'none'; });
const text = document.body.innerText;
hidden.forEach(e => { e.style.display = e.dataset.was; });
return text;
"""
LATIN = re.compile(r"[A-Za-z]+")


def _data_words(store: Store, pid: int) -> set[str]:
    """Every Latin word of the programme's workbooks (ids, tags, notes, wave labels)."""
    words: set[str] = set()
    for path in (SAMPLES_DIR / "kehila_metiva").glob("*.csv"):
        words |= set(LATIN.findall(path.read_text(encoding="utf-8")))
    smap = load(SAMPLES_DIR / "kehila_metiva").map
    assert smap is not None
    for actor in follow_up(smap).actors:
        words |= set(LATIN.findall(f"{actor.id} {actor.name}"))
    for wave in store.waves(pid):
        words |= set(LATIN.findall(wave.label))
    return words


def _store_words(store: Store) -> set[str]:
    """Every Latin word the Data page's grid of waves shows from the store: each programme's
    name, each wave's label and source."""
    words: set[str] = set()
    for programme in store.programmes():
        words |= set(LATIN.findall(programme.name))
        for wave in store.waves(programme.id):
            words |= set(LATIN.findall(f"{wave.label} {wave.source_name}"))
    return words


def _broken_words() -> set[str]:
    """Every Latin word of the broken sample (its values, sheet and column names)."""
    words: set[str] = set()
    for path in (SAMPLES_DIR / "broken").glob("*.csv"):
        words |= set(LATIN.findall(f"{path.stem} {path.read_text(encoding='utf-8')}"))
    return words


def _outside_catalogs(dash_duo: Any, other: tuple[str, ...] = OTHER_DOMAINS) -> set[str]:
    """The Latin words on the screen that did not go through a catalog (``⟦…⟧`` may nest)."""
    text = dash_duo.driver.execute_script(VISIBLE_JS, ", ".join(other))
    assert "⟦" in text
    outside = text
    while (inner := re.sub(r"⟦[^⟦⟧]*⟧", " ", outside)) != outside:
        outside = inner
    return set(LATIN.findall(outside))


def test_no_english_escapes_the_catalogs(dash_duo, store, tmp_path):  # type: ignore[no-untyped-def]
    dash_duo.start_server(create_app(store, samples=None))
    pid = _kehila(store)
    allowed = _data_words(store, pid) | {"stakeholder", "map"}   # the product's name
    allowed |= {w for name in LANGUAGE_NAMES.values() for w in LATIN.findall(name)}
    escaped: dict[str, set[str]] = {}
    for page in PAGES:
        _open(dash_duo, f"/{page}?programme={pid}", "qps", HEADING.get(page, "#page h2"))
        if page == "map":
            _panel_open(dash_duo, "km-edu-head")
            _wait_text(dash_duo, "#map-panel h4")
        if page in ("gaps", "metrics", "compare", "data"):
            _wait_text(dash_duo, ".ag-row")
        time.sleep(1.5)              # late callbacks (summaries, notes, grids) have landed
        # the data page lists every programme of the store: their names are data too
        found = _outside_catalogs(dash_duo) - allowed - (
            _store_words(store) if page == "data" else set())
        if found:
            escaped[page] = found
    # an upload with errors: the result line and the problems grid (its columns' headings
    # and level words; a problem's own sentences are the workbook domain's)
    upload = tmp_path / "broken.zip"
    with zipfile.ZipFile(upload, "w") as zf:
        for path in sorted((SAMPLES_DIR / "broken").glob("*.csv")):
            zf.write(path, path.name)
    dash_duo.find_element(f"#{ids.DATA_UPLOAD} input[type=file]").send_keys(str(upload))
    _wait_text(dash_duo, f"#{ids.DATA_PROBLEMS} .ag-row")
    result = _wait_text(dash_duo, f"#{ids.DATA_RESULT}")
    assert result.startswith("⟦") and "broken.zip" in result, result
    time.sleep(0.5)
    workbook_text = tuple(f"#{ids.DATA_PROBLEMS} [col-id='{c}'].ag-cell"
                          for c in ("message", "expected", "suggestion"))
    found = (_outside_catalogs(dash_duo, OTHER_DOMAINS + workbook_text) - allowed
             - _store_words(store) - _broken_words())
    if found:
        escaped["data (upload)"] = found
    assert not escaped, escaped


def test_picking_a_programme_of_another_language_turns_the_page(dash_duo, store):  # type: ignore[no-untyped-def]
    """Without ?lang the page speaks the programme's language: picking the Latvian
    programme on a Hebrew page reloads it in Latvian, left to right, at the new URL."""
    dash_duo.start_server(create_app(store, samples=None))
    programmes = store.programmes()
    pid = _kehila(store)
    baltic = next(p.id for p in programmes if p.name.startswith("BALTIC"))
    dash_duo.driver.get(f"{dash_duo.server_url}/gaps?programme={pid}")
    assert _wait_text(dash_duo, "#page h2").strip() == WORDS["he"]["gaps"]
    dash_duo.select_dcc_dropdown(f"#{ids.PROGRAMME}",
                                 index=[p.id for p in programmes].index(baltic))
    end, page = time.time() + 20, ["he", "rtl"]
    while time.time() < end and page[0] != "lv":
        time.sleep(0.2)
        page = dash_duo.driver.execute_script(
            "return [document.documentElement.lang, document.documentElement.dir]")
    assert page == ["lv", "ltr"]
    assert _wait_text(dash_duo, "#page h2").strip() == WORDS["lv"]["gaps"]
    nav = dash_duo.driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.NAV} a')].map(a => a.innerText)")
    assert nav == WORDS["lv"]["nav"]
    url = urlsplit(dash_duo.driver.current_url)
    wave = store.waves(baltic)[-1].id
    assert (url.path, url.query) == ("/gaps", f"programme={baltic}&wave={wave}")
