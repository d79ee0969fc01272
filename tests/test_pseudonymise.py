"""Pseudonymisation field by field, on a hand-built map (fast enough for mutation testing).

The expected codes are computed here from the definition — HMAC-SHA256 (RFC 2104) of
``stakeholder-map/<domain>\\0<text>`` under the key — not read back from the module.
What is dropped, kept or coded follows the table in
:mod:`stakeholder_map.outputs.pseudonymise`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import re

import pytest

from stakeholder_map import model
from stakeholder_map.analysis.thresholds import DEFAULTS
from stakeholder_map.errors import PseudonymisationError
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
    Sector,
    StakeholderMap,
    Tie,
    TieType,
)
from stakeholder_map.outputs import pseudonymise as pseudonymise_module
from stakeholder_map.outputs.pseudonymise import (
    POLICY,
    SHEETS,
    UnknownColumn,
    influence_band,
    pseudonym,
    pseudonymise,
)

KEY = "a key for the tests"
DAY = dt.date(2025, 1, 15)
EXTRA = {"my column": "private remark"}


def digest(domain: str, text: str, key: str = KEY) -> str:
    message = b"stakeholder-map/" + domain.encode() + b"\x00" + text.encode("utf-8")
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def code(domain: str, text: str, prefix: str, word: str) -> tuple[str, str]:
    d = digest(domain, text)
    return prefix + d[:10], f"{word} {d[:6].upper()}"


def the_map() -> StakeholderMap:
    """A backbone organisation, a person (Dana Levi) working in it, a unit, a group."""
    actors = (
        Actor("bb", "Civic Hub", "civil_society", ActorKind.ORGANISATION, role="backbone",
              region="North", formal_influence=4, engagement=Engagement.LEADING,
              burned=True, tags=("core",), notes="founded 2019", extra=EXTRA),
        Actor("dana", "Dana Levi", "public", ActorKind.PERSON, parent="bb",
              role="deputy mayor", region="Old Town", formal_influence=5,
              informal_influence=2, engagement=Engagement.PASSIVE,
              target_engagement=Engagement.ACTIVE, burned=True, tags=("ally",),
              notes="met twice", extra=EXTRA),
        Actor("unit", "Youth Desk", "public", ActorKind.UNIT, parent="dana",
              role="Dana Levi's desk"),
        Actor("grp", "Parents", "community", ActorKind.GROUP),
    )
    ties = (
        Tie("bb", "dana", TieType.COLLABORATION, 3, trust=2, value=4, since=DAY, until=None,
            notes="weekly calls", extra=EXTRA),
        Tie("dana", "grp", TieType.TENSION, 2, notes="old quarrel"),
        Tie("unit", "bb", TieType.INFLUENCE),
    )
    agreements = (
        Agreement("mou-dana", "Dana Levi MoU", "Memorandum", DAY, DAY, AgreementStatus.ACTIVE,
                  (AgreementParty("bb", "coordinates Dana Levi's team", EXTRA),
                   AgreementParty("dana", "opens the town hall", EXTRA)), EXTRA),
        Agreement("grant", "Grant", "secret deal", None, None, AgreementStatus.DRAFT, ()),
        Agreement("plain", "", "", None, None, AgreementStatus.SIGNED, ()),
    )
    forums = (
        Forum("wg", "Dana's working group", "Working Group", ("public", "community"),
              (ForumMember("dana", ForumRole.CHAIR, DAY, EXTRA),
               ForumMember("bb", ForumRole.SECRETARY, None, EXTRA)), EXTRA),
        Forum("misc", "Misc", "", None, ()),
    )
    programme = Programme("Dana Levi town", "bb", DAY, "wave 1 of Dana Levi", EXTRA)
    sectors = (Sector("public", "Dana Levi's office", True, ("dana levi", "gov"), EXTRA),
               Sector("civil_society", "NGOs"), Sector("community", "Community"))
    return StakeholderMap(actors, ties, agreements, forums, programme, sectors)


DANA_ID, DANA_NAME = code("actor", "dana", "p-", "Person")


# --- codes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "prefix", "word"), [
    (ActorKind.PERSON, "p-", "Person"), (ActorKind.ORGANISATION, "o-", "Org"),
    (ActorKind.UNIT, "u-", "Unit"), (ActorKind.GROUP, "g-", "Group"),
], ids=lambda v: v.value if isinstance(v, ActorKind) else str(v))
def test_pseudonym_is_the_hmac_of_the_id(kind: ActorKind, prefix: str, word: str) -> None:
    got = pseudonym("km-mayor", kind, KEY)
    assert got == code("actor", "km-mayor", prefix, word)
    assert len(got[0]) == len(prefix) + 10 and len(got[1]) == len(word) + 7


def test_a_different_key_gives_other_codes() -> None:
    assert pseudonym("dana", ActorKind.PERSON, KEY) != pseudonym("dana", ActorKind.PERSON,
                                                                 KEY + "!")


@pytest.mark.parametrize("call", [
    lambda: pseudonym("dana", ActorKind.PERSON, ""),
    lambda: pseudonymise(the_map(), ""),
    lambda: pseudonymise(the_map(), "", everyone=True),
], ids=["pseudonym", "pseudonymise", "pseudonymise-everyone"])
def test_an_empty_key_is_refused_with_the_fix(call: object) -> None:
    with pytest.raises(PseudonymisationError) as error:
        call()  # type: ignore[operator]
    assert str(error.value) == ("the pseudonymisation key is empty: make a random one with "
                                "`stakeholder-map key new` and keep it private "
                                "(--key KEY or STAKEHOLDER_MAP_KEY)")


def test_a_code_that_equals_a_kept_id_is_refused() -> None:
    # an organisation whose id happens to be Dana's code: two actors would share an id
    smap = the_map()
    clash = Actor(DANA_ID, "Clash Ltd", "business")
    with pytest.raises(PseudonymisationError) as error:
        pseudonymise(StakeholderMap((*smap.actors, clash)), KEY)
    assert str(error.value) == ("two actors got the same pseudonym under this key; "
                                "choose another key")
    # with everyone the organisation gets a code of its own: no clash
    assert len(pseudonymise(StakeholderMap((*smap.actors, clash)), KEY, everyone=True)
               .actor_by_id) == 5


# --- people only (the default) -----------------------------------------------------------


def test_a_person_is_coded_their_text_and_parent_dropped_and_ratings_banded() -> None:
    dana = pseudonymise(the_map(), KEY).actors[1]
    # influence 5 is in the high band (4.5), 2 in the low band (1.5)
    assert dana == Actor(DANA_ID, DANA_NAME, "public", ActorKind.PERSON, parent=None, role="",
                         region="", formal_influence=4.5, informal_influence=1.5,
                         engagement=Engagement.PASSIVE, target_engagement=Engagement.ACTIVE,
                         burned=False, tags=(), notes="", extra={})


def test_keep_sensitive_keeps_a_person_s_parent_and_exact_ratings() -> None:
    dana = pseudonymise(the_map(), KEY, keep_sensitive=True).actors[1]
    assert (dana.parent, dana.formal_influence, dana.informal_influence, dana.burned) == (
        "bb", 5, 2, True)
    everyone = pseudonymise(the_map(), KEY, everyone=True, keep_sensitive=True).actors[1]
    assert everyone.parent == code("actor", "bb", "o-", "Org")[0]


def test_an_organisation_keeps_its_text_but_not_notes_burned_or_own_columns() -> None:
    shared = pseudonymise(the_map(), KEY)
    bb, _, unit, grp = shared.actors
    assert bb == Actor("bb", "Civic Hub", "civil_society", ActorKind.ORGANISATION,
                       role="backbone", region="North", formal_influence=4,
                       engagement=Engagement.LEADING, burned=False, tags=("core",), notes="",
                       extra={})
    # the unit's parent is Dana: it follows her code; her name in its role is replaced
    assert (unit.id, unit.parent, unit.role) == ("unit", DANA_ID, f"{DANA_NAME}'s desk")
    assert grp == the_map().actors[3]


def test_ties_follow_the_codes_and_lose_notes_own_columns_and_tension() -> None:
    shared = pseudonymise(the_map(), KEY)
    assert shared.ties == (
        Tie("bb", DANA_ID, TieType.COLLABORATION, 3, 2, 4, DAY, None, "", {}),
        Tie("unit", "bb", TieType.INFLUENCE),
    )


def test_keep_sensitive_keeps_tension_ties_and_burned_flags() -> None:
    shared = pseudonymise(the_map(), KEY, keep_sensitive=True)
    assert [a.burned for a in shared.actors] == [True, True, False, False]
    assert [(t.source, t.target, t.type, t.notes) for t in shared.ties] == [
        ("bb", DANA_ID, TieType.COLLABORATION, ""),
        (DANA_ID, "grp", TieType.TENSION, ""),
        ("unit", "bb", TieType.INFLUENCE, "")]


def test_a_pseudonymised_party_loses_its_responsibility() -> None:
    """What a named party does identifies it: a person's responsibility is dropped."""
    mou = pseudonymise(the_map(), KEY).agreements[0]
    assert mou.parties == (AgreementParty("bb", f"coordinates {DANA_NAME}'s team", {}),
                           AgreementParty(DANA_ID, "", {}))
    assert mou.parties[1].responsibility == ""


