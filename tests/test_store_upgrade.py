"""A store written by the previous release (0.1.0) opens, upgrades and keeps every wave.

``fixtures/store-0.1.0.sql`` is the SQL dump of a SQLite store made by release 0.1.0
(commit 01c5bb0, when the migrations still lived in ``stakeholder_map/migrations``): two
programmes, the Smolensk and Kehila Metiva samples, one wave each.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine

from stakeholder_map import load
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
        assert store.load(kehila.id) == load(sample_path("kehila_metiva")).map
        smolensk_id = next(i for n, i in by_name.items() if n != "Kehila Metiva")
        (smolensk,) = store.waves(smolensk_id)
        assert store.load(smolensk.id) == load(sample_path("smolensk_volunteers")).map
        # and it takes new waves after the upgrade
        wave = store.import_workbook(sample_path("smolensk_volunteers"))
        assert wave.programme_id == smolensk_id
        assert [w.id for w in store.waves(smolensk_id)] == [smolensk.id, wave.id]
    finally:
        store.dispose()
