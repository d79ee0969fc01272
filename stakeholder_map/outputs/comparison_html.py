"""Two waves of a programme side by side, as one small self-contained HTML report.

The report is rendered from the template ``comparison.html`` through the
package's one autoescaping environment (:mod:`stakeholder_map.outputs.html`):
it runs no script, loads nothing (a Content-Security-Policy says so too), and
every name from either workbook is escaped and isolated (``dir="auto"``). It
speaks ``lang`` (the current language by default): headings, column names and
the model's own values (engagement levels, tie types, change directions) are
translated, numbers and dates written as the language writes them; a Hebrew
report is laid out right to left.

Examples
--------
>>> from stakeholder_map.model import Actor, StakeholderMap
>>> from stakeholder_map.waves.compare import compare
>>> before = StakeholderMap((Actor("a", "Ann", "public"),))
>>> after = StakeholderMap((Actor("a", "Ann", "public"), Actor("b", "<b>Bo</b>", "business")))
>>> page = comparison_html(compare(before, after))
>>> "&lt;b&gt;Bo&lt;/b&gt;" in page, "<b>Bo" in page, "<script" in page
(True, False, False)
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from stakeholder_map.i18n import (
    N_,
    current_language,
    format_date,
    ngettext,
    pgettext,
    use_language,
)
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import Engagement, Sector
from stakeholder_map.outputs.html import (
    STATIC_CSP,
    Cell,
    Inline,
    Styled,
    Table,
    User,
    fmt_num,
    fmt_signed,
    render,
)
from stakeholder_map.outputs.labels import (
    actor_kind_label,
    engagement_label,
    fill,
    sector_id_label,
    sector_label,
    tie_label,
)

if TYPE_CHECKING:  # the analysis modules load pandas and igraph: not for every command
    from stakeholder_map.waves.result import Comparison, WaveSummary

__all__ = ["comparison_html", "number_text", "wave_line"]

def _column(field: str) -> str:
    """A comparison table's column (a field of its record) as its heading in the reader's
    language; a field not listed here is shown by its name."""
    words = {
        "id": pgettext("comparison column", "id"),
        "name": pgettext("comparison column", "name"),
        "sector": pgettext("comparison column", "sector"),
        "kind": pgettext("comparison column", "kind"),
        "engagement": pgettext("comparison column", "engagement"),
        "before": pgettext("comparison column", "before"),
        "after": pgettext("comparison column", "after"),
        "steps": pgettext("comparison column", "steps"),
        "direction": pgettext("comparison column", "direction"),
        "actors_before": pgettext("comparison column", "actors before"),
        "actors_after": pgettext("comparison column", "actors after"),
        "mean_before": pgettext("comparison column", "mean before"),
        "mean_after": pgettext("comparison column", "mean after"),
        "engaged_before": pgettext("comparison column", "engaged before"),
        "engaged_after": pgettext("comparison column", "engaged after"),
        "moved_up": pgettext("comparison column", "moved up"),
        "moved_down": pgettext("comparison column", "moved down"),
        "source": pgettext("comparison column", "source"),
        "target": pgettext("comparison column", "target"),
        "type": pgettext("comparison column", "type"),
        "source_name": pgettext("comparison column", "source name"),
        "target_name": pgettext("comparison column", "target name"),
        "sector_pair": pgettext("comparison column", "sector pair"),
        "weight": pgettext("comparison column", "weight"),
        "key": pgettext("comparison column", "category"),
        "added": pgettext("comparison column", "added"),
        "removed": pgettext("comparison column", "removed"),
        "first_ties": pgettext("comparison column", "first ties"),
        "metric": pgettext("comparison column", "measure"),
        "delta": pgettext("comparison column", "change"),
        "subject": pgettext("comparison column", "subject"),
        "label": pgettext("comparison column", "gap"),
        "status": pgettext("comparison column", "status"),
        "severity_before": pgettext("comparison column", "severity before"),
        "severity_after": pgettext("comparison column", "severity after"),
        "suggestion": pgettext("comparison column", "suggestion"),
    }
    return words.get(field) or field.replace("_", " ")


_WORDS = {"up": N_("up"), "down": N_("down"), "closed": N_("closed"), "new": N_("new"),
          "persisting": N_("persisting")}
"""The comparison's own values (a move's direction, a gap's status) as a person reads them."""


