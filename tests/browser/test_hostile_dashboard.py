"""The dashboard over a workbook whose every text field is hostile, in real headless Chromium.

The workbook is the hostile matrix's (:mod:`tests.test_hostile_matrix`): markup, formula
starters and four scripts in every field, two waves of one programme. Every page is visited
and one actor's panel opened; nothing in the data may become an element or run, and the
text must be shown literally.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import NoAlertPresentException

from dashboards.app import create_app
from stakeholder_map.store.database import Store
from tests.test_hostile_matrix import WAVE2_KEYS, hostile_sheets, kept, write_book

TRAP = """
window.__alerts = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = function (message) { window.__alerts.push(name + ':' + String(message)); };
}
"""
"""Installed before any page script runs: a dialog the data opens is recorded, not shown."""

INJECTED_JS = """
return {
  alerts: window.__alerts || null,
  img: document.querySelectorAll('img[src="x"], img[onerror]').length,
  scripts: Array.from(document.querySelectorAll('script'))
    .filter(s => s.textContent.includes('alert(1)')).length,
  handlers: Array.from(document.querySelectorAll('*'))
    .filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on')
                                                 && a.value.includes('alert'))).length,
};
"""

NAME = kept("img", "name")          # <img src=x onerror=alert(1)> name
SCRIPT_NAME = kept("script", "name")  # "><script>alert(1)</script> name


def _nothing_ran(driver: Any, page: str) -> None:
    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        text = None
    assert text is None, f"{page}: an alert opened: {text!r}"
    seen = driver.execute_script(INJECTED_JS)
    assert seen == {"alerts": [], "img": 0, "scripts": 0, "handlers": 0}, page


def _wait_js(driver: Any, script: str, timeout: float = 20) -> Any:
    end = time.time() + timeout
    value = None
    while time.time() < end:
        try:
            value = driver.execute_script(script)
        except Exception:  # the component is not mounted yet
            value = None
        if value:
            return value
        time.sleep(0.2)
    return value


@pytest.mark.slow
def test_hostile_text_is_shown_literally_and_never_runs_on_any_page(  # type: ignore[no-untyped-def]
        dash_duo, tmp_path: Path, screenshot):
    store = Store(f"sqlite:///{tmp_path / 'hostile.db'}")
    first = store.import_workbook(write_book(tmp_path / "wave1", hostile_sheets()))
    name = kept("img", "programme")
    store.import_workbook(write_book(tmp_path / "wave2", hostile_sheets(
        WAVE2_KEYS, shift=1, programme=("img", "plus"))), programme=name)
    pid = first.programme_id
    assert [p.waves for p in store.programmes()] == [2]
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
    dash_duo.start_server(create_app(store, samples=None))
    base = dash_duo.server_url

    # the map: every actor drawn, then one actor's panel
    dash_duo.wait_for_page(f"{base}/map?programme={pid}")
    assert _wait_js(driver, "return document.querySelector('#map-graph')._cyreg.cy"
                            ".nodes().length === 11") is True
    # the trap is in place (else "no alert" would prove nothing)
    assert driver.execute_script("alert('trap'); const seen = window.__alerts;"
                                 "window.__alerts = []; return seen") == ["alert:trap"]
    driver.execute_script("document.querySelector('#map-graph')._cyreg.cy"
                          ".getElementById(arguments[0]).emit('tap')", kept("img", "id"))
    dash_duo.wait_for_contains_text("#map-panel", NAME, timeout=15)
    panel = dash_duo.find_element("#map-panel").text
    assert kept("img", "role") in panel
    assert SCRIPT_NAME in panel  # the introducer, one step nearer the backbone
    screenshot("hostile-map-panel")
    _nothing_ran(driver, "map")

    # every other page, each with the text a person would read there
    pages = {
        "gaps": ("#gaps-grid .ag-row", "#gaps-grid", kept("script", "title")),
        "sectors": (".js-plotly-plot .main-svg", "body", kept("at", "sector-name")),
        "engagement": (".js-plotly-plot .main-svg", "body", None),
        "metrics": ("#metrics-actors .ag-row", "#metrics-actors", NAME),
        "compare": ("#compare-left .ag-row", "#compare-left", kept("lv", "name")),
        "data": ("#data-waves", "#data-waves", name),
    }
    for page, (ready, where, text) in pages.items():
        dash_duo.wait_for_page(f"{base}/{page}?programme={pid}")
        dash_duo.wait_for_element(ready, timeout=20)
        if text is not None:
            dash_duo.wait_for_contains_text(where, text, timeout=15)
        time.sleep(0.5)
        _nothing_ran(driver, page)
    screenshot("hostile-data")
    logs = [e for e in dash_duo.get_logs() if "favicon" not in e["message"]]
    assert logs == []
