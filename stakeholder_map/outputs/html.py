"""The one place where HTML is made: a Jinja2 environment that escapes every value.

Every HTML file the tool writes (the readiness pack, the wave comparison, the
standalone map) is rendered from a template in ``outputs/templates/`` through
:data:`ENV`, which autoescapes everything and fails on an undefined name. The
code that fills a template hands it plain data: strings and numbers, and the
small inline vocabulary below (:class:`User`, :class:`Styled`, :class:`Seq`,
:class:`Items`, :data:`BR`) for a cell that mixes our words with workbook
text. No other module escapes by hand; the one exception, :func:`plotly_text`,
is for plotly's own HTML subset and lives here too.

Examples
--------
>>> render_string("<p>{{ name }}</p>", name='<img src=x onerror=alert(1)>')
'<p>&lt;img src=x onerror=alert(1)&gt;</p>'
>>> render_string("{{ m.inline(x) }}", x=sentence("Ask <Dana> & Bo", ["<Dana>"]))
'Ask <span dir="auto">&lt;Dana&gt;</span> &amp; Bo'
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from stakeholder_map import i18n
from stakeholder_map.outputs.fonts import faces as font_faces

__all__ = [
    "BR",
    "ENV",
    "STATIC_CSP",
    "Block",
    "Cell",
    "Figure",
    "Heading",
    "Inline",
    "Items",
    "Para",
    "Raw",
    "Seq",
    "Styled",
    "Table",
    "User",
    "fmt_date",
    "fmt_num",
    "fmt_share",
    "fmt_signed",
    "plotly_text",
    "render",
    "render_string",
    "sentence",
]

STATIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
"""Content-Security-Policy of a page that runs no script: it loads nothing (its images and
fonts are `data:` URLs inside it) and runs nothing,
even if a name smuggled markup past escaping."""


# --- formatting filters --------------------------------------------------------------


def _locale() -> str:
    """The Babel locale of the current language (the pseudo-locale writes numbers as English)."""
    lang = i18n.current_language()
    return i18n.DEFAULT_LANGUAGE if lang == i18n.PSEUDO else lang


def fmt_share(value: float | None) -> str:
    """A share as a whole percentage, as the current language writes it; a dash when it
    cannot be computed.

    >>> fmt_share(0.4166), fmt_share(float("nan")), fmt_share(None)
    ('42%', '–', '–')
    >>> with i18n.use_language("lt"):
    ...     fmt_share(0.4166)
    '42\xa0%'
    """
    if value is None or math.isnan(value):
        return "–"
    return format_percent(value, locale=_locale())


def fmt_num(value: float | None, digits: int = 2) -> str:
    """A number with at most ``digits`` decimals (integers stay whole) in the current
    language's notation; a dash for nothing.

    >>> fmt_num(3.0), fmt_num(0.123456), fmt_num(None), fmt_num(float("nan"))
    ('3', '0.12', '–', '–')
    >>> with i18n.use_language("ru"):
    ...     fmt_num(0.125), fmt_num(1234)
    ('0,12', '1\xa0234')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return i18n.format_decimal(float(value), digits)


def fmt_signed(value: float, digits: int = 2) -> str:
    """A number with its sign always shown and ``digits`` decimals, in the current language's
    notation (``+0.50``, ``-0,5``).

    >>> fmt_signed(0.5, 1), fmt_signed(-0.5, 1), fmt_signed(0.0, 1)
    ('+0.5', '-0.5', '+0.0')
    >>> with i18n.use_language("lt"):
    ...     fmt_signed(-0.5, 1)
    '-0,5'
    """
    places = "0" * digits
    pattern = f"+#,##0.{places};-#,##0.{places}" if digits else "+#,##0;-#,##0"
    return format_decimal(value, format=pattern, locale=_locale())


def fmt_date(value: dt.date | None) -> str:
    """A date as the current language writes it in numbers (ISO 8601 in English); a dash
    for none.

    >>> fmt_date(dt.date(2024, 5, 1)), fmt_date(None)
    ('2024-05-01', '–')
    >>> with i18n.use_language("lv"):
    ...     fmt_date(dt.date(2024, 5, 1))
    '01.05.2024'
    """
    return i18n.format_date(value) if value is not None else "–"


def plotly_text(text: object) -> str:
    """User text made inert for plotly's HTML subset (``<`` ``>`` ``&`` escaped).

    Plotly draws text, hover text, legend names and tick labels through its
    own small HTML parser, outside any template, so this is the one escaping
    call made by hand. Quotes stay as they are: with ``<`` escaped no tag can
    open, and plotly would print ``&quot;`` literally.

    >>> plotly_text("<img src=x onerror=alert(1)> & co")
    '&lt;img src=x onerror=alert(1)&gt; &amp; co'
    """
    return html.escape(str(text), quote=False)


# --- inline content: what one table cell or one line holds ---------------------------


@dataclass(frozen=True)
class User:
    """Workbook text, in an element that takes its direction from its own letters.

    A Hebrew name then reads right-to-left inside an English sentence.
    """

    text: str
    bold: bool = False
    kind: Literal["user"] = field(default="user", init=False)


