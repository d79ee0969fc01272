"""Analysis speed and memory per stage, with the networkx-only time beside ours.

Reproduce with ``make bench`` or
``.venv/bin/python benchmarks/bench_analysis.py --sizes 1000 10000 100000``.

Each size runs in a fresh process (so peak memory is that size's alone) on a
synthetic programme with 5 ties per actor. Stages: build views, each metric
group, gaps (with warm paths), warm paths alone. Beside them, the same
path-based measures (betweenness and closeness, exact) in pure networkx for
the sizes in ``--networkx-sizes`` — at 10k that alone takes several minutes.

Targets (issue 3, 2-core machine): 1k — all metrics and gaps under 1 s;
10k — under 25 s exact and at least 15× faster than networkx alone;
100k — under 120 s (sampled betweenness/closeness) and under 4 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def one(n: int, with_networkx: bool) -> dict[str, object]:
    """Run every stage on a synthetic programme of ``n`` actors; return the numbers."""
    import networkx as nx

    from stakeholder_map.analysis.gaps import find_gaps
    from stakeholder_map.analysis.metrics import compute_metrics
    from stakeholder_map.analysis.paths import warm_paths
    from stakeholder_map.analysis.views import build_views
    from stakeholder_map.workbook.synth import synthesize

    smap = synthesize(n, seed=1, ties_per_actor=5.0)
    stages: dict[str, float] = {}
    t0 = time.perf_counter()
    views = build_views(smap)
    stages["build views"] = time.perf_counter() - t0
    metrics = compute_metrics(smap, views)
    stages.update({k: v for k, v in metrics.timings.items() if k != "views"})
    t0 = time.perf_counter()
    gaps = find_gaps(smap, metrics=metrics, views=views)
    stages["gaps (incl. warm paths)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    paths = warm_paths(smap, views)
    stages["warm paths alone"] = time.perf_counter() - t0
    total = sum(v for k, v in stages.items() if k != "warm paths alone")
    result: dict[str, object] = {
        "actors": len(smap.actors), "ties": len(smap.ties),
        "collab_edges": views.collaboration.number_of_edges(),
        "sampled": metrics.network["sampled"], "gaps": len(gaps), "paths": len(paths),
        "stages": stages, "total": total,
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
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--networkx-sizes", type=int, nargs="*", default=[1_000, 10_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--nx", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print("@@" + json.dumps(one(args.one, args.nx)))
        return
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n)]
        if n in args.networkx_sizes:
            cmd.append("--nx")
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(proc.stderr[-3000:])
            raise SystemExit(1)
        r = json.loads(next(x for x in proc.stdout.splitlines() if x.startswith("@@"))[2:])
        print(f"\n== {r['actors']} actors, {r['ties']} ties ({r['collab_edges']} collaboration "
              f"edges){', betweenness/closeness SAMPLED' if r['sampled'] else ', exact'}")
        for stage, secs in r["stages"].items():
            print(f"  {stage:<45} {secs:8.2f} s")
        print(f"  {'TOTAL metrics + gaps':<45} {r['total']:8.2f} s   peak {r['peak_mib']:.0f} MiB")
        if "networkx" in r:
            ours = r["stages"]["betweenness"] + r["stages"]["closeness"]
            theirs = sum(r["networkx"].values())
            for stage, secs in r["networkx"].items():
                print(f"  networkx-only {stage:<31} {secs:8.2f} s   (ours "
                      f"{r['stages'][stage]:.2f} s)")
            print(f"  speed-up on betweenness + closeness: {theirs / ours:.0f}×; "
                  f"whole analysis vs networkx path measures alone: {theirs / r['total']:.1f}×")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