def test_agreements_are_coded_by_default_and_keep_their_facts() -> None:
    mou, grant, plain = pseudonymise(the_map(), KEY).agreements
    assert (mou.id, mou.title) == code("agreement", "mou-dana", "a-", "Agreement")
    assert (mou.kind, mou.signed, mou.expires, mou.status, mou.extra) == (
        "Memorandum", DAY, DAY, AgreementStatus.ACTIVE, {})
    # "secret deal" is no known kind: it becomes "other"
    assert (grant.id, grant.title, grant.kind, grant.status) == (
        *code("agreement", "grant", "a-", "Agreement"), "other", AgreementStatus.DRAFT)
    # an empty title or kind stays empty: no title is made up
    assert (plain.id, plain.title, plain.kind) == (
        code("agreement", "plain", "a-", "Agreement")[0], "", "")


def test_keep_titles_keeps_agreements_scrubbed() -> None:
    mou, grant, plain = pseudonymise(the_map(), KEY, keep_titles=True).agreements
    # "dana" in the id is Dana's id, "Dana Levi" in the title her name
    assert (mou.id, mou.title, mou.kind) == (f"mou-{DANA_ID}", f"{DANA_NAME} MoU",
                                             "Memorandum")
    assert (grant.id, grant.title, grant.kind) == ("grant", "Grant", "secret deal")
    assert plain == the_map().agreements[2]


