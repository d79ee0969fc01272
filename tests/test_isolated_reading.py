"""Uploads are read in a child process held to memory and time limits (issue 10, part 3).

Every crash here is real: a 1.6 KB .xlsx whose used area (``A1`` to ``GR60000``, 12
million cells, inside the reading limits) makes the spreadsheet reader ask for one
384,000,000-byte block (12M cells × 32 bytes), which under a 512 MB address space it
cannot get, so it aborts (SIGABRT); a CSV holding one 60 MB cell makes Python itself run
out of memory; a 200,000-row CSV takes longer than one second; and a child is killed
from outside with SIGKILL, as the kernel's out-of-memory killer would. Had the reading
run in the test process, the first would abort pytest itself.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time
from pathlib import Path

import pytest

from stakeholder_map.errors import WorkbookReadError
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.workbook import isolated
from stakeholder_map.workbook.isolated import (
    MEMORY_ENV,
    SECONDS_ENV,
    ChildLimits,
    IsolatedReadError,
    load_isolated,
)
from stakeholder_map.workbook.validate import load
from stakeholder_map.workbook.write import sheet_rows
from stakeholder_map.workbook.write import xlsx_bytes as workbook_xlsx

from .test_bounded_reading import cell, row, valid_xlsx, xlsx_bytes

FIX = f"split it into smaller workbooks, or ask the administrator to raise {MEMORY_ENV} / " \
      f"{SECONDS_ENV}"


def sparse_xlsx() -> bytes:
    """Two cells, A1 and GR60000: 200 columns × 60,000 rows = 12,000,000 cells, the most a
    sheet may use; the reader lays them out densely at 32 bytes a cell."""
    return xlsx_bytes({"actors": row(1, cell("A1", "id")) + row(60000, cell("GR60000", "x"))})


def one_big_cell(mb: int) -> bytes:
    return b"id,name,sector\n" + b"a" * (mb << 20) + b",x,public\n"


def many_actors(n: int) -> bytes:
    return ("id,name,sector\n" + "".join(f"a{i},Person {i},public\n" for i in range(n))).encode()


def message(filename: str, limits: str, reason: str) -> str:
    return (f"{filename}: the file could not be read within {limits} — it may be damaged or "
            f"too large ({reason}); {FIX}")


# -- what a good file gives -------------------------------------------------------------------


def test_a_workbook_read_in_the_child_equals_one_read_here() -> None:
    data = workbook_xlsx(sheet_rows(load(SAMPLES_DIR / "kehila_metiva").map))  # type: ignore[arg-type]
    here = load(SAMPLES_DIR / "kehila_metiva")
    there = load_isolated(data, "kehila.xlsx")
    assert there.map == here.map and there.map is not None
    assert there.problems == here.problems
    # the read-only mappings of the user's own columns come back read-only
    with pytest.raises(TypeError):
        there.map.actors[0].extra["x"] = "y"  # type: ignore[index]


def test_problems_and_read_errors_come_back_as_they_are() -> None:
    result = load_isolated(b"id,name,sector\na,Alpha,nowhere\n", "actors.csv")
    assert result.map is None
    assert [(p.sheet, p.row, p.column, p.value, p.message) for p in result.errors] == [
        ("actors", 2, "sector", "nowhere", "unknown sector")]
    with pytest.raises(WorkbookReadError) as caught:
        load_isolated(b"not a workbook", "x.xlsx")
    assert not isinstance(caught.value, IsolatedReadError)
    assert str(caught.value).startswith("x.xlsx: not a readable .xlsx workbook")
    assert "\n" not in str(caught.value)


# -- crashes that stay in the child -------------------------------------------------------------


def test_a_reader_abort_out_of_memory_is_a_message() -> None:
    with pytest.raises(IsolatedReadError) as caught:
        load_isolated(sparse_xlsx(), "sparse.xlsx", limits=ChildLimits(512, 60))
    assert str(caught.value) == message(
        "sparse.xlsx", "512 MB / 60 s",
        "the reader was stopped by SIGABRT, most likely out of memory")
    # the same file with room for its 384 MB block is read (and its problems reported)
    result = load_isolated(sparse_xlsx(), "sparse.xlsx", limits=ChildLimits(1024, 60))
    assert {p.column for p in result.errors} >= {"name", "sector"}


def test_python_running_out_of_memory_is_a_message() -> None:
    with pytest.raises(IsolatedReadError) as caught:
        load_isolated(one_big_cell(60), "actors.csv", limits=ChildLimits(512, 60))
    assert str(caught.value) == message("actors.csv", "512 MB / 60 s", "it ran out of memory")
    result = load_isolated(one_big_cell(60), "actors.csv", limits=ChildLimits(2048, 60))
    assert [p.message for p in result.errors] == ["cell holds 62914560 characters"]


def test_a_child_past_its_time_is_killed() -> None:
    with pytest.raises(IsolatedReadError) as caught:  # it needs well over 1 s
        load_isolated(many_actors(200_000), "actors.csv", limits=ChildLimits(4096, 1))
    assert str(caught.value) == message("actors.csv", "4 GB / 1 s", "it took longer than that")


def _reader_children() -> list[int]:
    """Processes of this test whose command runs the isolated reader."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"stakeholder_map.workbook.isolated" in command:
            found.append(int(entry.name))
    return found


