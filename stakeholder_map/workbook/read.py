"""Read a stakeholder workbook — an ``.xlsx`` file, a folder of CSV files or a ``.zip`` of them.

This is the only module on the read side that touches files. It turns every
sheet into a :class:`RawSheet`: all cells as stripped text, columns under
their canonical names, indexed by the row number a person sees in the
spreadsheet (header = row 1). Giving the cells meaning is the job of
:mod:`stakeholder_map.workbook.validate`.

CSV files are accepted the way spreadsheet programs save them in any locale:
comma, semicolon or tab separated, UTF-8 with or without a byte-order mark
(or UTF-16 with one), CRLF or LF line ends.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import pandas as pd

from stakeholder_map.errors import Problem, WorkbookReadError

__all__ = [
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_ROWS",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_PART_BYTES",
    "MAX_ZIP_MEMBER_BYTES",
    "SHEETS",
    "RawSheet",
    "RawWorkbook",
    "canonical_name",
    "cell_text",
    "read_raw",
]

SHEETS: tuple[str, ...] = (
    "actors",
    "ties",
    "agreements",
    "agreement_parties",
    "forums",
    "forum_members",
    "programme",
    "sectors",
)
"""The sheets of the format, in the order they are written."""

_SHEET_ALIASES = {
    "actor": "actors",
    "stakeholders": "actors",
    "tie": "ties",
    "relations": "ties",
    "relationships": "ties",
    "edges": "ties",
    "agreement": "agreements",
    "parties": "agreement_parties",
    "agreement_party": "agreement_parties",
    "forum": "forums",
    "members": "forum_members",
    "forum_member": "forum_members",
    "program": "programme",
    "settings": "programme",
    "sector": "sectors",
}

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
"""File endings read as spreadsheets (all through calamine)."""

MAX_ZIP_MEMBER_BYTES = 200 * 1024 * 1024
"""A CSV inside a zip may not unpack to more than this (guards against zip bombs)."""

MAX_XLSX_PART_BYTES = 1024 * 1024 * 1024
"""One part of an .xlsx (a sheet's XML, the shared strings) may not unpack to more than this."""

MAX_XLSX_BYTES = 2 * 1024 * 1024 * 1024
"""All parts of an .xlsx together may not unpack to more than this."""

MAX_COMPRESSION_RATIO = 200
"""A zip member (CSV or xlsx part) over 1 MB unpacked may be compressed at most this much."""

_RATIO_FLOOR = 1_000_000
"""Members smaller than this unpacked are not ratio-checked (tiny files compress well)."""

MAX_ROWS = 2_000_000
"""Data rows per sheet (the header row not counted)."""

MAX_COLUMNS = 200
"""Columns per sheet."""

MAX_CELLS = 12_000_000
"""Cells per sheet, counted as the used area: last row × last column (the header included)."""

MAX_CELL_CHARS = 32_767
"""Characters in one cell (Excel's own limit); a longer cell is a validation problem."""


def canonical_name(text: str) -> str:
    """Sheet or column name as matched: case-, space- and hyphen-insensitive.

    >>> canonical_name("  Formal Influence ")
    'formal_influence'
    >>> canonical_name("Agreement-Parties")
    'agreement_parties'
    """
    return re.sub(r"[\s\-_]+", "_", text.strip().lower()).strip("_")


@dataclass
class RawSheet:
    """One sheet as text.

    ``frame`` has one column per header cell, named by :func:`canonical_name`
    for the format's columns and kept verbatim for the user's own columns;
    its index is the spreadsheet row number. ``headers`` maps each frame
    column to the header text the user wrote.
    """

    name: str
    title: str
    frame: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class RawWorkbook:
    source: str
    sheets: dict[str, RawSheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_raw(source: str | Path | IO[bytes], *, filename: str | None = None) -> RawWorkbook:
    """Read every sheet of a workbook as text.

    ``source`` is a path (an ``.xlsx`` file, a ``.zip`` of CSVs, a folder of
    CSVs, or one ``actors.csv``) or a binary file object, whose format is then
    taken from ``filename``. Problems with the layout (a CSV that is not UTF-8,
    a ragged row, a repeated column) are collected in ``problems``;
    :class:`WorkbookReadError` is raised only when nothing can be read at all.
    """
    if not isinstance(source, (str, Path)):
        name = filename or "upload"
        return _read_bytes(source.read(), name)
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".tsv", ".txt"))
        if not files:
            raise WorkbookReadError(
                f"{path}: the folder holds no CSV files (expected actors.csv, …)")
        book = RawWorkbook(str(path))
        for file in files:
            _add_csv(book, file.stem, file.read_bytes())
        return book
    if not path.exists():
        raise WorkbookReadError(f"{path}: no such file or folder")
    if path.suffix.lower() == ".csv":
        # one CSV given: read the folder it stands in
        return read_raw(path.parent)
    with path.open("rb") as fh:
        return _read_bytes(fh.read(), path.name, str(path))


