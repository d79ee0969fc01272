"""Text a database can store: no NUL characters.

PostgreSQL refuses a NUL (``\\x00``) in any text value, SQLite keeps it silently; the
store refuses it on both, before writing, naming where it is. A workbook that is read
never gets this far (validation reports control characters in cells); a map built in
Python, or a programme name, label or file name given to the store, can.

>>> refuse_nul({"actors": [["id", "name"], ["a", "Al\\x00pha"]]}, {})
Traceback (most recent call last):
...
ValueError: actor 'a' field 'name' holds a NUL character (character 3 of 'Al\\x00pha')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["refuse_nul"]

NUL = "\x00"

_RECORDS = {
    "actors": "actor {0!r}",
    "ties": "tie {0!r} → {1!r}",
    "agreements": "agreement {0!r}",
    "agreement_parties": "party {1!r} of agreement {0!r}",
    "forums": "forum {0!r}",
    "forum_members": "member {1!r} of forum {0!r}",
    "programme": "programme setting {0!r}",
    "sectors": "sector {0!r}",
}
"""How a row of each sheet is named, from its first cells."""


def refuse_nul(sheets: Mapping[str, Sequence[Sequence[str]]], texts: Mapping[str, str]) -> None:
    """:class:`ValueError` naming the first NUL character in the sheets' text rows (header
    first, as :func:`~stakeholder_map.workbook.write.sheet_rows` gives them) or else in
    ``texts`` (what → value): the record, the field, and the character's place in the value."""
    for sheet, rows in sheets.items():
        header = rows[0] if rows else []
        for column in header:
            if NUL in column:
                raise ValueError(f"the name of the {sheet} sheet's column {column!r} "
                                 f"{_where(column)}")
        for row in rows[1:]:
            if NUL not in "".join(row):
                continue
            pos, value = next((pos, v) for pos, v in enumerate(row) if NUL in v)
            column = header[pos] if pos < len(header) else f"column {pos + 1}"
            record = _RECORDS.get(sheet, f"{sheet} row {{0!r}}").format(*row, "", "")
            raise ValueError(f"{record} field {column!r} {_where(value)}")
    for what, value in texts.items():
        if NUL in value:
            raise ValueError(f"the {what} {_where(value)}")


def _where(value: str) -> str:
    return f"holds a NUL character (character {value.index(NUL) + 1} of {value!r})"
