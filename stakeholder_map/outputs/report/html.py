"""HTML building blocks of the readiness pack: escaping, tables, the page shell and its CSS.

Every string that comes from a workbook goes through :func:`esc` (or
:func:`user`, which also lets the browser pick its direction, so a Hebrew
name reads right-to-left inside an English sentence). Nothing here loads an
outside resource: no scripts, no web fonts, no linked style sheets.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence

__all__ = ["CSS", "esc", "fmt_num", "fmt_share", "page", "sentence", "table", "user"]

CSS = """
:root { --ink: #1d2329; --muted: #5b6670; --rule: #c9d0d6; --soft: #f3f5f7; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif;
       color: var(--ink); font-size: 14px; line-height: 1.45; }
body { margin: 0 auto; padding: 24px 32px 48px; max-width: 1100px; background: #fff; }
h1 { font-size: 1.9rem; margin: 0 0 .2rem; }
h2 { font-size: 1.45rem; margin: 0 0 .6rem; padding-bottom: .25rem;
     border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 1.3rem 0 .4rem; }
p { margin: .35rem 0 .7rem; }
.lede { color: var(--muted); margin-bottom: 1rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.numbers { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .6rem 0 1rem;
           padding: 0; list-style: none; }
.numbers li { border: 1px solid var(--rule); padding: .3rem .7rem; border-radius: 4px; }
.numbers b { font-size: 1.2rem; }
nav { border: 1px solid var(--rule); background: var(--soft); padding: .5rem 1rem;
      margin: 0 0 1.5rem; }
nav ol { margin: .2rem 0; padding-left: 1.4rem; columns: 2; }
nav a { color: var(--ink); }
section { margin: 0 0 2.2rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; font-size: .93rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; vertical-align: top;
         text-align: start; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; background: var(--soft); }
td.zero { color: #9aa3ab; }
.muted { color: var(--muted); }
.none { color: var(--muted); font-style: italic; }
.more { color: var(--muted); font-size: .9rem; }
.status { display: inline-block; min-width: 5.6em; padding: .1rem .45rem; border-radius: 3px;
          font-weight: 700; border: 1.5px solid currentColor; white-space: nowrap; }
.status-strong { color: #0b5e2b; background: #e3f3e8; }
.status-partly { color: #7a4d00; background: #fdf1d8; }
.status-weak { color: #9b1c13; background: #fbe4e1; border-style: dashed; }
.rule { color: var(--muted); font-size: .85rem; }
ul.tight { margin: .1rem 0; padding-left: 1.1rem; }
ul.tight li { margin: .1rem 0; }
.tag { display: inline-block; font-size: .78rem; border: 1px solid var(--rule);
       border-radius: 3px; padding: 0 .3rem; margin: 0 .2rem .15rem 0; white-space: nowrap; }
.path { font-size: .9rem; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1.1rem; margin: .4rem 0 .2rem;
          padding: 0; list-style: none; font-size: .9rem; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #333;
          border-radius: 50%; }
figure { margin: .4rem 0 1.4rem; }
figure > svg, figure > img { display: block; width: 100%; height: auto; max-width: 100%; }
figure.network > svg { border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
.note { border-left: 4px solid var(--rule); padding: .3rem .7rem; background: var(--soft); }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  html { font-size: 10pt; }
  body { padding: 0; max-width: none; }
  nav, .screen-only { display: none !important; }
  section { margin: 0; }
  section + section { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, figure, .keep { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th, .status, tr.total td, .numbers li, nav { -webkit-print-color-adjust: exact;
                                               print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""
"""Screen and print styles: A4 pages, a page break before every section, no navigation in print.

Status is always written out (strong / partly / weak, with a symbol and a
solid or dashed frame), so the pack reads in black and white too.
"""


def esc(text: object) -> str:
    """Any value as inert HTML text (``<``, ``>``, ``&`` and both quotes escaped).

    >>> esc('<img src=x onerror=alert(1)> "a" & \\'b\\'')
    '&lt;img src=x onerror=alert(1)&gt; &quot;a&quot; &amp; &#x27;b&#x27;'
    """
    return html.escape(str(text), quote=True)


def user(text: object, tag: str = "span") -> str:
    """Workbook text, escaped, in an element that takes its direction from its own letters.

    >>> user("מיכל לוי")
    '<span dir="auto">מיכל לוי</span>'
    """
    return f'<{tag} dir="auto">{esc(text)}</{tag}>'


def sentence(text: str, names: Iterable[str]) -> str:
    """An English sentence of ours that quotes workbook ``names``: escaped, each name isolated.

    The sentence keeps the page's left-to-right direction; each name in it
    takes its own, so a Hebrew name does not reorder the words around it.

    >>> sentence("Ask <Dana> & מיכל לוי", ["מיכל לוי", "<Dana>"])
    'Ask <span dir="auto">&lt;Dana&gt;</span> &amp; <span dir="auto">מיכל לוי</span>'
    """
    keys = sorted({n for n in names if n}, key=len, reverse=True)
    if not keys:
        return esc(text)
    out, pos = [], 0
    for m in re.finditer("|".join(re.escape(k) for k in keys), text):
        out += [esc(text[pos:m.start()]), user(m.group(0))]
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def fmt_share(value: float | None) -> str:
    """A share as a whole percentage; a dash when it cannot be computed.

    >>> fmt_share(0.4166), fmt_share(float("nan"))
    ('42%', '–')
    """
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.0%}"


def fmt_num(value: float | None, digits: int = 2) -> str:
    """A number with at most ``digits`` decimals (integers stay whole); a dash for nothing.

    >>> fmt_num(3.0), fmt_num(0.123456), fmt_num(None)
    ('3', '0.12', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}"


Cell = str | tuple[str, str]
"""Ready HTML for one cell, or ``(html, css class)``."""


def table(head: Sequence[Cell], rows: Iterable[Sequence[Cell]], *, cls: str = "",
          total: int | None = None, more: int = 0,
          summary: Sequence[Cell] | None = None) -> str:
    """A table from ready-made (already escaped) cell HTML.

    ``total`` is the number of rows there are in all, and ``more`` the
    number left out; when something was left out a line below says so.
    ``summary`` is a last, emphasised row (totals).
    """

    def cell(tag: str, c: Cell) -> str:
        content, klass = (c, "") if isinstance(c, str) else c
        attr = f' class="{klass}"' if klass else ""
        return f"<{tag}{attr}>{content}</{tag}>"

    head_html = "".join(cell("th", h) for h in head)
    body = "".join("<tr>" + "".join(cell("td", c) for c in r) + "</tr>" for r in rows)
    if summary is not None:
        body += '<tr class="total">' + "".join(cell("td", c) for c in summary) + "</tr>"
    klass = f' class="{cls}"' if cls else ""
    out = f"<table{klass}><thead><tr>{head_html}</tr></thead><tbody>{body}</tbody></table>"
    if more:
        shown = (total - more) if total is not None else None
        lead = f"{shown} of {total} shown; " if shown is not None else ""
        out += (f'<p class="more">{lead}{more} more — run <code>stakeholder-map gaps</code> '
                "for the full list.</p>")
    return out


def page(title: str, body: str, *, lang: str = "en") -> str:
    """The whole document: UTF-8, the styles inline, nothing fetched from anywhere.

    ``title`` is user text and is escaped here; ``body`` is ready HTML.
    """
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="stakeholder-map">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
