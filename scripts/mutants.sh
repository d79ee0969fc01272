#!/usr/bin/env bash
# Mutation testing with mutmut 3 (`make mutants`): how many one-line changes to the gap
# finders, brokerage, pseudonymisation and safe CSV/xlsx output the tests notice.
#
#   bash scripts/mutants.sh            # reuse mutants/ from the last run: new or changed
#                                      # functions are mutated and tested, and every mutant
#                                      # that survived last time is tested again
#   bash scripts/mutants.sh --fresh    # delete mutants/ first (tens of minutes on 2 cores)
#   MUTANTS_JOBS=1 bash scripts/mutants.sh   # worker processes (default: every core)
#
# What is mutated and which tests run: [tool.mutmut] in pyproject.toml. mutmut copies the
# package and the tests into mutants/ (git-ignored) and runs pytest there; the source
# tree is not touched. Prints, per module, killed / total and the surviving mutants
# (see one with `.venv/bin/mutmut show NAME`), and exits 0 whatever the score; it exits
# non-zero only when mutmut itself cannot run (e.g. the tests fail without any mutant).
set -euo pipefail
cd "$(dirname "$0")/.."
MUTMUT="${MUTMUT:-.venv/bin/mutmut}"
PYTHON="${PYTHON:-.venv/bin/python}"
JOBS="${MUTANTS_JOBS:-$(nproc 2>/dev/null || echo 2)}"
LOG=mutants/run.log

if [ "${1:-}" = "--fresh" ]; then
  rm -rf mutants
fi
had_results=0
if ls mutants/stakeholder_map/*/*.py.meta >/dev/null 2>&1; then
  had_results=1
  # which tests reach which function: mutmut re-measures this only for tests with new
  # names, so a test that changed would not be run against the mutants it now reaches.
  # Measuring again takes seconds; the verdicts (in the .meta files) are kept.
  rm -f mutants/mutmut-stats.json
fi
mkdir -p mutants

# mutmut draws a progress spinner; keep it in the log and show only its last lines
echo "mutmut run (${JOBS} workers; log: ${LOG})"
if ! "$MUTMUT" run --max-children "$JOBS" >"$LOG" 2>&1; then
  tail -n 40 "$LOG" | tr '\r' '\n' | tail -n 40
  echo "mutmut run failed; see ${LOG}" >&2
  exit 1
fi

not_killed() {
  "$MUTMUT" results --all true | "$PYTHON" -c '
import sys
for line in sys.stdin:
    name, _, status = line.strip().rpartition(": ")
    if name and status not in ("killed", "timeout", "caught by type check", "skipped"):
        print(name)
'
}

# mutmut keeps a verdict until the function changes; a survivor of the last run may be
# killed by a test written since, so test the survivors again.
if [ "$had_results" = 1 ]; then
  mapfile -t again < <(not_killed)
  if [ "${#again[@]}" -gt 0 ]; then
    echo "testing ${#again[@]} earlier survivor(s) again"
    "$MUTMUT" run --max-children "$JOBS" "${again[@]}" >>"$LOG" 2>&1 || true
  fi
fi

"$MUTMUT" results --all true >mutants/results.txt
"$PYTHON" - mutants/results.txt <<'PY'
import re
import sys
from collections import defaultdict

MODULES = {
    "stakeholder_map.analysis.gaps": "gaps",
    "stakeholder_map.analysis.brokerage": "brokerage",
    "stakeholder_map.outputs.pseudonymise": "pseudonymisation",
    "stakeholder_map.outputs.tables": "safe output (tables.py)",
}
SAFE_LABEL = "  of which formula neutralising"
# the formula-neutralising functions of tables.py, also scored on their own
SAFE = {"safe_cell", "safe_frame", "write_xlsx", "_xlsx_value"}
KILLED = {"killed", "timeout", "caught by type check"}

rows = defaultdict(list)
with open(sys.argv[1], encoding="utf-8") as results:
    for line in results:
        name, _, status = line.strip().rpartition(": ")
        if not name or status == "skipped":
            continue
        module = next((m for m in MODULES if name.startswith(m + ".")), None)
        if module is None:
            continue
        rows[MODULES[module]].append((name, status))
        function = re.sub(r"__mutmut_\d+$", "", name[len(module) + 1:])
        function = re.sub(r"^(x_|x\u01c1\w+\u01c1)", "", function)
        if function in SAFE:
            rows[SAFE_LABEL].append((name, status))

print()
print(f"{'module':34} {'killed':>7} {'total':>6} {'score':>7}")
survivors = []
for label in [*MODULES.values(), SAFE_LABEL]:
    got = rows.get(label, [])
    killed = sum(s in KILLED for _, s in got)
    score = f"{100 * killed / len(got):.1f}%" if got else "-"
    print(f"{label:34} {killed:7d} {len(got):6d} {score:>7}")
    if label != SAFE_LABEL:
        survivors += [(n, s) for n, s in got if s not in KILLED]
print()
if survivors:
    print(f"{len(survivors)} not killed (.venv/bin/mutmut show NAME):")
    for name, status in survivors:
        print(f"  {name}: {status}")
else:
    print("every mutant killed")
PY
