"""Counting what a spreadsheet's XML would unpack to, streaming, before it is parsed.

The pieces of a part arrive cut just before a ``<`` (:func:`tag_chunks`), so no tag is
ever split and the text after a tag is whole. :class:`SharedStringLengths` measures each
string of an .xlsx's shared-strings table; :class:`CellText` adds up the characters the
cells of one sheet would hold — a shared string once for every cell that shows it, so
two million cells pointing at one 30,000-character string count 60 billion characters,
though the file is a few megabytes; :class:`TextBudget` holds a workbook's sheets to
``ReadLimits.max_text_chars`` together. Lengths are counted in bytes of the XML text
(``&amp;`` counts 5): never fewer than the characters it decodes to.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence

from stakeholder_map.errors import WorkbookReadError
from stakeholder_map.i18n import N_, format_integer, ngettext
from stakeholder_map.i18n import gettext as _
from stakeholder_map.workbook.limits import ReadLimits

__all__ = [
    "XML_ATTRS",
    "XML_PREFIX",
    "CellText",
    "SharedStringLengths",
    "TextBudget",
    "tag_chunks",
]

XML_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
"""The start of a tag with its namespace prefix, if any (``<x:c``, ``<c``)."""

XML_ATTRS = rb"""(?:[^>"']|"[^"]*"|'[^']*')*"""
"""A start tag's attributes; a quoted value may hold ``>`` (quick-xml allows it)."""

_LONGEST = 2**32 - 1
"""A shared string's length is kept up to this (4 billion characters: beyond any budget)."""
_SHARED_TYPE = re.compile(rb"""\st\s*=\s*["']s["']""")
_SHARED_VALUE = re.compile(XML_PREFIX + rb"""c\s[^>]*?\st\s*=\s*["']s["'][^>]*>\s*"""
                           + XML_PREFIX + rb"v>([0-9]{1,18})<")
"""The index a shared-string cell shows, in the usual layout (each match holds one t="s")."""
_VALUE_TEXT = re.compile(XML_PREFIX + rb"[vt](?:\s[^>]*)?>([^<]*)")
_END_OF_CELL = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?c>")
_CELL_TOKEN = re.compile(XML_PREFIX + rb"(c|v|t)(?=[\s/>])(" + XML_ATTRS + rb")>([^<]*)")
_SI_TOKEN = re.compile(XML_PREFIX + rb"(si|t)(?=[\s/>])" + XML_ATTRS + rb">([^<]*)")


def tag_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
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


class SharedStringLengths:
    """The length of every string in a shared-strings part, in order (``<si>`` by ``<si>``;
    rich-text runs and phonetic hints count together).

    >>> table = SharedStringLengths("b.xlsx", ReadLimits())
    >>> table.add(b"<sst><si><t>Alpha</t></si><si><r><t>ab</t></r><r><t>c</t></r></si>")
    >>> list(table.lengths)
    [5, 3]
    """

    def __init__(self, source: str, limits: ReadLimits) -> None:
        self.lengths = array("I")  # 4 bytes a string: 120 MB at 30 million strings
        self._source = source
        self._limits = limits

    def add(self, piece: bytes) -> None:
        lengths = self.lengths
        for tag, text in _SI_TOKEN.findall(piece):
            if tag == b"si":
                lengths.append(0)
            elif lengths:
                lengths[-1] = min(lengths[-1] + len(text), _LONGEST)
        if len(lengths) > self._limits.max_cells:
            cells = self._limits.max_cells
            raise WorkbookReadError(ngettext(
                "{source}: the shared strings table holds more than {n} string, more than a "
                "sheet may have cells: the {limit} allowed (raise it with {option})",
                "{source}: the shared strings table holds more than {n} strings, more than a "
                "sheet may have cells: the {limit} allowed (raise it with {option})",
                cells).format(source=self._source, n=format_integer(cells),
                              limit=format_integer(cells),
                              option=self._limits.option("max_cells")))


class CellText:
    """The characters the cells of one sheet part would unpack to.

    Pieces are cut after their last ``</c>`` (the rest waits for the next piece), so a
    cell is always counted whole. The usual layout, ``<c … t="s"><v>7</v></c>``, is counted
    by two regular expressions; a piece where they do not account for every shared-string
    cell (a formula before the value, a self-closed cell) is walked tag by tag.

    >>> text = CellText([30_000])
    >>> text.add(b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c>'
    ...          b'<c r="C1"><v>12.5</v></c><c r="D1" t="inlineStr"><is><t>hi</t></is></c></row>')
    >>> text.finish()
    60006
    """

    def __init__(self, shared: Sequence[int]) -> None:
        self.chars = 0
        self._shared = shared
        self._carry = b""

    def add(self, piece: bytes) -> None:
        piece = self._carry + piece
        cut = _after_last_cell(piece)
        self._carry = piece[cut:]
        self._count(piece[:cut])

    def finish(self) -> int:
        """Count what is left and return the total."""
        self._count(self._carry)
        self._carry = b""
        return self.chars

    def _count(self, piece: bytes) -> None:
        if b"<" not in piece:
            return
        shared, count = self._shared, len(self._shared)
        values = _VALUE_TEXT.findall(piece)
        # every shared-string cell's start tag holds t="s" (a match may also be elsewhere:
        # then the counts differ, and the piece is walked)
        marks = len(_SHARED_TYPE.findall(piece))
        indexes = _SHARED_VALUE.findall(piece) if marks else []
        if len(indexes) == marks:
            self.chars += sum(map(len, values)) - sum(map(len, indexes))
            for index in map(int, indexes):
                self.chars += shared[index] if index < count else len(str(index))
            return
        chars, in_shared = self.chars, False
        for tag, attrs, text in _CELL_TOKEN.findall(piece):
            if tag == b"c":
                in_shared = b"t" in attrs and _SHARED_TYPE.search(attrs) is not None
            elif tag == b"v" and in_shared:
                index = text.strip()
                # an index calamine cannot use makes it fail, not allocate: count its digits
                n = int(index) if index.isdigit() and len(index) < 19 else -1
                chars += shared[n] if 0 <= n < count else len(text)
            else:
                chars += len(text)
        self.chars = chars


def _after_last_cell(piece: bytes) -> int:
    """Where the last ``</c>`` (any prefix) of ``piece`` ends; 0 when it has none."""
    end = len(piece)
    while (end := piece.rfind(b"c>", 0, end)) >= 0:
        start = piece.rfind(b"<", 0, end)
        if start >= 0 and _END_OF_CELL.fullmatch(piece, start, end + 2):
            return end + 2
    return 0


class TextBudget:
    """The characters a workbook's sheets would unpack to together, held to
    ``max_text_chars``; :meth:`add` refuses, naming the sheet that goes over. ``counted``
    says how the text was counted (marked with ``N_``, translated when shown)."""

    def __init__(self, source: str, limits: ReadLimits,
                 counted: str = N_("a shared string counts once for every cell that shows it")
                 ) -> None:
        self.chars = 0
        self._source = source
        self._limits = limits
        self._counted = counted

    def add(self, sheet: str, chars: int) -> None:
        self.chars += chars
        if self.chars > self._limits.max_text_chars:
            if self.chars == chars:
                template = ngettext(
                    "{source}: sheet {sheet} would unpack to {n} character of cell text, more "
                    "than the {limit} characters allowed (raise it with {option}) — {counted}; "
                    "remove the repeated text or split the workbook",
                    "{source}: sheet {sheet} would unpack to {n} characters of cell text, more "
                    "than the {limit} characters allowed (raise it with {option}) — {counted}; "
                    "remove the repeated text or split the workbook", self.chars)
            else:
                template = ngettext(
                    "{source}: sheet {sheet} would unpack to {n} character of cell text (with "
                    "the sheets before it), more than the {limit} characters allowed (raise it "
                    "with {option}) — {counted}; remove the repeated text or split the workbook",
                    "{source}: sheet {sheet} would unpack to {n} characters of cell text (with "
                    "the sheets before it), more than the {limit} characters allowed (raise it "
                    "with {option}) — {counted}; remove the repeated text or split the workbook",
                    self.chars)
            raise WorkbookReadError(template.format(
                source=self._source, sheet=repr(sheet), n=format_integer(self.chars),
                limit=format_integer(self._limits.max_text_chars),
                option=self._limits.option("max_text_chars"), counted=_(self._counted)))
