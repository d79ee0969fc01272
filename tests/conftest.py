"""Shared fixtures: small workbooks written as real CSV files."""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

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
