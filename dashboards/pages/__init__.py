"""One module per page; each has ``layout(query)`` and its own module-level callbacks."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["install_callbacks", "page_module"]

_NAMES = ("map", "gaps", "sectors", "engagement", "metrics", "compare", "data")
_CALLBACKS: tuple[dict[str, Any], list[dict[str, Any]]] | None = None


def page_module(name: str) -> ModuleType:
    return importlib.import_module(f"dashboards.pages.{name}")


def install_callbacks(app: Any) -> None:
    """Give ``app`` every callback of the shell and the pages.

    ``@dash.callback`` puts callbacks in a process-wide list that the *first*
    app to serve takes for itself; a second app in the same process (a test,
    a restarted server) would get none. So the list is taken once, here, and
    copied into each app.
    """
    global _CALLBACKS
    if _CALLBACKS is None:
        from dash import _callback

        importlib.import_module("dashboards.app")
        for name in _NAMES:
            page_module(name)
        _CALLBACKS = (dict(_callback.GLOBAL_CALLBACK_MAP), list(_callback.GLOBAL_CALLBACK_LIST))
        _callback.GLOBAL_CALLBACK_MAP.clear()
        _callback.GLOBAL_CALLBACK_LIST.clear()
    callback_map, callback_list = _CALLBACKS
    app.callback_map.update(callback_map)
    app._callback_list.extend(callback_list)
