"""Compare page: its callbacks called directly on a real app over a store with two waves.

The store starts with the samples (imported on first start); a second wave of
Kehila Metiva — the hand-edited copy of ``tests/test_compare.py`` — is
imported on top, and the page must show exactly what the library reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dash
import pytest

from dashboards import ids
from dashboards.app import create_app
from dashboards.pages import compare as page
from stakeholder_map.store.database import Store, WaveInfo
from stakeholder_map.waves.compare import compare
from stakeholder_map.waves.result import TABLES
from stakeholder_map.workbook.validate import load

from ..test_compare import EVIL, LEAVING, MOVES, NEW, follow_up
from ..test_samples import SAMPLES


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dash.Dash]:
    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("store") / "t.db"))
    yield create_app(store)
    store.dispose()


@pytest.fixture(scope="module")
def two_waves(app: dash.Dash) -> tuple[int, WaveInfo, WaveInfo]:
    """Kehila Metiva's sample wave and a follow-up wave with the known edits."""
    st: Store = app.server.config["SM_STORE"]
    smap = load(SAMPLES / "kehila_metiva").map
    assert smap is not None
    programme = next(p for p in st.programmes() if p.name == smap.programme.name)
    first = st.waves(programme.id)[-1]
    second = st.import_map(follow_up(smap, new_name=EVIL), label="wave 2")
    assert second.programme_id == programme.id
    return programme.id, first, second


def _text(component: Any) -> str:
    return json.dumps(component, default=lambda o: o.to_plotly_json(), ensure_ascii=False)


def test_layout_has_every_component_the_callbacks_fill(app: dash.Dash) -> None:
    with app.server.test_request_context():
        text = _text(page.layout({}))
    for component in (ids.COMPARE_PROGRAMME, ids.COMPARE_BASELINE, ids.COMPARE_FOLLOWUP,
                      ids.COMPARE_STATUS, ids.COMPARE_SUMMARY, *page.GRIDS.values()):
        assert f'"id": "{component}"' in text, component
    assert list(page.GRIDS) == list(TABLES)


def test_default_waves_are_the_previous_and_the_latest(
        app: dash.Dash, two_waves: tuple[int, WaveInfo, WaveInfo]) -> None:
    programme, first, second = two_waves
    with app.server.test_request_context():
        options, baseline, options_again, followup = page.choose_waves(programme)
        assert (baseline, followup) == (first.id, second.id)
        assert [o["value"] for o in options] == [first.id, second.id] and options == options_again
        # the URL may pick others, if they are waves of this programme
        assert page.wave_choice(programme, second.id, first.id)[1:] == (second.id, first.id)
        assert page.wave_choice(programme, 10_000, None)[1:] == (first.id, second.id)
        layout = _text(page.layout({"programme": [str(programme)]}))
    assert f'"value": {first.id}' in layout and f'"value": {second.id}' in layout


def test_page_shows_exactly_what_the_library_reports(
        app: dash.Dash, two_waves: tuple[int, WaveInfo, WaveInfo]) -> None:
    programme, first, second = two_waves
    with app.server.test_request_context():
        status, summary, *grids, search = page.fill(first.id, second.id, programme,
                                                    f"?programme={programme}")
        st: Store = app.server.config["SM_STORE"]
        expected = compare(st.load(first.id), st.load(second.id))
    rows = dict(zip(page.GRIDS, grids, strict=True))
    assert status is None
    assert expected.summary() in _text(summary)
    assert "1 actor(s) joined, 2 left; 3 moved up the ladder, 1 down" in _text(summary)
    for table in TABLES:
        assert rows[table] == expected.rows(table), table
    assert {r["id"] for r in rows["actors_left"]} == LEAVING
    assert [r["name"] for r in rows["actors_joined"]] == [EVIL]      # text in a grid cell
    assert {r["id"] for r in rows["actors_joined"]} == {NEW.id}
    assert {r["id"] for r in rows["engagement_moves"]} == set(MOVES)
    assert search == f"?baseline={first.id}&followup={second.id}&programme={programme}"


def test_grids_render_text_only(app: dash.Dash) -> None:
    with app.server.test_request_context():
        text = _text(page.layout({}))
    assert "cellRenderer" not in text and "markdown" not in text.lower()
    assert "dangerously_allow_code" not in text


def test_same_wave_twice_says_nothing_can_differ(
        app: dash.Dash, two_waves: tuple[int, WaveInfo, WaveInfo]) -> None:
    programme, first, _ = two_waves
    with app.server.test_request_context():
        status, summary, *grids, _ = page.fill(first.id, first.id, programme, "")
    assert "same wave" in _text(status) and "no change" in _text(summary)
    assert rows_changed(grids) == 0


def rows_changed(grids: list[list[dict[str, Any]]]) -> int:
    rows = dict(zip(page.GRIDS, grids, strict=True))
    return sum(len(rows[t]) for t in ("actors_joined", "actors_left", "engagement_moves",
                                      "ties_added", "ties_removed"))


def test_a_programme_with_one_wave_asks_for_a_second(app: dash.Dash) -> None:
    with app.server.test_request_context():
        st: Store = app.server.config["SM_STORE"]
        single = next(p for p in st.programmes() if p.waves == 1)
        _, baseline, _, followup = page.choose_waves(single.id)
        assert baseline is None and followup == st.waves(single.id)[-1].id
        status, summary, *grids, search = page.fill(baseline, followup, single.id, "")
    assert "needs two imported waves" in _text(status) and summary is None
    assert all(g == [] for g in grids) and search is dash.no_update


def test_a_wave_of_another_programme_is_not_compared(
        app: dash.Dash, two_waves: tuple[int, WaveInfo, WaveInfo]) -> None:
    programme, first, _ = two_waves
    with app.server.test_request_context():
        st: Store = app.server.config["SM_STORE"]
        other = next(p for p in st.programmes() if p.id != programme)
        foreign = st.waves(other.id)[-1].id
        status, _, *grids, _ = page.fill(first.id, foreign, programme, "")
    assert "Pick a baseline and a follow-up" in _text(status)
    assert all(g == [] for g in grids)


def test_no_programme_shows_no_data(app: dash.Dash) -> None:
    with app.server.test_request_context():
        status, _, *grids, _ = page.fill(None, None, None, "")
    assert "No data to show yet" in _text(status)
    assert all(g == [] for g in grids)


def test_the_page_follows_the_shells_programme_only_when_it_changes(app: dash.Dash) -> None:
    with app.server.test_request_context():
        first, second = (p.id for p in app.server.config["SM_STORE"].programmes()[:2])
        assert page.follow_selection({"programme": second, "wave": 9}, first) == second
        assert page.follow_selection({"programme": second, "wave": 10}, second) is dash.no_update
        # a programme the store does not hold is no programme
        assert page.follow_selection({"programme": 999_999, "wave": 9}, first) is None
