"""How much memory and time an analysis needs, decided before it starts.

A map large enough to exhaust the machine is refused with one line saying the
estimate, the memory there is and how to override; one whose exact path-based
measures would take too long is sampled, with a note saying so. An analysis
never starts what it cannot finish (issue 10: ``metrics`` on a million actors
ended in a ``MemoryError`` after ``validate`` had accepted the workbook).

The model
---------
The map's size is its actors ``n`` and its edges ``e``: every tie, plus every
pair of parties of one agreement and of members of one forum (the collaboration
view links them: k actors make k(k − 1)/2 pairs). Each part of an analysis
needs memory in proportion to them, measured as the peak resident memory it
adds to the process (``benchmarks/bench_analysis.py`` prints the measured peak
beside this estimate for each size)::

    bytes = BASE + Σ_part (PER_ACTOR[part] · n + PER_EDGE[part] · e)
                 + (workers if workers > 1 else 0) · (WORKER_PER_ACTOR · n + WORKER_PER_EDGE · e)

the last term only when ``metrics`` is among the parts.

The parts are ``views`` (the networkx graphs), ``metrics``
(:func:`~stakeholder_map.analysis.metrics.compute_metrics` given the views),
``gaps`` (:func:`~stakeholder_map.analysis.gaps.find_gaps` given metrics and
views, warm paths included) and ``paths``
(:func:`~stakeholder_map.analysis.paths.warm_paths` given the views). Parts
run one after another and their peaks are added, so the sum errs on the high
side. With more than one worker process, betweenness runs in forked workers,
each holding a copy of the collaboration graph. The map itself is not counted:
it is already in memory when the estimate is made. Sampled measures need no
more memory than exact ones (their distances are asked for in batches of at
most 2**20, inside ``BASE``): sampling saves time, not memory.

Time has a linear part and the path-based measures: a breadth-first search from
every actor when exact, from ``k = thresholds.sample_size`` sampled ones when
not, plus, when sampled, the distances from the ``k`` sampled actors and from
100 more for the average path length, handed back through Python lists::

    seconds = Σ_part (SECONDS_PER_ACTOR[part] · n + SECONDS_PER_EDGE[part] · e)
              + SECONDS_PER_STEP[mode] · sources · (n + e) / workers
              + (SECONDS_PER_DISTANCE · (k + 100) · n when sampled)

Where the constants come from: ``bench_analysis.py --fit`` measured every part's
peak memory and CPU time on synthetic maps of 2,000 to 1,000,000 actors with 0
to 20 ties per actor (2-core reference machine, 2026-12-02; benchmarks/README.md
has the table). The bytes are an upper envelope of those runs (no estimate
below a measured peak of 20 MB or more, rounded up), the workers' share measured
on its own at 100,000, 200,000 and 1,000,000 actors; the seconds are least
squares rounded up, the search steps timed on one core at 10,000–20,000 actors
(exact) and 1,000,000 (sampled, whose graph no longer fits the processor's
caches). Time is an estimate for messages and for the switch to sampling, run
to run it varies by ±30 % on a shared machine; memory decides whether an
analysis may start.

The policy
----------
:func:`plan` tries, in order: exact measures on every core, exact on one core,
sampled on every core, sampled on one core. Exact is tried only when the map
has at most ``thresholds.sample_above`` actors and the exact measures are
estimated to take at most ``Budget.max_seconds`` (:data:`EXACT_SECONDS`, 10
minutes, by default; ``Budget.exact`` insists on exact, whatever the time);
sampled is tried only when exact was not asked for.
The first whose memory estimate is at most the memory available is chosen;
when none is, :class:`~stakeholder_map.errors.AnalysisTooLarge` is raised.
The memory available is ``Budget.max_memory`` when given (taken as is),
otherwise :data:`SAFETY` times the least of: the address-space limit
(``RLIMIT_AS``, less what the process already uses), the control group's
memory limit (less its use) and the system's ``MemAvailable``.
``Budget.force`` starts the analysis whatever the estimate.

The command line's ``--max-memory``, ``--force`` and ``--exact`` set a
:class:`Budget` for everything one command runs (:func:`using`); library
callers pass ``budget=`` or set one the same way.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from stakeholder_map.analysis.centrality import PARALLEL_ABOVE, max_workers
from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds
from stakeholder_map.errors import AnalysisTooLarge
from stakeholder_map.model import StakeholderMap

__all__ = [
    "APL_SOURCES",
    "BASE",
    "EXACT_SECONDS",
    "GB",
    "MAX_MEMORY_ENV",
    "PARTS",
    "SAFETY",
    "Available",
    "Budget",
    "Plan",
    "Size",
    "available_memory",
    "current",
    "estimate_memory",
    "estimate_seconds",
    "path_seconds",
    "plan",
    "require",
    "using",
]

PARTS = ("views", "metrics", "gaps", "paths")
"""The parts of an analysis the model knows, in the order they run."""

GB = 1_000_000_000
MB = 1_000_000

BASE = 64 * MB
"""Bytes any analysis needs beside the map's share (scratch of pandas, numpy, igraph)."""

