"""A store written by the previous release (0.1.0) opens, upgrades and keeps every wave.

``fixtures/store-0.1.0.sql`` is the SQL dump of a SQLite store made by release 0.1.0
(commit 01c5bb0, when the migrations still lived in ``stakeholder_map/migrations``): two
programmes, the Smolensk and Kehila Metiva samples, one wave each.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from stakeholder_map import StakeholderMap, load
from stakeholder_map.samples import sample_path
from stakeholder_map.store.database import Store
from stakeholder_map.store.schema import current_revision, head_revision

DUMP = Path(__file__).parent / "fixtures" / "store-0.1.0.sql"


def _old_store(tmp_path: Path) -> Path:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as connection:
        connection.executescript(DUMP.read_text(encoding="utf-8"))
    return db


def test_a_store_of_the_previous_release_opens_at_the_current_schema(tmp_path: Path) -> None:
    db = _old_store(tmp_path)
    store = Store(f"sqlite:///{db}")
    try:
        engine = create_engine(f"sqlite:///{db}")
        assert current_revision(engine) == head_revision()
        engine.dispose()
        assert sorted(p.name for p in store.programmes()) == [
            "Kehila Metiva",
            "Программа «Добровольцы» Детского фонда «Виктория» — Смоленская область",
        ]
        by_name = {p.name: p.id for p in store.programmes()}
        (kehila,) = store.waves(by_name["Kehila Metiva"])
        assert store.load(kehila.id) == _as_in_0_1_0(load(sample_path("kehila_metiva")).map)
        smolensk_id = next(i for n, i in by_name.items() if n != "Kehila Metiva")
        (smolensk,) = store.waves(smolensk_id)
        assert store.load(smolensk.id) == \
            _as_in_0_1_0(load(sample_path("smolensk_volunteers")).map)
        # and it takes new waves after the upgrade
        wave = store.import_workbook(sample_path("smolensk_volunteers"))
        assert wave.programme_id == smolensk_id
        assert [w.id for w in store.waves(smolensk_id)] == [smolensk.id, wave.id]
    finally:
        store.dispose()


def test_an_old_store_with_duplicate_labels_upgrades_with_numbered_labels(tmp_path: Path) -> None:
    """Concurrent imports in 0.1.0 could give one label to several waves of a programme: the
    upgrade keeps the first (by id), numbers the others past any label in use, then the
    database refuses duplicates."""
    db = _old_store(tmp_path)
    kehila = "גל 1 – שלב הכשרת הלבבות"
    rows = [(3, 2, kehila), (4, 2, f"{kehila} (2)"), (5, 2, kehila),
            (6, 1, "wave 11"), (7, 1, "wave 11"), (8, 1, "wave 11"), (9, 2, "wave 11")]
    with sqlite3.connect(db) as connection:
        connection.executemany(
            "INSERT INTO waves VALUES(?, ?, ?, '2026-12-02 13:50:00.000000', 'x.xlsx', 1, 0)",
            rows)
    store = Store(f"sqlite:///{db}")
    try:
        assert [w.label for w in store.waves(2)] == [
            kehila, f"{kehila} (3)", f"{kehila} (2)", f"{kehila} (4)", "wave 11"]
        assert [w.label for w in store.waves(1)][1:] == ["wave 11", "wave 11 (2)", "wave 11 (3)"]
        (kehila_wave, *_) = store.waves(2)
        assert store.load(kehila_wave.id) == _as_in_0_1_0(load(sample_path("kehila_metiva")).map)
        wave = store.import_workbook(sample_path("kehila_metiva"), programme="Kehila Metiva")
        assert (wave.programme_id, wave.label) == (2, f"{kehila} (5)")
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(text("UPDATE waves SET label = 'wave 11' WHERE id = 7"))
    finally:
        store.dispose()


def _as_in_0_1_0(smap: StakeholderMap) -> StakeholderMap:
    """A sample as 0.1.0 stored it: its ``programme`` sheet had no ``language`` yet."""
    return replace(smap, programme=replace(smap.programme, language=""))
