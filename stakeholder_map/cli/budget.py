"""``--max-memory``, ``--force`` and ``--exact``: what an analysis command may use (issue 10).

The options set a :class:`~stakeholder_map.analysis.budget.Budget` for everything the
command runs (:func:`stakeholder_map.analysis.budget.using`): the library's own checks
read it, so the readiness pack and the standalone map obey it too. :func:`require`
refuses before any work when the command as a whole cannot fit; the refusal is an
:class:`~stakeholder_map.errors.AnalysisTooLarge`, which the command group turns into
one line and exit 1.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import click

from stakeholder_map.analysis.thresholds import Thresholds
from stakeholder_map.model import StakeholderMap

__all__ = ["budget_options", "print_plan_notes", "require"]

Command = Callable[..., None]


def budget_options(*, exact: bool = True) -> Callable[[Command], Command]:
    """Add ``--max-memory GB`` and ``--force`` (and ``--exact`` unless ``exact=False``).

    The command runs inside the budget they describe; it receives none of them.
    """
    def decorate(command: Command) -> Command:
        @functools.wraps(command)
        def run(*args: Any, max_memory: float | None, force: bool, exact: bool = False,
                **kwargs: Any) -> None:
            from stakeholder_map.analysis.budget import GB, Budget, using

            limit = None if max_memory is None else round(max_memory * GB)
            with using(Budget(limit, force, exact)):
                command(*args, **kwargs)

        options = [
            click.option("--max-memory", type=click.FloatRange(0, min_open=True), metavar="GB",
                         envvar="STAKEHOLDER_MAP_MAX_MEMORY", show_envvar=True,
                         help="Memory the analysis may use, in GB (1 GB = 10^9 bytes) "
                              "[default: 80% of what is free]; a map estimated to need more "
                              "is refused before any work."),
            click.option("--force", is_flag=True,
                         help="Start the analysis whatever the memory estimate says."),
        ]
        if exact:
            options.append(click.option(
                "--exact", is_flag=True,
                help="Exact betweenness, closeness and average path length however large "
                     "the map and however long they take [default: estimated from a sample "
                     "above --sample-above actors or 10 minutes]."))
        for option in reversed(options):
            run = option(run)
        return run

    return decorate


def require(maps: Sequence[StakeholderMap], parts: Sequence[str],
            thresholds: Thresholds | None = None) -> None:
    """Refuse (``AnalysisTooLarge``) before any work when ``parts`` of ``maps`` cannot fit."""
    from stakeholder_map.analysis.budget import require as check
    from stakeholder_map.analysis.thresholds import DEFAULTS

    check(maps, parts, thresholds or DEFAULTS)


def print_plan_notes(smap: StakeholderMap, thresholds: Thresholds | None = None,
                     prefix: str = "") -> None:
    """Print on stderr what the metrics of ``smap`` will do (sampled, one core), as ``note:`` lines.

    For commands whose result does not carry the metrics' own notes (report, compare).
    """
    from stakeholder_map.analysis.budget import plan
    from stakeholder_map.analysis.thresholds import DEFAULTS

    for note in plan(smap, ("views", "metrics"), thresholds or DEFAULTS).notes():
        click.echo(f"note: {prefix}{note}", err=True)
