"""The store, against a real SQLite file and — when STAKEHOLDER_MAP_TEST_PG names one — a real
PostgreSQL server (``scripts/with-postgres.sh`` starts a throwaway one)."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect, text

from stakeholder_map.cli.main import main
from stakeholder_map.errors import InvalidWorkbook
from stakeholder_map.model import Actor, Programme, StakeholderMap, Tie, TieType
from stakeholder_map.samples import SAMPLES_DIR, sample_programmes
from stakeholder_map.store import database as store_module
from stakeholder_map.store.database import (
    DEFAULT_DB_ENV,
    Store,
    StoreError,
    WaveInfo,
    default_url,
)
from stakeholder_map.store.schema import Base, head_revision
from stakeholder_map.workbook.validate import load
from stakeholder_map.workbook.write import sheet_rows, write_workbook, xlsx_bytes

SAMPLES = SAMPLES_DIR
PROGRAMMES = sample_programmes()


@cache
def sample(name: str) -> StakeholderMap:
    smap = load(SAMPLES / name).map
    assert smap is not None
    return smap


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.dispose()


@pytest.fixture
def reopened(store: Store) -> Iterator[Store]:
    """A second store on the same database: what it loads comes from the database, not a cache."""
    other = Store(store.url)
    yield other
    other.dispose()


def counts(store: Store) -> tuple[int, int]:
    """(programmes, waves) in the store."""
    programmes = store.programmes()
    return len(programmes), sum(p.waves for p in programmes)


# -- content ---------------------------------------------------------------------------


def test_every_sample_programme_loads_back_equal(store: Store, reopened: Store) -> None:
    waves = store.import_samples(SAMPLES)
    assert [w.source_name for w in waves] == PROGRAMMES
    for wave in waves:
        smap = sample(wave.source_name)
        assert reopened.load(wave.id) == smap
        assert reopened.load(wave.id) is reopened.load(wave.id)  # kept: waves never change
        assert (wave.programme, wave.label) == (smap.programme.name, smap.programme.wave)
        assert (wave.actors, wave.ties) == (len(smap.actors), len(smap.ties))
    assert sorted(p.name for p in store.programmes()) == sorted(
        sample(name).programme.name for name in PROGRAMMES)


def test_hebrew_cyrillic_and_baltic_text_survive(store: Store, reopened: Store) -> None:
    hebrew = store.import_workbook(SAMPLES / "kehila_metiva")
    russian = store.import_workbook(SAMPLES / "smolensk_volunteers")
    assert reopened.load(hebrew.id).actor_by_id["km-mayor"].name == "דוד אברהמי"
    assert reopened.load(russian.id).actor_by_id["sm-radi-dir"].name == "Ирина Соколова"
    assert reopened.wave(hebrew.id).label == "גל 1 – שלב הכשרת הלבבות"
    assert "Программа «Добровольцы» Детского фонда «Виктория» — Смоленская область" in {
        p.name for p in reopened.programmes()}
    words = "Ąžuolų gatvė · Rīgas ķēķis · Ёжик · שלום"
    smap = StakeholderMap(
        (Actor("ą1", words, "public", role=words, notes=words, extra={"Pastabos ž": words}),),
        programme=Programme(name=f"Programa {words}", wave=words, extra={"šaltinis": words}))
    wave = store.import_map(smap, source_name=f"{words}.xlsx")
    assert reopened.load(wave.id) == smap
    again = reopened.wave(wave.id)
    assert (again.programme, again.label, again.source_name) == (
        f"Programa {words}", words, f"{words}.xlsx")


def test_a_map_that_cannot_round_trip_is_refused(store: Store) -> None:
    smap = StakeholderMap((Actor("a", "  padded  ", "public"),), programme=Programme("P"))
    with pytest.raises(StoreError, match="losslessly"):
        store.import_map(smap)
    assert store.is_empty()


# -- NUL characters (PostgreSQL cannot store them; SQLite kept them silently) ---------------

_NUL = "\x00"
_GOOD = StakeholderMap((Actor("a", "Alpha", "public"), Actor("b", "Beta", "business")),
                       (Tie("a", "b", TieType.COLLABORATION),), programme=Programme("P"))
_NUL_CASES = [
    (replace(_GOOD, actors=(Actor("a", f"Al{_NUL}pha", "public"), _GOOD.actors[1])), {},
     r"actor 'a' field 'name' holds a NUL character (character 3 of 'Al\x00pha')"),
    (replace(_GOOD, actors=(_GOOD.actors[0], Actor(f"b{_NUL}", "Beta", "business"))), {},
     r"actor 'b\x00' field 'id' holds a NUL character (character 2 of 'b\x00')"),
    (replace(_GOOD, ties=(Tie("a", "b", TieType.COLLABORATION, notes=f"{_NUL}x"),)), {},
     r"tie 'a' → 'b' field 'notes' holds a NUL character (character 1 of '\x00x')"),
    (replace(_GOOD, actors=(Actor("a", "Alpha", "public", extra={"source": f"x{_NUL}"}),
                            _GOOD.actors[1])), {},
     r"actor 'a' field 'source' holds a NUL character (character 2 of 'x\x00')"),
    (replace(_GOOD, actors=(Actor("a", "Alpha", "public", extra={f"so{_NUL}": "x"}),
                            _GOOD.actors[1])), {},
     r"the name of the actors sheet's column 'so\x00' holds a NUL character (character 3 of "
     r"'so\x00')"),
    (replace(_GOOD, programme=Programme(f"P{_NUL}")), {},
     r"programme setting 'name' field 'value' holds a NUL character (character 2 of 'P\x00')"),
    (_GOOD, {"programme": f"Q{_NUL}"},
     r"the programme name holds a NUL character (character 2 of 'Q\x00')"),
    (_GOOD, {"label": f"{_NUL}"},
     r"the wave label holds a NUL character (character 1 of '\x00')"),
    (_GOOD, {"source_name": f"x{_NUL}.xlsx"},
     r"the source file name holds a NUL character (character 2 of 'x\x00.xlsx')"),
]


@pytest.mark.parametrize(("smap", "kwargs", "words"), _NUL_CASES, ids=[
    "actor name", "actor id", "tie notes", "own column value", "own column name",
    "programme sheet", "programme argument", "label argument", "source name argument"])
def test_a_nul_character_is_refused_naming_where_it_is(store: Store, smap: StakeholderMap,
                                                      kwargs: dict[str, str], words: str
                                                      ) -> None:
    with pytest.raises(StoreError) as caught:
        store.import_map(smap, **kwargs)
    assert str(caught.value) == (f"{words}; remove it: a database cannot store it (nothing "
                                 "was stored)")
    assert _NUL not in str(caught.value)
    assert counts(store) == (0, 0)
    # the connection is fine afterwards (no transaction left broken)
    assert store.import_map(_GOOD).actors == 2


# -- all or nothing ----------------------------------------------------------------------


def test_invalid_workbook_raises_and_stores_nothing(store: Store) -> None:
    with pytest.raises(InvalidWorkbook) as caught:
        store.import_workbook(SAMPLES / "broken")
    assert len([p for p in caught.value.problems if p.severity == "error"]) == 22
    assert store.is_empty() and counts(store) == (0, 0)
    first = store.import_workbook(SAMPLES / "smolensk_volunteers")
    with pytest.raises(InvalidWorkbook):
        store.import_workbook(SAMPLES / "broken", programme=first.programme)
    assert counts(store) == (1, 1)


def test_an_import_failing_midway_leaves_nothing(store: Store,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> WaveInfo:
        raise RuntimeError("disk full")  # after the programme, wave and sheets were flushed

    monkeypatch.setattr(Store, "_info", staticmethod(fail))
    with pytest.raises(RuntimeError, match="disk full"):
        store.import_workbook(SAMPLES / "smolensk_volunteers")
    monkeypatch.undo()
    assert store.is_empty() and counts(store) == (0, 0)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM wave_sheets")).scalar_one() == 0


# -- programmes and waves ----------------------------------------------------------------


def test_two_imports_of_one_programme_are_two_waves_in_order(store: Store) -> None:
    smap = sample("smolensk_volunteers")
    first = store.import_map(smap, source_name="march.xlsx")
    second = store.import_map(replace(smap, programme=replace(smap.programme, wave="")),
                              source_name="june.xlsx")
    [programme] = store.programmes()
    assert (programme.name, programme.waves) == (smap.programme.name, 2)
    assert store.waves(programme.id) == [first, second]
    assert first.imported_at <= second.imported_at
    assert (first.label, second.label) == (smap.programme.wave, "wave 2")
    assert store.latest_wave(programme.id) == second
    third = store.import_map(smap, programme=programme.name, label="baseline again")
    assert [w.label for w in store.waves(programme.id)][-1] == "baseline again"
    assert store.latest_wave(programme.id) == third


def test_waves_are_listed_per_programme(store: Store) -> None:
    a1 = store.import_workbook(SAMPLES / "smolensk_volunteers")
    b1 = store.import_workbook(SAMPLES / "baltic_youth_impact")
    a2 = store.import_workbook(SAMPLES / "lt_culture_innovation", programme=a1.programme)
    assert a2.programme_id == a1.programme_id != b1.programme_id
    assert store.waves(a1.programme_id) == [a1, a2]
    assert store.waves(b1.programme_id) == [b1]
    names = [p.name for p in store.programmes()]
    assert names == sorted(names, key=str.casefold)
    assert {p.name: p.waves for p in store.programmes()} == {a1.programme: 2, b1.programme: 1}
    assert store.wave(a2.id) == a2
    assert store.load(a2.id) == sample("lt_culture_innovation")


def test_unknown_ids(store: Store) -> None:
    with pytest.raises(KeyError):
        store.wave(404)
    with pytest.raises(KeyError):
        store.load(404)
    assert store.waves(404) == []
    assert store.latest_wave(404) is None
    assert store.positions(404, "force-v1") is None


def test_import_time_is_utc_and_now(store: Store) -> None:
    before = dt.datetime.now(dt.UTC)
    wave = store.import_workbook(SAMPLES / "smolensk_volunteers")
    after = dt.datetime.now(dt.UTC)
    stored = store.wave(wave.id).imported_at
    assert stored.utcoffset() == dt.timedelta(0)
    assert before <= stored <= after
    assert stored == wave.imported_at


def test_programme_name_falls_back_to_the_file_name(store: Store) -> None:
    smap = StakeholderMap((Actor("a", "A", "public"),))
    assert store.import_map(smap, source_name="survey 2025.xlsx").programme == "survey 2025"
    with pytest.raises(StoreError, match="names no programme"):
        store.import_map(smap)


def test_import_from_an_uploaded_file_object(store: Store, reopened: Store) -> None:
    smap = sample("baltic_youth_impact")
    upload = io.BytesIO(xlsx_bytes(sheet_rows(smap)))
    wave = store.import_workbook(upload, filename="baltic.xlsx", programme="Baltic")
    assert (wave.programme, wave.source_name) == ("Baltic", "baltic.xlsx")
    assert reopened.load(wave.id) == smap


# -- layouts -------------------------------------------------------------------------------


def test_positions_round_trip(store: Store) -> None:
    wave = store.import_workbook(SAMPLES / "kehila_metiva")
    assert store.positions(wave.id, "force-v1") is None
    layout = {"km-mun": (0.5, -12.25), "ק": (1e6, 3.0), "Ё": (0.0, 0.0)}
    store.save_positions(wave.id, "force-v1", layout)
    assert store.positions(wave.id, "force-v1") == layout
    store.save_positions(wave.id, "force-v1", {"km-mun": (1.0, 2.0)})
    assert store.positions(wave.id, "force-v1") == {"km-mun": (1.0, 2.0)}
    assert store.positions(wave.id, "circle") is None
    with pytest.raises(KeyError):
        store.save_positions(404, "force-v1", layout)
    with pytest.raises(ValueError, match="finite"):
        store.save_positions(wave.id, "force-v1", {"a": (float("nan"), 0.0)})


# -- the database itself ------------------------------------------------------------------


def test_data_survives_a_restart(db_url: str) -> None:
    first = Store(db_url)
    wave = first.import_workbook(SAMPLES / "smolensk_volunteers")
    first.save_positions(wave.id, "force-v1", {"sm-radi": (1.0, 2.0)})
    first.dispose()
    second = Store(db_url)
    try:
        assert second.wave(wave.id) == wave
        assert second.load(wave.id) == sample("smolensk_volunteers")
        assert second.positions(wave.id, "force-v1") == {"sm-radi": (1.0, 2.0)}
        assert not second.is_empty()
    finally:
        second.dispose()


def test_schema_is_made_by_alembic_and_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        assert versions == [head_revision()]
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert set(inspect(store.engine).get_table_names()) == {
        "alembic_version", "programmes", "waves", "wave_sheets", "layouts"}
    Store(store.url).dispose()  # opening again is a no-op upgrade
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1


def test_in_memory_sqlite_is_one_database_for_every_thread() -> None:
    memory = Store("sqlite://")
    wave = memory.import_workbook(SAMPLES / "smolensk_volunteers")
    seen: list[int] = []
    worker = threading.Thread(target=lambda: seen.append(len(memory.load(wave.id).actors)))
    worker.start()
    worker.join()
    assert seen == [29]
    memory.dispose()


def test_a_bare_path_is_an_sqlite_file(tmp_path: Path) -> None:
    opened = Store(str(tmp_path / "team.db"))
    opened.import_workbook(SAMPLES / "smolensk_volunteers")
    opened.dispose()
    assert (tmp_path / "team.db").is_file()
    assert opened.shown_url == f"sqlite:///{tmp_path / 'team.db'}"


def test_bad_urls_are_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError, match="Can't load plugin"):
        Store("nosuchdb://x")
    with pytest.raises(StoreError, match="cannot open the database") as caught:
        Store("postgresql+psycopg://app:s3cret@127.0.0.1:9/appdb?connect_timeout=2")
    assert "s3cret" not in str(caught.value) and "***" in str(caught.value)


def test_default_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DEFAULT_DB_ENV, "postgresql+psycopg://u@h/db")
    assert default_url() == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv(DEFAULT_DB_ENV)
    folder = tmp_path / "data" / "stakeholder-map"
    monkeypatch.setattr(store_module.platformdirs, "user_data_dir", lambda *a, **k: str(folder))
    assert default_url() == f"sqlite:///{folder / 'stakeholder-map.db'}"
    assert folder.is_dir()


# -- the import command ---------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_import_prints_the_new_wave(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    code, out, err = run("import", str(SAMPLES / "smolensk_volunteers"), "--db", db)
    assert code == 0, err
    assert out.splitlines() == [
        "imported a new wave (id 1)",
        "programme: Программа «Добровольцы» Детского фонда «Виктория» — Смоленская область",
        "wave:      Пилотный этап, 2009–2011 (срез март 2010)",
        "actors:    29",
        "ties:      42",
        f"database:  {db}",
    ]
    code, out, _ = run("import", str(SAMPLES / "baltic_youth_impact"), "--db", db,
                       "--programme", "Смоленск")
    assert code == 0 and "programme: Смоленск" in out and "(id 2)" in out
    opened = Store(db)
    assert [(p.name, p.waves) for p in opened.programmes()][-1] == ("Смоленск", 1)
    opened.dispose()


def test_cli_import_of_an_invalid_workbook_lists_every_problem_and_stores_nothing(
        tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    code, out, err = run("import", str(SAMPLES / "broken"), "--db", db)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].split() == ["level", "sheet", "row", "column", "value", "problem"]
    assert sum(line.startswith("error") for line in lines) == 22
    assert any(line.split()[:5] == ["error", "ties", "3", "target", "ghost"] for line in lines)
    assert lines[-1] == ("not imported: the workbook has 22 error(s); fix them and import "
                         "again (nothing was stored)")
    assert "Traceback" not in err
    opened = Store(db)
    assert opened.is_empty()
    opened.dispose()


def test_cli_import_uses_the_environment_database(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEFAULT_DB_ENV, str(tmp_path / "env.db"))
    book = write_workbook(sample("lt_culture_innovation"), tmp_path / "culture.xlsx")
    code, out, _ = run("import", str(book))
    assert code == 0 and f"database:  sqlite:///{tmp_path / 'env.db'}" in out
    opened = Store(str(tmp_path / "env.db"))
    [wave] = opened.waves(opened.programmes()[0].id)
    assert wave.source_name == "culture.xlsx"
    assert opened.load(wave.id) == sample("lt_culture_innovation")
    opened.dispose()


def test_cli_import_errors_exit_1_or_2(tmp_path: Path) -> None:
    code, _, err = run("import", str(SAMPLES / "smolensk_volunteers"), "--db", "nosuchdb://x")
    assert code == 1 and err.startswith("error: cannot use this database URL")
    bad = tmp_path / "data.xlsx"
    bad.write_bytes(b"not excel")
    code, _, err = run("import", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "not a readable .xlsx workbook" in err and "nothing was stored" in err
    assert run("import", str(tmp_path / "missing"), "--db", str(tmp_path / "x.db"))[0] == 2
    assert run("import")[0] == 2


def test_a_database_from_a_newer_version_is_refused_clearly(db_url: str) -> None:
    Store(db_url).dispose()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer version of stakeholder-map"):
        Store(db_url)
