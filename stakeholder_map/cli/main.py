"""The ``stakeholder-map`` command line: a thin layer over the library.

Domain errors become a friendly message here and nowhere else; bad input
never shows a traceback. Exit codes: 0 fine, 1 bad input (the workbook has
errors or cannot be read), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import click

from stakeholder_map import __version__
from stakeholder_map.cli import analysis, compare, key, outputs, report, samples, store
from stakeholder_map.cli.common import problem_table
from stakeholder_map.cli.limits import limit_options, read_limits, store_limits
from stakeholder_map.errors import StakeholderMapError
from stakeholder_map.workbook.validate import load

__all__ = ["main"]


def _summary_text(summary: dict[str, Any]) -> str:
    lines = [f"programme: {summary['programme'] or '(unnamed)'}",
             f"actors: {summary['actors']}"]
    lines += [f"  {k:<15} {v}" for k, v in summary["actors_per_sector"].items() if v]
    lines.append(f"ties: {summary['ties']}")
    lines += [f"  {k:<15} {v}" for k, v in summary["ties_per_type"].items() if v]
    lines.append(f"agreements: {summary['agreements']}")
    lines.append(f"forums: {summary['forums']}")
    return "\n".join(lines)


class _Commands(click.Group):
    """The command group; a domain error any command raises becomes its message and exit 1.

    So does running out of memory, the last resort when an estimate before the work
    (``stakeholder_map.analysis.budget``) was too low or overridden.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StakeholderMapError as exc:
            raise click.ClickException(str(exc)) from exc
        except MemoryError:
            raise click.ClickException(
                "out of memory: this map needs more memory than the machine could give; "
                "analyse a smaller map or on a machine with more memory (without --force, "
                "or with a lower --max-memory, a map estimated not to fit is refused before "
                "any work)") from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stakeholder-map")
@limit_options
@click.pass_context
def main(ctx: click.Context, /, **limits: int) -> None:
    """Map the stakeholders of a collective-impact programme and find its engagement gaps.

    The --max-* options (before the command) set how much a workbook may hold; the
    defaults suit any real programme.

    \b
    Example:
      stakeholder-map validate sample_data/smolensk_volunteers
      stakeholder-map --max-rows 5000000 validate huge.xlsx
    """
    store_limits(ctx, limits)


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json for programs.")
def validate(path: Path, fmt: str) -> None:
    """Check a workbook (.xlsx, .zip of CSVs, or a folder of CSVs) and report every problem.

    Prints a summary and exits 0 when the workbook is valid (warnings are
    shown but do not fail it); prints every problem with its sheet, row,
    column and value and exits 1 when it is not.

    \b
    Example:
      stakeholder-map validate sample_data/kehila_metiva
      stakeholder-map validate my_programme.xlsx --format json
    """
    try:
        result = load(path, strict=False, limits=read_limits())
    except StakeholderMapError as exc:
        if fmt == "json":
            click.echo(json.dumps({"valid": False, "error": str(exc), "problems": []},
                                  ensure_ascii=False, indent=2))
        else:
            click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    valid = result.map is not None
    if fmt == "json":
        click.echo(json.dumps({
            "valid": valid,
            "summary": result.map.summary() if result.map else None,
            "problems": [p.as_dict() for p in result.problems],
        }, ensure_ascii=False, indent=2))
    else:
        if result.map is not None:
            click.echo(_summary_text(result.map.summary()))
        if result.problems:
            errors, warnings = len(result.errors), len(result.warnings)
            click.echo(f"\n{errors} error(s), {warnings} warning(s):")
            click.echo(problem_table(result.problems))
        if valid:
            click.echo("\nvalid" + (" (with warnings)" if result.problems else ""))
        else:
            click.echo(f"\ninvalid: fix the {len(result.errors)} error(s) above", err=True)
    sys.exit(0 if valid else 1)


@main.command()
@click.option("--actors", "n_actors", type=click.IntRange(2, 5_000_000), required=True,
              help="How many actors.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same network.")
@click.option("--ties-per-actor", type=click.FloatRange(0.5, 100), default=5.0,
              show_default=True, help="Average number of ties per actor.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="A folder for CSV files, or a file ending in .xlsx.")
def synth(n_actors: int, seed: int, ties_per_actor: float, output: Path) -> None:
    """Write a realistic synthetic programme (for benchmarks and load tests).

    Sector mix, heavy-tailed degrees, clustering within sectors, a backbone,
    agreements, forums and some tension ties; the same seed gives the same
    workbook.

    \b
    Example:
      stakeholder-map synth --actors 10000 --seed 1 -o /tmp/synth10k
    """
    from stakeholder_map.workbook.synth import synthesize
    from stakeholder_map.workbook.write import write_workbook

    smap = synthesize(n_actors, seed=seed, ties_per_actor=ties_per_actor)
    write_workbook(smap, output)
    click.echo(f"wrote {len(smap.actors)} actors, {len(smap.ties)} ties, "
               f"{len(smap.agreements)} agreements, {len(smap.forums)} forums to {output}")



COMMAND_GROUP = "stakeholder_map.commands"
"""Entry-point group through which other packages (the dashboard) add commands."""


def _register_commands() -> None:
    """Attach the commands that live in their own modules, then those of installed plug-ins.

    The dashboard is such a plug-in: the library never imports it, the command line
    finds it through the ``stakeholder_map.commands`` entry point its package declares.
    """
    for command in (analysis.metrics, analysis.gaps, analysis.paths, store.import_,
                    compare.compare_command, outputs.html, outputs.export, report.report,
                    samples.samples, key.key):
        main.add_command(command)
    for entry in sorted(entry_points(group=COMMAND_GROUP), key=lambda e: e.name):
        if entry.name not in main.commands:
            main.add_command(entry.load(), entry.name)


_register_commands()
