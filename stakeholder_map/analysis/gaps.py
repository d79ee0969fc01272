"""Engagement gaps: what the programme must close, each with its evidence and a next step.

Every gap is a :class:`Gap` — ``kind``, ``subject``, ``severity`` (0–1),
``evidence`` (the numbers behind it) and ``suggestion`` (one sentence a
facilitator can act on). The ``kind`` identifiers are a published contract
(docs/gaps.md): exports and other tools rely on them.

Severities are comparable within and across kinds: 1 is "act before the
next meeting", 0.3 is "worth a note". How each is computed is stated by its
finder below.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

import pandas as pd

from stakeholder_map.analysis import budget as resources
from stakeholder_map.analysis.metrics import Metrics, compute_metrics
from stakeholder_map.analysis.paths import WarmPath, warm_paths
from stakeholder_map.analysis.structure import cut_off_by
from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds, target_engagement
from stakeholder_map.analysis.views import Views, build_views
from stakeholder_map.errors import UnknownGapKind
from stakeholder_map.model import (
    CORE_SECTORS,
    Actor,
    AgreementStatus,
    Engagement,
    StakeholderMap,
    TieType,
)

__all__ = ["GAP_KINDS", "Gap", "find_gaps", "subject_names"]

GAP_KINDS = (
    "actor_engagement_gap", "passive_influential", "resistant_influential",
    "informal_influencer_unengaged", "missing_sector", "forum_sector_gap",
    "sector_pair_without_ties", "siloed_sector", "collaboration_without_agreement",
    "agreement_expiring", "party_without_responsibility", "isolate",
    "single_point_of_failure", "far_from_backbone", "over_centralised", "burned",
    "sensitive_relationship", "passive_role_holder",
)
"""Every gap kind, in the order of docs/gaps.md."""

_NEXT_STEP = {
    Engagement.UNAWARE: "brief them on the common agenda",
    Engagement.RESISTANT: "meet them one to one to hear their objections",
    Engagement.PASSIVE: "invite them onto a committee or task force",
    Engagement.SUPPORTIVE: "give them a concrete piece of work",
    Engagement.ACTIVE: "invite them to co-lead a workstream",
    Engagement.LEADING: "keep them leading",
}


@dataclass(frozen=True)
class Gap:
    """One gap: what kind, about whom (actor, sector, forum, agreement or ``a|b`` pair),
    how severe (0–1), the numbers behind it, what to do, and — for gaps about
    reaching an actor — who opens the door: the actor just before them on the
    warm path (the backbone itself when it can go directly; "" when there is no
    warm path).
    """

    kind: str
    subject: str
    severity: float
    evidence: dict[str, Any] = field(default_factory=dict)
    suggestion: str = ""
    introducer: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Context:
    smap: StakeholderMap
    views: Views
    metrics: Metrics
    t: Thresholds
    paths: dict[str, WarmPath]
    backbone: str | None

    def name(self, actor_id: str) -> str:
        actor = self.smap.actor_by_id.get(actor_id)
        return actor.name if actor else actor_id

    def target(self, a: Actor) -> Engagement:
        return target_engagement(a, self.backbone, self.t)

    def reach(self, kind: str, actor_id: str, severity: float, evidence: dict[str, Any],
              advice: str) -> Gap:
        """A gap whose remedy is reaching the actor: the advice ends with who opens the door,
        and the gap names them (the actor before this one on the warm path)."""
        wp = self.paths.get(actor_id)
        return Gap(kind, actor_id, severity, evidence, f"{advice}{self.door(actor_id)}.",
                   introducer=(wp.introducer or "") if wp else "")

    def door(self, actor_id: str) -> str:
        """How to reach an actor: 'ask X to introduce you' or where to start."""
        wp = self.paths.get(actor_id)
        if wp is None:
            return ""
        if wp.introducer and wp.introducer != self.backbone:
            return f" — ask {self.name(wp.introducer)} to introduce you"
        if wp.introducer == self.backbone:
            return " — the backbone can approach them directly"
        if wp.nearest_engaged:
            return f" — no warm path yet; start with {self.name(wp.nearest_engaged)}"
        return ""


def _sev(x: float) -> float:
    return round(min(1.0, max(0.0, x)), 4)


def _num(value: object) -> int | float:
    """A number out of a metrics table cell (whose static type pandas leaves open)."""
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


def _pair(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


def find_gaps(smap: StakeholderMap, *, metrics: Metrics | None = None,
              views: Views | None = None, thresholds: Thresholds = DEFAULTS,
              kinds: Iterable[str] | None = None,
              budget: resources.Budget | None = None) -> list[Gap]:
    """Every engagement gap of the map, most severe first.

    ``kinds`` limits the result to those identifiers (unknown ones raise
    :class:`~stakeholder_map.errors.UnknownGapKind`). Before any work, the
    memory the gaps (and the metrics and views not given) need is checked
    against ``budget`` (:func:`stakeholder_map.analysis.budget.plan`; raises
    :class:`~stakeholder_map.errors.AnalysisTooLarge`).
    """
    wanted = list(kinds) if kinds is not None else list(GAP_KINDS)
    unknown = [k for k in wanted if k not in GAP_KINDS]
    if unknown:
        raise UnknownGapKind(unknown, list(GAP_KINDS))
    parts = [p for p, given in (("views", views), ("metrics", metrics)) if given is None]
    resources.plan(smap, [*parts, "gaps"], thresholds, budget)
    views = views or build_views(smap)
    metrics = metrics or compute_metrics(smap, views, thresholds, budget=budget)
    ctx = _Context(smap, views, metrics, thresholds,
                   warm_paths(smap, views, thresholds, budget=budget),
                   smap.programme.backbone if smap.backbone else None)
    gaps: list[Gap] = []
    for finder in _FINDERS:
        gaps.extend(g for g in finder(ctx) if g.kind in wanted)
    return sorted(gaps, key=lambda g: (-g.severity, g.kind, g.subject))


def subject_names(smap: StakeholderMap) -> Callable[[str], str]:
    """A gap's subject as a person reads it: actor, sector, forum and agreement ids become names.

    >>> from stakeholder_map.workbook.synth import synthesize
    >>> name = subject_names(synthesize(3, seed=1))
    >>> name("a000001|a000002"), name("public"), name("nobody")
    ('Municipal Office 1 | Company 2', 'Public sector', 'nobody')
    """
    names = {s.id: s.name for s in smap.sectors}
    names.update((g.id, g.title) for g in smap.agreements if g.title)
    names.update((f.id, f.name) for f in smap.forums if f.name)
    names.update((a.id, a.name) for a in smap.actors)
    # a whole subject first: an id may itself hold "|" (only pairs are joined by it)
    return lambda subject: names.get(subject) or " | ".join(
        names.get(part, part) for part in subject.split("|"))


# --- actors -------------------------------------------------------------------


def _actors(ctx: _Context) -> Iterable[Gap]:
    """Engagement gaps (distance × influence), passive or resistant influentials, informal ones."""
    t = ctx.t
    in_forum = {m.actor for f in ctx.smap.forums for m in f.members}
    for a in ctx.smap.actors:
        target, level, infl = ctx.target(a), a.engagement, a.influence
        evidence = {"engagement": level.label, "target": target.label,
                    "formal_influence": a.formal_influence,
                    "informal_influence": a.informal_influence}
        if target > level:
            # distance up the ladder (of 5 steps), weighted by influence (of 5, +1 so that
            # an actor without influence still counts a little)
            yield ctx.reach("actor_engagement_gap", a.id,
                      _sev((target - level) / 5 * (1 + infl) / 6),
                      {**evidence, "steps": int(target - level)},
                      f"Move {a.name} from {level.label} to {target.label}: "
                      f"{_NEXT_STEP[level]}")
        if infl >= t.influence and level in (Engagement.UNAWARE, Engagement.PASSIVE):
            yield ctx.reach("passive_influential", a.id, _sev(infl / 5), evidence,
                      f"{a.name} carries weight (influence {infl:g}) but is {level.label}: "
                      f"meet them and ask for active consent")
        if infl >= t.influence and level is Engagement.RESISTANT:
            yield ctx.reach("resistant_influential", a.id, _sev(0.2 + infl / 5), evidence,
                      f"{a.name} is influential and resistant: hear their objections one "
                      f"to one before they spread")
        if (a.informal_influence > a.formal_influence and level < target
                and a.id not in in_forum):
            yield ctx.reach("informal_influencer_unengaged", a.id, _sev(a.informal_influence / 5),
                      {**evidence, "forums": 0},
                      f"{a.name}'s influence comes from personality, not position: talk to "
                      f"them and offer a seat on a task force")


def _readiness(ctx: _Context) -> Iterable[Gap]:
    """Burned actors, sensitive relationships and passive role-holders (Kehila Metiva checklist)."""
    for a in ctx.smap.actors:
        if a.burned:
            yield Gap("burned", a.id, _sev(0.5 + a.influence / 10),
                      {"engagement": a.engagement.label, "influence": a.influence},
                      f"{a.name} was hurt by an earlier process that failed: acknowledge it "
                      f"and show what is different this time before asking for support.")
        if (a.sector == "public" and a.formal_influence >= ctx.t.influence
                and a.engagement in (Engagement.UNAWARE, Engagement.PASSIVE)):
            yield ctx.reach("passive_role_holder", a.id, _sev(a.formal_influence / 5),
                      {"role": a.role, "formal_influence": a.formal_influence,
                       "engagement": a.engagement.label},
                      f"{a.name}{' (' + a.role + ')' if a.role else ''} gives only passive "
                      f"consent: without role-holders the plan will not be implemented — ask "
                      f"for a seat on a committee")
    seen = set()
    for tie in ctx.views.ties:
        if tie.type is not TieType.TENSION:
            continue
        a, b = ctx.smap.actor_by_id[tie.source], ctx.smap.actor_by_id[tie.target]
        key = _pair(a.id, b.id)
        if key in seen or not (a.engagement < ctx.target(a) and b.engagement < ctx.target(b)):
            continue
        seen.add(key)
        yield Gap("sensitive_relationship", key, _sev((a.influence + b.influence) / 10),
                  {"a": a.id, "b": b.id, "weight": tie.weight, "notes": tie.notes},
                  f"{a.name} and {b.name} have a sensitive relationship and both still need "
                  f"engaging: approach them separately and do not seat them together first.")


# --- sectors and forums ---------------------------------------------------------


def _sectors(ctx: _Context) -> Iterable[Gap]:
    """Missing sectors, sector pairs that never work together, siloed sectors."""
    table = ctx.metrics.sectors
    for sid in CORE_SECTORS:
        count = _num(table.at[sid, "actors"]) if sid in table.index else 0
        engaged = _num(table.at[sid, "engaged"]) if sid in table.index else 0
        if count == 0:
            yield Gap("missing_sector", sid, 1.0, {"actors": 0, "engaged": 0},
                      f"No {sid.replace('_', ' ')} actor is mapped: find and invite at least one.")
        elif engaged == 0:
            yield Gap("missing_sector", sid, 0.8, {"actors": count, "engaged": 0},
                      f"The {count} {sid.replace('_', ' ')} actor(s) are all below "
                      f"{ctx.t.engaged.label}: win one champion in this sector.")
    mixing = ctx.metrics.mixing
    present = [s for s in mixing.index if s in table.index and table.loc[s, "actors"] > 0]
    for a, b in combinations(present, 2):
        if mixing.loc[a, b] == 0:
            both_core = a in CORE_SECTORS and b in CORE_SECTORS
            yield Gap("sector_pair_without_ties", _pair(a, b), 0.5 if both_core else 0.3,
                      {"ties": 0},
                      f"No {a.replace('_', ' ')} actor works with any {b.replace('_', ' ')} "
                      f"actor: broker a first joint activity.")
    for sector_id, row in table.iterrows():
        sid = str(sector_id)
        ei = float(row["ei_index"])
        if row["actors"] > 1 and not math.isnan(ei) and ei < ctx.t.siloed_ei:
            yield Gap("siloed_sector", sid, _sev(-ei),
                      {"ei_index": round(float(ei), 4), "internal_ties": int(row["internal_ties"]),
                       "external_ties": int(row["external_ties"])},
                      f"The {sid.replace('_', ' ')} sector works mostly with itself: pair "
                      f"its actors with other sectors in task forces.")


def _forums(ctx: _Context) -> Iterable[Gap]:
    """Forums lacking a required sector, or chaired by one sector only."""
    sector = {a.id: a.sector for a in ctx.smap.actors}
    for f in ctx.smap.forums:
        present = {sector[m.actor] for m in f.members}
        missing = [s for s in f.required if s not in present]
        chairs = sorted({sector[m.actor] for m in f.members if m.role.value == "chair"})
        one_chair_sector = len(chairs) == 1 and len(f.required) > 1
        if not missing and not one_chair_sector:
            continue
        severity = max(len(missing) / len(f.required) if f.required else 0.0,
                       0.3 if one_chair_sector else 0.0)
        parts = []
        if missing:
            parts.append("invite " + ", ".join(s.replace("_", " ") for s in missing))
        if one_chair_sector:
            parts.append(f"add a co-chair from outside {chairs[0].replace('_', ' ')}")
        yield Gap("forum_sector_gap", f.id, _sev(severity),
                  {"missing_sectors": missing, "chair_sectors": chairs,
                   "members": len(f.members)},
                  f"{f.name or f.id}: {' and '.join(parts)}.")


# --- agreements -------------------------------------------------------------------


def _agreements(ctx: _Context) -> Iterable[Gap]:
    """Cross-sector collaboration without an agreement; expiring agreements; vague parties."""
    smap, day = ctx.smap, ctx.smap.programme.reference_date()
    live = [g for g in smap.agreements
            if g.status not in (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)]
    shared = set()
    for g in live:
        for a, b in combinations(sorted({p.actor for p in g.parties}), 2):
            shared.add((a, b))
    sector = {a.id: a.sector for a in smap.actors}
    seen = set()
    for tie in ctx.views.ties:
        a, b = sorted((tie.source, tie.target))
        if (tie.type is TieType.COLLABORATION and sector[a] != sector[b]
                and (a, b) not in shared and (a, b) not in seen):
            seen.add((a, b))
            yield Gap("collaboration_without_agreement", f"{a}|{b}",
                      _sev(0.2 + 0.1 * tie.weight),
                      {"weight": tie.weight, "sectors": [sector[a], sector[b]]},
                      f"{ctx.name(a)} and {ctx.name(b)} collaborate across sectors without "
                      f"an agreement: write down who does what.")
    for g in smap.agreements:
        if g.status in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE) and g.expires:
            days = (g.expires - day).days
            if days <= ctx.t.expiry_days:
                yield Gap("agreement_expiring", g.id,
                          _sev(1.0 if days < 0 else 1 - days / (ctx.t.expiry_days + 1)),
                          {"expires": g.expires.isoformat(), "days_left": days,
                           "parties": len(g.parties)},
                          f"{g.title or g.id} {'expired' if days < 0 else 'expires'} on "
                          f"{g.expires.isoformat()}: agree a renewal with its "
                          f"{len(g.parties)} parties.")
        vague = [p.actor for p in g.parties if not p.responsibility.strip()]
        if vague:
            yield Gap("party_without_responsibility", g.id, 0.3,
                      {"parties": vague},
                      f"{g.title or g.id}: agree a zone of responsibility with "
                      f"{', '.join(ctx.name(v) for v in vague)}.")


# --- structure ----------------------------------------------------------------------


def _structure(ctx: _Context) -> Iterable[Gap]:
    """Isolates, single points of failure, actors far from the backbone, over-centralisation."""
    table, t, backbone = ctx.metrics.actors, ctx.t, ctx.backbone
    collab = ctx.views.collaboration
    cut = table.index[table["articulation_point"]].tolist()
    losses = cut_off_by(collab, cut)
    columns = ("degree", "in_degree", "out_degree", "distance_to_backbone")
    rows = table[list(columns)].to_dict(orient="index")
    for a in ctx.smap.actors:
        row = rows[a.id]
        if row["degree"] == 0 and row["in_degree"] == 0 and row["out_degree"] == 0:
            # no collaboration and no influence either way (tension ties do not connect)
            yield ctx.reach("isolate", a.id, _sev(0.4 + a.influence / 10),
                      {"influence": a.influence, "engagement": a.engagement.label},
                      f"{a.name} works with nobody in the map: connect them to one active "
                      f"actor")
            continue
        if a.id in losses:
            lost, size = losses[a.id]
            is_backbone = a.id == backbone
            yield Gap("single_point_of_failure", a.id,
                      _sev(0.3 + 0.7 * lost / max(size - 1, 1) + (0.3 if is_backbone else 0.0)),
                      {"actors_cut_off": lost, "component_size": size, "backbone": is_backbone},
                      f"Without {a.name}, {lost} actor(s) lose their only link to the rest: "
                      f"build a second link{' around the backbone' if is_backbone else ''}.")
        dist = row["distance_to_backbone"]
        if backbone and a.id != backbone:
            if pd.isna(dist):
                yield ctx.reach("far_from_backbone", a.id, _sev(0.5 + a.influence / 10),
                          {"distance": None, "influence": a.influence},
                          f"{a.name} has no path to the backbone at all: find one bridge "
                          f"to them")
            elif int(dist) > t.max_steps:
                yield ctx.reach("far_from_backbone", a.id,
                          _sev(0.15 * (int(dist) - t.max_steps) + a.influence / 10),
                          {"distance": int(dist), "influence": a.influence},
                          f"{a.name} is {int(dist)} steps from the backbone: shorten the "
                          f"chain")
    if backbone and backbone in table.index:
        share = float(_num(table.at[backbone, "betweenness"]))
        if share >= t.over_centralised:
            yield Gap("over_centralised", backbone, _sev(share),
                      {"betweenness": round(share, 4)},
                      f"{share:.0%} of shortest paths between actors run through the "
                      f"backbone: help actors work with each other directly.")


_FINDERS: tuple[Callable[[_Context], Iterable[Gap]], ...] = (
    _actors, _sectors, _forums, _agreements, _structure, _readiness)
