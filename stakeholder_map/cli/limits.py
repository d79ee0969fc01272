"""The ``--max-*`` options: how much a workbook may hold, set once for every command.

They are options of the ``stakeholder-map`` group itself, so they come before the
command (``stakeholder-map --max-rows 5000000 validate big.xlsx``), and each can also be
set by its environment variable (``STAKEHOLDER_MAP_MAX_ROWS``). Every command that reads a
workbook reads it under :func:`read_limits`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

import click

from stakeholder_map.workbook.limits import DEFAULT_LIMITS, ReadLimits

__all__ = ["limit_options", "read_limits", "store_limits"]

_KEY = "stakeholder_map.read_limits"

_HELP = {
    "max_rows": "Data rows a sheet may have (the header not counted).",
    "max_columns": "Columns a sheet may have.",
    "max_cells": "Cells a sheet may have: last row × last column used, header included.",
    "max_cell_chars": "Characters in one cell; a longer cell is a validation error.",
    "max_text_chars": "Characters all cells of a workbook may hold together (a shared or "
                      "repeated cell counts each time it is shown).",
    "max_file_mb": "Megabytes a workbook file, a CSV, or a part unpacked from a zip may have.",
    "max_total_mb": "Megabytes the CSV files of a folder or zip, or the parts of a "
                    "spreadsheet unpacked, may have together.",
    "max_compression_ratio": "How much a zip member over 1 MB may be compressed (200 is "
                             "200:1); more is refused as a possible zip bomb.",
}


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add one ``--max-*`` option per :class:`ReadLimits` field; the group's callback
    passes what it receives to :func:`store_limits`."""
    for f in reversed(fields(ReadLimits)):
        command = click.option(
            ReadLimits.option(f.name), f.name, type=click.IntRange(min=1), metavar="N",
            default=getattr(DEFAULT_LIMITS, f.name), show_default=True,
            envvar=ReadLimits.env(f.name), show_envvar=True,
            help=_HELP[f.name])(command)
    return command


def store_limits(ctx: click.Context, values: dict[str, int]) -> None:
    """Keep the limits the group was given for its commands to read workbooks under."""
    ctx.meta[_KEY] = ReadLimits(**values)


def read_limits() -> ReadLimits:
    """The limits of the running command (the defaults outside a command line)."""
    ctx = click.get_current_context(silent=True)
    limits = ctx.meta.get(_KEY) if ctx is not None else None
    return limits if isinstance(limits, ReadLimits) else DEFAULT_LIMITS