def _read_bytes(data: bytes, name: str, source: str | None = None) -> RawWorkbook:
    book = RawWorkbook(source or name)
    lower = name.lower()
    if data[:4] == b"PK\x03\x04" and not lower.endswith(SPREADSHEETS):
        _read_zip(book, data)
    elif lower.endswith(SPREADSHEETS):
        _read_xlsx(book, data)
    elif lower.endswith((".csv", ".tsv", ".txt")):
        _add_csv(book, Path(name).stem, data)
    else:
        raise WorkbookReadError(
            f"{name}: not a workbook — give an .xlsx file, a .zip of CSV files "
            "or a folder of CSV files"
        )
    return book


def _read_zip(book: RawWorkbook, data: bytes) -> None:
    archive = _open_zip(book.source, data, "zip")
    members = [i for i in archive.infolist() if not i.is_dir()]
    csvs = [i for i in members if i.filename.lower().endswith(".csv")]
    if not csvs:
        raise WorkbookReadError(f"{book.source}: the zip holds no CSV files")
    _check_members(book.source, csvs, MAX_ZIP_MEMBER_BYTES, MAX_ZIP_MEMBER_BYTES,
                   "the CSV files", _CSV_METHODS)
    for info in csvs:
        member = info.filename
        if member.startswith(("/", "\\")) or ".." in Path(member).parts or ":" in member:
            raise WorkbookReadError(f"{book.source}: unsafe path in zip: {member!r}")
        payload = b"".join(_member_chunks(book.source, archive, info))
        _add_csv(book, Path(member).stem, payload)


_ZIP_METHOD_NAMES = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate",
                     zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "lzma"}
_CSV_METHODS = frozenset(_ZIP_METHOD_NAMES)
_XLSX_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})

# everything the zip module (and the decompressors under it) raises for a damaged archive
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError,
               EOFError, OSError, ValueError, KeyError, struct.error, zlib.error)


def _open_zip(source: str, data: bytes, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise WorkbookReadError(f"{source}: not a readable {what} file ({_reason(exc)}); "
                                "it may be damaged — save or export it again") from None


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _check_members(source: str, members: list[zipfile.ZipInfo], part_limit: int,
                   total_limit: int, what: str, methods: frozenset[int]) -> None:
    """Refuse, before unpacking anything, members that are encrypted, use a compression
    method that cannot be read, or declare sizes or ratios beyond the limits."""
    for info in members:
        member = info.filename
        if info.flag_bits & 0x1:
            raise WorkbookReadError(
                f"{source}: {member!r} is encrypted (password-protected) — save the file "
                "again without a password")
        if info.compress_type not in methods:
            name = _ZIP_METHOD_NAMES.get(info.compress_type, "unknown")
            allowed = ", ".join(_ZIP_METHOD_NAMES[m] for m in sorted(methods))
            raise WorkbookReadError(
                f"{source}: {member!r} uses compression method {info.compress_type} ({name}), "
                f"which cannot be read — save the file again with one of: {allowed}")
        if info.file_size > part_limit:
            raise WorkbookReadError(
                f"{source}: {member!r} unpacks to {info.file_size} bytes, more than the "
                f"{part_limit} allowed")
        if (info.file_size > _RATIO_FLOOR
                and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)):
            ratio = info.file_size // max(info.compress_size, 1)
            raise WorkbookReadError(
                f"{source}: {member!r} is compressed {ratio}:1, more than the "
                f"{MAX_COMPRESSION_RATIO}:1 allowed — refused as a possible zip bomb")
    total = sum(i.file_size for i in members)
    if total > total_limit:
        raise WorkbookReadError(f"{source}: {what} unpack to {total} bytes, more than the "
                                f"{total_limit} allowed")


def _member_chunks(source: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                   size: int = 1 << 20) -> Iterator[bytes]:
    """A member's bytes in chunks, never more than its header declares (checked as read:
    a header that understates the size, a bad CRC or a damaged stream is a one-line error)."""
    read = 0
    try:
        with archive.open(info) as fh:
            while chunk := fh.read(size):
                read += len(chunk)
                if read > info.file_size:
                    break
                yield chunk
    except _ZIP_ERRORS as exc:
        raise WorkbookReadError(f"{source}: {info.filename!r} is damaged ({_reason(exc)}) — "
                                "save or export the file again") from None
    if read != info.file_size:
        raise WorkbookReadError(
            f"{source}: {info.filename!r} is damaged (its header says {info.file_size} bytes, "
            f"it holds {'more' if read > info.file_size else read}) — save or export the "
            "file again")