def test_forums_are_coded_and_members_follow_the_codes_keeping_role_and_date() -> None:
    wg, misc = pseudonymise(the_map(), KEY).forums
    assert wg == Forum(*code("forum", "wg", "f-", "Forum"), "Working Group",
                       ("public", "community"),
                       (ForumMember(DANA_ID, ForumRole.CHAIR, DAY, {}),
                        ForumMember("bb", ForumRole.SECRETARY, None, {})), {})
    assert misc == Forum(*code("forum", "misc", "f-", "Forum"), "", None, ())


def test_keep_titles_keeps_forum_names_scrubbed() -> None:
    wg, misc = pseudonymise(the_map(), KEY, keep_titles=True).forums
    # "Dana" is also Dana's id ("dana", case ignored): the id's code replaces it
    assert (wg.id, wg.name, wg.kind) == ("wg", f"{DANA_ID}'s working group", "Working Group")
    assert misc == the_map().forums[1]


def test_the_programme_and_sectors_are_scrubbed_and_lose_own_settings() -> None:
    shared = pseudonymise(the_map(), KEY)
    assert shared.programme == Programme(code("programme", "Dana Levi town", "", "Programme")[1],
                                         "bb", DAY, f"wave 1 of {DANA_NAME}", {})
    titled = pseudonymise(the_map(), KEY, keep_titles=True)
    assert titled.programme == Programme(f"{DANA_NAME} town", "bb", DAY,
                                         f"wave 1 of {DANA_NAME}", {})
    assert shared.sectors[0] == Sector("public", f"{DANA_NAME}'s office", True,
                                       (DANA_NAME, "gov"), {})
    assert shared.sectors[1:] == the_map().sectors[1:]


