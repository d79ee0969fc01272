"""Write a :class:`StakeholderMap` back to a workbook, losslessly.

Reading what :func:`write_workbook` wrote gives an equal map: every field,
the user's own columns and every script (Hebrew, Cyrillic, Baltic letters).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from pathlib import Path

from stakeholder_map.model import DEFAULT_SECTORS, Sector, StakeholderMap
from stakeholder_map.workbook.read import cell_text
from stakeholder_map.workbook.validate import COLUMNS

__all__ = ["sheet_rows", "write_workbook"]


def _text(value: object) -> str:
    """A model value as the cell text the reader turns back into it."""
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, tuple):
        return ";".join(value)
    return cell_text(value)


def _table(columns: Sequence[str], records: Iterable[tuple[list[object], Mapping[str, str]]]
           ) -> list[list[str]]:
    """Header + rows; the user's own columns follow in order of first appearance."""
    rows = list(records)
    extra_cols = list(dict.fromkeys(k for _, extra in rows for k in extra))
    out = [[*columns, *extra_cols]]
    for values, extra in rows:
        out.append([_text(v) for v in values] + [extra.get(c, "") for c in extra_cols])
    return out


def sheet_rows(smap: StakeholderMap) -> dict[str, list[list[str]]]:
    """Every sheet of the workbook as text rows, header first (empty sheets left out)."""
    defaults = {s.id: s for s in DEFAULT_SECTORS}
    custom: list[Sector] = [s for s in smap.sectors if defaults.get(s.id) != s]
    p = smap.programme
    settings = [("name", p.name), ("backbone", p.backbone), ("as_of", p.as_of), ("wave", p.wave),
                ("language", p.language)]
    sheets = {
        "actors": _table(COLUMNS["actors"], (
            ([a.id, a.name, a.sector, a.kind, a.parent, a.role, a.region, a.formal_influence,
              a.informal_influence, a.engagement, a.target_engagement, a.burned, a.tags,
              a.notes], a.extra) for a in smap.actors)),
        "ties": _table(COLUMNS["ties"], (
            ([t.source, t.target, t.type, t.weight, t.trust, t.value, t.since, t.until,
              t.notes], t.extra) for t in smap.ties)),
        "agreements": _table(COLUMNS["agreements"], (
            ([g.id, g.title, g.kind, g.signed, g.expires, g.status], g.extra)
            for g in smap.agreements)),
        "agreement_parties": _table(COLUMNS["agreement_parties"], (
            ([g.id, x.actor, x.responsibility], x.extra)
            for g in smap.agreements for x in g.parties)),
        "forums": _table(COLUMNS["forums"], (
            ([f.id, f.name, f.kind, f.required_sectors], f.extra) for f in smap.forums)),
        "forum_members": _table(COLUMNS["forum_members"], (
            ([f.id, m.actor, m.role, m.since], m.extra) for f in smap.forums for m in f.members)),
        "programme": [["key", "value"],
                      *([k, _text(v)] for k, v in settings if v),
                      *([k, v] for k, v in p.extra.items())],
        "sectors": _table(COLUMNS["sectors"], (
            ([s.id, s.name, s.core, s.aliases], s.extra) for s in custom)),
    }
    return {name: rows for name, rows in sheets.items() if len(rows) > 1 or name == "actors"}


def write_workbook(smap: StakeholderMap, target: str | Path) -> Path:
    """Write ``smap`` as ``.xlsx`` (when ``target`` ends so) or as a folder of CSV files."""
    path = Path(target)
    sheets = sheet_rows(smap)
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(xlsx_bytes(sheets))
        return path
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with (path / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
    return path


def xlsx_bytes(sheets: Mapping[str, list[list[str]]]) -> bytes:
    """Sheets of text as an .xlsx file; every cell is stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value)
                cell.data_type = "s"  # text, even when it starts with '='
                cells.append(cell)
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
