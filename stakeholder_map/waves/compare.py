"""Two waves of one programme side by side: who joined or left, who moved, what changed.

An evaluator's question at the end of a stream (docs/outputs.md): which actors moved
up the ladder, which sector pairs got their first ties, which gaps closed.

How the two waves are matched:

- **actors** by id (a renamed actor is the same actor);
- **ties** among those in force on each wave's own ``as_of``
  (:func:`~stakeholder_map.analysis.views.current_ties`), by ``(source, target, type)``;
  for the undirected types (collaboration, communication, tension) the pair is
  unordered, so ``a–b`` and ``b–a`` are the same tie. A tie whose weight, trust
  or notes changed is neither added nor removed;
- **gaps** by ``(kind, subject)``: closed (only in the baseline), persisting
  (in both) or new (only in the follow-up).

Network measures come from :func:`~stakeholder_map.analysis.metrics.compute_metrics` on
each wave, numeric ones only, with ``delta = follow-up − baseline``. What the
result holds is in :mod:`stakeholder_map.waves.result`.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from stakeholder_map.analysis.gaps import Gap, find_gaps, subject_names
from stakeholder_map.analysis.metrics import NETWORK_KEYS, Metrics, compute_metrics
from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds
from stakeholder_map.analysis.undefined import network_reasons
from stakeholder_map.analysis.views import build_views, current_ties
from stakeholder_map.model import Actor, StakeholderMap, Tie
from stakeholder_map.waves.result import (
    ActorChange,
    Comparison,
    EngagementMove,
    GapChange,
    MetricDelta,
    SectorShift,
    TieChange,
    TieCount,
    TieKey,
    WaveSummary,
)

__all__ = ["compare", "tie_key"]

def compare(baseline: StakeholderMap, followup: StakeholderMap, *,
            thresholds: Thresholds = DEFAULTS,
            metrics: tuple[Metrics, Metrics] | None = None,
            gaps: tuple[Sequence[Gap], Sequence[Gap]] | None = None,
            progress: Callable[[str], None] | None = None) -> Comparison:
    """Compare two waves of a programme (see the module docstring for how they are matched).

    ``metrics`` and ``gaps`` may pass each wave's analysis when it is already
    computed (as the dashboard has it), with the same ``thresholds``; otherwise
    both are computed here. ``progress`` is told each stage of that work.
    """
    if metrics is None or gaps is None:
        known: tuple[Metrics | None, Metrics | None] = metrics or (None, None)
        base = _analyse(baseline, thresholds, progress, "baseline", known[0])
        follow = _analyse(followup, thresholds, progress, "follow-up", known[1])
        metrics, gaps = (base[0], follow[0]), gaps or (base[1], follow[1])
    before_ties, after_ties = current_ties(baseline), current_ties(followup)
    added, removed = _tie_changes(baseline, followup, before_ties, after_ties)
    sectors = _sectors(baseline, followup, thresholds)
    network = _network(metrics[0], metrics[1])
    return Comparison(
        baseline=_wave(baseline, len(before_ties)),
        followup=_wave(followup, len(after_ties)),
        actors_joined=tuple(_actor(a) for a in followup.actors
                            if a.id not in baseline.actor_by_id),
        actors_left=tuple(_actor(a) for a in baseline.actors
                          if a.id not in followup.actor_by_id),
        engagement_moves=_moves(baseline, followup),
        sectors=sectors,
        ties_added=added,
        ties_removed=removed,
        ties_by_type=_counts(before_ties, after_ties, added, removed,
                             lambda t, _: t.type.value, lambda c: c.type),
        ties_by_sector_pair=_counts(
            before_ties, after_ties, added, removed,
            lambda t, side: _sector_pair(baseline if side == 0 else followup, t),
            lambda c: c.sector_pair),
        network=network,
        gaps=_gap_changes(baseline, followup, gaps[0], gaps[1]),
        notes=_undefined(metrics, network, sectors),
    )


def tie_key(tie: Tie) -> TieKey:
    """What identifies a tie across waves: ``(source, target, type)``, unordered if undirected.

    >>> from stakeholder_map.model import TieType
    >>> tie_key(Tie("b", "a", TieType.COLLABORATION)), tie_key(Tie("b", "a", TieType.INFLUENCE))
    (('a', 'b', 'collaboration'), ('b', 'a', 'influence'))
    """
    a, b = tie.source, tie.target
    if not tie.type.directed and b < a:
        a, b = b, a
    return a, b, tie.type.value


# --- helpers ------------------------------------------------------------------------


def _analyse(smap: StakeholderMap, thresholds: Thresholds,
             progress: Callable[[str], None] | None, side: str,
             known: Metrics | None) -> tuple[Metrics, list[Gap]]:
    """One wave's metrics (unless ``known``) and gaps, from one set of views."""
    def told(stage: str) -> None:
        if progress is not None:
            progress(f"{side}: {stage}")

    views = build_views(smap)
    result = known or compute_metrics(smap, views, thresholds,
                                      progress=told if progress else None)
    told("gaps and warm paths")
    return result, find_gaps(smap, metrics=result, views=views, thresholds=thresholds)


