"""Hostile files are refused with one clear line, exit 1, no traceback and bounded memory.

Every hostile file is built here, part by part with :mod:`zipfile` (an .xlsx is a zip of
XML parts), so each really declares what it claims: the corner workbook's sheet says
``<dimension ref="A1:XFD1048576"/>`` and holds a cell at ``XFD1048576``. Memory is the
peak resident size of the command-line child, measured by a wrapper process with
``resource.getrusage(RUSAGE_CHILDREN)`` (issue 10).
"""

from __future__ import annotations

import base64
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import pytest
from openpyxl.utils import get_column_letter

from dashboards.app import create_app
from dashboards.pages import data as data_page
from stakeholder_map.errors import WorkbookReadError
from stakeholder_map.workbook import read
from stakeholder_map.workbook.limits import DEFAULT_LIMITS as LIMITS
from stakeholder_map.workbook.limits import ReadLimits
from stakeholder_map.workbook.validate import load

from .dashboards.text import visible_text

PEAK_LIMIT_MIB = 500

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>')
_OVERRIDE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets>{sheets}</sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '{rels}</Relationships>')
_SHEET_REL = ('<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>')
_SHARED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
    'uniqueCount="{count}">{items}</sst>')
_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '{dimension}<sheetData>{rows}</sheetData></worksheet>')


def cell(ref: str | None, text: str) -> str:
    where = f' r="{ref}"' if ref else ""
    return f'<c{where} t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int | None, *cells: str) -> str:
    where = f' r="{number}"' if number else ""
    return f"<row{where}>{''.join(cells)}</row>"


def grid_rows(rows: list[list[str]]) -> str:
    """Ordinary rows with explicit references (as Excel writes them)."""
    out = []
    for r, values in enumerate(rows, start=1):
        out.append(row(r, *(cell(f"{get_column_letter(c)}{r}", v)
                             for c, v in enumerate(values, start=1))))
    return "".join(out)


ACTORS = [["id", "name", "sector"], ["a", "Alpha", "public"], ["b", "Beta", "business"]]
TIES = [["source", "target", "type"], ["a", "b", "collaboration"]]


def xlsx_bytes(sheets: dict[str, str], dimensions: dict[str, str] | None = None,
               method: int = zipfile.ZIP_DEFLATED, shared: list[str] | None = None) -> bytes:
    """An .xlsx whose sheets hold the given ``<sheetData>`` XML (inline strings, or
    references into the ``shared`` strings)."""
    dimensions = dimensions or {}
    buf = io.BytesIO()
    names = list(sheets)
    with zipfile.ZipFile(buf, "w", method) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
            overrides="".join(_OVERRIDE.format(n=n) for n in range(1, len(names) + 1))))
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK.format(sheets="".join(
            f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
            for n, name in enumerate(names, start=1))))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(
            rels="".join(_SHEET_REL.format(n=n) for n in range(1, len(names) + 1))))
        if shared is not None:
            zf.writestr("xl/sharedStrings.xml", _SHARED.format(count=len(shared), items="".join(
                f"<si><t>{text}</t></si>" for text in shared)))
        for n, name in enumerate(names, start=1):
            dim = dimensions.get(name)
            zf.writestr(f"xl/worksheets/sheet{n}.xml", _SHEET.format(
                dimension=f'<dimension ref="{dim}"/>' if dim else "", rows=sheets[name]))
    return buf.getvalue()


def valid_xlsx() -> bytes:
    return xlsx_bytes({"actors": grid_rows(ACTORS), "ties": grid_rows(TIES)})


def csv_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("actors.csv", "id,name,sector\na,Alpha,public\nb,Beta,business\n")
        zf.writestr("ties.csv", "source,target,type\na,b,collaboration\n")
    return buf.getvalue()


def shared_cell(ref: str, index: int) -> str:
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def shared_xlsx(rows_by_sheet: dict[str, list[list[str]]]) -> bytes:
    """An .xlsx as Excel writes one: every text cell a reference into xl/sharedStrings.xml."""
    strings: dict[str, int] = {}
    sheets = {}
    for name, rows in rows_by_sheet.items():
        sheets[name] = "".join(row(r, *(
            shared_cell(f"{get_column_letter(c)}{r}", strings.setdefault(v, len(strings)))
            for c, v in enumerate(values, start=1))) for r, values in enumerate(rows, start=1))
    return xlsx_bytes(sheets, shared=list(strings))


def text_bomb_xlsx(cells: int, length: int = 30_000) -> bytes:
    """A header cell ``id`` and ``cells`` cells below it, every one showing the same
    ``length``-character shared string."""
    body = row(1, shared_cell("A1", 0)) + "".join(
        row(r, shared_cell(f"A{r}", 1)) for r in range(2, cells + 2))
    return xlsx_bytes({"actors": body}, shared=["id", "y" * length])


_ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
    "</office:document-content>")
_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names'
    ':tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-'
    'entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')


def ods_cell(text: str, repeat: int | None = None) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat else ""
    return (f'<table:table-cell{times} office:value-type="string"><text:p>{text}</text:p>'
            "</table:table-cell>")


def ods_row(*cells: str, repeat: int | None = None) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat else ""
    return f"<table:table-row{times}>{''.join(cells)}</table:table-row>"


