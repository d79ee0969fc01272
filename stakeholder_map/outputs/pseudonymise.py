"""Pseudonymised sharing: the same map with people's identities replaced by stable codes.

An evaluator often needs the network but must not receive who is in it.
:func:`pseudonymise` replaces the id and name of every person (with
``everyone=True``: of every actor) by a code derived from a key the user
keeps, drops free text and, unless asked to keep them, the sensitive facts
(tension ties, burned flags). The structure is untouched, so every network
measure of the result equals the measure of the original actor.

The codes are HMAC-SHA256 of the actor's id under the key (RFC 2104): the
same key gives the same codes in every wave, so two pseudonymised waves can
still be compared actor by actor; without the key the codes cannot be
linked back to ids, nor recomputed from guessed ids.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace

from stakeholder_map.errors import PseudonymisationError
from stakeholder_map.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementParty,
    ForumMember,
    Programme,
    StakeholderMap,
    TieType,
)

__all__ = ["KEY_ENV", "pseudonym", "pseudonymise"]

KEY_ENV = "STAKEHOLDER_MAP_KEY"
"""The environment variable the command line reads the key from."""

_PREFIX = {
    ActorKind.PERSON: ("p-", "Person"),
    ActorKind.ORGANISATION: ("o-", "Org"),
    ActorKind.UNIT: ("u-", "Unit"),
    ActorKind.GROUP: ("g-", "Group"),
}
_DOMAIN = b"stakeholder-map/actor\x00"
ID_HEX = 10
"""Hex digits of the digest in a pseudonymous id (40 bits)."""
NAME_HEX = 6
"""Hex digits of the digest in a pseudonymous name."""


def pseudonym(actor_id: str, kind: ActorKind, key: str) -> tuple[str, str]:
    """The pseudonymous ``(id, name)`` of one actor under ``key``.

    >>> pseudonym("km-mayor", ActorKind.PERSON, "a long private key")
    ('p-82532f8c6f', 'Person 82532F')
    >>> pseudonym("km-mayor", ActorKind.PERSON, "another key")[0] != 'p-82532f8c6f'
    True
    """
    if not key:
        raise PseudonymisationError("the pseudonymisation key is empty: give a private key "
                                    "(--key KEY or STAKEHOLDER_MAP_KEY)")
    digest = hmac.new(key.encode("utf-8"), _DOMAIN + actor_id.encode("utf-8"),
                      hashlib.sha256).hexdigest()
    prefix, word = _PREFIX[kind]
    return prefix + digest[:ID_HEX], f"{word} {digest[:NAME_HEX].upper()}"


def pseudonymise(smap: StakeholderMap, key: str, *, everyone: bool = False,
                 keep_sensitive: bool = False) -> StakeholderMap:
    """A copy of ``smap`` safe to share with someone who must not know who is who.

    - People (``kind=person``; with ``everyone``, all actors) get a
      pseudonymous id and name (see :func:`pseudonym`), used consistently in
      ties, parents, agreement parties, forum members and the backbone.
    - Free text goes: every actor's notes and every tie's notes; the role,
      tags and extra columns of each pseudonymised actor; the responsibility
      and extra columns of each pseudonymised agreement party or forum
      member; with ``everyone``, agreement titles too (they usually name the
      parties).
    - Tension ties and burned flags are left out unless ``keep_sensitive``.

    Network measures are unchanged: the same actors, ties, agreements and
    forums, renamed. Without ``keep_sensitive`` the tension ties are gone,
    which only changes the per-type degree of tension ties and the tie count.
    Raises ValueError for an empty key or (practically never: 40-bit codes)
    two actors with the same code.
    """
    if not key:
        raise PseudonymisationError("the pseudonymisation key is empty: give a private key "
                                    "(--key KEY or STAKEHOLDER_MAP_KEY)")
    mapping: dict[str, str] = {}
    names: dict[str, str] = {}
    for a in smap.actors:
        if everyone or a.kind is ActorKind.PERSON:
            mapping[a.id], names[a.id] = pseudonym(a.id, a.kind, key)
    _check_unique(smap, mapping)

    def ref(actor_id: str) -> str:
        return mapping.get(actor_id, actor_id)

    actors = tuple(_actor(a, mapping, names, keep_sensitive) for a in smap.actors)
    ties = tuple(
        replace(t, source=ref(t.source), target=ref(t.target), notes="")
        for t in smap.ties if keep_sensitive or t.type is not TieType.TENSION)
    agreements = tuple(
        Agreement(g.id, "" if everyone else g.title, g.kind, g.signed, g.expires, g.status,
                  tuple(_party(p, mapping) for p in g.parties), g.extra)
        for g in smap.agreements)
    forums = tuple(
        replace(f, members=tuple(_member(m, mapping) for m in f.members)) for f in smap.forums)
    backbone = smap.programme.backbone
    programme: Programme = replace(smap.programme, backbone=backbone and ref(backbone))
    return StakeholderMap(actors, ties, agreements, forums, programme, smap.sectors)


def _actor(a: Actor, mapping: dict[str, str], names: dict[str, str],
           keep_sensitive: bool) -> Actor:
    parent = a.parent and mapping.get(a.parent, a.parent)
    burned = a.burned and keep_sensitive
    if a.id not in mapping:
        return replace(a, parent=parent, burned=burned, notes="")
    return replace(a, id=mapping[a.id], name=names[a.id], parent=parent, role="", tags=(),
                   burned=burned, notes="", extra={})


def _party(p: AgreementParty, mapping: dict[str, str]) -> AgreementParty:
    if p.actor not in mapping:
        return p
    return AgreementParty(mapping[p.actor])


def _member(m: ForumMember, mapping: dict[str, str]) -> ForumMember:
    if m.actor not in mapping:
        return m
    return ForumMember(mapping[m.actor], m.role, m.since)


def _check_unique(smap: StakeholderMap, mapping: dict[str, str]) -> None:
    kept = {a.id for a in smap.actors if a.id not in mapping}
    codes = list(mapping.values())
    clash = (set(codes) & kept) or (len(set(codes)) != len(codes))
    if clash:
        raise PseudonymisationError("two actors got the same pseudonym under this key; "
                         "choose another key")
