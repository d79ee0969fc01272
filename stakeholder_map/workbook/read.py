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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import pandas as pd

from stakeholder_map.errors import Problem, WorkbookReadError
from stakeholder_map.i18n import format_integer, ngettext
from stakeholder_map.i18n import gettext as _
from stakeholder_map.workbook.archive import (
    CSV_METHODS,
    SPREADSHEET_METHODS,
    check_extent,
    check_members,
    check_xlsx,
    megabytes,
    member_chunks,
    open_zip,
    raise_with,
)
from stakeholder_map.workbook.limits import DEFAULT_LIMITS, ReadLimits
from stakeholder_map.workbook.names import column_key, sheet_key
from stakeholder_map.workbook.ods import check_ods, is_ods

__all__ = [
    "MAX_CELL_CHARS",
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
"""File endings read as spreadsheets (through calamine, after the checks; ``.xls`` is
refused with the fix)."""

MAX_CELL_CHARS = DEFAULT_LIMITS.max_cell_chars
"""Characters in one cell by default (Excel's own limit); a longer cell is a validation
problem. ``ReadLimits.max_cell_chars`` (``--max-cell-chars``) sets it for one read."""

_XLSB_PART = re.compile(r"xl/(?:workbook|sharedstrings|worksheets/[^/]+)\.bin")
"""The parts of a binary workbook (printer settings and macros are .bin in any .xlsx)."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The signature of a compound (OLE2) file: an Excel 97–2003 ``.xls``."""


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
    """Every sheet read, the problems found in reading, and the limits it was read under
    (validation holds each cell to ``limits.max_cell_chars``)."""

    source: str
    sheets: dict[str, RawSheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    limits: ReadLimits = DEFAULT_LIMITS


def read_raw(source: str | Path | IO[bytes], *, filename: str | None = None,
             limits: ReadLimits = DEFAULT_LIMITS) -> RawWorkbook:
    """Read every sheet of a workbook as text.

    ``source`` is a path (an ``.xlsx`` or ``.ods`` file, a ``.zip`` of CSVs, a
    folder of CSVs, or one ``actors.csv``) or a binary file object, whose format
    is then taken from ``filename``. Problems with the layout (a CSV that is not
    UTF-8, a ragged row, a repeated column) are collected in ``problems``;
    :class:`WorkbookReadError` is raised when nothing can be read at all, and
    when the workbook is beyond ``limits`` — before it is parsed.
    """
    if not isinstance(source, (str, Path)):
        name = filename or "upload"
        return _read_bytes(_read_at_most(source, name, limits), name, limits=limits)
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".tsv", ".txt"))
        if not files:
            raise WorkbookReadError(_("{source}: the folder holds no CSV files (expected "
                                      "{file}, …)").format(source=path, file="actors.csv"))
        sizes = [f.stat().st_size for f in files]
        for file, size in zip(files, sizes, strict=True):
            _check_file_size(str(file), size, limits)
        if sum(sizes) > limits.max_total_bytes:
            raise_with(_("{source}: the CSV files hold {size} in all, more than the {limit} MB "
                         "allowed (raise it with {option})"), limits, "max_total_mb",
                       source=path, size=megabytes(sum(sizes)))
        book = RawWorkbook(str(path), limits=limits)
        for file in files:
            _add_csv(book, file.stem, file.read_bytes())
        return book
    if not path.exists():
        raise WorkbookReadError(_("{source}: no such file or folder").format(source=path))
    if path.suffix.lower() == ".csv":
        # one CSV given: read the folder it stands in
        return read_raw(path.parent, limits=limits)
    _check_file_size(str(path), path.stat().st_size, limits)
    with path.open("rb") as fh:
        data = fh.read()
    _check_file_size(str(path), len(data), limits)  # it may have grown since
    return _read_bytes(data, path.name, str(path), limits=limits)


def _read_at_most(fh: IO[bytes], name: str, limits: ReadLimits) -> bytes:
    """All of a file object, read in chunks and refused as soon as it passes
    ``max_file_mb`` (its size is not known before, and ``read(n)`` sets ``n`` bytes aside)."""
    data = bytearray()
    while chunk := fh.read(1 << 20):
        data += chunk
        _check_file_size(name, len(data), limits)
    return bytes(data)


def _check_file_size(name: str, size: int, limits: ReadLimits) -> None:
    """Refuse a file over ``max_file_mb`` before it is read into memory."""
    if size > limits.max_file_bytes:
        raise_with(_("{source}: the file is {size}, more than the {limit} MB allowed (raise it "
                     "with {option})"), limits, "max_file_mb", source=name, size=megabytes(size))


