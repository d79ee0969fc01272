"""Bounded analysis (issue 10): estimate memory and time first; refuse, or sample, never a
``MemoryError``.

Estimates are worked out here by hand from the model documented in
:mod:`stakeholder_map.analysis.budget` (its constants and its formula). The thresholds
are tested on both sides: an estimate equal to the memory available is chosen, one
byte less and the next choice (one core instead of all, then a refusal) is. Memory is
bounded by running the command line in a child process under ``RLIMIT_AS`` and reading
the child's own peak resident memory (``os.wait4``).
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stakeholder_map.analysis import budget as b
from stakeholder_map.analysis.centrality import PARALLEL_ABOVE
from stakeholder_map.analysis.metrics import compute_metrics
from stakeholder_map.analysis.thresholds import Thresholds
from stakeholder_map.cli.main import main
from stakeholder_map.errors import AnalysisTooLarge
from stakeholder_map.model import (
    Agreement,
    AgreementParty,
    Forum,
    ForumMember,
    Programme,
    StakeholderMap,
)

from .conftest import write_csv_folder
from .test_gaps import actor, tie
from .test_samples import SAMPLES

KEHILA = str(SAMPLES / "kehila_metiva")
GB = 10 ** 9


def small_map() -> StakeholderMap:
    """10 actors; 3 ties; an agreement of 3 parties (3 pairs); a forum of 4 distinct members,
    one listed twice (6 pairs): 12 edges for the budget."""
    actors = tuple(actor(f"a{i}") for i in range(10))
    ties = (tie("a0", "a1"), tie("a1", "a2"), tie("a3", "a4"))
    agreement = Agreement("mou", parties=tuple(AgreementParty(f"a{i}") for i in (5, 6, 7)))
    forum = Forum("wg", members=tuple(ForumMember(f"a{i}") for i in (0, 5, 8, 9, 8)))
    return StakeholderMap(actors, ties, (agreement,), (forum,), Programme("p", "a0"))


def by_hand(actors: int, edges: int, parts: list[str], workers: int = 1) -> int:
    """The documented formula, written out again."""
    total = b.BASE
    for part in parts:
        total += b.PER_ACTOR[part] * actors + b.PER_EDGE[part] * edges
    if workers > 1 and "metrics" in parts:
        total += workers * (b.WORKER_PER_ACTOR * actors + b.WORKER_PER_EDGE * edges)
    return total


def test_size_counts_ties_and_the_pairs_of_co_parties_and_co_members() -> None:
    assert b.Size.of(small_map()) == b.Size(actors=10, edges=3 + 3 + 6)


def test_the_estimate_is_the_documented_formula() -> None:
    size = b.Size(10, 12)
    for parts in (["views"], ["views", "metrics"], list(b.PARTS)):
        assert b.estimate_memory(size, parts) == by_hand(10, 12, parts)
    assert b.estimate_memory(size, ["metrics"], workers=3) == by_hand(10, 12, ["metrics"], 3)
    with pytest.raises(ValueError, match="unknown part"):
        b.estimate_memory(size, ["layout"])


def test_an_estimate_equal_to_the_memory_available_is_chosen_one_byte_more_is_refused() -> None:
    smap = small_map()
    need = by_hand(10, 12, ["views", "metrics"])
    chosen = b.plan(smap, ["views", "metrics"], budget=b.Budget(max_memory=need))
    assert (chosen.sampled, chosen.workers, chosen.memory) == (False, 1, need)
    with pytest.raises(AnalysisTooLarge) as refused:
        b.plan(smap, ["views", "metrics"], budget=b.Budget(max_memory=need - 1))
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith("this map (10 actors, 12 ties and co-member pairs) needs about "
                              f"{need / 1e6:.0f} MB of memory for its graphs and metrics, more "
                              f"than the {(need - 1) / 1e6:.0f} MB available (--max-memory ")
    assert "--max-memory 0.1 (or set STAKEHOLDER_MAP_MAX_MEMORY=0.1)" in message
    assert message.endswith("--force skips this check")
    # the library refuses the same way before any work, and --force starts anyway
    with pytest.raises(AnalysisTooLarge):
        compute_metrics(smap, budget=b.Budget(max_memory=need - 1))
    forced = compute_metrics(smap, budget=b.Budget(max_memory=1, force=True))
    assert forced.network["actors"] == 10


def test_more_workers_one_core_then_refusal_each_on_its_threshold() -> None:
    cores = min(os.cpu_count() or 1, 8)
    assert cores >= 2, "this test needs a machine with two cores or more (CI has two)"
    n, e = PARALLEL_ABOVE + 1, 5 * (PARALLEL_ABOVE + 1)
    size = b.Size(n, e)
    parallel, single = by_hand(n, e, ["metrics"], cores), by_hand(n, e, ["metrics"])
    assert parallel > single

    def chosen(limit: int) -> b.Plan:
        return b.plan(size, ["metrics"], budget=b.Budget(max_memory=limit))

    assert chosen(parallel).workers == cores and chosen(parallel).notes() == []
    one = chosen(parallel - 1)
    assert one.workers == 1 and not one.sampled
    shown = f"{(parallel - 1) / 1e6:.0f} MB"
    assert one.notes() == [
        f"betweenness and closeness run on one core instead of {cores}, to stay within the "
        f"{shown} available (--max-memory {shown}; estimated {single / 1e6:.0f} MB and "
        f"{b._duration(one.seconds)}; --max-memory GB allows more)"]
    assert chosen(single).workers == 1
    with pytest.raises(AnalysisTooLarge):
        chosen(single - 1)
    # the same map of at most PARALLEL_ABOVE actors never plans workers
    assert b.plan(b.Size(PARALLEL_ABOVE, e), ["metrics"]).workers == 1


def test_sampled_above_sample_above_actors_exact_at_it() -> None:
    t = Thresholds(sample_above=2_000)
    assert not b.plan(b.Size(2_000, 0), ["metrics"], t).sampled
    above = b.plan(b.Size(2_001, 0), ["metrics"], t)
    assert above.sampled and above.sources == 500
    assert above.notes()[0].startswith(
        "betweenness and closeness are estimates from 500 sampled actors, the average path "
        "length from 100: the map has 2,001 actors, more than --sample-above 2,000 (estimated ")
    assert above.notes()[0].endswith("--exact gives exact values")
    assert not b.plan(b.Size(2_001, 0), ["metrics"], t, b.Budget(exact=True)).sampled


def test_exact_measures_estimated_over_the_time_limit_are_sampled() -> None:
    """At most ``max_seconds`` of estimated exact work: exact; a hair more: sampled."""
    size = b.Size(15_000, 900_000)  # under sample_above, but dense
    first = b.plan(size, ["metrics"])
    cores = first.cores
    steps = b.SECONDS_PER_STEP["exact"] * 15_000 * (15_000 + 900_000) / cores
    assert first.exact_seconds == pytest.approx(steps, rel=1e-12)
    linear = b.SECONDS_PER_ACTOR["metrics"] * 15_000 + b.SECONDS_PER_EDGE["metrics"] * 900_000
    assert first.seconds == pytest.approx(linear + steps, rel=1e-12)
    limit = first.exact_seconds
    assert not b.plan(size, ["metrics"], budget=b.Budget(max_seconds=limit)).sampled
    slow = b.plan(size, ["metrics"], budget=b.Budget(max_seconds=math.nextafter(limit, 0)))
    assert slow.sampled
    assert "exact values would take more than" in slow.notes()[0]
    insisted = b.Budget(max_seconds=math.nextafter(limit, 0), exact=True)
    assert not b.plan(size, ["metrics"], budget=insisted).sampled


def test_the_budget_in_force_applies_to_every_analysis_in_the_block() -> None:
    smap = small_map()
    with b.using(b.Budget(max_memory=1)), pytest.raises(AnalysisTooLarge):
        compute_metrics(smap)
    assert compute_metrics(smap).network["actors"] == 10  # outside the block: as before


def test_max_memory_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(b.MAX_MEMORY_ENV, "0.25")
    assert b.current() == b.Budget(max_memory=250_000_000)
    assert b.available_memory() == b.Available(250_000_000, "--max-memory 250 MB")
    monkeypatch.setenv(b.MAX_MEMORY_ENV, "lots")
    with pytest.raises(AnalysisTooLarge, match="STAKEHOLDER_MAP_MAX_MEMORY='lots': give"):
        b.current()


# --- the command line ----------------------------------------------------------------------


def one_line_refusal(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("args", [
    ["metrics", KEHILA], ["gaps", KEHILA], ["paths", KEHILA, "km-edu-head"],
    ["export", KEHILA, "-o", "x.json"], ["html", KEHILA, "-o", "x.html"],
    ["report", KEHILA, "-o", "x.html"], ["compare", KEHILA, KEHILA],
])
def test_every_analysing_command_refuses_in_one_line(args: list[str], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    line = one_line_refusal([*args, "--max-memory", "0.001"])
    assert re.match(r"Error: this map \(\d+ actors, [\d,]+ ties and co-member pairs\) needs "
                    r"about \d+ MB of memory for ", line), line
    assert "more than the 1 MB available (--max-memory 1 MB)" in line
    assert not list(tmp_path.iterdir())  # refused before writing anything


def test_compare_adds_up_both_waves() -> None:
    """Each wave alone fits in what both need less one byte; together they are refused."""
    from stakeholder_map import load

    smap = load(KEHILA).map
    assert smap is not None
    size = b.Size.of(smap)
    parts = ["views", "metrics", "gaps"]
    both = 2 * by_hand(size.actors, size.edges, parts) - b.BASE
    assert by_hand(size.actors, size.edges, parts) <= both - 1
    budget = str((both - 1) / GB)
    one_line_refusal(["compare", KEHILA, KEHILA, "--max-memory", budget])
    result = CliRunner().invoke(main, ["compare", KEHILA, KEHILA, "--max-memory",
                                       str(both / GB)])
    assert result.exit_code == 0, result.output


# --- in a child process, under an address-space limit -------------------------------------

CAP = 1_500_000_000
"""The child's address-space limit (RLIMIT_AS): 1.5 GB."""

