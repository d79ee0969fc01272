"""The package as a stranger gets it: a wheel built from the repo, installed non-editable.

The wheel goes into a throwaway virtual environment, first without extras (library and
command line only), then with the ``dashboard`` extra. Every command runs from a folder
outside the checkout, so nothing can be imported from the working tree by accident.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path, ok: bool = True, timeout: int = 300,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                            timeout=timeout, env={**os.environ, **(env or {})})
    if ok:
        assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """(bin folder of a fresh venv holding the wheel without extras, the wheel, a work folder)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    _run(sys.executable, "-m", "build", "--wheel", "--outdir", dist, ROOT, cwd=base)
    (wheel,) = dist.glob("stakeholder_map-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    _run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, cwd=base)
    work = base / "work"
    work.mkdir()
    yield bin_dir, wheel, work


def test_the_wheel_carries_the_map_script_the_samples_and_the_migrations(
        installed: tuple[Path, Path, Path]) -> None:
    bin_dir, _, work = installed
    code = ("import importlib.resources as r, stakeholder_map as s;"
            "print(s.__file__);"
            "print((r.files('stakeholder_map.samples') / 'kehila_metiva' / 'actors.csv')"
            ".is_file());"
            "print(r.files('stakeholder_map.store.migrations').joinpath('versions').is_dir())")
    out = _run(bin_dir / "python", "-c", code, cwd=work).stdout.split()
    assert "site-packages" in out[0] and str(ROOT) not in out[0]
    assert out[1:] == ["True", "True"]


def test_every_command_runs_from_the_installed_wheel(installed: tuple[Path, Path, Path]) -> None:
    bin_dir, _, work = installed
    sm = bin_dir / "stakeholder-map"
    listed = _run(sm, "--help", cwd=work).stdout
    for command in ("validate", "synth", "metrics", "gaps", "paths", "import", "compare", "html",
                    "export", "report", "samples", "dashboard"):
        assert f"  {command} " in listed, command
    _run(sm, "samples", "--copy", "s", cwd=work)
    kehila, smolensk = work / "s" / "kehila_metiva", work / "s" / "smolensk_volunteers"
    verdict = _run(sm, "validate", kehila, cwd=work).stdout.strip().splitlines()[-1]
    assert verdict in ("valid", "valid (with warnings)")
    broken = _run(sm, "validate", work / "s" / "broken", cwd=work, ok=False)
    assert broken.returncode == 1 and "sheet" in broken.stdout
    _run(sm, "synth", "--actors", "60", "--seed", "3", "-o", "synth", cwd=work)
    _run(sm, "metrics", kehila, "-o", "m.json", cwd=work)
    assert json.loads((work / "m.json").read_text(encoding="utf-8"))["network"]["actors"] > 0
    gaps = _run(sm, "gaps", smolensk, cwd=work).stdout
    assert "passive_influential              sm-admin" in gaps  # Cyrillic names print as they are
    assert "Администрация Смоленской области" in gaps
    _run(sm, "paths", kehila, "km-edu-head", cwd=work)
    _run(sm, "import", smolensk, "--db", work / "store.db", cwd=work)
    _run(sm, "compare", "synth", "synth", "-o", "c.xlsx", cwd=work)
    _run(sm, "html", kehila, "-o", "map.html", cwd=work)
    page = (work / "map.html").read_text(encoding="utf-8")
    assert "new vis.Network(" in page                  # vis-network inlined from pyvis
    assert json.dumps("עיריית קריית אלון")[1:-1] in page  # the Hebrew names, as escaped JSON
    _run(sm, "export", kehila, "-o", "net.graphml", cwd=work)
    _run(sm, "report", kehila, "-o", "pack.html", "--no-charts", cwd=work)
    assert (work / "pack.html").stat().st_size > 10_000


def test_without_the_dashboard_extra_the_dashboard_command_says_how_to_add_it(
        installed: tuple[Path, Path, Path]) -> None:
    bin_dir, _, work = installed
    result = _run(bin_dir / "stakeholder-map", "dashboard", "--db", work / "x.db", cwd=work,
                  ok=False)
    assert result.returncode == 1
    assert "pip install 'stakeholder-map[dashboard]'" in result.stderr
    assert "Traceback" not in result.stderr
    # the library never loads the dashboard; its command line loads only the plug-in command
    code = ("import sys, stakeholder_map.analysis.gaps, stakeholder_map.outputs.report.pack;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dash', 'dashboards')));"
            "import stakeholder_map.cli.main;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dash', 'dashboards')))")
    library, cli = _run(bin_dir / "python", "-c", code, cwd=work).stdout.splitlines()
    assert library == "[]"
    assert cli == "['dashboards', 'dashboards.cli']"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return int(response.status), bytes(response.read())


def test_the_installed_dashboard_seeds_an_empty_store_and_serves_its_javascript(
        installed: tuple[Path, Path, Path]) -> None:
    bin_dir, wheel, work = installed
    _run(bin_dir / "python", "-m", "pip", "install", "-q", f"{wheel}[dashboard]", cwd=work)
    db = work / "dash.db"
    port = _free_port()
    server = subprocess.Popen([str(bin_dir / "stakeholder-map"), "dashboard", "--db", str(db),
                               "--port", str(port)], cwd=work, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _ = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stdout.read() if server.stdout else "") from None
                time.sleep(0.5)
        assert status == 200
        status, script = _get(f"http://127.0.0.1:{port}/assets/tie-canvas.js")
        assert status == 200
        assert script == (ROOT / "dashboards" / "assets" / "tie-canvas.js").read_bytes()
        code = ("from stakeholder_map.store.database import Store;"
                f"print(len(Store({str(db)!r}).programmes()))")
        assert _run(bin_dir / "python", "-c", code, cwd=work).stdout.strip() == "5"
    finally:
        server.terminate()
        server.wait(timeout=30)
