"""The dashboard under a real gunicorn, and the development server's warning (issue 10).

The reported bug: two gunicorn workers starting on an empty store each imported the
sample programmes, so every sample programme had two waves. Here gunicorn itself starts
two workers on an empty SQLite file; a gunicorn configuration hook (``post_worker_init``,
run by gunicorn after a worker has loaded the app) logs when each is ready. Then the
store must hold one wave per sample programme, a request under a foreign ``Host`` gets a
400, and an upload that makes its reader abort is a message while both workers live on.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from dash._utils import split_callback_id

from stakeholder_map.store.database import Store
from stakeholder_map.workbook.isolated import MEMORY_ENV

from .dashboards.text import visible_text
from .test_isolated_reading import sparse_xlsx
from .test_store_concurrency import _one_wave_per_sample

READY = re.compile(rb"worker (\d+) loaded the app")
HOOK = ('def post_worker_init(worker):\n'
        '    worker.log.info("worker %s loaded the app", worker.pid)\n')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path
    url: str
    workers: set[int]

    def request(self, method: str, path: str, body: str | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STAKEHOLDER_MAP_")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), **extra)
    return env


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[Server]:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    port = free_port()
    (tmp_path / "hooks.py").write_text(HOOK)
    log = tmp_path / "gunicorn.log"
    env = clean_env(tmp_path, STAKEHOLDER_MAP_DB=url, **{MEMORY_ENV: "512"})
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(tmp_path / "hooks.py"),
             "--workers", "2", "--threads", "2", "--timeout", "120",
             "--bind", f"127.0.0.1:{port}", "dashboards.wsgi:server"],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 180
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            workers = {int(pid) for pid in READY.findall(log.read_bytes())}
        assert len(workers) == 2, log.read_text(errors="replace")[-3000:]
        yield Server(proc, port, log, url, workers)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_two_gunicorn_workers_on_an_empty_store_import_each_sample_once(
        gunicorn: Server) -> None:
    status, page = gunicorn.request("GET", "/")
    assert status == 200 and b"stakeholder-map" in page
    _one_wave_per_sample(gunicorn.url)


def test_a_foreign_host_gets_400_from_gunicorn(gunicorn: Server) -> None:
    status, body = gunicorn.request("GET", "/", headers={"Host": "evil.example"})
    assert status == 400
    assert "evil.example" in json.loads(body)["error"]
    status, _ = gunicorn.request("GET", "/", headers={"Host": f"localhost:{gunicorn.port}"})
    assert status == 200


def _upload_body(server: Server, data: bytes, filename: str) -> str:
    status, deps = server.request("GET", "/_dash-dependencies")
    assert status == 200
    spec = next(c for c in json.loads(deps) if "data-result.children" in c["output"])
    values = {("data-upload", "contents"): "data:application/octet-stream;base64,"
              + base64.b64encode(data).decode(),
              ("data-upload", "filename"): filename, ("app-url", "search"): ""}

    def items(args: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**a, "value": values.get((a["id"], a["property"]))} for a in args]

    return json.dumps({"output": spec["output"], "outputs": split_callback_id(spec["output"]),
                       "inputs": items(spec["inputs"]), "state": items(spec["state"]),
                       "changedPropIds": ["data-upload.contents"]})


def test_an_upload_that_aborts_its_reader_leaves_both_workers_serving(gunicorn: Server) -> None:
    body = _upload_body(gunicorn, sparse_xlsx(), "sparse.xlsx")
    status, answer = gunicorn.request("POST", "/_dash-update-component", body,
                                      {"Content-Type": "application/json"})
    assert status == 200, answer[:500]
    result = json.loads(answer)["response"]["data-result"]["children"]["props"]
    assert result["className"] == "error"
    assert visible_text(result["children"]).startswith(    # the file's name is a Bdi
        "sparse.xlsx: the file could not be read within 512 MB / 120 s — it may be damaged or "
        "too large (the reader was stopped by SIGABRT, most likely out of memory)")
    for _ in range(6):
        status, _ = gunicorn.request("GET", "/")
        assert status == 200
    # neither worker died: both still run, and gunicorn started no other
    for pid in gunicorn.workers:
        os.kill(pid, 0)
    assert len(set(READY.findall(gunicorn.log.read_bytes()))) == 2
    assert gunicorn.proc.poll() is None


def test_a_bad_setting_stops_gunicorn_with_one_line(tmp_path: Path) -> None:
    env = clean_env(tmp_path, STAKEHOLDER_MAP_DB=f"sqlite:///{tmp_path / 'x.db'}",
                    STAKEHOLDER_MAP_MAX_UPLOAD_MB="0")
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind",
         f"127.0.0.1:{free_port()}", "dashboards.wsgi:server"],
        capture_output=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode != 0
    err = done.stderr.decode()
    assert "stakeholder-map: STAKEHOLDER_MAP_MAX_UPLOAD_MB='0' is not a whole number of MB " \
           "from 1 to 1024" in err
    # no traceback from our code; with two workers failing at once gunicorn's own arbiter
    # may print one of its HaltServer (reaping the second worker while halting, gunicorn's
    # race, seen once in CI), which names only gunicorn's files
    for frame in re.findall(r'File "([^"]+)"', err):
        assert "gunicorn" in frame or "<frozen" in frame, frame
    assert not Path(tmp_path / "x.db").exists() or Store(f"sqlite:///{tmp_path / 'x.db'}"
                                                         ).is_empty()


# -- the development server's warning -------------------------------------------------------


def _first_lines(tmp_path: Path, host: str) -> tuple[str, str]:
    """What ``stakeholder-map dashboard --host HOST`` says before it serves (then stopped)."""
    port = free_port()
    env = clean_env(tmp_path, STAKEHOLDER_MAP_DB=f"sqlite:///{tmp_path / 'dev.db'}")
    proc = subprocess.Popen(
        [sys.executable, "-m", "stakeholder_map", "dashboard", "--host", host, "--port",
         str(port), "--no-samples"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    return out.decode(), err.decode()


def test_the_development_server_warns_when_others_can_reach_it(tmp_path: Path) -> None:
    out, err = _first_lines(tmp_path, "0.0.0.0")
    assert "stakeholder-map dashboard on http://0.0.0.0:" in out
    assert err.startswith(
        "Warning: 0.0.0.0 is reachable from other machines, and this development server is "
        "meant for one person. For a team, run the production server instead:\n"
        "  STAKEHOLDER_MAP_ALLOWED_HOSTS=<your host name> gunicorn --workers 2 --threads 4 "
        "--timeout 300 --bind 0.0.0.0:")
    assert "dashboards.wsgi:server\n" in err


def test_the_development_server_on_loopback_does_not_warn(tmp_path: Path) -> None:
    out, err = _first_lines(tmp_path, "127.0.0.1")
    assert "stakeholder-map dashboard on http://127.0.0.1:" in out
    assert "Warning" not in err and "gunicorn" not in err
