"""The readiness scorecard: measured evidence for each condition of collective impact.

Kania & Kramer (2011) name five conditions of collective impact; four can be
read off a stakeholder map — a *common agenda*, *mutually reinforcing
activities*, *continuous communication* and *backbone support* (the fifth,
shared measurement, is not in the data). Hanleybrown, Kania & Kramer (2012)
add preconditions: an *influential champion* and *adequate financial
resources*. Each :class:`ScoreRow` pairs one of them with the numbers behind
it, a status (strong / partly / weak) from a rule that the row states in
words, and one sentence of advice.

The cut-offs are module constants so that a reader can find and argue with
them; they were set so that the bundled sample programmes, whose stories are
known from their source documents, land where those documents put them.

References
----------
Kania, J. & Kramer, M. (2011). Collective impact. *Stanford Social
Innovation Review* 9(1), 36–41.
Hanleybrown, F., Kania, J. & Kramer, M. (2012). Channeling change: making
collective impact work. *Stanford Social Innovation Review*.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum
from itertools import combinations

import pandas as pd

from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.analysis.structure import cut_off_by
from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds
from stakeholder_map.analysis.views import Views
from stakeholder_map.i18n import gettext as _
from stakeholder_map.i18n import ngettext
from stakeholder_map.model import Engagement, StakeholderMap, TieType
from stakeholder_map.outputs.html import fmt_num, fmt_share
from stakeholder_map.outputs.labels import engagement_label, sector_label

__all__ = ["ScoreRow", "Status", "readiness_scorecard"]

AGENDA_STRONG, AGENDA_PARTLY = 0.5, 0.25
"""Share of actors party to a live agreement for a strong / partly common agenda."""
CROSS_STRONG, CROSS_WEAK = 0.4, 0.2
"""Share of collaboration ties that cross sectors: at least this is strong / below this weak."""
UNTIED_STRONG, UNTIED_WEAK = 0.1, 0.5
"""Share of sector pairs with no tie: at most this is strong / more than this weak."""
REACH_STRONG, REACH_PARTLY = 0.8, 0.5
"""Share of actors within ``max_steps`` of the backbone for strong / partly communication."""
CHAMPIONS_STRONG, CHAMPIONS_PARTLY = 0.5, 0.25
"""Share of influential actors at ``active`` or above for strong / partly champions."""
CHAMPION = Engagement.ACTIVE
"""The level at which an actor carries work — a champion, not just a supporter."""
FUNDERS = "philanthropy"
"""The sector whose actors fund the programme."""


class Status(Enum):
    STRONG = "strong"
    PARTLY = "partly"
    WEAK = "weak"


@dataclass(frozen=True)
class ScoreRow:
    """One condition: its evidence (numbers, and lines a person reads), status, rule, advice.

    ``condition``, ``rule``, ``advice`` and ``evidence`` are in the language of the context
    that built the row; ``kind`` (``condition`` or ``precondition``) and ``numbers`` are
    identifiers. ``evidence`` lines may hold sector names from the workbook: escape them
    before they go into HTML.
    """

    condition: str
    kind: str
    status: Status
    rule: str
    advice: str
    evidence: tuple[str, ...] = ()
    numbers: dict[str, float | int | bool | None] = field(default_factory=dict)


def _pct(x: float) -> str:
    return fmt_share(x)


def _band(value: float, strong: float, partly: float) -> Status:
    if math.isnan(value) or value < partly:
        return Status.WEAK
    return Status.STRONG if value >= strong else Status.PARTLY


def readiness_scorecard(smap: StakeholderMap, metrics: Metrics, views: Views,
                        thresholds: Thresholds = DEFAULTS) -> list[ScoreRow]:
    """The six scorecard rows: four conditions of collective impact, then two preconditions.

    What it means for a programme: where the map already shows the conditions
    for working together, and where the readiness session should spend its time.
    """
    return [
        _common_agenda(smap, metrics),
        _reinforcing(smap, metrics),
        _communication(smap, metrics, views, thresholds),
        _backbone(smap, metrics, views, thresholds),
        _champions(smap, thresholds),
        _funders(smap, views, thresholds),
    ]


def _common_agenda(smap: StakeholderMap, metrics: Metrics) -> ScoreRow:
    coverage = float(metrics.network["agreement_coverage"])
    status = _band(coverage, AGENDA_STRONG, AGENDA_PARTLY)
    covered = 0 if math.isnan(coverage) else round(coverage * len(smap.actors))
    advice = {
        Status.STRONG: _("Most actors are bound by a live agreement: use the session to check "
                         "that they read the common agenda the same way."),
        Status.PARTLY: _("Bring the engaged actors who have not signed into the cooperation "
                         "agreement or protocol of intent."),
        Status.WEAK: _("Few actors are bound by a live agreement: draft a protocol of intent "
                       "that states the common agenda and each party's responsibility."),
    }[status]
    return ScoreRow(
        _("Common agenda"), "condition", status,
        _("agreement coverage: strong ≥ {strong}, partly ≥ {partly}, weak below").format(
            strong=_pct(AGENDA_STRONG), partly=_pct(AGENDA_PARTLY)),
        advice,
        (ngettext("agreement coverage {share} ({covered} of {n} actor party to a signed or "
                  "active agreement that has not expired)",
                  "agreement coverage {share} ({covered} of {n} actors party to a signed or "
                  "active agreement that has not expired)", len(smap.actors)).format(
             share=_pct(coverage), covered=fmt_num(covered), n=fmt_num(len(smap.actors))),),
        {"agreement_coverage": coverage})


def _reinforcing(smap: StakeholderMap, metrics: Metrics) -> ScoreRow:
    cross = float(metrics.network["cross_sector_share"])
    counts = metrics.sectors["actors"]
    mixing = metrics.mixing
    present = [str(s) for s in mixing.index if s in counts.index and counts[s] > 0]
    pairs = list(combinations(present, 2))
    cells, at = mixing.to_numpy(), {str(s): i for i, s in enumerate(mixing.index)}
    untied = [(a, b) for a, b in pairs if cells[at[a], at[b]] == 0]
    untied_share = len(untied) / len(pairs) if pairs else 0.0
    if math.isnan(cross) or cross < CROSS_WEAK or untied_share > UNTIED_WEAK:
        status = Status.WEAK
    elif cross >= CROSS_STRONG and untied_share <= UNTIED_STRONG:
        status = Status.STRONG
    else:
        status = Status.PARTLY
    names = {s.id: sector_label(s) for s in smap.sectors}
    evidence = [_("cross-sector share of collaboration ties {share}").format(share=_pct(cross)),
                ngettext("{untied} of {n} pair of present sectors has no tie",
                         "{untied} of {n} pairs of present sectors have no tie",
                         len(pairs)).format(untied=fmt_num(len(untied)), n=fmt_num(len(pairs)))]
    if untied:
        shown = ", ".join(f"{names.get(a, a)} – {names.get(b, b)}" for a, b in untied[:6])
        evidence.append(_("no tie: {pairs}").format(
            pairs=shown + (" …" if len(untied) > 6 else "")))
    advice = {
        Status.STRONG: _("Sectors already work across their lines: map the joint activities so "
                         "that each reinforces the others."),
        Status.PARTLY: _("Broker a first joint activity for the sector pairs that never work "
                         "together."),
        Status.WEAK: _("Work stays inside sectors: form cross-sector task forces before "
                       "dividing up activities."),
    }[status]
    return ScoreRow(
        _("Mutually reinforcing activities"), "condition", status,
        _("strong: cross-sector share ≥ {cross_strong} and ≤ {untied_strong} of sector pairs "
          "without a tie; weak: share < {cross_weak} or > {untied_weak} of pairs without a "
          "tie; partly otherwise").format(
            cross_strong=_pct(CROSS_STRONG), untied_strong=_pct(UNTIED_STRONG),
            cross_weak=_pct(CROSS_WEAK), untied_weak=_pct(UNTIED_WEAK)),
        advice, tuple(evidence),
        {"cross_sector_share": cross, "sector_pairs": len(pairs),
         "sector_pairs_without_ties": len(untied)})


def _backbone_distance(metrics: Metrics, backbone: str | None) -> pd.Series:
    if backbone is None or backbone not in metrics.actors.index:
        return pd.Series(dtype="Int64")
    return metrics.actors["distance_to_backbone"].drop(index=backbone)


def _communication(smap: StakeholderMap, metrics: Metrics, views: Views,
                   t: Thresholds) -> ScoreRow:
    n = len(smap.actors)
    pairs = {frozenset((x.source, x.target)) for x in views.ties
             if x.type is TieType.COMMUNICATION and x.source != x.target}
    density = len(pairs) / (n * (n - 1) / 2) if n > 1 else math.nan
    backbone = smap.backbone.id if smap.backbone else None
    dist = _backbone_distance(metrics, backbone)
    near = int((dist.dropna() <= t.max_steps).sum())
    reach = near / len(dist) if backbone and len(dist) else math.nan
    if backbone is None or not pairs or math.isnan(reach) or reach < REACH_PARTLY:
        status = Status.WEAK
    elif reach >= REACH_STRONG:
        status = Status.STRONG
    else:
        status = Status.PARTLY
    evidence = [ngettext("communication density {density} ({n} pair of actors in regular "
                         "contact; {per_actor} per actor)",
                         "communication density {density} ({n} pairs of actors in regular "
                         "contact; {per_actor} per actor)", len(pairs)).format(
                    density=fmt_num(density, 3), n=fmt_num(len(pairs)),
                    per_actor=fmt_num(2 * len(pairs) / n if n else 0, 1))
                if not math.isnan(density) else _("communication density –")]
    evidence.append(ngettext("backbone reach {share} ({near} of {n} actors within {steps} step "
                             "of the backbone)",
                             "backbone reach {share} ({near} of {n} actors within {steps} steps "
                             "of the backbone)", t.max_steps).format(
                        share=_pct(reach), near=fmt_num(near), n=fmt_num(len(dist)),
                        steps=fmt_num(t.max_steps)) if backbone
                    else _("no backbone named, so no backbone reach"))
    advice = {
        Status.STRONG: _("Information can flow: agree a regular rhythm of meetings and updates "
                         "so it keeps flowing."),
        Status.PARTLY: ngettext("Set up regular communication that reaches the actors more "
                                "than {steps} step from the backbone.",
                                "Set up regular communication that reaches the actors more "
                                "than {steps} steps from the backbone.", t.max_steps).format(
                                    steps=fmt_num(t.max_steps)),
        Status.WEAK: _("Much of the network is out of reach: start a regular channel (meeting, "
                       "newsletter) run by the backbone.") if backbone else
                     _("Name a backbone organisation to run the programme's communication."),
    }[status]
    return ScoreRow(
        _("Continuous communication"), "condition", status,
        _("strong: backbone reach ≥ {strong} and communication ties exist; weak: reach < "
          "{partly}, no communication ties or no backbone; partly otherwise").format(
            strong=_pct(REACH_STRONG), partly=_pct(REACH_PARTLY)),
        advice, tuple(evidence),
        {"communication_density": density, "communication_pairs": len(pairs),
         "backbone_reach": reach})


def _backbone(smap: StakeholderMap, metrics: Metrics, views: Views,
              t: Thresholds) -> ScoreRow:
    rule = _("weak: no backbone, a backbone without ties, or two or more of: engagement below "
             "{level}, single point of failure, betweenness ≥ {share}; partly: one of them; "
             "strong: none").format(level=engagement_label(CHAMPION),
                                    share=_pct(t.over_centralised))
    bb = smap.backbone
    if bb is None:
        return ScoreRow(_("Backbone support"), "condition", Status.WEAK, rule,
                        _("Name the coordinating organisation in the programme sheet (a row: "
                          "backbone, <actor id>) and give it staff time."),
                        (_("no backbone named in the programme sheet"),),
                        {"backbone_betweenness": None, "single_point_of_failure": None})
    row = metrics.actors.loc[[bb.id]].to_dict("records")[0]
    between = float(row["betweenness"])
    degree = int(row["degree"])
    rank = int((metrics.actors["betweenness"] > between).sum()) + 1
    cut = bool(row["articulation_point"])
    lost = cut_off_by(views.collaboration, [bb.id]).get(bb.id, (0, 0))[0] if cut else 0
    problems = [bb.engagement < CHAMPION, cut, between >= t.over_centralised]
    status = (Status.WEAK if degree == 0 or sum(problems) >= 2
              else Status.PARTLY if any(problems) else Status.STRONG)
    evidence = (
        _("backbone betweenness {value} (rank {rank} of {n})").format(
            value=fmt_num(between), rank=fmt_num(rank), n=fmt_num(len(metrics.actors))),
        ngettext("single point of failure: yes — {n} actor hangs on it",
                 "single point of failure: yes — {n} actors hang on it", lost).format(
                     n=fmt_num(lost)) if cut else _("single point of failure: no"),
        ngettext("backbone engagement: {level}; {n} working partner",
                 "backbone engagement: {level}; {n} working partners", degree).format(
                     level=engagement_label(bb.engagement), n=fmt_num(degree)),
    )
    if degree == 0:
        advice = _("The backbone works with nobody in the map yet: connect it to each sector.")
    elif cut:
        advice = _("Build second links around the backbone so that the actors who reach the "
                   "programme only through it are not stranded.")
    elif between >= t.over_centralised:
        advice = _("Most paths run through the backbone: help actors work with each other "
                   "directly.")
    elif bb.engagement < CHAMPION:
        advice = _("The backbone must carry the work: agree its mandate, staff and budget.")
    else:
        advice = _("The backbone is central without being a bottleneck: keep it that way.")
    return ScoreRow(_("Backbone support"), "condition", status, rule, advice, evidence,
                    {"backbone_betweenness": between, "single_point_of_failure": cut,
                     "actors_cut_off": lost})


def _champions(smap: StakeholderMap, t: Thresholds) -> ScoreRow:
    influential = [a for a in smap.actors if a.influence >= t.influence]
    active = [a for a in influential if a.engagement >= CHAMPION]
    share = len(active) / len(influential) if influential else math.nan
    status = _band(share, CHAMPIONS_STRONG, CHAMPIONS_PARTLY)
    advice = {
        Status.STRONG: _("Most influential actors carry the work: ask them to open doors to the "
                         "rest (section 3)."),
        Status.PARTLY: _("Win active consent from the influential actors still passive — "
                         "section 3 lists who first."),
        Status.WEAK: _("Few influential actors are on board: recruit a champion before launch "
                       "(section 3)."),
    }[status]
    return ScoreRow(
        _("Influential champions engaged"), "precondition", status,
        _("share of influential actors (influence ≥ {cut}) at {level} or above: strong ≥ "
          "{strong}, partly ≥ {partly}, weak below").format(
            cut=fmt_num(t.influence), level=engagement_label(CHAMPION),
            strong=_pct(CHAMPIONS_STRONG), partly=_pct(CHAMPIONS_PARTLY)),
        advice,
        (ngettext("{active} of {n} influential actor is {level} or {top} ({share})",
                  "{active} of {n} influential actors are {level} or {top} ({share})",
                  len(influential)).format(
             active=fmt_num(len(active)), n=fmt_num(len(influential)),
             level=engagement_label(CHAMPION), top=engagement_label(Engagement.LEADING),
             share=_pct(share)),),
        {"champions_share": share, "influential": len(influential), "champions": len(active)})


def _funders(smap: StakeholderMap, views: Views, t: Thresholds) -> ScoreRow:
    funders = [a for a in smap.actors if a.sector == FUNDERS]
    ids = {a.id for a in funders}
    funding = sum(1 for x in views.ties if x.type is TieType.FUNDING and x.source in ids)
    best = max((a.engagement for a in funders), default=None)
    engaged = [a for a in funders if a.engagement >= t.engaged]
    if best is not None and best >= CHAMPION:
        status = Status.STRONG
    elif best is not None and best >= t.engaged:
        status = Status.PARTLY
    else:
        status = Status.WEAK
    advice = {
        Status.STRONG: _("A funder is actively involved: agree multi-year support for the "
                         "backbone and shared measurement."),
        Status.PARTLY: _("Funders endorse but do not take part: invite one onto the "
                         "coordinating body."),
        Status.WEAK: _("No engaged funder: map the foundations and donors of the region and "
                       "brief them.") if funders else
                     _("No philanthropy actor is mapped: identify a funder before launch."),
    }[status]
    levels = {"champion": engagement_label(CHAMPION), "engaged": engagement_label(t.engaged)}
    present = ngettext("{n} philanthropy actor, {engaged} at {level} or above",
                       "{n} philanthropy actors, {engaged} at {level} or above",
                       len(funders)).format(n=fmt_num(len(funders)),
                                            engaged=fmt_num(len(engaged)),
                                            level=levels["engaged"])
    if best is not None:
        present = _("{facts} (highest: {level})").format(facts=present,
                                                         level=engagement_label(best))
    return ScoreRow(
        _("Funders present"), "precondition", status,
        _("strong: a philanthropy actor at {champion} or above; partly: one at {engaged}; "
          "weak: none present or none engaged").format(**levels),
        advice,
        (present,
         ngettext("{n} funding tie from them", "{n} funding ties from them", funding).format(
             n=fmt_num(funding))),
        {"funders": len(funders), "funders_engaged": len(engaged), "funding_ties": funding})
