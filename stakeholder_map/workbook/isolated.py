"""Read and validate an uploaded workbook in a child process that cannot take the server down.

A hostile or damaged file can make a parser ask for more memory than the machine has
(the spreadsheet reader then aborts the whole process), or run for minutes. A server
reads uploads with :func:`load_isolated`: the bytes go to a fresh Python process
(``python -m stakeholder_map.workbook.isolated``) that limits its own address space
(``RLIMIT_AS``) and CPU time (``RLIMIT_CPU``), writes no core file, and is killed
when it runs past a wall-clock limit. Whatever happens to it — out of memory, a crash,
a signal, too long — the caller gets a one-line :class:`IsolatedReadError` naming the
file and the limits, and keeps running.

The limits come from :class:`ChildLimits`: by default 4096 MB and 120 s, or the
environment variables ``STAKEHOLDER_MAP_UPLOAD_MEMORY_MB`` and
``STAKEHOLDER_MAP_UPLOAD_SECONDS``. The memory limit is the child's whole address
space, about 200 MB of which Python and its libraries take before reading starts.
On a system without :mod:`resource` (Windows) only the wall-clock limit applies.

The child sends back the :class:`~stakeholder_map.workbook.validate.LoadResult`
pickled; the parent unpickles only the model's own classes (and dates), so even a
child whose parser was subverted cannot make the parent run code.
"""

from __future__ import annotations

import contextlib
import copyreg
import io
import json
import logging
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from stakeholder_map.errors import StakeholderMapError, WorkbookReadError
from stakeholder_map.i18n import current_language, format_decimal, use_language
from stakeholder_map.i18n import gettext as _
from stakeholder_map.workbook.validate import LoadResult, load

__all__ = [
    "DEFAULT_MEMORY_MB",
    "DEFAULT_SECONDS",
    "MEMORY_ENV",
    "MIN_MEMORY_MB",
    "SECONDS_ENV",
    "ChildLimits",
    "IsolatedReadError",
    "load_isolated",
]

MEMORY_ENV = "STAKEHOLDER_MAP_UPLOAD_MEMORY_MB"
SECONDS_ENV = "STAKEHOLDER_MAP_UPLOAD_SECONDS"

DEFAULT_MEMORY_MB = 4096
"""Address space of the reading process, in MB. A 7 MB .xlsx of 200,000 actors and as many
ties peaks at about 510 MB resident; this leaves room for the largest upload allowed."""

DEFAULT_SECONDS = 120
"""Wall-clock seconds the reading process may run."""

MIN_MEMORY_MB = 512
"""Less than this and Python cannot even start reading (it takes about 200 MB itself)."""

MAX_MEMORY_MB = 1024 * 1024
MAX_SECONDS = 24 * 3600

_MODULE = "stakeholder_map.workbook.isolated"
_EXIT_MEMORY = 3
"""The child's exit code when Python itself ran out of memory (a MemoryError)."""

_THREADS_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""Numerical libraries start a thread per core, each reserving address space; the
reader needs none of them."""

log = logging.getLogger(__name__)


class IsolatedReadError(WorkbookReadError):
    """The reading process ran out of memory or time, or crashed: the file was not read."""


@dataclass(frozen=True)
class ChildLimits:
    """What the reading process may use: ``memory_mb`` of address space, ``seconds`` of time.

    >>> ChildLimits(2048, 60).describe()
    '2 GB / 60 s'
    >>> ChildLimits(100, 60)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: upload memory limit 100 MB is below the 512 MB the reader needs to start ...
    """

    memory_mb: int = DEFAULT_MEMORY_MB
    seconds: int = DEFAULT_SECONDS

    def __post_init__(self) -> None:
        if not MIN_MEMORY_MB <= self.memory_mb <= MAX_MEMORY_MB:
            raise ValueError(
                f"upload memory limit {self.memory_mb} MB is "
                + (f"below the {MIN_MEMORY_MB} MB the reader needs to start"
                   if self.memory_mb < MIN_MEMORY_MB else f"above {MAX_MEMORY_MB} MB")
                + f" (set {MEMORY_ENV} to {MIN_MEMORY_MB}–{MAX_MEMORY_MB})")
        if not 1 <= self.seconds <= MAX_SECONDS:
            raise ValueError(f"upload time limit {self.seconds} s is outside 1–{MAX_SECONDS} s "
                             f"(set {SECONDS_ENV} to a whole number of seconds in that range)")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ChildLimits:
        """The limits set by ``STAKEHOLDER_MAP_UPLOAD_MEMORY_MB`` / ``_SECONDS`` (else defaults).

        A value that is not a whole number, or out of range, is a :class:`ValueError`
        naming the variable, its value and the range.
        """
        env = os.environ if environ is None else environ
        return cls(_whole(env, MEMORY_ENV, DEFAULT_MEMORY_MB),
                   _whole(env, SECONDS_ENV, DEFAULT_SECONDS))

    def describe(self) -> str:
        """The limits as the server's log gives them: ``'4 GB / 120 s'``."""
        mb = self.memory_mb
        memory = f"{mb / 1024:g} GB" if mb % 256 == 0 and mb >= 1024 else f"{mb} MB"
        return f"{memory} / {self.seconds} s"

    def shown(self) -> str:
        """The limits as a person reads them, in the current language (``4 GB / 120 s``)."""
        mb = self.memory_mb
        if mb % 256 == 0 and mb >= 1024:
            return _("{memory} GB / {seconds} s").format(memory=format_decimal(mb / 1024),
                                                        seconds=self.seconds)
        return _("{memory} MB / {seconds} s").format(memory=mb, seconds=self.seconds)


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} is not a whole number") from None


