"""The readiness pack, the standalone map and the wave comparison in each of the six languages.

The expected words are written here by hand (the glossaries' terms, docs/glossary/), the
plural forms picked by each language's grammar as the test works it out, and dates and
numbers as CLDR writes them — never read back from what the code produced.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from functools import cache
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from stakeholder_map import load
from stakeholder_map.analysis.gaps import find_gaps
from stakeholder_map.i18n import use_language
from stakeholder_map.model import Actor, StakeholderMap
from stakeholder_map.outputs.comparison_html import comparison_html
from stakeholder_map.outputs.report.pack import readiness_pack
from stakeholder_map.outputs.report.sections import _DOOR
from stakeholder_map.outputs.standalone_map import standalone_map
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.waves.compare import compare

SAMPLE = {"en": "smolensk_volunteers", "lt": "lt_social_leaders", "lv": "baltic_youth_impact",
          "et": "baltic_youth_impact", "ru": "smolensk_volunteers", "he": "kehila_metiva"}
"""A programme for each language: the one whose documents are written in it, where there is."""

WORDS = {  # by hand: the pack's title, section 1 and 4 headings, the map's legend, the report
    "en": ("Readiness pack", "1. The programme at a glance", "4. Readiness checklist",
           "Sector (colour)", "All sectors", "Wave comparison: "),
    "lt": ("Pasirengimo paketas", "1. Programa iš pirmo žvilgsnio",
           "4. Pasirengimo kontrolinis sąrašas", "Sektorius (spalva)", "Visi sektoriai",
           "Bangų palyginimas: "),
    "lv": ("Gatavības pakete", "1. Programma īsumā", "4. Gatavības kontrolsaraksts",
           "Sektors (krāsa)", "Visi sektori", "Viļņu salīdzinājums: "),
    "et": ("Valmisoleku pakett", "1. Programm ülevaatlikult", "4. Valmisoleku kontrollnimekiri",
           "Sektor (värv)", "Kõik sektorid", "Lainete võrdlus: "),
    "ru": ("Пакет готовности", "1. Программа в общих чертах", "4. Контрольный список готовности",
           "Сектор (цвет)", "Все секторы", "Сравнение волн: "),
    "he": ("ערכת מוכנות", "1. התוכנית במבט אחד", "4. רשימת תיוג למוכנות", "מגזר (צבע)",
           "כל המגזרים", "השוואת גלים: "),
}
DIRECTION = {"en": "ltr", "lt": "ltr", "lv": "ltr", "et": "ltr", "ru": "ltr", "he": "rtl"}


def actors_word(lang: str, n: int) -> str:
    """'{n} actors' as each language's grammar wants it (worked out here, not by Babel)."""
    if lang == "ru":
        form = ("участник" if n % 10 == 1 and n % 100 != 11 else
                "участника" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "участников")
    elif lang == "lt":
        form = ("dalyvis" if n % 10 == 1 and n % 100 != 11 else
                "dalyviai" if 2 <= n % 10 <= 9 and not 12 <= n % 100 <= 19 else "dalyvių")
    elif lang == "lv":
        form = ("dalībnieku" if n % 10 == 0 or 11 <= n % 100 <= 19 else
                "dalībnieks" if n % 10 == 1 else "dalībnieki")
    elif lang == "et":
        form = "osaleja" if n == 1 else "osalejat"
    elif lang == "he":
        return "שחקן אחד" if n == 1 else f"{n} שחקנים"
    else:
        form = "actor" if n == 1 else "actors"
    return f"{n} {form}"


@cache
def sample(name: str) -> StakeholderMap:
    smap = load(SAMPLES_DIR / name).map
    assert smap is not None
    return smap


@cache
def pack(name: str, lang: str) -> str:
    return readiness_pack(sample(name), images=False, lang=lang)


def section(text: str, key: str) -> str:
    start = text.index(f'<section id="{key}">')
    return text[start:text.index("</section>", start)]


@pytest.mark.parametrize("lang", list(SAMPLE))
def test_pack_speaks_the_language(lang: str) -> None:
    smap = sample(SAMPLE[lang])
    text = pack(SAMPLE[lang], lang)
    title, glance, checklist, *_ = WORDS[lang]
    assert f'<html lang="{lang}" dir="{DIRECTION[lang]}">' in text
    assert f"<title>{title} — {escape(smap.programme.name)}</title>" in text
    assert f"<h2>{glance}</h2>" in section(text, "glance")
    assert f"<h2>{checklist}</h2>" in section(text, "checklist")
    # the header tile: the count in bold, then the word in the right plural form
    n = len(smap.actors)
    word = actors_word(lang, n)
    assert word.replace(str(n), f"<b>{n}</b>") in section(text, "glance") or (
        lang == "he" and n == 1), word


