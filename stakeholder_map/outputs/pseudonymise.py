"""Pseudonymised sharing: the same map with identities replaced by stable codes.

An evaluator often needs the network but must not receive who is in it.
:func:`pseudonymise` replaces the id and name of every person (with
``everyone=True``: of every actor) by a code derived from a key the user
keeps, codes agreements, forums and the programme, coarsens what narrows a
person down and, unless asked to keep them, leaves out the sensitive facts
(tension ties, burned flags). The structure is untouched, so every network
measure of the result equals the measure of the original actor.

The codes are HMAC-SHA256 of the actor's id under the key (RFC 2104): the
same key gives the same codes in every wave, so two pseudonymised waves can
still be compared actor by actor; without the key the codes cannot be
linked back to ids, nor recomputed from guessed ids.

**An allow-list.** The result is built field by field from :data:`POLICY`,
never copied from the input: a field the policy does not name is not passed
on (the record gets the field's default), so a field added to the model
later leaves nothing until it is classified here. A test fails while any
field of the model is missing from :data:`POLICY` or from this table.

What happens to each field. *Subjects* are the pseudonymised actors: the
people (``--pseudonymise``) or every actor (``--pseudonymise-all``). A text
that is *kept* is still *scrubbed*: wherever it spells the name or the id of
a subject (as a whole word, ignoring case), that is replaced by the
subject's pseudonym — "Dana Levi's roundtable" becomes "Person 3F2A91's
roundtable".

| record: fields | ``--pseudonymise`` | ``--pseudonymise-all`` | why |
|---|---|---|---|
| actor: id, name | a person's: coded; else kept¹ | coded | who it is |
| actor: sector, kind, engagement, target_engagement | kept | kept | what is analysed |
| actor: parent | a person's: dropped²; else follows the codes | same | names a person |
| actor: role, region, tags | a person's: dropped; else kept¹ | dropped | narrow a person down |
| actor: formal_influence, informal_influence | a person's: banded²⁴; else kept | banded²⁴ | idem |
| actor: notes | dropped | dropped | they talk about people |
| actor: burned | dropped² | dropped² | a sensitive judgement |
| tie: source, target | follow the codes | follow the codes | structure |
| tie: type | kept; tension ties left out² | same | tension is a judgement |
| tie: weight, trust, value, since, until | kept | kept | structure |
| tie: notes | dropped | dropped | they talk about people |
| agreement: id, title | coded ``a-…``, ``Agreement …``³ | coded³ | often made of party names |
| agreement: kind | kept if known, else ``other``³ | same | a category |
| agreement: signed, expires, status | kept | kept | about no one |
| agreement: parties | each as *party* | each as *party* | structure |
| party: actor | follows the codes | follows the codes | structure |
| party: responsibility | a person's: dropped; else kept¹ | dropped | what a named party does |
| forum: id, name | coded ``f-…``, ``Forum …``³ | coded³ | often a chair's name |
| forum: kind | kept if known, else ``other``³ | same | a category |
| forum: required_sectors | kept | kept | structure |
| forum: members | each as *member* | each as *member* | structure |
| member: actor | follows the codes | follows the codes | structure |
| member: role, since | kept | kept | structure |
| programme: name | coded ``Programme …``³ | coded³ | names the town or backbone |
| programme: backbone | follows the codes | follows the codes | structure |
| programme: as_of | kept | kept | the date of every measure |
| programme: language | kept | kept | the language outputs speak |
| programme: wave | kept¹ | kept¹ | waves must stay apart |
| programme: extra | dropped | dropped | other settings: unknown content |
| sector: id, core | kept | kept | what is reported by |
| sector: name, aliases | kept¹ | kept¹ | what is reported by |
| actor, tie, agreement, party, forum, member, sector: extra | dropped⁵ | dropped⁵ | unknown |
| map: actors, ties, agreements, forums, programme, sectors | as above | as above | the records |

¹ scrubbed (see above). ² unless ``keep_sensitive``. ³ with ``keep_titles``: kept¹ (the
ids too), kinds kept¹ as written; without it an empty title or programme name stays
empty, and a kind is kept only when it is in :data:`AGREEMENT_KINDS` or
:data:`FORUM_KINDS` (compared as a token: case, spaces and hyphens ignored).
⁴ :func:`influence_band`: 0 stays 0, above 0 and below 3 becomes 1.5 (low), 3 to below 4
becomes 3 (mid), 4 to 5 becomes 4.5 (high). ⁵ unless named in ``keep_columns``
(``NAME`` on every sheet that has it, ``SHEET.NAME`` on one): such a column is kept¹ in
every row.

Agreement, forum and programme codes are HMACs too (each with its own
domain), so they also stay the same across waves under the same key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from itertools import chain
from types import MappingProxyType
from typing import Any

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
    Tie,
    TieType,
)

__all__ = ["AGREEMENT_KINDS", "FORUM_KINDS", "INFLUENCE_BOUNDS", "INFLUENCE_HIGH",
           "INFLUENCE_LOW", "INFLUENCE_MID", "KEY_ENV", "MIN_KEY_CHARACTERS", "MIN_KEY_LENGTH",
           "POLICY", "SHEETS", "UnknownColumn", "check_key", "influence_band", "kept_columns",
           "own_columns", "pseudonym", "pseudonymise"]

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


INFLUENCE_LOW, INFLUENCE_MID, INFLUENCE_HIGH = 1.5, 3.0, 4.5
"""What a banded influence rating becomes: the middle of the ratings 1–2, 3 and 4–5."""
INFLUENCE_BOUNDS = (3.0, 4.0)
"""Where the mid and the high band start. ``Thresholds.influence`` (3) is one of them, so
every actor is influential, or not, exactly as before the banding."""


def influence_band(rating: float) -> float:
    """An influence rating (0–5) coarsened to its band, as a valid rating.

    Monotone: a higher rating never gets a lower band, so "at least 3" (or at least 4)
    holds of the band exactly when it holds of the rating.

    >>> [influence_band(r) for r in (0, 0.5, 1, 2, 2.9, 3, 3.5, 4, 5)]
    [0.0, 1.5, 1.5, 1.5, 1.5, 3.0, 3.0, 4.5, 4.5]
    """
    mid, high = INFLUENCE_BOUNDS
    if rating >= high:
        return INFLUENCE_HIGH
    if rating >= mid:
        return INFLUENCE_MID
    return INFLUENCE_LOW if rating > 0 else 0.0


SHEETS: Mapping[type, str] = MappingProxyType({
    Actor: "actors", Tie: "ties", Agreement: "agreements",
    AgreementParty: "agreement_parties", Forum: "forums", ForumMember: "forum_members",
    Sector: "sectors"})
"""The sheet each record with the user's own columns comes from (``--keep-column SHEET.NAME``);
the programme's other settings are rows, not columns, and always dropped."""