def _sheet_key(title: str) -> str:
    key = canonical_name(title)
    return _SHEET_ALIASES.get(key, key)


def _grid(rows: list[list[str]]) -> pd.DataFrame:
    """Text rows of any lengths as a rectangular frame of str ('' where a row is short)."""
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)


_SPACES = " \t\r\n\u00a0\u2007\u202f\v\f"


def _strip(col: pd.Series) -> pd.Series:
    """Strip the cells of a column; one quick scan skips columns without any white space."""
    values = col.tolist()
    joined = "".join(values)
    if not any(space in joined for space in _SPACES):
        return col
    return pd.Series([v.strip() for v in values], index=col.index, dtype=object)


def _drop_blank_rows(body: pd.DataFrame) -> pd.DataFrame:
    """Rows whose every cell is empty are not data (checked only where the first cell is)."""
    candidates = body.index[body.iloc[:, 0] == ""] if body.shape[1] else body.index
    if len(candidates) == 0:
        return body
    blank = candidates[(body.loc[candidates] == "").all(axis=1)]
    return body.drop(index=blank)


def _add_sheet(book: RawWorkbook, title: str, grid: pd.DataFrame) -> None:
    """Turn a text grid (spreadsheet row 1 = header) into a RawSheet; skip wholly blank rows."""
    key = _sheet_key(title)
    if key in book.sheets:
        book.problems.append(Problem(title, None, None, title,
                                     f"sheet {key!r} is given twice; this copy was ignored",
                                     expected="one sheet per name"))
        return
    if key not in SHEETS:
        book.problems.append(Problem(
            title, None, None, title, "sheet is not part of the format and was not read",
            expected="one of " + ", ".join(SHEETS), severity="warning"))
        return
    grid = grid.set_axis(range(1, len(grid) + 1), axis=0).set_axis(range(grid.shape[1]), axis=1)
    header = [h.strip() for h in grid.iloc[0].tolist()] if len(grid) else []
    while header and not header[-1]:
        header.pop()
    width = len(header)
    body = grid.iloc[1:]
    if body.shape[1] > width:
        spill = body.iloc[:, width:]
        for row, cells in spill[(spill != "").any(axis=1)].iterrows():
            values = [c for c in cells.tolist() if c]
            book.problems.append(Problem(
                title, int(cast(int, row)), None, "; ".join(values),
                f"row has cells beyond the {width} columns the header names",
                expected="a header for every column with data"))
        body = body.iloc[:, :width]
    names: list[str] = []
    headers: dict[str, str] = {}
    for pos, text in enumerate(header, start=1):
        col = canonical_name(text) if text else f"column_{pos}"
        if not text:
            book.problems.append(Problem(title, 1, col, "", "column has no header",
                                         expected="a column name in row 1", severity="warning"))
        if col in headers:
            book.problems.append(Problem(title, 1, text, text,
                                         "column appears twice (names ignore case and spaces)",
                                         expected="each column once"))
            col = f"{col}__{pos}"
        names.append(col)
        headers[col] = text
    body = body.set_axis(names, axis=1)
    if len(body):
        body = _drop_blank_rows(body)
        body = body.apply(_strip) if len(body) else body
    body.index.name = "row"
    book.sheets[key] = RawSheet(key, title, body, headers)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    codec = _utf16_without_bom(data)
    if codec:
        return data.decode(codec)
    return data.decode("utf-8-sig")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the bytes look like UTF-16 saved without a byte-order mark.

    Text in UTF-16 has a NUL for the high byte of every ASCII character (delimiters, digits,
    line ends at least), all on the odd offsets (little-endian) or all on the even ones
    (big-endian); UTF-8 text has none.

    >>> _utf16_without_bom("id,name".encode("utf-16-le")), _utf16_without_bom(b"id,name")
    ('utf-16-le', None)
    """
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) < pairs // 10 or min(even, odd) * 10 > max(even, odd):
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def _add_csv(book: RawWorkbook, title: str, data: bytes) -> None:
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        # reported once, at its row; the rest is read with the bad bytes replaced by �, so
        # the ids in the file still match each other and nothing else is reported for it
        row = data.count(b"\n", 0, exc.start) + 1
        book.problems.append(Problem(
            title, row, None, repr(data[max(0, exc.start - 10):exc.start + 10]),
            f"the file is not UTF-8 text (first at byte {exc.start}, in row {row}; "
            "undecodable bytes are shown as �)",
            expected="CSV saved as UTF-8", suggestion="in Excel: Save As → 'CSV UTF-8'"))
        text = data.decode("utf-8-sig", errors="replace")
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    grid = _parse_csv(text, delimiter)
    if grid is None:
        grid = _grid(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    _add_sheet(book, title, grid)


def _parse_csv(text: str, delimiter: str) -> pd.DataFrame | None:
    """Fast path through pandas' C parser; ``None`` when rows are ragged (csv module then)."""
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=object,
                            keep_default_na=False, na_filter=False, skip_blank_lines=False,
                            quotechar='"', doublequote=True, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    return frame.fillna("")