def ods_bytes(tables: dict[str, str]) -> bytes:
    """An OpenDocument spreadsheet (as LibreOffice lays one out) of the given tables' rows."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", _ODS_CONTENT.format(tables="".join(
            f'<table:table table:name="{name}">{rows}</table:table>'
            for name, rows in tables.items())), zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def ods_grid(rows: list[list[str]]) -> str:
    return "".join(ods_row(*(ods_cell(v) for v in r)) for r in rows)


def valid_ods() -> bytes:
    return ods_bytes({"actors": ods_grid(ACTORS), "ties": ods_grid(TIES)})


def _biff(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def xls_bytes(strings: list[str], cells: list[tuple[int, int, int]]) -> bytes:
    """An Excel 97–2003 workbook, written by the book: a BIFF8 stream (one sheet 'actors'
    whose cells are (row, column, shared-string index) references into one SST) in an OLE2
    compound file with 512-byte sectors (MS-XLS, MS-CFB)."""
    sst = struct.pack("<II", len(cells), len(strings)) + b"".join(
        struct.pack("<HB", len(t), 0) + t.encode("latin-1") for t in strings)
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)

    def globals_(offset: int) -> bytes:
        sheet = _biff(0x0085, struct.pack("<IBBBB", offset, 0, 0, 6, 0) + b"actors")
        return _biff(0x0809, bof) + sheet + _biff(0x00FC, sst) + _biff(0x000A, b"")

    head = globals_(len(globals_(0)))
    last_row = max(r for r, _, _ in cells) + 1
    last_col = max(c for _, c, _ in cells) + 1
    stream = head + _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0)) + _biff(
        0x0200, struct.pack("<IIHHH", 0, last_row, 0, last_col, 0)) + b"".join(
        _biff(0x00FD, struct.pack("<HHHI", r, c, 15, i)) for r, c, i in cells) + _biff(0x000A, b"")
    stream = stream.ljust(4096, b"\x00")  # at least the mini-stream cutoff: in the FAT
    sectors = -(-len(stream) // 512)
    fat_sectors = 1
    while sectors + fat_sectors + 1 > fat_sectors * 128:
        fat_sectors += 1
    fat = [*range(1, sectors), 0xFFFFFFFE, *[0xFFFFFFFD] * fat_sectors, 0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (fat_sectors * 128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (raw.ljust(64, b"\x00") + struct.pack("<HBBIII", len(raw), kind, 1, 0xFFFFFFFF,
                                                     0xFFFFFFFF, child)
                + bytes(36) + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 0xFFFFFFFE, 0, 1)
                 + entry("Workbook", 2, 0, len(stream), 0xFFFFFFFF)).ljust(512, b"\x00")
    difat = [sectors + i for i in range(fat_sectors)] + [0xFFFFFFFF] * (109 - fat_sectors)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<9I", 0, fat_sectors, sectors + fat_sectors, 0, 4096, 0xFFFFFFFE,
                            0, 0xFFFFFFFE, 0) + struct.pack("<109I", *difat))
    return (header + stream.ljust(sectors * 512, b"\x00")
            + struct.pack(f"<{len(fat)}I", *fat) + directory)


def corner_xlsx() -> bytes:
    return xlsx_bytes({"actors": row(1, cell("A1", "id")) + row(1048576, cell("XFD1048576", "x"))},
                      {"actors": "A1:XFD1048576"})


ADDRESS_SPACE = 1024**3
"""The command-line child may map at most 1 GiB (``RLIMIT_AS``): a check that let a bomb
through would end in a crash there, not in a machine out of memory."""


def run_validate(path: Path, *options: str) -> tuple[int, str, str, float]:
    """``stakeholder-map [options] validate path`` in a child held to ``ADDRESS_SPACE``;
    its exit code, output and peak MiB (measured by a wrapper with RUSAGE_CHILDREN)."""
    wrapper = (
        "import json, resource, subprocess, sys\n"
        "def cap():\n"
        f"    resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))\n"
        "p = subprocess.run([sys.executable, '-m', 'stakeholder_map', *sys.argv[2:],"
        " 'validate', sys.argv[1]], capture_output=True, text=True, preexec_fn=cap)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([p.returncode, p.stdout, p.stderr, peak]))\n")
    proc = subprocess.run([sys.executable, "-c", wrapper, str(path), *options],
                          capture_output=True, text=True, check=True, timeout=300)
    code, out, err, peak = json.loads(proc.stdout)
    return code, out, err, peak


def assert_refused(path: Path, *words: str, options: tuple[str, ...] = ()) -> str:
    code, out, err, peak = run_validate(path, *options)
    assert code == 1, (code, out, err)
    assert "Traceback" not in out + err
    message = err.strip()
    assert message.count("\n") == 0, message
    assert message.startswith(f"error: {path}")  # the workbook, or the file in its folder
    for word in words:
        assert word in message, message
    assert peak < PEAK_LIMIT_MIB, peak
    return message


def refused(data: bytes, name: str) -> str:
    with pytest.raises(WorkbookReadError) as info:
        load(io.BytesIO(data), filename=name, strict=False)
    text = str(info.value)
    assert "\n" not in text
    return text


# --- 1. sizes declared and used by an .xlsx -------------------------------------------------


def test_the_corner_workbook_is_refused_before_calamine_allocates(tmp_path: Path) -> None:
    path = tmp_path / "corner.xlsx"
    path.write_bytes(corner_xlsx())
    assert path.stat().st_size < 2000
    assert_refused(path, "sheet 'actors'", "declares its size as A1:XFD1048576",
                   "16,384 columns",
                   f"the {LIMITS.max_columns} allowed (raise it with --max-columns)")


def test_a_dimension_that_lies_does_not_hide_the_corner_cell(tmp_path: Path) -> None:
    path = tmp_path / "liar.xlsx"
    path.write_bytes(xlsx_bytes(
        {"actors": row(1, cell("A1", "id")) + row(1048576, cell("XFD1048576", "x"))},
        {"actors": "A1"}))
    assert_refused(path, "sheet 'actors'", "has cells up to XFD1048576", "16,384 columns")


def test_a_quoted_angle_bracket_does_not_hide_the_reference(tmp_path: Path) -> None:
    corner = '<c foo="a>b" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
    path = tmp_path / "quoted.xlsx"
    path.write_bytes(xlsx_bytes({"actors": row(1, cell("A1", "id")) + row(1048576, corner)}))
    assert_refused(path, "has cells up to XFD1048576", "16,384 columns")


def test_cells_without_references_are_counted_in_order() -> None:
    # 201 cells in one row and no r attributes: calamine would put them in A..GS
    wide = row(None, *(cell(None, "x") for _ in range(LIMITS.max_columns + 1)))
    text = refused(xlsx_bytes({"actors": wide}), "wide.xlsx")
    assert f"has cells up to {get_column_letter(LIMITS.max_columns + 1)}1" in text
    assert f"{LIMITS.max_columns + 1} columns" in text
    # exactly MAX_COLUMNS is accepted (the workbook is then merely invalid)
    edge = row(None, *(cell(None, "x") for _ in range(LIMITS.max_columns)))
    result = load(io.BytesIO(xlsx_bytes({"actors": edge})), filename="edge.xlsx", strict=False)
    assert result.map is None and any("required column" in p.message for p in result.problems)


def test_rows_without_references_follow_the_last_row() -> None:
    last = LIMITS.max_rows + 1
    rows = row(last, cell(f"A{last}", "x")) + row(None, cell(None, "y"))
    text = refused(xlsx_bytes({"actors": rows}), "tall.xlsx")
    assert f"has cells up to A{last + 1}" in text and f"{LIMITS.max_rows + 1:,} rows" in text


WIDEST = get_column_letter(LIMITS.max_columns)          # openpyxl's letters, not ours
TALLEST = LIMITS.max_cells // LIMITS.max_columns        # rows that fill MAX_CELLS exactly


@pytest.mark.parametrize(("ref", "refused_with"), [
    (f"A1:{WIDEST}{TALLEST}", None),
    (f"A1:{WIDEST}{TALLEST + 1}",
     f"{LIMITS.max_cells + LIMITS.max_columns:,} cells, "
     f"more than the {LIMITS.max_cells:,} allowed"),
    (f"A1:A{LIMITS.max_rows + 1}", None),
    (f"A1:A{LIMITS.max_rows + 2}", f"{LIMITS.max_rows + 1:,} rows below the header"),
    (f"A1:{get_column_letter(LIMITS.max_columns + 1)}1", f"{LIMITS.max_columns + 1} columns"),
])
def test_declared_dimensions_exactly_at_and_beyond_the_limits(ref: str,
                                                             refused_with: str | None) -> None:
    data = xlsx_bytes({"actors": grid_rows(ACTORS)}, {"actors": ref})
    if refused_with is None:
        assert load(io.BytesIO(data), filename="d.xlsx", strict=False).map is not None
    else:
        assert refused_with in refused(data, "d.xlsx")


def test_an_xlsx_compression_bomb_is_refused(tmp_path: Path) -> None:
    # 60 MB of one repeated cell compresses about 1000:1 into a file well under 1 MB
    bomb = row(1, cell("A1", "id")) + row(2, cell("A2", "x" * 30_000_000)) + " " * 30_000_000
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx_bytes({"actors": bomb}))
    assert path.stat().st_size < 1_000_000
    assert_refused(path, "'xl/worksheets/sheet1.xml' is compressed",
                   f"more than the {LIMITS.max_compression_ratio}:1 allowed", "zip bomb")


def test_a_valid_xlsx_still_reads() -> None:
    result = load(io.BytesIO(valid_xlsx()), filename="ok.xlsx", strict=False)
    assert result.map is not None
    assert [a.id for a in result.map.actors] == ["a", "b"]


# --- 2. damaged, encrypted and unsupported zips ---------------------------------------------


def _central_entries(data: bytes) -> Iterator[int]:
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        yield pos
        pos = data.find(b"PK\x01\x02", pos + 4)


def _patched(data: bytes, member: str, field: str, value: int) -> bytes:
    """``data`` with one header field of ``member`` changed (central directory and local
    header both, as a damaged or hostile writer would leave them)."""
    out = bytearray(data)
    central = {"flags": (8, "<H"), "method": (10, "<H"), "size": (24, "<I")}
    local = {"flags": (6, "<H"), "method": (8, "<H"), "size": (22, "<I")}
    for pos in _central_entries(data):
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + name_len].decode() != member:
            continue
        off, fmt = central[field]
        old = struct.unpack_from(fmt, data, pos + off)[0]
        struct.pack_into(fmt, out, pos + off, value(old) if callable(value) else value)
        header = struct.unpack_from("<I", data, pos + 42)[0]
        off, fmt = local[field]
        struct.pack_into(fmt, out, header + off, value(old) if callable(value) else value)
        return bytes(out)
    raise AssertionError(member)


def _bad_crc(data: bytes, member: str) -> bytes:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    out[start + 1] ^= 0xFF  # a stored member: the byte changes, the CRC no longer matches
    return bytes(out)


def _damaged_cases() -> list[tuple[str, str, bytes, str]]:
    xlsx_stored = xlsx_bytes({"actors": grid_rows(ACTORS), "ties": grid_rows(TIES)},
                             method=zipfile.ZIP_STORED)
    sheet = "xl/worksheets/sheet1.xml"
    cases = []
    for kind, data, member in (("zip", csv_zip(), "actors.csv"),
                               ("xlsx", xlsx_stored, sheet)):
        cases += [
            (kind, "bad CRC", _bad_crc(data, member), "is damaged"),
            (kind, "encrypted", _patched(data, member, "flags", lambda v: v | 1),
             "is encrypted (password-protected)"),
            (kind, "method 99", _patched(data, member, "method", 99),
             "uses compression method 99 (unknown), which cannot be read"),
            (kind, "understated size", _patched(data, member, "size", lambda v: v // 2),
             "is damaged"),
        ]
    cases.append(("xlsx", "not a zip", b"PK\x03\x04" + b"\x00" * 200, "not a readable .xlsx"))
    cases.append(("zip", "truncated", csv_zip()[:-30], "not a readable zip"))
    return cases


DAMAGED = _damaged_cases()


@pytest.mark.parametrize(("kind", "what", "data", "words"), DAMAGED,
                         ids=[f"{k}-{w}" for k, w, _, _ in DAMAGED])
def test_damaged_files_get_one_line_and_exit_1(tmp_path: Path, kind: str, what: str,
                                               data: bytes, words: str) -> None:
    del what
    path = tmp_path / f"damaged.{kind}"
    path.write_bytes(data)
    assert_refused(path, words)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dash.Dash]:
    from stakeholder_map.store.database import Store
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('store') / 'db.sqlite'}")
    yield create_app(store, max_upload_mb=5)
    store.dispose()


def _upload(payload: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(payload).decode()


@pytest.mark.parametrize(("kind", "what", "data", "words"),
                         [*DAMAGED, ("xlsx", "corner", corner_xlsx(), "16,384 columns")],
                         ids=[*(f"{k}-{w}" for k, w, _, _ in DAMAGED), "corner"])
def test_the_upload_shows_the_same_message(app: dash.Dash, kind: str, what: str, data: bytes,
                                           words: str) -> None:
    del what
    with app.server.test_request_context():
        message, rows, style, waves, url = data_page.upload(_upload(data), f"up.{kind}", None,
                                                            "")
    assert isinstance(message, dash.html.P) and message.className == "error"
    text = visible_text(message)      # the file's name is a Bdi of its own
    assert text.startswith(f"up.{kind}: ") and text.count(f"up.{kind}:") == 1, text
    assert words in text and "\n" not in text
    assert rows == [] and style["display"] == "none"
    assert waves is dash.no_update and url is dash.no_update


# --- 3. control characters and overlong cells -----------------------------------------------


def _control_book(folder: Path) -> Path:
    folder.mkdir()
    long_ok = "n" * read.MAX_CELL_CHARS
    long_bad = "n" * (read.MAX_CELL_CHARS + 1)
    (folder / "actors.csv").write_text(
        "id,name,sector,notes,own column\n"
        "a,Alpha,public,\x1b[31mred,fine\n"               # row 2: ESC in notes
        "b,Be\x00ta,business,\"tab\there\r\nand lines\",ok\n"  # row 3: NUL in name; tab/CR/LF fine
        f"c,Gamma,public,{long_ok},\x7fdel is not C0\n"     # row 4: exactly the limit: fine
        f"d,Delta,public,{long_bad},x\x01y\n",              # row 5: too long, and \x01
        encoding="utf-8", newline="")
    (folder / "ties.csv").write_text(
        "source,target,type\na,b,collab\x08oration\nb,c,collaboration\nc,d,funding\n",
        encoding="utf-8", newline="")
    return folder


def test_control_characters_are_problems_in_every_column_all_at_once(tmp_path: Path) -> None:
    result = load(_control_book(tmp_path / "book"), strict=False)
    assert result.map is None
    found = {(p.sheet, p.row, p.column, p.message, p.value) for p in result.errors
             if "control" in p.message or "characters" in p.message}
    assert found == {
        ("actors", 2, "notes", "cell holds a control character (\\x1b)", "\\x1b[31mred"),
        ("actors", 3, "name", "cell holds a control character (\\x00)", "Be\\x00ta"),
        ("actors", 5, "notes", f"cell holds {read.MAX_CELL_CHARS + 1} characters",
         "n" * 60 + "…"),
        ("actors", 5, "own column", "cell holds a control character (\\x01)", "x\\x01y"),
        ("ties", 2, "type", "cell holds a control character (\\x08)", "collab\\x08oration"),
    }


def test_validate_names_the_control_character_and_exits_1(tmp_path: Path) -> None:
    code, out, err, peak = run_validate(_control_book(tmp_path / "book"))
    assert code == 1 and "Traceback" not in out + err
    assert "Be\\x00ta" in out and "\x00" not in out + err
    assert "cell holds a control character (\\x00)" in out
    assert peak < PEAK_LIMIT_MIB


def test_a_nul_upload_is_not_stored(app: dash.Dash, tmp_path: Path) -> None:
    folder = _control_book(tmp_path / "book")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f.name)
    with app.server.test_request_context():
        st = app.server.config["SM_STORE"]
        before = [(p.name, p.waves) for p in st.programmes()]
        message, rows, style, waves, _ = data_page.upload(_upload(buf.getvalue()), "nul.zip",
                                                          None, "")
        assert "was not stored" in str(message) and style["display"] == "block"
        assert {"sheet": "actors", "row": 3, "column": "name", "value": "Be\\x00ta"}.items() \
            <= next(r for r in rows if r["row"] == 3 and r["sheet"] == "actors").items()
        assert waves is dash.no_update
        assert [(p.name, p.waves) for p in st.programmes()] == before


# --- 4. text that is not UTF-8 --------------------------------------------------------------

UTF16_ACTORS = ("id,name,sector\r\nkm,Кехила Метива,civil_society\r\nmun,עיריית חולון,public\r\n"
                "lv,Rīgas dome,public\r\n")
UTF16_TIES = "source,target,type\r\nkm,mun,collaboration\r\nkm,lv,communication\r\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_detected(tmp_path: Path, codec: str) -> None:
    folder = tmp_path / codec
    folder.mkdir()
    (folder / "actors.csv").write_bytes(UTF16_ACTORS.encode(codec))
    (folder / "ties.csv").write_bytes(UTF16_TIES.encode(codec))
    assert not (folder / "actors.csv").read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    result = load(folder, strict=False)
    assert result.errors == []
    assert result.map is not None
    assert [a.name for a in result.map.actors] == ["Кехила Метива", "עיריית חולון", "Rīgas dome"]
    assert [(t.source, t.target) for t in result.map.ties] == [("km", "mun"), ("km", "lv")]


def test_undecodable_text_is_reported_once_at_its_first_row(tmp_path: Path) -> None:
    folder = tmp_path / "latin"
    folder.mkdir()
    actors = "id,name,sector\nkm,Kehila,civil_society\nšiau,Šiauliai,public\nrīga,Rīga,public\n"
    (folder / "actors.csv").write_bytes(actors.encode("cp1257"))
    (folder / "ties.csv").write_bytes(
        "source,target,type\nkm,šiau,collaboration\nkm,rīga,communication\n".encode("cp1257"))
    result = load(folder, strict=False)
    assert result.map is None
    assert [(p.sheet, p.row) for p in result.errors] == [("actors", 3), ("ties", 2)]
    assert all("not UTF-8" in p.message for p in result.errors)
    assert "in row 3" in result.errors[0].message
    # no knock-on errors: the ids still match one another across the two files
    assert not any("no actor has this id" in p.message for p in result.problems)


def test_validate_reports_undecodable_text_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "latin"
    folder.mkdir()
    rows = "".join(f"a{i},Šiauliai {i},public\n" for i in range(300))
    (folder / "actors.csv").write_bytes(("id,name,sector\n" + rows).encode("cp1257"))
    (folder / "ties.csv").write_text(
        "source,target,type\n" + "".join(f"a{i},a{i + 1},collaboration\n" for i in range(299)))
    code, out, err, peak = run_validate(folder)
    assert code == 1 and "Traceback" not in out + err
    assert "1 error(s)" in out
    assert out.count("not UTF-8") == 1 and "in row 2" in out
    assert peak < PEAK_LIMIT_MIB


# --- 5. limits set on the command line, exactly at and one over each ------------------------


def _forms(tmp_path: Path) -> dict[str, Path]:
    """The valid two-sheet workbook (actors 3 rows × 3 columns, ties 2 × 3) in each form."""
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, rows in (("actors", ACTORS), ("ties", TIES)):
        (folder / f"{name}.csv").write_text("".join(",".join(r) + "\n" for r in rows))
    forms = {"csv": folder}
    for kind, data in (("xlsx", valid_xlsx()), ("zip", csv_zip()), ("ods", valid_ods())):
        forms[kind] = tmp_path / f"book.{kind}"
        forms[kind].write_bytes(data)
    return forms


def assert_accepted(path: Path, *options: str) -> str:
    code, out, err, peak = run_validate(path, *options)
    assert code == 0, (code, out, err)
    assert "Traceback" not in out + err and "allowed" not in err
    assert "actors: 2" in out and "ties: 1" in out
    assert peak < PEAK_LIMIT_MIB
    return out


# (option, value at the limit, what one less refuses): actors has 2 data rows (3 with the
# header) of 3 columns, so 9 cells; worked out from ACTORS above, not from the code
AT_THE_LIMIT = [
    ("--max-rows", 2, "sheet 'actors'", "2 rows below the header, more than the 1 allowed"),
    ("--max-columns", 3, "sheet 'actors'", "3 columns, more than the 2 allowed"),
    ("--max-cells", 9, "sheet 'actors'", "3 rows × 3 columns = 9 cells, more than the 8 allowed"),
]


@pytest.mark.parametrize("form", ["csv", "xlsx", "zip", "ods"])
@pytest.mark.parametrize(("option", "limit", "sheet", "words"), AT_THE_LIMIT,
                         ids=[o for o, *_ in AT_THE_LIMIT])
def test_each_sheet_limit_exactly_at_and_one_over(tmp_path: Path, form: str, option: str,
                                                  limit: int, sheet: str, words: str) -> None:
    path = _forms(tmp_path)[form]
    assert_accepted(path, option, str(limit))
    assert_refused(path, sheet, words, f"(raise it with {option})",
                   options=(option, str(limit - 1)))


def test_a_limit_can_be_set_by_its_environment_variable(tmp_path: Path) -> None:
    path = _forms(tmp_path)["csv"]
    proc = subprocess.run([sys.executable, "-m", "stakeholder_map", "validate", str(path)],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "STAKEHOLDER_MAP_MAX_ROWS": "1"})
    assert proc.returncode == 1
    assert "more than the 1 allowed (raise it with --max-rows)" in proc.stderr


def test_a_limit_below_one_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "stakeholder_map", "--max-rows", "0",
                           "validate", str(_forms(tmp_path)["csv"])],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "--max-rows" in proc.stderr and "Traceback" not in proc.stderr


def test_cell_length_exactly_at_and_one_over(tmp_path: Path) -> None:
    folder = _forms(tmp_path)["csv"]
    # the longest cells: a name of 13 characters and the tie type "collaboration" (13)
    (folder / "actors.csv").write_text("id,name,sector\na,Alpha,public\nb,Beta567890123,public\n")
    assert_accepted(folder, "--max-cell-chars", "13")
    code, out, err, _ = run_validate(folder, "--max-cell-chars", "12")
    assert code == 1 and "Traceback" not in out + err
    assert "at most 12 characters in a cell" in out and "--max-cell-chars" in out
    assert out.count("cell holds 13 characters") == 2


def test_other_commands_read_under_the_same_limits(tmp_path: Path) -> None:
    path = _forms(tmp_path)["xlsx"]
    for command in (["metrics"], ["gaps"], ["report", "-o", str(tmp_path / "r.html")],
                    ["import", "--db", str(tmp_path / "db.sqlite")],
                    ["compare", str(path)]):
        proc = subprocess.run([sys.executable, "-m", "stakeholder_map", "--max-rows", "1",
                               command[0], str(path), *command[1:]],
                              capture_output=True, text=True, check=False)
        assert proc.returncode == 1, (command, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert "2 rows below the header, more than the 1 allowed (raise it with --max-rows)" \
            in proc.stderr, (command, proc.stderr)


# --- 6. file sizes: checked before a file is read ------------------------------------------


def _pad_to(path: Path, size: int) -> None:
    """Make ``actors.csv`` exactly ``size`` bytes: a notes column of x's on the last row."""
    head = "id,name,sector,notes\na,Alpha,public,\nb,Beta,business,"
    path.write_text(head + "x" * (size - len(head) - 1) + "\n")
    assert path.stat().st_size == size


