"""The Hebrew readiness pack and standalone map in headless Chromium, offline: laid out right to
left, drawn in the fonts they embed, names intact. Screenshots go to
/tmp/stakeholder-map-screens/ (he-pack.png, he-standalone.png, lt-pack-of-hebrew.png)."""

from __future__ import annotations

import base64
import time
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.support.wait import WebDriverWait

from stakeholder_map import load
from stakeholder_map.model import StakeholderMap
from stakeholder_map.outputs.report.pack import build_readiness_pack
from stakeholder_map.outputs.standalone_map import standalone_map
from stakeholder_map.samples import SAMPLES_DIR
from tests.browser.conftest import requested_urls

SCREENS = Path("/tmp/stakeholder-map-screens")

EMBEDDED_FACES = """
return document.fonts.ready.then(function () {
  return [...document.fonts]
    .filter(function (f) { return f.family.replace(/["']/g, "") === "SM Noto Sans"; })
    .map(function (f) { return [f.unicodeRange, f.status]; });
});
"""
"""Every face of the embedded family with its range and status (loaded = used by the page)."""


@pytest.fixture(scope="module")
def driver(offline_driver: Any) -> Any:
    return offline_driver


@pytest.fixture(scope="module")
def kehila() -> StakeholderMap:
    smap = load(SAMPLES_DIR / "kehila_metiva").map
    assert smap is not None
    return smap


def open_page(driver: Any, path: Path, ready: str = "true") -> list[str]:
    driver.get_log("performance")
    driver.get(path.resolve().as_uri())
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(
        f"return document.readyState === 'complete' && ({ready})"))
    driver.execute_script("return document.fonts.ready.then(function () { return 1; })")
    time.sleep(0.3)
    return requested_urls(driver)


def full_page(driver: Any, path: Path, scale: float = 0.6) -> Path:
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                 "scale": scale}})
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def loaded_ranges(driver: Any) -> list[str]:
    faces = driver.execute_script(EMBEDDED_FACES)
    assert faces, "the page declares no embedded face"
    return [r for r, status in faces if status == "loaded"]


def test_hebrew_pack_is_right_to_left_in_its_own_fonts(driver: Any, tmp_path: Path,
                                                        kehila: StakeholderMap) -> None:
    pack = build_readiness_pack(kehila, images=True, lang="he")
    path = tmp_path / "he-pack.html"
    path.write_text(pack.html, encoding="utf-8")
    urls = open_page(driver, path)
    assert all(u.startswith(("file:", "data:")) for u in urls), [u[:60] for u in urls]
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert full_page(driver, SCREENS / "he-pack.png").stat().st_size > 50_000

    assert driver.execute_script("return document.documentElement.dir") == "rtl"
    assert driver.execute_script("return getComputedStyle(document.body).direction") == "rtl"
    # mirrored: the title hugs the right edge; a table's first column is its rightmost
    h1_right, body_right = driver.execute_script(
        "var b = document.body.getBoundingClientRect(), h = document.querySelector('h1');"
        "var r = document.createRange(); r.selectNodeContents(h);"
        "return [r.getBoundingClientRect().right, b.right];")
    assert body_right - h1_right < 40
    first, last = driver.execute_script(
        "var th = document.querySelectorAll('#glance table.levels th');"
        "return [th[0].getBoundingClientRect().left, th[th.length - 1].getBoundingClientRect()"
        ".left];")
    assert first > last
    # the Hebrew and Latin faces the page embeds are the ones that drew it
    ranges = loaded_ranges(driver)
    assert any("U+590-5FF" in r.upper() for r in ranges), ranges
    assert any("U+0-FF" in r.upper() or "U+0000-00FF" in r.upper() for r in ranges), ranges
    assert driver.execute_script(
        "return getComputedStyle(document.querySelector('h1')).fontFamily").startswith(
            '"SM Noto Sans"')
    # every actor's name is on the page as written
    body = driver.execute_script("return document.body.innerText")
    missing = [a.name for a in kehila.actors if a.name not in body]
    assert missing == []
    if not pack.notes:  # kaleido and Chromium drew the charts: six images, each drawn
        widths = driver.execute_script(
            "return [...document.querySelectorAll('figure.chart img')].map(i => i.naturalWidth)")
        assert len(widths) == 6 and all(w > 0 for w in widths)


def test_hebrew_standalone_map_is_right_to_left_in_its_own_fonts(driver: Any, tmp_path: Path,
                                                                 kehila: StakeholderMap) -> None:
    path = tmp_path / "he-map.html"
    path.write_text(standalone_map(kehila, lang="he"), encoding="utf-8")
    urls = open_page(driver, path,
                     "document.documentElement.getAttribute('data-map-ready') === 'true'")
    assert all(u.startswith(("file:", "data:")) for u in urls), [u[:60] for u in urls]
    time.sleep(0.5)  # the canvas is redrawn once the faces its labels need have loaded
    SCREENS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENS / "he-standalone.png"))

    assert driver.execute_script("return getComputedStyle(document.body).direction") == "rtl"
    assert driver.execute_script("return network.body.nodeIndices.length") == len(kehila.actors)
    assert driver.find_element("id", "visible-count").text == (
        f"מוצגים {len(kehila.actors)} מתוך {len(kehila.actors)} שחקנים")
    # the legend starts at the right edge of the page
    legend_right, body_right = driver.execute_script(
        "return [document.querySelector('.sm-legend div').getBoundingClientRect().right,"
        " document.body.getBoundingClientRect().right];")
    assert body_right - legend_right < 40
    ranges = loaded_ranges(driver)
    assert any("U+590-5FF" in r.upper() for r in ranges), ranges
    # a tooltip is laid out right to left, its values isolated
    tip = driver.execute_script(
        "var n = nodes.get()[0]; return [n.title.getAttribute('dir'),"
        " n.title.querySelectorAll('bdi').length, n.tip.length];")
    assert tip[0] == "rtl" and tip[1] == tip[2] > 3


def test_lithuanian_pack_of_the_hebrew_programme(driver: Any, tmp_path: Path,
                                                 kehila: StakeholderMap) -> None:
    """Lithuanian headings, left to right; each Hebrew name keeps its own direction."""
    path = tmp_path / "lt-pack.html"
    path.write_text(build_readiness_pack(kehila, images=False, lang="lt").html,
                    encoding="utf-8")
    open_page(driver, path)
    SCREENS.mkdir(parents=True, exist_ok=True)
    full_page(driver, SCREENS / "lt-pack-of-hebrew.png")
    assert driver.execute_script("return getComputedStyle(document.body).direction") == "ltr"
    assert driver.execute_script(
        "return document.querySelector('#checklist h2').textContent") == (
            "4. Pasirengimo kontrolinis sąrašas")
    directions = driver.execute_script(
        "return [...document.querySelectorAll('#checklist td b[dir=auto]')]"
        ".map(b => getComputedStyle(b).direction)")
    assert directions and set(directions) == {"rtl"}