def test_a_person_as_backbone_is_coded_there_too() -> None:
    smap = the_map()
    smap = StakeholderMap(smap.actors, smap.ties, smap.agreements, smap.forums,
                          Programme("P", "dana", DAY))
    assert pseudonymise(smap, KEY).programme.backbone == DANA_ID
    no_backbone = StakeholderMap(smap.actors, programme=Programme("P", None, DAY))
    assert pseudonymise(no_backbone, KEY).programme.backbone is None


# --- everyone ----------------------------------------------------------------------------------


def test_everyone_codes_every_actor_and_reference() -> None:
    shared = pseudonymise(the_map(), KEY, everyone=True)
    ids = {a: code("actor", a, p, w)
           for a, p, w in (("bb", "o-", "Org"), ("dana", "p-", "Person"),
                           ("unit", "u-", "Unit"), ("grp", "g-", "Group"))}
    assert [(a.id, a.name) for a in shared.actors] == list(ids.values())
    assert all((a.role, a.region, a.tags, a.notes) == ("", "", (), "") for a in shared.actors)
    # Dana is a person: her parent goes; the unit's parent (Dana) follows her code
    assert [a.parent for a in shared.actors] == [None, None, ids["dana"][0], None]
    assert [(t.source, t.target) for t in shared.ties] == [(ids["bb"][0], ids["dana"][0]),
                                                          (ids["unit"][0], ids["bb"][0])]
    assert shared.programme.backbone == ids["bb"][0]
    assert [p.actor for p in shared.agreements[0].parties] == [ids["bb"][0], ids["dana"][0]]
    assert all(p.responsibility == "" for g in shared.agreements for p in g.parties)


def test_everyone_codes_agreements_forums_and_the_programme() -> None:
    shared = pseudonymise(the_map(), KEY, everyone=True)
    mou, grant, plain = shared.agreements
    assert (mou.id, mou.title) == code("agreement", "mou-dana", "a-", "Agreement")
    assert (grant.id, grant.title) == code("agreement", "grant", "a-", "Agreement")
    assert plain.id == code("agreement", "plain", "a-", "Agreement")[0]
    # a kind in the known list is kept (as a token: case and spaces ignored), any other
    # becomes "other", an empty one stays empty
    assert [g.kind for g in shared.agreements] == ["Memorandum", "other", ""]
    wg, misc = shared.forums
    assert (wg.id, wg.name) == code("forum", "wg", "f-", "Forum")
    assert (misc.id, misc.name) == code("forum", "misc", "f-", "Forum")
    assert [f.kind for f in shared.forums] == ["Working Group", ""]
    assert shared.programme.name == code("programme", "Dana Levi town", "", "Programme")[1]
    assert shared.programme.as_of == DAY


def test_everyone_leaves_an_unnamed_programme_unnamed() -> None:
    smap = StakeholderMap(the_map().actors, programme=Programme("", None, DAY))
    assert pseudonymise(smap, KEY, everyone=True).programme.name == ""