def _read_bytes(data: bytes, name: str, source: str | None = None, *,
                limits: ReadLimits) -> RawWorkbook:
    book = RawWorkbook(source or name, limits=limits)
    lower = name.lower()
    if data[:4] == b"PK\x03\x04" and not lower.endswith(SPREADSHEETS):
        _read_zip(book, data)
    elif lower.endswith(SPREADSHEETS):
        _read_spreadsheet(book, data, Path(lower).suffix)
    elif lower.endswith((".csv", ".tsv", ".txt")):
        _add_csv(book, Path(name).stem, data)
    else:
        raise WorkbookReadError(
            _("{source}: not a workbook — give an .xlsx file, a .zip of CSV files or a folder "
              "of CSV files").format(source=name))
    return book


def _read_zip(book: RawWorkbook, data: bytes) -> None:
    archive = open_zip(book.source, data, "zip")
    members = [i for i in archive.infolist() if not i.is_dir()]
    csvs = [i for i in members if i.filename.lower().endswith(".csv")]
    if not csvs:
        raise WorkbookReadError(_("{source}: the zip holds no CSV files").format(
            source=book.source))
    check_members(book.source, csvs, book.limits, CSV_METHODS, csv=True)
    for info in csvs:
        member = info.filename
        if member.startswith(("/", "\\")) or ".." in Path(member).parts or ":" in member:
            raise WorkbookReadError(_("{source}: unsafe path in zip: {member}").format(
                source=book.source, member=repr(member)))
        payload = b"".join(member_chunks(book.source, archive, info))
        _add_csv(book, Path(member).stem, payload)


def _sheet_key(title: str) -> str:
    """The format's (English) name of a sheet, whatever language its title is in."""
    key = canonical_name(title)
    key = _SHEET_ALIASES.get(key, key)
    return key if key in SHEETS else sheet_key(title) or key


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
        book.problems.append(Problem(
            title, None, None, title,
            _("sheet {sheet} is given twice; this copy was ignored").format(sheet=repr(key)),
            expected=_("one sheet per name")))
        return
    if key not in SHEETS:
        book.problems.append(Problem(
            title, None, None, title, _("sheet is not part of the format and was not read"),
            expected=_("one of {choices}").format(choices=", ".join(SHEETS)),
            severity="warning"))
        return
    grid = grid.set_axis(range(1, len(grid) + 1), axis=0).set_axis(range(grid.shape[1]), axis=1)
    header = [h.strip() for h in grid.iloc[0].tolist()] if len(grid) else []
    while header and not header[-1]:
        header.pop()
    width = len(header)
    body = grid.iloc[1:]
    if body.shape[1] > width:
        spill = body.iloc[:, width:]
        beyond = ngettext("row has cells beyond the {n} column the header names",
                          "row has cells beyond the {n} columns the header names",
                          width).format(n=width)
        every = _("a header for every column with data")
        for row, cells in spill[(spill != "").any(axis=1)].iterrows():
            values = [c for c in cells.tolist() if c]
            book.problems.append(Problem(title, int(cast(int, row)), None, "; ".join(values),
                                         beyond, expected=every))
        body = body.iloc[:, :width]
    names: list[str] = []
    headers: dict[str, str] = {}
    for pos, text in enumerate(header, start=1):
        col = canonical_name(text) if text else f"column_{pos}"
        if text:  # a name in another language stands for the English one
            col = column_key(key, text) or col
        if not text:
            book.problems.append(Problem(title, 1, col, "", _("column has no header"),
                                         expected=_("a column name in row 1"),
                                         severity="warning"))
        if col in headers:
            book.problems.append(Problem(title, 1, text, text,
                                         _("column appears twice (names ignore case and "
                                           "spaces)"),
                                         expected=_("each column once")))
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
    >>> _utf16_without_bom(b"id,name,sector")  # short UTF-8 of even length: no NUL in it

    """
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) == 0 or max(even, odd) < pairs // 10 \
            or min(even, odd) * 10 > max(even, odd):
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
            _("the file is not UTF-8 text (first at byte {byte}, in row {row}; undecodable "
              "bytes are shown as �)").format(byte=exc.start, row=row),
            expected=_("CSV saved as UTF-8"),
            suggestion=_("in Excel: Save As → 'CSV UTF-8'")))
        text = data.decode("utf-8-sig", errors="replace")
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    if csv.field_size_limit() < len(text):  # a long cell is a validation problem, not a crash
        csv.field_size_limit(len(text) + 1)
    exact = not _surely_within(book, text, delimiter)
    if exact:
        _check_csv_extent(book, title, text, delimiter)
    grid = _parse_csv(text, delimiter)
    if grid is None:  # ragged rows: padded to the widest, which must be within the limits
        if not exact:
            _check_csv_extent(book, title, text, delimiter)
        grid = _grid(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    _add_sheet(book, title, grid)


def _surely_within(book: RawWorkbook, text: str, delimiter: str) -> bool:
    """Whether pandas, if the rows are not ragged, surely stays within the limits: its
    frame has the first record's width and no more rows than the file has line ends."""
    limits = book.limits
    rows = text.count("\n") + text.count("\r") + 1
    head = text[:1_000_000]
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
    width = len(next(reader, []))
    if len(text) > len(head) and next(reader, None) is None:
        return False  # the first record may go on past the part looked at
    return (rows <= limits.max_rows + 1 and width <= limits.max_columns
            and rows * max(width, 1) <= limits.max_cells)


