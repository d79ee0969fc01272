"""``html`` and ``export``: the files a planner e-mails and an evaluator studies."""

from __future__ import annotations

from pathlib import Path

import click

from stakeholder_map.cli.budget import budget_options, require
from stakeholder_map.cli.common import (
    Sharing,
    check_suffix,
    exact_option,
    load_for_analysis,
    progress_printer,
    sharing_options,
    skip_option,
    thresholds_for,
    weighted_option,
)

__all__ = ["export", "html"]


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .html file to write.")
@skip_option
@exact_option
@budget_options()
def html(path: Path, output: Path, skip_invalid: bool, sample_above: int | None) -> None:
    """One self-contained HTML file with the interactive map: opens offline, e-mail it.

    Actors are coloured by sector, filled by engagement and sized by
    influence; ties are styled by type (tension: red, dashed); hover for
    details, filter by sector. Nothing is loaded from the internet.

    \b
    Example:
      stakeholder-map html sample_data/kehila_metiva -o map.html
    """
    from stakeholder_map.analysis.metrics import compute_metrics
    from stakeholder_map.outputs.standalone_map import standalone_map

    check_suffix(output, (".html", ".htm"), "the standalone map")
    smap = load_for_analysis(path, skip_invalid)
    progress = progress_printer(smap)
    result = compute_metrics(smap, thresholds=thresholds_for(sample_above), progress=progress)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if progress:
        progress("layout and page")
    output.write_text(standalone_map(smap, metrics=result), encoding="utf-8")
    click.echo(f"wrote {output} ({len(smap.actors)} actors)")


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="A .graphml, .gexf (Gephi), .json or .xlsx file.")
@skip_option
@exact_option
@weighted_option
@sharing_options
@budget_options()
def export(path: Path, output: Path, skip_invalid: bool, sample_above: int | None,
           weighted: bool, sharing: Sharing) -> None:
    """The whole map with every metric, for Gephi, for code or for Excel.

    .graphml/.gexf: actors with all their fields and metrics on the nodes,
    current ties with type, weight, trust, value and dates on the edges
    (in .gexf the tie type is "tie_type"). .json: node-link data plus
    "metrics" and "gaps". .xlsx: one sheet each for actors, ties,
    agreements, agreement_parties, forums, forum_members, metrics, network,
    sectors, mixing, notes (what each measure means, for this run) and gaps.

    --weighted: Burt's effective size and constraint use tie weights.

    To share with someone who must not see who is who, add --pseudonymise
    (people) or --pseudonymise-all (every actor) and a private key.

    \b
    Example:
      stakeholder-map export sample_data/kehila_metiva -o kehila.gexf
      stakeholder-map export sample_data/kehila_metiva -o kehila.xlsx
      stakeholder-map export sample_data/kehila_metiva --pseudonymise --key "$KEY" -o shared.gexf
    """
    from stakeholder_map.analysis.gaps import find_gaps
    from stakeholder_map.analysis.metrics import compute_metrics
    from stakeholder_map.outputs.graph_files import EXPORT_SUFFIXES, write_export

    check_suffix(output, EXPORT_SUFFIXES, "an export")
    smap = sharing.apply(load_for_analysis(path, skip_invalid))
    thresholds = thresholds_for(sample_above)
    with_gaps = output.suffix.lower() in (".json", ".xlsx")
    require([smap], ("views", "metrics", "gaps") if with_gaps else ("views", "metrics"),
            thresholds)
    progress = progress_printer(smap)
    result = compute_metrics(smap, thresholds=thresholds, progress=progress, weighted=weighted)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    found = None
    if with_gaps:
        if progress:
            progress("gaps and warm paths")
        found = find_gaps(smap, metrics=result, thresholds=thresholds)
    write_export(smap, output, metrics=result, gaps=found)
    click.echo(f"wrote {output}")
