"""The map in headless Chromium: time to a rendered map, filter round-trip, panning.

Reproduce with ``.venv/bin/python benchmarks/bench_dashboard.py [--sizes 1000 5000]``
(needs Debian's chromium and chromium-driver, as ``make test`` installs).

For each size a synthetic programme is imported into a fresh SQLite store and
the dashboard is served on 127.0.0.1. Times are taken inside the page, on
animation frames, so WebDriver's own latency is not counted: a map counts as
rendered on the first frame where every actor is in cytoscape and every tie
among them is drawn on the tie canvas (both equal what the filters let
through).
- *cold* render: from the start of the first visit — the server analyses the
  wave and computes the layout (then caches both);
- *warm* render: from the start of each later visit (median and worst of
  five), what a planner sees from then on;
- filter round-trip: from the Enter key in the search box to the frame that
  shows the new actors and ties (median of 5);
- panning: mean and worst frame time while the map is panned for 60 frames
  from script (every frame a full redraw), and while a mouse drags it (what a
  person does; cytoscape then shows a cached picture of the actors).

Targets (issue 4): 1k — rendered under 2 s, filter round-trip under 300 ms;
5k — rendered under 5 s and pans without freezing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.keys import Keys
from werkzeug.serving import make_server

from dashboards.app import create_app
from dashboards.figures import MapFilters, visible_actors, visible_ties
from stakeholder_map.model import StakeholderMap
from stakeholder_map.store.database import Store
from stakeholder_map.workbook.synth import synthesize

WARM_VISITS = 5
"""Visits after the first: the warm time is their median (this machine varies run to run)."""

# actors in cytoscape and ties on the tie canvas (set once they are drawn)
COUNT = ("var g=document.querySelector('#map-graph');"
         "return g && g._cyreg ? [g._cyreg.cy.nodes().length, "
         "Number((g.querySelector('canvas.tie-canvas') || g).getAttribute('data-ties') || -1)]"
         " : [-1, -1]")

# installed in every new page before it loads: on each animation frame, note the first moment
# the map shows exactly the wanted (actors, ties); note when Enter was pressed
WATCH = """
window.__watch = {want: %s, at: null, key: null};
document.addEventListener('keydown', function (e) {
  if (e.key === 'Enter') window.__watch.key = performance.now();
}, true);
(function frame() {
  var w = window.__watch, g = document.querySelector('#map-graph');
  var cy = g && g._cyreg && g._cyreg.cy;
  if (w.want && w.at === null && cy) {
    var c = g.querySelector('canvas.tie-canvas');
    var ties = c ? Number(c.getAttribute('data-ties')) : -1;
    if (cy.nodes().length === w.want[0] && ties === w.want[1]) w.at = performance.now();
  }
  requestAnimationFrame(frame);
})();
"""
PAN = """
const done = arguments[arguments.length - 1];
const cy = document.querySelector('#map-graph')._cyreg.cy;
const times = []; let last = performance.now(); let n = 0;
function step(now) {
  times.push(now - last); last = now; cy.panBy({x: 8, y: 5});
  if (++n < 60) requestAnimationFrame(step); else done(times.slice(1));
}
requestAnimationFrame(step);
"""


# frame times while a person drags the map with the mouse (cytoscape's own panning)
DRAG_WATCH = """
window.__frames = [];
let last = performance.now(), on = true;
(function frame(now) {
  window.__frames.push(now - last); last = now;
  if (on) requestAnimationFrame(frame);
})(performance.now());
window.__stopFrames = function () { on = false; return window.__frames.slice(2); };
"""


def _drag(driver: webdriver.Chrome) -> list[float]:
    """Drag the map by 240 x 150 px in 30 moves from an empty corner; frame times in ms."""
    graph = driver.find_element("css selector", "#map-graph")
    pan = "return document.querySelector('#map-graph')._cyreg.cy.pan()"
    before = driver.execute_script(pan)
    driver.execute_script(DRAG_WATCH)
    actions = ActionBuilder(driver, duration=16)
    corner = graph.location
    actions.pointer_action.move_to_location(int(corner["x"]) + 6, int(corner["y"]) + 6)
    actions.pointer_action.pointer_down()
    for _ in range(30):
        actions.pointer_action.move_by(8, 5)
    actions.pointer_action.pointer_up()
    actions.perform()
    frames = list(driver.execute_script("return window.__stopFrames()"))
    after = driver.execute_script(pan)
    if abs(after["x"] - before["x"] - 240) > 1 or abs(after["y"] - before["y"] - 150) > 1:
        raise RuntimeError(f"the drag did not pan the map: {before} -> {after}")
    return frames


def _browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-extensions", "--no-first-run",
                "--window-size=1400,1000"):
        options.add_argument(arg)
    return webdriver.Chrome(options=options)


def _wait_count(driver: webdriver.Chrome, expected: tuple[int, int],
                timeout: float = 120) -> float:
    """Seconds until the map shows exactly ``expected`` (actors, ties)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if tuple(driver.execute_script(COUNT)) == expected:
            return time.perf_counter() - start
        time.sleep(0.01)
    raise TimeoutError("the map did not render")


