"""Each wave is analysed once, however many callbacks ask at the same moment; warm-up."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from dashboards.app import create_app
from dashboards.data import LAYOUT_KEY, analysis
from stakeholder_map.store.database import Store
from stakeholder_map.workbook.synth import synthesize


def test_callbacks_asking_for_a_cold_wave_at_once_share_one_analysis(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    wave = store.import_map(synthesize(400, seed=5), programme="cold").id
    app = create_app(store, samples=None)
    start = threading.Barrier(4)
    results: list[object] = []

    def visit() -> None:
        with app.server.app_context():
            start.wait()
            results.append(analysis(wave))

    threads = [threading.Thread(target=visit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # computed twice, two callbacks would hold two different analyses of the same wave
    assert len(results) == 4 and all(r is results[0] for r in results)
    with app.server.app_context():
        assert analysis(wave) is results[0]
    store.dispose()


def test_warm_up_prepares_the_landing_wave_in_the_background(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    wave = store.import_map(synthesize(400, seed=6), programme="large").id
    assert store.positions(wave, LAYOUT_KEY) is None
    app = create_app(store, samples=None, warm_up=True)
    end = time.time() + 60
    while time.time() < end and store.positions(wave, LAYOUT_KEY) is None:
        time.sleep(0.1)
    # the large map's layout is cached before anyone opens it, and so is its analysis
    assert store.positions(wave, LAYOUT_KEY) is not None
    cache = app.server.config["SM_CACHE"]
    assert wave in cache.done
    store.dispose()


def test_a_large_map_is_drawn_before_any_metric_is_computed(tmp_path: Path) -> None:
    from dashboards.pages import map as map_page

    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    wave = store.import_map(synthesize(400, seed=7), programme="lazy").id
    app = create_app(store, samples=None)
    with app.server.test_request_context():
        els, *_ = map_page.draw(wave, [], None, [0, 5], None, "", "influence", None, "")
        assert len([e for e in els if "source" not in e["data"]]) == 400
        assert analysis(wave).ready == frozenset()       # nothing computed for the picture
        map_page.draw(wave, [], None, [0, 5], None, "", "betweenness", None, "")
        assert {"views", "metrics"} <= analysis(wave).ready
        assert "paths" not in analysis(wave).ready
    store.dispose()
