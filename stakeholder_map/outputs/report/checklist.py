"""Section 4 of the readiness pack: the readiness checklist, each item with its evidence.

The checklist is the Kehila Metiva guide's (seed 004): who was burned by an
earlier process that failed, which relationships are sensitive, whose
influence comes from personality rather than role — plus the two risks the
guide names among municipal role-holders: passive consent and resistance.
"""

from __future__ import annotations

from stakeholder_map.i18n import gettext as _
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
from stakeholder_map.outputs.labels import arrow, engagement_label
from stakeholder_map.outputs.report.sections import PackData, capped, none, yes_no

__all__ = ["checklist"]


def checklist(d: PackData) -> list[Block]:
    """The Kehila Metiva readiness checklist, each item with its evidence from the map."""
    return [*_burned(d), *_sensitive(d), *_informal(d), *_role_holders(d), *_resistant(d)]


def _notes(a: Actor) -> Inline:
    return User(a.notes) if a.notes else Styled(_("no note"), "none")


def _head(number: str, title: str, count: int, advice: str) -> list[Block]:
    """A checklist item's heading: its number, title and count, then what to do."""
    return [Heading(f"{number} " + title.format(n=fmt_num(count))), Para(advice, "muted")]


def _burned(d: PackData) -> list[Block]:
    burned = [a for a in d.smap.actors if a.burned]
    head = _head("4.1", _("Burned by an earlier process ({n})"), len(burned),
                 _("Were there similar processes that failed, and who was hurt by them? "
                   "Acknowledge it and show what is different before asking for support."))
    if not burned:
        return [*head, none(_("Nobody is marked as burned."))]
    burned.sort(key=lambda a: (-a.influence, a.name))
    rows: list[list[Cell]] = [[d.actor(a.id), engagement_label(a.engagement),
                               (fmt_num(a.influence), "num"), _notes(a)] for a in burned]
    return [*head, capped(rows, [_("actor"), _("engagement"), (_("influence"), "num"),
                                 _("what happened")])]


def _sensitive(d: PackData) -> list[Block]:
    flagged = {g.subject for g in d.by_kind.get("sensitive_relationship", [])}
    seen: dict[str, tuple[str, str, str]] = {}
    for tie in d.views.ties:
        if tie.type is TieType.TENSION and tie.source != tie.target:
            key = "|".join(sorted((tie.source, tie.target)))
            seen.setdefault(key, (tie.source, tie.target, tie.notes))
    head = _head("4.2", _("Sensitive relationships ({n})"), len(seen),
                 _("Approach both sides separately; do not seat them together first."))
    if not seen:
        return [*head, none(_("No tension ties are recorded."))]
    order = sorted(seen, key=lambda k: (k not in flagged, k))
    rows: list[list[Cell]] = []
    for key in order:
        a, b, note = seen[key]
        rows.append([d.actor(a), d.actor(b),
                     Styled(yes_no(True), tag="b") if key in flagged else yes_no(False),
                     User(note) if note else Styled(_("no note"), "none")])
    return [*head, capped(rows, [_("between"), _("and"), _("both still need engaging"),
                                 _("note")])]


def _informal(d: PackData) -> list[Block]:
    in_forum = {m.actor for f in d.smap.forums for m in f.members}
    flagged = {g.subject for g in d.by_kind.get("informal_influencer_unengaged", [])}
    people = sorted((a for a in d.smap.actors if a.informal_influence > a.formal_influence),
                    key=lambda a: (a.id not in flagged, -a.informal_influence, a.name))
    head = _head("4.3", _("Influence by personality rather than role ({n})"), len(people),
                 _("Figures worth talking to and recruiting, e.g. onto a task force. "
                   "Those not yet in any forum and below target come first."))
    if not people:
        return [*head, none(_("Nobody's informal influence exceeds their formal influence."))]
    rows: list[list[Cell]] = [
        [d.actor(a.id), (fmt_num(a.informal_influence), "num"),
         (fmt_num(a.formal_influence), "num"),
         f"{engagement_label(a.engagement)} {arrow()} {engagement_label(d.target(a))}",
         yes_no(True) if a.id in in_forum else Styled(yes_no(False), tag="b"),
         d.door(a.id) if a.id in flagged else Styled("—", "muted")]
        for a in people]
    return [*head, capped(rows, [_("actor"), (_("informal"), "num"), (_("formal"), "num"),
                                 _("now → target"), _("in a forum"),
                                 _("who can open the door")])]


def _role_holders(d: PackData) -> list[Block]:
    gs = d.by_kind.get("passive_role_holder", [])
    head = _head("4.4", _("Passive role-holders ({n})"), len(gs),
                 _("Public-sector role-holders with formal influence ≥ {cut} who give at most "
                   "passive consent; without them the plan will not be implemented.").format(
                       cut=fmt_num(d.thresholds.influence)))
    if not gs:
        return [*head, none(_("Every influential public role-holder is beyond passive "
                              "consent."))]
    rows: list[list[Cell]] = []
    for g in gs:
        a = d.smap.actor_by_id[g.subject]
        rows.append([d.actor(a.id), (fmt_num(a.formal_influence), "num"),
                     engagement_label(a.engagement), d.door(a.id)])
    return [*head, capped(rows, [_("actor"), (_("formal influence"), "num"), _("engagement"),
                                 _("who can open the door")])]


def _resistant(d: PackData) -> list[Block]:
    gs = d.by_kind.get("resistant_influential", [])
    head = _head("4.5", _("Resistant influentials ({n})"), len(gs),
                 _("A risk: hear their objections one to one before they spread."))
    if not gs:
        return [*head, none(_("No influential actor is resistant."))]
    rows: list[list[Cell]] = []
    for g in gs:
        a = d.smap.actor_by_id[g.subject]
        rows.append([d.actor(a.id), (fmt_num(a.influence), "num"), _notes(a), d.door(a.id)])
    return [*head, capped(rows, [_("actor"), (_("influence"), "num"), _("note"),
                                 _("who can open the door")])]