def test_file_size_exactly_at_and_one_over(tmp_path: Path) -> None:
    folder = _forms(tmp_path)["csv"]
    _pad_to(folder / "actors.csv", 1024 * 1024)
    code, out, err, _ = run_validate(folder, "--max-file-mb", "1", "--max-cell-chars", "2000000")
    assert code == 0, (out, err)
    _pad_to(folder / "actors.csv", 1024 * 1024 + 1)
    assert_refused(folder, f"{folder / 'actors.csv'}: the file is 1.0 MB, more than the 1 MB "
                   "allowed (raise it with --max-file-mb)", options=("--max-file-mb", "1"))


def test_a_huge_csv_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # a sparse 3 GiB file: reading it would end the 1 GiB child; its size is looked up first
    folder = _forms(tmp_path)["csv"]
    with (folder / "ties.csv").open("r+b") as fh:
        fh.truncate(3 * 1024**3)
    message = assert_refused(folder, "ties.csv: the file is 3,072.0 MB, more than the 1,024 MB "
                             "allowed (raise it with --max-file-mb)")
    assert message.startswith(f"error: {folder / 'ties.csv'}: ")


def test_the_csv_files_of_a_folder_together(tmp_path: Path) -> None:
    folder = _forms(tmp_path)["csv"]
    _pad_to(folder / "actors.csv", 700 * 1024)
    (folder / "ties.csv").write_text("source,target,type\na,b,collaboration\n"
                                     + "#" * (1024 * 1024 - 700 * 1024 - 37))
    assert sum(f.stat().st_size for f in folder.iterdir()) == 1024 * 1024
    options = ("--max-total-mb", "1", "--max-cell-chars", "1000000")
    _, _, err, _ = run_validate(folder, *options)
    assert "allowed" not in err, err   # exactly 1 MB together: read (the # row is a problem)
    with (folder / "ties.csv").open("a") as fh:
        fh.write("#")
    assert_refused(folder, "the CSV files hold 1.0 MB in all, more than the 1 MB allowed "
                   "(raise it with --max-total-mb)", options=options)


