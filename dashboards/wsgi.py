"""The dashboard for a production WSGI server: ``gunicorn dashboards.wsgi:server``.

Each gunicorn worker builds the app from the environment when it loads ``server``
(start gunicorn without ``--preload``, so no database connection crosses a fork):

``STAKEHOLDER_MAP_DB``
    the database URL or SQLite file (default: the file in the user data folder);
``STAKEHOLDER_MAP_ALLOWED_HOSTS``
    the host names people reach it under, separated by commas (``127.0.0.1``,
    ``localhost`` and ``[::1]`` always);
``STAKEHOLDER_MAP_MAX_UPLOAD_MB``
    the largest workbook the Data page accepts (default 20, 1–1024);
``STAKEHOLDER_MAP_NO_SAMPLES``
    ``1`` keeps an empty database empty (else the sample programmes are imported once);
``STAKEHOLDER_MAP_UPLOAD_MEMORY_MB`` / ``STAKEHOLDER_MAP_UPLOAD_SECONDS``
    what reading one upload may use (see :mod:`stakeholder_map.workbook.isolated`).

A setting that cannot be used — or a database that cannot be opened — is one line on
standard error and exit code 3, which makes gunicorn stop instead of starting
workers again and again.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import dash

from stakeholder_map.errors import StakeholderMapError
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.workbook.isolated import ChildLimits

from .app import MAX_UPLOAD_MB, create_app

__all__ = ["MAX_UPLOAD_ENV", "NO_SAMPLES_ENV", "build", "server"]

MAX_UPLOAD_ENV = "STAKEHOLDER_MAP_MAX_UPLOAD_MB"
NO_SAMPLES_ENV = "STAKEHOLDER_MAP_NO_SAMPLES"
_BOOT_ERROR = 3
"""gunicorn's "worker failed to boot": the master stops rather than restart it."""

server: Any
"""The WSGI application (the Flask server of :func:`build`'s app), built when first asked for."""


def build() -> dash.Dash:
    """The app as the environment configures it; :class:`ValueError` or a
    :class:`~stakeholder_map.errors.StakeholderMapError` with one line if it cannot be."""
    ChildLimits.from_env()  # refused now, not at the first upload
    text = os.environ.get(MAX_UPLOAD_ENV, "").strip() or str(MAX_UPLOAD_MB)
    if not text.isdigit() or not 1 <= int(text) <= 1024:
        raise ValueError(f"{MAX_UPLOAD_ENV}={text!r} is not a whole number of MB from 1 to 1024")
    no_samples = os.environ.get(NO_SAMPLES_ENV, "").strip().lower()
    if no_samples not in ("", "0", "1"):
        raise ValueError(f"{NO_SAMPLES_ENV}={no_samples!r}: give 1 (keep an empty database "
                         "empty) or 0")
    return create_app(None, samples=None if no_samples == "1" else SAMPLES_DIR,
                      max_upload_mb=int(text), warm_up=True)


def __getattr__(name: str) -> Any:
    """``server`` (and ``app``) are built on first use, so importing this module — for its
    documentation, or a test collecting doctests — opens no database."""
    if name not in ("server", "app"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        app = build()
    except (ValueError, StakeholderMapError) as exc:
        print(f"stakeholder-map: {exc}", file=sys.stderr)
        raise SystemExit(_BOOT_ERROR) from None
    globals().update(app=app, server=app.server)
    return globals()[name]