def _wave(smap: StakeholderMap, ties: int) -> WaveSummary:
    p = smap.programme
    return WaveSummary(p.name, p.wave, p.as_of.isoformat() if p.as_of else None,
                       len(smap.actors), ties)


def _actor(a: Actor) -> ActorChange:
    return ActorChange(a.id, a.name, a.sector, a.kind.value, a.engagement.label)


def _moves(baseline: StakeholderMap, followup: StakeholderMap) -> tuple[EngagementMove, ...]:
    """Actors in both waves whose level changed, biggest rise first."""
    moves = []
    for a in followup.actors:
        before = baseline.actor_by_id.get(a.id)
        if before is None or before.engagement == a.engagement:
            continue
        steps = int(a.engagement) - int(before.engagement)
        moves.append(EngagementMove(a.id, a.name, a.sector, before.engagement.label,
                                    a.engagement.label, steps, "up" if steps > 0 else "down"))
    return tuple(sorted(moves, key=lambda m: -m.steps))


def _sectors(baseline: StakeholderMap, followup: StakeholderMap,
             thresholds: Thresholds) -> tuple[SectorShift, ...]:
    """Every sector with actors in either wave, in the follow-up's sector order."""
    levels: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, smap in enumerate((baseline, followup)):
        for a in smap.actors:
            levels[a.sector][side].append(int(a.engagement))
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    for m in _moves(baseline, followup):
        (up if m.steps > 0 else down)[m.sector] += 1
    names = {s.id: s.name for s in (*baseline.sectors, *followup.sectors)}
    order = list(dict.fromkeys([*(s.id for s in followup.sectors),
                                *(s.id for s in baseline.sectors), *levels]))
    engaged = int(thresholds.engaged)
    rows = []
    for sid in order:
        if sid not in levels:
            continue
        was, now = levels[sid]
        rows.append(SectorShift(sid, names.get(sid, sid), len(was), len(now), _mean(was),
                                _mean(now), sum(x >= engaged for x in was),
                                sum(x >= engaged for x in now), up[sid], down[sid]))
    return tuple(rows)


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _sector_pair(smap: StakeholderMap, tie: Tie) -> str:
    sector = {a.id: a.sector for a in (smap.actor_by_id.get(tie.source),
                                       smap.actor_by_id.get(tie.target)) if a}
    return "|".join(sorted((sector.get(tie.source, "?"), sector.get(tie.target, "?"))))


def _tie_changes(baseline: StakeholderMap, followup: StakeholderMap,
                 before: Sequence[Tie], after: Sequence[Tie]
                 ) -> tuple[tuple[TieChange, ...], tuple[TieChange, ...]]:
    """Ties only in the follow-up and only in the baseline (a repeated tie counts each time)."""
    before_keys = Counter(tie_key(t) for t in before)
    after_keys = Counter(tie_key(t) for t in after)
    return (_only(followup, after, after_keys - before_keys),
            _only(baseline, before, before_keys - after_keys))


