"""``metrics``, ``gaps`` and ``paths``: the analysis commands of the CLI."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from .errors import StakeholderMapError
from .model import StakeholderMap
from .thresholds import Thresholds

__all__ = ["register"]

PROGRESS_ABOVE = 2_000
"""Maps with more actors than this print each analysis stage as it starts."""


def load_for_analysis(path: Path, skip_invalid: bool) -> StakeholderMap:
    """Load a valid workbook or exit 1 with every problem (bad rows skipped only if asked)."""
    from .cli import _problem_table
    from .validate import load

    try:
        result = load(path, strict=False, skip_invalid=skip_invalid)
    except StakeholderMapError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if result.map is None:
        click.echo(_problem_table(result.problems), err=True)
        click.echo(f"\nthe workbook has {len(result.errors)} error(s): fix them, or pass "
                   "--skip-invalid to analyse without the bad rows", err=True)
        sys.exit(1)
    skipped = [p for p in result.warnings if "skipped" in p.message]
    if skipped:
        click.echo(f"warning: {len(skipped)} row(s) left out:", err=True)
        click.echo(_problem_table(skipped), err=True)
    return result.map


def progress_printer(smap: StakeholderMap) -> Callable[[str], None] | None:
    """Stage-by-stage progress on stderr for maps large enough to take more than a second."""
    if len(smap.actors) <= PROGRESS_ABOVE:
        return None
    start = time.perf_counter()

    def show(stage: str) -> None:
        click.echo(f"  [{time.perf_counter() - start:6.1f} s] {stage}…", err=True)

    return show


def _thresholds(sample_above: int | None) -> Thresholds:
    return Thresholds() if sample_above is None else Thresholds(sample_above=sample_above)


skip_option = click.option("--skip-invalid", is_flag=True,
                           help="Analyse without the bad rows (each is named) instead of refusing.")
exact_option = click.option("--sample-above", type=click.IntRange(0), default=None,
                            help="Estimate betweenness/closeness from a sample above this many "
                                 "actors [default: 20000].")


@dataclass(frozen=True)
class Sharing:
    """What ``--pseudonymise``, ``--pseudonymise-all``, ``--key``, ``--keep-sensitive`` asked."""

    pseudonymise: bool = False
    everyone: bool = False
    key: str | None = None
    keep_sensitive: bool = False

    def apply(self, smap: StakeholderMap) -> StakeholderMap:
        """The map to analyse: pseudonymised when asked (with a note on stderr), else as is."""
        if not self.pseudonymise:
            return smap
        from .model import ActorKind
        from .pseudonymise import pseudonymise

        assert self.key is not None
        try:
            shared = pseudonymise(smap, self.key, everyone=self.everyone,
                                  keep_sensitive=self.keep_sensitive)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        who = ("every actor" if self.everyone else
               f"{sum(a.kind is ActorKind.PERSON for a in smap.actors)} people")
        left_out = ("" if self.keep_sensitive else
                    "; tension ties and burned flags left out (--keep-sensitive keeps them)")
        click.echo(f"pseudonymised {who}; notes and roles dropped{left_out}", err=True)
        return shared


def sharing_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add the pseudonymisation options; the command receives them as ``sharing``."""

    @functools.wraps(command)
    def run(*args: Any, pseudonymise: bool, pseudonymise_all: bool, key: str | None,
            keep_sensitive: bool, **kwargs: Any) -> None:
        from .pseudonymise import KEY_ENV

        wanted = pseudonymise or pseudonymise_all
        ctx = click.get_current_context()
        typed = ctx.get_parameter_source("key") is click.core.ParameterSource.COMMANDLINE
        if wanted and not key:
            raise click.UsageError(f"--pseudonymise needs a key: pass --key KEY or set {KEY_ENV} "
                                   "(keep it private; the same key gives the same pseudonyms "
                                   "in every wave)")
        if not wanted and (typed or keep_sensitive):
            raise click.UsageError("--key and --keep-sensitive only act with --pseudonymise or "
                                   "--pseudonymise-all: add one, or nothing is pseudonymised")
        command(*args, sharing=Sharing(wanted, pseudonymise_all, key, keep_sensitive), **kwargs)

    options = [
        click.option("--pseudonymise", is_flag=True,
                     help="Replace people's ids and names by stable pseudonyms, drop notes and "
                          "people's roles, leave out tension ties and burned flags."),
        click.option("--pseudonymise-all", is_flag=True,
                     help="As --pseudonymise, for organisations too."),
        click.option("--key", metavar="KEY", envvar="STAKEHOLDER_MAP_KEY",
                     help="Private key the pseudonyms derive from [env STAKEHOLDER_MAP_KEY]; "
                          "the same key gives the same pseudonyms in every wave."),
        click.option("--keep-sensitive", is_flag=True,
                     help="With --pseudonymise: keep tension ties and burned flags."),
    ]
    for option in reversed(options):
        run = option(run)
    return run


