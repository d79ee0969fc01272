"""OpenDocument spreadsheets (``.ods``) checked before they are parsed.

An ``.ods`` is a zip whose ``content.xml`` holds every sheet (``<table:table>``). A row or
cell may stand for many: ``table:number-rows-repeated`` and
``table:number-columns-repeated`` let an 800-byte file declare a billion cells, and
calamine then asks for all of them (it aborts the process; measured in
``tests/test_bounded_reading.py``). So the sheets are walked once, streaming, with every
repeat multiplied out: the last row and column that hold anything are held to the row,
column and cell limits, and the text the cells would unpack to (a repeated cell's text once
per repeat, ``<text:s text:c="N"/>`` as N spaces) to the text budget. Empty repeated rows
and columns after the data — LibreOffice writes them for formatted areas — cost nothing,
as calamine skips them too.
"""

from __future__ import annotations

import re
import zipfile

from stakeholder_map.i18n import N_, format_integer
from stakeholder_map.i18n import gettext as _
from stakeholder_map.workbook.archive import check_extent, member_chunks
from stakeholder_map.workbook.limits import ReadLimits
from stakeholder_map.workbook.xmlscan import XML_ATTRS, TextBudget, tag_chunks

__all__ = ["check_ods", "is_ods"]

_TOKEN = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?([\w.-]+)(" + XML_ATTRS + rb")>([^<]*)")
_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*["']([^"']*)["']""")
_MANY = 10**12  # a repeat count that cannot be read counts as beyond every limit
_CELLS = (b"table-cell", b"covered-table-cell")
_SPACES = (b"s", b"tab", b"line-break")


def is_ods(archive: zipfile.ZipFile) -> bool:
    """A zip that holds ``content.xml`` is read as OpenDocument (calamine does the same)."""
    return any(i.filename == "content.xml" for i in archive.infolist())


def _attrs(raw: bytes) -> dict[bytes, bytes]:
    return {k.rsplit(b":", 1)[-1]: v for k, v in _ATTR.findall(raw)}


def _count(value: bytes | None) -> int:
    if value is None:
        return 1
    value = value.strip()
    return int(value) if value.isdigit() and len(value) < 13 else _MANY


class _Sheet:
    """One ``<table:table>`` as it is walked: where the rows and columns end, and its text."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = self.columns = self.chars = 0
        self.row_at = 0          # rows before the current one
        self.row_repeat = 1
        self.col_at = 0          # columns before the current cell
        self.row_used = False
        self.row_chars = 0
        self.cell_repeat = 0     # 0: not inside a cell
        self.cell_used = False
        self.cell_chars = 0

    def start_row(self, repeat: int) -> None:
        self.row_repeat, self.col_at, self.row_used, self.row_chars = repeat, 0, False, 0

    def end_row(self) -> None:
        if self.row_used:
            self.rows = self.row_at + self.row_repeat
            self.chars += self.row_chars * self.row_repeat
        self.row_at += self.row_repeat
        self.row_repeat = 0

    def start_cell(self, repeat: int, valued: bool) -> None:
        self.cell_repeat, self.cell_used, self.cell_chars = repeat, valued, 0

    def end_cell(self) -> None:
        if self.cell_used or self.cell_chars:
            self.columns = max(self.columns, self.col_at + self.cell_repeat)
            self.row_used = True
            self.row_chars += self.cell_chars * self.cell_repeat
        self.col_at += self.cell_repeat
        self.cell_repeat = 0


def check_ods(source: str, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    """Refuse an ``.ods`` whose sheets, repeats multiplied out, are beyond the limits."""
    info = archive.getinfo("content.xml")
    budget = TextBudget(source, limits, N_("a repeated cell counts once for every repeat"))
    open_sheets: list[_Sheet] = []  # a table may sit in a cell of another
    tables = 0

    def finish(done: _Sheet) -> None:
        check_extent(source, done.rows, done.columns, limits,
                     lambda: _("sheet {sheet} has cells up to row {row}, column {column}").format(
                         sheet=repr(done.name), row=format_integer(done.rows),
                         column=format_integer(done.columns)))
        budget.add(done.name, done.chars)

    for piece in tag_chunks(member_chunks(source, archive, info)):
        for end, tag, raw, text in _TOKEN.findall(piece):
            closed = end or raw.endswith(b"/")
            if tag == b"table":
                if end and open_sheets:
                    finish(open_sheets.pop())
                elif not closed:
                    tables += 1
                    name = _attrs(raw).get(b"name", b"").decode("utf-8", "replace")
                    open_sheets.append(_Sheet(name or _("sheet {n}").format(n=tables)))
                continue
            if not open_sheets:
                continue
            sheet = open_sheets[-1]
            if tag == b"table-row":
                if not end:
                    sheet.start_row(_count(_attrs(raw).get(b"number-rows-repeated")))
                if closed:
                    sheet.end_row()
            elif tag in _CELLS:
                if not end:
                    attrs = _attrs(raw) if b"=" in raw else {}
                    valued = any(k.endswith(b"value") or k == b"value-type" for k in attrs)
                    sheet.start_cell(_count(attrs.get(b"number-columns-repeated")), valued)
                    sheet.cell_chars += sum(len(v) for k, v in attrs.items()
                                            if k.endswith(b"value"))
                if closed:
                    sheet.end_cell()
                else:
                    sheet.cell_chars += len(text)
            elif sheet.cell_repeat:
                if tag in _SPACES and not end:
                    sheet.cell_chars += _count(_attrs(raw).get(b"c")) if tag == b"s" else 1
                sheet.cell_chars += len(text)
                if not end and not closed:
                    sheet.cell_used = True
    while open_sheets:
        finish(open_sheets.pop())