@dataclass(frozen=True)
class Styled:
    """Our own emphasis around some content: ``<b>``, ``<code>`` or a ``<span class>``."""

    content: Inline
    cls: str = ""
    tag: Literal["span", "b", "code"] = "span"
    kind: Literal["styled"] = field(default="styled", init=False)


@dataclass(frozen=True)
class Seq:
    """Pieces of content one after another, with ``sep`` between them."""

    parts: tuple[Inline, ...]
    sep: str = ""
    kind: Literal["seq"] = field(default="seq", init=False)


@dataclass(frozen=True)
class Items:
    """A bulleted list (``<ul class="tight">`` unless told otherwise)."""

    items: tuple[Inline, ...]
    cls: str = "tight"
    kind: Literal["items"] = field(default="items", init=False)


@dataclass(frozen=True)
class _Break:
    kind: Literal["br"] = field(default="br", init=False)


BR = _Break()
"""A line break."""

Inline = str | int | float | User | Styled | Seq | Items | _Break
"""What a cell or a line can hold; every string in it is escaped when rendered."""

Cell = Inline | tuple[Inline, str]
"""One table cell: its content, or ``(content, css class)``."""


def sentence(text: str, names: Iterable[str]) -> Seq:
    """An English sentence of ours that quotes workbook ``names``, each name isolated.

    The sentence keeps the page's left-to-right direction; each name in it
    takes its own, so a Hebrew name does not reorder the words around it.

    >>> sentence("Ask Dana & Bo", ["Dana"]).parts
    ('Ask ', User(text='Dana', bold=False, kind='user'), ' & Bo')
    """
    keys = sorted({n for n in names if n}, key=len, reverse=True)
    if not keys:
        return Seq((text,))
    parts: list[Inline] = []
    pos = 0
    for m in re.finditer("|".join(re.escape(k) for k in keys), text):
        parts += [text[pos:m.start()], User(m.group(0))]
        pos = m.end()
    parts.append(text[pos:])
    return Seq(tuple(p for p in parts if p != ""))


# --- blocks: what a section of a page holds ------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A sub-heading (``<h3>``)."""

    text: Inline
    kind: Literal["heading"] = field(default="heading", init=False)


@dataclass(frozen=True)
class Para:
    """A paragraph; ``cls`` e.g. ``muted``, ``none``, ``note``, ``lede``."""

    content: Inline
    cls: str = ""
    kind: Literal["para"] = field(default="para", init=False)


@dataclass(frozen=True)
class Table:
    """A table. ``total`` rows exist, ``more`` of them are left out (a line says so);
    ``summary`` is a last, emphasised row (totals)."""

    head: Sequence[Cell]
    rows: Sequence[Sequence[Cell]]
    cls: str = ""
    total: int | None = None
    more: int = 0
    summary: Sequence[Cell] | None = None
    kind: Literal["table"] = field(default="table", init=False)


@dataclass(frozen=True)
class Figure:
    """A chart: an image (``data:`` URI) with a heading and a caption of ours."""

    title: str
    caption: str
    src: str
    kind: Literal["figure"] = field(default="figure", init=False)


@dataclass(frozen=True)
class Raw:
    """Markup that was itself rendered from a template of ours (e.g. the network SVG)."""

    markup: Markup
    kind: Literal["raw"] = field(default="raw", init=False)


Block = Heading | Para | Table | Figure | Raw | Items
"""One piece of a section."""


# --- the environment -----------------------------------------------------------------


def _split_cell(cell: Any) -> tuple[Any, str]:
    """``(content, css class)`` for a table cell given either way."""
    if isinstance(cell, tuple):
        return cell[0], cell[1]
    return cell, ""


ENV = Environment(loader=PackageLoader("stakeholder_map.outputs", "templates"),
                  autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                  lstrip_blocks=True, keep_trailing_newline=True,
                  extensions=["jinja2.ext.i18n"])
"""Every template of the package: autoescaped, strict about undefined names, translated
(``{{ _("Gaps") }}``, ``{% trans %}``) in the current language of :mod:`stakeholder_map.i18n`."""
_TEMPLATES = i18n.Domain("outputs")
ENV.install_gettext_callables(_TEMPLATES.gettext, _TEMPLATES.ngettext,  # type: ignore[attr-defined]
                              newstyle=True, pgettext=_TEMPLATES.pgettext)
ENV.globals.update(lang=i18n.current_language, direction=i18n.direction, font_faces=font_faces)
ENV.filters.update(num=fmt_num, share=fmt_share, date=fmt_date, signed=fmt_signed,
                   split_cell=_split_cell)
ENV.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": True}
# ``tojson`` then escapes < > & ' (Jinja) and every non-ASCII character, U+2028/2029 too


def render(name: str, **context: Any) -> str:
    """Render the template ``name`` from ``outputs/templates/`` with ``context``."""
    return ENV.get_template(name).render(**context)


def render_string(source: str, **context: Any) -> str:
    """Render a template given as a string, with the shared macros as ``m`` (for tests)."""
    macros = ENV.get_template("macros.html").module
    return ENV.from_string(source).render(m=macros, **context)
