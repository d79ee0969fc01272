"""The translation catalogs: complete, reviewed, in step with the code, compiled as shipped.

A catalog entry that is missing, empty or fuzzy (changed in English since it was
translated) fails here, as does a template that no longer matches what the code asks
for, a placeholder a translation lost, or a compiled ``.mo`` older than its ``.po``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from stakeholder_map import i18n

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "stakeholder_map" / "locale"
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT_LANGUAGE]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2),
            "pgettext": ((1, "c"), 2), "lazy": None}
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%\([A-Za-z_]+\)[sd]")


DOMAINS = list(i18n.DOMAINS)
EVERY = [(lang, domain) for lang in TRANSLATED for domain in DOMAINS]


def _catalog(lang: str, domain: str):  # type: ignore[no-untyped-def]
    with (LOCALE / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _template(domain: str) -> set[str]:
    with (LOCALE / f"{domain}.pot").open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def _extracted(domain: str) -> set[str]:
    """Every message a domain's code and templates ask for, extracted as `make catalogs`
    does (babel.cfg's patterns, relative to each of the domain's folders)."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found: set[str] = set()
    for path in i18n.DOMAINS[domain]:
        target = ROOT / path
        if target.is_dir():
            messages = [m for _f, _l, m, _c, _x in extract_from_dir(
                target, method_map, options, keywords=KEYWORDS)]
        else:
            from babel.messages.extract import extract_from_file
            messages = [m for _l, m, _c, _x in extract_from_file(
                "python", str(target), keywords=KEYWORDS)]
        found |= {m if isinstance(m, str) else m[0] for m in messages if m}
    return found


def test_every_language_has_a_catalog() -> None:
    assert set(i18n.catalog_languages()) == set(TRANSLATED)
    assert i18n.LANGUAGES == ("en", "lt", "lv", "et", "ru", "he")


def test_every_source_file_belongs_to_one_domain() -> None:
    """A module outside every domain would never be extracted: its strings stay English."""
    sources = [p.relative_to(ROOT).as_posix() for base in ("stakeholder_map", "dashboards")
               for p in (ROOT / base).rglob("*.py")]
    for source in sources:
        owners = [d for d, paths in i18n.DOMAINS.items()
                  if any(source == p or source.startswith(p + "/") for p in paths)]
        assert len(owners) == 1 or source == "stakeholder_map/__init__.py", (source, owners)


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_template_lists_exactly_what_the_code_asks_for(domain: str) -> None:
    """`make catalogs` was run after the last change to a translatable string."""
    template, extracted = _template(domain), _extracted(domain)
    assert not extracted - template, \
        f"run `make catalogs`: new strings not in {domain}.pot: {sorted(extracted - template)[:5]}"
    assert not template - extracted, \
        f"run `make catalogs`: stale strings in {domain}.pot: {sorted(template - extracted)[:5]}"


@pytest.mark.parametrize(("lang", "domain"), EVERY)
def test_catalog_is_complete_and_reviewed(lang: str, domain: str) -> None:
    catalog = _catalog(lang, domain)
    wanted = _template(domain)
    present = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert wanted <= present, f"{lang}: missing {sorted(wanted - present)[:10]}"
    untranslated = [m.id for m in catalog if m.id and not (
        all(m.string) if isinstance(m.string, (tuple, list)) else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy (review them), e.g. {fuzzy[:5]}"


PLURAL_FORM = {  # n → which form, by each language's grammar (worked by hand)
    "lt": {1: 0, 2: 1, 9: 1, 10: 2, 11: 2, 12: 2, 19: 2, 21: 0, 22: 1, 0: 2},  # 1 aktorius
    "ru": {1: 0, 2: 1, 4: 1, 5: 2, 11: 2, 12: 2, 14: 2, 21: 0, 22: 1, 0: 2},   # 1 участник
    "lv": {0: 0, 1: 1, 2: 2, 10: 0, 11: 0, 19: 0, 21: 1, 22: 2},
    "he": {1: 0, 2: 1, 3: 2, 10: 2},
    "et": {0: 1, 1: 0, 2: 1},
}


@pytest.mark.parametrize(("lang", "domain"), EVERY)
def test_plural_forms_follow_the_language(lang: str, domain: str) -> None:
    """The compiled catalog picks the form the grammar needs: Russian 1/2–4/5–20 and 21,
    Lithuanian 1/2–9/10–20 and 21, Latvian's zero form for 0, 10–19."""
    catalog = _catalog(lang, domain)
    assert catalog.num_plurals == len(set(PLURAL_FORM[lang].values()))
    shipped = i18n.translations(lang)
    for n, form in PLURAL_FORM[lang].items():
        assert shipped.plural(n) == form, (lang, n)  # type: ignore[attr-defined]
    for message in catalog:
        if message.id and isinstance(message.id, (tuple, list)):
            assert len(message.string) == catalog.num_plurals, (lang, message.id)


@pytest.mark.parametrize(("lang", "domain"), EVERY)
def test_translations_keep_every_placeholder(lang: str, domain: str) -> None:
    """A translation that drops or renames ``{count}`` would crash or lie when shown."""
    for message in _catalog(lang, domain):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) \
            else (message.string,)
        wanted = set(_PLACEHOLDER.findall(ids[-1])) | set(_PLACEHOLDER.findall(ids[0]))
        for text in strings:
            if not text:
                continue
            got = set(_PLACEHOLDER.findall(text))
            # a singular form may say "one" in words instead of {n}; nothing new may appear
            assert got <= wanted, (lang, message.id, text)
            if len(ids) == 1:
                assert got == wanted, (lang, message.id, text)


@pytest.mark.parametrize(("lang", "domain"), EVERY)
def test_compiled_catalog_matches_its_source(lang: str, domain: str) -> None:
    """The shipped ``.mo`` holds exactly the ``.po``'s reviewed translations."""
    folder = LOCALE / lang / "LC_MESSAGES"
    with (folder / f"{domain}.mo").open("rb") as fh:
        compiled = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)): m.string
                    for m in read_mo(fh) if m.id}
    source = {(m.context, m.id): m.string for m in _catalog(lang, domain)  # pgettext: by context
              if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, (tuple, list))
                                           else m.string)}
    norm = {(c, k if isinstance(k, str) else tuple(k)): (v if isinstance(v, str) else tuple(v))
            for (c, k), v in source.items()}
    got = {(c, k if isinstance(k, str) else tuple(k)): (v if isinstance(v, str) else tuple(v))
           for (c, k), v in compiled.items()}
    assert got == norm, "run `make catalogs` to compile the catalogs"


