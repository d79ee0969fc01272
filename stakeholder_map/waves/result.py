"""What a wave comparison holds: its tables, their rows, and their plain forms.

:func:`stakeholder_map.waves.compare.compare` fills a :class:`Comparison`; the CLI
writes its :meth:`~Comparison.frames` to Excel or CSV, the dashboard shows
its :meth:`~Comparison.rows` in grids, and :meth:`~Comparison.to_dict` is the
JSON form. Every table is listed in :data:`TABLES` with its record type.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

import pandas as pd

from stakeholder_map.outputs.tables import json_safe

__all__ = [
    "TABLES",
    "TITLES",
    "ActorChange",
    "Comparison",
    "EngagementMove",
    "GapChange",
    "MetricDelta",
    "SectorShift",
    "TieChange",
    "TieCount",
    "TieKey",
    "WaveSummary",
]

TieKey = tuple[str, str, str]


@dataclass(frozen=True)
class WaveSummary:
    """Which wave a side of the comparison is: programme, wave label, date, size."""

    programme: str
    wave: str
    as_of: str | None
    actors: int
    ties: int


@dataclass(frozen=True)
class ActorChange:
    """An actor that joined (only in the follow-up) or left (only in the baseline)."""

    id: str
    name: str
    sector: str
    kind: str
    engagement: str


@dataclass(frozen=True)
class EngagementMove:
    """An actor in both waves whose engagement level changed; ``steps`` > 0 is up the ladder."""

    id: str
    name: str
    sector: str
    before: str
    after: str
    steps: int
    direction: str


@dataclass(frozen=True)
class SectorShift:
    """A sector's engagement in both waves (mean on the 0 unaware … 5 leading ladder).

    ``engaged`` counts actors at or above the engaged threshold (supportive by
    default); ``moved_up`` and ``moved_down`` count the sector's actors present
    in both waves whose level changed (by their follow-up sector).
    """

    sector: str
    name: str
    actors_before: int
    actors_after: int
    mean_before: float | None
    mean_after: float | None
    engaged_before: int
    engaged_after: int
    moved_up: int
    moved_down: int


@dataclass(frozen=True)
class TieChange:
    """A tie added or removed; ``sector_pair`` is the two sectors as ``a|b``, sorted."""

    source: str
    target: str
    type: str
    source_name: str
    target_name: str
    sector_pair: str
    weight: float


@dataclass(frozen=True)
class TieCount:
    """Ties of one type, or between one sector pair, in each wave and how they changed.

    ``first_ties`` is true when there were none in the baseline and some in the
    follow-up — a sector pair that started working together.
    """

    key: str
    before: int
    after: int
    added: int
    removed: int
    first_ties: bool


@dataclass(frozen=True)
class MetricDelta:
    """One network measure in both waves; ``None`` where it is undefined (e.g. no ties)."""

    metric: str
    before: float | None
    after: float | None
    delta: float | None


@dataclass(frozen=True)
class GapChange:
    """A gap matched by ``(kind, subject)``: ``closed``, ``persisting`` or ``new``."""

    kind: str
    subject: str
    label: str
    status: str
    severity_before: float | None
    severity_after: float | None
    suggestion: str


TABLES: dict[str, type] = {
    "actors_joined": ActorChange,
    "actors_left": ActorChange,
    "engagement_moves": EngagementMove,
    "sectors": SectorShift,
    "ties_added": TieChange,
    "ties_removed": TieChange,
    "ties_by_type": TieCount,
    "ties_by_sector_pair": TieCount,
    "network": MetricDelta,
    "gaps": GapChange,
}
"""Every table of a comparison, in reading order, with the record type of its rows."""

TITLES = {
    "actors_joined": "Actors who joined",
    "actors_left": "Actors who left",
    "engagement_moves": "Engagement moves (steps up or down the ladder)",
    "sectors": "Engagement per sector (0 unaware … 5 leading)",
    "ties_added": "Ties added",
    "ties_removed": "Ties removed",
    "ties_by_type": "Ties by type",
    "ties_by_sector_pair": "Ties by sector pair (first ties: none before, some now)",
    "network": "Network measures (delta = follow-up − baseline)",
    "gaps": "Gaps: closed, new and persisting",
}
"""A heading a person reads above each table of :data:`TABLES`."""


@dataclass(frozen=True)
class Comparison:
    """What changed between a baseline and a follow-up wave (see the module docstring)."""

    baseline: WaveSummary
    followup: WaveSummary
    actors_joined: tuple[ActorChange, ...]
    actors_left: tuple[ActorChange, ...]
    engagement_moves: tuple[EngagementMove, ...]
    sectors: tuple[SectorShift, ...]
    ties_added: tuple[TieChange, ...]
    ties_removed: tuple[TieChange, ...]
    ties_by_type: tuple[TieCount, ...]
    ties_by_sector_pair: tuple[TieCount, ...]
    network: tuple[MetricDelta, ...]
    gaps: tuple[GapChange, ...]
    notes: tuple[str, ...] = ()
    """Which values are ``None`` (``null`` in JSON) because undefined in a wave, and why."""

    def _gaps(self, status: str) -> tuple[GapChange, ...]:
        return tuple(g for g in self.gaps if g.status == status)

    @property
    def gaps_closed(self) -> tuple[GapChange, ...]:
        return self._gaps("closed")

    @property
    def gaps_persisting(self) -> tuple[GapChange, ...]:
        return self._gaps("persisting")

    @property
    def gaps_new(self) -> tuple[GapChange, ...]:
        return self._gaps("new")

    @property
    def has_changes(self) -> bool:
        """True when an actor, an engagement level, a tie or a gap differs between the waves."""
        return bool(self.actors_joined or self.actors_left or self.engagement_moves
                    or self.ties_added or self.ties_removed or self.gaps_closed
                    or self.gaps_new)

    def counts(self) -> dict[str, int]:
        """How many of each change, for a summary line or a dashboard tile."""
        moves = self.engagement_moves
        return {
            "actors_joined": len(self.actors_joined),
            "actors_left": len(self.actors_left),
            "moved_up": sum(m.steps > 0 for m in moves),
            "moved_down": sum(m.steps < 0 for m in moves),
            "ties_added": len(self.ties_added),
            "ties_removed": len(self.ties_removed),
            "gaps_closed": len(self.gaps_closed),
            "gaps_persisting": len(self.gaps_persisting),
            "gaps_new": len(self.gaps_new),
        }

    def summary(self) -> str:
        """One line a person reads first.

        >>> empty = Comparison(*(WaveSummary("p", "w", None, 0, 0),) * 2,
        ...                    *((),) * len(TABLES))
        >>> empty.summary()
        'no change: same actors, engagement levels, ties and gaps'
        """
        if not self.has_changes:
            return "no change: same actors, engagement levels, ties and gaps"
        n = self.counts()
        return (f"{n['actors_joined']} actor(s) joined, {n['actors_left']} left; "
                f"{n['moved_up']} moved up the ladder, {n['moved_down']} down; "
                f"{n['ties_added']} tie(s) added, {n['ties_removed']} removed; "
                f"{n['gaps_closed']} gap(s) closed, {n['gaps_new']} new, "
                f"{n['gaps_persisting']} persisting")

    def rows(self, table: str) -> list[dict[str, Any]]:
        """The rows of one table of :data:`TABLES` as JSON-safe dicts."""
        return [json_safe(asdict(r)) for r in getattr(self, table)]

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table of :data:`TABLES` as a DataFrame (columns kept when a table is empty)."""
        return {name: pd.DataFrame(self.rows(name), columns=[f.name for f in fields(kind)])
                for name, kind in TABLES.items()}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON: ``baseline``, ``followup``, ``counts``, one list per table, and ``notes``
        (why a value is ``null``)."""
        return {"baseline": asdict(self.baseline), "followup": asdict(self.followup),
                "counts": self.counts(), **{name: self.rows(name) for name in TABLES},
                "notes": list(self.notes)}