def _check_csv_extent(book: RawWorkbook, title: str, text: str, delimiter: str) -> None:
    """Count the records and the widest one (quotes respected, one record in memory at a
    time) and refuse a CSV beyond the row, column or cell limits before it is parsed."""
    rows = width = 0
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows += 1
        width = max(width, len(record))
    check_extent(book.source, rows, width, book.limits, lambda: ngettext(
        "sheet {sheet} has {rows} rows, up to {n} field in a row",
        "sheet {sheet} has {rows} rows, up to {n} fields in a row", width).format(
            sheet=repr(title), rows=format_integer(rows), n=format_integer(width)))


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


def _read_spreadsheet(book: RawWorkbook, data: bytes, suffix: str) -> None:
    """Excel or OpenDocument through calamine, a Rust reader ~20× faster than openpyxl —
    after the container and every sheet have been checked against ``book.limits``.

    calamine picks the format from the bytes, not the name, so the checks do too: an OLE2
    file (``.xls``) is refused whatever its name, as is anything that is not a zip; a zip
    holding ``content.xml`` is checked as OpenDocument, its other XML parts as Excel's.
    """
    import python_calamine as calamine

    if data.startswith(_OLE2):
        raise WorkbookReadError(_(
            "{source}: an Excel 97–2003 workbook (.xls) is not read, as its size cannot be "
            "checked before it is unpacked whole (a 6 KB .xls can take a gigabyte) — open it "
            "in Excel or LibreOffice and save it as .xlsx").format(source=book.source))
    if not data.startswith(b"PK\x03\x04"):
        raise WorkbookReadError(_(
            "{source}: not a readable {suffix} workbook (it is not a zip, as .xlsx and .ods "
            "files are) — save it again as .xlsx").format(source=book.source, suffix=suffix))
    archive = open_zip(book.source, data, suffix)
    parts = [i for i in archive.infolist() if not i.is_dir()]
    check_members(book.source, parts, book.limits, SPREADSHEET_METHODS)
    binary = next((i.filename for i in parts if _XLSB_PART.fullmatch(i.filename.lower())), None)
    if binary:
        raise WorkbookReadError(_(
            "{source}: {part} is a binary Excel part (.xlsb), which is not read — save the "
            "workbook as .xlsx").format(source=book.source, part=repr(binary)))
    skip: frozenset[str] = frozenset()
    if is_ods(archive):
        check_ods(book.source, archive, book.limits)
        skip = frozenset({"content.xml"})
    check_xlsx(book.source, archive, book.limits, skip)
    try:
        wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = wb.sheet_names
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        raise _unreadable(book.source, suffix, exc) from None
    for name in names:
        key = _sheet_key(name)
        if key not in SHEETS or key in book.sheets:
            _add_sheet(book, name, _grid([]))  # reported, never unpacked
            continue
        try:  # one sheet at a time: its cells are let go before the next is unpacked
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise _unreadable(book.source, suffix, exc) from None
        grid = _grid(_trim([[cell_text(v) for v in row] for row in rows]))
        del rows
        _add_sheet(book, name, grid)


def _unreadable(source: str, suffix: str, exc: Exception) -> WorkbookReadError:
    """The spreadsheet reader's own refusal (its reason is its own words, in English)."""
    return WorkbookReadError(_("{source}: not a readable {suffix} workbook ({reason})").format(
        source=source, suffix=suffix, reason=exc))


def _trim(rows: Iterable[list[str]]) -> list[list[str]]:
    out = list(rows)
    while out and not any(out[-1]):
        out.pop()
    return out