POLICY: Mapping[type, Mapping[str, str]] = MappingProxyType({
    Actor: {"id": "actor_id", "name": "actor_name", "sector": "keep", "kind": "keep",
            "parent": "parent", "role": "subject_text", "region": "subject_text",
            "formal_influence": "influence", "informal_influence": "influence",
            "engagement": "keep", "target_engagement": "keep", "burned": "sensitive",
            "tags": "subject_text", "notes": "drop", "extra": "columns"},
    Tie: {"source": "ref", "target": "ref", "type": "keep", "weight": "keep", "trust": "keep",
          "value": "keep", "since": "keep", "until": "keep", "notes": "drop",
          "extra": "columns"},
    AgreementParty: {"actor": "ref", "responsibility": "subject_text", "extra": "columns"},
    Agreement: {"id": "title_id", "title": "title", "kind": "title_kind", "signed": "keep",
                "expires": "keep", "status": "keep", "parties": "records",
                "extra": "columns"},
    ForumMember: {"actor": "ref", "role": "keep", "since": "keep", "extra": "columns"},
    Forum: {"id": "title_id", "name": "title", "kind": "title_kind",
            "required_sectors": "keep", "members": "records", "extra": "columns"},
    Programme: {"name": "title", "backbone": "ref", "as_of": "keep", "wave": "scrub",
                "extra": "drop", "language": "keep"},
    Sector: {"id": "keep", "name": "scrub", "core": "keep", "aliases": "scrub",
             "extra": "columns"},
    StakeholderMap: {"actors": "records", "ties": "ties", "agreements": "records",
                     "forums": "records", "programme": "record", "sectors": "records"},
})
"""Every field of every record of the model and the rule that makes its shared value: the
allow-list the module's table describes. ``drop`` leaves the field at its default."""

_TITLES: Mapping[type, tuple[str, str, str, frozenset[str]]] = MappingProxyType({
    Agreement: ("agreement", "a-", "Agreement", AGREEMENT_KINDS),
    Forum: ("forum", "f-", "Forum", FORUM_KINDS),
    Programme: ("programme", "", "Programme", frozenset())})