def cell_text(value: Any) -> str:
    """A cell value as the text a person would type for it (the reader's and writer's rule).

    >>> cell_text(3.0), cell_text(2.5), cell_text(True), cell_text(None)
    ('3', '2.5', 'true', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _read_xlsx(book: RawWorkbook, data: bytes) -> None:
    """Excel or OpenDocument through calamine, a Rust reader ~20× faster than openpyxl."""
    import python_calamine as calamine

    if data[:4] == b"PK\x03\x04":
        _check_xlsx(book.source, data)
    try:
        wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
                  for name in wb.sheet_names]
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        raise WorkbookReadError(f"{book.source}: not a readable .xlsx workbook ({exc})") from None
    for name, rows in sheets:
        _add_sheet(book, name, _grid(_trim([[cell_text(v) for v in row] for row in rows])))


def _trim(rows: Iterable[list[str]]) -> list[list[str]]:
    out = list(rows)
    while out and not any(out[-1]):
        out.pop()
    return out


# --- bounding an .xlsx before calamine sees it ----------------------------------------

_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_ATTRS = rb"""(?:[^>"']|"[^"]*"|'[^']*')*"""
"""A start tag's attributes; a quoted value may hold ``>`` (quick-xml allows it)."""
_START_TAG = re.compile(
    _PREFIX + rb"(?:c|row)(?=[\s/>])(?:" + _ATTRS  # lazily: up to the first r=
    + rb"""?\sr\s*=\s*["']([A-Za-z]{0,7})([0-9]{1,12})["'])?""")
"""Every cell and row start tag, with its reference when it has one (``b""`` when not)."""
_TAG = re.compile(_PREFIX + rb"(c|row)(?=[\s/>])(" + _ATTRS + rb")>")
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
_REF_VALUE = re.compile(rb"([A-Za-z]{0,7})([0-9]{0,12})")
_UNREADABLE = 10**12  # a reference that cannot be read counts as beyond every limit
_DIMENSION = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?ref\s*=\s*["']([^"']{0,40})["']""")
_SHEET_ENTRY = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\s[^>]*>")
_REL_ENTRY = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\s[^>]*>")
_ATTR = re.compile(rb"""([\w:]+)\s*=\s*["']([^"']*)["']""")


def _column_number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"XFD"`` → 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _column_letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


@dataclass
class _Extent:
    """The largest row and column a sheet part uses, and whether every tag said where it is."""

    rows: int = 0
    columns: int = 0
    implicit: bool = False
    dimension: str | None = None
    _looked: bool = False

    def add(self, chunk: bytes) -> None:
        found = _START_TAG.findall(chunk)
        if found:
            digits = {d for _, d in found}
            if b"" in digits:
                self.implicit = True
                digits.discard(b"")
            if digits:
                self.rows = max(self.rows, max(map(int, digits)))
            letters = {c for c, _ in found}
            self.columns = max(self.columns, max(map(_column_number, letters)))
        if self.dimension is None and not self._looked and (dim := _DIMENSION.search(chunk)):
            self.dimension = dim.group(1).decode("ascii", "replace")
        self._looked = True  # <dimension> comes first in a sheet, before any data

    def add_in_order(self, chunk: bytes, state: list[int]) -> None:
        """The slow, exact walk for tags without an ``r`` (position = previous + 1)."""
        row, col = state
        for tag in _TAG.finditer(chunk):
            attr = _R_ATTR.search(b" " + tag.group(2))
            ref = _REF_VALUE.fullmatch(attr.group(1)) if attr else None
            if attr and not ref:
                row = col = _UNREADABLE
            if tag.group(1) == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                col = 0
            else:
                col = _column_number(ref.group(1)) if ref and ref.group(1) else col + 1
                if ref and ref.group(2):
                    row = int(ref.group(2))
                self.columns = max(self.columns, col)
            self.rows = max(self.rows, row)
        state[:] = [row, col]


def _tag_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Re-cut a stream so that no tag is split: each piece ends just before a ``<`` (which
    well-formed XML never holds inside a tag, while a quoted value may hold ``>``)."""
    carry = bytearray()
    for chunk in chunks:
        cut = chunk.rfind(b"<")
        if cut < 0:
            carry += chunk
            continue
        carry += chunk[:cut]
        yield bytes(carry)
        carry = bytearray(chunk[cut:])
    if carry:
        yield bytes(carry)


def _dimension_size(ref: str) -> tuple[int, int] | None:
    """``A1:XFD1048576`` → (1048576, 16384); ``None`` when it cannot be read."""
    last = ref.split(":")[-1].strip().replace("$", "")
    match = re.fullmatch(r"([A-Za-z]{1,3})([0-9]{1,9})", last)
    if not match:
        return None
    return int(match.group(2)), _column_number(match.group(1).encode())


def _sheet_names(source: str, archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name → sheet title, from the workbook and its relationships (best effort)."""
    def small(name: str) -> bytes:
        try:
            info = archive.getinfo(name)
        except KeyError:
            return b""
        if info.file_size > 50 * 1024 * 1024:
            return b""
        return b"".join(_member_chunks(source, archive, info))

    def attrs(tag: bytes) -> dict[bytes, bytes]:
        return {k.split(b":")[-1]: v for k, v in _ATTR.findall(tag)}

    targets = {}
    for rel in _REL_ENTRY.findall(small("xl/_rels/workbook.xml.rels")):
        a = attrs(rel)
        target = a.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
        targets[a.get(b"Id", b"")] = target if target.startswith("xl/") else "xl/" + target
    out = {}
    for entry in _SHEET_ENTRY.findall(small("xl/workbook.xml")):
        a = attrs(entry)
        part = targets.get(a.get(b"id", b""))
        if part:
            out[part] = a.get(b"name", b"").decode("utf-8", "replace")
    return out


def _check_xlsx(source: str, data: bytes) -> None:
    """Refuse an .xlsx whose parts or sheets are beyond the limits, before it is parsed.

    Every part is unpacked once, in chunks (so a bad CRC or a header that understates the
    size is found here); every XML part is scanned for the largest row and column it uses
    and for the size its ``<dimension>`` declares.
    """
    archive = _open_zip(source, data, ".xlsx")
    parts = [i for i in archive.infolist() if not i.is_dir()]
    _check_members(source, parts, MAX_XLSX_PART_BYTES, MAX_XLSX_BYTES, "the workbook's parts",
                   _XLSX_METHODS)
    titles = _sheet_names(source, archive)
    for info in parts:
        if not info.filename.lower().endswith(".xml"):
            for _ in _member_chunks(source, archive, info):
                pass
            continue
        extent = _Extent()
        for piece in _tag_chunks(_member_chunks(source, archive, info)):
            extent.add(piece)
        if extent.implicit:
            extent, state = _Extent(dimension=extent.dimension), [0, 0]
            for piece in _tag_chunks(_member_chunks(source, archive, info)):
                extent.add_in_order(piece, state)
        name = titles.get(info.filename, info.filename)
        _check_extent(source, name, extent)


def _check_extent(source: str, sheet: str, extent: _Extent) -> None:
    shapes = [((extent.rows, extent.columns),
               f"has cells up to {_column_letters(extent.columns)}{extent.rows}")]
    declared = _dimension_size(extent.dimension) if extent.dimension else None
    if declared:
        shapes.insert(0, (declared, f"declares its size as {extent.dimension}"))
    for (rows, columns), how in shapes:
        fix = ("delete the rows and columns beyond your data (or split the sheet) and save "
               "it again")
        if columns > MAX_COLUMNS:
            raise WorkbookReadError(
                f"{source}: sheet {sheet!r} {how}: {columns} columns, more than the "
                f"{MAX_COLUMNS} allowed — {fix}")
        if rows > MAX_ROWS + 1:
            raise WorkbookReadError(
                f"{source}: sheet {sheet!r} {how}: {rows - 1} rows below the header, more "
                f"than the {MAX_ROWS} allowed — {fix}")
        if rows * columns > MAX_CELLS:
            raise WorkbookReadError(
                f"{source}: sheet {sheet!r} {how}: {rows} rows × {columns} columns = "
                f"{rows * columns} cells, more than the {MAX_CELLS} allowed — {fix}")
