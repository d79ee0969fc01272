"""One parser per sheet: text cells → typed records, each bad cell reported where it is.

:mod:`stakeholder_map.workbook.validate` runs them in order and assembles the map.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any, cast

import networkx as nx
import pandas as pd

from stakeholder_map.errors import Problem
from stakeholder_map.i18n import LANGUAGES, N_, PSEUDO, normalise_language
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import (
    DEFAULT_SECTORS,
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
    Tie,
    TieType,
)
from stakeholder_map.workbook.cells import (
    BadCell,
    ColumnParser,
    lookup,
    one_of,
    parse_bool,
    parse_date,
    parse_number,
    suggest,
    token,
)
from stakeholder_map.workbook.names import programme_key
from stakeholder_map.workbook.read import RawSheet

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "ActorRows",
    "Parts",
    "empty_sheet",
    "parse_actors",
    "parse_agreements",
    "parse_forums",
    "parse_programme",
    "parse_sectors",
    "parse_ties",
]

COLUMNS: dict[str, tuple[str, ...]] = {
    "actors": ("id", "name", "sector", "kind", "parent", "role", "region", "formal_influence",
               "informal_influence", "engagement", "target_engagement", "burned", "tags", "notes"),
    "ties": ("source", "target", "type", "weight", "trust", "value", "since", "until", "notes"),
    "agreements": ("id", "title", "kind", "signed", "expires", "status"),
    "agreement_parties": ("agreement", "actor", "responsibility"),
    "forums": ("id", "name", "kind", "required_sectors"),
    "forum_members": ("forum", "actor", "role", "since"),
    "programme": ("key", "value"),
    "sectors": ("id", "name", "core", "aliases"),
}
"""Every sheet's known columns, in the order they are written."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "actors": ("id", "name", "sector"),
    "ties": ("source", "target", "type"),
    "agreements": ("id",),
    "agreement_parties": ("agreement", "actor"),
    "forums": ("id",),
    "forum_members": ("forum", "actor"),
    "programme": ("key", "value"),
    "sectors": ("id",),
}

_EMPTY: Mapping[str, str] = MappingProxyType({})

Parts = list[tuple[int, Any]]
"""Rows of a parties/members sheet with their row numbers (needed when rows are skipped)."""

_KINDS = {k.value: k for k in ActorKind} | {"organization": ActorKind.ORGANISATION,
                                            "org": ActorKind.ORGANISATION,
                                            "department": ActorKind.UNIT,
                                            "individual": ActorKind.PERSON}
_ENGAGEMENT = {e.label: e for e in Engagement} | {
    "passive_consent": Engagement.PASSIVE, "active_consent": Engagement.ACTIVE,
    "support": Engagement.SUPPORTIVE, "lead": Engagement.LEADING,
    "resist": Engagement.RESISTANT, "neutral": Engagement.PASSIVE}
_TIE_TYPES = {t.value: t for t in TieType} | {
    "collaborates": TieType.COLLABORATION, "communicates": TieType.COMMUNICATION,
    "funds": TieType.FUNDING, "influences": TieType.INFLUENCE, "conflict": TieType.TENSION,
    "reports": TieType.REPORTS_TO}
_REFERENCES = {
    "actor": (N_("no actor has this id"), N_("the id of a row in the {sheet} sheet"),
              N_("an actor id")),
    "agreement": (N_("no agreement has this id"), N_("the id of a row in the {sheet} sheet"),
                  N_("an agreement id")),
    "forum": (N_("no forum has this id"), N_("the id of a row in the {sheet} sheet"),
              N_("a forum id")),
}
"""What a reference to each sheet's ids is told when it is unknown, and when it is missing
(translated where shown)."""
_STATUS = {s.value: s for s in AgreementStatus}
_ROLES = {r.value: r for r in ForumRole} | {"chairperson": ForumRole.CHAIR,
                                           "chairman": ForumRole.CHAIR}



def empty_sheet(name: str) -> RawSheet:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS[name]})
    frame.index.name = "row"
    return RawSheet(name, name, frame, {})


def _extras(p: ColumnParser, name: str) -> list[Mapping[str, str]]:
    """Per row, the user's own columns that have a value (header text as the key)."""
    extra_cols = [c for c in p.frame.columns if c not in COLUMNS[name]]
    if not extra_cols:
        return [_EMPTY] * len(p.frame)
    headers = [p.header(c) for c in extra_cols]
    values = p.frame[extra_cols].to_numpy(dtype=object).tolist()
    return [{h: v for h, v in zip(headers, row, strict=True) if v} or _EMPTY for row in values]


