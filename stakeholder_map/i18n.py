"""The language a person reads: gettext catalogs (managed with Babel), plurals, numbers and
dates in six languages, and the writing direction.

Every string a person reads goes through :func:`gettext` (imported as ``_``) or
:func:`ngettext` at the moment it is shown, in the language of the current context —
one command, one dashboard request, one report. :func:`use_language` sets it::

    with use_language("lt"):
        print(_("Gaps"))                      # Spragos

A string defined at import time (a table of labels, say) is marked with :func:`N_`, which
only marks it for extraction, and translated where it is used: ``_(LABELS[kind])``.

Placeholders are named and filled after translation, so a translator can move them::

    _("{count} gaps found").format(count=...)         # not f-strings: they are not extracted
    ngettext("{n} actor", "{n} actors", n).format(n=format_integer(n))

The catalogs live in ``stakeholder_map/locale/<lang>/LC_MESSAGES/<domain>.po``, one
domain per part of the product (:data:`DOMAINS`), compiled to ``<domain>.mo`` beside them
(``make catalogs`` extracts, updates and compiles). ``qps`` is a pseudo-locale for tests:
every translated string comes back accented and bracketed (``⟦Ĝàƥš⟧``), so a string
that escaped the catalogs stands out.

Gap kind identifiers, column names in machine formats (JSON, GraphML, GEXF, the CSV the
command line writes for programs) and the workbook's own sheet and column names are a
contract and stay English.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal as _babel_decimal
from babel.support import NullTranslations, Translations

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LOCALE_DIR",
    "N_",
    "PSEUDO",
    "Domain",
    "catalog_languages",
    "current_language",
    "direction",
    "format_date",
    "format_decimal",
    "format_integer",
    "gettext",
    "language_from_env",
    "negotiate",
    "ngettext",
    "normalise_language",
    "pgettext",
    "pseudo",
    "set_language",
    "translations",
    "use_language",
]

LANGUAGES: tuple[str, ...] = ("en", "lt", "lv", "et", "ru", "he")
"""The languages the product speaks, in the order pickers list them."""

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "lt": "Lietuvių", "lv": "Latviešu",
                                  "et": "Eesti", "ru": "Русский", "he": "עברית"}
"""Each language's name in itself (as a picker shows it, untranslated)."""

DEFAULT_LANGUAGE = "en"
PSEUDO = "qps"
"""The pseudo-locale: accented, bracketed English, to find strings that escaped the catalogs."""

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAINS: dict[str, tuple[str, ...]] = {
    "dashboard": ("dashboards",),
    "outputs": ("stakeholder_map/outputs",),
    "analysis": ("stakeholder_map/analysis", "stakeholder_map/waves"),
    "workbook": ("stakeholder_map/workbook",),
    "cli": ("stakeholder_map/cli", "stakeholder_map/store", "stakeholder_map/samples",
            "stakeholder_map/errors.py", "stakeholder_map/model.py",
            "stakeholder_map/i18n.py", "stakeholder_map/__main__.py"),
}
"""Catalog domain → the source paths (from the repository root) whose strings it holds."""

