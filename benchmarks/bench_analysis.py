"""Analysis speed and memory per stage and per part, with the budget's estimate beside each.

Reproduce with ``make bench`` or
``.venv/bin/python benchmarks/bench_analysis.py --sizes 1000 10000 100000``.

Each size runs in a fresh process on a synthetic programme (5 ties per actor unless
``--ties-per-actor``). The parts the memory budget knows
(:mod:`stakeholder_map.analysis.budget`: views, metrics, gaps, warm paths) run one
after another; for each, the peak memory it adds (resident memory of the process
plus the private memory of its worker processes, sampled every 10 ms, less the
resident memory when the part started) and its time are printed beside the
budget's estimate, so the model can be checked. The metrics' own stages are timed
too. Beside them, the same path-based measures (betweenness and closeness, exact)
in pure networkx for the sizes in ``--networkx-sizes`` — at 10k that alone takes
several minutes.

``--fit`` runs the sizes the budget's constants were fitted to and prints the
least-squares fit of bytes and seconds per actor and per edge for each part.

Targets (issue 3, 2-core machine): 1k — all metrics and gaps under 1 s;
10k — under 25 s exact and at least 15× faster than networkx alone;
100k — under 120 s (sampled betweenness/closeness) and under 4 GB.
Issue 10: the parts' measured peaks together at or under the budget's estimate (BASE included).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

FIT_RUNS = [(2_000, 5.0), (5_000, 5.0), (10_000, 5.0), (20_000, 5.0), (10_000, 20.0),
            (50_000, 5.0), (100_000, 1.0), (100_000, 5.0), (100_000, 10.0), (200_000, 5.0),
            (500_000, 5.0), (1_000_000, 0.0), (1_000_000, 2.0)]
"""(actors, ties per actor) of the runs the budget's constants were fitted to."""


def _pages(path: str, field: int) -> int:
    return int(Path(path).read_text().split()[field]) * os.sysconf("SC_PAGE_SIZE")


def _children() -> list[str]:
    pids: list[str] = []
    for task in Path("/proc/self/task").iterdir():
        with suppress(OSError):
            pids += (task / "children").read_text().split()
    return pids


def _private(pid: str) -> int:
    """Private (unshared) bytes of a worker process: what forking it really cost."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return sum(int(line.split()[1]) * 1024 for line in text.splitlines()
               if line.startswith(("Private_Clean:", "Private_Dirty:")))


def memory_now() -> int:
    """Resident bytes of this process plus the private bytes of its children."""
    return _pages("/proc/self/statm", 1) + sum(_private(pid) for pid in _children())


class Sampler:
    """Peak of :func:`memory_now` within each ``part`` block, sampled every 10 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            now = memory_now()
            with self.lock:
                self.peak = max(self.peak, now)
            time.sleep(0.01)

    @contextmanager
    def part(self, into: dict[str, dict[str, float]], name: str) -> Iterator[None]:
        start = memory_now()
        with self.lock:
            self.peak = start
        t0, cpu0 = time.perf_counter(), _cpu()
        yield
        seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
        with self.lock:
            peak = max(self.peak, memory_now())
        into[name] = {"bytes": peak - start, "seconds": seconds, "cpu": cpu}