CHILD = """
import atexit, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
def peak():  # this process's own high-water mark (kB): reset by exec, unlike ru_maxrss
    with open("/proc/self/status") as status, open(sys.argv[2], "w") as fh:
        fh.write(next(l for l in status if l.startswith("VmHWM")).split()[1])
atexit.register(peak)
from stakeholder_map.cli.main import main
main(sys.argv[3:], prog_name="stakeholder-map")
"""


def in_child(args: list[str], cap: int = CAP, tmp: Path | None = None) -> tuple[int, str, int]:
    """Run the command line under ``cap``; exit code, stderr and the child's peak RSS (bytes).

    The peak is the child's own ``VmHWM``: ``ru_maxrss`` carries over the peak of the
    process it was forked from (a test run's large pytest) across exec."""
    folder = tmp or Path.cwd()
    out, err, hwm = folder / "child.out", folder / "child.err", folder / "child.hwm"
    hwm.unlink(missing_ok=True)
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(cap), str(hwm), *args],
                                stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = int(hwm.read_text()) * 1024 if hwm.exists() else usage.ru_maxrss * 1024
    return proc.returncode, err.read_text(encoding="utf-8"), peak


def clique_book(folder: Path, members: int) -> Path:
    """A small workbook whose one forum of ``members`` makes a clique of members² / 2 pairs."""
    actors = [{"id": f"a{i:05d}", "name": f"Actor {i}", "sector": "civil_society",
               "engagement": "active"} for i in range(members)]
    return write_csv_folder(folder, {
        "actors": actors,
        "forums": [{"id": "all", "name": "Everyone", "kind": "assembly"}],
        "forum_members": [{"forum": "all", "actor": a["id"], "role": "member"} for a in actors],
        "programme": [{"key": "name", "value": "Clique"}, {"key": "backbone", "value": "a00000"}],
    })


