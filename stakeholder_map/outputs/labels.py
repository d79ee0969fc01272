"""The words the outputs show for the model's own values, in the current language.

The model keeps engagement levels, tie types, actor kinds, agreement statuses and forum
roles as English identifiers (they are a contract: the workbook and the machine formats
use them). A person reads them through the functions here, which translate them with a
context (``pgettext``), since the same English word can mean two things: *active* is a rung
of the engagement ladder and the status of an agreement. The default sectors' names are
the library's own words too, so they are translated, unless a workbook names its sectors
itself — then the workbook's name is shown as written.

:func:`fill` puts pieces of content (a name to isolate, a bit of code) into a translated
sentence at its named placeholders, so a translator can move them.

Examples
--------
>>> from stakeholder_map.i18n import use_language
>>> with use_language("lt"):
...     engagement_label(Engagement.PASSIVE), tie_label(TieType.REPORTS_TO)
('pasyvus sutikimas', 'pavaldumas')
>>> from stakeholder_map.outputs.html import User
>>> fill("ask {name} to introduce you", name=User("Dana")).parts
('ask ', User(text='Dana', bold=False, kind='user'), ' to introduce you')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from stakeholder_map.i18n import direction, pgettext
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import (
    DEFAULT_SECTORS,
    ActorKind,
    AgreementStatus,
    Engagement,
    ForumRole,
    Sector,
    TieType,
)
from stakeholder_map.outputs.html import Inline, Seq

_E = TypeVar("_E", bound=Enum)

__all__ = [
    "actor_kind_label",
    "agreement_status_label",
    "arrow",
    "engagement_label",
    "fill",
    "forum_role_label",
    "isolate",
    "sector_id_label",
    "sector_label",
    "text_direction",
    "tie_label",
]


def _word(kind: type[_E], value: object, words: Callable[[], dict[_E, str]]) -> str:
    """``value`` as a member of the enum ``kind``, in words; a value the model does not know is
    shown as given."""
    try:
        member = kind(value)
    except ValueError:
        return str(value)
    return words()[member]


def engagement_label(level: Engagement | int | str) -> str:
    """A rung of the engagement ladder as a person reads it (``"passive"``, ``"leading"``)."""
    if isinstance(level, str) and level.upper() in Engagement.__members__:
        level = Engagement[level.upper()]
    return _word(Engagement, level, lambda: {
        Engagement.UNAWARE: pgettext("engagement", "unaware"),
        Engagement.RESISTANT: pgettext("engagement", "resistant"),
        Engagement.PASSIVE: pgettext("engagement", "passive"),
        Engagement.SUPPORTIVE: pgettext("engagement", "supportive"),
        Engagement.ACTIVE: pgettext("engagement", "active"),
        Engagement.LEADING: pgettext("engagement", "leading")})


def tie_label(kind: TieType | str) -> str:
    """A tie type as a person reads it."""
    return _word(TieType, kind, lambda: {
        TieType.INFLUENCE: pgettext("tie type", "influence"),
        TieType.COLLABORATION: pgettext("tie type", "collaboration"),
        TieType.COMMUNICATION: pgettext("tie type", "communication"),
        TieType.FUNDING: pgettext("tie type", "funding"),
        TieType.REPORTS_TO: pgettext("tie type", "reports to"),
        TieType.TENSION: pgettext("tie type", "tension")})


def actor_kind_label(kind: ActorKind | str) -> str:
    """What an actor is: an organisation, a unit of one, a person or an informal group."""
    return _word(ActorKind, kind, lambda: {
        ActorKind.ORGANISATION: pgettext("actor kind", "organisation"),
        ActorKind.UNIT: pgettext("actor kind", "unit"),
        ActorKind.PERSON: pgettext("actor kind", "person"),
        ActorKind.GROUP: pgettext("actor kind", "group")})


def agreement_status_label(status: AgreementStatus | str) -> str:
    """Where an agreement stands: draft, signed, active, expired or terminated."""
    return _word(AgreementStatus, status, lambda: {
        AgreementStatus.DRAFT: pgettext("agreement status", "draft"),
        AgreementStatus.SIGNED: pgettext("agreement status", "signed"),
        AgreementStatus.ACTIVE: pgettext("agreement status", "active"),
        AgreementStatus.EXPIRED: pgettext("agreement status", "expired"),
        AgreementStatus.TERMINATED: pgettext("agreement status", "terminated")})


def forum_role_label(role: ForumRole | str) -> str:
    """A member's role in a forum."""
    return _word(ForumRole, role, lambda: {
        ForumRole.CHAIR: pgettext("forum role", "chair"),
        ForumRole.SECRETARY: pgettext("forum role", "secretary"),
        ForumRole.COORDINATOR: pgettext("forum role", "coordinator"),
        ForumRole.MEMBER: pgettext("forum role", "member")})


