"""Whole gaps — kind, subject, severity, evidence, the sentence a facilitator reads, who
opens the door — on tiny hand-built maps, so that any change to a finder shows.

Severities are worked out in the comments from the formulas documented in
:mod:`stakeholder_map.analysis.gaps`; the sentences are the templates filled in by hand.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from stakeholder_map.analysis.gaps import GAP_KINDS, Gap, find_gaps, subject_names
from stakeholder_map.errors import UnknownGapKind
from stakeholder_map.model import (
    Actor,
    Agreement,
    AgreementParty,
    AgreementStatus,
    Engagement,
    Forum,
    ForumMember,
    ForumRole,
    Programme,
    StakeholderMap,
    Tie,
    TieType,
)

E = Engagement
AS_OF = dt.date(2025, 6, 30)
C = TieType.COLLABORATION


def a(aid: str, name: str, sector: str, level: Engagement, formal: float = 1.0,
      informal: float = 0.0, **kw: object) -> Actor:
    return Actor(aid, name, sector, formal_influence=formal,  # type: ignore[arg-type]
                 informal_influence=informal, engagement=level, **kw)


def m(actors: list[Actor], ties: list[Tie], **kw: object) -> StakeholderMap:
    return StakeholderMap(tuple(actors), tuple(ties),
                          tuple(kw.get("agreements", ())),  # type: ignore[arg-type]
                          tuple(kw.get("forums", ())),  # type: ignore[arg-type]
                          Programme("T", kw.get("backbone", "bb"), AS_OF))  # type: ignore[arg-type]


BB = a("bb", "Hub", "civil_society", E.LEADING, 4)
ACTOR_KINDS = ["actor_engagement_gap", "passive_influential", "resistant_influential",
               "informal_influencer_unengaged"]


def test_actor_gaps_in_full() -> None:
    smap = m([BB, a("pub", "Town Hall", "public", E.PASSIVE, 3),
              a("res", "Rival Co", "business", E.RESISTANT, 1, 4)],
             [Tie("bb", "pub", C), Tie("bb", "res", C)])
    direct = " — the backbone can approach them directly."
    pub_ev = {"engagement": "passive", "target": "active", "formal_influence": 3.0,
              "informal_influence": 0.0}
    res_ev = {"engagement": "resistant", "target": "active", "formal_influence": 1.0,
              "informal_influence": 4.0}
    assert find_gaps(smap, kinds=ACTOR_KINDS) == [
        # 0.2 + influence 4 / 5
        Gap("resistant_influential", "res", 1.0, res_ev,
            "Rival Co is influential and resistant: hear their objections one to one before "
            "they spread" + direct, "bb"),
        # informal 4 / 5
        Gap("informal_influencer_unengaged", "res", 0.8, {**res_ev, "forums": 0},
            "Rival Co's influence comes from personality, not position: talk to them and "
            "offer a seat on a task force" + direct, "bb"),
        # influence 3 / 5
        Gap("passive_influential", "pub", 0.6, pub_ev,
            "Town Hall carries weight (influence 3) but is passive: meet them and ask for "
            "active consent" + direct, "bb"),
        # 3 steps (resistant → active) / 5 × (1 + 4) / 6
        Gap("actor_engagement_gap", "res", 0.5, {**res_ev, "steps": 3},
            "Move Rival Co from resistant to active: meet them one to one to hear their "
            "objections" + direct, "bb"),
        # 2 steps / 5 × (1 + 3) / 6 = 0.26667
        Gap("actor_engagement_gap", "pub", 0.2667, {**pub_ev, "steps": 2},
            "Move Town Hall from passive to active: invite them onto a committee or task "
            "force" + direct, "bb"),
    ]


def test_who_opens_the_door() -> None:
    # bb – door(active) – x;  bb – z(supportive) – y;  act2(active) – y2;  w alone
    smap = m([BB, a("door", "Door Org", "public", E.ACTIVE),
              a("x", "Xena", "public", E.UNAWARE), a("z", "Zed", "public", E.SUPPORTIVE),
              a("y", "Yusuf", "public", E.PASSIVE), a("act2", "Act Two", "public", E.ACTIVE),
              a("y2", "Yara", "public", E.RESISTANT), a("w", "Wanda", "public", E.PASSIVE)],
             [Tie("bb", "door", C), Tie("door", "x", C), Tie("bb", "z", C), Tie("z", "y", C),
              Tie("act2", "y2", TieType.INFLUENCE)])
    got = {g.subject: g for g in find_gaps(smap, kinds=["actor_engagement_gap"])}
    assert set(got) == {"x", "y", "y2", "w"}
    assert (got["x"].suggestion, got["x"].introducer) == (
        "Move Xena from unaware to supportive: brief them on the common agenda — ask Door "
        "Org to introduce you.", "door")
    # 3 steps / 5 × 2 / 6
    assert got["x"].severity == 0.2
    assert (got["y"].suggestion, got["y"].introducer) == (
        "Move Yusuf from passive to supportive: invite them onto a committee or task force"
        " — no warm path yet; start with Hub.", "")
    assert (got["y2"].suggestion, got["y2"].introducer) == (
        "Move Yara from resistant to supportive: meet them one to one to hear their "
        "objections — no warm path yet; start with Act Two.", "")
    assert (got["w"].suggestion, got["w"].introducer) == (
        "Move Wanda from passive to supportive: invite them onto a committee or task "
        "force.", "")


def test_without_a_backbone_nobody_opens_a_door() -> None:
    smap = m([BB, a("x", "Xena", "public", E.PASSIVE)], [Tie("bb", "x", C)], backbone=None)
    [gap] = find_gaps(smap, kinds=["actor_engagement_gap"])
    assert (gap.suggestion, gap.introducer) == (
        "Move Xena from passive to supportive: invite them onto a committee or task "
        "force.", "")
    # nor is any gap about the backbone: far_from_backbone and over_centralised need one
    assert not [g for g in find_gaps(smap) if g.kind in ("far_from_backbone",
                                                          "over_centralised")]


def test_a_backbone_that_is_not_an_actor_counts_as_none() -> None:
    smap = m([BB, a("x", "Xena", "public", E.ACTIVE)], [Tie("bb", "x", C)], backbone="ghost")
    assert find_gaps(smap, kinds=["actor_engagement_gap", "far_from_backbone"]) == []


def test_sector_gaps_in_full() -> None:
    # civil society: bb, c2 (c2 passive); public: p (passive, the only one);
    # community: r1, r2 tied to each other and r1 to bb → E-I = (1 − 1)/2 = 0
    smap = m([BB, a("c2", "Club", "civil_society", E.ACTIVE), a("p", "Parish", "public",
                                                                   E.PASSIVE),
              a("r1", "Residents", "community", E.ACTIVE),
              a("r2", "Tenants", "community", E.ACTIVE)],
             [Tie("bb", "c2", C), Tie("bb", "p", C), Tie("r1", "r2", C), Tie("r1", "bb", C)])
    got = find_gaps(smap, kinds=["missing_sector", "sector_pair_without_ties",
                                 "siloed_sector"])
    assert got == [
        Gap("missing_sector", "academia", 1.0, {"actors": 0, "engaged": 0},
            "No academia actor is mapped: find and invite at least one."),
        Gap("missing_sector", "business", 1.0, {"actors": 0, "engaged": 0},
            "No business actor is mapped: find and invite at least one."),
        Gap("missing_sector", "philanthropy", 1.0, {"actors": 0, "engaged": 0},
            "No philanthropy actor is mapped: find and invite at least one."),
        Gap("missing_sector", "public", 0.8, {"actors": 1, "engaged": 0},
            "The 1 public actor(s) are all below supportive: win one champion in this "
            "sector."),
        Gap("sector_pair_without_ties", "community|public", 0.3, {"ties": 0},
            "No public actor works with any community actor: broker a first joint "
            "activity."),
    ]


def test_a_siloed_sector_in_full() -> None:
    # civil society: bb, c1, c2, c3 in a triangle c1–c2–c3 plus bb–c1, and bb–p:
    # internal 4, external 1 → E-I = (1 − 4)/5 = −0.6
    smap = m([BB, a("c1", "One", "civil_society", E.ACTIVE),
              a("c2", "Two", "civil_society", E.ACTIVE),
              a("c3", "Three", "civil_society", E.ACTIVE), a("p", "Parish", "public",
                                                              E.ACTIVE)],
             [Tie("bb", "c1", C), Tie("c1", "c2", C), Tie("c2", "c3", C), Tie("c1", "c3", C),
              Tie("bb", "p", C)])
    assert find_gaps(smap, kinds=["siloed_sector"]) == [
        Gap("siloed_sector", "civil_society", 0.6,
            {"ei_index": -0.6, "internal_ties": 4, "external_ties": 1},
            "The civil society sector works mostly with itself: pair its actors with other "
            "sectors in task forces.")]


def test_forum_gap_in_full() -> None:
    members = (ForumMember("bb", ForumRole.CHAIR), ForumMember("c2", ForumRole.CHAIR),
               ForumMember("p", ForumRole.MEMBER))
    smap = m([BB, a("c2", "Club", "civil_society", E.ACTIVE),
              a("p", "Parish", "public", E.ACTIVE)], [Tie("bb", "p", C)],
             forums=[Forum("wg", "Working group", members=members),
                     Forum("tf", "", required_sectors=("public", "civil_society"),
                           members=members)])
    assert find_gaps(smap, kinds=["forum_sector_gap"]) == [
        # 3 of the 5 core sectors missing
        Gap("forum_sector_gap", "wg", 0.6,
            {"missing_sectors": ["business", "academia", "philanthropy"],
             "chair_sectors": ["civil_society"], "members": 3},
            "Working group: invite business, academia, philanthropy and add a co-chair from "
            "outside civil society."),
        Gap("forum_sector_gap", "tf", 0.3,
            {"missing_sectors": [], "chair_sectors": ["civil_society"], "members": 3},
            "tf: add a co-chair from outside civil society."),
    ]


def test_a_forum_with_no_required_sector_has_no_gap() -> None:
    smap = m([BB], [], forums=[Forum("open", "Open", required_sectors=(),
                                     members=(ForumMember("bb", ForumRole.CHAIR),))])
    assert find_gaps(smap, kinds=["forum_sector_gap"]) == []


def test_agreement_gaps_in_full() -> None:
    smap = m([BB, a("p", "Parish", "public", E.ACTIVE), a("q", "Quarry", "business",
                                                          E.ACTIVE)],
             [Tie("bb", "p", C, 2), Tie("p", "bb", C, 5), Tie("q", "bb", C)],
             agreements=[
                 Agreement("old", "Old pact", expires=AS_OF - dt.timedelta(days=3),
                           parties=(AgreementParty("bb", "x"), AgreementParty("q", "y"))),
                 Agreement("gone", "", status=AgreementStatus.EXPIRED,
                           parties=(AgreementParty("bb", ""), AgreementParty("p", " "))),
                 Agreement("soon", "", status=AgreementStatus.ACTIVE,
                           expires=AS_OF + dt.timedelta(days=45),
                           parties=(AgreementParty("q", "z"),))])
    assert find_gaps(smap, kinds=["collaboration_without_agreement", "agreement_expiring",
                                  "party_without_responsibility"]) == [
        Gap("agreement_expiring", "old", 1.0,
            {"expires": "2025-06-27", "days_left": -3, "parties": 2},
            "Old pact expired on 2025-06-27: agree a renewal with its 2 parties."),
        # 1 − 45/91
        Gap("agreement_expiring", "soon", 0.5055,
            {"expires": "2025-08-14", "days_left": 45, "parties": 1},
            "soon expires on 2025-08-14: agree a renewal with its 1 parties."),
        # the first tie of the pair counts: 0.2 + 0.1 × 2
        Gap("collaboration_without_agreement", "bb|p", 0.4,
            {"weight": 2.0, "sectors": ["civil_society", "public"]},
            "Hub and Parish collaborate across sectors without an agreement: write down who "
            "does what."),
        Gap("party_without_responsibility", "gone", 0.3, {"parties": ["bb", "p"]},
            "gone: agree a zone of responsibility with Hub, Parish."),
    ]


def test_structure_gaps_in_full() -> None:
    # bb – h – f1 – f2, h – f3; u – v apart; lone with no tie; t with only a tension tie
    smap = m([BB, a("h", "Hinge", "public", E.ACTIVE), a("f1", "Far One", "public", E.ACTIVE),
              a("f2", "Far Two", "public", E.ACTIVE, 3),
              a("f3", "Side", "public", E.ACTIVE),
              a("u", "Island", "public", E.ACTIVE), a("v", "Isle", "public", E.ACTIVE),
              a("lone", "Loner", "business", E.UNAWARE, 2),
              a("t", "Tense", "business", E.ACTIVE)],
             [Tie("bb", "h", C), Tie("h", "f1", C), Tie("f1", "f2", C), Tie("h", "f3", C),
              Tie("u", "v", C), Tie("bb", "t", TieType.TENSION)])
    got = find_gaps(smap, kinds=["isolate", "single_point_of_failure", "far_from_backbone",
                                 "over_centralised"])
    cut = {g.subject: g for g in got if g.kind == "single_point_of_failure"}
    # without h: {bb}, {f1, f2}, {f3} → bb and f3 are outside the largest piece, 2 of the
    # 4 others; without f1: f2 (1 of 4). bb has one collaboration tie: no cut point.
    assert set(cut) == {"h", "f1"}
    assert cut["h"] == Gap("single_point_of_failure", "h", 0.65,
                           {"actors_cut_off": 2, "component_size": 5, "backbone": False},
                           "Without Hinge, 2 actor(s) lose their only link to the rest: build "
                           "a second link.")
    assert cut["f1"].severity == 0.475          # 0.3 + 0.7 × 1/4
    far = {g.subject: g for g in got if g.kind == "far_from_backbone"}
    # isolates are reported once, as isolates; f2 is 3 steps away: 0.15 × (3 − 2) + 3/10;
    # u and v have no path at all: 0.5 + influence/10
    assert set(far) == {"f2", "u", "v"}
    assert far["f2"] == Gap("far_from_backbone", "f2", 0.45, {"distance": 3, "influence": 3.0},
                            "Far Two is 3 steps from the backbone: shorten the chain.", "")
    assert far["u"] == Gap("far_from_backbone", "u", 0.6, {"distance": None, "influence": 1.0},
                           "Island has no path to the backbone at all: find one bridge to "
                           "them.", "")
    assert [g for g in got if g.kind == "isolate"] == [
        # 0.4 + influence/10
        Gap("isolate", "lone", 0.6, {"influence": 2.0, "engagement": "unaware"},
            "Loner works with nobody in the map: connect them to one active actor."),
        Gap("isolate", "t", 0.5, {"influence": 1.0, "engagement": "active"},
            "Tense works with nobody in the map: connect them to one active actor."),
    ]
    # bb lies on the paths of h's side with nobody: share 0, not over-centralised
    assert not [g for g in got if g.kind == "over_centralised"]


def test_the_backbone_as_a_single_point_of_failure_in_full() -> None:
    smap = m([BB, a("x", "Ex", "public", E.ACTIVE), a("y", "Why", "public", E.ACTIVE)],
             [Tie("x", "bb", C), Tie("bb", "y", C)])
    assert find_gaps(smap, kinds=["single_point_of_failure", "over_centralised"]) == [
        # the only pair of others, x and y, runs through bb: share 1
        Gap("over_centralised", "bb", 1.0, {"betweenness": 1.0},
            "100% of shortest paths between actors run through the backbone: help actors "
            "work with each other directly."),
        # 0.3 + 0.7 × 1/2 + 0.3
        Gap("single_point_of_failure", "bb", 0.95,
            {"actors_cut_off": 1, "component_size": 3, "backbone": True},
            "Without Hub, 1 actor(s) lose their only link to the rest: build a second link "
            "around the backbone."),
    ]


def test_readiness_gaps_in_full() -> None:
    smap = m([BB, a("may", "Mayor", "public", E.UNAWARE, 4, role="mayor", burned=True),
              a("cl", "Clerk", "public", E.PASSIVE, 3),
              a("q", "Quarry", "business", E.PASSIVE, 2, 1)],
             [Tie("bb", "may", C), Tie("bb", "cl", C), Tie("bb", "q", C),
              Tie("may", "q", TieType.TENSION, 2, notes="land"),
              Tie("q", "may", TieType.TENSION), Tie("bb", "cl", TieType.TENSION)])
    direct = " — the backbone can approach them directly."
    assert find_gaps(smap, kinds=["burned", "sensitive_relationship",
                                  "passive_role_holder"]) == [
        # 0.5 + 4/10
        Gap("burned", "may", 0.9, {"engagement": "unaware", "influence": 4.0},
            "Mayor was hurt by an earlier process that failed: acknowledge it and show what "
            "is different this time before asking for support."),
        Gap("passive_role_holder", "may", 0.8,
            {"role": "mayor", "formal_influence": 4.0, "engagement": "unaware"},
            "Mayor (mayor) gives only passive consent: without role-holders the plan will "
            "not be implemented — ask for a seat on a committee" + direct, "bb"),
        Gap("passive_role_holder", "cl", 0.6,
            {"role": "", "formal_influence": 3.0, "engagement": "passive"},
            "Clerk gives only passive consent: without role-holders the plan will not be "
            "implemented — ask for a seat on a committee" + direct, "bb"),
        # (4 + 2)/10; the backbone (at its target) and cl have no sensitive pair
        Gap("sensitive_relationship", "may|q", 0.6,
            {"a": "may", "b": "q", "weight": 2.0, "notes": "land"},
            "Mayor and Quarry have a sensitive relationship and both still need engaging: "
            "approach them separately and do not seat them together first."),
    ]


# --- the function itself -------------------------------------------------------------------


def small() -> StakeholderMap:
    return m([BB, a("x", "Xena", "public", E.PASSIVE, 5)], [Tie("bb", "x", C)])


def test_gaps_come_most_severe_first_then_by_kind_and_subject() -> None:
    gaps = find_gaps(small())
    keys = [(-g.severity, g.kind, g.subject) for g in gaps]
    assert keys == sorted(keys) and len(gaps) > 5
    assert gaps[0].severity == 1.0


def test_kinds_limits_the_result() -> None:
    assert {g.kind for g in find_gaps(small(), kinds=["passive_influential"])} == {
        "passive_influential"}
    assert find_gaps(small(), kinds=[]) == []
    assert find_gaps(small(), kinds=iter(GAP_KINDS)) == find_gaps(small())


def test_an_unknown_kind_is_refused_with_a_suggestion() -> None:
    with pytest.raises(UnknownGapKind) as error:
        find_gaps(small(), kinds=["isolate", "isolates", "nonsense"])
    assert error.value.unknown == ("isolates", "nonsense")
    assert str(error.value).startswith("unknown gap kind(s): 'isolates', 'nonsense'. "
                                       "'isolates': did you mean 'isolate'? Known kinds: ")


def test_tuned_thresholds_reach_the_metrics_too() -> None:
    # with influence 6 nobody is influential: x (5) is no longer passive_influential and its
    # target drops to supportive
    from stakeholder_map.analysis.thresholds import Thresholds

    got = find_gaps(small(), thresholds=Thresholds(influence=6),
                    kinds=["passive_influential", "actor_engagement_gap"])
    assert [(g.kind, g.evidence.get("target")) for g in got] == [
        ("actor_engagement_gap", "supportive")]


def test_subject_names() -> None:
    smap = m([BB, a("x", "Xena", "public", E.PASSIVE)], [],
             agreements=[Agreement("mou", "The MoU"), Agreement("bare", "")],
             forums=[Forum("wg", "Working group"), Forum("nameless", "")])
    name = subject_names(smap)
    assert [name(s) for s in ("bb|x", "public", "mou", "bare", "wg", "nameless", "who")] == [
        "Hub | Xena", "Public sector", "The MoU", "bare", "Working group", "nameless", "who"]


def test_gap_as_dict() -> None:
    gap = Gap("isolate", "x", 0.5, {"k": 1}, "Do.", "bb")
    assert gap.as_dict() == {"kind": "isolate", "subject": "x", "severity": 0.5,
                             "evidence": {"k": 1}, "suggestion": "Do.", "introducer": "bb"}


def test_a_skipped_tension_tie_does_not_hide_the_next_one() -> None:
    # the first tension tie involves the backbone (at its target): skipped; the next counts
    smap = m([BB, a("x", "Ex", "public", E.PASSIVE), a("y", "Why", "public", E.PASSIVE)],
             [Tie("bb", "x", C), Tie("bb", "y", C), Tie("bb", "x", TieType.TENSION),
              Tie("x", "y", TieType.TENSION)])
    assert [g.subject for g in find_gaps(smap, kinds=["sensitive_relationship"])] == ["x|y"]


def test_a_subject_whose_id_holds_a_bar_is_named_whole() -> None:
    smap = m([BB, a("x", "Xena", "public", E.ACTIVE)], [],
             forums=[Forum("bb|x", "Board and Xena's forum")])
    name = subject_names(smap)
    assert name("bb|x") == "Board and Xena's forum"
    assert name("x|bb") == "Xena | Hub"


def test_sector_ids_are_written_with_spaces() -> None:
    # civil society has one passive actor, philanthropy none at all, and no civil society
    # actor works with the community actor
    smap = StakeholderMap(
        (a("bb", "Hub", "public", E.LEADING), a("c", "Club", "civil_society", E.PASSIVE),
         a("r", "Residents", "community", E.ACTIVE)),
        (Tie("bb", "c", C), Tie("bb", "r", C)),
        forums=(Forum("wg", "WG", required_sectors=("civil_society", "public"),
                      members=(ForumMember("bb", ForumRole.CHAIR),)),),
        programme=Programme("T", "bb", AS_OF))
    got = {(g.kind, g.subject): g.suggestion for g in find_gaps(smap)}
    assert got[("missing_sector", "civil_society")] == (
        "The 1 civil society actor(s) are all below supportive: win one champion in this "
        "sector.")
    assert got[("sector_pair_without_ties", "civil_society|community")] == (
        "No civil society actor works with any community actor: broker a first joint "
        "activity.")
    assert got[("forum_sector_gap", "wg")] == (
        "WG: invite civil society and add a co-chair from outside public.")
    smap = StakeholderMap((a("bb", "Hub", "public", E.LEADING),),
                          programme=Programme("T", "bb", AS_OF))
    assert {(g.kind, g.subject): g.suggestion for g in find_gaps(smap)}[
        ("missing_sector", "civil_society")] == (
        "No civil society actor is mapped: find and invite at least one.")


def test_a_core_sector_the_map_does_not_list_is_missing() -> None:
    from stakeholder_map.model import DEFAULT_SECTORS

    sectors = tuple(s for s in DEFAULT_SECTORS if s.id != "philanthropy")
    smap = StakeholderMap((BB,), programme=Programme("T", "bb", AS_OF), sectors=sectors)
    [gap] = [g for g in find_gaps(smap, kinds=["missing_sector"])
             if g.subject == "philanthropy"]
    assert (gap.severity, gap.evidence) == (1.0, {"actors": 0, "engaged": 0})


def test_rounded_evidence_and_the_percentage() -> None:
    # civil society: bb–c1, c1–c2, c2–c3, c1–c3, c3–c4 inside (5), bb–p across (1):
    # E-I = (1 − 5)/6 = −0.66667 → −0.6667
    smap = m([BB, *(a(f"c{i}", f"C{i}", "civil_society", E.ACTIVE) for i in range(1, 5)),
              a("p", "P", "public", E.ACTIVE)],
             [Tie("bb", "c1", C), Tie("c1", "c2", C), Tie("c2", "c3", C), Tie("c1", "c3", C),
              Tie("c3", "c4", C), Tie("bb", "p", C)])
    [silo] = find_gaps(smap, kinds=["siloed_sector"])
    assert silo.evidence["ei_index"] == -0.6667 and silo.severity == 0.6667
    # path x – bb – y – z: bb on (x, y) and (x, z), 2 of 3 pairs
    smap = m([BB, a("x", "X", "public", E.ACTIVE), a("y", "Y", "public", E.ACTIVE),
              a("z", "Z", "public", E.ACTIVE)],
             [Tie("x", "bb", C), Tie("bb", "y", C), Tie("y", "z", C)])
    [over] = find_gaps(smap, kinds=["over_centralised"])
    assert (over.severity, over.evidence) == (0.6667, {"betweenness": 0.6667})
    assert over.suggestion.startswith("67% of shortest paths")


def test_a_forum_without_a_gap_does_not_end_the_search() -> None:
    # ok has every core sector and two chair sectors; the next forum misses one of five
    # sectors (1/5 = 0.2, not raised to the 0.3 of a lone chair sector: two chair sectors)
    actors = [BB, a("p", "P", "public", E.ACTIVE), a("b", "B", "business", E.ACTIVE),
              a("u", "U", "academia", E.ACTIVE), a("f", "F", "philanthropy", E.ACTIVE)]
    everyone = tuple(ForumMember(x.id, ForumRole.CHAIR if x.id in ("bb", "p")
                                 else ForumRole.MEMBER) for x in actors)
    smap = m(actors, [Tie("bb", x.id, C) for x in actors[1:]],
             forums=[Forum("ok", "OK", members=everyone),
                     Forum("short", "Short", members=everyone[:4])])
    assert [(g.subject, g.severity) for g in find_gaps(smap, kinds=["forum_sector_gap"])] == [
        ("short", 0.2)]


def test_an_agreement_expiring_today_expires_rather_than_expired() -> None:
    smap = m([BB], [], agreements=[Agreement("mou", "MoU", expires=AS_OF)])
    [gap] = find_gaps(smap, kinds=["agreement_expiring"])
    assert gap.suggestion == "MoU expires on 2025-06-30: agree a renewal with its 0 parties."


def test_far_from_backbone_grows_with_each_step() -> None:
    chain = ["bb", "a1", "a2", "a3", "a4"]
    smap = m([BB, *(a(x, x, "public", E.ACTIVE) for x in chain[1:])],
             [Tie(x, y, C) for x, y in itertools.pairwise(chain)])
    got = {g.subject: g.severity for g in find_gaps(smap, kinds=["far_from_backbone"])}
    assert got == {"a3": 0.25, "a4": 0.4}     # 0.15 × (steps − 2) + 1/10


def test_tuned_thresholds_reach_metrics_and_warm_paths() -> None:
    from stakeholder_map.analysis.thresholds import Thresholds

    # with engaged = active a sector whose only actor is supportive is missing
    smap = m([BB, a("p", "P", "public", E.SUPPORTIVE), a("x", "X", "public", E.UNAWARE)],
             [Tie("bb", "p", C), Tie("p", "x", C)])
    tuned = Thresholds(engaged=E.ACTIVE, introducer=E.SUPPORTIVE)
    assert "public" in {g.subject for g in find_gaps(smap, thresholds=tuned,
                                                     kinds=["missing_sector"])}
    assert "public" not in {g.subject for g in find_gaps(smap, kinds=["missing_sector"])}
    # with introducer = supportive, p opens x's door
    [gap] = find_gaps(smap, thresholds=tuned, kinds=["actor_engagement_gap"])
    assert gap.introducer == "p"
