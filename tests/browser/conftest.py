"""Headless Chromium for dash_duo."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a browser these tests are skipped with the reason — never in CI."""
    missing = [name for name, ok in (("chromium", Path(CHROMIUM).exists()),
                                     ("chromedriver", shutil.which("chromedriver")))
               if not ok]
    if not missing:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI needs {', '.join(missing)} for the browser tests "
                                "(.ci/run installs them with apt)")
    skip = pytest.mark.skip(reason=f"{', '.join(missing)} not installed: browser tests skipped")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.hookimpl(optionalhook=True)
def pytest_setup_options():  # type: ignore[no-untyped-def]
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--no-first-run", "--disable-quic",
                "--window-size=1400,1000"):
        options.add_argument(arg)
    return options


@pytest.fixture
def screenshot(dash_duo) -> Iterator:  # type: ignore[no-untyped-def]
    """save(name): a PNG of what the browser shows, kept under test-artifacts/screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        dash_duo.driver.save_screenshot(str(path))
        return path

    yield save


@pytest.fixture(scope="module")
def offline_driver() -> Iterator:  # type: ignore[type-arg]
    """Chromium with the network switched off and every request logged (for file:// pages)."""
    from selenium import webdriver

    options = pytest_setup_options()
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    chrome = webdriver.Chrome(options=options)
    chrome.set_network_conditions(offline=True, latency=0, download_throughput=0,
                                  upload_throughput=0)
    yield chrome
    chrome.quit()


def requested_urls(driver) -> list[str]:  # type: ignore[no-untyped-def]
    """Every URL the pages loaded since the last call asked for."""
    import json

    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
