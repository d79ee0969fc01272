"""What callbacks read: the store, and each wave's analysis computed once and cached.

Waves are immutable, so an analysis keyed by wave id never goes stale. The
store and the cache live on the Flask app (``current_app.config``), not in
module globals: two apps in one process (as in the tests) do not share them.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, current_app

from stakeholder_map.analysis.gaps import Gap, find_gaps
from stakeholder_map.analysis.metrics import Metrics, compute_metrics
from stakeholder_map.analysis.paths import WarmPath, warm_paths
from stakeholder_map.analysis.views import Views, build_views
from stakeholder_map.model import StakeholderMap
from stakeholder_map.outputs.positions import compute_positions
from stakeholder_map.store.database import Store, WaveInfo

from .figures import BROWSER_LAYOUT_MAX

__all__ = ["LAYOUT_KEY", "Analysis", "analysis", "positions", "prepare", "resolve", "store",
           "warm"]

CACHE_SIZE = 8
LAYOUT_KEY = "fr-v1"
"""Name of the cached server layout; change it when the layout algorithm changes."""

log = logging.getLogger(__name__)
T = TypeVar("T")
_CONFIG_LOCK = threading.Lock()   # creating an app's cache once, whichever request is first


class Analysis:
    """One wave, validated; each part of its analysis computed on first use, once.

    The map of a large wave needs only the wave itself (and its cached layout):
    it is drawn while nobody has asked for metrics yet. A page that needs
    metrics, gaps or warm paths computes them then; two callbacks asking at the
    same time share one computation.
    """

    def __init__(self, wave: WaveInfo, smap: StakeholderMap) -> None:
        self.wave = wave
        self.smap = smap
        self._parts: dict[str, Any] = {}
        self._lock = threading.RLock()

    def _once(self, name: str, make: Callable[[], T]) -> T:
        with self._lock:
            if name not in self._parts:
                self._parts[name] = make()
            return cast(T, self._parts[name])

    @property
    def views(self) -> Views:
        return self._once("views", lambda: build_views(self.smap))

    @property
    def metrics(self) -> Metrics:
        return self._once("metrics", lambda: compute_metrics(self.smap, self.views))

    @property
    def gaps(self) -> list[Gap]:
        return self._once("gaps", lambda: find_gaps(self.smap, metrics=self.metrics,
                                                    views=self.views))

    @property
    def paths(self) -> dict[str, WarmPath]:
        return self._once("paths", lambda: warm_paths(self.smap, self.views))

    @property
    def ready(self) -> frozenset[str]:
        """The parts computed so far (of views, metrics, gaps, paths)."""
        with self._lock:
            return frozenset(self._parts)

    def complete(self) -> None:
        """Compute every part now (views, metrics, gaps, warm paths)."""
        _ = self.gaps, self.paths

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
    return Analysis(st.wave(wave_id), st.load(wave_id))


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
                    an = analysis(wave_id)
                    positions(an)
                    an.complete()
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
