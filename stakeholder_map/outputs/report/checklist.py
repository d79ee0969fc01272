"""Section 4 of the readiness pack: the readiness checklist, each item with its evidence.

The checklist is the Kehila Metiva guide's (seed 004): who was burned by an
earlier process that failed, which relationships are sensitive, whose
influence comes from personality rather than role — plus the two risks the
guide names among municipal role-holders: passive consent and resistance.
"""

from __future__ import annotations

from stakeholder_map.model import Actor, TieType
from stakeholder_map.outputs.html import (
    Block,
    Cell,
    Heading,
    Inline,
    Para,
    Styled,
    User,
    fmt_num,
)
from stakeholder_map.outputs.report.sections import PackData, capped, none

__all__ = ["checklist"]


def checklist(d: PackData) -> list[Block]:
    """The Kehila Metiva readiness checklist, each item with its evidence from the map."""
    return [*_burned(d), *_sensitive(d), *_informal(d), *_role_holders(d), *_resistant(d)]


def _notes(a: Actor) -> Inline:
    return User(a.notes) if a.notes else Styled("no note", "none")


def _head(title: str, advice: str) -> list[Block]:
    return [Heading(title), Para(advice, "muted")]


def _burned(d: PackData) -> list[Block]:
    burned = [a for a in d.smap.actors if a.burned]
    head = _head(f"4.1 Burned by an earlier process ({len(burned)})",
                 "Were there similar processes that failed, and who was hurt by them? "
                 "Acknowledge it and show what is different before asking for support.")
    if not burned:
        return [*head, none("Nobody is marked as burned.")]
    burned.sort(key=lambda a: (-a.influence, a.name))
    rows: list[list[Cell]] = [[d.actor(a.id), a.engagement.label, (fmt_num(a.influence), "num"),
                               _notes(a)] for a in burned]
    return [*head, capped(rows, ["actor", "engagement", ("influence", "num"), "what happened"])]


def _sensitive(d: PackData) -> list[Block]:
    flagged = {g.subject for g in d.by_kind.get("sensitive_relationship", [])}
    seen: dict[str, tuple[str, str, str]] = {}
    for tie in d.views.ties:
        if tie.type is TieType.TENSION and tie.source != tie.target:
            key = "|".join(sorted((tie.source, tie.target)))
            seen.setdefault(key, (tie.source, tie.target, tie.notes))
    head = _head(f"4.2 Sensitive relationships ({len(seen)})",
                 "Approach both sides separately; do not seat them together first.")
    if not seen:
        return [*head, none("No tension ties are recorded.")]
    order = sorted(seen, key=lambda k: (k not in flagged, k))
    rows: list[list[Cell]] = []
    for key in order:
        a, b, note = seen[key]
        rows.append([d.actor(a), d.actor(b),
                     Styled("yes", tag="b") if key in flagged else "no",
                     User(note) if note else Styled("no note", "none")])
    return [*head, capped(rows, ["between", "and", "both still need engaging", "note"])]


def _informal(d: PackData) -> list[Block]:
    in_forum = {m.actor for f in d.smap.forums for m in f.members}
    flagged = {g.subject for g in d.by_kind.get("informal_influencer_unengaged", [])}
    people = sorted((a for a in d.smap.actors if a.informal_influence > a.formal_influence),
                    key=lambda a: (a.id not in flagged, -a.informal_influence, a.name))
    head = _head(f"4.3 Influence by personality rather than role ({len(people)})",
                 "Figures worth talking to and recruiting, e.g. onto a task force. "
                 "Those not yet in any forum and below target come first.")
    if not people:
        return [*head, none("Nobody's informal influence exceeds their formal influence.")]
    rows: list[list[Cell]] = [
        [d.actor(a.id), (fmt_num(a.informal_influence), "num"),
         (fmt_num(a.formal_influence), "num"), f"{a.engagement.label} → {d.target(a).label}",
         "yes" if a.id in in_forum else Styled("no", tag="b"),
         d.door(a.id) if a.id in flagged else Styled("—", "muted")]
        for a in people]
    return [*head, capped(rows, ["actor", ("informal", "num"), ("formal", "num"),
                                  "now → target", "in a forum", "who can open the door"])]


def _role_holders(d: PackData) -> list[Block]:
    gs = d.by_kind.get("passive_role_holder", [])
    head = _head(f"4.4 Passive role-holders ({len(gs)})",
                 "Public-sector role-holders with formal influence ≥ "
                 f"{d.thresholds.influence:g} who give at most passive consent; without them "
                 "the plan will not be implemented.")
    if not gs:
        return [*head, none("Every influential public role-holder is beyond passive consent.")]
    rows: list[list[Cell]] = []
    for g in gs:
        a = d.smap.actor_by_id[g.subject]
        rows.append([d.actor(a.id), (fmt_num(a.formal_influence), "num"), a.engagement.label,
                     d.door(a.id)])
    return [*head, capped(rows, ["actor", ("formal influence", "num"), "engagement",
                                  "who can open the door"])]


def _resistant(d: PackData) -> list[Block]:
    gs = d.by_kind.get("resistant_influential", [])
    head = _head(f"4.5 Resistant influentials ({len(gs)})",
                 "A risk: hear their objections one to one before they spread.")
    if not gs:
        return [*head, none("No influential actor is resistant.")]
    rows: list[list[Cell]] = []
    for g in gs:
        a = d.smap.actor_by_id[g.subject]
        rows.append([d.actor(a.id), (fmt_num(a.influence), "num"), _notes(a), d.door(a.id)])
    return [*head, capped(rows, ["actor", ("influence", "num"), "note",
                                  "who can open the door"])]
