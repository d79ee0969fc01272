"""``import``: the store commands of the CLI."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from stakeholder_map.cli.common import problem_table
from stakeholder_map.cli.limits import read_limits
from stakeholder_map.errors import InvalidWorkbook, StakeholderMapError
from stakeholder_map.workbook.validate import load

__all__ = ["db_option", "import_"]

db_option = click.option(
    "--db", "db_url", metavar="URL",
    help="Database URL (sqlite:///file.db, postgresql+psycopg://user:pw@host/db) or an SQLite "
         "file path. Default: $STAKEHOLDER_MAP_DB, else stakeholder-map.db in your user data "
         "folder.")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--programme", metavar="NAME",
              help="Store as a wave of this programme (default: the name in the workbook's "
                   "programme sheet, else the file name).")
@db_option
def import_(path: Path, programme: str | None, db_url: str | None) -> None:
    """Store a workbook as a new wave of its programme.

    PATH is an .xlsx file, a .zip of CSV files or a folder of CSV files. The
    workbook is validated first: if it has any error, every problem is listed,
    nothing is stored and the exit code is 1. Each import adds a wave; waves
    are never changed afterwards.

    \b
    Example:
      stakeholder-map import sample_data/kehila_metiva
      stakeholder-map import survey-2025.xlsx --programme "Kehila Metiva" --db team.db
    """
    from stakeholder_map.store.database import Store

    try:
        store = Store(db_url)
    except StakeholderMapError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    try:
        loaded = load(path, limits=read_limits()).map  # strict: InvalidWorkbook if any error
        assert loaded is not None
        wave = store.import_map(loaded, programme=programme, source_name=path.name)
    except InvalidWorkbook as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        click.echo(problem_table(exc.problems), err=True)
        click.echo(f"\nnot imported: the workbook has {len(errors)} error(s); fix them and "
                   "import again (nothing was stored)", err=True)
        sys.exit(1)
    except StakeholderMapError as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo("not imported (nothing was stored)", err=True)
        sys.exit(1)
    finally:
        store.dispose()
    click.echo(f"imported a new wave (id {wave.id})\n"
               f"programme: {wave.programme}\n"
               f"wave:      {wave.label}\n"
               f"actors:    {wave.actors}\n"
               f"ties:      {wave.ties}\n"
               f"database:  {store.shown_url}")
