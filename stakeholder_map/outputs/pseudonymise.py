"""Pseudonymised sharing: the same map with identities replaced by stable codes.

An evaluator often needs the network but must not receive who is in it.
:func:`pseudonymise` replaces the id and name of every person (with
``everyone=True``: of every actor) by a code derived from a key the user
keeps, drops the free text that could name someone and, unless asked to
keep them, the sensitive facts (tension ties, burned flags). The structure
is untouched, so every network measure of the result equals the measure of
the original actor.

The codes are HMAC-SHA256 of the actor's id under the key (RFC 2104): the
same key gives the same codes in every wave, so two pseudonymised waves can
still be compared actor by actor; without the key the codes cannot be
linked back to ids, nor recomputed from guessed ids.

What happens to each field. *Subjects* are the pseudonymised actors: the
people (``--pseudonymise``) or every actor (``--pseudonymise-all``). A text
that is *kept* is still *scrubbed*: wherever it spells the name or the id of
a subject (as a whole word, ignoring case), that is replaced by the
subject's pseudonym — "Dana Levi's roundtable" becomes "Person 3F2A91's
roundtable".

| field | ``--pseudonymise`` | ``--pseudonymise-all`` | why |
|---|---|---|---|
| a subject's id and name | coded | coded | who it is |
| an organisation's name (not a subject) | kept¹ | (a subject) | a public body |
| parent, tie ends, party, member, backbone | follow the codes | follow the codes | structure |
| sector, kind, influence, engagement, target | kept | kept | what is analysed |
| role, tags, region | subject: dropped; else kept¹ | dropped | narrow a person down |
| actor notes, tie notes | dropped (all) | dropped | they talk about people |
| burned flags, tension ties | dropped² | dropped² | sensitive judgements |
| tie type, weight, trust, value, dates | kept | kept | structure |
| agreement id | kept | coded ``a-…`` | often made of party names |
| agreement title | kept¹ | coded ``Agreement …`` | names the parties |
| agreement kind, forum kind | kept¹ | kept if known³, else ``other`` | a category |
| agreement dates, status | kept | kept | about no one |
| party responsibility | subject: dropped; else kept¹ | dropped | what a named party does |
| forum id | kept | coded ``f-…`` | as agreement ids |
| forum name | kept¹ | coded ``Forum …`` | often a chair's name |
| required sectors; member role, since | kept | kept | structure |
| programme name | kept¹ | coded ``Programme …`` | names the town or backbone |
| wave label | kept¹ | kept¹ | waves must stay apart |
| as_of | kept | kept | the date of every measure |
| the programme's other settings | dropped | dropped | unknown content |
| sector names and aliases | kept¹ | kept¹ | what is reported by |
| the user's own columns, every sheet | dropped | dropped | unknown content |

¹ scrubbed (see above). ² unless ``keep_sensitive``. ³ in :data:`AGREEMENT_KINDS` or
:data:`FORUM_KINDS` (compared as a token: case, spaces and hyphens ignored).

Agreement, forum and programme codes are HMACs too (each with its own
domain), so they also stay the same across waves under the same key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from stakeholder_map.errors import PseudonymisationError
from stakeholder_map.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementParty,
    Forum,
    ForumMember,
    Programme,
    Sector,
    StakeholderMap,
    TieType,
)

__all__ = ["AGREEMENT_KINDS", "FORUM_KINDS", "KEY_ENV", "MIN_KEY_CHARACTERS", "MIN_KEY_LENGTH",
           "check_key", "pseudonym", "pseudonymise"]

KEY_ENV = "STAKEHOLDER_MAP_KEY"
"""The environment variable the command line reads the key from."""

MIN_KEY_LENGTH = 16
"""Characters a key must have at least: a short key is found by trying keys against one
export and a guessable id (``k3y`` took 0.2 s)."""
MIN_KEY_CHARACTERS = 8
"""Different characters a key must have at least (``aaaaaaaaaaaaaaaa`` is long, not secret)."""

_MAKE_ONE = ("make a random one with `stakeholder-map key new` and keep it private "
             "(--key KEY or STAKEHOLDER_MAP_KEY)")


def check_key(key: str) -> None:
    """Refuse a key that is empty, shorter than :data:`MIN_KEY_LENGTH` characters or made of
    fewer than :data:`MIN_KEY_CHARACTERS` different characters, saying how to make one.

    The message never repeats the key. Raises
    :class:`~stakeholder_map.errors.PseudonymisationError`.

    >>> check_key("a long private key")
    >>> check_key("k3y")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stakeholder_map.errors.PseudonymisationError: the pseudonymisation key is too short (3 ...
    """
    if not key:
        raise PseudonymisationError(f"the pseudonymisation key is empty: {_MAKE_ONE}")
    if len(key) < MIN_KEY_LENGTH:
        raise PseudonymisationError(
            f"the pseudonymisation key is too short ({_count(len(key), 'character')}, at least "
            f"{MIN_KEY_LENGTH} needed): {_MAKE_ONE}")
    distinct = len(set(key))
    if distinct < MIN_KEY_CHARACTERS:
        raise PseudonymisationError(
            f"the pseudonymisation key is too easy to guess "
            f"({_count(distinct, 'different character')}, at least {MIN_KEY_CHARACTERS} "
            f"needed): {_MAKE_ONE}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

_PREFIX = {
    ActorKind.PERSON: ("p-", "Person"),
    ActorKind.ORGANISATION: ("o-", "Org"),
    ActorKind.UNIT: ("u-", "Unit"),
    ActorKind.GROUP: ("g-", "Group"),
}
ID_HEX = 10
"""Hex digits of the digest in a pseudonymous id (40 bits)."""
NAME_HEX = 6
"""Hex digits of the digest in a pseudonymous name."""

AGREEMENT_KINDS = frozenset({
    "mou", "memorandum", "memorandum_of_understanding", "protocol_of_intent",
    "letter_of_intent", "participation_agreement", "partnership_agreement",
    "framework_agreement", "cooperation_agreement", "service_agreement", "contract", "grant",
    "other"})
"""Agreement kinds ``everyone=True`` keeps (compared as a token); any other becomes ``other``."""
FORUM_KINDS = frozenset({
    "working_group", "steering_committee", "committee", "task_force", "advisory_board",
    "board", "council", "coordinating_body", "roundtable", "round_table", "policy_dialogue",
    "residents_forum", "community_forum", "programme_cohort", "cohort", "training",
    "network", "assembly", "conference", "other"})
"""Forum kinds ``everyone=True`` keeps (compared as a token); any other becomes ``other``."""

_EMPTY: Mapping[str, str] = MappingProxyType({})


def _digest(domain: str, text: str, key: str) -> str:
    check_key(key)
    return hmac.new(key.encode("utf-8"), f"stakeholder-map/{domain}\x00{text}".encode(),
                    hashlib.sha256).hexdigest()


def pseudonym(actor_id: str, kind: ActorKind, key: str) -> tuple[str, str]:
    """The pseudonymous ``(id, name)`` of one actor under ``key``.

    >>> pseudonym("km-mayor", ActorKind.PERSON, "a long private key")
    ('p-82532f8c6f', 'Person 82532F')
    >>> pseudonym("km-mayor", ActorKind.PERSON, "another long private key")[0] != 'p-82532f8c6f'
    True
    """
    digest = _digest("actor", actor_id, key)
    prefix, word = _PREFIX[kind]
    return prefix + digest[:ID_HEX], f"{word} {digest[:NAME_HEX].upper()}"


def _code(domain: str, prefix: str, word: str, text: str, key: str) -> tuple[str, str]:
    """``(id, name)`` of an agreement, forum or programme under ``key``."""
    digest = _digest(domain, text, key)
    return prefix + digest[:ID_HEX], f"{word} {digest[:NAME_HEX].upper()}"


def pseudonymise(smap: StakeholderMap, key: str, *, everyone: bool = False,
                 keep_sensitive: bool = False) -> StakeholderMap:
    """A copy of ``smap`` safe to share with someone who must not know who is who.

    - People (``kind=person``; with ``everyone``, all actors) get a
      pseudonymous id and name (see :func:`pseudonym`), used consistently in
      ties, parents, agreement parties, forum members and the backbone.
    - Free text goes or is scrubbed of the pseudonymised names, field by
      field as the table in the module's documentation says; with
      ``everyone``, agreements, forums and the programme get codes too.
    - Tension ties and burned flags are left out unless ``keep_sensitive``.

    Network measures are unchanged: the same actors, ties, agreements and
    forums, renamed. Without ``keep_sensitive`` the tension ties are gone,
    which only changes the per-type degree of tension ties and the tie count.
    Raises :class:`~stakeholder_map.errors.PseudonymisationError` (a
    ValueError) for a key :func:`check_key` refuses or (practically never:
    40-bit codes) two actors, agreements or forums with the same code.
    """
    check_key(key)
    mapping: dict[str, str] = {}
    names: dict[str, str] = {}
    for a in smap.actors:
        if everyone or a.kind is ActorKind.PERSON:
            mapping[a.id], names[a.id] = pseudonym(a.id, a.kind, key)
    _check_unique({a.id for a in smap.actors if a.id not in mapping}, list(mapping.values()),
                  "actors")
    scrub = _Scrubber({**{a.name: names[a.id] for a in smap.actors if a.id in names},
                       **mapping})

    def ref(actor_id: str) -> str:
        return mapping.get(actor_id, actor_id)

    actors = tuple(_actor(a, mapping, names, keep_sensitive, scrub) for a in smap.actors)
    ties = tuple(
        replace(t, source=ref(t.source), target=ref(t.target), notes="", extra=_EMPTY)
        for t in smap.ties if keep_sensitive or t.type is not TieType.TENSION)
    agreements = tuple(_agreement(g, mapping, key, everyone, scrub) for g in smap.agreements)
    forums = tuple(_forum(f, mapping, key, everyone, scrub) for f in smap.forums)
    if everyone:
        _check_unique(set(), [g.id for g in agreements], "agreements")
        _check_unique(set(), [f.id for f in forums], "forums")
    p = smap.programme
    name = p.name
    if everyone and name:
        name = _code("programme", "", "Programme", name, key)[1]
    programme = Programme(scrub(name), p.backbone and ref(p.backbone), p.as_of, scrub(p.wave),
                          _EMPTY)
    sectors = tuple(Sector(s.id, scrub(s.name), s.core, tuple(scrub(x) for x in s.aliases),
                           _EMPTY) for s in smap.sectors)
    return StakeholderMap(actors, ties, agreements, forums, programme, sectors)


def _actor(a: Actor, mapping: Mapping[str, str], names: Mapping[str, str],
           keep_sensitive: bool, scrub: _Scrubber) -> Actor:
    parent = a.parent and mapping.get(a.parent, a.parent)
    burned = a.burned and keep_sensitive
    if a.id not in mapping:
        return replace(a, name=scrub(a.name), parent=parent, burned=burned, notes="",
                       extra=_EMPTY, role=scrub(a.role), region=scrub(a.region),
                       tags=tuple(scrub(t) for t in a.tags))
    return replace(a, id=mapping[a.id], name=names[a.id], parent=parent, role="", region="",
                   tags=(), burned=burned, notes="", extra=_EMPTY)


def _kind(kind: str, known: frozenset[str], everyone: bool, scrub: _Scrubber) -> str:
    if not everyone or not kind:
        return scrub(kind)
    return kind if re.sub(r"[\s\-]+", "_", kind.strip().lower()) in known else "other"


def _agreement(g: Agreement, mapping: Mapping[str, str], key: str, everyone: bool,
               scrub: _Scrubber) -> Agreement:
    parties = tuple(
        AgreementParty(mapping[p.actor]) if p.actor in mapping
        else AgreementParty(p.actor, scrub(p.responsibility))
        for p in g.parties)
    gid, title = g.id, scrub(g.title)
    if everyone:
        gid, title = _code("agreement", "a-", "Agreement", g.id, key)
    return Agreement(gid, title, _kind(g.kind, AGREEMENT_KINDS, everyone, scrub), g.signed,
                     g.expires, g.status, parties, _EMPTY)


def _forum(f: Forum, mapping: Mapping[str, str], key: str, everyone: bool,
           scrub: _Scrubber) -> Forum:
    members = tuple(ForumMember(mapping.get(m.actor, m.actor), m.role, m.since)
                    for m in f.members)
    fid, name = f.id, scrub(f.name)
    if everyone:
        fid, name = _code("forum", "f-", "Forum", f.id, key)
    return Forum(fid, name, _kind(f.kind, FORUM_KINDS, everyone, scrub), f.required_sectors,
                 members, _EMPTY)


def _check_unique(kept: set[str], codes: list[str], what: str) -> None:
    if (set(codes) & kept) or len(set(codes)) != len(codes):
        raise PseudonymisationError(f"two {what} got the same pseudonym under this key; "
                                    "choose another key")


_WORD = re.compile(r"[^\W_]+")
"""A run of letters and digits: names are matched from one run's start to another's end."""


def _fold(text: str) -> str:
    """``text`` in lower case, letter for letter: a letter whose lower case is longer (``İ``)
    stays as written, so positions in the folded text are positions in ``text``."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


class _Scrubber:
    """Replaces each name or id of a pseudonymised actor, found as whole words, by its code.

    Case is ignored; a name shorter than three characters is left alone (it would match
    everywhere). A text is split into runs of letters and digits once and each span of up
    to as many runs as the longest name is looked up in a dictionary, so a map with a
    hundred thousand people scrubs its texts in linear time. (The rare name that starts or
    ends with punctuation is searched for on its own.)

    >>> scrub = _Scrubber({"Dana Levi": "Person 3F2A91", "km-dana": "p-3f2a91c0de",
    ...                    "(Ann)": "Person 0A0B0C", "Ann": "Person 999999"})
    >>> scrub("DANA LEVI's roundtable (km-dana); (ann), Ann")
    "Person 3F2A91's roundtable (p-3f2a91c0de); Person 0A0B0C, Person 999999"
    >>> scrub("Danalevi Street, Dana Levinson")
    'Danalevi Street, Dana Levinson'
    """

    def __init__(self, replacements: Mapping[str, str]) -> None:
        self.exact: dict[str, str] = {}
        self.span = 0
        odd: dict[str, str] = {}
        for old, new in replacements.items():
            folded = _fold(old.strip())
            if len(folded) < 3:
                continue
            if folded[0].isalnum() and folded[-1].isalnum():
                self.exact.setdefault(folded, new)
                self.span = max(self.span, len(_WORD.findall(folded)))
            else:
                odd.setdefault(folded, new)
        self.odd = odd
        alternatives = "|".join(re.escape(o) for o in sorted(odd, key=len, reverse=True))
        self.odd_pattern = re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])",
                                      re.IGNORECASE) if odd else None

    def __call__(self, text: str) -> str:
        if len(text) < 3:
            return text
        if self.odd_pattern is not None:   # first: such a name often holds a plain one
            text = self.odd_pattern.sub(lambda m: self.odd.get(m.group().lower(), m.group()),
                                        text)
        return self._words(text) if self.exact else text

    def _words(self, text: str) -> str:
        folded = _fold(text)
        runs = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
        out: list[str] = []
        last = k = 0
        while k < len(runs):
            start = runs[k][0]
            for j in range(min(len(runs), k + self.span) - 1, k - 1, -1):
                new = self.exact.get(folded[start:runs[j][1]])
                if new is not None:
                    out += [text[last:start], new]
                    last, k = runs[j][1], j
                    break
            k += 1
        return "".join(out) + text[last:] if out else text