def _ids(p: ColumnParser, column: str = "id") -> pd.Series:
    """The id column, reporting blank and duplicate ids."""
    ids = p.text(column)
    blank = ids.index[ids == ""]
    if len(blank):
        missing, unique = _("id is missing"), _("a unique id")
        for row in blank:
            p.report(row, column, "", missing, expected=unique)
    dup = ids[(ids != "") & ids.duplicated(keep="first")]
    if dup.empty:
        return ids
    first = ids[ids != ""].drop_duplicates(keep="first")
    first_row = {v: r for r, v in first.items()}
    duplicate, once = _("duplicate id"), _("each id once")
    used = _("it is already used in row {row}")
    for row, value in dup.items():
        p.report(row, column, value, duplicate, expected=once,
                 suggestion=used.format(row=first_row[value]))
    return ids


def _references(p: ColumnParser, column: str, known: Iterable[str], what: str,
                required: bool = False) -> pd.Series:
    """The ids in ``column``, each checked against the ``known`` ids of the ``what`` sheet
    (``actor``, ``agreement`` or ``forum``; and, if ``required``, reported when empty)."""
    cells = p.text(column)
    known_set = set(known)
    no_such, in_sheet, an_id = _REFERENCES[what]
    if required:
        missing = _("required value is missing")
        for row in cells.index[cells == ""]:
            p.report(row, column, "", missing, expected=_(an_id))
    unknown = cells[(cells != "") & ~cells.isin(known_set)]
    if unknown.empty:
        return cells
    message = _(no_such)
    expected = _(in_sheet).format(sheet=p.title(what + "s"))
    for row, value in unknown.items():
        p.report(row, column, value, message, expected=expected,
                 suggestion=suggest(value, known_set) if len(known_set) < 5000 else "")
    return cells


def parse_sectors(p: ColumnParser) -> tuple[tuple[Sector, ...], dict[str, str]]:
    by_id = {s.id: s for s in DEFAULT_SECTORS}
    ids = _ids(p)
    names = p.text("name")
    core = p.parse("core", parse_bool, False)
    aliases = p.text("aliases")
    extras = _extras(p, "sectors")
    for i, row in enumerate(p.frame.index):
        sid = token(ids[row])
        if not sid or row in p.bad_rows:
            continue
        base = by_id.get(sid)
        by_id[sid] = Sector(
            sid, names[row] or (base.name if base else ids[row]), bool(core[row]),
            tuple(token(a) for a in aliases[row].split(";") if a.strip()), extras[i])
    table: dict[str, str] = {}
    for s in by_id.values():
        for key in (s.id, token(s.name), *s.aliases):
            table.setdefault(key, s.id)
    return tuple(by_id.values()), table


class ActorRows:
    """Parsed actor columns, built into Actor records once the kept ids are known."""

    def __init__(self, p: ColumnParser, sector_token: Mapping[str, str]) -> None:
        sectors = list(dict.fromkeys(sector_token.values()))
        self.p = p
        ids = _ids(p)
        self.ids = ids
        self.index_by_id = {v: int(cast(int, r))
                           for r, v in ids[ids != ""].drop_duplicates().items()}
        self.names = p.text("name")
        for row in self.names.index[self.names == ""]:
            p.report(row, "name", "", _("name is missing"), expected=_("a display name"))
        self.sector = p.parse("sector", lookup(sector_token, _("unknown sector"), sectors),
                              required=True)
        self.kind = p.parse("kind", lookup(_KINDS, _("unknown kind"),
                                           [k.value for k in ActorKind]),
                            ActorKind.ORGANISATION)
        self.parent = _references(p, "parent", self.index_by_id, "actor")
        for row in self.parent.index[(self.parent != "") & (self.parent == ids)]:
            p.report(row, "parent", self.parent[row], _("an actor cannot be its own parent"))
        self.formal = p.parse("formal_influence", parse_number(0, 5), 1.0)
        self.informal = p.parse("informal_influence", parse_number(0, 5), 0.0)
        ladder = lookup(_ENGAGEMENT, _("unknown engagement level"),
                        [e.label for e in Engagement])
        self.engagement = p.parse("engagement", ladder, Engagement.UNAWARE)
        self.target = p.parse("target_engagement", ladder, None)
        self.burned = p.parse("burned", parse_bool, False)
        self._parent_cycles()

    def _parent_cycles(self) -> None:
        links = [(c, par) for c, par in zip(self.ids, self.parent, strict=True) if c and par]
        graph = nx.DiGraph(links)
        for cycle in nx.simple_cycles(graph):
            if len(cycle) < 2:
                continue
            row = self.index_by_id[cycle[0]]
            self.p.report(row, "parent", self.parent[row],
                          _("parents loop back: {cycle}").format(
                              cycle=" → ".join([*cycle, cycle[0]])),
                          expected=_("a unit or person belongs to an organisation, not in a "
                                     "circle"))

    def build(self, keep: set[str], skipped: set[int], problems: list[Problem]) -> list[Actor]:
        p = self.p
        cols = [c.tolist() for c in (
            self.ids, self.names, self.sector, self.kind, self.parent, self.formal,
            self.informal, self.engagement, self.target, self.burned,
            *(p.text(c) for c in ("role", "region", "tags", "notes")))]
        out: list[Actor] = []
        skipped_row = _("row skipped")
        parent_skipped = _("parent was skipped, so it is left blank")
        for (row, aid, name, sector, kind, parent, formal, informal, eng, target, burned,
                role, region, tags, notes, extra) in zip(
                    p.frame.index.tolist(), *cols, _extras(p, "actors"), strict=True):
            if row in skipped or self.index_by_id.get(aid) != row:
                if skipped:
                    problems.append(Problem(p.sheet, int(row), None, aid, skipped_row,
                                            severity="warning"))
                continue
            if parent and parent not in keep:
                problems.append(Problem(p.sheet, int(row), p.header("parent"), parent,
                                        parent_skipped, severity="warning"))
                parent = ""
            out.append(Actor(
                aid, name, sector, kind, parent or None, role, region, float(formal),
                float(informal), eng, target, bool(burned),
                tuple(t.strip() for t in tags.split(";") if t.strip()), notes, extra))
        return out