def test_a_zip_of_csvs_is_held_to_the_total(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("actors.csv", "id,name,sector\na,Alpha,public\n" + "#" * 600_000)
        zf.writestr("ties.csv", "source,target,type\n" + "#" * 600_000)
    path = tmp_path / "two.zip"
    path.write_bytes(buf.getvalue())
    assert_refused(path, "the CSV files unpack to 1.1 MB in all, more than the 1 MB allowed "
                   "(raise it with --max-total-mb)", options=("--max-total-mb", "1"))


def test_compression_ratio_exactly_at_and_one_over(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("actors.csv", "id,name,sector,notes\na,Alpha,public,\n"
                    f"b,Beta,business,{'ab' * 600_000}\n")
        zf.writestr("ties.csv", "source,target,type\na,b,collaboration\n")
    info = zipfile.ZipFile(io.BytesIO(buf.getvalue())).getinfo("actors.csv")
    ratio = -(-info.file_size // info.compress_size)  # the smallest whole ratio it is within
    assert info.file_size > 1_000_000 and ratio > 200  # over the 200:1 default
    path = tmp_path / "ratio.zip"
    path.write_bytes(buf.getvalue())
    wide = ("--max-cell-chars", "2000000")
    code, out, err, _ = run_validate(path, "--max-compression-ratio", str(ratio), *wide)
    assert code == 0, (out, err)
    assert_refused(path, f"'actors.csv' is compressed {info.file_size // info.compress_size:,}:1",
                   f"more than the {ratio - 1:,}:1 allowed", "--max-compression-ratio",
                   options=("--max-compression-ratio", str(ratio - 1), *wide))
    assert_refused(path, "zip bomb", f"more than the {LIMITS.max_compression_ratio}:1 allowed")


# --- 7. CSV rows and columns: counted before the file is parsed -----------------------------


def test_a_csv_of_too_many_short_rows_is_refused(tmp_path: Path) -> None:
    folder = _forms(tmp_path)["csv"]
    rows = LIMITS.max_rows + 1
    (folder / "ties.csv").write_text("source\n" + "a\n" * rows)
    assert (folder / "ties.csv").stat().st_size < 5_000_000
    assert_refused(folder, "sheet 'ties'", f"{rows:,} rows below the header, more than the "
                   f"{LIMITS.max_rows:,} allowed (raise it with --max-rows)")


def test_one_ragged_row_cannot_widen_every_row(tmp_path: Path) -> None:
    # pandas refuses ragged rows and the csv module would pad every row to the widest:
    # 100,001 columns × 50,001 rows is five billion cells from a 300 KB file
    folder = _forms(tmp_path)["csv"]
    (folder / "ties.csv").write_text("source,target,type\n" + "," * 100_000 + "\n"
                                     + "a,b,collaboration\n" * 50_000)
    assert_refused(folder, "sheet 'ties' has 50,002 rows, up to 100,001 fields in a row",
                   f"100,001 columns, more than the {LIMITS.max_columns} allowed")


def test_a_quoted_line_break_is_not_a_row(tmp_path: Path) -> None:
    folder = _forms(tmp_path)["csv"]
    (folder / "actors.csv").write_text('id,name,sector,notes\na,Alpha,public,"one\ntwo\n'
                                       'three"\nb,Beta,business,\n')
    assert_accepted(folder, "--max-rows", "2")


# --- 8. text that passes the zip checks: shared strings shown by many cells ----------------


def _without_the_checks(path: Path) -> int:
    """Read ``path`` with calamine alone, as before the checks, in a child held to the same
    address space as the command line; its exit code (0: it fitted)."""
    code = ("import io, resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))\n"
            "import python_calamine as c\n"
            "wb = c.CalamineWorkbook.from_filelike(io.BytesIO(open(sys.argv[1], 'rb').read()))\n"
            "for name in wb.sheet_names:\n"
            "    wb.get_sheet_by_name(name).to_python(skip_empty_area=False)\n")
    return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          check=False, timeout=300).returncode


def test_a_shared_string_text_bomb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # 40,000 cells showing one 30,000-character string: 1.2 billion characters from 290 KB
    path = tmp_path / "text-bomb.xlsx"
    path.write_bytes(text_bomb_xlsx(40_000))
    assert path.stat().st_size < 400_000
    for info in zipfile.ZipFile(path).infolist():  # every part passes the zip checks
        assert info.file_size < 200 * info.compress_size
    assert _without_the_checks(path) != 0  # the bomb is real: calamine alone does not fit
    assert_refused(path, f"sheet 'actors' would unpack to {2 + 40_000 * 30_000:,} characters "
                   "of cell text, more than the 1,000,000,000 characters allowed (raise it "
                   "with --max-text-chars)", "a shared string counts once for every cell")


@pytest.mark.parametrize("form", ["shared", "inline"])
def test_the_text_budget_exactly_at_and_one_over(tmp_path: Path, form: str) -> None:
    # every character of every cell, by hand: actors id name sector a Alpha public b Beta
    # business = 2+4+6+1+5+6+1+4+8 = 37; ties source target type a b collaboration
    # = 6+6+4+1+1+13 = 31; 68 in all (a shared "a" counts in each cell that shows it)
    path = tmp_path / "book.xlsx"
    path.write_bytes(shared_xlsx({"actors": ACTORS, "ties": TIES}) if form == "shared"
                     else valid_xlsx())
    assert_accepted(path, "--max-text-chars", "68")
    assert_refused(path, "sheet 'ties' would unpack to 68 characters of cell text (with the "
                   "sheets before it), more than the 67 characters allowed (raise it with "
                   "--max-text-chars)", options=("--max-text-chars", "67"))


def test_long_inline_strings_count_too(tmp_path: Path) -> None:
    body = row(1, cell("A1", "id")) + "".join(row(r, cell(f"A{r}", "z" * 1000))
                                              for r in range(2, 1002))
    path = tmp_path / "inline.xlsx"
    path.write_bytes(xlsx_bytes({"actors": body}))
    assert_refused(path, f"would unpack to {2 + 1000 * 1000:,} characters",
                   options=("--max-text-chars", "1000000"))


def test_a_sheet_named_like_the_shared_strings_is_still_checked(tmp_path: Path) -> None:
    data = corner_xlsx()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            body = src.read(info).replace(b"worksheets/sheet1.xml",
                                          b"worksheets/sharedStrings.xml")
            out.writestr(info.filename.replace("sheet1.xml", "sharedStrings.xml"), body)
    path = tmp_path / "disguised.xlsx"
    path.write_bytes(buf.getvalue())
    assert "xl/worksheets/sharedStrings.xml" in zipfile.ZipFile(path).namelist()
    assert_refused(path, "16,384 columns")


def test_a_shared_strings_table_longer_than_a_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many-strings.xlsx"
    path.write_bytes(xlsx_bytes({"actors": grid_rows(ACTORS)}, shared=["s"] * 11))
    assert_refused(path, "the shared strings table holds more than 10 strings",
                   "(raise it with --max-cells)", options=("--max-cells", "10"))


# --- 9. OpenDocument: repeated rows and cells multiplied out --------------------------------


ODS_BOMBS = [
    ("corner", ods_row(ods_cell("id")) + ods_row("<table:table-cell/>", repeat=1_048_574)
     + ods_row(f'<table:table-cell table:number-columns-repeated="16383"/>{ods_cell("x")}'),
     "has cells up to row 1,048,576, column 16,384: 16,384 columns, more than the 200 allowed"),
    ("every cell", ods_row(ods_cell("x", repeat=16_384), repeat=1_000_000),
     "16,384 columns, more than the 200 allowed"),
    ("tall", ods_row(ods_cell("x", repeat=200), repeat=3_000_000),
     "2,999,999 rows below the header, more than the 2,000,000 allowed (raise it with "
     "--max-rows)"),
    ("long text", ods_row(ods_cell("y" * 30_000, repeat=50), repeat=2_000),
     "would unpack to 3,000,000,000 characters of cell text, more than the 1,000,000,000 "
     "characters allowed (raise it with --max-text-chars) — a repeated cell counts once for "
     "every repeat"),
    ("spaces", ods_row(ods_cell("id")) + ods_row(ods_cell('<text:s text:c="2000000000"/>')),
     "would unpack to 2,000,000,002 characters"),
]


@pytest.mark.parametrize(("what", "rows", "words"), ODS_BOMBS, ids=[w for w, _, _ in ODS_BOMBS])
def test_a_hostile_ods_is_refused(tmp_path: Path, what: str, rows: str, words: str) -> None:
    del what
    path = tmp_path / "bomb.ods"
    path.write_bytes(ods_bytes({"actors": rows}))
    assert path.stat().st_size < 2_000
    assert_refused(path, "sheet 'actors'", words)


def test_the_ods_bombs_are_real(tmp_path: Path) -> None:
    for what, rows, _ in ODS_BOMBS[1:4]:
        path = tmp_path / "bomb.ods"
        path.write_bytes(ods_bytes({"actors": rows}))
        assert _without_the_checks(path) != 0, what


def test_empty_repeats_after_the_data_cost_nothing(tmp_path: Path) -> None:
    # LibreOffice writes the formatted empty area below and beside the data this way
    empty = ('<table:table-cell table:number-columns-repeated="16381"/>', )
    tables = {"actors": "".join(ods_row(*(ods_cell(v) for v in r), *empty) for r in ACTORS)
              + ods_row('<table:table-cell table:number-columns-repeated="16384"/>',
                        repeat=1_048_573),
              "ties": ods_grid(TIES)}
    path = tmp_path / "libre.ods"
    path.write_bytes(ods_bytes(tables))
    out = assert_accepted(path, "--max-rows", "2", "--max-columns", "3")
    assert "valid" in out


def test_repeats_count_exactly_at_and_one_over(tmp_path: Path) -> None:
    actors = (ods_row(ods_cell("id"), ods_cell("name"), ods_cell("sector"), ods_cell("x", 2))
              + ods_row(ods_cell("a"), ods_cell("Alpha"), ods_cell("public"), repeat=3))
    path = tmp_path / "repeats.ods"
    path.write_bytes(ods_bytes({"actors": actors, "ties": ods_grid(TIES)}))
    # 3 + 2 = 5 columns, 3 data rows: 4 × 5 = 20 cells
    for option, limit, words in (("--max-columns", 5, "5 columns, more than the 4 allowed"),
                                 ("--max-rows", 3, "3 rows below the header, more than the 2"),
                                 ("--max-cells", 20, "4 rows × 5 columns = 20 cells")):
        code, _, err, _ = run_validate(path, option, str(limit))
        assert code == 1 and "allowed" not in err, err  # read: its rows repeat an id
        assert_refused(path, "sheet 'actors'", words, options=(option, str(limit - 1)))


def test_a_valid_ods_still_reads() -> None:
    result = load(io.BytesIO(valid_ods()), filename="ok.ods", strict=False)
    assert result.map is not None
    assert [(a.id, a.name) for a in result.map.actors] == [("a", "Alpha"), ("b", "Beta")]


# --- 10. formats whose size cannot be checked first: refused with the fix -------------------

XLS_CORNER = xls_bytes(["id", "x"], [(0, 0, 0), (65_535, 255, 1)])


@pytest.mark.parametrize("name", ["corner.xls", "corner.xlsx", "corner.ods"])
def test_an_xls_is_refused_whatever_its_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(XLS_CORNER)
    assert path.stat().st_size < 10_000
    assert_refused(path, "an Excel 97–2003 workbook (.xls) is not read",
                   "save it as .xlsx")


def test_the_xls_corner_is_real(tmp_path: Path) -> None:
    # 6 KB; calamine alone allocates every one of its 65,536 × 256 cells (1.2 GB measured)
    path = tmp_path / "corner.xls"
    path.write_bytes(XLS_CORNER)
    assert _without_the_checks(path) != 0


def test_a_valid_xls_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(xls_bytes(["id", "name", "sector", "a", "Alpha", "public"],
                               [(0, 0, 0), (0, 1, 1), (0, 2, 2), (1, 0, 3), (1, 1, 4), (1, 2, 5)]))
    assert_refused(path, "open it in Excel or LibreOffice and save it as .xlsx")


def test_an_xlsb_inside_a_zip_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00")
        zf.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00")
    path = tmp_path / "binary.xlsx"
    path.write_bytes(buf.getvalue())
    assert_refused(path, "'xl/workbook.bin' is a binary Excel part (.xlsb), which is not read")


def test_other_binary_parts_of_an_xlsx_are_fine(tmp_path: Path) -> None:
    # Excel keeps printer settings and macros (.xlsm) in .bin parts of ordinary workbooks
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(valid_xlsx())) as src, zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("xl/printerSettings/printerSettings1.bin", b"\x00" * 64)
        out.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    path = tmp_path / "macros.xlsm"
    path.write_bytes(buf.getvalue())
    assert_accepted(path)


def test_a_spreadsheet_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "text.xlsx"
    path.write_text("id,name,sector\n")
    assert_refused(path, "not a readable .xlsx workbook (it is not a zip")


# --- 11. the library: limits passed to load ------------------------------------------------


def test_a_file_object_is_read_no_further_than_the_limit() -> None:
    limits = ReadLimits(max_file_mb=1, max_cell_chars=2_000_000)
    head = b"id,name,sector,notes\na,Alpha,public,"
    exact = head + b"x" * (1024 * 1024 - len(head))
    assert load(io.BytesIO(exact), filename="actors.csv", strict=False, limits=limits).map

    class Endless(io.RawIOBase):
        """A stream that never ends: only a reader that stops at the limit returns."""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            buffer[:] = b"x" * len(buffer)
            return len(buffer)

    for stream in (io.BytesIO(exact + b"x"), Endless()):
        with pytest.raises(WorkbookReadError) as info:
            load(stream, filename="actors.csv", limits=limits)  # type: ignore[arg-type]
        assert "more than the 1 MB allowed (raise it with --max-file-mb)" in str(info.value)


@pytest.mark.parametrize("value", [0, -1, True, 2.5])
def test_a_limit_must_be_a_whole_number_of_at_least_one(value: object) -> None:
    with pytest.raises(ValueError, match="max_rows must be a whole number of at least 1"):
        ReadLimits(max_rows=value)  # type: ignore[arg-type]


def test_a_sheet_the_format_does_not_know_is_never_unpacked(tmp_path: Path) -> None:
    # within every limit (200 × 150,000 = 30M cells) but 1.8 GB once unpacked: it is only
    # named in a warning, as is a second copy of a sheet
    big = row(1, cell("A1", "id")) + row(150_000, cell("GR150000", "x"))
    assert LIMITS.max_cells >= 200 * 150_000
    path = tmp_path / "extra.xlsx"
    path.write_bytes(xlsx_bytes({"actors": grid_rows(ACTORS), "ties": grid_rows(TIES),
                                 "extra": big, "Actors ": big}))
    code, out, err, peak = run_validate(path)
    assert code == 1 and "Traceback" not in out + err  # the second copy is an error
    assert "sheet is not part of the format and was not read" in out
    assert "sheet 'actors' is given twice; this copy was ignored" in out
    assert peak < PEAK_LIMIT_MIB
