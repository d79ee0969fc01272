"""The dashboard in real headless Chromium: what a planner sees and clicks."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from dashboards import ids
from dashboards.app import create_app
from stakeholder_map import load
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.store.database import Store

SAMPLES = SAMPLES_DIR

COUNT_JS = "return document.querySelector('#map-graph')._cyreg.cy.nodes().length"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'dash.db'}")


def _programme_id(store: Store, folder: str) -> int:
    smap = load(SAMPLES / folder).map
    assert smap is not None
    return next(p.id for p in store.programmes() if p.name == smap.programme.name)


def _wait_nodes(dash_duo: Any, expected: int, timeout: float = 20) -> int:
    """Wait until the cytoscape graph holds ``expected`` nodes; return what it holds."""
    end = time.time() + timeout
    count = -1
    while time.time() < end:
        try:
            count = dash_duo.driver.execute_script(COUNT_JS)
        except Exception:  # the graph is not mounted yet
            count = -1
        if count == expected:
            return count
        time.sleep(0.2)
    return count


def test_map_shows_every_actor_and_a_sector_filter_narrows_it(dash_duo, store, screenshot):  # type: ignore[no-untyped-def]
    app = create_app(store)
    dash_duo.start_server(app)
    pid = _programme_id(store, "smolensk_volunteers")
    smap = load(SAMPLES / "smolensk_volunteers").map
    assert smap is not None
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?programme={pid}&lang=en")
    assert _wait_nodes(dash_duo, len(smap.actors)) == len(smap.actors)
    dash_duo.wait_for_contains_text("#map-count", f"{len(smap.actors)} of {len(smap.actors)}")
    screenshot("map-smolensk")
    public = sum(1 for a in smap.actors if a.sector == "public")
    dash_duo.select_dcc_dropdown("#map-sectors", value="Public sector")
    assert _wait_nodes(dash_duo, public) == public
    dash_duo.wait_for_contains_text("#map-count", f"{public} of {len(smap.actors)}")
    # the filter is in the URL: a colleague opening it sees the same view
    assert "sector=public" in dash_duo.driver.current_url
    dash_duo.wait_for_page(dash_duo.driver.current_url)
    assert _wait_nodes(dash_duo, public) == public
    assert dash_duo.get_logs() == [] or all("favicon" in e["message"] for e in dash_duo.get_logs())


def test_clicking_an_actor_opens_its_panel_with_the_warm_path(dash_duo, store, screenshot):  # type: ignore[no-untyped-def]
    app = create_app(store)
    dash_duo.start_server(app)
    pid = _programme_id(store, "kehila_metiva")
    smap = load(SAMPLES / "kehila_metiva").map
    assert smap is not None
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?programme={pid}&lang=en")
    assert _wait_nodes(dash_duo, len(smap.actors)) == len(smap.actors)
    dash_duo.driver.execute_script(
        "document.querySelector('#map-graph')._cyreg.cy.getElementById('km-edu-head')"
        ".emit('tap')")
    head = smap.actor_by_id["km-edu-head"]
    dash_duo.wait_for_contains_text("#map-panel", head.name, timeout=10)
    dash_duo.wait_for_contains_text("#map-panel", "Who can introduce you")
    dash_duo.wait_for_contains_text("#map-panel", "passive_role_holder".replace("_", " "))
    assert "focus=km-edu-head" in dash_duo.driver.current_url
    # the path is highlighted on the map
    highlighted = dash_duo.driver.execute_script(
        "return document.querySelector('#map-graph')._cyreg.cy.nodes('.path').length")
    assert highlighted >= 2
    screenshot("map-panel-kehila")


# ties drawn on the tie canvas; a map without one (small maps) has none there
TIES_JS = ("const c = document.querySelector('#map-graph canvas.tie-canvas');"
           "return c ? c.getAttribute('data-ties') : '0'")
# pixels of the tie canvas in the tension colour (#d62728), what a person sees as red lines
RED_JS = """
const c = document.querySelector('#map-graph canvas.tie-canvas');
if (!c) return [0, 0];
const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let red = 0, any = 0;
for (let i = 0; i < px.length; i += 4) {
  if (px[i + 3] < 60) continue;
  any++;
  if (Math.abs(px[i] - 214) < 30 && px[i + 1] < 90 && px[i + 2] < 90) red++;
}
return [red, any];
"""

# opacity of a 150×150 px patch of the tie canvas at (x, y) in page pixels, as one string
PATCH_JS = """
const c = document.querySelector('#map-graph canvas.tie-canvas'), r = window.devicePixelRatio || 1;
const px = c.getContext('2d').getImageData(arguments[0] * r, arguments[1] * r, 150 * r, 150 * r);
let out = [];
for (let i = 3; i < px.data.length; i += 4) out.push(px.data[i] > 0 ? 1 : 0);
return out.join('');
"""

# frames cytoscape draws in one second
IDLE_JS = """
const done = arguments[arguments.length - 1], cy = document.querySelector('#map-graph')._cyreg.cy;
let frames = 0;
const count = () => frames++;
cy.on('render', count);
setTimeout(() => { cy.off('render', count); done(frames); }, 1000);
"""

# opacity of the tie canvas 30 px from the top-left corner of the map towards actor B, before
# and after actor A is moved (as a drag does) to that corner
ALONG_JS = """
const done = arguments[arguments.length - 1];
const g = document.querySelector('#map-graph'), cy = g._cyreg.cy;
const c = g.querySelector('canvas.tie-canvas'), r = window.devicePixelRatio || 1;
const corner = {x: 30, y: 30}, b = cy.getElementById(arguments[1]).renderedPosition();
const len = Math.hypot(b.x - corner.x, b.y - corner.y);
const at = {x: corner.x + 30 * (b.x - corner.x) / len, y: corner.y + 30 * (b.y - corner.y) / len};
const alpha = () => {
  const px = c.getContext('2d').getImageData(Math.round(at.x * r) - 1, Math.round(at.y * r) - 1,
                                             3, 3).data;
  let best = 0;
  for (let i = 3; i < px.length; i += 4) best = Math.max(best, px[i]);
  return best;
};
const before = alpha();
cy.getElementById(arguments[0]).renderedPosition(corner);
setTimeout(() => done({before: before, after: alpha()}), 300);
"""


def _wait_idle(dash_duo: Any, timeout: float = 15) -> None:
    """Wait for a second in which cytoscape draws nothing (late callbacks have landed)."""
    end = time.time() + timeout
    while time.time() < end:
        if dash_duo.driver.execute_async_script(IDLE_JS) == 0:
            return
    raise AssertionError("the map kept redrawing")


def _alike(a: str, b: str) -> float:
    """How alike two patches are: drawn pixels in both over drawn pixels in either."""
    assert len(a) == len(b) and b.count("1") > 100   # a patch with ties in it
    both = sum(x == y == "1" for x, y in zip(a, b, strict=True))
    either = sum("1" in (x, y) for x, y in zip(a, b, strict=True))
    return both / either


def _wait_ties(dash_duo: Any, expected: int, timeout: float = 20) -> int:
    end = time.time() + timeout
    count = -1
    while time.time() < end:
        count = int(dash_duo.driver.execute_script(TIES_JS) or -1)
        if count == expected:
            return count
        time.sleep(0.2)
    return count


def test_large_map_draws_its_ties_on_a_canvas_that_follows_the_filters(dash_duo, store,
                                                                       screenshot):  # type: ignore[no-untyped-def]
    from stakeholder_map.workbook.synth import synthesize

    smap = synthesize(400, seed=3)
    wave = store.import_map(smap, programme="large")
    day = smap.programme.reference_date()
    current = [t for t in smap.ties if t.until is None or t.until >= day]
    tension = sum(1 for t in current if t.type.value == "tension")
    assert tension > 0
    dash_duo.start_server(create_app(store, samples=None))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?programme={wave.programme_id}")
    assert _wait_nodes(dash_duo, 400) == 400
    assert _wait_ties(dash_duo, len(current)) == len(current)
    red, drawn = dash_duo.driver.execute_script(RED_JS)
    assert red > 20 and drawn > 1000
    screenshot("map-large")
    # while it moves, cytoscape shows a cached picture of the actors (smooth panning)
    assert dash_duo.driver.execute_script(
        "return document.querySelector('#map-graph')._cyreg.cy.renderer().textureOnViewport")
    # an idle map costs nothing: no frame is drawn while nobody touches it
    time.sleep(1)
    assert dash_duo.driver.execute_async_script(IDLE_JS) == 0
    # no tension ties chosen: the red lines are gone, every other tie is still drawn
    dash_duo.find_element("#map-tie-types input[value='tension']").click()
    assert _wait_ties(dash_duo, len(current) - tension) == len(current) - tension
    time.sleep(0.3)
    red, drawn = dash_duo.driver.execute_script(RED_JS)
    assert red == 0 and drawn > 1000
    # a sector filter from the URL: ties among that sector's actors only
    public = {a.id for a in smap.actors if a.sector == "public"}
    among = [t for t in current if t.source in public and t.target in public]
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?programme={wave.programme_id}"
                           "&sector=public")
    assert _wait_nodes(dash_duo, len(public)) == len(public)
    assert _wait_ties(dash_duo, len(among)) == len(among)
    # panning moves the ties with the actors: the picture shifts by exactly the pan
    _wait_idle(dash_duo)     # the page has settled, as when a person starts to pan
    pan = "return document.querySelector('#map-graph')._cyreg.cy.pan()"
    start = dash_duo.driver.execute_script(pan)
    before = dash_duo.driver.execute_script(PATCH_JS, 300, 200)
    dash_duo.driver.execute_script(
        "document.querySelector('#map-graph')._cyreg.cy.panBy({x: 120, y: 40})")
    time.sleep(0.5)
    end = dash_duo.driver.execute_script(pan)
    dx, dy = round(end["x"] - start["x"]), round(end["y"] - start["y"])
    assert (dx, dy) == (120, 40)
    # (the same picture, but for a few anti-aliased edge pixels: pans are not whole pixels)
    assert _alike(dash_duo.driver.execute_script(PATCH_JS, 300 + dx, 200 + dy), before) > 0.97
    assert _alike(dash_duo.driver.execute_script(PATCH_JS, 300, 200), before) < 0.5
    assert _wait_ties(dash_duo, len(among)) == len(among)
    # dragging an actor into the empty corner: its ties follow it there
    tie = among[0]
    line = dash_duo.driver.execute_async_script(ALONG_JS, tie.source, tie.target)
    assert line["before"] == 0      # nothing was drawn in the corner
    assert line["after"] > 0        # now the tie runs from the corner to its other end
    # switching to a small programme in the picker: cytoscape draws its ties, the canvas none
    small = load(SAMPLES / "smolensk_volunteers").map
    assert small is not None
    store.import_map(small)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?programme={wave.programme_id}")
    assert _wait_nodes(dash_duo, 400) == 400
    dash_duo.select_dcc_dropdown(f"#{ids.PROGRAMME}", value=small.programme.name)
    assert _wait_nodes(dash_duo, len(small.actors)) == len(small.actors)
    assert _wait_ties(dash_duo, 0) == 0
    cy_edges = dash_duo.driver.execute_script(
        "return document.querySelector('#map-graph')._cyreg.cy.edges().length")
    day = small.programme.reference_date()
    assert cy_edges == sum(1 for t in small.ties if t.until is None or t.until >= day)
    assert dash_duo.driver.execute_script(RED_JS)[1] == 0   # the canvas is blank


# where the lit warm path is: every one of its actors inside the map, and how much of it it fills
FOCUS_JS = """
const g = document.querySelector('#map-graph'), cy = g._cyreg.cy, ids = arguments[0];
const eles = cy.nodes().filter(n => ids.includes(n.id()));
if (eles.length !== ids.length) return null;
const bb = eles.renderedBoundingBox(), w = g.clientWidth, h = g.clientHeight;
return {inside: bb.x1 >= 0 && bb.y1 >= 0 && bb.x2 <= w && bb.y2 <= h,
        span: Math.max(bb.w / w, bb.h / h), zoom: cy.zoom(),
        lit: cy.nodes('.path').length, faded: cy.nodes('.faded').length};
