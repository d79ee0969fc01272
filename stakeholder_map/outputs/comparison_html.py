"""Two waves of a programme side by side, as one small self-contained HTML report.

The report is rendered from the template ``comparison.html`` through the
package's one autoescaping environment (:mod:`stakeholder_map.outputs.html`):
it runs no script, loads nothing (a Content-Security-Policy says so too), and
every name from either workbook is escaped.

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

from stakeholder_map.outputs.html import STATIC_CSP, Cell, Table, User, render

if TYPE_CHECKING:  # the analysis modules load pandas and igraph: not for every command
    from stakeholder_map.waves.result import Comparison, WaveSummary

__all__ = ["comparison_html", "number_text", "wave_line"]


def wave_line(label: str, w: WaveSummary) -> str:
    """One side of the comparison in a line: programme, wave, date and size.

    >>> from stakeholder_map.waves.result import WaveSummary
    >>> wave_line("baseline:", WaveSummary("P", "", "2024-01-31", 3, 2))
    'baseline:  P — (no wave label) as of 2024-01-31: 3 actors, 2 ties'
    """
    return (f"{label:<10} {w.programme or '(unnamed)'} — {w.wave or '(no wave label)'}"
            f"{' as of ' + w.as_of if w.as_of else ''}: {w.actors} actors, {w.ties} ties")


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


def _cell(value: Any) -> Cell:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        shown = number_text(value)
        if isinstance(value, float) and "." in shown:
            shown = shown.rstrip("0").rstrip(".")
        return shown, "num"
    return User("" if value is None else str(value))


def _table(rows: list[dict[str, Any]], columns: list[str]) -> Table | None:
    if not rows:
        return None
    return Table([c.replace("_", " ") for c in columns],
                 [[_cell(r.get(c)) for c in columns] for r in rows])


def comparison_html(c: Comparison) -> str:
    """A self-contained report: no script, no external resource, every value escaped."""
    from stakeholder_map.waves.result import TABLES, TITLES

    tables = [{"title": TITLES[name],
               "table": _table(c.rows(name), [f.name for f in fields(kind)])}
              for name, kind in TABLES.items()]
    return render("comparison.html", csp=STATIC_CSP,
                  title="Wave comparison — " + (c.followup.programme or "programme"),
                  programme=c.followup.programme or c.baseline.programme,
                  waves=[wave_line("baseline:", c.baseline), wave_line("follow-up:", c.followup)],
                  summary=c.summary(), tables=tables)
