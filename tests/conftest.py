"""Shared fixtures: small workbooks written as real CSV files, and the databases the store
tests run against (an SQLite file, and PostgreSQL when STAKEHOLDER_MAP_TEST_PG names one)."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine

Rows = Sequence[Mapping[str, str]]

BASE: dict[str, list[dict[str, str]]] = {
    "actors": [
        {"id": "bb", "name": "Backbone NGO", "sector": "civil_society", "engagement": "leading",
         "formal_influence": "4"},
        {"id": "mun", "name": "Municipality", "sector": "public", "engagement": "passive",
         "formal_influence": "5"},
        {"id": "bank", "name": "Bank", "sector": "business", "engagement": "supportive"},
        {"id": "uni", "name": "University", "sector": "academia", "engagement": "active"},
    ],
    "ties": [
        {"source": "bb", "target": "mun", "type": "collaboration", "weight": "3"},
        {"source": "bb", "target": "bank", "type": "communication"},
        {"source": "uni", "target": "bb", "type": "influence", "since": "2024-01-01"},
    ],
    "agreements": [{"id": "mou", "title": "MoU", "kind": "mou", "signed": "2024-02-01",
                    "expires": "2026-02-01", "status": "signed"}],
    "agreement_parties": [{"agreement": "mou", "actor": "bb", "responsibility": "coordination"},
                          {"agreement": "mou", "actor": "mun", "responsibility": "venues"}],
    "forums": [{"id": "wg", "name": "Working group", "kind": "working_group",
                "required_sectors": "public;business"}],
    "forum_members": [{"forum": "wg", "actor": "bb", "role": "chair"},
                      {"forum": "wg", "actor": "mun", "role": "member"}],
    "programme": [{"key": "name", "value": "Test"}, {"key": "backbone", "value": "bb"},
                  {"key": "as_of", "value": "2025-06-30"}],
}


def write_csv_folder(folder: Path, sheets: Mapping[str, Rows], *, delimiter: str = ",",
                     encoding: str = "utf-8", newline: str = "\n") -> Path:
    """Write each sheet as ``<name>.csv`` (header = union of the rows' keys, in order)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        columns = list(dict.fromkeys(k for r in rows for k in r)) or ["id"]
        with (folder / f"{name}.csv").open("w", encoding=encoding, newline="") as fh:
            writer = csv.DictWriter(fh, columns, delimiter=delimiter, lineterminator=newline)
            writer.writeheader()
            writer.writerows(rows)
    return folder


@pytest.fixture
def base_sheets() -> dict[str, list[dict[str, str]]]:
    return {k: [dict(r) for r in v] for k, v in BASE.items()}


@pytest.fixture
def make_book(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(sheets: Mapping[str, Rows], **kw: str) -> Path:
        return write_csv_folder(tmp_path / f"book{next(counter)}", sheets, **kw)

    return make


PG_ENV = "STAKEHOLDER_MAP_TEST_PG"


def _drop_everything(url: str) -> None:
    """Empty the test database: every table, Alembic's included."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            tables = MetaData()
            tables.reflect(conn)
            tables.drop_all(conn)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: an SQLite file, or the PostgreSQL test database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):  # CI must run them: .ci/run starts a server
            pytest.fail("STAKEHOLDER_MAP_TEST_PG is not set in CI (make test starts PostgreSQL)")
        pytest.skip("STAKEHOLDER_MAP_TEST_PG not set: PostgreSQL store tests need a server")
    _drop_everything(url)
    yield url
    _drop_everything(url)
