"""Callbacks declared where they belong (each page module) and given to each app explicitly.

``dash.callback`` keeps callbacks in a process-wide list that only the first app to
serve receives, so a second app in one process (a test, a restarted server) would get
none. Here a page declares ``@callback(...)`` against this module's registry instead,
and :func:`dashboards.app.create_app` hands every declared callback to its own app with
the public ``app.callback``.

Every callback speaks the page's language: registering adds the shell's language store
(:data:`dashboards.ids.LANG`) as a last ``State`` and runs the callback inside
:func:`stakeholder_map.i18n.use_language`, so pages call ``_()`` and nothing more.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from dash import State

from stakeholder_map.i18n import use_language

from . import ids

__all__ = ["Callbacks", "callback"]

Fn = Callable[..., Any]


class Callbacks:
    """A list of callback declarations that any number of apps can register."""

    def __init__(self) -> None:
        self._declared: list[tuple[tuple[Any, ...], dict[str, Any], Fn]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Callable[[Fn], Fn]:
        """Declare a callback: the same arguments as ``dash.callback``."""
        def declare(fn: Fn) -> Fn:
            self._declared.append((args, kwargs, fn))
            return fn
        return declare

    def __len__(self) -> int:
        return len(self._declared)

    def register(self, app: Any) -> None:
        """Give ``app`` every declared callback, each speaking the page's language."""
        for args, kwargs, fn in self._declared:
            app.callback(*args, State(ids.LANG, "data"), **kwargs)(_speaking(fn))


def _speaking(fn: Fn) -> Fn:
    """``fn`` run in the language the last argument names (English when it is not one)."""
    @functools.wraps(fn)
    def run(*values: Any) -> Any:
        *rest, lang = values
        with use_language(lang if isinstance(lang, str) else None):
            return fn(*rest)
    return run


callback = Callbacks()
"""The dashboard's callbacks: the shell's (``dashboards.app``) and every page's."""
