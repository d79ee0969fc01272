"""The checks callbacks put their inputs through, on each side of every limit."""

from __future__ import annotations

from typing import Any

import pytest
from dash.exceptions import PreventUpdate

from dashboards import guard
from dashboards.app import create_app
from stakeholder_map.samples import SAMPLES_DIR


@pytest.mark.parametrize(("value", "expected"), [
    (1, 1), (2**63 - 1, 2**63 - 1), (2**63, None), (0, None), (-1, None),
    ("1", 1), ("9223372036854775807", 2**63 - 1), ("9223372036854775808", None),
    ("09", 9), ("", None), (" 1", None), ("-1", None), ("1.0", None), ("١", None),
    (True, None), (False, None), (1.0, None), (float("nan"), None), (None, None), ([1], None),
])
def test_positive_int(value: Any, expected: int | None) -> None:
    assert guard.positive_int(value) == expected


def test_text_and_texts_are_bounded() -> None:
    assert guard.text("a" * guard.MAX_TEXT) == "a" * guard.MAX_TEXT
    assert guard.text("a" * (guard.MAX_TEXT + 1)) is None
    assert guard.text("abc", 3) == "abc" and guard.text("abcd", 3) is None
    assert guard.text("x" * 50_000, None) == "x" * 50_000
    assert guard.text(1) is None and guard.text(["x"]) is None
    assert guard.texts("public") == ["public"]
    assert guard.texts(["a", 1, None, {}, "b", "c" * (guard.MAX_TEXT + 1)]) == ["a", "b"]
    assert guard.texts(["a"] * (guard.MAX_ITEMS + 1)) == ["a"] * guard.MAX_ITEMS
    assert guard.texts({"a": 1}) == [] and guard.texts(None) == []


@pytest.mark.parametrize(("value", "expected"), [
    ([0, 5], [0, 5]), ([2, 2], [2, 2]), ([3, 4], [3, 4]), ([4, 3], [0, 5]), ([-1, 5], [0, 5]),
    ([0, 6], [0, 5]), ([1], [0, 5]), ([1, 2, 3], [0, 5]), ([True, 5], [0, 5]),
    ([1.0, 2], [0, 5]), ("1,2", [0, 5]), (None, [0, 5]),
])
def test_engagement_range(value: Any, expected: list[int]) -> None:
    assert guard.engagement(value) == expected


def test_ids_must_exist_in_the_store(tmp_path: Any) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'g.db'}", samples=SAMPLES_DIR)
    with app.server.test_request_context():
        st = app.server.config["SM_STORE"]
        programme = st.programmes()[0].id
        wave = st.waves(programme)[-1].id
        last = max(w.id for p in st.programmes() for w in st.waves(p.id))
        assert guard.wave_id(wave) == wave and guard.wave_id(str(wave)) == wave
        assert guard.wave_id(last + 1) is None and guard.wave_id(2**63 - 1) is None
        assert guard.programme_id(programme) == programme
        assert guard.programme_id(999_999) is None
        assert guard.selected_wave({"wave": wave}) == wave
        assert guard.selected_wave({"wave": last + 1}) is None
        assert guard.selected_wave({}) is None
        assert guard.selected_programme({"programme": programme}) == programme
        for not_a_selection in (None, [], "x", 1):
            with pytest.raises(PreventUpdate):
                guard.selected_wave(not_a_selection)