def test_the_structure_is_unchanged() -> None:
    smap = the_map()
    for everyone in (False, True):
        shared = pseudonymise(smap, KEY, everyone=everyone, keep_sensitive=True)
        assert len(shared.actors) == len(smap.actors)
        assert [a.sector for a in shared.actors] == [a.sector for a in smap.actors]
        assert [(t.type, t.weight) for t in shared.ties] == [(t.type, t.weight)
                                                             for t in smap.ties]
        assert [len(g.parties) for g in shared.agreements] == [2, 0, 0]
        assert [f.required_sectors for f in shared.forums] == [("public", "community"), None]


# --- scrubbing kept text ---------------------------------------------------------------------


def person(aid: str, name: str) -> Actor:
    return Actor(aid, name, "public", ActorKind.PERSON)


def org_text(people: list[Actor], text: str) -> str:
    """What ``text``, as an organisation's name, role, region and tag, becomes when shared."""
    org = Actor("org", text, "civil_society", role=text, region=text, tags=(text,))
    shared = pseudonymise(StakeholderMap((*people, org)), KEY).actors[-1]
    assert shared.role == shared.region == shared.tags[0] == shared.name
    return shared.name


def test_an_organisation_named_after_a_person_is_scrubbed_everywhere() -> None:
    _, name = code("actor", "dana", "p-", "Person")
    assert org_text([person("dana", "Dana Levi")], "Dana Levi Foundation") == (
        f"{name} Foundation")


def test_names_shorter_than_three_letters_are_left_alone() -> None:
    # "Jo" (and the id "p1") would match everywhere; Eve (three letters) is replaced, even
    # as a whole text of three letters
    people = [person("p1", "Jo"), person("eve", "Eve"), person("dana", "Dana Levi")]
    eve, dana = code("actor", "eve", "p-", "Person")[1], code("actor", "dana", "p-",
                                                              "Person")[1]
    assert org_text(people, "Jo and p1 meet Dana Levi") == f"Jo and p1 meet {dana}"
    assert org_text(people, "Eve") == eve


def test_a_name_with_punctuation_at_either_end() -> None:
    people = [person("a", "Ann."), person("b", "(Bo Li"), person("c", "Ann. Lee."),
              person("_dana", "Dana L")]
    ann, bo, lee = (code("actor", x, "p-", "Person")[1] for x in "abc")
    dana_id = code("actor", "_dana", "p-", "Person")[0]
    # the longest name is matched first; case is ignored
    assert org_text(people, "ANN. LEE. met ann. and (bo li, see _dana") == (
        f"{lee} met {ann} and {bo}, see {dana_id}")


def test_a_letter_that_grows_when_lower_cased_does_not_stop_scrubbing() -> None:
    # "İ" lower-cases to two characters: the text is then matched as written
    dana = code("actor", "dana", "p-", "Person")[1]
    assert org_text([person("dana", "Dana Levi")], "İzmir: dana levi") == f"İzmir: {dana}"


def test_a_capitalised_name_next_to_a_growing_letter_is_scrubbed() -> None:
    dana = code("actor", "dana", "p-", "Person")[1]
    assert org_text([person("dana", "Dana Levi")], "İzmir: Dana Levi") == f"İzmir: {dana}"


def test_a_name_holding_a_growing_letter_is_scrubbed_in_any_case() -> None:
    ilker = code("actor", "ilker", "p-", "Person")[1]
    people = [person("ilker", "İlker Şahin")]
    assert org_text(people, "met İLKER ŞAHIN and İlker Şahin") == f"met {ilker} and {ilker}"


def test_duplicate_agreement_or_forum_ids_are_refused_with_everyone() -> None:
    smap = the_map()
    twice = StakeholderMap(smap.actors, agreements=(Agreement("x"), Agreement("x")))
    with pytest.raises(PseudonymisationError, match=r"^two agreements got the same"):
        pseudonymise(twice, KEY, everyone=True)
    twice = StakeholderMap(smap.actors, forums=(Forum("x"), Forum("x")))
    with pytest.raises(PseudonymisationError, match=r"^two forums got the same"):
        pseudonymise(twice, KEY, everyone=True)


