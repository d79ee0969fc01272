"""``report``: the facilitator's readiness pack from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from stakeholder_map.cli.budget import budget_options, print_plan_notes, require
from stakeholder_map.cli.common import (
    check_suffix,
    load_for_analysis,
    progress_printer,
    skip_option,
)

__all__ = ["report"]


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write, e.g. readiness.html.")
@skip_option
@click.option("--no-charts", is_flag=True,
              help="Leave out the charts (they need kaleido and Chromium, a few seconds).")
@budget_options()
def report(path: Path, output: Path, skip_invalid: bool, no_charts: bool) -> None:
    """Write the readiness pack: one HTML file to print or e-mail before a readiness session.

    The programme at a glance, a readiness scorecard against the conditions
    of collective impact, who to mobilise first and who can introduce them,
    the readiness checklist (burned actors, sensitive relationships,
    informal influencers, passive role-holders, resistant influentials),
    sector, forum and agreement gaps, and a picture of the network with the
    key charts. The file is self-contained: it opens offline and prints on A4.

    \b
    Example:
      stakeholder-map report sample_data/kehila_metiva -o readiness.html
      stakeholder-map report my_programme.xlsx -o readiness.html --no-charts
    """
    from stakeholder_map.outputs.report.pack import build_readiness_pack

    check_suffix(output, (".html", ".htm"), "the readiness pack")
    smap = load_for_analysis(path, skip_invalid)
    require([smap], ("views", "metrics", "gaps", "paths"))
    print_plan_notes(smap)
    pack = build_readiness_pack(smap, images=not no_charts, progress=progress_printer(smap))
    for note in pack.notes:
        click.echo(f"note: {note}", err=True)
    try:
        output.write_text(pack.html, encoding="utf-8")
    except OSError as exc:
        click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from exc
    click.echo(f"wrote {output} ({len(pack.html.encode('utf-8')) // 1024} KB)")