def parse_actors(p: ColumnParser, sector_token: Mapping[str, str]) -> ActorRows:
    return ActorRows(p, sector_token)


def parse_ties(p: ColumnParser, actors: set[str]) -> list[tuple[int, Tie]]:
    src = _references(p, "source", actors, "actor", required=True)
    dst = _references(p, "target", actors, "actor", required=True)
    for row in src.index[(src != "") & (src == dst)]:
        p.report(row, "target", dst[row], _("a tie from an actor to itself"),
                 expected=_("two different actors"))
    types = p.parse("type", lookup(_TIE_TYPES, _("unknown tie type"),
                                   [t.value for t in TieType]), required=True)
    weight = p.parse("weight", parse_number(1, 5), 1.0)
    trust = p.parse("trust", parse_number(1, 4), None)
    value = p.parse("value", parse_number(1, 4), None)
    since = p.parse("since", parse_date, None)
    until = p.parse("until", parse_date, None)
    _order(p, since, until, "until", _("the tie cannot end before it began"))
    notes = p.text("notes")
    columns = [c.tolist() for c in (src, dst, types, weight, trust, value, since, until, notes)]
    bad = p.bad_rows
    return [(row, Tie(*values, extra))  # type: ignore[call-arg]
            for row, *values, extra in zip(p.frame.index.tolist(), *columns,
                                           _extras(p, "ties"), strict=True)
            if row not in bad]


def _order(p: ColumnParser, start: pd.Series, end: pd.Series, column: str, message: str) -> None:
    both = start.notna() & end.notna()
    # the date as the cell must be written (ISO), whatever the language
    on_or_after = _("a date on or after {date}")
    for row in start.index[both]:
        if end[row] < start[row]:
            p.report(row, column, end[row].isoformat(), message,
                     expected=on_or_after.format(date=start[row].isoformat()))


def parse_agreements(p: ColumnParser, parties: ColumnParser,
                actors: set[str]) -> list[tuple[Agreement, Parts]]:
    ids = _ids(p)
    status = p.parse("status", lookup(_STATUS, _("unknown agreement status"), list(_STATUS)),
                     AgreementStatus.SIGNED)
    signed = p.parse("signed", parse_date, None)
    expires = p.parse("expires", parse_date, None)
    _order(p, signed, expires, "expires", _("the agreement cannot expire before it was signed"))
    known = set(ids[ids != ""])
    party_ag = _references(parties, "agreement", known, "agreement", required=True)
    party_actor = _references(parties, "actor", actors, "actor", required=True)
    pairs = pd.Series(list(zip(party_ag, party_actor, strict=True)), index=party_ag.index,
                      dtype=object)
    twice = _("the actor is listed twice as a party of this agreement")
    for row in pairs.index[pairs.duplicated() & (party_ag != "")]:
        parties.report(row, "actor", party_actor[row], twice, warning=True)
    by_agreement: dict[str, list[tuple[int, AgreementParty]]] = {}
    for row, ag, actor, resp, extra in zip(party_ag.index, party_ag, party_actor,
                                           parties.text("responsibility"),
                                           _extras(parties, "agreement_parties"), strict=True):
        if row not in parties.bad_rows:
            by_agreement.setdefault(ag, []).append((int(row), AgreementParty(actor, resp, extra)))
    out = []
    for row, aid, title, kind, sg, ex, st, extra in zip(
            p.frame.index, ids, p.text("title"), p.text("kind"), signed, expires, status,
            _extras(p, "agreements"), strict=True):
        if row not in p.bad_rows:
            out.append((Agreement(aid, title, kind, sg, ex, st, (), extra),
                        by_agreement.get(aid, [])))
    return [_with_parts(a, parts) for a, parts in out]


