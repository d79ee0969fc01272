"""What every command shares: loading a workbook for analysis, problem tables, progress,
and the options several commands take (``--skip-invalid``, ``--sample-above``, pseudonymisation).

Domain errors become a friendly message here, at the command line's edge, and nowhere else.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from stakeholder_map.analysis.thresholds import Thresholds
from stakeholder_map.cli.limits import read_limits
from stakeholder_map.errors import Problem, StakeholderMapError, UnsupportedFormat
from stakeholder_map.model import StakeholderMap
from stakeholder_map.workbook.validate import load

__all__ = [
    "Sharing",
    "check_suffix",
    "exact_option",
    "load_for_analysis",
    "problem_table",
    "progress_printer",
    "sharing_options",
    "skip_option",
    "thresholds_for",
    "weighted_option",
]


def problem_table(problems: Sequence[Problem]) -> str:
    """Problems as an aligned text table a person can scan."""
    head = ("level", "sheet", "row", "column", "value", "problem")
    rows = [head]
    for p in problems:
        detail = p.message
        if p.expected:
            detail += f"; expected {p.expected}"
        if p.suggestion:
            detail += f"; {p.suggestion}"
        value = p.value if len(p.value) <= 30 else p.value[:29] + "…"
        rows.append((p.severity, p.sheet, "" if p.row is None else str(p.row),
                     p.column or "", value, detail))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head) - 1)]
    lines = []
    for r in rows:
        cells = [r[i].ljust(widths[i]) for i in range(len(widths))]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    return "\n".join(lines)


PROGRESS_ABOVE = 2_000
"""Maps with more actors than this print each analysis stage as it starts."""


def load_for_analysis(path: Path, skip_invalid: bool) -> StakeholderMap:
    """Load a valid workbook or exit 1 with every problem (bad rows skipped only if asked)."""

    try:
        result = load(path, strict=False, skip_invalid=skip_invalid, limits=read_limits())
    except StakeholderMapError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if result.map is None:
        click.echo(problem_table(result.problems), err=True)
        click.echo(f"\nthe workbook has {len(result.errors)} error(s): fix them, or pass "
                   "--skip-invalid to analyse without the bad rows", err=True)
        sys.exit(1)
    skipped = [p for p in result.warnings if "skipped" in p.message]
    if skipped:
        click.echo(f"warning: {len(skipped)} row(s) left out:", err=True)
        click.echo(problem_table(skipped), err=True)
    return result.map


def progress_printer(smap: StakeholderMap) -> Callable[[str], None] | None:
    """Stage-by-stage progress on stderr for maps large enough to take more than a second."""
    if len(smap.actors) <= PROGRESS_ABOVE:
        return None
    start = time.perf_counter()

    def show(stage: str) -> None:
        click.echo(f"  [{time.perf_counter() - start:6.1f} s] {stage}…", err=True)

    return show


def thresholds_for(sample_above: int | None) -> Thresholds:
    return Thresholds() if sample_above is None else Thresholds(sample_above=sample_above)


skip_option = click.option("--skip-invalid", is_flag=True,
                           help="Analyse without the bad rows (each is named) instead of refusing.")
exact_option = click.option("--sample-above", type=click.IntRange(0), default=None,
                            help="Estimate betweenness/closeness from a sample above this many "
                                 "actors [default: 20000].")
weighted_option = click.option("--weighted", is_flag=True,
                               help="Use tie weights in Burt's effective size and constraint "
                                    "(the collaboration view's summed weights) [default: "
                                    "unweighted].")


@dataclass(frozen=True)
class Sharing:
    """What ``--pseudonymise``, ``--pseudonymise-all``, ``--key``, ``--keep-sensitive``,
    ``--keep-titles`` and ``--keep-column`` asked."""

    pseudonymise: bool = False
    everyone: bool = False
    key: str | None = None
    keep_sensitive: bool = False
    keep_titles: bool = False
    keep_columns: tuple[str, ...] = ()

    def apply(self, smap: StakeholderMap) -> StakeholderMap:
        """The map to analyse: pseudonymised when asked (with a note on stderr), else as is.

        A ``--keep-column`` no sheet has is a usage error (exit 2) listing the columns there are.
        """
        if not self.pseudonymise:
            return smap
        from stakeholder_map.model import ActorKind
        from stakeholder_map.outputs.pseudonymise import UnknownColumn, kept_columns, pseudonymise

        assert self.key is not None
        try:
            kept = kept_columns(smap, self.keep_columns)
        except UnknownColumn as exc:
            raise click.BadParameter(str(exc), param_hint="--keep-column") from None
        try:
            shared = pseudonymise(smap, self.key, everyone=self.everyone,
                                  keep_sensitive=self.keep_sensitive,
                                  keep_titles=self.keep_titles, keep_columns=self.keep_columns)
        except StakeholderMapError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(self._note(sum(a.kind is ActorKind.PERSON for a in smap.actors), kept),
                   err=True)
        return shared

    def _note(self, people: int, kept: dict[str, frozenset[str]]) -> str:
        """What was done, in one line for stderr."""
        who = "every actor" if self.everyone else f"{people} people"
        whose = "" if self.everyone else "people's "
        parts = [f"pseudonymised {who}",
                 f"notes, {whose}roles, tags, regions and responsibilities dropped"]
        columns = sorted(f"{sheet}.{c}" for sheet, cs in kept.items() for c in cs)
        parts.append("your own columns dropped" + (
            f" except {', '.join(columns)}" if columns else " (--keep-column NAME keeps one)"))
        parts.append("agreement, forum and programme names kept, scrubbed of pseudonymised "
                     "names" if self.keep_titles else
                     "agreements, forums and the programme coded (--keep-titles keeps their "
                     "names)")
        if not self.keep_sensitive:
            parts.append("tension ties, burned flags and people's parent organisations left "
                         f"out, {whose}influence ratings banded (--keep-sensitive keeps them)")
        return "; ".join(parts)


def sharing_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add the pseudonymisation options; the command receives them as ``sharing``."""

    @functools.wraps(command)
    def run(*args: Any, pseudonymise: bool, pseudonymise_all: bool, key: str | None,
            keep_sensitive: bool, keep_titles: bool, keep_columns: tuple[str, ...],
            **kwargs: Any) -> None:
        from stakeholder_map.outputs.pseudonymise import KEY_ENV, check_key

        wanted = pseudonymise or pseudonymise_all
        ctx = click.get_current_context()
        typed = ctx.get_parameter_source("key") is click.core.ParameterSource.COMMANDLINE
        if wanted and not key:
            raise click.UsageError(f"--pseudonymise needs a key: pass --key KEY or set {KEY_ENV} "
                                   "(keep it private; the same key gives the same pseudonyms "
                                   "in every wave; make one with `stakeholder-map key new`)")
        if wanted:
            assert key is not None
            try:  # before any work: a weak key is a usage error, like a missing one
                check_key(key)
            except StakeholderMapError as exc:
                raise click.UsageError(str(exc)) from None
        idle = [name for name, given in (("--key", typed), ("--keep-sensitive", keep_sensitive),
                                         ("--keep-titles", keep_titles),
                                         ("--keep-column", bool(keep_columns))) if given]
        if not wanted and idle:
            raise click.UsageError(f"{', '.join(idle)} only act with --pseudonymise or "
                                   "--pseudonymise-all: add one, or nothing is pseudonymised")
        command(*args, sharing=Sharing(wanted, pseudonymise_all, key, keep_sensitive,
                                       keep_titles, keep_columns), **kwargs)

    options = [
        click.option("--pseudonymise", is_flag=True,
                     help="Replace people's ids and names by stable pseudonyms and agreements, "
                          "forums and the programme by codes. Only the documented fields "
                          "leave: notes, people's roles, tags and regions and your own columns "
                          "are dropped; people's parent organisations, tension ties and "
                          "burned flags are left out and influence ratings banded."),
        click.option("--pseudonymise-all", is_flag=True,
                     help="As --pseudonymise, for organisations too."),
        click.option("--key", metavar="KEY", envvar="STAKEHOLDER_MAP_KEY",
                     help="Private key the pseudonyms derive from [env STAKEHOLDER_MAP_KEY]: "
                          "at least 16 characters, 8 of them different (`stakeholder-map key "
                          "new` makes one); the same key gives the same pseudonyms in every "
                          "wave."),
        click.option("--keep-sensitive", is_flag=True,
                     help="With --pseudonymise: keep tension ties, burned flags, people's "
                          "parent organisations and exact influence ratings."),
        click.option("--keep-titles", is_flag=True,
                     help="With --pseudonymise: keep agreement titles, forum names, their ids "
                          "and kinds and the programme name (scrubbed of pseudonymised "
                          "names) instead of codes."),
        click.option("--keep-column", "keep_columns", multiple=True, metavar="NAME",
                     help="With --pseudonymise: keep this column of your own (repeatable; "
                          "SHEET.NAME for one sheet's, e.g. ties.introduced_by); its text is "
                          "scrubbed of pseudonymised names."),
    ]
    for option in reversed(options):
        run = option(run)
    return run


def check_suffix(output: Path | None, allowed: Sequence[str], what: str) -> None:
    """Refuse ``-o`` before any work when its suffix is not one ``what`` can be written as."""
    if output is not None and output.suffix.lower() not in allowed:
        raise click.BadParameter(str(UnsupportedFormat(output.name, allowed, what)),
                                 param_hint="-o")