def _limits_of(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/limits").read_text().splitlines()[1:]
    return {line[:26].strip(): line[26:47].strip() for line in lines}


def test_a_child_killed_from_outside_is_a_message_and_ran_under_its_limits() -> None:
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            load_isolated(many_actors(200_000), "actors.csv", limits=ChildLimits(600, 300))
        except BaseException as exc:  # the test thread checks it
            outcome.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    deadline = time.monotonic() + 60
    limits: dict[str, str] = {}
    while time.monotonic() < deadline and not limits.get("Max address space", "").isdigit():
        time.sleep(0.01)
        children = _reader_children()
        limits = _limits_of(children[0]) if children else {}
    [child] = _reader_children()
    assert limits["Max address space"] == str(600 * 1024 * 1024)
    assert limits["Max cpu time"] == "301"      # soft; the wall clock comes first
    assert limits["Max core file size"] == "0"
    os.kill(child, signal.SIGKILL)
    reader.join(timeout=60)
    [error] = outcome
    assert isinstance(error, IsolatedReadError)
    assert str(error) == message("actors.csv", "600 MB / 300 s",
                                 "the reader was stopped by SIGKILL, most likely out of memory")


def test_after_a_crash_the_next_read_works() -> None:
    with pytest.raises(IsolatedReadError):
        load_isolated(sparse_xlsx(), "sparse.xlsx", limits=ChildLimits(512, 60))
    assert load_isolated(valid_xlsx(), "ok.xlsx").map is not None


def test_an_answer_naming_anything_but_the_model_is_refused() -> None:
    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("true",))

    with pytest.raises(WorkbookReadError, match=r"posix\.system is not allowed"):
        isolated._result(pickle.dumps(("ok", Evil())))


# -- the limits ----------------------------------------------------------------------------------


def test_limits_come_from_the_environment_with_defaults() -> None:
    assert ChildLimits.from_env({}) == ChildLimits(4096, 120)
    assert ChildLimits.from_env({MEMORY_ENV: " 512 ", SECONDS_ENV: "1"}) == ChildLimits(512, 1)
    assert ChildLimits.from_env({MEMORY_ENV: "1048576", SECONDS_ENV: "86400"}) == \
        ChildLimits(1024 * 1024, 24 * 3600)
    assert ChildLimits(1536, 90).describe() == "1.5 GB / 90 s"
    assert ChildLimits(600, 90).describe() == "600 MB / 90 s"


@pytest.mark.parametrize(("env", "words"), [
    ({MEMORY_ENV: "511"}, f"upload memory limit 511 MB is below the 512 MB the reader needs "
                          f"to start (set {MEMORY_ENV} to 512–1048576)"),
    ({MEMORY_ENV: "1048577"}, "upload memory limit 1048577 MB is above 1048576 MB"),
    ({SECONDS_ENV: "0"}, f"upload time limit 0 s is outside 1–86400 s (set {SECONDS_ENV}"),
    ({SECONDS_ENV: "86401"}, "upload time limit 86401 s is outside 1–86400 s"),
    ({MEMORY_ENV: "4GB"}, f"{MEMORY_ENV}='4GB' is not a whole number"),
    ({SECONDS_ENV: "1.5"}, f"{SECONDS_ENV}='1.5' is not a whole number"),
])
def test_limits_out_of_range_are_refused_naming_the_variable(env: dict[str, str],
                                                             words: str) -> None:
    with pytest.raises(ValueError) as caught:
        ChildLimits.from_env(env)
    assert str(caught.value).startswith(words)
