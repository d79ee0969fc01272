"""The thresholds every analysis shares (defaults: docs/gaps.md), and target engagement."""

from __future__ import annotations

from dataclasses import dataclass

from stakeholder_map.model import Actor, Engagement

__all__ = ["DEFAULTS", "Thresholds", "target_engagement"]


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs a facilitator may tune; none is buried as a literal in the analysis.

    Attributes
    ----------
    influence:
        An actor with influence (max of formal and informal) at or above this is influential.
    engaged:
        The lowest engagement level that counts as engaged (a sector with none is missing).
    introducer:
        The lowest level at which an actor can open a door on a warm introduction path.
    expiry_days:
        An agreement expiring within this many days of ``as_of`` needs renewing.
    max_steps:
        More steps than this from the backbone is far.
    siloed_ei:
        A sector whose E-I index is below this talks mostly to itself.
    over_centralised:
        When the backbone lies on at least this share of shortest paths, the network leans on it.
    sample_above:
        Above this many actors, betweenness and closeness are estimated from a sample.
    sample_size:
        How many sources the estimate uses.
    seed:
        Seed of the sample, so the same data gives the same estimate.
    """

    influence: float = 3.0
    engaged: Engagement = Engagement.SUPPORTIVE
    introducer: Engagement = Engagement.ACTIVE
    expiry_days: int = 90
    max_steps: int = 2
    siloed_ei: float = -0.5
    over_centralised: float = 0.5
    sample_above: int = 20_000
    sample_size: int = 500
    seed: int = 0


def target_engagement(actor: Actor, backbone: str | None,
                      thresholds: Thresholds | None = None) -> Engagement:
    """The level the programme wants: the actor's own target, or the default of docs/workbook.md.

    The backbone should lead; an influential actor should be active; anyone
    else supportive.
    """
    if actor.target_engagement is not None:
        return actor.target_engagement
    if actor.id == backbone:
        return Engagement.LEADING
    if actor.influence >= (thresholds or DEFAULTS).influence:
        return Engagement.ACTIVE
    return Engagement.SUPPORTIVE


DEFAULTS = Thresholds()
"""The default thresholds (docs/gaps.md, "Thresholds")."""
