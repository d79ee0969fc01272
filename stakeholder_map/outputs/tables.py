"""Write analysis results to CSV, Excel and JSON — safely.

Every CSV and Excel cell that a spreadsheet would run as a formula (text
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
neutralised with a leading apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stakeholder_map.analysis.conventions import NOTE_COLUMNS
from stakeholder_map.analysis.gaps import Gap, subject_names
from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.errors import UnsupportedFormat
from stakeholder_map.model import StakeholderMap

__all__ = [
    "gaps_csv",
    "gaps_frame",
    "json_safe",
    "metrics_json",
    "safe_cell",
    "safe_frame",
    "write_gaps",
    "write_metrics",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CRLF = "\r\n"
"""CSV line end (RFC 4180). With it the csv writer quotes a cell holding a CR or LF; with
pandas' default ``\n`` a CR inside a cell is written bare, a spreadsheet starts a new row
there and the text after it (``Bank\r=1+1``) becomes a cell of its own — a formula."""


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would evaluate gets a leading apostrophe; all else unchanged.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> safe_cell(-3), safe_cell("Ąžuolas")
    (-3, 'Ąžuolas')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) made safe."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    if out.index.dtype == object or pd.api.types.is_string_dtype(out.index):
        out.index = out.index.map(safe_cell)
    return out


def json_safe(value: Any) -> Any:
    """NaN, ±infinity and pandas' NA as null, numpy scalars as Python numbers, recursively.

    Strict JSON has no NaN or Infinity: what is undefined is written ``null`` (the
    metrics JSON says why under ``warnings``, see :func:`metrics_json`).

    >>> json_safe({"a": float("inf"), "b": [1.5, float("nan")]})
    {'a': None, 'b': [1.5, None]}
    """
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [json_safe(r) for r in frame.reset_index().to_dict(orient="records")]


def metrics_json(metrics: Metrics) -> dict[str, Any]:
    """``{"network", "actors", "sectors", "mixing", "notes", "warnings"}``.

    ``notes`` is the notes table (one object per measure: table, measure, view,
    definition, normalisation, compare_with); ``warnings`` the run's own
    remarks (sampled estimates) and, for every measure that is ``null``
    because it is undefined on this map, which one and why
    (:func:`~stakeholder_map.analysis.undefined.undefined_notes`).
    """
    from stakeholder_map.analysis.undefined import undefined_notes

    return {
        "network": json_safe(metrics.network),
        "actors": _records(metrics.actors.drop(columns=["id"], errors="ignore")),
        "sectors": _records(metrics.sectors),
        "mixing": json_safe(metrics.mixing.to_dict(orient="index")),
        "notes": [c.as_row() for c in metrics.conventions()],
        "warnings": [*metrics.notes, *undefined_notes(metrics)],
    }


def _notes_frame(metrics: Metrics) -> pd.DataFrame:
    """The notes table: what each exported measure means, for this run."""
    return pd.DataFrame([c.as_row() for c in metrics.conventions()], columns=list(NOTE_COLUMNS))


def _network_frame(metrics: Metrics) -> pd.DataFrame:
    return pd.DataFrame({"metric": list(metrics.network),
                         "value": [json_safe(v) for v in metrics.network.values()]})


def _frames(metrics: Metrics) -> dict[str, pd.DataFrame]:
    return {
        "actors": metrics.actors.reset_index(drop=True),
        "network": _network_frame(metrics),
        "sectors": metrics.sectors.reset_index(),
        "mixing": metrics.mixing.reset_index(),
        "notes": _notes_frame(metrics),
    }


def write_metrics(metrics: Metrics, path: str | Path) -> list[Path]:
    """Write the metrics as ``.xlsx`` (one sheet per table), ``.json`` or ``.csv``.

    Sheets / tables: actors, network, sectors, mixing and notes (what each
    measure means and how it compares with UCINET, R sna, R igraph and
    networkx; see :mod:`stakeholder_map.analysis.conventions`). A ``.csv``
    target holds the actor table; the other tables are written beside it as
    ``NAME.network.csv``, ``NAME.sectors.csv``, ``NAME.mixing.csv`` and
    ``NAME.notes.csv``. Returns the files written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(metrics_json(metrics), ensure_ascii=False, indent=2,
                                   allow_nan=False), encoding="utf-8")
        return [path]
    frames = _frames(metrics)
    if suffix == ".xlsx":
        write_xlsx(frames, path)
        return [path]
    if suffix == ".csv":
        written = []
        for name, frame in frames.items():
            target = path if name == "actors" else path.with_name(f"{path.stem}.{name}.csv")
            safe_frame(frame).to_csv(target, index=False, encoding="utf-8", lineterminator=CRLF)
            written.append(target)
        return written
    raise UnsupportedFormat(path.name, (".xlsx", ".json", ".csv"), "metrics")


def write_xlsx(frames: Mapping[str, pd.DataFrame], path: Path) -> None:
    """Tables as sheets; numbers stay numbers, text is made safe and stored as text."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, frame in frames.items():
        ws = wb.create_sheet(name[:31])
        ws.append([safe_cell(str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False):
            ws.append([_xlsx_value(v) for v in row])
    wb.save(path)


def _xlsx_value(value: Any) -> Any:
    value = json_safe(value)
    if isinstance(value, (list, dict)):
        return safe_cell(json.dumps(value, ensure_ascii=False))
    return safe_cell(value)


def gaps_frame(gaps: Iterable[Gap], smap: StakeholderMap | None = None) -> pd.DataFrame:
    """One row per gap; evidence as JSON text.

    With the map, the subject's and the introducer's names come beside their ids
    (``subject_name``, ``introducer_name``), so a person can read the table.
    """
    rows = [_gap_row(g) for g in gaps]
    columns = ["kind", "subject", "severity", "evidence", "suggestion", "introducer"]
    frame = pd.DataFrame(rows, columns=columns)
    if smap is not None:
        name = subject_names(smap)
        frame.insert(2, "subject_name", [name(s) for s in frame["subject"]])
        frame["introducer_name"] = [name(i) if i else "" for i in frame["introducer"]]
    return frame


def _gap_row(g: Gap) -> dict[str, Any]:
    return {**g.as_dict(), "evidence": json.dumps(json_safe(g.evidence), ensure_ascii=False)}


def gaps_csv(gaps: list[Gap], smap: StakeholderMap | None = None) -> bytes:
    """The gaps as the bytes of a UTF-8 CSV file: formula-like cells neutralised, CRLF line
    ends (RFC 4180) so a CR inside a cell is quoted and cannot start a row of its own."""
    text = safe_frame(gaps_frame(gaps, smap)).to_csv(index=False, lineterminator=CRLF)
    return text.encode("utf-8")


def write_gaps(gaps: list[Gap], path: str | Path, smap: StakeholderMap | None = None) -> Path:
    """Write gaps as ``.csv`` (evidence as JSON text), ``.json`` or ``.xlsx``.

    With the map, names come beside the subject and introducer ids (see :func:`gaps_frame`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        records = [json_safe(g.as_dict()) for g in gaps]
        if smap is not None:
            name = subject_names(smap)
            for record in records:
                record["subject_name"] = name(record["subject"])
                record["introducer_name"] = name(record["introducer"]) if record[
                    "introducer"] else ""
        path.write_text(json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False),
                        encoding="utf-8")
    elif suffix == ".csv":
        path.write_bytes(gaps_csv(gaps, smap))
    elif suffix == ".xlsx":
        write_xlsx({"gaps": gaps_frame(gaps, smap)}, path)
    else:
        raise UnsupportedFormat(path.name, (".csv", ".json", ".xlsx"), "gaps")
    return path
