"""Every gap kind exactly on its threshold, and just across it.

Each map is built by hand from the model's records and is as small as the gap
allows; the expected values are worked out in the comments. The thresholds are
those of docs/gaps.md (:class:`~stakeholder_map.analysis.thresholds.Thresholds`):
influence 3, engaged ``supportive``, introducer ``active``, expiry 90 days,
far = more than 2 steps, siloed = E-I below −0.5, over-centralised = backbone
betweenness share of 0.5 or more.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence

import pytest

from stakeholder_map.analysis.gaps import GAP_KINDS, Gap, find_gaps
from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds, target_engagement
from stakeholder_map.model import (
    Actor,
    ActorKind,
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
COLLAB = TieType.COLLABORATION


def actor(aid: str, sector: str = "civil_society", level: Engagement = E.ACTIVE,
          formal: float = 1.0, informal: float = 0.0, **kw: object) -> Actor:
    return Actor(aid, f"Name {aid}", sector, formal_influence=formal,  # type: ignore[arg-type]
                 informal_influence=informal, engagement=level, **kw)


def tie(a: str, b: str, kind: TieType = COLLAB, weight: float = 1.0) -> Tie:
    return Tie(a, b, kind, weight)


def build(actors: Sequence[Actor], ties: Iterable[Tie] = (), *,
          agreements: Iterable[Agreement] = (), forums: Iterable[Forum] = (),
          backbone: str | None = "bb", as_of: dt.date = AS_OF) -> StakeholderMap:
    return StakeholderMap(tuple(actors), tuple(ties), tuple(agreements), tuple(forums),
                          Programme("T", backbone, as_of))


def gaps_of(m: StakeholderMap, kind: str, thresholds: Thresholds = DEFAULTS) -> dict[str, Gap]:
    """The gaps of one kind, by subject."""
    assert kind in GAP_KINDS
    return {g.subject: g for g in find_gaps(m, thresholds=thresholds, kinds=[kind])}


def test_the_thresholds_are_those_of_the_design() -> None:
    t = Thresholds()
    assert (t.influence, t.engaged, t.introducer, t.expiry_days, t.max_steps, t.siloed_ei,
            t.over_centralised) == (3.0, E.SUPPORTIVE, E.ACTIVE, 90, 2, -0.5, 0.5)


# --- target engagement (the influence threshold) ---------------------------------------


@pytest.mark.parametrize(("formal", "informal", "target"), [
    pytest.param(3.0, 0.0, E.ACTIVE, id="formal=3-on-threshold-active"),
    pytest.param(2.9, 0.0, E.SUPPORTIVE, id="formal=2.9-below-supportive"),
    pytest.param(1.0, 3.0, E.ACTIVE, id="informal=3-on-threshold-active"),
    pytest.param(1.0, 2.9, E.SUPPORTIVE, id="informal=2.9-below-supportive"),
])
def test_target_engagement_at_the_influence_threshold(formal: float, informal: float,
                                                      target: Engagement) -> None:
    assert target_engagement(actor("x", formal=formal, informal=informal), "bb") is target


def test_target_engagement_of_the_backbone_and_an_own_target() -> None:
    assert target_engagement(actor("bb", formal=0), "bb") is E.LEADING
    own = actor("x", formal=5, target_engagement=E.PASSIVE)
    assert target_engagement(own, "bb") is E.PASSIVE
    # a tuned threshold is used, not the default: influence 2 reaches a threshold of 2
    assert target_engagement(actor("x", formal=2), "bb", Thresholds(influence=2)) is E.ACTIVE


# --- actors ------------------------------------------------------------------------------


@pytest.mark.parametrize(("formal", "level", "fires"), [
    pytest.param(3.0, E.SUPPORTIVE, True, id="influence=3-target-active-supportive-fires"),
    pytest.param(3.0, E.ACTIVE, False, id="influence=3-at-target-active-silent"),
    pytest.param(2.9, E.SUPPORTIVE, False, id="influence=2.9-target-supportive-silent"),
    pytest.param(2.9, E.PASSIVE, True, id="influence=2.9-one-below-supportive-fires"),
])
def test_actor_engagement_gap(formal: float, level: Engagement, fires: bool) -> None:
    m = build([actor("bb", level=E.LEADING), actor("x", level=level, formal=formal)],
              [tie("bb", "x")])
    got = gaps_of(m, "actor_engagement_gap")
    assert ("x" in got) is fires
    if fires:
        # one step up the ladder: 1/5 × (1 + influence)/6
        assert got["x"].severity == round(1 / 5 * (1 + formal) / 6, 4)
        assert got["x"].evidence["steps"] == 1


def test_actor_engagement_gap_of_the_backbone_is_measured_against_leading() -> None:
    # the backbone's target is leading: active is one step short, leading is none
    short = build([actor("bb", level=E.ACTIVE, formal=2)])
    assert gaps_of(short, "actor_engagement_gap")["bb"].evidence["steps"] == 1
    assert gaps_of(short, "actor_engagement_gap")["bb"].severity == round(1 / 5 * 3 / 6, 4)
    assert gaps_of(build([actor("bb", level=E.LEADING)]), "actor_engagement_gap") == {}


@pytest.mark.parametrize(("formal", "informal", "level", "fires"), [
    pytest.param(3.0, 0.0, E.PASSIVE, True, id="formal=3-passive-fires"),
    pytest.param(3.0, 0.0, E.UNAWARE, True, id="formal=3-unaware-fires"),
    pytest.param(1.0, 3.0, E.PASSIVE, True, id="informal=3-passive-fires"),
    pytest.param(2.9, 0.0, E.PASSIVE, False, id="formal=2.9-passive-silent"),
    pytest.param(1.0, 2.9, E.PASSIVE, False, id="informal=2.9-passive-silent"),
    pytest.param(3.0, 0.0, E.SUPPORTIVE, False, id="formal=3-supportive-silent"),
    pytest.param(3.0, 0.0, E.RESISTANT, False, id="formal=3-resistant-is-another-kind"),
])
def test_passive_influential(formal: float, informal: float, level: Engagement,
                             fires: bool) -> None:
    m = build([actor("bb", level=E.LEADING),
               actor("x", level=level, formal=formal, informal=informal)], [tie("bb", "x")])
    got = gaps_of(m, "passive_influential")
    assert ("x" in got) is fires
    if fires:
        assert got["x"].severity == 0.6   # influence / 5 = 3 / 5


@pytest.mark.parametrize(("formal", "level", "fires"), [
    pytest.param(3.0, E.RESISTANT, True, id="influence=3-resistant-fires"),
    pytest.param(2.9, E.RESISTANT, False, id="influence=2.9-resistant-silent"),
    pytest.param(3.0, E.PASSIVE, False, id="influence=3-passive-is-another-kind"),
])
def test_resistant_influential(formal: float, level: Engagement, fires: bool) -> None:
    m = build([actor("bb", level=E.LEADING), actor("x", level=level, formal=formal)],
              [tie("bb", "x")])
    got = gaps_of(m, "resistant_influential")
    assert ("x" in got) is fires
    if fires:
        assert got["x"].severity == 0.8   # 0.2 + influence / 5 = 0.2 + 0.6


@pytest.mark.parametrize(("formal", "informal", "level", "in_forum", "fires"), [
    pytest.param(1.0, 1.1, E.PASSIVE, False, True, id="informal-above-formal-fires"),
    pytest.param(1.0, 1.0, E.PASSIVE, False, False, id="informal-equal-formal-silent"),
    pytest.param(1.0, 1.1, E.SUPPORTIVE, False, False, id="at-target-supportive-silent"),
    pytest.param(1.0, 1.1, E.PASSIVE, True, False, id="in-a-forum-silent"),
])
def test_informal_influencer_unengaged(formal: float, informal: float, level: Engagement,
                                       in_forum: bool, fires: bool) -> None:
    forum = Forum("wg", "WG", members=(ForumMember("x"), ForumMember("bb")),
                  required_sectors=("civil_society",))
    m = build([actor("bb", level=E.LEADING),
               actor("x", level=level, formal=formal, informal=informal)],
              [tie("bb", "x")], forums=[forum] if in_forum else [])
    got = gaps_of(m, "informal_influencer_unengaged")
    assert ("x" in got) is fires
    if fires:
        assert got["x"].severity == 0.22   # informal / 5 = 1.1 / 5
        assert got["x"].evidence["forums"] == 0


# --- sectors and forums --------------------------------------------------------------------


def five_sectors(public: Engagement) -> list[Actor]:
    return [actor("bb", level=E.LEADING), actor("pub", "public", public),
            actor("biz", "business"), actor("uni", "academia"), actor("fund", "philanthropy")]


@pytest.mark.parametrize(("level", "fires"), [
    pytest.param(E.SUPPORTIVE, False, id="only-actor-supportive-engaged-silent"),
    pytest.param(E.PASSIVE, True, id="only-actor-passive-fires"),
])
def test_missing_sector_at_the_engaged_threshold(level: Engagement, fires: bool) -> None:
    actors = five_sectors(level)
    m = build(actors, [tie("bb", a.id) for a in actors[1:]])
    got = gaps_of(m, "missing_sector")
    assert ("public" in got) is fires
    if fires:
        assert got["public"].severity == 0.8
        assert got["public"].evidence == {"actors": 1, "engaged": 0}
    assert set(got) <= {"public"}


def test_missing_sector_with_no_actor_at_all() -> None:
    actors = five_sectors(E.ACTIVE)[:-1]            # no philanthropy actor
    got = gaps_of(build(actors, [tie("bb", a.id) for a in actors[1:]]), "missing_sector")
    assert set(got) == {"philanthropy"}
    assert got["philanthropy"].severity == 1.0
    assert got["philanthropy"].evidence == {"actors": 0, "engaged": 0}


@pytest.mark.parametrize(("required", "chair_sectors", "severity"), [
    # one chair sector counts only when more than one sector is required
    pytest.param(("civil_society",), ("civil_society",), None, id="one-required-one-chair-silent"),
    pytest.param(("civil_society", "public"), ("civil_society",), 0.3,
                 id="two-required-one-chair-sector-fires"),
    pytest.param(("civil_society", "public"), ("civil_society", "public"), None,
                 id="two-required-two-chair-sectors-silent"),
    # one of three required sectors missing: 1/3
    pytest.param(("civil_society", "public", "business"), ("civil_society", "public"), 0.3333,
                 id="one-of-three-missing"),
    # two of three missing: 2/3, more than the 0.3 of a lone chair sector
    pytest.param(("civil_society", "academia", "business"), ("civil_society",), 0.6667,
                 id="two-of-three-missing"),
])
def test_forum_sector_gap(required: tuple[str, ...], chair_sectors: tuple[str, ...],
                          severity: float | None) -> None:
    actors = [actor("bb", level=E.LEADING), actor("pub", "public")]
    chairs = {"civil_society": "bb", "public": "pub"}
    members = tuple(ForumMember(a.id, ForumRole.CHAIR if a.id in
                                {chairs[s] for s in chair_sectors} else ForumRole.MEMBER)
                    for a in actors)
    m = build(actors, [tie("bb", "pub")], forums=[Forum("wg", "WG", required_sectors=required,
                                                        members=members)])
    got = gaps_of(m, "forum_sector_gap")
    assert ("wg" in got) is (severity is not None)
    if severity is not None:
        assert got["wg"].severity == severity


@pytest.mark.parametrize(("ties", "fires"), [
    pytest.param(0, True, id="no-tie-fires"),
    pytest.param(1, False, id="one-tie-silent"),
])
def test_sector_pair_without_ties(ties: int, fires: bool) -> None:
    actors = [actor("bb", level=E.LEADING), actor("pub", "public"), actor("biz", "business")]
    m = build(actors, [tie("bb", "pub"), tie("bb", "biz")] + [tie("pub", "biz")] * ties)
    got = gaps_of(m, "sector_pair_without_ties")
    assert ("business|public" in got) is fires
    if fires:
        assert got["business|public"].severity == 0.5      # both core sectors
    assert set(got) <= {"business|public"}


def test_sector_pair_without_ties_outside_the_core_is_milder() -> None:
    actors = [actor("bb", level=E.LEADING), actor("pub", "public"), actor("res", "community")]
    m = build(actors, [tie("bb", "pub"), tie("bb", "res")])
    assert gaps_of(m, "sector_pair_without_ties")["community|public"].severity == 0.3


@pytest.mark.parametrize(("internal", "ei", "fires"), [
    # four public actors p1..p4, one tie out (p1–bb) and `internal` ties among them:
    # E-I = (external − internal) / (external + internal)
    pytest.param(3, -0.5, False, id="ei=(1-3)/4=-0.5-on-threshold-silent"),
    pytest.param(4, -0.6, True, id="ei=(1-4)/5=-0.6-below-fires"),
])
def test_siloed_sector(internal: int, ei: float, fires: bool) -> None:
    inside = [tie("p1", "p2"), tie("p2", "p3"), tie("p3", "p4"), tie("p1", "p3")][:internal]
    actors = [actor("bb", level=E.LEADING), *(actor(f"p{i}", "public") for i in range(1, 5))]
    m = build(actors, [tie("p1", "bb"), *inside, tie("p4", "p2", TieType.INFLUENCE)])
    got = gaps_of(m, "siloed_sector")
    assert ("public" in got) is fires
    if fires:
        assert got["public"].severity == 0.6        # −E-I
        assert got["public"].evidence == {"ei_index": ei, "internal_ties": internal,
                                          "external_ties": 1}
    assert set(got) <= {"public"}


def test_a_sector_of_one_actor_is_never_siloed() -> None:
    # with a threshold above +1 any E-I would count; one actor cannot talk to itself
    actors = [actor("bb", level=E.LEADING), actor("p1", "public"), actor("p2", "public")]
    m = build(actors, [tie("bb", "p1"), tie("p1", "p2")])
    got = gaps_of(m, "siloed_sector", Thresholds(siloed_ei=1.5))
    assert set(got) == {"public"}     # civil society (bb alone, E-I +1) is not listed


# --- agreements ------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "fires"), [
    pytest.param(AgreementStatus.SIGNED, False, id="signed-covers-silent"),
    pytest.param(AgreementStatus.ACTIVE, False, id="active-covers-silent"),
    pytest.param(AgreementStatus.DRAFT, False, id="draft-covers-silent"),
    pytest.param(AgreementStatus.EXPIRED, True, id="expired-fires"),
    pytest.param(AgreementStatus.TERMINATED, True, id="terminated-fires"),
])
def test_collaboration_without_agreement(status: AgreementStatus, fires: bool) -> None:
    parties = (AgreementParty("bb", "lead"), AgreementParty("pub", "venues"))
    m = build([actor("bb", level=E.LEADING), actor("pub", "public")],
              [tie("pub", "bb", weight=3)],
              agreements=[Agreement("mou", status=status, parties=parties)])
    got = gaps_of(m, "collaboration_without_agreement")
    assert ("bb|pub" in got) is fires
    if fires:
        assert got["bb|pub"].severity == 0.5     # 0.2 + 0.1 × weight 3


@pytest.mark.parametrize(("kind", "sector", "fires"), [
    pytest.param(TieType.COLLABORATION, "public", True, id="collaboration-across-fires"),
    pytest.param(TieType.COMMUNICATION, "public", False, id="communication-silent"),
    pytest.param(TieType.COLLABORATION, "civil_society", False, id="same-sector-silent"),
])
def test_collaboration_without_agreement_needs_a_cross_sector_collaboration(
        kind: TieType, sector: str, fires: bool) -> None:
    m = build([actor("bb", level=E.LEADING), actor("x", sector)], [tie("bb", "x", kind)])
    assert ("bb|x" in gaps_of(m, "collaboration_without_agreement")) is fires


@pytest.mark.parametrize(("days", "fires", "severity"), [
    pytest.param(90, True, round(1 - 90 / 91, 4), id="expires-in-90-days-on-threshold-fires"),
    pytest.param(91, False, None, id="expires-in-91-days-silent"),
    pytest.param(0, True, 1.0, id="expires-today-fires"),          # 1 − 0/91
    pytest.param(-1, True, 1.0, id="expired-yesterday-fires"),
])
def test_agreement_expiring(days: int, fires: bool, severity: float | None) -> None:
    expires = AS_OF + dt.timedelta(days=days)
    parties = (AgreementParty("bb", "lead"), AgreementParty("x", "venues"))
    m = build([actor("bb", level=E.LEADING), actor("x")], [tie("bb", "x")],
              agreements=[Agreement("mou", "MoU", expires=expires, parties=parties)])
    got = gaps_of(m, "agreement_expiring")
    assert ("mou" in got) is fires
    if fires:
        assert got["mou"].severity == severity
        assert got["mou"].evidence == {"expires": expires.isoformat(), "days_left": days,
                                       "parties": 2}


@pytest.mark.parametrize(("expiry_days", "fires"), [
    pytest.param(30, True, id="tuned-30-days-on-threshold-fires"),
    pytest.param(29, False, id="tuned-29-days-silent"),
])
def test_agreement_expiring_follows_a_tuned_threshold(expiry_days: int, fires: bool) -> None:
    m = build([actor("bb", level=E.LEADING)],
              agreements=[Agreement("mou", expires=AS_OF + dt.timedelta(days=30))])
    got = gaps_of(m, "agreement_expiring", Thresholds(expiry_days=expiry_days))
    assert ("mou" in got) is fires


@pytest.mark.parametrize("status", [AgreementStatus.DRAFT, AgreementStatus.EXPIRED,
                                    AgreementStatus.TERMINATED], ids=lambda s: s.value)
def test_only_signed_or_active_agreements_can_be_expiring(status: AgreementStatus) -> None:
    m = build([actor("bb", level=E.LEADING)],
              agreements=[Agreement("mou", expires=AS_OF, status=status)])
    assert gaps_of(m, "agreement_expiring") == {}


@pytest.mark.parametrize(("responsibility", "fires"), [
    pytest.param("", True, id="blank-fires"),
    pytest.param(" \t", True, id="whitespace-fires"),
    pytest.param("x", False, id="one-character-silent"),
])
def test_party_without_responsibility(responsibility: str, fires: bool) -> None:
    parties = (AgreementParty("bb", "lead"), AgreementParty("x", responsibility))
    m = build([actor("bb", level=E.LEADING), actor("x")], [tie("bb", "x")],
              agreements=[Agreement("mou", parties=parties)])
    got = gaps_of(m, "party_without_responsibility")
    assert ("mou" in got) is fires
    if fires:
        assert got["mou"].evidence == {"parties": ["x"]}
        assert got["mou"].severity == 0.3


# --- structure -------------------------------------------------------------------------------


@pytest.mark.parametrize(("ties", "fires"), [
    pytest.param([], True, id="no-tie-fires"),
    pytest.param([tie("x", "bb", TieType.TENSION)], True, id="tension-only-fires"),
    pytest.param([tie("x", "bb", TieType.INFLUENCE)], False, id="influences-someone-silent"),
    pytest.param([tie("bb", "x", TieType.INFLUENCE)], False, id="influenced-silent"),
    pytest.param([tie("bb", "x", TieType.COMMUNICATION)], False, id="one-collab-edge-silent"),
])
def test_isolate(ties: list[Tie], fires: bool) -> None:
    m = build([actor("bb", level=E.LEADING), actor("x", formal=2)], ties)
    got = gaps_of(m, "isolate")
    assert ("x" in got) is fires
    if fires:
        assert got["x"].severity == 0.6   # 0.4 + influence/10 = 0.4 + 0.2


def test_single_point_of_failure() -> None:
    # z – bb – a, and a – x, a – y. Without a the pieces are {bb, z}, {x}, {y}: the actors
    # outside the largest piece, x and y, are cut off (2 of the 4 others);
    # without bb, z is (1 of 4). Leaves x, y, z cut off nobody.
    m = build([actor("bb", level=E.LEADING), actor("a"), actor("x"), actor("y"), actor("z")],
              [tie("z", "bb"), tie("bb", "a"), tie("a", "x"), tie("a", "y")])
    got = gaps_of(m, "single_point_of_failure")
    assert set(got) == {"a", "bb"}
    assert got["a"].severity == 0.65              # 0.3 + 0.7 × 2/4
    assert got["a"].evidence == {"actors_cut_off": 2, "component_size": 5, "backbone": False}
    assert got["bb"].severity == 0.775            # 0.3 + 0.7 × 1/4 + 0.3 for the backbone
    assert got["bb"].evidence == {"actors_cut_off": 1, "component_size": 5, "backbone": True}


def test_single_point_of_failure_of_the_backbone_weighs_more() -> None:
    # a – bb – b: without bb one actor (of the two others) loses its link: 0.3 + 0.7/2 + 0.3
    m = build([actor("bb", level=E.LEADING), actor("a"), actor("b")],
              [tie("a", "bb"), tie("bb", "b")])
    got = gaps_of(m, "single_point_of_failure")
    assert got["bb"].severity == 0.95
    assert got["bb"].evidence["backbone"] is True


@pytest.mark.parametrize(("steps", "fires"), [
    pytest.param(2, False, id="2-steps-on-threshold-silent"),
    pytest.param(3, True, id="3-steps-fires"),
])
def test_far_from_backbone(steps: int, fires: bool) -> None:
    chain = ["bb", *(f"a{i}" for i in range(1, steps + 1))]
    m = build([actor("bb", level=E.LEADING), *(actor(a, formal=2) for a in chain[1:])],
              [tie(a, b) for a, b in itertools.pairwise(chain)])
    got = gaps_of(m, "far_from_backbone")
    last = chain[-1]
    assert (last in got) is fires
    if fires:
        # 0.15 × (3 − 2) + influence/10 = 0.15 + 0.2
        assert got[last].severity == 0.35
        assert got[last].evidence == {"distance": 3, "influence": 2.0}
    assert set(got) <= {last}


@pytest.mark.parametrize(("max_steps", "fires"), [
    pytest.param(1, True, id="tuned-1-step-2-away-fires"),
    pytest.param(2, False, id="tuned-2-steps-2-away-silent"),
])
def test_far_from_backbone_follows_a_tuned_threshold(max_steps: int, fires: bool) -> None:
    m = build([actor("bb", level=E.LEADING), actor("a"), actor("b")],
              [tie("bb", "a"), tie("a", "b")])
    got = gaps_of(m, "far_from_backbone", Thresholds(max_steps=max_steps))
    assert ("b" in got) is fires


def test_far_from_backbone_without_any_path() -> None:
    m = build([actor("bb", level=E.LEADING), actor("a"), actor("x", formal=3), actor("y")],
              [tie("bb", "a"), tie("x", "y")])
    got = gaps_of(m, "far_from_backbone")
    assert set(got) == {"x", "y"}
    assert got["x"].severity == 0.8       # 0.5 + influence/10
    assert got["x"].evidence == {"distance": None, "influence": 3.0}


@pytest.mark.parametrize(("chain", "share", "fires"), [
    # a path a – b – c – bb – d: bb lies on the shortest path of d with each of a, b, c,
    # 3 of the C(4, 2) = 6 pairs of other actors → share 0.5
    pytest.param(["a", "b", "c", "bb", "d"], 0.5, True, id="share=3/6=0.5-on-threshold-fires"),
    # a – b – c – e – bb – d: 4 of C(5, 2) = 10 pairs → 0.4
    pytest.param(["a", "b", "c", "e", "bb", "d"], 0.4, False, id="share=4/10=0.4-silent"),
])
def test_over_centralised(chain: list[str], share: float, fires: bool) -> None:
    m = build([actor(a, level=E.LEADING if a == "bb" else E.ACTIVE) for a in chain],
              [tie(a, b) for a, b in itertools.pairwise(chain)])
    got = gaps_of(m, "over_centralised")
    assert ("bb" in got) is fires
    if fires:
        assert got["bb"].severity == share
        assert got["bb"].evidence == {"betweenness": share}
        assert got["bb"].suggestion.startswith("50% of shortest paths")


@pytest.mark.parametrize(("threshold", "fires"), [
    pytest.param(0.4, True, id="tuned-0.4-share-0.4-fires"),
    pytest.param(0.41, False, id="tuned-0.41-share-0.4-silent"),
])
def test_over_centralised_follows_a_tuned_threshold(threshold: float, fires: bool) -> None:
    chain = ["a", "b", "c", "e", "bb", "d"]
    m = build([actor(a) for a in chain], [tie(a, b) for a, b in itertools.pairwise(chain)])
    got = gaps_of(m, "over_centralised", Thresholds(over_centralised=threshold))
    assert ("bb" in got) is fires


# --- readiness ---------------------------------------------------------------------------


@pytest.mark.parametrize(("burned", "fires"), [
    pytest.param(True, True, id="burned-fires"), pytest.param(False, False, id="not-silent")])
def test_burned(burned: bool, fires: bool) -> None:
    m = build([actor("bb", level=E.LEADING), actor("x", formal=4, burned=burned)],
              [tie("bb", "x")])
    got = gaps_of(m, "burned")
    assert ("x" in got) is fires
    if fires:
        assert got["x"].severity == 0.9    # 0.5 + influence/10
        assert got["x"].evidence == {"engagement": "active", "influence": 4.0}


@pytest.mark.parametrize(("a_level", "b_level", "fires"), [
    # both with influence 1: target supportive
    pytest.param(E.PASSIVE, E.PASSIVE, True, id="both-below-target-fires"),
    pytest.param(E.SUPPORTIVE, E.PASSIVE, False, id="one-at-target-silent"),
    pytest.param(E.PASSIVE, E.SUPPORTIVE, False, id="other-at-target-silent"),
])
def test_sensitive_relationship(a_level: Engagement, b_level: Engagement, fires: bool) -> None:
    m = build([actor("bb", level=E.LEADING), actor("a", level=a_level),
               actor("b", level=b_level)],
              [tie("bb", "a"), tie("bb", "b"), tie("b", "a", TieType.TENSION, weight=2),
               tie("a", "b", TieType.TENSION)])
    got = gaps_of(m, "sensitive_relationship")
    assert ("a|b" in got) is fires
    if fires:
        assert len(got) == 1           # two tension ties, one pair, one gap
        assert got["a|b"].severity == 0.2   # (1 + 1) / 10
        assert got["a|b"].evidence == {"a": "b", "b": "a", "weight": 2.0, "notes": ""}


@pytest.mark.parametrize(("sector", "formal", "informal", "level", "fires"), [
    pytest.param("public", 3.0, 0.0, E.PASSIVE, True, id="public-formal=3-passive-fires"),
    pytest.param("public", 3.0, 0.0, E.UNAWARE, True, id="public-formal=3-unaware-fires"),
    pytest.param("public", 2.9, 0.0, E.PASSIVE, False, id="public-formal=2.9-silent"),
    pytest.param("public", 1.0, 5.0, E.PASSIVE, False, id="public-informal-only-silent"),
    pytest.param("public", 3.0, 0.0, E.SUPPORTIVE, False, id="public-supportive-silent"),
    pytest.param("public", 3.0, 0.0, E.RESISTANT, False, id="public-resistant-silent"),
    pytest.param("business", 3.0, 0.0, E.PASSIVE, False, id="business-silent"),
])
def test_passive_role_holder(sector: str, formal: float, informal: float, level: Engagement,
                             fires: bool) -> None:
    m = build([actor("bb", level=E.LEADING),
               actor("x", sector, level, formal, informal, role="Mayor")], [tie("bb", "x")])
    got = gaps_of(m, "passive_role_holder")
    assert ("x" in got) is fires
    if fires:
        assert got["x"].severity == 0.6     # formal / 5
        assert got["x"].evidence == {"role": "Mayor", "formal_influence": 3.0,
                                     "engagement": level.label}


# --- who opens the door: the introducer threshold ----------------------------------------------


@pytest.mark.parametrize(("door_level", "introducer"), [
    pytest.param(E.ACTIVE, "door", id="door-active-introduces"),
    pytest.param(E.SUPPORTIVE, "", id="door-supportive-cannot"),
])
def test_introducer_threshold(door_level: Engagement, introducer: str) -> None:
    m = build([actor("bb", level=E.LEADING), actor("door", level=door_level),
               actor("x", level=E.PASSIVE)], [tie("bb", "door"), tie("door", "x")])
    got = gaps_of(m, "actor_engagement_gap")["x"]
    assert got.introducer == introducer
    if introducer:
        assert got.suggestion.endswith(" — ask Name door to introduce you.")
    else:
        # no warm path; the nearest actor at the introducer level is the backbone
        assert got.suggestion.endswith(" — no warm path yet; start with Name bb.")


def test_every_gap_kind_has_a_threshold_test() -> None:
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    missing = [k for k in GAP_KINDS if not any(t.startswith(k) for t in tested)]
    assert missing == []


def test_people_and_organisations_are_treated_alike() -> None:
    # the kind of actor plays no part in any threshold
    m = build([actor("bb", level=E.LEADING), actor("x", level=E.PASSIVE, formal=3,
                                                   kind=ActorKind.PERSON)], [tie("bb", "x")])
    assert "x" in gaps_of(m, "passive_influential")
