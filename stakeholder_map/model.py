"""The stakeholder model: typed, frozen records for one validated workbook.

Everything here is plain data. Reading and checking a workbook lives in
:mod:`stakeholder_map.workbook.read` and :mod:`stakeholder_map.workbook.validate`; analysis
reads these records and never mutates them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from functools import cached_property

__all__ = [
    "CORE_SECTORS",
    "DEFAULT_SECTORS",
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementParty",
    "AgreementStatus",
    "Engagement",
    "Forum",
    "ForumMember",
    "ForumRole",
    "Programme",
    "Sector",
    "StakeholderMap",
    "Tie",
    "TieType",
]

Extra = Mapping[str, str]
"""Columns the user added that the format does not know: kept, never dropped."""


class Engagement(IntEnum):
    """The engagement ladder, ordered from least to most engaged.

    ``passive`` is consent that does not oppose; ``active`` is real
    involvement (sits on a committee, carries work) — the distinction the
    Kehila Metiva readiness guide draws. The rest follows the PMBOK
    stakeholder engagement assessment matrix.
    """

    UNAWARE = 0
    RESISTANT = 1
    PASSIVE = 2
    SUPPORTIVE = 3
    ACTIVE = 4
    LEADING = 5

    @property
    def label(self) -> str:
        return self.name.lower()


class ActorKind(Enum):
    ORGANISATION = "organisation"
    UNIT = "unit"
    PERSON = "person"
    GROUP = "group"


class TieType(Enum):
    """Relation types. ``directed`` says whether source→target differs from target→source."""

    INFLUENCE = "influence"
    COLLABORATION = "collaboration"
    COMMUNICATION = "communication"
    FUNDING = "funding"
    REPORTS_TO = "reports_to"
    TENSION = "tension"

    @property
    def directed(self) -> bool:
        return self in (TieType.INFLUENCE, TieType.FUNDING, TieType.REPORTS_TO)


class AgreementStatus(Enum):
    DRAFT = "draft"
    SIGNED = "signed"
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class ForumRole(Enum):
    CHAIR = "chair"
    SECRETARY = "secretary"
    COORDINATOR = "coordinator"
    MEMBER = "member"


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector of the programme: one of the defaults or one a ``sectors`` sheet adds."""

    id: str
    name: str
    core: bool = False
    aliases: tuple[str, ...] = ()
    extra: Extra = field(default_factory=dict)


CORE_SECTORS: tuple[str, ...] = (
    "public",
    "business",
    "civil_society",
    "academia",
    "philanthropy",
)
"""The five sectors of collective impact (Kania & Kramer 2011)."""

DEFAULT_SECTORS: tuple[Sector, ...] = (
    Sector("public", "Public sector", True,
           ("government", "municipality", "municipal", "authority", "authorities", "state",
            "public_sector", "ministry")),
    Sector("business", "Business", True,
           ("private", "company", "companies", "corporate", "private_sector", "enterprise")),
    Sector("civil_society", "Civil society", True,
           ("ngo", "nko", "npo", "nonprofit", "non_profit", "third_sector", "social", "cso",
            "civil")),
    Sector("academia", "Academia", True,
           ("university", "college", "research", "school_of_higher_education", "academic")),
    Sector("philanthropy", "Philanthropy", True,
           ("funder", "foundation", "donor", "funders", "philanthropic")),
    Sector("community", "Community", False,
           ("residents", "grassroots", "citizens", "community_groups", "activists")),
    Sector("media", "Media", False, ("press", "news", "journalism")),
)


@dataclass(frozen=True, slots=True)
class Actor:
    """An organisation, a unit of one, a person or an informal group."""

    id: str
    name: str
    sector: str
    kind: ActorKind = ActorKind.ORGANISATION
    parent: str | None = None
    role: str = ""
    region: str = ""
    formal_influence: float = 1.0
    informal_influence: float = 0.0
    engagement: Engagement = Engagement.UNAWARE
    target_engagement: Engagement | None = None
    burned: bool = False
    tags: tuple[str, ...] = ()
    notes: str = ""
    extra: Extra = field(default_factory=dict)

    @property
    def influence(self) -> float:
        """Influence by position or by personality, whichever is larger."""
        return max(self.formal_influence, self.informal_influence)


@dataclass(frozen=True, slots=True)
class Tie:
    """One relation between two actors, as one row of the ``ties`` sheet."""

    source: str
    target: str
    type: TieType
    weight: float = 1.0
    trust: float | None = None
    value: float | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    notes: str = ""
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AgreementParty:
    actor: str
    responsibility: str = ""
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Agreement:
    """A cooperation agreement, protocol of intent, MoU, contract or grant."""

    id: str
    title: str = ""
    kind: str = ""
    signed: dt.date | None = None
    expires: dt.date | None = None
    status: AgreementStatus = AgreementStatus.SIGNED
    parties: tuple[AgreementParty, ...] = ()
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ForumMember:
    actor: str
    role: ForumRole = ForumRole.MEMBER
    since: dt.date | None = None
    extra: Extra = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Forum:
    """A coordinating body, working group, committee or task force."""

    id: str
    name: str = ""
    kind: str = ""
    required_sectors: tuple[str, ...] | None = None
    members: tuple[ForumMember, ...] = ()
    extra: Extra = field(default_factory=dict)

    @property
    def required(self) -> tuple[str, ...]:
        """The sectors this forum should include (default: the five core sectors)."""
        return CORE_SECTORS if self.required_sectors is None else self.required_sectors


@dataclass(frozen=True, slots=True)
class Programme:
    """Settings from the ``programme`` sheet."""

    name: str = ""
    backbone: str | None = None
    as_of: dt.date | None = None
    wave: str = ""
    extra: Extra = field(default_factory=dict)
    language: str = ""
    """The language the programme's outputs speak unless asked otherwise (``lt``, ``he`` …;
    empty: the reader's own)."""

    def reference_date(self) -> dt.date:
        """The date the data describes: ``as_of``, or today when it is not set."""
        return self.as_of or dt.date.today()


@dataclass(frozen=True)
class StakeholderMap:
    """One whole validated workbook.

    ``actors``, ``agreements`` and ``forums`` keep the order of the workbook;
    use :attr:`actor_by_id` for look-ups.
    """

    actors: tuple[Actor, ...]
    ties: tuple[Tie, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    forums: tuple[Forum, ...] = ()
    programme: Programme = field(default_factory=Programme)
    sectors: tuple[Sector, ...] = DEFAULT_SECTORS

    @cached_property
    def actor_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    @cached_property
    def sector_by_id(self) -> dict[str, Sector]:
        return {s.id: s for s in self.sectors}

    @property
    def backbone(self) -> Actor | None:
        bid = self.programme.backbone
        return self.actor_by_id.get(bid) if bid else None

    def summary(self) -> dict[str, object]:
        """Counts a person checks first: actors per sector, ties per type, agreements, forums."""
        per_sector = Counter(a.sector for a in self.actors)
        per_type = Counter(t.type.value for t in self.ties)
        return {
            "programme": self.programme.name,
            "actors": len(self.actors),
            "actors_per_sector": {s.id: per_sector.get(s.id, 0) for s in self.sectors},
            "ties": len(self.ties),
            "ties_per_type": {t.value: per_type.get(t.value, 0) for t in TieType},
            "agreements": len(self.agreements),
            "forums": len(self.forums),
        }