@pytest.mark.parametrize(("lang", "date"), [("en", "2024-11-30"), ("lt", "2024-11-30"),
                                            ("lv", "30.11.2024"), ("ru", "30.11.2024"),
                                            ("he", "30.11.2024")])
def test_dates_in_the_pack_as_each_language_writes_them(lang: str, date: str) -> None:
    """Kehila Metiva's data are as of 30 November 2024 (CLDR: lt keeps ISO, the others d.m.y)."""
    text = pack("kehila_metiva", lang)
    header = text[text.index("<header>"):text.index("</header>")]
    assert f"data as of {date}" in header if lang == "en" else date in header


def test_percentages_follow_the_language() -> None:
    """Lithuanian and Russian put a no-break space before the percent sign; English does not."""
    share = re.compile(r'<td class="num">(\d+)(\xa0?)%</td>')
    for lang, space in (("en", ""), ("lt", "\xa0"), ("ru", "\xa0"), ("he", "")):
        found = share.findall(section(pack("kehila_metiva", lang), "glance"))
        assert found and {s for _, s in found} == {space}, lang


def test_hebrew_pack_is_right_to_left_with_every_name_intact() -> None:
    smap = sample("kehila_metiva")
    text = pack("kehila_metiva", "he")
    assert '<html lang="he" dir="rtl">' in text
    for a in smap.actors:
        assert str(escape(a.name)) in text, a.id
    # arrows point the reading way: now ← target
    assert "כעת ← יעד" in section(text, "mobilise")
    assert " → " not in section(text, "mobilise").replace("→ ", "")


def test_lithuanian_pack_of_the_hebrew_sample_isolates_the_hebrew_names() -> None:
    smap = sample("kehila_metiva")
    text = pack("kehila_metiva", "lt")
    assert '<html lang="lt" dir="ltr">' in text
    assert "<h2>4. Pasirengimo kontrolinis sąrašas</h2>" in text
    assert "<h3>4.1 Nusivylę dėl ankstesnio proceso (4)</h3>" in text
    checklist = section(text, "checklist")
    burned = [a for a in smap.actors if a.burned]
    assert len(burned) == 4
    for a in burned:  # each Hebrew name whole, inside an element that isolates it
        assert re.search(r'<(b|span) dir="auto">' + re.escape(str(escape(a.name))) + "</(b|span)>",
                         checklist), a.name
    # the default sectors are the library's words, so they are Lithuanian here
    assert '<span dir="auto">Viešasis sektorius</span>' in text