def wave_line(label: str, w: WaveSummary) -> str:
    """One side of the comparison in a line: programme, wave, date and size (plain text, in
    the current language, for the terminal).

    >>> from stakeholder_map.waves.result import WaveSummary
    >>> wave_line("baseline:", WaveSummary("P", "", "2024-01-31", 3, 2))
    'baseline:  P — (no wave label) as of 2024-01-31: 3 actors, 2 ties'
    """
    facts = {"programme": w.programme or _("(unnamed)"), "wave": w.wave or _("(no wave label)"),
             "date": fmt_date_text(w.as_of), "size": _size(w)}
    line = (_("{programme} — {wave} as of {date}: {size}") if w.as_of
            else _("{programme} — {wave}: {size}")).format(**facts)
    return f"{label:<10} {line}"


def _size(w: WaveSummary) -> str:
    return _("{actors}, {ties}").format(
        actors=ngettext("{n} actor", "{n} actors", w.actors).format(n=fmt_num(w.actors)),
        ties=ngettext("{n} tie", "{n} ties", w.ties).format(n=fmt_num(w.ties)))


def fmt_date_text(value: str | None) -> str:
    """An ISO date (as a comparison keeps it) as the current language writes it."""
    return format_date(value) if value else ""


def _side(label: str, w: WaveSummary) -> Inline:
    """One side of the comparison for the page: names isolated, our words translated."""
    programme: Inline = User(w.programme) if w.programme else _("(unnamed)")
    wave: Inline = User(w.wave) if w.wave else _("(no wave label)")
    text = (_("{side}: {programme} — {wave} as of {date}: {size}") if w.as_of
            else _("{side}: {programme} — {wave}: {size}"))
    return fill(text, side=Styled(label, tag="b"), programme=programme, wave=wave,
                date=fmt_date_text(w.as_of), size=_size(w))


def number_text(value: Any, signed: bool = False) -> str:
    """A number for people: counts as counts, measures to three decimals; ``—`` if missing.

    >>> number_text(3), number_text(0.5), number_text(-2, signed=True), number_text(None)
    ('3', '0.500', '-2', '—')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, int):
        return f"{value:+d}" if signed else str(value)
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def _value(table: str, column: str, value: Any) -> Cell:
    """One cell: the model's identifiers as words, numbers in the reader's notation, workbook
    text isolated."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        if column == "delta":
            return fmt_signed(value, 0 if isinstance(value, int) else 3), "num"
        return fmt_num(value, 3), "num"
    if value is None:
        return "—"
    text = str(value)
    if column in ("engagement", "before", "after") and text.upper() in Engagement.__members__:
        return engagement_label(text)
    if column == "type" or (table == "ties_by_type" and column == "key"):
        return tie_label(text)
    if column == "kind" and table in ("actors_joined", "actors_left"):
        return actor_kind_label(text)
    if column == "kind":
        return Styled(text, tag="code")  # a gap kind: an identifier, its label is beside it
    if column in ("direction", "status") and text in _WORDS:
        return _(_WORDS[text])
    if column == "sector":
        return User(sector_id_label(text))
    if column == "sector_pair" or (table == "ties_by_sector_pair" and column == "key"):
        return User(" – ".join(sector_id_label(s) for s in text.split("|")))
    return User(text)


def _table(name: str, rows: list[dict[str, Any]], columns: list[str]) -> Table | None:
    if not rows:
        return None
    if name == "sectors":  # the sector's own name, in the reader's language if a default one
        rows = [{**r, "name": sector_label(Sector(r["sector"], r["name"]))} for r in rows]
    return Table([_column(c) for c in columns],
                 [[_value(name, c, r.get(c)) for c in columns] for r in rows])


def comparison_html(c: Comparison, lang: str | None = None) -> str:
    """A self-contained report: no script, no external resource, every value escaped.

    ``lang`` is the report's language (``None``: the current language).
    """
    from stakeholder_map.waves.result import TABLES, TITLES

    with use_language(lang or current_language()):
        tables = [{"title": _(TITLES[name]),
                   "table": _table(name, c.rows(name), [f.name for f in fields(kind)])}
                  for name, kind in TABLES.items()]
        programme = c.followup.programme or c.baseline.programme
        return render("comparison.html", csp=STATIC_CSP,
                      title=_("Wave comparison — {programme}").format(
                          programme=programme or _("programme")),
                      programme=programme,
                      waves=[_side(_("baseline"), c.baseline), _side(_("follow-up"), c.followup)],
                      summary=c.summary(), tables=tables)
