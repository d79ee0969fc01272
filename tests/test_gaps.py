"""Each gap kind fires on a minimal map built for it, and stays silent on a near miss."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from stakeholder_map import (
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
from stakeholder_map.analysis.gaps import GAP_KINDS, Gap, find_gaps
from stakeholder_map.analysis.thresholds import Thresholds

E = Engagement
AS_OF = dt.date(2025, 6, 30)


def actor(aid: str, sector: str = "civil_society", level: Engagement = E.ACTIVE,
          formal: float = 1, informal: float = 0, **kw: object) -> Actor:
    return Actor(aid, f"Name {aid}", sector, formal_influence=formal,
                 informal_influence=informal, engagement=level, **kw)  # type: ignore[arg-type]


def tie(a: str, b: str, kind: TieType = TieType.COLLABORATION, **kw: object) -> Tie:
    return Tie(a, b, kind, **kw)  # type: ignore[arg-type]


def core_five() -> list[Actor]:
    """Backbone plus one engaged actor in each other core sector, all tied to the backbone."""
    return [actor("bb", level=E.LEADING, formal=3),
            actor("pub", "public", E.ACTIVE), actor("biz", "business", E.ACTIVE),
            actor("uni", "academia", E.ACTIVE), actor("fund", "philanthropy", E.ACTIVE)]


def smap(actors: list[Actor], ties: list[Tie] | None = None, **kw: object) -> StakeholderMap:
    """A healthy map unless told otherwise: everyone tied to the backbone, all core sectors."""
    if ties is None:
        ties = [tie("bb", a.id) for a in actors if a.id != "bb"]
        # a ring among the others, so no single actor holds the network together
        others = [a.id for a in actors if a.id != "bb"]
        ties += [tie(x, y) for x, y in zip(others, others[1:] + others[:1], strict=True)
                 if x != y]
    parties = tuple(AgreementParty(a.id, "role") for a in actors)
    agreements = kw.pop("agreements", (Agreement("mou", "MoU", parties=parties),))
    return StakeholderMap(tuple(actors), tuple(ties), tuple(agreements),  # type: ignore[arg-type]
                          tuple(kw.pop("forums", ())),  # type: ignore[arg-type]
                          Programme("T", "bb", AS_OF))


def kinds(m: StakeholderMap, **kw: object) -> dict[str, list[Gap]]:
    out: dict[str, list[Gap]] = {}
    for g in find_gaps(m, **kw):  # type: ignore[arg-type]
        out.setdefault(g.kind, []).append(g)
    return out


def subjects(m: StakeholderMap, kind: str, **kw: object) -> list[str]:
    return [g.subject for g in kinds(m, **kw).get(kind, [])]


def test_a_healthy_map_has_no_gaps() -> None:
    assert kinds(smap(core_five())) == {}


def test_actor_engagement_gap_weighted_by_influence() -> None:
    m = smap([*core_five(), actor("low", level=E.UNAWARE, formal=0),
              actor("high", level=E.UNAWARE, formal=5)])
    gaps = {g.subject: g for g in kinds(m)["actor_engagement_gap"]}
    # low: target supportive(3) − unaware(0) = 3 steps of 5, influence 0 → 3/5 × 1/6 = 0.1
    assert gaps["low"].severity == pytest.approx(0.1)
    # high: influential → target active(4); 4/5 × (1+5)/6 = 0.8
    assert gaps["high"].severity == pytest.approx(0.8)
    assert gaps["high"].evidence["target"] == "active"
    assert "from unaware to active" in gaps["high"].suggestion


def test_explicit_target_is_respected() -> None:
    m = smap([*core_five(), actor("x", level=E.SUPPORTIVE, formal=5,
                                  target_engagement=E.SUPPORTIVE)])
    assert "x" not in subjects(m, "actor_engagement_gap")


def test_passive_influential() -> None:
    m = smap([*core_five(), actor("p", level=E.PASSIVE, formal=4),
              actor("q", level=E.PASSIVE, formal=2), actor("r", level=E.SUPPORTIVE, formal=5)])
    assert subjects(m, "passive_influential") == ["p"]


def test_resistant_influential() -> None:
    m = smap([*core_five(), actor("r", level=E.RESISTANT, informal=3),
              actor("s", level=E.RESISTANT, informal=2)])
    assert subjects(m, "resistant_influential") == ["r"]


def test_informal_influencer_unengaged_only_outside_forums() -> None:
    people = [*core_five(), actor("i", level=E.PASSIVE, formal=1, informal=4),
              actor("j", level=E.PASSIVE, formal=1, informal=4),
              actor("k", level=E.PASSIVE, formal=4, informal=4)]
    forum = Forum("tf", "Task force", members=(ForumMember("j"), ForumMember("bb")),
                  required_sectors=("civil_society",))
    assert subjects(smap(people, forums=[forum]), "informal_influencer_unengaged") == ["i"]


def test_missing_sector_absent_or_none_engaged() -> None:
    actors = [a for a in core_five() if a.sector != "academia"]
    actors = [replace(a, engagement=E.PASSIVE) if a.sector == "business" else a for a in actors]
    gaps = {g.subject: g for g in kinds(smap(actors))["missing_sector"]}
    assert set(gaps) == {"academia", "business"}
    assert gaps["academia"].severity == 1.0 and gaps["academia"].evidence["actors"] == 0
    assert gaps["business"].evidence == {"actors": 1, "engaged": 0}


def test_forum_sector_gap_missing_sector_and_single_sector_chair() -> None:
    wg = Forum("wg", "Working group", members=(
        ForumMember("bb", ForumRole.CHAIR), ForumMember("pub"), ForumMember("biz")))
    ok = Forum("ok", "Balanced", required_sectors=("public", "business"), members=(
        ForumMember("pub", ForumRole.CHAIR), ForumMember("biz", ForumRole.CHAIR)))
    [gap] = kinds(smap(core_five(), forums=[wg, ok]))["forum_sector_gap"]
    assert gap.subject == "wg"
    # required: the five core sectors; present: civil_society, public, business → 2 of 5 missing
    assert gap.evidence["missing_sectors"] == ["academia", "philanthropy"]
    assert gap.severity == pytest.approx(0.4)
    assert gap.evidence["chair_sectors"] == ["civil_society"]


def test_sector_pair_without_ties() -> None:
    actors = core_five()
    ties = [tie("bb", "pub"), tie("bb", "biz"), tie("bb", "uni"), tie("bb", "fund"),
            tie("pub", "biz"), tie("biz", "uni"), tie("uni", "fund"), tie("fund", "pub")]
    # missing pairs among the four non-backbone sectors: public|academia, business|philanthropy
    assert sorted(subjects(smap(actors, ties, agreements=()), "sector_pair_without_ties")) == [
        "academia|public", "business|philanthropy"]


def test_siloed_sector() -> None:
    # three public actors in a triangle with one tie out: I = 3, E = 1 → E-I = -0.5
    # four → six internal ties, one out: (1-6)/7 = -0.714 < -0.5 → siloed
    pubs = [actor(f"p{i}", "public") for i in range(4)]
    actors = [*core_five(), *pubs]
    ties = [tie("bb", a.id) for a in core_five()[1:]]
    ties += [tie(f"p{i}", f"p{j}") for i in range(4) for j in range(i + 1, 4)]
    ties += [tie("p0", "pub")]  # pub is public too: internal
    ties += [tie("pub", "biz"), tie("biz", "uni"), tie("uni", "fund")]
    gaps = {g.subject: g for g in kinds(smap(actors, ties, agreements=()))["siloed_sector"]}
    # public: members pub,p0..p3; internal = 6 + 1 = 7; external: bb-pub, pub-biz = 2
    # E-I = (2 - 7) / 9 = -0.5556
    assert set(gaps) == {"public"}
    assert gaps["public"].evidence["ei_index"] == pytest.approx(-5 / 9, abs=1e-4)


def test_collaboration_without_agreement() -> None:
    actors = [*core_five(), actor("x", "business")]
    ties = [tie("bb", a.id) for a in actors[1:]] + [tie("pub", "x", weight=4.0),
                                                   tie("biz", "x")]  # same sector: not flagged
    mou = Agreement("mou", parties=tuple(AgreementParty(a.id, "r") for a in core_five()))
    bb_x = Agreement("bbx", parties=(AgreementParty("bb", "r"), AgreementParty("x", "r")))
    [gap] = kinds(smap(actors, ties, agreements=[mou, bb_x]))["collaboration_without_agreement"]
    assert gap.subject == "pub|x" and gap.severity == pytest.approx(0.6)


def test_agreement_expiring_and_party_without_responsibility() -> None:
    soon = Agreement("soon", "Soon", expires=AS_OF + dt.timedelta(days=30),
                     parties=(AgreementParty("bb", "lead"), AgreementParty("pub", "")))
    later = Agreement("later", "Later", expires=AS_OF + dt.timedelta(days=91),
                      parties=(AgreementParty("bb", "x"),))
    done = Agreement("done", "Done", expires=AS_OF + dt.timedelta(days=10),
                     status=AgreementStatus.TERMINATED, parties=(AgreementParty("bb", "x"),))
    k = kinds(smap(core_five(), agreements=[soon, later, done]))
    [expiring] = k["agreement_expiring"]
    assert expiring.subject == "soon" and expiring.evidence["days_left"] == 30
    assert expiring.severity == pytest.approx(1 - 30 / 91, abs=1e-4)
    [vague] = k["party_without_responsibility"]
    assert vague.subject == "soon" and vague.evidence["parties"] == ["pub"]


def test_isolate_and_far_from_backbone() -> None:
    actors = [*core_five(), actor("lone"), actor("a1"), actor("a2"), actor("a3")]
    ties = [tie("bb", a.id) for a in core_five()[1:]]
    ties += [tie("pub", "a1"), tie("a1", "a2"), tie("a2", "a3"), tie("biz", "uni"),
             tie("uni", "fund"), tie("fund", "pub")]
    k = kinds(smap(actors, ties, agreements=()))  # co-parties would connect everyone
    assert [g.subject for g in k["isolate"]] == ["lone"]
    far = {g.subject: g.evidence["distance"] for g in k["far_from_backbone"]}
    # bb → pub (1) → a1 (2) → a2 (3) → a3 (4): a2 and a3 lie beyond 2 steps
    assert far == {"a2": 3, "a3": 4}


def test_influence_tie_alone_is_not_an_isolate() -> None:
    actors = [*core_five(), actor("sway")]
    ties = [tie("bb", a.id) for a in core_five()[1:]] + [tie("sway", "pub", TieType.INFLUENCE)]
    assert "sway" not in subjects(smap(actors, ties, agreements=()), "isolate")
    assert "sway" in subjects(smap(actors, ties[:-1], agreements=()), "isolate")


def test_single_point_of_failure_above_all_the_backbone() -> None:
    # a star around the backbone: bb is the only link for everyone
    actors = core_five()
    ties = [tie("bb", a.id) for a in actors[1:]]
    gaps = {g.subject: g
            for g in kinds(smap(actors, ties, agreements=()))["single_point_of_failure"]}
    assert set(gaps) == {"bb"}
    # removing bb leaves 4 singletons: the largest piece has 1 actor, so 3 are cut off
    assert gaps["bb"].evidence == {"actors_cut_off": 3, "component_size": 5, "backbone": True}
    assert gaps["bb"].severity == 1.0


def test_over_centralised() -> None:
    actors = core_five()
    star = [tie("bb", a.id) for a in actors[1:]]
    # star: every path between two others runs through bb → betweenness 1
    assert subjects(smap(actors, star, agreements=()), "over_centralised") == ["bb"]
    assert subjects(smap(actors), "over_centralised") == []  # the ring gives other routes


def test_burned_and_passive_role_holder() -> None:
    actors = [*core_five(), actor("b", burned=True), actor("head", "public", E.PASSIVE, formal=4),
              actor("ngo", "civil_society", E.PASSIVE, formal=4),
              actor("clerk", "public", E.PASSIVE, formal=2)]
    k = kinds(smap(actors))
    assert [g.subject for g in k["burned"]] == ["b"]
    assert [g.subject for g in k["passive_role_holder"]] == ["head"]


def test_sensitive_relationship_needs_both_below_target() -> None:
    actors = [*core_five(), actor("m", "public", E.PASSIVE, formal=5),
              actor("o", "public", E.PASSIVE, formal=4), actor("happy", level=E.ACTIVE)]
    ties = [tie("bb", a.id) for a in actors if a.id != "bb"]
    ties += [tie("m", "o", TieType.TENSION), tie("m", "happy", TieType.TENSION)]
    [gap] = kinds(smap(actors, ties))["sensitive_relationship"]
    assert gap.subject == "m|o" and gap.severity == pytest.approx(0.9)


def test_thresholds_are_parameters() -> None:
    m = smap([*core_five(), actor("p", level=E.PASSIVE, formal=2)])
    assert subjects(m, "passive_influential") == []
    assert subjects(m, "passive_influential", thresholds=Thresholds(influence=2)) == ["p"]


def test_kind_filter_and_unknown_kind() -> None:
    m = smap([*core_five(), actor("p", level=E.PASSIVE, formal=4)])
    assert {g.kind for g in find_gaps(m, kinds=["passive_influential"])} == {
        "passive_influential"}
    with pytest.raises(ValueError, match="unknown gap kind"):
        find_gaps(m, kinds=["nope"])


def test_gaps_are_sorted_by_severity_and_kinds_are_the_published_ones() -> None:
    m = smap([*core_five(), actor("p", level=E.PASSIVE, formal=4, burned=True),
              actor("lone")])
    gaps = find_gaps(m)
    assert [g.severity for g in gaps] == sorted((g.severity for g in gaps), reverse=True)
    assert all(g.kind in GAP_KINDS and 0 <= g.severity <= 1 and g.suggestion for g in gaps)
    assert len(GAP_KINDS) == 18


def test_gaps_about_reaching_an_actor_name_who_opens_the_door() -> None:
    actors = [*core_five(), actor("p", level=E.PASSIVE, formal=4),
              actor("burnt", level=E.SUPPORTIVE, burned=True)]
    ties = [tie("bb", a.id) for a in core_five()[1:]]
    ties += [tie("pub", "p"), tie("biz", "uni"), tie("uni", "fund"), tie("fund", "pub"),
             tie("bb", "burnt")]
    k = kinds(smap(actors, ties, agreements=()))
    # the warm path runs bb → pub (active) → p: pub makes the introduction
    passive = k["passive_influential"]
    assert [(g.subject, g.introducer) for g in passive] == [("p", "pub")]
    assert "ask Name pub to introduce you" in passive[0].suggestion
    assert [g.introducer for g in k["actor_engagement_gap"] if g.subject == "p"] == ["pub"]
    # a burned actor is acknowledged, not introduced: no introducer
    assert [(g.subject, g.introducer) for g in k["burned"]] == [("burnt", "")]