_RTL = frozenset({"he"})
_current: ContextVar[str] = ContextVar("stakeholder_map_language", default=DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; translate it where it is shown."""
    return message


def normalise_language(code: str | None) -> str | None:
    """A language code as the product knows it, or ``None``: ``"he-IL"`` → ``"he"``,
    ``"RU"`` → ``"ru"``, ``"lt_LT.UTF-8"`` → ``"lt"``, ``"fr"`` → ``None``.

    >>> normalise_language("he-IL"), normalise_language("lt_LT.UTF-8"), normalise_language("fr")
    ('he', 'lt', None)
    """
    if not code:
        return None
    base = re.split(r"[-_.@]", code.strip().lower(), maxsplit=1)[0]
    if base == "iw":  # Hebrew's old code, still sent by some systems
        base = "he"
    return base if base in LANGUAGES or base == PSEUDO else None


def negotiate(accept_language: str | None) -> str | None:
    """The first language of an HTTP ``Accept-Language`` header the product speaks.

    >>> negotiate("fr-FR,fr;q=0.9,ru;q=0.8,en;q=0.5")
    'ru'
    >>> negotiate("de") is None
    True
    """
    if not accept_language:
        return None
    weighted = []
    for n, part in enumerate(accept_language.split(",")[:50]):
        code, _sep, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        weighted.append((-quality, n, code))
    for quality, _n, code in sorted(weighted):
        lang = normalise_language(code)
        if lang and lang != PSEUDO and quality < 0:
            return lang
    return None


def language_from_env(environ: dict[str, str] | None = None) -> str | None:
    """The language of the environment (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for code in (env.get(name) or "").split(":"):
            if code in ("C", "POSIX", "C.UTF-8"):
                continue
            lang = normalise_language(code)
            if lang:
                return lang
    return None


def current_language() -> str:
    """The language of the current context (``en`` unless :func:`use_language` set one)."""
    return _current.get()


@contextmanager
def use_language(code: str | None) -> Iterator[str]:
    """Speak ``code`` (normalised; English when unknown or ``None``) inside the block."""
    lang = normalise_language(code) or DEFAULT_LANGUAGE
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


def set_language(code: str | None) -> str:
    """Speak ``code`` from now on in this context (a command line run, a request)."""
    lang = normalise_language(code) or DEFAULT_LANGUAGE
    _current.set(lang)
    return lang


def direction(code: str | None = None) -> str:
    """``"rtl"`` or ``"ltr"`` for a language (the current one by default)."""
    lang = normalise_language(code) if code else current_language()
    return "rtl" if lang in _RTL else "ltr"


@functools.cache
def translations(lang: str, domain: str | None = None) -> NullTranslations:
    """The compiled catalog of a language: one domain's, falling back to all the others
    (for a label marked in one part and shown by another), or with ``domain=None`` all
    domains merged. English and unknown languages: none."""
    if lang == PSEUDO:
        return _Pseudo()
    if lang == DEFAULT_LANGUAGE or lang not in LANGUAGES:
        return NullTranslations()
    if domain is not None:
        own = Translations.load(str(LOCALE_DIR), [lang], domain)
        own.add_fallback(translations(lang))
        return own
    merged: NullTranslations = NullTranslations()
    for name in DOMAINS:  # one catalog of all domains, with the language's plural rule
        found = Translations.load(str(LOCALE_DIR), [lang], name)
        if not isinstance(found, Translations):
            continue
        if isinstance(merged, Translations):
            merged.merge(found)
        else:
            merged = found
    return merged


@functools.cache
def _module_domain(module: str) -> str | None:
    """The catalog domain of a module (``dashboards.pages.map`` → ``dashboard``)."""
    for domain, paths in DOMAINS.items():
        for path in paths:
            prefix = path.removesuffix(".py").replace("/", ".")
            if module == prefix or module.startswith(prefix + "."):
                return domain
    return None


def _caller_catalog(depth: int = 2) -> NullTranslations:
    """The current language's catalog of the domain whose code is calling: the same English
    words may be translated differently in two parts of the product (a column header and a
    sentence), and each part reads its own."""
    module = sys._getframe(depth).f_globals.get("__name__", "")
    return translations(current_language(), _module_domain(module))


def gettext(message: str) -> str:
    """``message`` in the current language (from the calling code's domain)."""
    return _caller_catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or one of the plural forms for ``n``, by the current language's rules."""
    return _caller_catalog().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same words elsewhere."""
    return str(_caller_catalog().pgettext(context, message))


class Domain:
    """gettext functions bound to one domain, for callers that are not its modules (the
    HTML templates are the ``outputs`` domain's)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def gettext(self, message: str) -> str:
        return translations(current_language(), self.name).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translations(current_language(), self.name).ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return str(translations(current_language(), self.name).pgettext(context, message))


def _locale() -> str:
    lang = current_language()
    return DEFAULT_LANGUAGE if lang == PSEUDO else lang


def format_integer(n: int) -> str:
    """``12345`` → ``12,345`` / ``12 345`` as the current language groups digits."""
    return _babel_decimal(n, format="#,##0", locale=_locale())


def format_decimal(x: float, digits: int = 2) -> str:
    """A decimal with at most ``digits`` places, in the current language's notation."""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return _babel_decimal(x, format=pattern, locale=_locale())


_ISO_DATES = frozenset({"en", "lt"})


def format_date(value: dt.date | str | None) -> str:
    """A date as the current language writes it in numbers: ``2024-11-30`` in English (the
    product's own, unambiguous form) and Lithuanian, ``30.11.2024`` in Latvian, Estonian,
    Russian and Hebrew. Text that is not an ISO date is returned unchanged.

    >>> with use_language("ru"):
    ...     format_date("2024-11-30")
    '30.11.2024'
    """
    if value is None:
        return ""
    if isinstance(value, str):
        with suppress(ValueError):
            value = dt.date.fromisoformat(value[:10]) if len(value) >= 10 else value
        if isinstance(value, str):
            return value
    if isinstance(value, dt.datetime):
        value = value.date()
    lang = _locale()
    if lang in _ISO_DATES:
        return value.isoformat()
    pattern = Locale.parse(lang).date_formats["short"].pattern
    pattern = re.sub(r"y+", "yyyy", pattern)
    pattern = re.sub(r"(?<!d)d(?!d)", "dd", pattern)
    pattern = re.sub(r"(?<!M)M(?!M)", "MM", pattern)
    return _babel_date(value, pattern, locale=lang)


# --- the pseudo-locale -------------------------------------------------------------------

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöƥʠŕšťûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖƤɊŔŠŤÛṼŴẊÝŽ")
_KEEP = re.compile(r"(\{[^{}]*\}|%\([^)]*\)[sdifr]|%[sdifr]|<[^<>]*>|&[a-z#0-9]+;)")


def pseudo(message: str) -> str:
    """``"{n} gaps found"`` → ``"⟦{n} ĝàƥš ƒöûñđ⟧"``: letters accented, placeholders,
    markup and entities kept, the whole bracketed.

    >>> pseudo("{n} gaps, %(x)s <b>here</b>")
    '⟦{n} ĝàƥš, %(x)s <b>ĥéŕé</b>⟧'
    """
    if not message:
        return message
    parts = _KEEP.split(message)
    return "⟦" + "".join(p if i % 2 else p.translate(_ACCENTS) for i, p in enumerate(parts)) + "⟧"


class _Pseudo(NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)


def catalog_languages() -> Iterable[str]:
    """The languages with a catalog on disk (all but English)."""
    return [lang for lang in LANGUAGES
            if all((LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po").exists()
                   for domain in DOMAINS)]