_DEFAULT_NAMES = {s.id: s.name for s in DEFAULT_SECTORS}


def _default_sector_name(sid: str) -> str:
    return {
        "public": _("Public sector"),
        "business": _("Business"),
        "civil_society": _("Civil society"),
        "academia": _("Academia"),
        "philanthropy": _("Philanthropy"),
        "community": _("Community"),
        "media": _("Media"),
    }[sid]


def sector_label(sector: Sector | None, sid: str = "") -> str:
    """A sector's name as a person reads it.

    A default sector under its default name is the library's word and is translated;
    a name the workbook gave is shown as written; a sector the programme does not
    define shows its id.

    >>> from stakeholder_map.i18n import use_language
    >>> with use_language("he"):
    ...     sector_label(DEFAULT_SECTORS[0]), sector_label(Sector("public", "עירייה"))
    ('מגזר ציבורי', 'עירייה')
    """
    if sector is None:
        return sid
    if sector.id in _DEFAULT_NAMES and sector.name == _DEFAULT_NAMES[sector.id]:
        return _default_sector_name(sector.id)
    return sector.name or sector.id


def sector_id_label(sid: str) -> str:
    """A sector known only by its id (a wave comparison's rows): a default sector's id as its
    name in the reader's language, any other id as written.

    >>> sector_id_label("civil_society"), sector_id_label("youth")
    ('Civil society', 'youth')
    """
    return _default_sector_name(sid) if sid in _DEFAULT_NAMES else sid


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(text: str, **parts: Inline) -> Seq:
    """A translated sentence with its ``{name}`` placeholders replaced by content pieces.

    The sentence is our own (translated) words; each piece keeps its own kind — a
    :class:`~stakeholder_map.outputs.html.User` name stays isolated, a styled piece stays
    styled — so a translator may put the placeholders wherever the language wants them.
    """
    out: list[Inline] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        if m.group(1) not in parts:
            continue
        out += [text[pos:m.start()], parts[m.group(1)]]
        pos = m.end()
    out.append(text[pos:])
    return Seq(tuple(p for p in out if p != ""))


def isolate(text: str) -> str:
    """Workbook text inside Unicode isolates (FSI … PDI), for plain text where no element can
    isolate it (a tooltip, a chart's hover, an ``<option>``): a Hebrew name then keeps its own
    direction without reordering the words around it.

    >>> isolate("דנה")
    '\u2068דנה\u2069'
    """
    return f"\u2068{text}\u2069" if text else ""


def text_direction(text: str) -> str:
    """``"rtl"`` or ``"ltr"`` by the first letter that has a direction, as ``dir="auto"``
    decides (for a label drawn where that attribute does not exist: SVG text, a canvas).

    >>> text_direction("12 דנה"), text_direction("Dana דנה"), text_direction("12")
    ('rtl', 'ltr', 'ltr')
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def arrow() -> str:
    """The arrow from one thing to the next in the reading direction: ``→``, or ``←`` in a
    right-to-left language (the arrow glyph itself is not mirrored by the bidi algorithm)."""
    return "←" if direction() == "rtl" else "→"
