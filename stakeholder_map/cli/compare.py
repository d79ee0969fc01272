"""``compare``: two waves of a programme side by side, in the terminal or as a file.

The comparison itself is :func:`stakeholder_map.waves.compare.compare`; this module
only loads the two workbooks, prints the summary and writes ``.xlsx``,
``.json`` or a small self-contained ``.html`` report
(:func:`stakeholder_map.outputs.comparison_html.comparison_html`).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from stakeholder_map.analysis.thresholds import Thresholds
from stakeholder_map.cli.budget import budget_options, print_plan_notes, require
from stakeholder_map.cli.common import check_suffix, exact_option, load_for_analysis, skip_option
from stakeholder_map.errors import UnsupportedFormat
from stakeholder_map.model import TieType
from stakeholder_map.outputs.comparison_html import number_text, wave_line

if TYPE_CHECKING:  # the analysis modules load pandas and igraph: not for every command
    from stakeholder_map.waves.result import Comparison

__all__ = ["FORMATS", "terminal_summary", "write_comparison"]

FORMATS = (".xlsx", ".json", ".html")
SHOWN = 15
"""Rows of each list the terminal summary prints before saying how many more there are."""


@click.command("compare")
@click.argument("baseline", type=click.Path(exists=True, path_type=Path))
@click.argument("followup", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="A .xlsx, .json or .html file; without it, a summary is printed.")
@skip_option
@exact_option
@budget_options()
def compare_command(baseline: Path, followup: Path, output: Path | None, skip_invalid: bool,
                    sample_above: int | None) -> None:
    """Compare two waves of a programme: who joined or left, who moved, which ties and gaps changed.

    Actors are matched by id; ties (those in force on each wave's as_of) by
    source, target and type, the pair unordered for collaboration,
    communication and tension; gaps by kind and subject. .xlsx: one sheet per
    table. .json: {"baseline", "followup", "counts", and one list per table}.
    .html: a report that opens offline.

    \b
    Example:
      stakeholder-map compare baseline.xlsx followup.xlsx
      stakeholder-map compare wave1/ wave2/ -o changes.xlsx
      stakeholder-map compare sample_data/kehila_metiva wave2.xlsx -o changes.html
    """
    from stakeholder_map.cli.common import progress_printer
    from stakeholder_map.waves.compare import compare

    check_suffix(output, FORMATS, "a comparison")
    before = load_for_analysis(baseline, skip_invalid)
    after = load_for_analysis(followup, skip_invalid)
    names = before.programme.name, after.programme.name
    if all(names) and names[0] != names[1]:
        click.echo(f"note: the workbooks name different programmes ({names[0]!r} and "
                   f"{names[1]!r}); comparing them anyway", err=True)
    big = before if len(before.actors) >= len(after.actors) else after
    thresholds = Thresholds() if sample_above is None else Thresholds(sample_above=sample_above)
    require([before, after], ("views", "metrics", "gaps"), thresholds)
    for side, smap in (("baseline: ", before), ("follow-up: ", after)):
        print_plan_notes(smap, thresholds, prefix=side)
    result = compare(before, after, thresholds=thresholds,
                     progress=progress_printer(big))
    if output is None:
        click.echo(terminal_summary(result))
        return
    write_comparison(result, output)
    click.echo(f"wrote {output}: {result.summary()}")


def write_comparison(comparison: Comparison, path: Path) -> Path:
    """Write ``.xlsx`` (sheet ``waves``, then one per table), ``.json`` or ``.html``."""
    from stakeholder_map.outputs.tables import write_xlsx

    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2,
                                   allow_nan=False), encoding="utf-8")
    elif suffix == ".xlsx":
        import pandas as pd

        waves = pd.DataFrame([{"side": "baseline", **asdict(comparison.baseline)},
                              {"side": "follow-up", **asdict(comparison.followup)}])
        write_xlsx({"waves": waves, **comparison.frames()}, path)
    elif suffix == ".html":
        from stakeholder_map.outputs.comparison_html import comparison_html

        path.write_text(comparison_html(comparison), encoding="utf-8")
    else:
        raise UnsupportedFormat(path.name, FORMATS, "a comparison")
    return path


# --- terminal -------------------------------------------------------------------------


def _listing(title: str, lines: list[str]) -> list[str]:
    if not lines:
        return []
    out = [f"\n{title} ({len(lines)}):", *(f"  {line}" for line in lines[:SHOWN])]
    if len(lines) > SHOWN:
        out.append(f"  … and {len(lines) - SHOWN} more (write them all with -o FILE.xlsx)")
    return out


def terminal_summary(c: Comparison) -> str:
    """What a person reads in the terminal: the waves, the summary line, then each change."""
    lines = [wave_line("baseline:", c.baseline), wave_line("follow-up:", c.followup),
             "", c.summary()]
    lines += _listing("actors joined", [f"{a.name} [{a.id}, {a.sector}, {a.engagement}]"
                                        for a in c.actors_joined])
    lines += _listing("actors left", [f"{a.name} [{a.id}, {a.sector}, {a.engagement}]"
                                      for a in c.actors_left])
    lines += _listing("engagement moves", [
        f"{m.name} [{m.id}, {m.sector}]: {m.before} → {m.after} ({m.steps:+d})"
        for m in c.engagement_moves])
    for title, changes in (("ties added", c.ties_added), ("ties removed", c.ties_removed)):
        lines += _listing(title, [
            f"{t.source_name} {'→' if TieType(t.type).directed else '–'} {t.target_name}: {t.type} "
            f"[{t.sector_pair}]" for t in changes])
    first = [r.key for r in c.ties_by_sector_pair if r.first_ties]
    if first:
        lines.append("\nsector pairs with their first ties: " + ", ".join(first))
    lines.append("\nsectors:                 actors    mean engagement   engaged")
    for s in c.sectors:
        lines.append(f"  {s.sector:<20} {s.actors_before:>4} → {s.actors_after:<4} "
                     f"{number_text(s.mean_before):>6} → {number_text(s.mean_after):<6} "
                     f"{s.engaged_before:>4} → {s.engaged_after}")
    lines.append("\nnetwork:                      baseline   follow-up      delta")
    for m in c.network:
        lines.append(f"  {m.metric:<27} {number_text(m.before):>9} {number_text(m.after):>11} "
                     f"{number_text(m.delta, signed=True):>10}")
    for title, gaps in (("gaps closed", c.gaps_closed), ("new gaps", c.gaps_new)):
        lines += _listing(title, [f"{g.kind:<32} {g.label}" for g in gaps])
    lines.append(f"\n{len(c.gaps_persisting)} gap(s) persist (listed in the .xlsx and .json)")
    return "\n".join(lines)