class UnknownColumn(PseudonymisationError):
    """``keep_columns`` names a column no sheet of the workbook has among the user's own."""

    def __init__(self, name: str, present: Mapping[str, list[str]], sheet: str = "") -> None:
        columns = [f"{s}.{c}" for s, cs in present.items() for c in cs]
        shown = ", ".join(columns[:_SHOWN]) + (f" and {len(columns) - _SHOWN} more"
                                                if len(columns) > _SHOWN else "")
        super().__init__(
            (f"the {sheet} sheet has no column {name!r} of your own to keep; " if sheet else
             f"no sheet has a column {name!r} of your own to keep; ")
            + (f"the columns you added are: {shown}" if columns else
               "the workbook has no columns of your own (those the format defines follow "
               "the field policy: docs/outputs.md)"))


_SHOWN = 30
"""Columns an unknown-column message lists at most."""


def own_columns(smap: StakeholderMap) -> dict[str, list[str]]:
    """The user's own columns of each sheet, in the order first met (a column no row
    fills is not seen)."""
    found: dict[str, dict[str, None]] = {}
    records: Iterable[Any] = chain(
        smap.actors, smap.ties, smap.agreements, (p for g in smap.agreements for p in g.parties),
        smap.forums, (m for f in smap.forums for m in f.members), smap.sectors)
    for record in records:
        if record.extra:
            found.setdefault(SHEETS[type(record)], {}).update(dict.fromkeys(record.extra))
    return {sheet: list(found[sheet]) for sheet in SHEETS.values() if sheet in found}


def kept_columns(smap: StakeholderMap, names: Iterable[str]) -> dict[str, frozenset[str]]:
    """Per sheet, the user's own columns ``names`` asks to keep.

    A name is matched as a token (case, spaces and hyphens ignored); ``SHEET.NAME``
    (``actors.stream``) names one sheet's column, a plain name that column on every sheet
    that has it (a column called ``ties.x`` on the actors sheet is found by its whole
    name too). Raises :class:`UnknownColumn` listing the columns there are.
    """
    names = list(names)
    if not names:
        return {}
    present = own_columns(smap)
    kept: dict[str, set[str]] = {}
    for name in names:
        sheet, dot, column = name.partition(".")
        one = _token(sheet) if dot and _token(sheet) in SHEETS.values() else ""
        hits = [(one, c) for c in present.get(one, ()) if _token(c) == _token(column)]
        if not hits:   # also a plain name that holds a dot
            hits = [(s, c) for s, cs in present.items() for c in cs if _token(c) == _token(name)]
        if not hits:
            raise UnknownColumn(column if one else name, present, one)
        for s, c in hits:
            kept.setdefault(s, set()).add(c)
    return {s: frozenset(cs) for s, cs in kept.items()}