def _with_parts(record: Any, parts: Parts) -> tuple[Any, Parts]:
    field_name = "parties" if isinstance(record, Agreement) else "members"
    return replace(record, **{field_name: tuple(x for _, x in parts)}), parts


def parse_forums(p: ColumnParser, members: ColumnParser, actors: set[str],
            sector_token: Mapping[str, str]) -> list[tuple[Forum, Parts]]:
    ids = _ids(p)

    def sector_list(text: str) -> tuple[str, ...]:
        out, bad = [], []
        for part in (s.strip() for s in text.split(";")):
            if not part:
                continue
            sid = sector_token.get(token(part))
            (out.append(sid) if sid else bad.append(part))
        if bad:
            raise BadCell(_("unknown sector {sector}").format(sector=repr(bad[0])),
                          expected=_("sector ids separated by ';'"),
                          suggestion=suggest(bad[0], sector_token))
        return tuple(dict.fromkeys(out))

    required = p.parse("required_sectors", sector_list, None)
    known = set(ids[ids != ""])
    m_forum = _references(members, "forum", known, "forum", required=True)
    m_actor = _references(members, "actor", actors, "actor", required=True)
    roles = members.parse("role", lookup(_ROLES, _("unknown forum role"),
                                         [r.value for r in ForumRole]), ForumRole.MEMBER)
    since = members.parse("since", parse_date, None)
    by_forum: dict[str, list[tuple[int, ForumMember]]] = {}
    for row, fid, actor, role, sn, extra in zip(members.frame.index, m_forum, m_actor, roles,
                                                 since, _extras(members, "forum_members"),
                                                 strict=True):
        if row not in members.bad_rows:
            by_forum.setdefault(fid, []).append((int(row), ForumMember(actor, role, sn, extra)))
    out = []
    for row, fid, name, kind, req, extra in zip(p.frame.index, ids, p.text("name"),
                                                p.text("kind"), required,
                                                _extras(p, "forums"), strict=True):
        if row not in p.bad_rows:
            out.append(_with_parts(Forum(fid, name, kind, req, (), extra),
                                   by_forum.get(fid, [])))
    return out



def parse_programme(p: ColumnParser, actors: set[str]) -> Programme:
    keys = p.text("key").map(token)
    values = p.text("value")
    settings: dict[str, str] = {}
    extra: dict[str, str] = {}
    rows: dict[str, int] = {}
    for row, key, raw_key, value in zip(p.frame.index, keys, p.text("key"), values, strict=True):
        if not key:
            p.report(row, "key", "", _("setting name is missing"),
                     expected=_("{keys} or {last}").format(
                         keys="name, backbone, as_of, wave", last="language"))
            continue
        if key in rows:
            p.report(row, "key", raw_key, _("setting given twice"),
                     suggestion=_("it is already set in row {row}").format(row=rows[key]))
            continue
        rows[key] = int(row)
        key = programme_key(key) or key
        if key in ("name", "backbone", "as_of", "wave", "language"):
            settings[key] = value
        else:
            extra[raw_key] = value
    backbone = settings.get("backbone") or None
    if backbone and backbone not in actors:
        p.report(rows["backbone"], "value", backbone, _("the backbone is not an actor"),
                 expected=_("the id of the coordinating organisation in the {sheet} sheet")
                 .format(sheet=p.title("actors")),
                 suggestion=suggest(backbone, actors) if len(actors) < 5000 else "")
    as_of = None
    if settings.get("as_of"):
        try:
            as_of = parse_date(settings["as_of"])
        except BadCell as bad:
            p.report(rows["as_of"], "value", settings["as_of"],
                     f"as_of: {bad.message}",
                     bad.expected)
    language = settings.get("language", "")
    if language and normalise_language(language) in (None, PSEUDO):
        p.report(rows["language"], "value", language,
                 _("{key}: not one the tool speaks").format(key="language"),
                 expected=one_of(LANGUAGES))
        language = ""
    return Programme(settings.get("name", ""), backbone, as_of, settings.get("wave", ""),
                     extra or _EMPTY, normalise_language(language) or "")


