"""Several processes and threads writing one store at the same moment (issue 10, part 5).

Against a real SQLite file and — when STAKEHOLDER_MAP_TEST_PG names one — a real
PostgreSQL server. Before the fix, concurrent imports without a label gave ``wave 11``
three times and no ``wave 8``, and two dashboard workers starting on an empty store
each imported every sample.
"""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import replace
from functools import cache
from multiprocessing.synchronize import Barrier

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from stakeholder_map.model import StakeholderMap
from stakeholder_map.samples import SAMPLES_DIR, sample_programmes
from stakeholder_map.store.database import Store
from stakeholder_map.workbook.validate import load

FORK = multiprocessing.get_context("fork")


@cache
def unlabelled() -> StakeholderMap:
    """The Smolensk sample without its wave setting, so each import is labelled ``wave N``."""
    smap = load(SAMPLES_DIR / "smolensk_volunteers").map
    assert smap is not None
    return replace(smap, programme=replace(smap.programme, wave=""))


def _import_unlabelled(url: str, barrier: Barrier, times: int) -> None:
    store = Store(url)
    try:
        barrier.wait(timeout=60)
        for _ in range(times):
            store.import_map(unlabelled(), source_name="round.xlsx")
    finally:
        store.dispose()


def _run_all(target: object, args_list: list[tuple[object, ...]]) -> None:
    procs = [FORK.Process(target=target, args=args) for args in args_list]  # type: ignore[attr-defined]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * len(procs)


def test_concurrent_imports_get_distinct_consecutive_labels(db_url: str) -> None:
    Store(db_url).dispose()  # the schema exists before the race (its own race is tested below)
    workers, each = 4, 3
    barrier = FORK.Barrier(workers)
    _run_all(_import_unlabelled, [(db_url, barrier, each)] * workers)
    store = Store(db_url)
    try:
        [programme] = store.programmes()
        labels = [w.label for w in store.waves(programme.id)]
        assert sorted(labels, key=lambda s: int(s.split()[1])) == [
            f"wave {n}" for n in range(1, workers * each + 1)]
    finally:
        store.dispose()


def test_threads_sharing_one_store_get_distinct_consecutive_labels(db_url: str) -> None:
    store = Store(db_url)
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait(timeout=60)
            for _ in range(2):
                store.import_map(unlabelled(), source_name="round.xlsx")
        except BaseException as exc:  # reported below, with the labels
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    try:
        assert errors == []
        [programme] = store.programmes()
        assert sorted(w.label for w in store.waves(programme.id)) == sorted(
            f"wave {n}" for n in range(1, 13))
    finally:
        store.dispose()


def test_a_label_already_taken_gets_a_number(db_url: str) -> None:
    store = Store(db_url)
    try:
        smap = load(SAMPLES_DIR / "kehila_metiva").map
        assert smap is not None
        first, second = store.import_map(smap), store.import_map(smap)
        wave = smap.programme.wave
        assert (first.label, second.label) == (wave, f"{wave} (2)")
        assert store.import_map(smap, label=f"{wave} (2)").label == f"{wave} (2) (2)"
        assert store.import_map(smap).label == f"{wave} (3)"
        # without a label: one more than the waves, or the next number free
        assert store.import_map(smap, label="wave 6").label == "wave 6"
        bare = replace(smap, programme=replace(smap.programme, wave=""))
        assert store.import_map(bare).label == "wave 7"
        assert store.import_map(bare, label="wave 7").label == "wave 7 (2)"
        assert store.import_map(bare).label == "wave 8"
    finally:
        store.dispose()


def test_the_database_refuses_a_second_wave_with_the_same_label(db_url: str) -> None:
    store = Store(db_url)
    try:
        wave = store.import_map(unlabelled(), source_name="a.xlsx")
        insert = text("INSERT INTO waves (programme_id, label, imported_at, source_name, actors, "
                      "ties) VALUES (:p, :label, :at, 'b.xlsx', 0, 0)")
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(insert, {"p": wave.programme_id, "label": "wave 1",
                                  "at": wave.imported_at})
        assert [w.label for w in store.waves(wave.programme_id)] == ["wave 1"]
    finally:
        store.dispose()


# -- the samples, imported once by every dashboard worker starting together -----------------


def _start_dashboard(url: str, barrier: Barrier) -> None:
    from dashboards.app import create_app

    barrier.wait(timeout=60)
    app = create_app(url, samples=SAMPLES_DIR)
    app.server.config["SM_STORE"].dispose()


def _import_samples(url: str, barrier: Barrier) -> None:
    store = Store(url)
    try:
        barrier.wait(timeout=60)
        store.import_samples(SAMPLES_DIR)
    finally:
        store.dispose()


def _one_wave_per_sample(url: str) -> None:
    store = Store(url)
    try:
        names = {load(SAMPLES_DIR / name).map.programme.name  # type: ignore[union-attr]
                 for name in sample_programmes()}
        assert {p.name: p.waves for p in store.programmes()} == dict.fromkeys(names, 1)
        for p in store.programmes():
            [wave] = store.waves(p.id)
            assert wave.source_name in sample_programmes()
    finally:
        store.dispose()


def test_two_dashboard_workers_on_an_empty_store_import_the_samples_once(db_url: str) -> None:
    barrier = FORK.Barrier(2)
    _run_all(_start_dashboard, [(db_url, barrier)] * 2)
    _one_wave_per_sample(db_url)


def test_three_processes_importing_the_samples_import_each_once(db_url: str) -> None:
    Store(db_url).dispose()
    barrier = FORK.Barrier(3)
    _run_all(_import_samples, [(db_url, barrier)] * 3)
    _one_wave_per_sample(db_url)
    store = Store(db_url)
    try:
        assert store.import_samples(SAMPLES_DIR) == []  # and once more: nothing new
    finally:
        store.dispose()