def _token(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def pseudonymise(smap: StakeholderMap, key: str, *, everyone: bool = False,
                 keep_sensitive: bool = False, keep_titles: bool = False,
                 keep_columns: Iterable[str] = ()) -> StakeholderMap:
    """A copy of ``smap`` safe to share with someone who must not know who is who.

    - People (``kind=person``; with ``everyone``, all actors) get a
      pseudonymous id and name (see :func:`pseudonym`), used consistently in
      ties, parents, agreement parties, forum members and the backbone.
    - Agreements, forums and the programme get codes too, unless
      ``keep_titles`` (then their ids, titles, names and kinds are kept, scrubbed).
    - Every field is built by the rule :data:`POLICY` gives it, as the table in
      the module's documentation says: free text goes or is scrubbed of the
      pseudonymised names, the user's own columns go unless named in
      ``keep_columns`` (see :func:`kept_columns`).
    - Unless ``keep_sensitive``: tension ties and burned flags are left out, a
      person's parent is dropped and the subjects' influence ratings banded
      (:func:`influence_band`).

    Network measures are unchanged: the same actors, ties, agreements and
    forums, renamed. Without ``keep_sensitive`` the tension ties are gone,
    which only changes the per-type degree of tension ties and the tie count.
    Raises :class:`~stakeholder_map.errors.PseudonymisationError` (a
    ValueError) for a key :func:`check_key` refuses, an unknown column
    (:class:`UnknownColumn`) or (practically never: 40-bit codes) two actors,
    agreements or forums with the same code.
    """
    check_key(key)
    run = _Run(smap, key, everyone, keep_sensitive, keep_titles,
               kept_columns(smap, keep_columns))
    shared: StakeholderMap = run.build(smap)
    _check_unique({a.id for a in smap.actors if a.id not in run.mapping},
                  list(run.mapping.values()), "actors")
    _check_unique(set(), [g.id for g in shared.agreements], "agreements")
    _check_unique(set(), [f.id for f in shared.forums], "forums")
    return shared


class _Run:
    """One pseudonymisation: the codes of the subjects and a method per rule of :data:`POLICY`.

    A rule method takes the record and the field's value and returns the shared value.
    """

    def __init__(self, smap: StakeholderMap, key: str, everyone: bool, keep_sensitive: bool,
                 keep_titles: bool, columns: Mapping[str, frozenset[str]]) -> None:
        self.key, self.everyone, self.keep_sensitive = key, everyone, keep_sensitive
        self.keep_titles, self.columns = keep_titles, columns
        self.mapping: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.people = {a.id for a in smap.actors if a.kind is ActorKind.PERSON}
        for a in smap.actors:
            if everyone or a.kind is ActorKind.PERSON:
                self.mapping[a.id], self.names[a.id] = pseudonym(a.id, a.kind, key)
        self.scrubber = _Scrubber({**{a.name: self.names[a.id] for a in smap.actors
                                      if a.id in self.names}, **self.mapping})

    def build(self, record: Any) -> Any:
        """The shared copy of ``record``: each field :data:`POLICY` names, by its rule."""
        cls = type(record)
        values = {}
        for name, rule in POLICY[cls].items():
            if rule != "drop":
                values[name] = getattr(self, "_" + rule)(record, getattr(record, name))
        return cls(**values)

    def _subject(self, record: Any) -> bool:
        return (record.id if isinstance(record, Actor) else record.actor) in self.mapping

    # --- the rules ---------------------------------------------------------------

    def _keep(self, record: Any, value: Any) -> Any:
        return value

    def _ref(self, record: Any, value: str | None) -> str | None:
        return value and self.mapping.get(value, value)

    def _scrub(self, record: Any, value: str | tuple[str, ...]) -> Any:
        return self.scrubber(value) if isinstance(value, str) else tuple(
            self.scrubber(v) for v in value)

    def _actor_id(self, record: Actor, value: str) -> str:
        return self.mapping.get(value, value)

    def _actor_name(self, record: Actor, value: str) -> str:
        return self.names.get(record.id) or self.scrubber(value)

    def _subject_text(self, record: Any, value: str | tuple[str, ...]) -> Any:
        return type(value)() if self._subject(record) else self._scrub(record, value)

    def _parent(self, record: Actor, value: str | None) -> str | None:
        if record.id in self.people and not self.keep_sensitive:
            return None
        return self._ref(record, value)

    def _influence(self, record: Actor, value: float) -> float:
        return value if self.keep_sensitive or not self._subject(record) else influence_band(
            value)

    def _sensitive(self, record: Any, value: bool) -> bool:
        return value and self.keep_sensitive

    def _title_code(self, record: Agreement | Forum | Programme) -> tuple[str, str]:
        domain, prefix, word, _ = _TITLES[type(record)]
        return _code(domain, prefix, word, record.name if isinstance(record, Programme)
                     else record.id, self.key)

    def _title_id(self, record: Agreement | Forum, value: str) -> str:
        return self.scrubber(value) if self.keep_titles else self._title_code(record)[0]

    def _title(self, record: Agreement | Forum | Programme, value: str) -> str:
        if self.keep_titles:
            return self.scrubber(value)
        return self._title_code(record)[1] if value else ""

    def _title_kind(self, record: Agreement | Forum, value: str) -> str:
        if self.keep_titles or not value:
            return self.scrubber(value)
        return value if _token(value) in _TITLES[type(record)][3] else "other"

    def _columns(self, record: Any, value: Mapping[str, str]) -> Mapping[str, str]:
        kept = self.columns.get(SHEETS[type(record)])
        if not kept or not value:
            return _EMPTY
        return MappingProxyType({c: self.scrubber(v) for c, v in value.items() if c in kept})

    def _records(self, record: Any, value: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(self.build(r) for r in value)

    def _record(self, record: Any, value: Any) -> Any:
        return self.build(value)

    def _ties(self, record: StakeholderMap, value: tuple[Tie, ...]) -> tuple[Tie, ...]:
        return tuple(self.build(t) for t in value
                     if self.keep_sensitive or t.type is not TieType.TENSION)


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
