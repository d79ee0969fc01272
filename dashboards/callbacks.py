"""Callbacks declared where they belong (each page module) and given to each app explicitly.

``dash.callback`` keeps callbacks in a process-wide list that only the first app to
serve receives, so a second app in one process (a test, a restarted server) would get
none. Here a page declares ``@callback(...)`` against this module's registry instead,
and :func:`dashboards.app.create_app` hands every declared callback to its own app with
the public ``app.callback``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
        """Give ``app`` every declared callback."""
        for args, kwargs, fn in self._declared:
            app.callback(*args, **kwargs)(fn)


callback = Callbacks()
"""The dashboard's callbacks: the shell's (``dashboards.app``) and every page's."""