def test_a_map_too_large_for_the_memory_is_refused_before_any_work(tmp_path: Path) -> None:
    """3,000 actors in one forum: 4.5M pairs, estimated far above the 1.5 GB cap (the 1M-actor
    case of issue 10 in a workbook of 200 KB). Refused in one line, exit 1, no traceback,
    and the child stays far below its cap: nothing was built."""
    book = clique_book(tmp_path / "book", 3_000)
    pairs = 3_000 * 2_999 // 2
    assert by_hand(3_000, pairs, ["views", "metrics"]) > CAP
    for command in (["metrics", str(book)], ["gaps", str(book)],
                    ["paths", str(book), "a00001"]):
        code, err, peak = in_child(command, tmp=tmp_path)
        assert code == 1, err
        assert "Traceback" not in err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            "Error: this map (3,000 actors, 4,498,500 ties and co-member pairs) needs about "), err
        assert "under the address-space limit (ulimit -v) of 1.5 GB" in lines[0]
        assert peak < CAP / 3, peak


def test_forced_past_the_estimate_it_runs_out_of_memory_with_a_message(tmp_path: Path) -> None:
    """--force starts anyway: the MemoryError is the command line's last resort, one line.

    2,000 actors in one forum (2M pairs) under a 550 MB cap, so it runs out quickly."""
    book = clique_book(tmp_path / "book", 2_000)
    cap = 550_000_000
    assert by_hand(2_000, 2_000 * 1_999 // 2, ["views", "metrics"]) > cap
    code, err, peak = in_child(["metrics", str(book), "--force"], cap, tmp=tmp_path)
    assert code == 1, err
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        "Error: out of memory: this map needs more memory than the machine could give; analyse "
        "a smaller map or on a machine with more memory (without --force, or with a lower "
        "--max-memory, a map estimated not to fit is refused before any work)"]
    assert peak <= cap