class _Visible(HTMLParser):
    """The text a reader sees (no script, style or code), and every aria-label/alt/title."""

    SKIP = frozenset({"script", "style", "code"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.depth += 1
        self.parts += [v or "" for k, v in attrs if k in ("aria-label", "alt")]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return "".join(parser.parts)


def data_strings(smap: StakeholderMap) -> list[str]:
    """Everything the workbook wrote (names, ids, notes, …): shown as written, not translated."""
    p = smap.programme
    out = [p.name, p.wave, *(x for a in smap.actors for x in (a.id, a.name, a.role, a.notes)),
           *(x for s in smap.sectors for x in (s.id, s.name)),
           *(x for f in smap.forums for x in (f.id, f.name, f.kind)),
           *(x for g in smap.agreements for x in (g.id, g.title, g.kind)),
           *(t.notes for t in smap.ties)]
    return sorted({s for s in out if s}, key=len, reverse=True)


def library_strings(smap: StakeholderMap) -> list[str]:
    """Sentences the analysis library writes (gap suggestions): its own catalog domain, not
    this one's; removed here so that this test looks at the outputs' words only."""
    with use_language("qps"):
        gaps = find_gaps(smap)
    out = {g.suggestion for g in gaps} | {_DOOR.sub(".", g.suggestion) for g in gaps}
    return sorted(out, key=len, reverse=True)


def untranslated(text: str, smap: StakeholderMap) -> list[str]:
    """Runs of plain Latin letters outside ⟦…⟧ once the data's own words are taken out."""
    for s in library_strings(smap) + data_strings(smap):
        text = text.replace(s, " ")
    text = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    return sorted(set(re.findall(r"[A-Za-z]{2,}", text)))


@pytest.mark.parametrize("name", ["kehila_metiva", "smolensk_volunteers"])
def test_pseudo_locale_pack_has_no_string_that_escaped_the_catalog(name: str) -> None:
    smap = sample(name)
    text = visible_text(readiness_pack(smap, images=False, lang="qps"))
    assert "⟦" in text
    assert untranslated(text, smap) == []


@pytest.mark.parametrize("name", ["kehila_metiva", "lt_social_leaders"])
def test_pseudo_locale_standalone_map_has_no_string_that_escaped_the_catalog(name: str) -> None:
    smap = sample(name)
    page = standalone_map(smap, lang="qps")
    assert untranslated(visible_text(page), smap) == []
    # the tooltips and the count line are made in the page, from data the page carries
    nodes = json.loads(re.search(r"var nodes = new vis\.DataSet\((.*?)\);\n", page).group(1))
    edges = json.loads(re.search(r"var edges = new vis\.DataSet\((.*?)\);\n", page).group(1))
    words = json.loads(re.search(r"var words = (.*?);\n", page).group(1))
    tips = "\n".join(f"{k}\n{v}" for item in nodes + edges for k, v in item["tip"])
    assert tips and untranslated(tips, smap) == []
    assert untranslated(words["shown"], smap) == []


@pytest.mark.parametrize("lang", list(SAMPLE))
def test_standalone_map_speaks_the_language(lang: str) -> None:
    smap = sample(SAMPLE[lang])
    page = standalone_map(smap, lang=lang)
    *_, legend, every, _ = WORDS[lang]
    assert f'<html lang="{lang}" dir="{DIRECTION[lang]}">' in page
    assert f"<h2>{legend}</h2>" in page
    assert f'<option value="">{every}</option>' in page
    words = json.loads(re.search(r"var words = (.*?);\n", page).group(1))
    n = len(smap.actors)
    one = n % 10 == 1 and n % 100 != 11  # "of 21 actors" takes the singular in lt, lv, ru
    expected = {  # "{shown} of N actors shown", the count of actors after "of" by each grammar
        "en": f"{{shown}} of {n} actors shown",
        "lt": f"rodoma {{shown}} iš {n} " + ("dalyvio" if one else "dalyvių"),
        "lv": f"parādīti {{shown}} no {n} " + ("dalībnieka" if one else "dalībniekiem"),
        "et": f"näidatud {{shown}} osalejat {n}-st",
        "ru": f"показано {{shown}} из {n} " + ("участника" if one else "участников"),
        "he": f"מוצגים {{shown}} מתוך {n} שחקנים",
    }
    assert n > 1 and words["shown"] == expected[lang]


def test_hebrew_map_labels_read_right_to_left_on_its_canvas() -> None:
    """The canvas is laid out left to right; a Hebrew label is embedded right to left (RLE …
    PDF), so its closing quote stays at its end; a Latin id is left as it is."""
    smap = sample("kehila_metiva")
    page = standalone_map(smap, lang="he")
    nodes = json.loads(re.search(r"var nodes = new vis\.DataSet\((.*?)\);\n", page).group(1))
    labels = {n["id"]: n["label"] for n in nodes}
    quoted = next(a for a in smap.actors if a.name.endswith('"'))
    assert labels[quoted.id] == "\u202b" + quoted.name + "\u202c"
    assert '<div class="card" dir="ltr">' in page  # vis-network measures its canvas so


@pytest.mark.parametrize("lang", list(SAMPLE))
def test_comparison_report_speaks_the_language(lang: str) -> None:
    before = sample(SAMPLE[lang])
    joined = Actor("zz-new", "בית ספר 12 \"רמות\" / Šiaulių „Saulė“", "community")
    after = replace(before, actors=(*before.actors, joined))
    page = comparison_html(compare(before, after), lang=lang)
    heading = WORDS[lang][-1]
    assert f'<html lang="{lang}" dir="{DIRECTION[lang]}">' in page
    assert f'<h1>{heading}<span dir="auto">{escape(after.programme.name)}</span></h1>' in page
    assert f'<td><span dir="auto">{escape(joined.name)}</span></td>' in page  # as written


def test_comparison_report_translates_the_model_values_it_shows() -> None:
    after = sample("kehila_metiva")
    mover = next(a for a in after.actors if a.engagement.label == "passive")
    before = replace(after, actors=tuple(replace(a, engagement=type(a.engagement).UNAWARE)
                                         if a.id == mover.id else a for a in after.actors))
    page = comparison_html(compare(before, after), lang="ru")
    # unaware → passive: «не осведомлён» before, «пассивное согласие» after, direction «вверх»
    row = page[page.index(str(escape(mover.name))):]
    row = row[:row.index("</tr>")]
    assert "не осведомлён" in row and "пассивное согласие" in row and "вверх" in row


def test_a_date_the_pack_writes_for_an_agreement_follows_the_language() -> None:
    smap = sample("kehila_metiva")
    signed = next(g.signed for g in smap.agreements if g.signed)
    assert isinstance(signed, dt.date)
    ru = section(pack("kehila_metiva", "ru"), "glance")
    assert signed.strftime("%d.%m.%Y") in ru and signed.isoformat() not in ru