def test_an_unknown_forum_kind_becomes_other_unless_titles_are_kept() -> None:
    smap = StakeholderMap(the_map().actors, forums=(Forum("f", "F", "Dana's supper club"),
                                                    Forum("g", "G", "task-force")))
    for everyone in (False, True):
        assert [f.kind for f in pseudonymise(smap, KEY, everyone=everyone).forums] == [
            "other", "task-force"]
    assert [f.kind for f in pseudonymise(smap, KEY, keep_titles=True).forums] == [
        f"{DANA_ID}'s supper club", "task-force"]


# --- influence bands ------------------------------------------------------------------------


@pytest.mark.parametrize(("rating", "band"), [
    (0, 0.0), (1, 1.5), (2, 1.5), (3, 3.0), (4, 4.5), (5, 4.5),
    # either side of every boundary
    (0.01, 1.5), (2.99, 1.5), (3.99, 3.0), (4.01, 4.5),
])
def test_influence_bands(rating: float, band: float) -> None:
    """1–2 low (1.5), 3 mid (3), 4–5 high (4.5); 0 (no influence) stays 0."""
    assert influence_band(rating) == band
    smap = StakeholderMap((Actor("p", "Pat Doe", "public", ActorKind.PERSON,
                                 formal_influence=rating, informal_influence=rating),))
    shared = pseudonymise(smap, KEY).actors[0]
    assert (shared.formal_influence, shared.informal_influence) == (band, band)
    assert pseudonymise(smap, KEY, keep_sensitive=True).actors[0].formal_influence == rating


def test_an_organisation_keeps_its_ratings_unless_everyone_is_pseudonymised() -> None:
    smap = StakeholderMap((Actor("o", "Town Hall", "public", formal_influence=2,
                                 informal_influence=5),))
    assert pseudonymise(smap, KEY).actors[0].formal_influence == 2
    banded = pseudonymise(smap, KEY, everyone=True).actors[0]
    assert (banded.formal_influence, banded.informal_influence) == (1.5, 4.5)


@pytest.mark.parametrize("rating", [r / 4 for r in range(21)])
def test_banding_keeps_who_is_influential_at_the_gap_threshold(rating: float) -> None:
    """Thresholds.influence (3) is a band boundary: an actor is influential after banding
    exactly when before; so is it at 4, the other boundary."""
    assert DEFAULTS.influence == 3
    for threshold in (3, 4):
        assert (influence_band(rating) >= threshold) == (rating >= threshold)


# --- the allow-list -------------------------------------------------------------------------


MODEL_RECORDS = {cls for cls in vars(model).values()
                 if isinstance(cls, type) and dataclasses.is_dataclass(cls)
                 and cls.__module__ == model.__name__}
TABLE_LABELS = {"actor": Actor, "tie": Tie, "agreement": Agreement, "party": AgreementParty,
                "forum": Forum, "member": ForumMember, "programme": Programme,
                "sector": Sector, "map": StakeholderMap}


def test_every_field_of_the_model_has_a_rule() -> None:
    """A field added to the model leaves nothing until it is classified here, and this fails
    until it is."""
    assert set(POLICY) == MODEL_RECORDS == set(TABLE_LABELS.values())
    for cls in MODEL_RECORDS:
        assert set(POLICY[cls]) == {f.name for f in dataclasses.fields(cls)}, cls.__name__
    # the records whose own columns can be kept are those with a columns rule
    assert {cls for cls, rules in POLICY.items() if rules.get("extra") == "columns"} == set(
        SHEETS)


