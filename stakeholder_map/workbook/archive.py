"""Zip containers opened safely: an ``.xlsx`` or a ``.zip`` of CSV files is checked before
anything is unpacked or parsed.

Every member's declared size, the total and the compression ratio are held to limits;
encrypted members and compression methods that cannot be read are refused; members are
unpacked in chunks and never past the size their header declares (a bad CRC or a header
that understates the size is found here). For an ``.xlsx`` each sheet's XML is scanned
once for the size its ``<dimension>`` declares and the largest row and column its cells
use, so a 1.6 KB file declaring ``A1:XFD1048576`` is refused before the spreadsheet
reader asks for memory. Every refusal is a one-line :class:`WorkbookReadError` naming
the part or sheet, the size and the limit.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from babel.numbers import format_decimal as _babel_decimal

from stakeholder_map.errors import WorkbookReadError
from stakeholder_map.i18n import LANGUAGES, N_, current_language, format_integer, ngettext
from stakeholder_map.i18n import gettext as _
from stakeholder_map.workbook.limits import MB, ReadLimits
from stakeholder_map.workbook.xmlscan import (
    XML_ATTRS,
    XML_PREFIX,
    CellText,
    SharedStringLengths,
    TextBudget,
    tag_chunks,
)

__all__ = [
    "CSV_METHODS",
    "SPREADSHEET_METHODS",
    "check_extent",
    "check_members",
    "check_xlsx",
    "megabytes",
    "member_chunks",
    "open_zip",
    "raise_with",
]

_RATIO_FLOOR = 1_000_000
"""Members smaller than this unpacked are not ratio-checked (tiny files compress well)."""


_ZIP_METHOD_NAMES = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate",
                     zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "lzma"}
CSV_METHODS = frozenset(_ZIP_METHOD_NAMES)
SPREADSHEET_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
"""Stored and deflate: what .xlsx and .ods writers use, and all calamine reads."""

# everything the zip module (and the decompressors under it) raises for a damaged archive
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError,
               EOFError, OSError, ValueError, KeyError, struct.error, zlib.error)


def raise_with(template: str, limits: ReadLimits, name: str, **fields: object) -> None:
    """Raise a refusal from a translated ``template`` whose ``{limit}`` and ``{option}`` are
    limit ``name``'s value and the option that raises it (``--max-rows``)."""
    raise WorkbookReadError(template.format(
        limit=format_integer(getattr(limits, name)), option=limits.option(name), **fields))


