"""What callbacks read: the store, and each wave's analysis computed once and cached.

Waves are immutable, so an analysis keyed by wave id never goes stale. The
store and the cache live on the Flask app (``current_app.config``), not in
module globals: two apps in one process (as in the tests) do not share them.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, cast

from flask import Flask, current_app

from stakeholder_map.gaps import Gap, find_gaps
from stakeholder_map.graph import Views, build_views
from stakeholder_map.layout import compute_positions
from stakeholder_map.metrics import Metrics, compute_metrics
from stakeholder_map.model import StakeholderMap
from stakeholder_map.paths import WarmPath, warm_paths
from stakeholder_map.store import Store, WaveInfo

from .figures import BROWSER_LAYOUT_MAX

__all__ = ["LAYOUT_KEY", "Analysis", "analysis", "positions", "prepare", "resolve", "store",
           "warm"]

CACHE_SIZE = 8
LAYOUT_KEY = "fr-v1"
"""Name of the cached server layout; change it when the layout algorithm changes."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analysis:
    """One wave, validated and analysed."""

    wave: WaveInfo
    smap: StakeholderMap
    views: Views
    metrics: Metrics
    gaps: list[Gap]
    paths: dict[str, WarmPath]

    def gaps_about(self, actor_id: str) -> list[Gap]:
        return [g for g in self.gaps if actor_id in g.subject.split("|")]


def store() -> Store:
    return cast(Store, current_app.config["SM_STORE"])


class _Cache:
    """Analyses by wave id, least recently used dropped; each wave computed once.

    A cold page fires several callbacks at once (map, panel, filter choices),
    all wanting the same wave: the first computes it, the others wait for it
    instead of computing it again on the same two cores.
    """

    def __init__(self) -> None:
        self.done: OrderedDict[int, Analysis] = OrderedDict()
        self.lock = threading.Lock()
        self.computing: dict[int, threading.Lock] = {}


def _cache() -> _Cache:
    config: dict[str, Any] = current_app.config
    with _CONFIG_LOCK:
        if "SM_CACHE" not in config:
            config["SM_CACHE"] = _Cache()
    return cast(_Cache, config["SM_CACHE"])


_CONFIG_LOCK = threading.Lock()


def analysis(wave_id: int) -> Analysis:
    """The analysis of a wave (computed on first use, then kept for the next callbacks)."""
    cache = _cache()
    with cache.lock:
        if wave_id in cache.done:
            cache.done.move_to_end(wave_id)
            return cache.done[wave_id]
        flight = cache.computing.setdefault(wave_id, threading.Lock())
    with flight:
        with cache.lock:
            if wave_id in cache.done:    # computed while this caller waited
                return cache.done[wave_id]
        try:
            result = _analyse(wave_id)
        finally:
            with cache.lock:
                cache.computing.pop(wave_id, None)
        with cache.lock:
            cache.done[wave_id] = result
            while len(cache.done) > CACHE_SIZE:
                cache.done.popitem(last=False)
    return result


def _analyse(wave_id: int) -> Analysis:
    st = store()
    smap = st.load(wave_id)
    views = build_views(smap)
    metrics = compute_metrics(smap, views)
    return Analysis(st.wave(wave_id), smap, views, metrics,
                    find_gaps(smap, metrics=metrics, views=views), warm_paths(smap, views))


def positions(an: Analysis) -> dict[str, tuple[float, float]] | None:
    """Server-side positions for large maps, computed once per wave and cached in the store.

    ``None`` for maps the browser lays out itself (up to ``BROWSER_LAYOUT_MAX`` actors).
    """
    if len(an.smap.actors) <= BROWSER_LAYOUT_MAX:
        return None
    st = store()
    cached = st.positions(an.wave.id, LAYOUT_KEY)
    if cached is None:
        cached = compute_positions(an.smap)
        st.save_positions(an.wave.id, LAYOUT_KEY, cached)
    return cached


def prepare(wave_ids: list[int]) -> None:
    """:func:`warm` these waves if this app was built with ``warm_up`` (from a request)."""
    if current_app.config.get("SM_WARM_UP"):
        warm(cast(Flask, current_app._get_current_object()),  # type: ignore[attr-defined]
             wave_ids)


def warm(app: Flask, wave_ids: list[int]) -> threading.Thread:
    """Analyse waves (and lay out large ones) in the background, so the first visit is quick."""
    def run() -> None:
        with app.app_context():
            for wave_id in wave_ids:
                try:
                    positions(analysis(wave_id))
                except Exception:    # a visit will compute it again and show the error there
                    log.exception("could not prepare wave %s in the background", wave_id)

    thread = threading.Thread(target=run, name="stakeholder-map-warm", daemon=True)
    thread.start()
    return thread


def resolve(programme: int | None, wave: int | None) -> tuple[int | None, int | None]:
    """A valid (programme, wave) pair: the one asked for, else the first programme's latest wave."""
    st = store()
    programmes = st.programmes()
    if not programmes:
        return None, None
    ids = [p.id for p in programmes]
    pid = programme if programme in ids else ids[0]
    waves = st.waves(pid)
    wave_ids = [w.id for w in waves]
    if wave in wave_ids:
        return pid, wave
    return pid, (wave_ids[-1] if wave_ids else None)
