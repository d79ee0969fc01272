"""What a callback accepts from the browser, checked before it is used.

Anyone who can reach the server can post any JSON to ``/_dash-update-component``,
so no callback trusts the types of its inputs: ids become positive integers that
exist in the store (else ``None``), text is a bounded string, lists are lists of
bounded strings. A callback then answers as it would for "nothing selected" or
raises ``PreventUpdate`` — never an exception that becomes a 500.
"""

from __future__ import annotations

from typing import Any

from dash.exceptions import PreventUpdate

from .data import store

__all__ = ["MAX_ID", "MAX_ITEMS", "MAX_TEXT", "engagement", "mapping", "positive_int",
           "programme_id", "selected", "selected_programme", "selected_wave", "text", "texts",
           "wave_id"]

MAX_ID = 2**63 - 1
"""Largest id a database integer column holds."""
MAX_TEXT = 10_000
"""Longest text a callback reads (a URL query, a search, an actor id)."""
MAX_ITEMS = 1_000
"""Most items of a list a callback reads (chosen sectors, gap kinds, grid rows)."""


def positive_int(value: Any) -> int | None:
    """``value`` if it is an integer from 1 to :data:`MAX_ID` (digits in a string too), else None.

    >>> positive_int(3), positive_int("3"), positive_int(True), positive_int(-1), positive_int(1.0)
    (3, 3, None, None, None)
    """
    if isinstance(value, str) and 0 < len(value) <= 19 and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return value
    return None


def wave_id(value: Any) -> int | None:
    """The id of a wave in the store, or None (not an id, or no such wave)."""
    wid = positive_int(value)
    if wid is None:
        return None
    try:
        store().wave(wid)
    except KeyError:
        return None
    return wid


def programme_id(value: Any) -> int | None:
    """The id of a programme in the store, or None."""
    pid = positive_int(value)
    if pid is None or pid not in {p.id for p in store().programmes()}:
        return None
    return pid


def text(value: Any, limit: int | None = MAX_TEXT) -> str | None:
    """``value`` if it is a string of at most ``limit`` characters (any length: None), else None."""
    if not isinstance(value, str) or (limit is not None and len(value) > limit):
        return None
    return value


def texts(value: Any, limit: int = MAX_ITEMS) -> list[str]:
    """The strings of a list (a single string counts as a list of one); anything else is []."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [v for v in value[:limit] if isinstance(v, str) and len(v) <= MAX_TEXT]


def mapping(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def selected(selection: Any) -> dict[str, Any]:
    """The shell's selection store; waits (no update) until it holds an object at all."""
    if not isinstance(selection, dict):
        raise PreventUpdate
    return selection


def selected_wave(selection: Any) -> int | None:
    """The wave of the shell's selection if it is one of the store (no update if no selection)."""
    return wave_id(selected(selection).get("wave"))


def selected_programme(selection: Any) -> int | None:
    """The programme of the shell's selection if it is one of the store."""
    return programme_id(selected(selection).get("programme"))


def engagement(value: Any) -> list[int]:
    """A [low, high] range of the engagement ladder (0 … 5); anything else is the whole ladder."""
    if (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 5
                    for v in value) and value[0] <= value[1]):
        return [value[0], value[1]]
    return [0, 5]
