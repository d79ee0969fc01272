"""Run one Python snippet in a fresh process; report its wall time and peak memory.

A fresh process per measurement keeps one stage's memory out of the next's
numbers; peak memory is the child's maximum resident set size.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

__all__ = ["measure"]

_WRAPPER = """
import json, resource, sys, time
t0 = time.perf_counter()
{body}
elapsed = time.perf_counter() - t0
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("@@" + json.dumps({{"seconds": elapsed, "peak_mib": peak_mib, "info": INFO}}))
"""


def measure(body: str) -> dict[str, object]:
    """``body`` runs timed; it must set a JSON-able ``INFO``. Returns seconds, peak MiB, info."""
    code = _WRAPPER.format(body=textwrap.indent(textwrap.dedent(body), ""))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    line = next(x for x in proc.stdout.splitlines() if x.startswith("@@"))
    result: dict[str, object] = json.loads(line[2:])
    return result
