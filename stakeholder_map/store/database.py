"""Persist programmes and their waves in a database: SQLite by default, PostgreSQL by URL.

A *wave* is one imported workbook — an immutable snapshot of a programme's
map at one data-collection round. Importing is one transaction: all of a
valid workbook, or nothing. The wave is stored as the workbook's own sheets
(text rows, as :func:`stakeholder_map.workbook.write.sheet_rows` writes them) and
rebuilt through the same validation a file goes through, so
:meth:`Store.load` returns exactly the map that was imported.

>>> from stakeholder_map.model import Actor, Programme, StakeholderMap
>>> store = Store("sqlite://")
>>> smap = StakeholderMap((Actor("a", "Ąžuolas", "public"),), programme=Programme("Demo"))
>>> wave = store.import_map(smap, source_name="demo.xlsx")
>>> (wave.programme, wave.label, wave.actors, store.load(wave.id) == smap)
('Demo', 'wave 1', 1, True)
>>> store.dispose()
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import platformdirs
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from stakeholder_map.errors import StakeholderMapError
from stakeholder_map.model import StakeholderMap
from stakeholder_map.store.schema import (
    WRITE,
    LayoutRow,
    ProgrammeRow,
    WaveRow,
    WaveSheetRow,
    serialise_sqlite_writers,
    upgrade_schema,
)
from stakeholder_map.store.storable import refuse_nul
from stakeholder_map.workbook.read import RawWorkbook, _add_sheet, _grid
from stakeholder_map.workbook.validate import build_map, load
from stakeholder_map.workbook.write import sheet_rows

__all__ = [
    "DEFAULT_DB_ENV",
    "ProgrammeInfo",
    "Store",
    "StoreError",
    "WaveInfo",
    "default_url",
    "raw_workbook",
]

DEFAULT_DB_ENV = "STAKEHOLDER_MAP_DB"
"""Environment variable holding the database URL (or an SQLite file path)."""

SQLITE_TIMEOUT = 30.0
"""Seconds a connection to an SQLite file waits for another process's write to finish."""

IMPORT_ATTEMPTS = 20
"""How often an import is tried again after a clash with another process's import."""

LOAD_CACHE_SIZE = 8
"""How many rebuilt waves a store keeps in memory (waves never change, so this is safe)."""

Positions = dict[str, tuple[float, float]]


class StoreError(StakeholderMapError):
    """The database cannot be opened or used, or a map cannot be stored as it is."""


def default_url() -> str:
    """``$STAKEHOLDER_MAP_DB`` if set, else an SQLite file in the user's data folder."""
    url = os.environ.get(DEFAULT_DB_ENV, "").strip()
    if url:
        return url
    folder = Path(platformdirs.user_data_dir("stakeholder-map", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'stakeholder-map.db'}"


@dataclass(frozen=True)
class ProgrammeInfo:
    id: int
    name: str
    waves: int


@dataclass(frozen=True)
class WaveInfo:
    """One stored wave: what was imported, when (UTC), from which file, and how big it is."""

    id: int
    programme_id: int
    programme: str
    label: str
    imported_at: dt.datetime
    source_name: str
    actors: int
    ties: int


def raw_workbook(sheets: Mapping[str, list[list[str]]], source: str = "store") -> RawWorkbook:
    """Text rows per sheet (header first) as the :class:`RawWorkbook` a file would give.

    The rows go through the very code that reads a CSV file, so rebuilding
    with :func:`stakeholder_map.workbook.validate.build_map` applies the same rules.
    """
    book = RawWorkbook(source)
    for name, rows in sheets.items():
        _add_sheet(book, name, _grid(rows))
    return book


def _engine(url: str) -> Engine:
    """An engine for ``url``; a bare path is taken as an SQLite file."""
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
            # one shared connection, or every connection would see its own empty database
            return create_engine(parsed, poolclass=StaticPool,
                                 connect_args={"check_same_thread": False})
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, pool_pre_ping=True,
                                   connect_args={"timeout": SQLITE_TIMEOUT})
            serialise_sqlite_writers(engine)
            return engine
        return create_engine(parsed, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"cannot use this database URL: {exc}") from None
    except ArgumentError:  # its message repeats the URL, password and all
        raise StoreError("not a database URL: give dialect+driver://user:password@host/name "
                         "(e.g. postgresql+psycopg://…) or an SQLite file path") from None


