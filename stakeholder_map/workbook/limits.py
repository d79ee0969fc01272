"""How much a workbook may hold: the limits every reader checks before it parses.

One frozen :class:`ReadLimits` is passed through ``read_raw`` and ``load`` (``limits=``);
the command line builds it from its ``--max-*`` options (or ``STAKEHOLDER_MAP_MAX_*``
environment variables). The defaults are far beyond any real programme — 2 million ties
below one header, 200k actors with room to spare — and still keep a hostile file from
exhausting memory: each check runs before the cells are materialised, and a refusal is
one line naming the limit and the option that raises it.

>>> ReadLimits().max_rows
2000000
>>> ReadLimits(max_rows=10).option("max_rows")
'--max-rows'
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["DEFAULT_LIMITS", "MB", "ReadLimits"]

MB = 1024 * 1024
"""A megabyte as the size options count it."""


@dataclass(frozen=True)
class ReadLimits:
    """The limits one read is held to (the defaults suit any real programme).

    Attributes
    ----------
    max_rows
        Data rows per sheet, the header row not counted.
    max_columns
        Columns per sheet.
    max_cells
        Cells per sheet, counted as the used area: last row × last column, header included.
    max_cell_chars
        Characters in one cell (Excel's own limit by default); a longer cell is a
        validation problem at its sheet, row and column.
    max_text_chars
        Characters all cells of a workbook hold together, counted before they are read: a
        shared string counts once for every cell that shows it, a repeated OpenDocument
        cell once for every repeat (a 4.3 MB file can otherwise ask for 60 billion).
    max_file_mb
        Megabytes one file may have: the workbook, each CSV, and each part of a zip or
        spreadsheet once unpacked.
    max_total_mb
        Megabytes the files of a folder or zip of CSVs may have together, and all parts of
        a spreadsheet once unpacked.
    max_compression_ratio
        How much a zip member over 1 MB unpacked may be compressed (``200`` is 200:1);
        more is refused as a possible zip bomb.
    """

    max_rows: int = 2_000_000
    max_columns: int = 200
    max_cells: int = 30_000_000
    max_cell_chars: int = 32_767
    max_text_chars: int = 1_000_000_000
    max_file_mb: int = 1024
    max_total_mb: int = 2048
    max_compression_ratio: int = 200

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{f.name} must be a whole number of at least 1, not "
                                 f"{value!r}")

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * MB

    @property
    def max_total_bytes(self) -> int:
        return self.max_total_mb * MB

    @staticmethod
    def option(name: str) -> str:
        """The command-line option that sets limit ``name`` (``max_rows`` → ``--max-rows``)."""
        return "--" + name.replace("_", "-")

    @staticmethod
    def env(name: str) -> str:
        """The environment variable that sets limit ``name``: ``STAKEHOLDER_MAP_MAX_ROWS``."""
        return "STAKEHOLDER_MAP_" + name.upper()


DEFAULT_LIMITS = ReadLimits()
"""The limits a read is held to when none are given."""
