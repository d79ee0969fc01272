"""Property-based: whatever is typed into cells, the reader yields problems, never exceptions."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stakeholder_map import StakeholderMapError, load
from stakeholder_map.workbook.validate import COLUMNS

# Cells: anything printable in any script, plus values that look almost right.
NEAR_MISSES = ["", "0", "1", "5", "6", "-1", "2,5", "1e309", "nan", "inf", "true", "yes", "maybe",
               "2024-02-30", "2024-01-01", "0000-00-00", "public", "busines", "active", "a", "b",
               "c", "=1+1", ";", ";;", "\"", "a;b", "  ", "\u200f", "ק", "Ж", "ė"]
cells = st.one_of(st.sampled_from(NEAR_MISSES),
                  st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
                          max_size=12))
SHEET_NAMES = list(COLUMNS)


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[str]]]:
    book: dict[str, list[list[str]]] = {}
    for name in draw(st.lists(st.sampled_from(SHEET_NAMES), unique=True, max_size=8)):
        known = list(COLUMNS[name])
        columns = draw(st.lists(st.sampled_from([*known, "extra", "Extra", ""]),
                                min_size=0, max_size=len(known) + 2))
        rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(columns) + 1), max_size=6))
        book[name] = [columns, *rows]
    return book


def _write(folder: Path, book: dict[str, list[list[str]]]) -> None:
    for name, rows in book.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks())
def test_arbitrary_cells_yield_problems_not_exceptions(book: dict[str, list[list[str]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write(folder, book)
        if not any(folder.iterdir()):
            return
        result = load(folder, strict=False)
        # either a model, or a reason for each refusal
        assert result.map is not None or result.errors
        for p in result.problems:
            assert p.sheet and p.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    for name in ("actors.csv", "book.xlsx", "book.zip"):
        try:
            result = load(io.BytesIO(data), filename=name, strict=False)
        except StakeholderMapError:
            continue
        assert result.map is not None or result.errors