def test_pseudo_locale_marks_every_string() -> None:
    with i18n.use_language(i18n.PSEUDO):
        assert i18n.gettext("Gaps") == "⟦Ĝàƥš⟧"
        assert i18n.ngettext("{n} actor", "{n} actors", 2).format(n=2) == "⟦2 àçťöŕš⟧"


def test_language_choice_rules() -> None:
    assert i18n.normalise_language("iw") == "he"
    assert i18n.negotiate("de-DE,de;q=0.9,lv;q=0.4,lt;q=0.7") == "lt"
    assert i18n.negotiate("ru;q=0") is None  # q=0 means "not this one"
    assert i18n.language_from_env({"LANG": "C.UTF-8", "LC_ALL": ""}) is None
    assert i18n.language_from_env({"LANGUAGE": "fr:lv", "LANG": "en_US.UTF-8"}) == "lv"
    assert i18n.direction("he") == "rtl" and i18n.direction("ru") == "ltr"


@pytest.mark.parametrize(("lang", "date", "number"), [
    ("en", "2024-11-30", "12,345.68"), ("lt", "2024-11-30", "12\u00a0345,68"),
    ("lv", "30.11.2024", "12\u00a0345,68"), ("et", "30.11.2024", "12\u00a0345,68"),
    ("ru", "30.11.2024", "12\u00a0345,68"), ("he", "30.11.2024", "12,345.68"),
])
def test_dates_and_decimals_as_each_language_writes_them(lang: str, date: str,
                                                         number: str) -> None:
    """By CLDR (the Unicode locale data Babel carries): Lithuanian writes ISO dates; the others
    day.month.year; Baltic and Russian group digits with a no-break space and use a comma."""
    with i18n.use_language(lang):
        assert i18n.format_date("2024-11-30") == date
        assert i18n.format_decimal(12345.678).replace("\u202f", "\u00a0") == number


def test_catalog_files_are_read_as_utf8() -> None:
    for lang, domain in EVERY:
        raw = (LOCALE / lang / "LC_MESSAGES" / f"{domain}.po").read_bytes()
        assert b"charset=utf-8" in raw.lower()
        read_po(io.BytesIO(raw))


def test_each_part_reads_its_own_catalog_first() -> None:
    """The same English word may be translated differently in two parts (a column header in
    the dashboard, a phrase in the pack): each part's code reads its own domain first, and
    a word marked in one part and shown by another is still found."""
    assert i18n._module_domain("dashboards.pages.map") == "dashboard"
    assert i18n._module_domain("stakeholder_map.outputs.report.pack") == "outputs"
    assert i18n._module_domain("stakeholder_map.waves.compare") == "analysis"
    assert i18n._module_domain("stakeholder_map.errors") == "cli"
    assert i18n._module_domain("stakeholder_map.outputsx") is None
    for lang in TRANSLATED:
        by_domain = {d: {m.id: m.string for m in _catalog(lang, d)
                         if isinstance(m.id, str) and m.string and not m.context}
                     for d in DOMAINS}
        with i18n.use_language(lang):
            for domain, table in by_domain.items():
                for english, translated in list(table.items())[:200]:
                    assert i18n.Domain(domain).gettext(english) == translated, (lang, domain)
            # a word only another domain holds comes from there
            for domain, table in by_domain.items():
                others = {k: v for d, t in by_domain.items() if d != domain for k, v in t.items()
                          if k not in table}
                for english in list(others)[:20]:
                    assert i18n.Domain(domain).gettext(english) != english or \
                        others[english] == english