def register(main: click.Group) -> None:
    main.add_command(metrics)
    main.add_command(gaps)
    main.add_command(paths)
    main.add_command(dashboard)


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="A .xlsx, .json or .csv file; without it, a summary is printed.")
@skip_option
@exact_option
@sharing_options
def metrics(path: Path, output: Path | None, skip_invalid: bool,
            sample_above: int | None, sharing: Sharing) -> None:
    """Actor and network metrics, the sector table and the sector mixing matrix.

    .xlsx: sheets actors, network, sectors, mixing. .json: {"network", "actors",
    "sectors", "mixing"}. .csv: the actor table, with FILE.network.csv,
    FILE.sectors.csv and FILE.mixing.csv beside it.

    \b
    Example:
      stakeholder-map metrics sample_data/kehila_metiva -o metrics.xlsx
      stakeholder-map metrics sample_data/smolensk_volunteers
      stakeholder-map metrics sample_data/kehila_metiva --pseudonymise --key "$KEY" -o shared.xlsx
    """
    from .export import write_metrics
    from .metrics import compute_metrics

    smap = sharing.apply(load_for_analysis(path, skip_invalid))
    if output is not None and output.suffix.lower() not in (".xlsx", ".json", ".csv"):
        raise click.BadParameter("choose a file ending in .xlsx, .json or .csv",
                                 param_hint="-o")
    result = compute_metrics(smap, thresholds=_thresholds(sample_above),
                             progress=progress_printer(smap))
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if output is None:
        click.echo(_metrics_summary(result))
        return
    for written in write_metrics(result, output):
        click.echo(f"wrote {written}")


def _metrics_summary(result: object) -> str:
    from .metrics import Metrics

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
    from .export import write_gaps
    from .gaps import GAP_KINDS, find_gaps
    from .metrics import compute_metrics

    unknown = [k for k in kinds if k not in GAP_KINDS]
    if unknown:
        raise click.BadParameter(f"unknown kind {unknown[0]!r}; choose from "
                                 + ", ".join(GAP_KINDS), param_hint="--kind")
    if output is not None and output.suffix.lower() not in (".csv", ".json", ".xlsx"):
        raise click.BadParameter("choose a file ending in .csv, .json or .xlsx",
                                 param_hint="-o")
    smap = sharing.apply(load_for_analysis(path, skip_invalid))
    thresholds = _thresholds(sample_above)
    progress = progress_printer(smap)
    result = compute_metrics(smap, thresholds=thresholds, progress=progress)
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
def paths(path: Path, actor_id: str, skip_invalid: bool) -> None:
    """Who can introduce the backbone to ACTOR_ID: the warm introduction path.

    The path runs from the backbone through actors already active or leading.
    When there is none, the engaged actor nearest to ACTOR_ID is named.

    \b
    Example:
      stakeholder-map paths sample_data/kehila_metiva km-edu-head
    """
    from .cells import suggest
    from .paths import warm_path

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


@click.command()
@click.option("--db", "db_url", envvar="STAKEHOLDER_MAP_DB",
              help="Database URL [default: a SQLite file in your user data folder; "
                   "env STAKEHOLDER_MAP_DB].")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (only this machine by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=8050, show_default=True)
@click.option("--max-upload-mb", type=click.IntRange(1, 1024), default=20, show_default=True,
              help="Largest workbook the Data page accepts.")
@click.option("--no-samples", is_flag=True,
              help="Do not import the bundled sample programmes into an empty store.")
def dashboard(db_url: str | None, host: str, port: int, max_upload_mb: int,
              no_samples: bool) -> None:
    """Open the planner's dashboard in your browser (on the sample programmes at first start).

    \b
    Example:
      stakeholder-map dashboard
      stakeholder-map dashboard --db postgresql+psycopg://user:pw@db/stakeholders --port 8080
    """
    from dashboards.app import SAMPLES, create_app

    app = create_app(db_url, samples=None if no_samples else SAMPLES,
                     max_upload_mb=max_upload_mb, warm_up=True)
    click.echo(f"stakeholder-map dashboard on http://{host}:{port}/ (Ctrl+C to stop)")
    app.run(host=host, port=port, debug=False)