"""


def test_clicking_an_actor_on_a_large_map_brings_its_warm_path_into_view(dash_duo, store):  # type: ignore[no-untyped-def]
    from stakeholder_map.analysis.paths import warm_paths
    from stakeholder_map.workbook.synth import synthesize

    smap = synthesize(400, seed=3)
    target, warm = next((k, v) for k, v in sorted(warm_paths(smap).items())
                        if v and len(v.path) >= 3)
    wave = store.import_map(smap, programme="large")
    dash_duo.start_server(create_app(store, samples=None))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?programme={wave.programme_id}")
    assert _wait_nodes(dash_duo, 400) == 400
    whole = dash_duo.driver.execute_script(FOCUS_JS, list(warm.path))["zoom"]
    dash_duo.driver.execute_script(
        f"document.querySelector('#map-graph')._cyreg.cy.getElementById('{target}').emit('tap')")
    dash_duo.wait_for_contains_text("#map-panel", smap.actor_by_id[target].name, timeout=10)
    end, seen = time.time() + 10, None
    while time.time() < end:
        seen = dash_duo.driver.execute_script(FOCUS_JS, list(warm.path))
        if seen and seen["lit"] == len(warm.path) and seen["zoom"] > whole * 1.2:
            break
        time.sleep(0.2)
    time.sleep(0.5)   # the view glides there in 300 ms
    seen = dash_duo.driver.execute_script(FOCUS_JS, list(warm.path))
    assert seen["lit"] == len(warm.path) and seen["faded"] == 400 - len(warm.path)
    assert seen["inside"], seen
    assert seen["span"] >= 0.3 or seen["zoom"] == pytest.approx(1.5), seen
    assert seen["zoom"] > whole * 1.2


def test_gap_grid_has_rows_and_a_row_click_focuses_the_map(dash_duo, store, screenshot):  # type: ignore[no-untyped-def]
    app = create_app(store)
    dash_duo.start_server(app)
    pid = _programme_id(store, "kehila_metiva")
    dash_duo.wait_for_page(
        f"{dash_duo.server_url}/gaps?programme={pid}&kind=passive_role_holder&lang=en")
    dash_duo.wait_for_element("#gaps-grid .ag-row", timeout=15)
    rows = dash_duo.find_elements("#gaps-grid .ag-center-cols-container .ag-row")
    assert len(rows) >= 2
    screenshot("gaps-kehila")
    first_subject = rows[0].find_element(By.CSS_SELECTOR, "[col-id='subject']").text
    rows[0].find_element(By.CSS_SELECTOR, "[col-id='kind']").click()
    dash_duo.wait_for_element("#map-graph", timeout=15)
    end = time.time() + 10
    while time.time() < end and "/map" not in dash_duo.driver.current_url:
        time.sleep(0.2)
    assert f"focus={first_subject}" in dash_duo.driver.current_url
    dash_duo.wait_for_contains_text("#map-panel", "Who can introduce you", timeout=15)


def _zip_of(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in sorted(folder.glob("*.csv")):
            zf.write(f, f.name)
    return buf.getvalue()


def test_broken_upload_lists_its_problems_and_stores_nothing(dash_duo, store, tmp_path,
                                                             screenshot):  # type: ignore[no-untyped-def]
    app = create_app(store)
    dash_duo.start_server(app)
    before = [(p.name, p.waves) for p in store.programmes()]
    upload = tmp_path / "broken.zip"
    upload.write_bytes(_zip_of(SAMPLES / "broken"))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/data?lang=en")
    dash_duo.find_element("#data-upload input[type=file]").send_keys(str(upload))
    dash_duo.wait_for_contains_text("#data-result", "was not stored", timeout=15)
    dash_duo.wait_for_contains_text("#data-result", "22 errors")
    dash_duo.wait_for_element("#data-problems .ag-row", timeout=10)
    grid_text = dash_duo.find_element("#data-problems").text
    assert "busines" in grid_text and "actors" in grid_text
    screenshot("data-broken-upload")
    assert [(p.name, p.waves) for p in store.programmes()] == before


def test_valid_upload_becomes_a_wave_that_survives_a_restart(dash_duo, tmp_path, screenshot):  # type: ignore[no-untyped-def]
    db = f"sqlite:///{tmp_path / 'restart.db'}"
    dash_duo.start_server(create_app(Store(db)))
    upload = tmp_path / "smolensk.zip"
    upload.write_bytes(_zip_of(SAMPLES / "smolensk_volunteers"))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/data?lang=en")
    dash_duo.find_element("#data-programme-name").send_keys("Смоленск — волна 2")
    dash_duo.find_element("#data-upload input[type=file]").send_keys(str(upload))
    dash_duo.wait_for_contains_text("#data-result", "stored as wave", timeout=20)
    screenshot("data-valid-upload")
    dash_duo.server.stop()
    dash_duo.server.started = False
    dash_duo.start_server(create_app(Store(db)))   # a new process would see the same file
    dash_duo.wait_for_page(f"{dash_duo.server_url}/data")
    dash_duo.wait_for_contains_text("#data-waves", "Смоленск — волна 2", timeout=15)
    assert any(p.name == "Смоленск — волна 2" for p in Store(db).programmes())


@pytest.mark.parametrize("page", ["sectors", "engagement", "metrics"])
def test_chart_pages_render(dash_duo, store, screenshot, page):  # type: ignore[no-untyped-def]
    app = create_app(store)
    dash_duo.start_server(app)
    pid = _programme_id(store, "lt_social_leaders")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/{page}?programme={pid}&lang=en")
    if page == "metrics":
        dash_duo.wait_for_element("#metrics-actors .ag-row", timeout=20)
    else:
        dash_duo.wait_for_element(".js-plotly-plot .main-svg", timeout=20)
    time.sleep(1)
    screenshot(f"{page}-social-leaders")
    assert dash_duo.get_logs() == [] or all("favicon" in e["message"] for e in dash_duo.get_logs())
