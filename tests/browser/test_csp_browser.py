"""The Content-Security-Policy in real headless Chromium: every page works under it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from dashboards.app import PAGES, create_app
from stakeholder_map.store.database import Store

READY = {
    "/map": "return document.querySelector('#map-graph')._cyreg.cy.nodes().length",
    "/gaps": "return document.querySelectorAll('#gaps-grid .ag-row').length",
    "/sectors": "return document.querySelectorAll('#sectors-mixing .main-svg').length",
    "/engagement": "return document.querySelectorAll('#engagement-grid .main-svg').length",
    "/metrics": "return document.querySelectorAll('#metrics-actors .ag-row').length",
    "/compare": "return document.querySelectorAll('#compare-network .ag-row').length",
    "/data": "return document.querySelectorAll('#data-waves .ag-row').length",
}
"""Per page, a script counting what it draws once its callbacks have run (0 = not yet)."""


def _drawn(dash_duo: Any, script: str, timeout: float = 20) -> int:
    end = time.time() + timeout
    while time.time() < end:
        try:
            count = int(dash_duo.driver.execute_script(script) or 0)
        except Exception:  # not mounted yet
            count = 0
        if count:
            return count
        time.sleep(0.2)
    return 0


def test_every_page_draws_under_the_policy_without_a_violation(  # type: ignore[no-untyped-def]
        dash_duo, tmp_path: Path, screenshot) -> None:
    app = create_app(Store(f"sqlite:///{tmp_path / 'csp.db'}"))
    dash_duo.start_server(app)
    assert set(READY) == set(PAGES)
    not_drawn, messages = [], []
    for path, script in READY.items():
        dash_duo.driver.get(f"{dash_duo.server_url}{path}")
        if path != "/compare" and not _drawn(dash_duo, script):
            not_drawn.append(path)
        messages += [f"{path}: {entry['message']}"
                     for entry in dash_duo.driver.get_log("browser")
                     if "Content Security Policy" in entry["message"]
                     or "Content-Security-Policy" in entry["message"]]
    screenshot("csp-data-page")
    assert not_drawn == []
    assert messages == []