def open_zip(source: str, data: bytes, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise WorkbookReadError(_(
            "{source}: not a readable {kind} file ({reason}); it may be damaged — save or "
            "export it again").format(source=source, kind=what, reason=_reason(exc))) from None


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def check_members(source: str, members: list[zipfile.ZipInfo], limits: ReadLimits,
                  methods: frozenset[int], *, csv: bool = False) -> None:
    """Refuse, before unpacking anything, members that are encrypted, use a compression
    method that cannot be read, or declare sizes or ratios beyond the limits (each member
    ``max_file_mb``, all of them ``max_total_mb``, ``max_compression_ratio``). ``csv``: the
    members are the CSV files of a zip (else a spreadsheet's parts)."""
    for info in members:
        member = repr(info.filename)
        if info.flag_bits & 0x1:
            raise WorkbookReadError(_(
                "{source}: {member} is encrypted (password-protected) — save the file again "
                "without a password").format(source=source, member=member))
        if info.compress_type not in methods:
            name = _ZIP_METHOD_NAMES.get(info.compress_type) or _("unknown")
            allowed = ", ".join(_ZIP_METHOD_NAMES[m] for m in sorted(methods))
            raise WorkbookReadError(_(
                "{source}: {member} uses compression method {number} ({name}), which cannot "
                "be read — save the file again with one of: {allowed}").format(
                    source=source, member=member, number=info.compress_type, name=name,
                    allowed=allowed))
        if info.file_size > limits.max_file_bytes:
            raise_with(_("{source}: {member} unpacks to {size}, more than the {limit} MB "
                         "allowed (raise it with {option})"), limits, "max_file_mb",
                       source=source, member=member, size=megabytes(info.file_size))
        ratio_limit = limits.max_compression_ratio
        if (info.file_size > _RATIO_FLOOR
                and info.file_size > ratio_limit * max(info.compress_size, 1)):
            ratio = info.file_size // max(info.compress_size, 1)
            raise_with(_("{source}: {member} is compressed {ratio}:1, more than the {limit}:1 "
                         "allowed — refused as a possible zip bomb (raise it with {option})"),
                       limits, "max_compression_ratio", source=source, member=member,
                       ratio=format_integer(ratio))
    total = sum(i.file_size for i in members)
    if total > limits.max_total_bytes:
        template = (_("{source}: the CSV files unpack to {size} in all, more than the {limit} "
                      "MB allowed (raise it with {option})") if csv else
                    _("{source}: the workbook's parts unpack to {size} in all, more than the "
                      "{limit} MB allowed (raise it with {option})"))
        raise_with(template, limits, "max_total_mb", source=source, size=megabytes(total))


def megabytes(size: int) -> str:
    """``1.5 MB`` (one decimal, in the language of the read; sizes are counted in units of
    1024 × 1024 bytes).

    >>> megabytes(3 * 1024 * 1024 // 2), megabytes(5), megabytes(3 << 30)
    ('1.5 MB', '0.1 MB', '3,072.0 MB')
    """
    lang = current_language()
    number = _babel_decimal(max(size / MB, 0.1), format="#,##0.0",
                            locale=lang if lang in LANGUAGES else "en")
    return _("{size} MB").format(size=number)


def member_chunks(source: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
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
        raise WorkbookReadError(_(
            "{source}: {member} is damaged ({reason}) — save or export the file again").format(
                source=source, member=repr(info.filename), reason=_reason(exc))) from None
    if read != info.file_size:
        # byte counts as the zip's header gives them (no separators)
        if read > info.file_size:
            damaged = ngettext(
                "{source}: {member} is damaged (its header says {size} byte, it holds more) "
                "— save or export the file again",
                "{source}: {member} is damaged (its header says {size} bytes, it holds more) "
                "— save or export the file again", info.file_size)
        else:
            damaged = ngettext(
                "{source}: {member} is damaged (its header says {size} byte, it holds "
                "{read}) — save or export the file again",
                "{source}: {member} is damaged (its header says {size} bytes, it holds "
                "{read}) — save or export the file again", info.file_size)
        raise WorkbookReadError(damaged.format(source=source, member=repr(info.filename),
                                               size=info.file_size, read=read))


_PREFIX, _ATTRS = XML_PREFIX, XML_ATTRS
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
        return b"".join(member_chunks(source, archive, info))

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


def check_xlsx(source: str, archive: zipfile.ZipFile, limits: ReadLimits,
               skip: frozenset[str] = frozenset()) -> None:
    """Refuse an .xlsx whose parts or sheets are beyond the limits, before it is parsed.

    Every part is unpacked once, in chunks (so a bad CRC or a header that understates the
    size is found here); every XML part is scanned for the largest row and column it uses,
    the size its ``<dimension>`` declares and the characters its cells would unpack to
    (a shared string counted once for each cell that shows it).
    """
    parts = [i for i in archive.infolist() if not i.is_dir()]
    titles = _sheet_names(source, archive)
    shared = _shared_string_lengths(source, archive, parts, limits)
    budget = TextBudget(source, limits)
    # every XML part, the shared strings too: a reader may be pointed at any of them as a
    # sheet (the table's own text counts only if it holds cells)
    sheets = [i for i in parts if i.filename.lower().endswith(".xml") and i.filename not in skip]
    # the text cannot pass the budget when the XML itself, plus the longest shared string
    # for every cell there is room for, stays within it: then it is not counted
    xml_bytes = sum(i.file_size for i in sheets)
    counted = (xml_bytes + xml_bytes // _SHARED_CELL_BYTES * max(shared, default=0)
               > limits.max_text_chars)
    for info in parts:
        if info not in sheets:
            if info.filename not in skip:
                for _chunk in member_chunks(source, archive, info):
                    pass
            continue
        extent, text = _Extent(), CellText(shared)
        for piece in tag_chunks(member_chunks(source, archive, info)):
            extent.add(piece)
            if counted:
                text.add(piece)
        if extent.implicit:
            extent, state = _Extent(dimension=extent.dimension), [0, 0]
            for piece in tag_chunks(member_chunks(source, archive, info)):
                extent.add_in_order(piece, state)
        name = titles.get(info.filename, info.filename)
        declared = _dimension_size(extent.dimension) if extent.dimension else None
        if declared:
            check_extent(source, declared[0], declared[1], limits,
                         _told(N_("sheet {sheet} declares its size as {range}"),
                               sheet=repr(name), range=extent.dimension))
        check_extent(source, extent.rows, extent.columns, limits,
                     _told(N_("sheet {sheet} has cells up to {cell}"), sheet=repr(name),
                           cell=f"{_column_letters(extent.columns)}{extent.rows}"))
        holds_cells = extent.rows or extent.columns or not _is_shared_strings(info.filename)
        budget.add(name, text.finish() if holds_cells else 0)


def _told(message: str, **fields: object) -> Callable[[], str]:
    """``message`` (marked with ``N_``) translated and filled when asked: only a refusal
    needs the words."""
    return lambda: _(message).format(**fields)


_SHARED_CELL_BYTES = len('<c t="s"><v>0</v></c>')
"""The fewest bytes of XML a cell that shows a shared string can take (21)."""


def _is_shared_strings(name: str) -> bool:
    return name.lower().rsplit("/", 1)[-1].startswith("sharedstrings")


def _shared_string_lengths(source: str, archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo],
                           limits: ReadLimits) -> array[int]:
    """The length of each shared string. Every part named like the table
    (``xl/sharedStrings.xml`` in any case or folder) is measured, and each string counts
    at its longest, whichever a reader picks."""
    longest = array("I")
    for info in parts:
        if not _is_shared_strings(info.filename):
            continue
        table = SharedStringLengths(source, limits)
        for piece in tag_chunks(member_chunks(source, archive, info)):
            table.add(piece)
        lengths = table.lengths
        if len(lengths) > len(longest):
            longest, lengths = lengths, longest
        for index, length in enumerate(lengths):
            if length > longest[index]:
                longest[index] = length
    return longest


def check_extent(source: str, rows: int, columns: int, limits: ReadLimits,
                 where: Callable[[], str]) -> None:
    """Refuse a sheet of ``rows`` (header included) × ``columns`` beyond the limits;
    ``where()`` names the sheet and says how its size is known (``sheet 'ties' has cells up
    to C9``, translated), asked only for a refusal."""
    if columns > limits.max_columns:
        template = ngettext(
            "{source}: {where}: {n} column, more than the {limit} allowed (raise it with "
            "{option}) — delete the rows and columns beyond your data (or split the sheet) and "
            "save it again",
            "{source}: {where}: {n} columns, more than the {limit} allowed (raise it with "
            "{option}) — delete the rows and columns beyond your data (or split the sheet) and "
            "save it again", columns)
        raise_with(template, limits, "max_columns", source=source, where=where(),
                   n=format_integer(columns))
    if rows > limits.max_rows + 1:
        template = ngettext(
            "{source}: {where}: {n} row below the header, more than the {limit} allowed (raise "
            "it with {option}) — delete the rows and columns beyond your data (or split the "
            "sheet) and save it again",
            "{source}: {where}: {n} rows below the header, more than the {limit} allowed "
            "(raise it with {option}) — delete the rows and columns beyond your data (or split "
            "the sheet) and save it again", rows - 1)
        raise_with(template, limits, "max_rows", source=source, where=where(),
                   n=format_integer(rows - 1))
    if rows * columns > limits.max_cells:
        template = ngettext(
            "{source}: {where}: {rows} rows × {columns} columns = {n} cell, more than the "
            "{limit} allowed (raise it with {option}) — delete the rows and columns beyond "
            "your data (or split the sheet) and save it again",
            "{source}: {where}: {rows} rows × {columns} columns = {n} cells, more than the "
            "{limit} allowed (raise it with {option}) — delete the rows and columns beyond "
            "your data (or split the sheet) and save it again", rows * columns)
        raise_with(template, limits, "max_cells", source=source, where=where(),
                   rows=format_integer(rows), columns=format_integer(columns),
                   n=format_integer(rows * columns))