PER_ACTOR = {"views": 850, "metrics": 700, "gaps": 1_600, "paths": 250}
"""Bytes per actor of each part (fitted: see the module docstring)."""

PER_EDGE = {"views": 230, "metrics": 150, "gaps": 100, "paths": 100}
"""Bytes per edge (tie or co-party/co-member pair) of each part."""

WORKER_PER_ACTOR = 210
"""Bytes per actor of each worker process of betweenness and closeness."""

WORKER_PER_EDGE = 160
"""Bytes per edge of each worker process (its copy of the collaboration graph)."""

SECONDS_PER_ACTOR = {"views": 3e-6, "metrics": 1e-4, "gaps": 5e-5, "paths": 1e-5}
"""Seconds per actor of each part, besides the path-based searches."""

SECONDS_PER_EDGE = {"views": 7e-6, "metrics": 1e-5, "gaps": 1.5e-5, "paths": 1e-5}
"""Seconds per edge of each part, besides the path-based searches."""

SECONDS_PER_STEP = {"exact": 2.5e-8, "sampled": 9e-8}
"""Seconds per (source, actor or edge) step of betweenness' searches, on one core: on maps
small enough for exact measures (10,000–20,000 actors, whose graph stays in the processor's
caches) and on the large maps that are sampled (1,000,000 actors)."""

SECONDS_PER_DISTANCE = 3.5e-7
"""Seconds per distance from a sampled source (closeness and the average path length): the
search and the list igraph hands back through Python."""

APL_SOURCES = 100
"""Sources of the sampled average path length (as :mod:`metrics` draws them)."""

EXACT_SECONDS = 600.0
"""Above this estimate the exact path-based measures are sampled instead (unless asked):
the default of ``Budget.max_seconds``."""

SAFETY = 0.8
"""Share of the memory found available that an analysis may plan to use."""


