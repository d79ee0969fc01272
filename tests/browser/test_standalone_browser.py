"""The standalone map in headless Chromium, offline: renders, filters, runs no injected script."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stakeholder_map import load
from stakeholder_map.outputs.standalone_map import standalone_map
from stakeholder_map.workbook.synth import synthesize

from ..test_samples import PROGRAMMES, SAMPLES
from .conftest import SCREENSHOTS, requested_urls

Driver = Any
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def driver(offline_driver: Driver) -> Driver:
    return offline_driver


@pytest.fixture
def open_map(driver: Driver, tmp_path: Path) -> Callable[[str, str], float]:
    """open(page, name): write the page, open it from file://, wait until drawn; seconds taken."""
    from selenium.webdriver.support.wait import WebDriverWait

    def open_page(page: str, name: str) -> float:
        path = tmp_path / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        driver.get_log("performance")                   # forget earlier pages
        start = time.perf_counter()
        driver.get(path.as_uri())
        WebDriverWait(driver, 60).until(lambda d: d.execute_script(
            "return document.documentElement.getAttribute('data-map-ready') === 'true'"))
        return time.perf_counter() - start

    return open_page




def screenshot(driver: Driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def count(driver: Driver, what: str) -> int:
    scripts = {"nodes": "return nodes.length",
               "network": "return network.body.data.nodes.length",
               "visible": "return nodes.get({filter: function (n) { return !n.hidden; }}).length",
               "drawn": "return network.body.nodeIndices.length"}
    return int(driver.execute_script(scripts[what]))


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_map_renders_offline_and_filters_by_sector(programme: str, driver: Driver,
                                                   open_map: Callable[[str, str], float]
                                                   ) -> None:
    from selenium.webdriver.support.select import Select

    smap = load(SAMPLES / programme).map
    assert smap is not None
    open_map(standalone_map(smap), programme)
    n = len(smap.actors)
    assert count(driver, "nodes") == n and count(driver, "network") == n
    assert count(driver, "drawn") == n
    assert driver.find_element("id", "visible-count").text == f"{n} of {n} actors shown"
    assert smap.programme.name in driver.find_element("tag name", "h1").text
    screenshot(driver, f"standalone-{programme}")

    sector = smap.actors[0].sector
    in_sector = sum(a.sector == sector for a in smap.actors)
    Select(driver.find_element("id", "sector-filter")).select_by_value(sector)
    assert count(driver, "visible") == in_sector < n
    assert count(driver, "drawn") == in_sector                     # vis hides the others
    assert driver.find_element("id", "visible-count").text == f"{in_sector} of {n} actors shown"
    screenshot(driver, f"standalone-{programme}-{sector}")
    Select(driver.find_element("id", "sector-filter")).select_by_value("")
    assert count(driver, "visible") == n

    urls = requested_urls(driver)
    assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls


def test_a_name_with_markup_runs_no_script_even_in_its_tooltip(
        driver: Driver, open_map: Callable[[str, str], float],
        make_book: Callable[..., Path], base_sheets: dict[str, list[dict[str, str]]]) -> None:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    base_sheets["actors"][2]["name"] = EVIL
    base_sheets["actors"][2]["role"] = "<script>alert(2)</script>"
    base_sheets["programme"][0]["value"] = "<svg onload=alert(3)>"
    smap = load(make_book(base_sheets)).map
    assert smap is not None
    open_map(standalone_map(smap), "evil")
    assert driver.find_element("tag name", "h1").text == "<svg onload=alert(3)>"

    target = smap.actors[2].id
    driver.execute_script(
        "network.moveTo({position: network.getPositions([arguments[0]])[arguments[0]],"
        " scale: 2, animation: false});", target)
    canvas = driver.find_element("css selector", "#mynetwork canvas")
    ActionChains(driver).move_to_element(canvas).perform()
    ActionChains(driver).move_by_offset(1, 1).perform()
    tooltip = WebDriverWait(driver, 5).until(lambda d: d.execute_script(
        "var t = document.querySelector('.vis-tooltip');"
        "return t && t.style.visibility !== 'hidden' && t.textContent ? t : null;"))
    assert EVIL in tooltip.text and "<script>alert(2)</script>" in tooltip.text
    screenshot(driver, "standalone-escaped-tooltip")
    assert driver.execute_script(
        "return document.querySelectorAll('img, svg, #mynetwork script').length") == 0
    with pytest.raises(TimeoutException):
        WebDriverWait(driver, 1.5).until(expected_conditions.alert_is_present())
    assert all(u.startswith(("file:", "data:")) for u in requested_urls(driver))


def test_two_thousand_actors_open_quickly(driver: Driver,
                                          open_map: Callable[[str, str], float]) -> None:
    smap = synthesize(2000, seed=1)
    started = time.perf_counter()
    page = standalone_map(smap)
    built = time.perf_counter() - started
    opened = open_map(page, "synth-2000")
    assert count(driver, "drawn") == 2000
    assert driver.execute_script("return network.physics.options.enabled") is False
    screenshot(driver, "standalone-synth-2000")
    print(f"\n2000 actors, {len(smap.ties)} ties: page built in {built:.1f} s "
          f"({len(page) / 1e6:.1f} MB), opened and drawn in {opened:.1f} s")
    assert all(u.startswith(("file:", "data:")) for u in requested_urls(driver))
