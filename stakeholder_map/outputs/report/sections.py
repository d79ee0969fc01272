"""The text sections of the readiness pack: at a glance, who to mobilise, the gaps.

Each function takes the analysed map (:class:`PackData`) and returns plain
data: a list of blocks (:mod:`stakeholder_map.outputs.html`) that the pack's
template renders, escaping every string. Workbook text is wrapped in
:class:`~stakeholder_map.outputs.html.User` so that it takes its own direction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from stakeholder_map.analysis.gaps import Gap
from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.analysis.paths import WarmPath
from stakeholder_map.analysis.thresholds import Thresholds, target_engagement
from stakeholder_map.analysis.views import Views
from stakeholder_map.i18n import N_, ngettext
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import CORE_SECTORS, Actor, Engagement, ForumRole, StakeholderMap
from stakeholder_map.outputs.html import (
    BR,
    Block,
    Cell,
    Heading,
    Inline,
    Items,
    Para,
    Seq,
    Styled,
    Table,
    User,
    fmt_date,
    fmt_num,
    fmt_share,
    fmt_signed,
    sentence,
)
from stakeholder_map.outputs.labels import (
    agreement_status_label,
    arrow,
    engagement_label,
    fill,
    sector_label,
)

__all__ = ["MOBILISE_KINDS", "PackData", "capped", "counted", "gaps_section", "glance",
           "joined", "library_text", "mobilise", "none", "top_actors", "yes_no"]

MOBILISE_KINDS = ("passive_influential", "resistant_influential",
                  "informal_influencer_unengaged", "passive_role_holder", "actor_engagement_gap")
"""Gap kinds about one actor that say: this actor needs mobilising."""
KIND_LABELS = {
    "passive_influential": N_("influential, passive"),
    "resistant_influential": N_("influential, resistant"),
    "informal_influencer_unengaged": N_("informal influencer"),
    "passive_role_holder": N_("passive role-holder"),
    "actor_engagement_gap": N_("below target"),
}
"""The short tag section 3 shows for each mobilising gap kind (translated where shown)."""
TOP_ACTORS = 12
"""How many actors section 3 lists."""
MAX_ROWS = 30
"""Longest list in any table; the rest is counted, and `stakeholder-map gaps` has them all."""
MAX_PARTIES = 10
_DOOR = re.compile(r" — (?:ask .+ to introduce you|the backbone can approach them directly"
                   r"|no warm path yet; start with .+)\.$", re.S)
"""The "who opens the door" tail of a gap suggestion, which section 3 shows in its own column."""


@dataclass
class PackData:
    """Everything the sections read, computed once."""

    smap: StakeholderMap
    views: Views
    metrics: Metrics
    gaps: list[Gap]
    paths: dict[str, WarmPath]
    thresholds: Thresholds
    notes: list[str] = field(default_factory=list)

    @cached_property
    def by_kind(self) -> dict[str, list[Gap]]:
        out: dict[str, list[Gap]] = defaultdict(list)
        for g in self.gaps:
            out[g.kind].append(g)
        return out

    def sector(self, sid: str) -> str:
        """A sector's display name: the workbook's, or a default sector's in the reader's
        language."""
        return sector_label(self.smap.sector_by_id.get(sid), sid)

    def name(self, aid: str) -> str:
        a = self.smap.actor_by_id.get(aid)
        return a.name if a else aid

    def actor(self, aid: str, detail: bool = True) -> Inline:
        """An actor: the name, and below it sector · role."""
        a = self.smap.actor_by_id.get(aid)
        if a is None:
            return User(aid)
        if not detail:
            return User(a.name)
        extra = (User(self.sector(a.sector)),) + ((User(a.role),) if a.role else ())
        return Seq((User(a.name, bold=True), BR, Styled(Seq(extra, " · "), "muted")))

    def target(self, a: Actor) -> Engagement:
        return target_engagement(a, self.smap.programme.backbone, self.thresholds)

    def door(self, aid: str) -> Inline:
        """Who can introduce the facilitator to ``aid``: the warm path, or where to start."""
        if self.smap.backbone is None:
            return Styled(_("no backbone named, so no warm path"), "none")
        wp = self.paths.get(aid)
        if wp is None or (not wp.found and wp.nearest_engaged is None):
            return Styled(_("no engaged actor is connected to them: find a bridge"), "none")
        if not wp.found:
            steps = wp.steps or 0
            return fill(ngettext("no warm path yet; start with {name} ({steps} step away)",
                                 "no warm path yet; start with {name} ({steps} steps away)",
                                 steps),
                        name=User(self.name(wp.nearest_engaged or "")), steps=fmt_num(steps))
        chain = Seq(tuple(User(self.name(x)) for x in wp.path), f" {arrow()} ")
        if wp.introducer is None:
            return Styled(chain, "path")
        lead: Inline
        if wp.introducer == self.smap.programme.backbone:
            lead = _("the backbone can approach them directly")
        else:
            lead = fill(_("ask {name} to introduce you"),
                        name=User(self.name(wp.introducer), bold=True))
        return Seq((lead, BR, Styled(chain, "path muted")))


def capped(rows: Sequence[Sequence[Cell]], head: Sequence[Cell], cls: str = "") -> Table:
    """A table of at most ``MAX_ROWS`` rows that says how many more there are."""
    return Table(head, rows[:MAX_ROWS], cls=cls, total=len(rows),
                 more=max(0, len(rows) - MAX_ROWS))


def none(text: Inline) -> Para:
    """A paragraph saying there is nothing to list."""
    return Para(text, "none")


def joined(items: Iterable[Inline], empty: Inline = "", sep: str = ", ") -> Inline:
    """Items one after another with ``sep`` between them; ``empty`` when there are none."""
    parts = tuple(items)
    return Seq(parts, sep) if parts else empty


def _level(a: Actor) -> str:
    return engagement_label(a.engagement)


# --- 1. at a glance --------------------------------------------------------------------


def glance(d: PackData) -> list[Block]:
    """Actors per sector and engagement level, the backbone, forums and agreements."""
    smap, t = d.smap, d.thresholds
    counts = Counter((a.sector, a.engagement) for a in smap.actors)
    per_sector = Counter(a.sector for a in smap.actors)
    sectors = [s.id for s in smap.sectors if per_sector[s.id] or s.id in CORE_SECTORS]
    sectors += sorted(set(per_sector) - set(sectors))
    rows: list[list[Cell]] = []
    for sid in sectors:
        cells: list[Cell] = [User(d.sector(sid))]
        for level in Engagement:
            n = counts[(sid, level)]
            cells.append((fmt_num(n), "num" if n else "num zero"))
        engaged = sum(counts[(sid, lv)] for lv in Engagement if lv >= t.engaged)
        total = per_sector[sid]
        cells.append((fmt_num(total), "num"))
        cells.append((fmt_share(engaged / total) if total else _("none mapped"), "num"))
        rows.append(cells)
    totals: list[Cell] = [_("all sectors")]
    totals += [(fmt_num(sum(counts[(s, lv)] for s in sectors)), "num") for lv in Engagement]
    engaged_all = sum(1 for a in smap.actors if a.engagement >= t.engaged)
    totals += [(fmt_num(len(smap.actors)), "num"),
               (fmt_share(engaged_all / len(smap.actors)) if smap.actors else "–", "num")]
    head: list[Cell] = [_("sector"), *((engagement_label(lv), "num") for lv in Engagement),
                        (_("actors"), "num"),
                        (_("{level} or above").format(level=engagement_label(t.engaged)), "num")]
    return [Heading(_("Actors per sector and engagement level")),
            Table(head, rows, cls="levels", summary=totals),
            Heading(_("The backbone")), _backbone(d),
            Heading(counted(_("Forums ({n})"), len(smap.forums))), _forums(d),
            Heading(counted(_("Agreements ({n})"), len(smap.agreements))), _agreements(d)]


def counted(heading: str, n: int) -> str:
    """A translated heading with its count filled in (``"Forums ({n})"`` → ``"Forums (3)"``)."""
    return heading.format(n=fmt_num(n))


def _backbone(d: PackData) -> Block:
    bb = d.smap.backbone
    if bb is None:
        return none(fill(_("No backbone is named: add a row {row} to the programme sheet. Warm "
                           "paths and backbone reach need one."),
                         row=Styled("backbone, <actor id>", tag="code")))
    row = d.metrics.actors.loc[[bb.id]].to_dict("records")[0]
    forums = [f for f in d.smap.forums if any(m.actor == bb.id for m in f.members)]
    partners, member_of = int(row["degree"]), len(forums)
    return Para(Seq((d.actor(bb.id), BR,
                     fill(_("engagement {level}"), level=Styled(_level(bb), tag="b")), "; ",
                     ngettext("{n} working partner", "{n} working partners", partners).format(
                         n=fmt_num(partners)), "; ",
                     ngettext("member of {n} forum.", "member of {n} forums.", member_of).format(
                         n=fmt_num(member_of)))))


def _forums(d: PackData) -> Block:
    if not d.smap.forums:
        return none(_("No forums, committees or task forces are recorded."))
    rows: list[list[Cell]] = []
    for f in d.smap.forums:
        sectors = {d.smap.actor_by_id[m.actor].sector for m in f.members
                   if m.actor in d.smap.actor_by_id}
        chairs = [m.actor for m in f.members if m.role is ForumRole.CHAIR]
        missing = [s for s in f.required if s not in sectors]
        rows.append([User(f.name or f.id), User(f.kind), (fmt_num(len(f.members)), "num"),
                     joined((User(d.name(c)) for c in chairs), Styled(_("none"), "none")),
                     joined(User(d.sector(s)) for s in sorted(sectors)),
                     joined((User(d.sector(s)) for s in missing), "—")])
    return capped(rows, [_("forum"), _("kind"), (_("members"), "num"), _("chair"),
                         _("sectors present"), _("required but missing")])


def _agreements(d: PackData) -> Block:
    if not d.smap.agreements:
        return none(_("No agreements are recorded."))
    rows: list[list[Cell]] = []
    for g in d.smap.agreements:
        parties = [User(d.name(p.actor)) for p in g.parties]
        shown = joined(parties[:MAX_PARTIES])
        if len(parties) > MAX_PARTIES:
            shown = Seq((shown, " ", _("and {n} more").format(
                n=fmt_num(len(parties) - MAX_PARTIES))))
        rows.append([User(g.title or g.id), User(g.kind), agreement_status_label(g.status),
                     fmt_date(g.signed), fmt_date(g.expires), shown])
    return capped(rows, [_("agreement"), _("kind"), _("status"), _("signed"), _("expires"),
                         _("parties")])


# --- 3. who to mobilise first ------------------------------------------------------------


def top_actors(gaps: Iterable[Gap], limit: int = TOP_ACTORS) -> list[tuple[str, list[Gap]]]:
    """Actors ranked by their most severe mobilising gap, then by how many kinds they have.

    >>> g = [Gap("passive_influential", "a", 0.8), Gap("actor_engagement_gap", "b", 0.8),
    ...      Gap("passive_role_holder", "b", 0.6), Gap("burned", "c", 1.0)]
    >>> [aid for aid, _ in top_actors(g)]
    ['b', 'a']
    """
    per: dict[str, list[Gap]] = defaultdict(list)
    for g in gaps:
        if g.kind in MOBILISE_KINDS:
            per[g.subject].append(g)
    ranked = sorted(per.items(), key=lambda kv: (-max(g.severity for g in kv[1]),
                                                 -len(kv[1]),
                                                 -sum(g.severity for g in kv[1]), kv[0]))
    return [(aid, sorted(gs, key=lambda g: -g.severity)) for aid, gs in ranked[:limit]]


def mobilise(d: PackData) -> list[Block]:
    """The actors to win first, why, and who can open the door."""
    ranked = top_actors(d.gaps)
    if not ranked:
        return [none(_("No actor is below its target engagement: nobody needs mobilising."))]
    rows: list[list[Cell]] = []
    for i, (aid, gs) in enumerate(ranked, 1):
        a = d.smap.actor_by_id[aid]
        tags = Seq(tuple(Styled(_(KIND_LABELS[g.kind]), "tag") for g in gs))
        wp = d.paths.get(aid)
        names = [a.name, a.role, *(d.name(x) for x in (wp.path if wp else ()))]
        if wp and wp.nearest_engaged:
            names.append(d.name(wp.nearest_engaged))
        why = list(dict.fromkeys(_DOOR.sub(".", g.suggestion) for g in gs if g.suggestion))
        reasons = Items(tuple(library_text(sentence(s, names)) for s in why[:3]))
        rows.append([(fmt_num(i), "num"), d.actor(aid),
                     Seq((_level(a), f" {arrow()} ",
                          Styled(engagement_label(d.target(a)), tag="b"))),
                     (f"{fmt_num(a.formal_influence)} / {fmt_num(a.informal_influence)}", "num"),
                     Seq((tags, reasons)), d.door(aid)])
    total = len({g.subject for g in d.gaps if g.kind in MOBILISE_KINDS})
    lead = Para(ngettext("{shown} of the {n} actor below their target, most severe gap first "
                         "(influence by position / by personality).",
                         "{shown} of the {n} actors below their target, most severe gap first "
                         "(influence by position / by personality).", total).format(
                             shown=fmt_num(len(ranked)), n=fmt_num(total)))
    return [lead, Table(["#", _("actor"), _("now → target"), (_("influence"), "num"), _("why"),
                         _("who can open the door")], rows, cls="mobilise")]


# --- 5. sector, forum and agreement gaps --------------------------------------------------


def _pair(d: PackData, subject: str, sectors: bool) -> tuple[Inline, Inline]:
    a, _, b = subject.partition("|")
    if sectors:
        return User(d.sector(a)), User(d.sector(b))
    return d.actor(a, detail=False), d.actor(b, detail=False)


def gaps_section(d: PackData) -> list[Block]:
    """Missing sectors, forum gaps, untied and siloed sectors; agreements to renew or complete."""
    k = d.by_kind
    missing = k.get("missing_sector", [])
    out: list[Block] = [Heading(counted(_("Missing sectors ({n})"), len(missing)))]
    out.append(capped([[User(d.sector(g.subject)),
                         (fmt_num(g.evidence.get("actors", 0)), "num"),
                         library_text(g.suggestion)] for g in missing],
                       [_("sector"), (_("actors"), "num"), _("what to do")])
               if missing else none(_("Every core sector has an engaged actor.")))
    forums = k.get("forum_sector_gap", [])
    by_id = {f.id: f for f in d.smap.forums}
    out.append(Heading(counted(_("Forums lacking a sector ({n})"), len(forums))))
    rows: list[list[Cell]] = []
    for g in forums:
        forum = by_id.get(g.subject)
        lacking = [d.sector(x) for x in g.evidence.get("missing_sectors", [])]
        chairs = [d.sector(x) for x in g.evidence.get("chair_sectors", [])]
        todo: list[Inline] = []
        if lacking:
            todo.append(fill(_("invite {sectors}"), sectors=joined(User(m) for m in lacking)))
        if len(chairs) == 1 and (forum is None or len(forum.required) > 1):
            todo.append(fill(_("add a co-chair from outside {sector}"), sector=User(chairs[0])))
        rows.append([User(forum.name or forum.id) if forum else User(g.subject),
                     joined((User(m) for m in lacking), "—"),
                     joined((User(c) for c in chairs), "—"), joined(todo, sep="; ")])
    out.append(capped(rows, [_("forum"), _("missing sectors"), _("chaired by"), _("what to do")])
               if forums else none(_("Every forum includes the sectors it requires.")))
    pairs = k.get("sector_pair_without_ties", [])
    out.append(Heading(counted(_("Sector pairs that never work together ({n})"), len(pairs))))
    out.append(capped([[*_pair(d, g.subject, True),
                         yes_no(all(x in CORE_SECTORS for x in g.subject.split("|")))]
                        for g in pairs], [_("sector"), _("and sector"), _("both core sectors")])
               if pairs else none(_("Every two sectors present share at least one tie.")))
    silos = k.get("siloed_sector", [])
    out.append(Heading(counted(_("Siloed sectors ({n})"), len(silos))))
    out.append(capped([[User(d.sector(g.subject)),
                         (fmt_num(g.evidence.get("ei_index")), "num"),
                         (_count(g.evidence.get("internal_ties")), "num"),
                         (_count(g.evidence.get("external_ties")), "num")] for g in silos],
                       [_("sector"), (_("E-I index"), "num"), (_("ties inside"), "num"),
                        (_("ties out"), "num")])
               if silos else none(_("No sector's E-I index is below {cut}.").format(
                   cut=fmt_signed(d.thresholds.siloed_ei, 1))))
    out += _agreement_gaps(d)
    return out


def _agreement_gaps(d: PackData) -> list[Block]:
    k = d.by_kind
    by_id = {g.id: g for g in d.smap.agreements}

    def title(aid: str) -> User:
        g = by_id.get(aid)
        return User((g.title or g.id) if g else aid)

    expiring = k.get("agreement_expiring", [])
    out: list[Block] = [Heading(counted(_("Agreements to renew ({n})"), len(expiring)))]
    rows: list[list[Cell]] = []
    for g in expiring:
        days = int(g.evidence.get("days_left", 0))
        when = (ngettext("expired {n} day ago", "expired {n} days ago", -days) if days < 0
                else ngettext("{n} day left", "{n} days left", days)).format(n=fmt_num(abs(days)))
        rows.append([title(g.subject), fmt_date_text(g.evidence.get("expires", "")),
                     (when, "num"), (_count(g.evidence.get("parties")), "num")])
    days_ahead = d.thresholds.expiry_days
    out.append(capped(rows, [_("agreement"), _("expires"), (_("when"), "num"),
                             (_("parties"), "num")])
               if rows else none(ngettext("No agreement expires within {n} day.",
                                          "No agreement expires within {n} days.",
                                          days_ahead).format(n=fmt_num(days_ahead))))
    vague = k.get("party_without_responsibility", [])
    out.append(Heading(counted(_("Agreements to complete ({n})"), len(vague))))
    out.append(capped([[title(g.subject),
                         joined(User(d.name(p)) for p in g.evidence.get("parties", []))]
                        for g in vague],
                       [_("agreement"), _("parties without a zone of responsibility")])
               if vague else none(_("Every party has a zone of responsibility.")))
    loose = k.get("collaboration_without_agreement", [])
    out.append(Heading(counted(_("Collaboration without an agreement ({n})"), len(loose))))
    out.append(capped([[*_pair(d, g.subject, False),
                         joined((User(d.sector(s)) for s in g.evidence.get("sectors", [])),
                                sep=" – ")]
                        for g in loose], [_("actor"), _("and actor"), _("sectors")])
               if loose else none(_("Every cross-sector collaboration is covered by an "
                                    "agreement.")))
    return out


def library_text(text: Inline) -> Seq:
    """A sentence the analysis library wrote (a gap's suggestion), isolated (FSI … PDI) so it
    takes the direction of its own words: until the library speaks the reader's language, an
    English sentence in a Hebrew pack still reads left to right, its full stop at its end."""
    return Seq(("\u2068", text, "\u2069"))


def yes_no(value: bool) -> str:
    """``yes`` or ``no`` in the reader's language."""
    return _("yes") if value else _("no")


def _count(value: object) -> str:
    """A count from a gap's evidence, formatted; empty when the evidence has none."""
    return fmt_num(int(value)) if isinstance(value, (int, float)) else ""


def fmt_date_text(value: object) -> str:
    """A date from a gap's evidence (ISO text), as the reader's language writes it."""
    if isinstance(value, dt.date):
        return fmt_date(value)
    try:
        return fmt_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)
