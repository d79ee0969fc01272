"""``metrics``, ``gaps`` and ``paths``: the analysis commands of the CLI."""

from __future__ import annotations

import sys
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

__all__ = ["gaps", "metrics", "paths"]


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="A .xlsx, .json or .csv file; without it, a summary is printed.")
@skip_option
@exact_option
@weighted_option
@sharing_options
@budget_options()
def metrics(path: Path, output: Path | None, skip_invalid: bool,
            sample_above: int | None, weighted: bool, sharing: Sharing) -> None:
    """Actor and network metrics, the sector table and the sector mixing matrix.

    .xlsx: sheets actors, network, sectors, mixing, notes. .json: {"network",
    "actors", "sectors", "mixing", "notes", "warnings"}. .csv: the actor table,
    with FILE.network.csv, FILE.sectors.csv, FILE.mixing.csv and FILE.notes.csv
    beside it. The notes say what each measure means and how it compares with
    UCINET, R sna, R igraph and networkx. --weighted: effective size and
    constraint use tie weights.

    Before computing, the memory and time the map needs are estimated: a map
    that would not fit in memory is refused (--max-memory, --force), and one
    whose exact betweenness and closeness would take too long is sampled
    (--exact insists); a note says which.

    \b
    Example:
      stakeholder-map metrics sample_data/kehila_metiva -o metrics.xlsx
      stakeholder-map metrics sample_data/smolensk_volunteers
      stakeholder-map metrics sample_data/kehila_metiva --weighted -o weighted.json
      stakeholder-map metrics sample_data/kehila_metiva --pseudonymise --key "$KEY" -o shared.xlsx
    """
    from stakeholder_map.analysis.metrics import compute_metrics
    from stakeholder_map.outputs.tables import write_metrics

    smap = sharing.apply(load_for_analysis(path, skip_invalid))
    check_suffix(output, (".xlsx", ".json", ".csv"), "metrics")
    result = compute_metrics(smap, thresholds=thresholds_for(sample_above),
                             progress=progress_printer(smap), weighted=weighted)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if output is None:
        click.echo(_metrics_summary(result))
        return
    for written in write_metrics(result, output):
        click.echo(f"wrote {written}")


def _metrics_summary(result: object) -> str:
    from stakeholder_map.analysis.metrics import Metrics

    assert isinstance(result, Metrics)
    lines = ["network:"]
    for key, value in result.network.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        lines.append(f"  {key:<28} {shown}")
    lines.append("\nsectors:")
    lines.append(result.sectors.drop(columns=["name"]).round(2).to_string())
    top = result.actors.sort_values("betweenness", ascending=False).head(10)
    lines.append("\nbrokers (top 10 by betweenness):")
    lines.append(top[["name", "sector", "engagement", "betweenness", "pagerank",
                      "degree"]].round(3).to_string())
    return "\n".join(lines)


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="A .csv, .json or .xlsx file; without it, a table is printed.")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Only gaps of this kind (repeatable), e.g. --kind passive_influential.")
@skip_option
@exact_option
@sharing_options
@budget_options()
def gaps(path: Path, output: Path | None, kinds: tuple[str, ...], skip_invalid: bool,
         sample_above: int | None, sharing: Sharing) -> None:
    """Engagement gaps, most severe first: who to mobilise, what is missing, what is fragile.

    \b
    Example:
      stakeholder-map gaps sample_data/smolensk_volunteers
      stakeholder-map gaps sample_data/kehila_metiva --kind burned --kind sensitive_relationship
      stakeholder-map gaps sample_data/kehila_metiva -o gaps.csv
      STAKEHOLDER_MAP_KEY=... stakeholder-map gaps sample_data/kehila_metiva --pseudonymise
    """
    from stakeholder_map.analysis.gaps import GAP_KINDS, find_gaps
    from stakeholder_map.analysis.metrics import compute_metrics
    from stakeholder_map.errors import UnknownGapKind
    from stakeholder_map.outputs.tables import write_gaps

    unknown = [k for k in kinds if k not in GAP_KINDS]
    if unknown:
        raise click.BadParameter(str(UnknownGapKind(unknown, GAP_KINDS)), param_hint="--kind")
    check_suffix(output, (".csv", ".json", ".xlsx"), "gaps")
    smap = sharing.apply(load_for_analysis(path, skip_invalid))
    thresholds = thresholds_for(sample_above)
    require([smap], ("views", "metrics", "gaps"), thresholds)
    progress = progress_printer(smap)
    result = compute_metrics(smap, thresholds=thresholds, progress=progress)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if progress:
        progress("gaps and warm paths")
    found = find_gaps(smap, metrics=result, thresholds=thresholds, kinds=kinds or None)
    if output is not None:
        write_gaps(found, output, smap)
        click.echo(f"wrote {len(found)} gap(s) to {output}")
        return
    if not found:
        click.echo("no gaps found")
        return
    for g in found:
        click.echo(f"{g.severity:4.2f}  {g.kind:<32} {g.subject}\n      {g.suggestion}")
    click.echo(f"\n{len(found)} gap(s)")


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.argument("actor_id")
@skip_option
@budget_options(exact=False)
def paths(path: Path, actor_id: str, skip_invalid: bool) -> None:
    """Who can introduce the backbone to ACTOR_ID: the warm introduction path.

    The path runs from the backbone through actors already active or leading.
    When there is none, the engaged actor nearest to ACTOR_ID is named.

    \b
    Example:
      stakeholder-map paths sample_data/kehila_metiva km-edu-head
    """
    from stakeholder_map.analysis.paths import warm_path
    from stakeholder_map.workbook.cells import suggest

    smap = load_for_analysis(path, skip_invalid)
    if actor_id not in smap.actor_by_id:
        hint = suggest(actor_id, smap.actor_by_id)
        click.echo(f"error: no actor has the id {actor_id!r}" + (f"; {hint}" if hint else ""),
                   err=True)
        sys.exit(1)
    if smap.backbone is None:
        click.echo("error: the programme sheet names no backbone; add a row: backbone, <id>",
                   err=True)
        sys.exit(1)
    wp = warm_path(smap, actor_id)

    def label(aid: str) -> str:
        a = smap.actor_by_id[aid]
        return f"{a.name} [{a.id}, {a.sector}, {a.engagement.label}]"

    if wp.found:
        click.echo(f"warm path to {label(actor_id)}:")
        for step, aid in enumerate(wp.path):
            click.echo(f"  {step}. {label(aid)}")
        if wp.introducer:
            click.echo(f"ask {smap.actor_by_id[wp.introducer].name} to make the introduction")
    else:
        click.echo(f"no warm path to {label(actor_id)}: no chain of active or leading actors "
                   "reaches it from the backbone")
        if wp.nearest_engaged:
            click.echo(f"nearest engaged actor: {label(wp.nearest_engaged)}, "
                       f"{wp.steps} step(s) away")