_WAVES = select(WaveRow, ProgrammeRow.name).join(ProgrammeRow,
                                                 ProgrammeRow.id == WaveRow.programme_id)
"""Waves with their programme's name (statements are immutable: each use extends a copy)."""


def _free_label(wanted: str | None, taken: set[str]) -> str:
    """``wanted`` if free, else ``wanted (2)``, ``wanted (3)``…; without one, the first free
    ``wave N`` from N = one more than the number of labels taken.

    >>> _free_label("baseline", {"baseline", "baseline (2)"})
    'baseline (3)'
    >>> _free_label(None, {"wave 1", "wave 3"}), _free_label(None, {"wave 1", "baseline"})
    ('wave 4', 'wave 3')
    """
    if wanted:
        label, n = wanted, 2
        while label in taken:
            label, n = f"{wanted} ({n})", n + 1
        return label
    n = len(taken) + 1
    while f"wave {n}" in taken:
        n += 1
    return f"wave {n}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """Programmes and their waves in one database, reached through SQLAlchemy.

    Opening a store brings the database's schema up to date (Alembic). A
    store is safe to share between threads; call :meth:`dispose` when done.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine = _engine(self.url)
        try:
            upgrade_schema(self.engine)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open the database {self.shown_url}: {reason}") from None
        except CommandError as exc:  # e.g. the database is at a revision this version lacks
            self.engine.dispose()
            raise StoreError(f"cannot open the database {self.shown_url}: {exc}; was it made "
                             "by a newer version of stakeholder-map?") from None
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self._writing = sessionmaker(self.engine.execution_options(**WRITE),
                                     expire_on_commit=False)
        self._cache: OrderedDict[int, StakeholderMap] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def shown_url(self) -> str:
        """The database URL with any password hidden, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"Store({self.shown_url!r})"

    # -- reading ---------------------------------------------------------

    def programmes(self) -> list[ProgrammeInfo]:
        """Every programme with its number of waves, by name."""
        query = (select(ProgrammeRow.id, ProgrammeRow.name, func.count(WaveRow.id))
                 .outerjoin(WaveRow, WaveRow.programme_id == ProgrammeRow.id)
                 .group_by(ProgrammeRow.id, ProgrammeRow.name))
        with self._session() as session:
            found = [ProgrammeInfo(pid, name, n) for pid, name, n in session.execute(query)]
        # sorted here, not by the database, so the order is the same whatever its collation
        return sorted(found, key=lambda p: (p.name.casefold(), p.name, p.id))

    def waves(self, programme_id: int) -> list[WaveInfo]:
        """A programme's waves, oldest import first (empty for an unknown programme)."""
        query = (_WAVES.where(WaveRow.programme_id == programme_id)
                 .order_by(WaveRow.imported_at, WaveRow.id))
        with self._session() as session:
            return [self._info(wave, name) for wave, name in session.execute(query)]

    def wave(self, wave_id: int) -> WaveInfo:
        """One wave; :class:`KeyError` if there is none with this id."""
        with self._session() as session:
            row = session.execute(_WAVES.where(WaveRow.id == wave_id)).first()
        if row is None:
            raise KeyError(wave_id)
        return self._info(*row)

    def latest_wave(self, programme_id: int) -> WaveInfo | None:
        """The programme's most recently imported wave, or ``None``."""
        query = (_WAVES.where(WaveRow.programme_id == programme_id)
                 .order_by(WaveRow.imported_at.desc(), WaveRow.id.desc()).limit(1))
        with self._session() as session:
            row = session.execute(query).first()
        return None if row is None else self._info(*row)

    def is_empty(self) -> bool:
        """True when no programme has been stored yet."""
        with self._session() as session:
            return session.scalar(select(ProgrammeRow.id).limit(1)) is None

    def load(self, wave_id: int) -> StakeholderMap:
        """The map of a wave, equal to the one imported; :class:`KeyError` if none."""
        with self._lock:
            if wave_id in self._cache:
                self._cache.move_to_end(wave_id)
                return self._cache[wave_id]
        with self._session() as session:
            if session.get(WaveRow, wave_id) is None:
                raise KeyError(wave_id)
            sheets = session.execute(select(WaveSheetRow.sheet, WaveSheetRow.rows_json)
                                     .where(WaveSheetRow.wave_id == wave_id)).all()
        smap = self._rebuild({sheet: json.loads(rows) for sheet, rows in sheets},
                             f"wave {wave_id}")
        self._remember(wave_id, smap)
        return smap

    # -- writing ---------------------------------------------------------

    def import_map(self, smap: StakeholderMap, *, programme: str | None = None,
                   source_name: str = "", label: str | None = None) -> WaveInfo:
        """Store ``smap`` as a new wave of its programme, in one transaction.

        ``programme`` defaults to the map's programme name (else the source
        file's name) and is created if new; ``label`` defaults to the map's
        ``wave`` setting, else ``"wave N"`` (N: one more than the programme's
        waves, or the next number free). Labels are unique within a programme:
        a label already taken gets `` (2)``, `` (3)``… Raises :class:`StoreError` if the
        map holds something a workbook cannot carry (so it could not be
        loaded back equal), or if it or the names given hold a NUL character (no
        database stores one: PostgreSQL refuses it) — nothing is stored then.
        """
        wave = self._import(smap, programme=programme, source_name=source_name, label=label)
        assert wave is not None
        return wave

    def _import(self, smap: StakeholderMap, *, programme: str | None, source_name: str,
                label: str | None, once: bool = False) -> WaveInfo | None:
        """:meth:`import_map`; with ``once``, ``None`` (nothing stored) when the programme
        already has a wave from ``source_name``."""
        name = (programme or smap.programme.name or Path(source_name).stem).strip()
        if not name:
            raise StoreError("the workbook names no programme (programme sheet, key \"name\"): "
                             "pass programme=… or add the name")
        sheets = sheet_rows(smap)
        try:
            refuse_nul(sheets, {"programme name": name, "wave label": label or "",
                                "source file name": source_name})
        except ValueError as exc:  # PostgreSQL would refuse it mid-transaction, SQLite keep it
            raise StoreError(f"{exc}; remove it: a database cannot store it (nothing was "
                             "stored)") from None
        rebuilt = self._rebuild(sheets, source_name or name)
        if rebuilt != smap:
            raise StoreError(
                "this map cannot be stored losslessly (a value would read back differently, "
                "e.g. text with leading or trailing spaces); write it to a workbook, read "
                "it back and import that")
        for attempt in range(IMPORT_ATTEMPTS):
            try:
                wave = self._insert_wave(smap, sheets, name, source_name, label, once)
                break
            except IntegrityError:
                # another process created the same programme, or took the same label, at
                # the same moment (PostgreSQL; SQLite writers queue): now both are seen
                if attempt == IMPORT_ATTEMPTS - 1:
                    raise StoreError(f"could not store a wave of {name!r}: {IMPORT_ATTEMPTS} "
                                     "attempts clashed with other imports at the same "
                                     "moment; try again") from None
        if wave is not None:
            self._remember(wave.id, rebuilt)
        return wave

    def import_workbook(self, source: str | Path | IO[bytes], *, filename: str | None = None,
                        programme: str | None = None) -> WaveInfo:
        """Validate a workbook and store it as a new wave.

        An invalid workbook raises :class:`~stakeholder_map.errors.InvalidWorkbook`
        with every problem, and nothing is stored.
        """
        result = load(source, filename=filename)
        assert result.map is not None  # strict load raises instead
        if filename:
            source_name = filename
        elif isinstance(source, (str, Path)):
            source_name = Path(source).name
        else:
            source_name = ""
        return self.import_map(result.map, programme=programme, source_name=source_name)

    def import_samples(self, folder: Path) -> list[WaveInfo]:
        """Import each programme folder in ``folder`` (the bundled ``sample_data``) but ``broken``,
        once: a folder whose programme already has a wave from it (same folder name) is skipped.

        The check and the import are one transaction, so several processes starting
        on an empty store at once (gunicorn workers) import each sample once between
        them. Returns the waves this call stored, in name order.
        """
        stored = []
        for sub in sorted(Path(folder).iterdir()):
            if sub.is_dir() and sub.name != "broken" and sub.name[:1] not in "._":
                result = load(sub)
                assert result.map is not None  # strict load raises instead
                wave = self._import(result.map, programme=None, source_name=sub.name,
                                    label=None, once=True)
                if wave is not None:
                    stored.append(wave)
        return stored

    # -- cached layouts ----------------------------------------------------

    def positions(self, wave_id: int, key: str) -> Positions | None:
        """Node positions saved for a wave under ``key``, or ``None``."""
        with self._session() as session:
            row = session.get(LayoutRow, (wave_id, key))
        if row is None:
            return None
        data = json.loads(row.positions_json)
        return {node: (float(x), float(y)) for node, (x, y) in data.items()}

    def save_positions(self, wave_id: int, key: str, positions: Mapping[str, tuple[float, float]]
                       ) -> None:
        """Cache node positions for a wave (replacing any under the same key)."""
        data = {str(node): [float(x), float(y)] for node, (x, y) in positions.items()}
        if not all(math.isfinite(v) for xy in data.values() for v in xy):
            raise ValueError("positions must be finite numbers")
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        try:
            with self._writing.begin() as session:
                if session.get(WaveRow, wave_id) is None:
                    raise KeyError(wave_id)
                row = session.get(LayoutRow, (wave_id, key))
                if row is None:
                    session.add(LayoutRow(wave_id=wave_id, key=key, positions_json=text))
                else:
                    row.positions_json = text
        except IntegrityError:
            pass  # saved at the same moment by another worker; it is only a cache

    def dispose(self) -> None:
        """Close every pooled connection."""
        with self._lock:
            self._cache.clear()
        self.engine.dispose()

    # -- helpers -----------------------------------------------------------

    def _remember(self, wave_id: int, smap: StakeholderMap) -> None:
        with self._lock:
            self._cache[wave_id] = smap
            self._cache.move_to_end(wave_id)
            while len(self._cache) > LOAD_CACHE_SIZE:
                self._cache.popitem(last=False)

    @staticmethod
    def _info(wave: WaveRow, programme: str) -> WaveInfo:
        return WaveInfo(wave.id, wave.programme_id, programme, wave.label, wave.imported_at,
                        wave.source_name, wave.actors, wave.ties)

    @staticmethod
    def _rebuild(sheets: Mapping[str, list[list[str]]], source: str) -> StakeholderMap:
        result = build_map(raw_workbook(sheets, source))
        if result.map is None:
            raise StoreError(f"{source}: stored sheets no longer validate: "
                             + "; ".join(str(p) for p in result.errors[:5]))
        return result.map

    def _insert_wave(self, smap: StakeholderMap, sheets: Mapping[str, list[list[str]]],
                     name: str, source_name: str, label: str | None, once: bool
                     ) -> WaveInfo | None:
        with self._writing.begin() as session:
            prog = self._programme_row(session, name)
            if once and session.scalar(
                    select(WaveRow.id).where(WaveRow.programme_id == prog.id,
                                             WaveRow.source_name == source_name).limit(1)):
                return None
            taken = set(session.scalars(select(WaveRow.label)
                                        .where(WaveRow.programme_id == prog.id)))
            wave = WaveRow(programme_id=prog.id,
                           label=_free_label(label or smap.programme.wave, taken),
                           imported_at=_now(), source_name=source_name,
                           actors=len(smap.actors), ties=len(smap.ties))
            session.add(wave)
            session.flush()
            session.add_all(WaveSheetRow(wave_id=wave.id, sheet=sheet,
                                         rows_json=json.dumps(rows, ensure_ascii=False))
                            for sheet, rows in sheets.items())
            return self._info(wave, prog.name)

    @staticmethod
    def _programme_row(session: Session, name: str) -> ProgrammeRow:
        prog = session.scalars(select(ProgrammeRow).where(ProgrammeRow.name == name)).first()
        if prog is None:
            prog = ProgrammeRow(name=name, created_at=_now())
            session.add(prog)
            session.flush()
        return prog