def load_isolated(data: bytes, filename: str, *, limits: ChildLimits | None = None,
                  skip_invalid: bool = False) -> LoadResult:
    """:func:`~stakeholder_map.workbook.validate.load` of ``data`` (``strict=False``), run in a
    child process held to ``limits`` (default: :meth:`ChildLimits.from_env`).

    ``filename`` gives the format (``.xlsx``, ``.zip``, ``.csv`` …) and starts every message;
    the child writes its messages in the current language.
    A file that cannot be read is a :class:`~stakeholder_map.errors.WorkbookReadError`
    with the reader's own one-line message; a child that runs out of memory or time, or
    dies, is an :class:`IsolatedReadError` saying so. Nothing is raised for a workbook with
    problems: they are in the result, as from ``load``.
    """
    limits = limits or ChildLimits.from_env()
    header = json.dumps({"filename": filename, "skip_invalid": skip_invalid,
                         "language": current_language()}).encode() + b"\n"
    command = [sys.executable, "-m", _MODULE, str(limits.memory_mb), str(limits.seconds)]
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=_child_env())
    except OSError as exc:
        raise IsolatedReadError(_("{source}: the reader could not be started ({reason})").format(
            source=filename, reason=exc)) from None
    with proc:
        try:
            out, err = proc.communicate(header + data, timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            raise _failed(filename, limits, _("it took longer than that"), err) from None
    if proc.returncode == 0:
        kind, value = _result(out)
        if kind == "ok":
            assert isinstance(value, LoadResult)
            return value
        raise WorkbookReadError(str(value))
    if proc.returncode == _EXIT_MEMORY:
        reason = _("it ran out of memory")
    elif proc.returncode < 0:
        if -proc.returncode in (signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV):
            reason = _("the reader was stopped by {signal}, most likely out of memory")
        else:
            reason = _("the reader was stopped by {signal}")
        reason = reason.format(signal=_signal_name(-proc.returncode))
    else:
        reason = _("the reader failed (exit code {code})").format(code=proc.returncode)
    raise _failed(filename, limits, reason, err)


def _failed(filename: str, limits: ChildLimits, reason: str, stderr: bytes
            ) -> IsolatedReadError:
    tail = stderr[-2000:].decode("utf-8", "replace").strip()
    log.warning("reading %r in a child process failed (%s; limits %s)%s", filename, reason,
                limits.describe(), f": {tail}" if tail else "")
    return IsolatedReadError(_(
        "{source}: the file could not be read within {limits} — it may be damaged or too "
        "large ({reason}); split it into smaller workbooks, or ask the administrator to raise "
        "{memory_variable} / {seconds_variable}").format(
            source=filename, limits=limits.shown(), reason=reason,
            memory_variable=MEMORY_ENV, seconds_variable=SECONDS_ENV))


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _child_env() -> dict[str, str]:
    """The server's environment, with this very package importable and numerical libraries
    on one thread."""
    env = dict(os.environ)
    env.update(dict.fromkeys(_THREADS_ENV, "1"))
    env["RUST_BACKTRACE"] = "0"  # the spreadsheet reader's panic in one line, for the log
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env


# -- what crosses between the processes ----------------------------------------------------


def _mapping_proxy(items: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType(items)


class _Pickler(pickle.Pickler):
    """Pickles the model; its read-only ``extra`` mappings travel as a plain dict."""

    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[MappingProxyType] = lambda m: (_mapping_proxy, (dict(m),))


_ALLOWED = {
    "stakeholder_map.model": None,
    "stakeholder_map.errors": {"Problem"},
    "stakeholder_map.workbook.validate": {"LoadResult"},
    _MODULE: {"_mapping_proxy"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
}
"""Modules (and names in them; ``None``: any) the parent lets the child's answer use."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        names = _ALLOWED.get(module, set())
        if names is None or name in names:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a reader's answer")


def _result(out: bytes) -> tuple[str, object]:
    try:
        kind, value = _Unpickler(io.BytesIO(out)).load()
    except Exception as exc:  # a garbled answer is a failed read, whatever broke it
        raise WorkbookReadError(_("the reader's answer could not be understood ({reason})")
                                .format(reason=exc)) from None
    return str(kind), value


# -- the child ------------------------------------------------------------------------------


def _limit_self(memory_mb: int, seconds: int) -> None:
    """Hold this process to the limits (each one the system does not support is skipped)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's wall clock still applies
        return
    for which, soft, hard in (
            (resource.RLIMIT_CORE, 0, 0),
            (resource.RLIMIT_AS, memory_mb << 20, memory_mb << 20),
            # the parent kills the child at ``seconds`` wall-clock; this stops an orphan
            (resource.RLIMIT_CPU, seconds + 1, seconds + 2)):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(which, (soft, hard))


def _child(argv: list[str]) -> int:
    _limit_self(int(argv[0]), int(argv[1]))
    stdin = sys.stdin.buffer
    try:
        header = json.loads(stdin.readline())
        data = stdin.read()
        try:
            with use_language(header.get("language")):
                answer: tuple[str, object] = ("ok", load(
                    io.BytesIO(data), filename=header["filename"], strict=False,
                    skip_invalid=bool(header["skip_invalid"])))
        except StakeholderMapError as exc:
            answer = ("error", str(exc))
        del data
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(answer)
    except MemoryError:
        os._exit(_EXIT_MEMORY)  # nothing more can safely be done in this process
    sys.stdout.buffer.write(buffer.getbuffer())
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    # run the module under its own name, so what the child pickles names it, not __main__
    from stakeholder_map.workbook import isolated

    sys.exit(isolated._child(sys.argv[1:]))