def _only(smap: StakeholderMap, ties: Iterable[Tie], extra: Counter[TieKey]
          ) -> tuple[TieChange, ...]:
    left = Counter(extra)
    out = []
    for t in ties:
        key = tie_key(t)
        if left[key] > 0:
            left[key] -= 1
            out.append(TieChange(t.source, t.target, t.type.value, _name(smap, t.source),
                                 _name(smap, t.target), _sector_pair(smap, t), t.weight))
    return tuple(out)


def _name(smap: StakeholderMap, actor_id: str) -> str:
    actor = smap.actor_by_id.get(actor_id)
    return actor.name if actor else actor_id


def _counts(before: Sequence[Tie], after: Sequence[Tie], added: Sequence[TieChange],
            removed: Sequence[TieChange], key: Callable[[Tie, int], str],
            change_key: Callable[[TieChange], str]) -> tuple[TieCount, ...]:
    """Ties per key in each wave with the additions and removals; changed keys first."""
    was = Counter(key(t, 0) for t in before)
    now = Counter(key(t, 1) for t in after)
    plus = Counter(change_key(c) for c in added)
    minus = Counter(change_key(c) for c in removed)
    rows = [TieCount(k, was[k], now[k], plus[k], minus[k], was[k] == 0 and now[k] > 0)
            for k in sorted({*was, *now})]
    return tuple(sorted(rows, key=lambda r: (r.added + r.removed == 0, r.key)))


def _number(value: object) -> float | None:
    """A measure as a number (``None`` for NaN or ±infinity); booleans and text are not."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) else None


def _undefined(metrics: tuple[Metrics, Metrics], network: Sequence[MetricDelta],
               sectors: Sequence[SectorShift]) -> tuple[str, ...]:
    """Why each ``None`` of the network and sector tables is there (``null`` in JSON)."""
    notes = []
    for side, wave in (("before", 0), ("after", 1)):
        reasons = network_reasons(metrics[wave].network)
        name = ("baseline", "follow-up")[wave]
        notes += [f"network {m.metric} {side} is null: undefined in the {name}, "
                  f"{reasons.get(m.metric, 'not a number there')}"
                  for m in network if getattr(m, side) is None]
        empty = [s.sector for s in sectors if getattr(s, f"mean_{side}") is None]
        if empty:
            notes.append(f"sectors mean_{side} is null for {', '.join(empty)}: no actor of "
                         f"the sector in the {name}")
    return tuple(notes)


def _network(before: Metrics, after: Metrics) -> tuple[MetricDelta, ...]:
    """The numeric network measures of docs/methods.md side by side, ``delta = after − before``."""
    rows = []
    for key in NETWORK_KEYS:
        raw = before.network.get(key), after.network.get(key)
        if not any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw):
            continue
        b, a = _number(raw[0]), _number(raw[1])
        rows.append(MetricDelta(key, b, a, None if a is None or b is None else a - b))
    return tuple(rows)


def _gap_changes(baseline: StakeholderMap, followup: StakeholderMap, before: Sequence[Gap],
                 after: Sequence[Gap]) -> tuple[GapChange, ...]:
    """Closed gaps, then new ones, then persisting ones; each group most severe first."""
    was = {(g.kind, g.subject): g for g in reversed(before)}  # the first (most severe) wins
    now = {(g.kind, g.subject): g for g in reversed(after)}
    name_then, name_now = subject_names(baseline), subject_names(followup)
    rows = []
    for key in dict.fromkeys([*was, *now]):
        b, a = was.get(key), now.get(key)
        status = "persisting" if a and b else ("new" if a else "closed")
        name = name_now if a else name_then
        shown = a or b
        assert shown is not None
        rows.append(GapChange(key[0], key[1], name(key[1]), status,
                              b.severity if b else None, a.severity if a else None,
                              shown.suggestion))
    rank = {"closed": 0, "new": 1, "persisting": 2}
    return tuple(sorted(rows, key=lambda g: (
        rank[g.status], -max(g.severity_before or 0.0, g.severity_after or 0.0),
        g.kind, g.subject)))
