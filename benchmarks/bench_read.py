"""Reading + validating synthetic workbooks: seconds and peak memory.

Reproduce with ``make bench``, or
``.venv/bin/python benchmarks/bench_read.py --sizes 10000 100000``.
Target (issue 2): 100k actors with 500k ties read and validated from CSV in
under 10 s and under 2 GB on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import measure

from stakeholder_map.workbook.synth import synthesize
from stakeholder_map.workbook.write import write_workbook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--ties-per-actor", type=float, default=5.0)
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"])
    args = parser.parse_args()
    print(f"{'actors':>8} {'ties':>8} {'format':>6} {'seconds':>8} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            t0 = time.perf_counter()
            smap = synthesize(n, seed=1, ties_per_actor=args.ties_per_actor)
            gen = time.perf_counter() - t0
            print(f"# generated {len(smap.actors)} actors / {len(smap.ties)} ties in {gen:.1f} s",
                  flush=True)
            for fmt in args.formats:
                target = Path(tmp) / (f"s{n}.xlsx" if fmt == "xlsx" else f"s{n}")
                write_workbook(smap, target)
                r = measure(f"""
                    from stakeholder_map import load
                    result = load({str(target)!r})
                    INFO = {{"actors": len(result.map.actors), "ties": len(result.map.ties),
                            "errors": len(result.errors)}}
                    """)
                info = r["info"]
                assert isinstance(info, dict) and info["errors"] == 0
                print(f"{info['actors']:>8} {info['ties']:>8} {fmt:>6} "
                      f"{r['seconds']:>8.2f} {r['peak_mib']:>9.0f}", flush=True)
            del smap


if __name__ == "__main__":
    main()
