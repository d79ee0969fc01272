"""The store's tables, and bringing a database's schema up to date with Alembic.

The tables (the migrations in ``migrations/versions/`` make exactly these; a test
checks that the two agree):

``programmes``
    one row per programme, its ``name`` unique.
``waves``
    one row per imported workbook: an immutable snapshot of a programme's
    map, with its label (unique within the programme, since ``0002``), import
    time (UTC), source file name and counts.
``wave_sheets``
    the wave's content: every sheet of the workbook as JSON text rows,
    header first (see :func:`stakeholder_map.workbook.write.sheet_rows`).
``layouts``
    node positions computed for a wave, cached under a key such as
    ``"force-v1"`` so a large map is laid out once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    DateTime,
    Dialect,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "SCRIPT_LOCATION",
    "WRITE",
    "Base",
    "LayoutRow",
    "ProgrammeRow",
    "UTCDateTime",
    "WaveRow",
    "WaveSheetRow",
    "current_revision",
    "head_revision",
    "serialise_sqlite_writers",
    "upgrade_schema",
]

SCRIPT_LOCATION = "stakeholder_map.store:migrations"
"""Where Alembic finds the migrations: inside the installed package, not the working folder."""

_PG_MIGRATION_LOCK = 0x5354_4D41_5030_0001
"""PostgreSQL advisory lock id: two processes starting at once migrate one after the other."""

_BEGIN_OPTION = "stakeholder_map_begin"
WRITE = {_BEGIN_OPTION: "BEGIN IMMEDIATE"}
"""Execution options for a transaction that will write: on an SQLite file (see
:func:`serialise_sqlite_writers`) it takes the write lock when it begins, so writers
queue instead of reading, then failing to write ("database is locked")."""

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (UTC).

    PostgreSQL keeps the zone itself (``timestamptz``); SQLite keeps text
    without one, so naive values read back are taken as the UTC they were
    written as. A naive value given to write is refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"timestamp {value!r} has no time zone; give an aware datetime")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ProgrammeRow(Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class WaveRow(Base):
    __tablename__ = "waves"
    __table_args__ = (Index(None, "programme_id", "imported_at"),
                      UniqueConstraint("programme_id", "label"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    label: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    source_name: Mapped[str] = mapped_column(Text)
    actors: Mapped[int] = mapped_column(Integer)
    ties: Mapped[int] = mapped_column(Integer)


class WaveSheetRow(Base):
    __tablename__ = "wave_sheets"

    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id"), primary_key=True)
    sheet: Mapped[str] = mapped_column(String(40), primary_key=True)
    rows_json: Mapped[str] = mapped_column(Text)


class LayoutRow(Base):
    __tablename__ = "layouts"

    wave_id: Mapped[int] = mapped_column(ForeignKey("waves.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    positions_json: Mapped[str] = mapped_column(Text)


def serialise_sqlite_writers(engine: Engine) -> None:
    """Make an SQLite file engine's transactions real ones, begun where SQLAlchemy begins them.

    The sqlite3 module otherwise begins a transaction only at the first INSERT,
    UPDATE or DELETE: a read before it (the next wave number, "is this sample
    there yet?") is outside the transaction, so two processes could both act on
    what they read. Here every transaction begins with ``BEGIN`` (reads see one
    snapshot) and one opened with :data:`WRITE` with ``BEGIN IMMEDIATE``, so
    writers run one after the other (each waits up to the connection's timeout).
    This is SQLAlchemy's documented recipe for pysqlite.
    """

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get(_BEGIN_OPTION, "BEGIN"))


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def head_revision() -> str:
    """The newest migration this version of the package knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (``None`` for a database never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest schema, in one transaction (a no-op when it is there)."""
    config = _config()
    # on SQLite (with serialise_sqlite_writers) a second process waits for the first
    with engine.execution_options(**WRITE).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
