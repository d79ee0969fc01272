"""The readiness pack in headless Chromium, offline: it renders, runs nothing, fetches nothing."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from stakeholder_map import load
from stakeholder_map.outputs.report.pack import SECTIONS, build_readiness_pack
from tests.browser.conftest import SCREENSHOTS, requested_urls
from tests.test_report import BREAKOUT, IMG, PROGRAMMES, SAMPLES, hostile_sheets

WITH_CHARTS = ("kehila_metiva",)
"""Programmes whose pack is opened with its charts (kaleido takes seconds per pack)."""


@pytest.fixture(scope="module")
def driver(offline_driver: Any) -> Any:
    return offline_driver


def open_offline(driver: Any, path: Path) -> list[str]:
    """Load ``path`` with the network off; return every URL the page asked for."""
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get(path.resolve().as_uri())
    end = time.time() + 10
    while driver.execute_script("return document.readyState") != "complete":
        assert time.time() < end, "the page never finished loading"
        time.sleep(0.1)
    driver.execute_script("return new Promise(r => setTimeout(r, 300))")  # let onerror fire
    return requested_urls(driver)


def full_page_screenshot(driver: Any, name: str, scale: float = 0.6) -> Path:
    """The whole page (not only the window), scaled down, under test-artifacts/screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                 "scale": scale}})
    path = SCREENSHOTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def assert_no_alert(driver: Any) -> None:
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018  (reading it is the check)


@pytest.mark.parametrize("name", PROGRAMMES)
def test_pack_renders_offline_every_section(driver: Any, tmp_path: Path, name: str) -> None:
    smap = load(SAMPLES / name).map
    assert smap is not None
    pack = build_readiness_pack(smap, images=name in WITH_CHARTS)
    path = tmp_path / f"readiness-{name}.html"
    path.write_text(pack.html, encoding="utf-8")

    urls = open_offline(driver, path)
    assert urls, "the page made no request at all: was it loaded?"
    assert all(u.startswith(("file:", "data:")) for u in urls), [u[:80] for u in urls]
    shot = full_page_screenshot(driver, f"readiness-{name}")
    assert shot.stat().st_size > 20_000

    assert_no_alert(driver)
    assert driver.execute_script("return document.scripts.length") == 0
    assert driver.title.startswith("Readiness pack")
    for i, (key, heading) in enumerate(SECTIONS, 1):
        element = driver.find_element(By.ID, key)
        assert element.is_displayed()
        text = element.text
        assert text.startswith(f"{i}. {heading}"), key
        assert len(text) > 200, key  # the section has content, not just its heading
    assert smap.backbone is not None
    assert smap.backbone.name in driver.find_element(By.ID, "glance").text
    # the network picture is drawn: one circle per actor (and the backbone's ring)
    circles = driver.execute_script("return document.querySelectorAll('#network svg circle')"
                                    ".length")
    assert circles >= len(smap.actors)
    if name in WITH_CHARTS and not pack.notes:
        widths = driver.execute_script(
            "return [...document.querySelectorAll('figure.chart img')].map(i => i.naturalWidth)")
        assert len(widths) == 6 and all(w > 0 for w in widths), widths


def test_hebrew_names_read_right_to_left(driver: Any, tmp_path: Path) -> None:
    smap = load(SAMPLES / "kehila_metiva").map
    assert smap is not None
    path = tmp_path / "km.html"
    path.write_text(build_readiness_pack(smap, images=False).html, encoding="utf-8")
    open_offline(driver, path)
    direction = driver.execute_script(
        "return getComputedStyle(document.querySelector('header h1')).direction")
    assert direction == "rtl"
    assert driver.execute_script("return getComputedStyle(document.body).direction") == "ltr"


def test_script_in_a_name_never_runs(driver: Any, tmp_path: Path,
                                     make_book: Callable[..., Path],
                                     base_sheets: dict[str, list[dict[str, str]]]) -> None:
    smap = load(make_book(hostile_sheets(base_sheets))).map
    assert smap is not None
    path = tmp_path / "hostile.html"
    pack = build_readiness_pack(smap, images=True)
    path.write_text(pack.html, encoding="utf-8")

    urls = open_offline(driver, path)
    full_page_screenshot(driver, "readiness-hostile")
    assert_no_alert(driver)
    assert all(u.startswith(("file:", "data:")) for u in urls), [u[:80] for u in urls]
    assert driver.execute_script("return document.scripts.length") == 0
    # the only <img> elements are the embedded charts, none made from a name
    sources = driver.execute_script(
        "return [...document.images].map(i => i.getAttribute('src').slice(0, 26))")
    assert all(s == "data:image/svg+xml;base64," for s in sources), sources
    body = driver.find_element(By.TAG_NAME, "body").text
    assert IMG in body and BREAKOUT in body  # shown as text, exactly as typed


def _page_tops(path: Path) -> tuple[list[str], str]:
    """The first line of text on each page of a PDF (bidi marks removed), and all its text."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    tops = []
    for page in text.split("\f"):
        lines = ["".join(ch for ch in line if unicodedata.category(ch) != "Cf").strip()
                 for line in page.splitlines()]
        tops.append(next((line for line in lines if line), ""))
    return tops, text


def test_printed_pack_starts_each_section_on_a_new_a4_page(driver: Any, tmp_path: Path) -> None:
    smap = load(SAMPLES / "smolensk_volunteers").map
    assert smap is not None
    path = tmp_path / "sm.html"
    path.write_text(build_readiness_pack(smap, images=False).html, encoding="utf-8")
    open_offline(driver, path)
    assert driver.execute_script(  # on screen the contents list shows; in print it is hidden
        "return document.querySelector('nav').getBoundingClientRect().height") > 0
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        breaks = driver.execute_script(
            "return [...document.querySelectorAll('section')].map("
            "s => getComputedStyle(s).breakBefore)")
        nav = driver.execute_script("return getComputedStyle(document.querySelector('nav'))"
                                    ".display")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert breaks == ["auto"] + ["page"] * (len(SECTIONS) - 1)
    assert nav == "none"

    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True,
                                                     "printBackground": True})
    pdf_path = tmp_path / "pack.pdf"
    pdf_path.write_bytes(base64.b64decode(pdf["data"]))
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):  # make test installs poppler-utils; CI skips nothing
            pytest.fail("pdftotext (poppler-utils) missing in CI")
        pytest.skip("pdftotext (poppler-utils) missing: printed pages not read back")
    tops, text = _page_tops(pdf_path)
    assert tops[0] == "Readiness pack"
    for i, (_, heading) in enumerate(SECTIONS[1:], 2):
        assert f"{i}. {heading}" in tops, (heading, tops)
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True,
                          check=True).stdout
    assert "(A4)" in info
    assert "Contents" not in text