def _cpu() -> float:
    """CPU seconds of this process and of its finished workers (unlike wall time, not
    lengthened by other programs competing for the cores)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def one(n: int, ties_per_actor: float, with_networkx: bool) -> dict[str, object]:
    """Run every part on a synthetic programme of ``n`` actors; return the numbers."""
    import networkx as nx

    from stakeholder_map.analysis import budget
    from stakeholder_map.analysis.gaps import find_gaps
    from stakeholder_map.analysis.metrics import compute_metrics
    from stakeholder_map.analysis.paths import warm_paths
    from stakeholder_map.analysis.views import build_views
    from stakeholder_map.workbook.synth import synthesize

    sampler = Sampler()
    smap = synthesize(n, seed=1, ties_per_actor=ties_per_actor)
    size = budget.Size.of(smap)
    parts: dict[str, dict[str, float]] = {}
    force = budget.Budget(force=True)  # measure whatever the machine has
    with sampler.part(parts, "views"):
        views = build_views(smap)
    chosen = budget.plan(size, ["metrics"], budget=force)
    with sampler.part(parts, "metrics"):
        metrics = compute_metrics(smap, views, budget=force)
    with sampler.part(parts, "gaps"):
        gaps = find_gaps(smap, metrics=metrics, views=views, budget=force)
    with sampler.part(parts, "paths"):
        paths = warm_paths(smap, views, budget=force)
    for name, got in parts.items():
        got["estimate"] = budget.estimate_memory(size, [name], chosen.workers) - budget.BASE
        got["estimate_seconds"] = budget.estimate_seconds(
            size, [name], sampled=chosen.sampled, sample_size=chosen.thresholds.sample_size,
            workers=chosen.workers)
    result: dict[str, object] = {
        "estimate": budget.estimate_memory(size, list(parts), chosen.workers),
        "sources": chosen.sources or size.actors,
        "actors": len(smap.actors), "ties": len(smap.ties), "edges": size.edges,
        "collab_edges": views.collaboration.number_of_edges(), "workers": chosen.workers,
        "sampled": metrics.network["sampled"], "gaps": len(gaps), "paths": len(paths),
        "stages": {k: v for k, v in metrics.timings.items() if k != "views"}, "parts": parts,
    }
    if with_networkx:
        g = views.collaboration
        nx_stages = {}
        t0 = time.perf_counter()
        nx.betweenness_centrality(g)
        nx_stages["betweenness"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        nx.closeness_centrality(g)
        nx_stages["closeness"] = time.perf_counter() - t0
        result["networkx"] = nx_stages
    return result


def run(n: int, ties_per_actor: float, with_networkx: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--one", str(n), "--ties-per-actor", str(ties_per_actor)]
    if with_networkx:
        cmd.append("--nx")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        raise SystemExit(1)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("@@"))
    result: dict[str, Any] = json.loads(line[2:])
    return result


def show(r: dict[str, Any]) -> None:
    mib = 2 ** 20
    print(f"\n== {r['actors']:,} actors, {r['ties']:,} ties ({r['edges']:,} edges for the "
          f"budget, {r['collab_edges']:,} collaboration edges), "
          f"{'betweenness/closeness SAMPLED' if r['sampled'] else 'exact'}, "
          f"{r['workers']} worker(s)")
    for stage, secs in r["stages"].items():
        print(f"  metrics: {stage:<40} {secs:8.2f} s")
    print(f"  {'part':<10} {'seconds':>9} {'cpu s':>9} {'estimate':>9} {'peak MiB':>9} "
          f"{'estimate':>9}   (estimates: budget's model, less BASE)")
    for name, p in r["parts"].items():
        print(f"  {name:<10} {p['seconds']:9.2f} {p['cpu']:9.2f} {p['estimate_seconds']:9.2f} "
              f"{p['bytes'] / mib:9.0f} {p['estimate'] / mib:9.0f}"
              f"{'   OVER' if p['bytes'] > p['estimate'] else ''}")
    total = sum(p["bytes"] for p in r["parts"].values())
    print(f"  {'all':<10} {sum(p['seconds'] for p in r['parts'].values()):9.2f} "
          f"{sum(p['cpu'] for p in r['parts'].values()):9.2f} "
          f"{sum(p['estimate_seconds'] for p in r['parts'].values()):9.2f} "
          f"{total / mib:9.0f} {r['estimate'] / mib:9.0f}   (sum of the parts' peaks; "
          f"estimate with BASE)")
    if "networkx" in r:
        ours = r["stages"]["betweenness"] + r["stages"]["closeness"]
        theirs = sum(r["networkx"].values())
        for stage, secs in r["networkx"].items():
            print(f"  networkx-only {stage:<31} {secs:8.2f} s   (ours "
                  f"{r['stages'][stage]:.2f} s)")
        print(f"  speed-up on betweenness + closeness: {theirs / ours:.0f}×")
    sys.stdout.flush()


def fit(results: list[dict[str, Any]]) -> None:
    """The budget's constants from the runs: bytes per actor and per edge of each part as the
    least upper envelope of the measured peaks of 20 MB or more (linear programming: no run
    above its estimate, the estimates as low as that allows; the metrics part less the workers'
    share of the model); CPU seconds by least squares (for metrics only the runs' linear part
    means anything: the search steps are timed on their own)."""
    import numpy as np
    from scipy.optimize import linprog

    from stakeholder_map.analysis import budget

    print("\nfit over the runs above, per actor and per edge:")
    for name in results[0]["parts"]:
        rows = [r for r in results if r["parts"][name]["bytes"] >= 20e6]
        x = np.array([[r["actors"], r["edges"]] for r in rows], dtype=float)
        y = np.array([r["parts"][name]["bytes"] for r in rows], dtype=float)
        if name == "metrics":
            y -= np.array([r["workers"] * (budget.WORKER_PER_ACTOR * r["actors"]
                                           + budget.WORKER_PER_EDGE * r["edges"])
                           if r["workers"] > 1 else 0 for r in rows])
        envelope = linprog((x / np.maximum(y, 1)[:, None]).sum(axis=0), A_ub=-x, b_ub=-y,
                           bounds=[(0, None), (0, None)]).x
        xs = np.array([[r["actors"], r["edges"]] for r in results], dtype=float)
        cpu = np.array([r["parts"][name]["cpu"] for r in results], dtype=float)
        seconds, *_ = np.linalg.lstsq(xs, cpu, rcond=None)
        print(f"  {name:<8} bytes {envelope[0]:8.0f} {envelope[1]:8.0f}   "
              f"(model {budget.PER_ACTOR[name]}, {budget.PER_EDGE[name]})   "
              f"cpu s {seconds[0]:10.3g} {seconds[1]:10.3g}   "
              f"(model {budget.SECONDS_PER_ACTOR[name]:g}, {budget.SECONDS_PER_EDGE[name]:g})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--ties-per-actor", type=float, default=5.0)
    parser.add_argument("--networkx-sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--fit", action="store_true",
                        help="run the sizes of the budget's fit and print the fitted constants")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--nx", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print("@@" + json.dumps(one(args.one, args.ties_per_actor, args.nx)))
        return
    runs: list[tuple[int, float]] = (FIT_RUNS if args.fit else
                                     [(n, args.ties_per_actor) for n in args.sizes])
    results = []
    for n, ties in runs:
        results.append(run(n, ties, not args.fit and n in args.networkx_sizes))
        show(results[-1])
    if args.fit:
        fit(results)


if __name__ == "__main__":
    main()