@dataclass(frozen=True)
class Size:
    """What the estimates read from a map: its actors and its edges (see the module docstring)."""

    actors: int
    edges: int

    @classmethod
    def of(cls, smap: StakeholderMap) -> Size:
        """The size of ``smap``: every tie, and every pair of co-parties and co-members.

        >>> from stakeholder_map.workbook.synth import synthesize
        >>> Size.of(synthesize(10, ties_per_actor=2.0)).actors
        10
        """
        groups: Iterable[int] = (
            *(len({p.actor for p in g.parties}) for g in smap.agreements),
            *(len({m.actor for m in f.members}) for f in smap.forums))
        pairs = sum(k * (k - 1) // 2 for k in groups)
        return cls(len(smap.actors), len(smap.ties) + pairs)

    def __str__(self) -> str:
        return f"{self.actors:,} actors, {self.edges:,} ties and co-member pairs"


@dataclass(frozen=True)
class Budget:
    """What the user allows: ``--max-memory`` (bytes), ``--force`` and ``--exact``.

    ``max_seconds``: exact path-based measures estimated to take longer are sampled.
    """

    max_memory: int | None = None
    force: bool = False
    exact: bool = False
    max_seconds: float = EXACT_SECONDS


@dataclass(frozen=True)
class Available:
    """Memory an analysis may use, in bytes (``None``: unknown), and where the number comes from."""

    bytes: int | None
    source: str


@dataclass(frozen=True)
class Plan:
    """What :func:`plan` chose: exact or sampled, how many worker processes, and the estimates."""

    sampled: bool
    workers: int
    memory: int
    seconds: float
    exact_seconds: float
    available: Available
    size: Size
    thresholds: Thresholds = DEFAULTS
    cores: int = 1
    """Worker processes the path-based measures would use with memory to spare."""
    max_seconds: float = EXACT_SECONDS

    @property
    def sources(self) -> int:
        """Sampled source actors of betweenness and closeness (0 when exact)."""
        return min(self.thresholds.sample_size, self.size.actors) if self.sampled else 0

    def notes(self) -> list[str]:
        """What was chosen and why, and how to override, one line each ([] when unremarkable)."""
        t, n = self.thresholds, self.size.actors
        cost = f"estimated {_gb(self.memory)} and {_duration(self.seconds)}"
        out = []
        if self.sampled:
            why = (f"the map has {n:,} actors, more than --sample-above {t.sample_above:,}"
                   if n > t.sample_above else
                   f"exact values would take more than {_duration(self.max_seconds)}")
            out.append(f"betweenness and closeness are estimates from {self.sources} sampled "
                       f"actors, the average path length from {min(self.sources, APL_SOURCES)}: "
                       f"{why} ({cost}; exact would take about "
                       f"{_duration(self.exact_seconds)}); --exact gives exact values")
        elif self.exact_seconds > SLOW_SECONDS:
            out.append(f"exact betweenness and closeness of {n:,} actors: {cost} "
                       f"(--sample-above {max(n - 1, 0)} estimates them faster)")
        if self.workers < self.cores:
            out.append(f"betweenness and closeness run on one core instead of {self.cores}, "
                       f"to stay within the {_gb(self.available.bytes or 0)} available "
                       f"({self.available.source}; {cost}; --max-memory GB allows more)")
        return out


SLOW_SECONDS = 60.0
"""Exact measures estimated to take longer than this get a note with the estimate."""


_BUDGET: ContextVar[Budget | None] = ContextVar("stakeholder_map_budget", default=None)


MAX_MEMORY_ENV = "STAKEHOLDER_MAP_MAX_MEMORY"
"""Environment variable giving the default ``max_memory`` in GB (for the dashboard, say)."""


def current() -> Budget:
    """The budget in force: the one :func:`using` set, else the memory of
    ``STAKEHOLDER_MAP_MAX_MEMORY`` (GB) if set, else what the machine has."""
    chosen = _BUDGET.get()
    if chosen is not None:
        return chosen
    text = os.environ.get(MAX_MEMORY_ENV, "").strip()
    if not text:
        return Budget()
    try:
        gigabytes = float(text)
    except ValueError:
        gigabytes = math.nan
    if not (math.isfinite(gigabytes) and gigabytes > 0):
        raise AnalysisTooLarge(f"{MAX_MEMORY_ENV}={text!r}: give the memory an analysis may use "
                               "as a number of GB above 0, e.g. 4 or 0.5, or unset it")
    return Budget(max_memory=round(gigabytes * GB))


@contextlib.contextmanager
def using(budget: Budget) -> Iterator[Budget]:
    """Make ``budget`` the one every analysis in this block (and thread) runs under."""
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def estimate_memory(size: Size, parts: Sequence[str], workers: int = 1) -> int:
    """Peak bytes the ``parts`` add, with ``workers`` processes for the path-based measures.

    >>> estimate_memory(Size(1_000, 5_000), ["views"])
    66000000
    """
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        raise ValueError(f"unknown part(s) {unknown}; the parts are {', '.join(PARTS)}")
    total = BASE + sum(PER_ACTOR[p] * size.actors + PER_EDGE[p] * size.edges for p in parts)
    if workers > 1 and "metrics" in parts:
        total += workers * (WORKER_PER_ACTOR * size.actors + WORKER_PER_EDGE * size.edges)
    return total


def estimate_seconds(size: Size, parts: Sequence[str], *, sampled: bool, sample_size: int,
                     workers: int = 1) -> float:
    """Seconds the ``parts`` take (exact or ``sampled`` path-based measures), on an idle machine.

    >>> round(estimate_seconds(Size(10_000, 50_000), ["metrics"], sampled=False,
    ...                        sample_size=500, workers=2), 1)
    9.0
    """
    n, e = size.actors, size.edges
    seconds = sum(SECONDS_PER_ACTOR[p] * n + SECONDS_PER_EDGE[p] * e for p in parts)
    if "metrics" in parts:
        seconds += path_seconds(size, sampled=sampled, sample_size=sample_size, workers=workers)
    return seconds


def path_seconds(size: Size, *, sampled: bool, sample_size: int, workers: int = 1) -> float:
    """Seconds of betweenness, closeness and the average path length alone (their searches).

    >>> path_seconds(Size(10_000, 50_000), sampled=False, sample_size=500, workers=2)
    7.5
    """
    n, e = size.actors, size.edges
    sources = min(sample_size, n) if sampled else n
    step = SECONDS_PER_STEP["sampled" if sampled else "exact"]
    seconds = step * sources * (n + e) / max(workers, 1)
    if sampled:
        seconds += SECONDS_PER_DISTANCE * (sources + min(sources, APL_SOURCES)) * n
    return seconds


def available_memory(budget: Budget | None = None) -> Available:
    """Memory an analysis may plan to use now (see the module docstring for where it comes from)."""
    budget = budget or current()
    if budget.max_memory is not None:
        return Available(budget.max_memory, f"--max-memory {_gb(budget.max_memory)}")
    found = [f for f in (_address_space(), _cgroup(), _mem_available()) if f is not None]
    if not found:
        return Available(None, "unknown on this system")
    free, source = min(found)
    return Available(max(0, int(free * SAFETY)),
                     f"{SAFETY:.0%} of the {_gb(free)} free under {source}")


def plan(smap: StakeholderMap | Size, parts: Sequence[str],
         thresholds: Thresholds = DEFAULTS, budget: Budget | None = None) -> Plan:
    """Choose how to run ``parts`` on ``smap`` within the budget, or raise ``AnalysisTooLarge``.

    The order of the choices and the rules are in the module docstring.
    """
    budget = budget or current()
    size = smap if isinstance(smap, Size) else Size.of(smap)
    cores = _cores(size.actors) if "metrics" in parts else 1
    k = thresholds.sample_size
    exact_seconds = path_seconds(size, sampled=False, sample_size=k, workers=cores)
    if budget.exact:
        modes = [False]
    elif size.actors > thresholds.sample_above or exact_seconds > budget.max_seconds:
        modes = [True]
    else:
        modes = [False, True]
    available = available_memory(budget)
    least: int | None = None
    for sampled in modes:
        for workers in dict.fromkeys((cores, 1)):
            memory = estimate_memory(size, parts, workers)
            least = memory if least is None else min(least, memory)
            if budget.force or available.bytes is None or memory <= available.bytes:
                seconds = estimate_seconds(size, parts, sampled=sampled, sample_size=k,
                                           workers=workers)
                return Plan(sampled, workers, memory, seconds, exact_seconds, available, size,
                            thresholds, cores, budget.max_seconds)
    assert least is not None
    raise AnalysisTooLarge(_refusal(size, parts, least, available))


def require(maps: Sequence[StakeholderMap], parts: Sequence[str],
            thresholds: Thresholds = DEFAULTS, budget: Budget | None = None) -> None:
    """Refuse before any work when analysing every map of ``maps`` (one after another) cannot fit.

    The estimate is the sum of each map's leanest plan; ``budget.force`` skips the check.
    """
    budget = budget or current()
    if budget.force:
        return
    sizes = [Size.of(m) for m in maps]
    if len(sizes) == 1:
        plan(sizes[0], parts, thresholds, budget)
        return
    total = Size(sum(s.actors for s in sizes), sum(s.edges for s in sizes))
    least = sum(estimate_memory(s, parts, 1) for s in sizes) - BASE * (len(sizes) - 1)
    available = available_memory(budget)
    if available.bytes is not None and least > available.bytes:
        raise AnalysisTooLarge(_refusal(total, parts, least, available))


_WHAT = {"views": "its graphs", "metrics": "metrics", "gaps": "gaps",
         "paths": "warm paths"}


def _refusal(size: Size, parts: Sequence[str], need: int, available: Available) -> str:
    asked = max(math.ceil(need / GB * 10) / 10, 0.1)
    what = [_WHAT[p] for p in parts]
    listed = ", ".join(what[:-1]) + " and " + what[-1] if len(what) > 1 else what[0]
    return (f"this map ({size}) needs about {_gb(need)} of memory for {listed}, more than "
            f"the {_gb(available.bytes or 0)} available ({available.source}): analyse a "
            f"smaller map or on a machine with more memory, or pass --max-memory {asked:g} (or set "
            f"{MAX_MEMORY_ENV}={asked:g}) to allow {asked:g} GB; --force skips this check")


def _gb(count: int | float) -> str:
    return f"{count / GB:.1f} GB" if count >= GB else f"{count / MB:.0f} MB"


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under 1 s"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def _cores(actors: int) -> int:
    """Worker processes betweenness and closeness would use on a map of ``actors``."""
    if actors <= PARALLEL_ABOVE or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max_workers()


# --- memory the system has --------------------------------------------------------------


def _address_space() -> tuple[int, str] | None:
    """Room under ``RLIMIT_AS`` (``ulimit -v``): the limit less this process's virtual size."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    used = _status_kb("VmSize")
    if used is None:
        return None
    return soft - used * 1024, f"the address-space limit (ulimit -v) of {_gb(soft)}"


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _read_int(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _cgroup() -> tuple[int, str] | None:
    """Room under this process's control-group memory limit (v2 ``memory.max``, v1 ``limit``)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, where = line.split(":", 2)
        if controllers == "":  # cgroup v2
            folder = Path("/sys/fs/cgroup") / where.lstrip("/")
            names = ("memory.max", "memory.current", "inactive_file")
        elif "memory" in controllers.split(","):  # cgroup v1
            folder = Path("/sys/fs/cgroup/memory") / where.lstrip("/")
            names = ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file")
        else:
            continue
        limit, usage = _read_int(folder / names[0]), _read_int(folder / names[1])
        if limit is None or usage is None or limit >= 1 << 60:
            continue
        reclaimable = _stat(folder / "memory.stat", names[2])
        return limit - usage + reclaimable, f"the control group's memory limit of {_gb(limit)}"
    return None


def _stat(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            name, _, value = line.partition(" ")
            if name == key and value.strip().isdigit():
                return int(value)
    except OSError:
        pass
    return 0


def _mem_available() -> tuple[int, str] | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024, "MemAvailable (/proc/meminfo)"
    except (OSError, ValueError, IndexError):
        return None
    return None