def test_a_map_that_fits_only_sampled_is_sampled_under_the_cap(tmp_path: Path) -> None:
    """20,001 actors with a tie each: above --sample-above, so sampled, with a note, and run
    to the end within the cap."""
    n = 20_001
    actors = [{"id": f"a{i:05d}", "name": f"Actor {i}", "sector": "civil_society",
               "engagement": "active"} for i in range(n)]
    ties = [{"source": f"a{i:05d}", "target": f"a{i + 1:05d}", "type": "collaboration"}
            for i in range(0, n - 1, 2)]
    book = write_csv_folder(tmp_path / "book", {
        "actors": actors, "ties": ties,
        "programme": [{"key": "name", "value": "Pairs"}, {"key": "backbone", "value": "a00000"}]})
    target = tmp_path / "m.json"
    code, err, peak = in_child(["metrics", str(book), "-o", str(target)], tmp=tmp_path)
    assert code == 0, err
    assert "Traceback" not in err
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and notes[0].startswith(
        "note: betweenness and closeness are estimates from 500 sampled actors, the average "
        "path length from 100: the map has 20,001 actors, more than --sample-above 20,000 ")
    assert target.exists()
    assert peak < CAP


AVAILABLE = """
import resource, sys
cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from stakeholder_map.analysis.budget import available_memory
def vm():
    for line in open("/proc/self/status"):
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
before = vm(); found = available_memory(); after = vm()
print(before, found.bytes, after, found.source, sep="|")
"""


def test_the_memory_available_under_an_address_space_limit() -> None:
    """SAFETY (80 %) of the room left under RLIMIT_AS: the limit less the process's size."""
    out = subprocess.run([sys.executable, "-c", AVAILABLE, str(CAP)], capture_output=True,
                         text=True, check=True).stdout.strip()
    before, found, after, source = out.split("|")
    assert int(b.SAFETY * (CAP - int(after))) <= int(found) <= int(b.SAFETY * (CAP - int(before)))
    assert source.startswith(f"{b.SAFETY:.0%} of the ")
    assert source.endswith("free under the address-space limit (ulimit -v) of 1.5 GB")


CLOSENESS = """
import resource, sys
import networkx as nx
from stakeholder_map.analysis import centrality as c
g = nx.path_graph(100_000)
converted = c.to_igraph(g, weight=None)
for line in open("/proc/self/status"):
    if line.startswith("VmSize:"):
        used = int(line.split()[1]) * 1024
room = used + 250_000_000
resource.setrlimit(resource.RLIMIT_AS, (room, room))
values = c.closeness_centrality(g, k=100, seed=0, converted=converted)
print(len(values), max(values.values()) > 0)
"""


def test_sampled_closeness_asks_for_distances_in_batches_of_bounded_size() -> None:
    """100 pivots of 100,000 actors: asked at once, igraph's distances are 10M Python
    numbers (~400 MB); in batches of at most 2**20 they fit in 250 MB."""
    done = subprocess.run([sys.executable, "-c", CLOSENESS], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["100000", "True"]