def _watched(driver: webdriver.Chrome, since: str, timeout: float = 120) -> float:
    """Seconds from ``since`` (page start or Enter) to the frame showing the wanted map."""
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        at, key = driver.execute_script("return [window.__watch.at, window.__watch.key]")
        if at is not None:
            return float(at - (key if since == "key" else 0.0)) / 1000
        time.sleep(0.05)
    raise TimeoutError("the map did not render")


def _expected(smap: StakeholderMap, search: str = "") -> tuple[int, int]:
    shown = visible_actors(smap, MapFilters(search=search))
    return len(shown), sum(1 for _ in visible_ties(smap, set(shown)))


def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        smap = synthesize(n, seed=1)
        wave = store.import_map(smap, programme=f"synthetic {n}")
        app = create_app(store, samples=None)
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}/map?programme={wave.programme_id}"
        driver = _browser()
        try:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                   {"source": WATCH % list(_expected(smap))})
            visits = []
            for _ in range(1 + WARM_VISITS):
                driver.get("about:blank")
                driver.get(url)
                visits.append(_watched(driver, "start"))
            cold, warm = visits[0], visits[1:]
            search = driver.find_element("css selector", "#map-search")
            trips = []
            for i in range(5):
                needle = f"{i + 1}"  # matches some actor names/ids
                search.clear()
                search.send_keys(needle)
                driver.execute_script("window.__watch.want = arguments[0];"
                                      "window.__watch.at = window.__watch.key = null",
                                      list(_expected(smap, needle)))
                search.send_keys(Keys.ENTER)
                trips.append(_watched(driver, "key", timeout=30))
                search.clear()
                search.send_keys(Keys.ENTER)
                _wait_count(driver, _expected(smap), timeout=30)
            driver.set_script_timeout(30)
            frames = driver.execute_async_script(PAN)
            dragged = _drag(driver)
            print(f"{n:>6} actors, {len(smap.ties)} ties: rendered cold {cold:.2f} s, "
                  f"warm median {statistics.median(warm):.2f} s (max {max(warm):.2f}); "
                  "filter round-trip median "
                  f"{statistics.median(trips) * 1000:.0f} ms (max {max(trips) * 1000:.0f}); "
                  f"programmatic pan mean frame {statistics.mean(frames):.1f} ms "
                  f"(worst {max(frames):.1f}); mouse drag mean frame "
                  f"{statistics.mean(dragged):.1f} ms (worst {max(dragged):.1f})", flush=True)
        finally:
            driver.quit()
            server.shutdown()
            store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000])
    for n in parser.parse_args().sizes:
        run(n)


if __name__ == "__main__":
    main()
