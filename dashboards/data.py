"""What callbacks read: the store, and each wave's analysis computed once and cached.

Waves are immutable, so an analysis keyed by wave id never goes stale. The
store and the cache live on the Flask app (``current_app.config``), not in
module globals: two apps in one process (as in the tests) do not share them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, cast

from flask import current_app

from stakeholder_map.gaps import Gap, find_gaps
from stakeholder_map.graph import Views, build_views
from stakeholder_map.metrics import Metrics, compute_metrics
from stakeholder_map.model import StakeholderMap
from stakeholder_map.paths import WarmPath, warm_paths
from stakeholder_map.store import Store, WaveInfo

__all__ = ["Analysis", "analysis", "resolve", "store"]

CACHE_SIZE = 8


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


def _cache() -> tuple[OrderedDict[int, Analysis], threading.Lock]:
    config: dict[str, Any] = current_app.config
    if "SM_CACHE" not in config:
        config["SM_CACHE"] = (OrderedDict(), threading.Lock())
    return cast(tuple[OrderedDict[int, Analysis], threading.Lock], config["SM_CACHE"])


def analysis(wave_id: int) -> Analysis:
    """The analysis of a wave (computed on first use, then kept for the next callbacks)."""
    cache, lock = _cache()
    with lock:
        if wave_id in cache:
            cache.move_to_end(wave_id)
            return cache[wave_id]
    st = store()
    smap = st.load(wave_id)
    views = build_views(smap)
    metrics = compute_metrics(smap, views)
    result = Analysis(st.wave(wave_id), smap, views, metrics,
                      find_gaps(smap, metrics=metrics, views=views), warm_paths(smap, views))
    with lock:
        cache[wave_id] = result
        while len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    return result


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
