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
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import dash
import pytest
from openpyxl.utils import get_column_letter

from dashboards.app import create_app
from dashboards.pages import data as data_page
from stakeholder_map.errors import WorkbookReadError
from stakeholder_map.workbook import archive, read
from stakeholder_map.workbook.validate import load

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
               method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An .xlsx whose sheets hold the given ``<sheetData>`` XML (inline strings)."""
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


def corner_xlsx() -> bytes:
    return xlsx_bytes({"actors": row(1, cell("A1", "id")) + row(1048576, cell("XFD1048576", "x"))},
                      {"actors": "A1:XFD1048576"})


def run_validate(path: Path) -> tuple[int, str, str, float]:
    """``stakeholder-map validate path`` in a child; exit code, output and its peak MiB."""
    wrapper = (
        "import json, resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'stakeholder_map', 'validate',"
        " sys.argv[1]], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([p.returncode, p.stdout, p.stderr, peak]))\n")
    proc = subprocess.run([sys.executable, "-c", wrapper, str(path)], capture_output=True,
                          text=True, check=True, timeout=300)
    code, out, err, peak = json.loads(proc.stdout)
    return code, out, err, peak


def assert_refused(path: Path, *words: str) -> str:
    code, out, err, peak = run_validate(path)
    assert code == 1, (code, out, err)
    assert "Traceback" not in out + err
    message = err.strip()
    assert message.count("\n") == 0, message
    assert message.startswith(f"error: {path}: ")
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
                   "16384 columns", f"the {archive.MAX_COLUMNS} allowed")


def test_a_dimension_that_lies_does_not_hide_the_corner_cell(tmp_path: Path) -> None:
    path = tmp_path / "liar.xlsx"
    path.write_bytes(xlsx_bytes(
        {"actors": row(1, cell("A1", "id")) + row(1048576, cell("XFD1048576", "x"))},
        {"actors": "A1"}))
    assert_refused(path, "sheet 'actors'", "has cells up to XFD1048576", "16384 columns")


def test_a_quoted_angle_bracket_does_not_hide_the_reference(tmp_path: Path) -> None:
    corner = '<c foo="a>b" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
    path = tmp_path / "quoted.xlsx"
    path.write_bytes(xlsx_bytes({"actors": row(1, cell("A1", "id")) + row(1048576, corner)}))
    assert_refused(path, "has cells up to XFD1048576", "16384 columns")


def test_cells_without_references_are_counted_in_order() -> None:
    # 201 cells in one row and no r attributes: calamine would put them in A..GS
    wide = row(None, *(cell(None, "x") for _ in range(archive.MAX_COLUMNS + 1)))
    text = refused(xlsx_bytes({"actors": wide}), "wide.xlsx")
    assert f"has cells up to {get_column_letter(archive.MAX_COLUMNS + 1)}1" in text
    assert f"{archive.MAX_COLUMNS + 1} columns" in text
    # exactly MAX_COLUMNS is accepted (the workbook is then merely invalid)
    edge = row(None, *(cell(None, "x") for _ in range(archive.MAX_COLUMNS)))
    result = load(io.BytesIO(xlsx_bytes({"actors": edge})), filename="edge.xlsx", strict=False)
    assert result.map is None and any("required column" in p.message for p in result.problems)


def test_rows_without_references_follow_the_last_row() -> None:
    last = archive.MAX_ROWS + 1
    rows = row(last, cell(f"A{last}", "x")) + row(None, cell(None, "y"))
    text = refused(xlsx_bytes({"actors": rows}), "tall.xlsx")
    assert f"has cells up to A{last + 1}" in text and f"{archive.MAX_ROWS + 1} rows" in text


WIDEST = get_column_letter(archive.MAX_COLUMNS)          # openpyxl's letters, not ours
TALLEST = archive.MAX_CELLS // archive.MAX_COLUMNS        # rows that fill MAX_CELLS exactly


@pytest.mark.parametrize(("ref", "refused_with"), [
    (f"A1:{WIDEST}{TALLEST}", None),
    (f"A1:{WIDEST}{TALLEST + 1}",
     f"{archive.MAX_CELLS + archive.MAX_COLUMNS} cells, more than the {archive.MAX_CELLS} allowed"),
    (f"A1:A{archive.MAX_ROWS + 1}", None),
    (f"A1:A{archive.MAX_ROWS + 2}", f"{archive.MAX_ROWS + 1} rows below the header"),
    (f"A1:{get_column_letter(archive.MAX_COLUMNS + 1)}1", f"{archive.MAX_COLUMNS + 1} columns"),
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
                   f"more than the {archive.MAX_COMPRESSION_RATIO}:1 allowed", "zip bomb")


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
                         [*DAMAGED, ("xlsx", "corner", corner_xlsx(), "16384 columns")],
                         ids=[*(f"{k}-{w}" for k, w, _, _ in DAMAGED), "corner"])
def test_the_upload_shows_the_same_message(app: dash.Dash, kind: str, what: str, data: bytes,
                                           words: str) -> None:
    del what
    with app.server.test_request_context():
        message, rows, style, waves, url = data_page.upload(_upload(data), f"up.{kind}", None,
                                                            "")
    assert isinstance(message, dash.html.P) and message.className == "error"
    text = str(message.children)
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
