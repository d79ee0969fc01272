"""``samples``: where the bundled sample programmes are, and a copy to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from stakeholder_map.samples import SAMPLES_DIR, sample_programmes

__all__ = ["samples"]


@click.command()
@click.option("--copy", "copy_to", type=click.Path(file_okay=False, path_type=Path),
              help="Copy the sample workbooks (and the broken one) into this folder.")
def samples(copy_to: Path | None) -> None:
    """List the bundled sample programmes, or copy them to a folder to try the commands on.

    \b
    Example:
      stakeholder-map samples
      stakeholder-map samples --copy my-samples
      stakeholder-map gaps my-samples/smolensk_volunteers
    """
    names = [*sample_programmes(), "broken"]
    if copy_to is None:
        for name in names:
            click.echo(f"{name:<22} {SAMPLES_DIR / name}")
        return
    copy_to.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = copy_to / name
        if target.exists():
            raise click.ClickException(f"{target} already exists: choose an empty folder")
    for name in names:
        shutil.copytree(SAMPLES_DIR / name, copy_to / name)
    shutil.copy2(SAMPLES_DIR / "README.md", copy_to / "README.md")
    click.echo(f"copied {len(names)} sample workbooks to {copy_to}")