def test_the_documented_table_lists_every_field_once() -> None:
    """The table in the module's documentation names every field of every record once."""
    doc = pseudonymise_module.__doc__
    assert doc is not None
    listed: dict[type, list[str]] = {cls: [] for cls in TABLE_LABELS.values()}
    rows = re.findall(r"^\| ([a-z, ]+): ([a-z_, ]+) \|", doc, re.MULTILINE)
    assert rows[0] == ("record", "fields")   # the head
    for row in rows[1:]:
        for label in row[0].split(", "):
            listed[TABLE_LABELS[label]] += row[1].split(", ")
    for cls, names in listed.items():
        assert sorted(names) == sorted(f.name for f in dataclasses.fields(cls)), cls.__name__


def test_a_field_the_policy_drops_is_built_at_its_default() -> None:
    """Records are built from the rules, not copied: the programme's own settings and every
    note are not carried over even though the input holds them."""
    shared = pseudonymise(the_map(), KEY, keep_sensitive=True, keep_titles=True,
                          keep_columns=["my column"])
    assert shared.programme.extra == {}
    assert {a.notes for a in shared.actors} == {t.notes for t in shared.ties} == {""}


# --- the user's own columns -----------------------------------------------------------------


def own_columns_map() -> StakeholderMap:
    """``stream`` on actors and on ties, ``introduced by`` on ties only."""
    actors = (Actor("dana", "Dana Levi", "public", ActorKind.PERSON, extra={"stream": "A"}),
              Actor("bb", "Civic Hub", "civil_society", extra={"Stream": "B", "phone": "555"}))
    ties = (Tie("bb", "dana", TieType.COLLABORATION,
                extra={"introduced by": "Dana Levi's friend", "stream": "C"}),)
    return StakeholderMap(actors, ties)


def test_own_columns_are_dropped_unless_named() -> None:
    shared = pseudonymise(own_columns_map(), KEY)
    assert [a.extra for a in shared.actors] == [{}, {}]
    assert shared.ties[0].extra == {}


def test_a_named_column_is_kept_on_every_sheet_that_has_it_scrubbed() -> None:
    shared = pseudonymise(own_columns_map(), KEY, keep_columns=["Introduced-By", "STREAM"])
    assert [a.extra for a in shared.actors] == [{"stream": "A"}, {"Stream": "B"}]
    assert shared.ties[0].extra == {"introduced by": f"{DANA_NAME}'s friend", "stream": "C"}


def test_sheet_dot_name_keeps_one_sheet_s_column() -> None:
    shared = pseudonymise(own_columns_map(), KEY, keep_columns=["ties.stream"])
    assert [a.extra for a in shared.actors] == [{}, {}]
    assert shared.ties[0].extra == {"stream": "C"}


@pytest.mark.parametrize(("name", "where"), [
    ("nothing", "no sheet has a column 'nothing'"),
    ("notes", "no sheet has a column 'notes'"),   # the format's, not the user's own
    ("nosheet.stream", "no sheet has a column 'nosheet.stream'"),
    ("forums.stream", "the forums sheet has no column 'stream'"),
    ("actors.introduced_by", "the actors sheet has no column 'introduced_by'"),
])
def test_an_unknown_column_is_refused_listing_the_columns_there_are(name: str,
                                                                    where: str) -> None:
    with pytest.raises(UnknownColumn) as error:
        pseudonymise(own_columns_map(), KEY, keep_columns=["stream", name])
    assert str(error.value) == (
        f"{where} of your own to keep; the columns you added are: "
        "actors.stream, actors.Stream, actors.phone, ties.introduced by, ties.stream")


def test_a_column_whose_name_holds_a_dot_is_found_whole() -> None:
    smap = StakeholderMap((Actor("o", "Org", "public", extra={"ties.x": "1", "y": "2"}),))
    assert pseudonymise(smap, KEY, keep_columns=["ties.x"]).actors[0].extra == {"ties.x": "1"}


def test_a_workbook_without_own_columns_says_so() -> None:
    with pytest.raises(UnknownColumn, match=r"the workbook has no columns of your own"):
        pseudonymise(StakeholderMap(the_map().actors[2:]), KEY, keep_columns=["x"])
