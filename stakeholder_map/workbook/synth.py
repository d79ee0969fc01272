"""Synthetic stakeholder maps of any size, for benchmarks and load tests.

The maps look like a collective-impact programme: a civil-society backbone,
a realistic sector mix, a few hubs everybody is tied to, tight clusters of
organisations that work together in one sector and region, agreements and
forums. They are random but reproducible: the same arguments give an equal
map on every machine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

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

__all__ = ["synthesize"]

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

_AS_OF = dt.date(2025, 1, 1)
_EPOCH = dt.date(2012, 1, 1)
_NO_EXTRA: Mapping[str, str] = MappingProxyType({})

# sector, share of actors, name of an organisation, name of a unit, role of a person
_SECTORS: tuple[tuple[str, float, str, str, str], ...] = (
    ("civil_society", 0.35, "Association", "Programme team", "Executive Director"),
    ("public", 0.20, "Municipal Office", "Department", "Head of Education Department"),
    ("business", 0.20, "Company", "CSR unit", "CSR Manager"),
    ("community", 0.10, "Residents' Group", "Neighbourhood circle", "Resident Leader"),
    ("academia", 0.06, "University Institute", "Research group", "Professor of Social Work"),
    ("media", 0.05, "Newsroom", "Editorial desk", "Editor"),
    ("philanthropy", 0.04, "Foundation", "Grants team", "Programme Officer"),
)
_SECTOR_CODE = {s[0]: i for i, s in enumerate(_SECTORS)}
_KINDS = (ActorKind.ORGANISATION, ActorKind.UNIT, ActorKind.PERSON)
_ENGAGEMENT_P = (0.28, 0.06, 0.26, 0.20, 0.15, 0.05)  # unaware … leading
_FORMAL_P = (0.15, 0.35, 0.25, 0.13, 0.08, 0.04)  # influence 0 … 5
_INFORMAL_P = (0.40, 0.28, 0.16, 0.09, 0.05, 0.02)
_SCRIPTS = ("Šiaulių bendruomenė", "Rīgas biedrība", "עמותת גשר", "Общественный совет",
            "Klaipėdos fondas", "Jūrmalas centrs", "מרכז קהילתי", "Фонд развития")
_THEMES = ("education", "youth", "employment", "health", "housing", "culture", "environment",
           "safety")
_REGIONS = ("Riverside", "Old Town", "Northgate", "Harbour District", "Eastfield", "Westbrook",
            "Klaipėda", "Jūrmala", "Hillcrest", "Southport", "Daugavpils", "Lakeview")
_PREFIXES = ("North", "South", "East", "West", "Lake", "River", "Hill", "Oak", "Stone", "Green",
             "Ash", "Elm", "Mill", "Bridge", "Fair", "Red", "Clear", "Maple", "Pine", "Brook",
             "Glen", "Marsh", "Kings", "Queens")
_SUFFIXES = ("ford", "field", "ton", "wood", "dale", "haven", "bury", "stead", "moor", "port",
             "ham", "ley", "mouth", "gate", "well", "worth", "side", "cliff", "hurst", "by",
             "thorpe", "wick", "borough", "shaw")
_RESPONSIBILITIES = ("data sharing", "venue and logistics", "co-funding", "outreach to residents",
                     "evaluation", "training of volunteers", "referral of families",
                     "policy alignment", "communication and media", "")

# Tie types by code (the order of TieType). Funding and reports_to (at most one per unit or
# person) are drawn first; the other four types share the rest in these proportions.
_TIE_TYPES = tuple(TieType)
_DIRECTED = np.array([t.directed for t in _TIE_TYPES])
_T = {t: i for i, t in enumerate(_TIE_TYPES)}
_GENERAL_TYPES = np.array([_T[TieType.COLLABORATION], _T[TieType.COMMUNICATION],
                           _T[TieType.INFLUENCE], _T[TieType.TENSION]])
_GENERAL_P = np.array([0.45, 0.25, 0.15, 0.04]) / 0.89
_FUNDING_SHARE = 0.05
_REPORTS_SHARE = 0.05
_COMMUNITY_SIZE = 20
_IN_COMMUNITY, _IN_REGION = 0.65, 0.15  # where a tie's target is drawn; the rest: anywhere
_RATINGS = (None, 1.0, 2.0, 3.0, 4.0)  # trust and value; code 0 = not rated


def synthesize(actors: int, *, seed: int = 0, ties_per_actor: float = 5.0) -> StakeholderMap:
    """A random but realistic stakeholder map of a collective-impact programme.

    Made for benchmarks and load tests: it exercises every sheet, every tie
    type and several scripts (Baltic, Hebrew, Cyrillic), and its network has
    the shape real ones have — a heavy-tailed degree distribution (a few hubs,
    many organisations with a handful of ties) and high clustering (most ties
    run inside small communities of one sector and region). Generation is
    vectorised: 100 000 actors with 500 000 ties take a few seconds.

    Parameters
    ----------
    actors : int
        Number of actors, at least 1. Actor ``a000000`` is the backbone.
    seed : int, optional
        Seed of :func:`numpy.random.default_rng`; the same seed gives an equal map.
    ties_per_actor : float, optional
        Ties per actor; the map has about ``round(ties_per_actor * actors)`` ties
        (fewer only when the actors are too few for that many distinct ties).

    Returns
    -------
    StakeholderMap
        About ``actors / 50`` agreements and ``actors / 100 + 1`` forums besides;
        the first forum is the coordinating body, chaired by the backbone.

    Notes
    -----
    Each actor gets an attractiveness drawn from a Pareto distribution; a tie
    runs from a uniformly chosen actor to one chosen in proportion to
    attractiveness (as in Chung and Lu's expected-degree graphs [1]_), inside
    the source's community of about 20 actors of one sector and region 65 % of
    the time, inside its region 15 %, anywhere otherwise — the planted-community
    idea of the LFR benchmark [2]_. Duplicates and self-ties are redrawn.

    References
    ----------
    .. [1] F. Chung and L. Lu, "Connected components in random graphs with given
       expected degree sequences", Annals of Combinatorics 6 (2002) 125–145.
    .. [2] A. Lancichinetti, S. Fortunato and F. Radicchi, "Benchmark graphs for
       testing community detection algorithms", Phys. Rev. E 78 (2008) 046110.

    Examples
    --------
    >>> smap = synthesize(500, seed=7)
    >>> len(smap.actors), smap.backbone.id, smap.backbone.engagement.label
    (500, 'a000000', 'leading')
    >>> synthesize(500, seed=7) == smap
    True
    """
    if actors < 1:
        raise ValueError(f"actors must be at least 1, not {actors}")
    if not ties_per_actor >= 0:
        raise ValueError(f"ties_per_actor must be 0 or more, not {ties_per_actor}")
    rng = np.random.default_rng(seed)
    pop = _Population(actors, rng)
    ties = _ties(pop, round(ties_per_actor * actors), rng)
    return StakeholderMap(
        actors=pop.build(rng),
        ties=ties,
        agreements=_agreements(pop, rng),
        forums=_forums(pop, rng),
        programme=Programme(f"Synthetic programme ({actors} actors, seed {seed})", pop.ids[0],
                            _AS_OF, "synthetic", _NO_EXTRA),
    )


class _Sampler:
    """Draw actors inside groups, each with probability proportional to its weight.

    One cumulative sum over the actors sorted by group; a draw is a uniform
    number inside its group's slice of the sum, found by binary search.
    """

    def __init__(self, group: Ints, weight: Floats, n_groups: int) -> None:
        self.order = np.argsort(group, kind="stable")
        self.cum = np.cumsum(weight[self.order])
        ends = np.cumsum(np.bincount(group, minlength=n_groups))
        starts = ends - np.bincount(group, minlength=n_groups)
        padded = np.concatenate(([0.0], self.cum))
        self.low, self.high, self.last = padded[starts], padded[ends], ends - 1

    def has(self, group: int = 0) -> bool:
        return bool(self.high[group] > self.low[group])

    def draw(self, groups: Ints, rng: np.random.Generator) -> Ints:
        low, high = self.low[groups], self.high[groups]
        pos = np.searchsorted(self.cum, low + rng.random(len(groups)) * (high - low), "right")
        drawn: Ints = self.order[np.minimum(pos, self.last[groups])].astype(np.int64)
        return drawn


class _Population:
    """The actors' attributes as arrays, indexed by position (actor 0 is the backbone)."""

    def __init__(self, n: int, rng: np.random.Generator) -> None:
        self.n = n
        width = max(6, len(str(n - 1)))
        self.ids = [f"a{i:0{width}d}" for i in range(n)]
        self.sector = _sector_codes(n, rng)
        kind = rng.choice(3, n, p=[0.80, 0.12, 0.08]).astype(np.int64)
        kind[0] = 0
        for s in range(len(_SECTORS)):  # every sector needs an organisation to belong to
            members = np.flatnonzero(self.sector == s)
            if len(members) and not (kind[members] == 0).any():
                kind[members[0]] = 0
        self.kind = kind
        attr = rng.pareto(1.5, n) + 1.0  # attractiveness: who draws ties
        attr[0] = 2 * attr.max()
        self.attr = attr
        n_regions = n // 200 + 3
        region_p = 1.0 / np.arange(1, n_regions + 1) ** 0.7
        self.region = rng.choice(n_regions, n, p=region_p / region_p.sum()).astype(np.int64)
        self.region[0] = 0
        self.region_names = [_region_name(r) for r in range(n_regions)]
        orgs = _Sampler(self.sector, attr * (kind == 0), len(_SECTORS))
        children = np.flatnonzero(kind != 0)
        self.parent = np.full(n, -1, dtype=np.int64)
        self.parent[children] = orgs.draw(self.sector[children], rng)
        self.region[children] = self.region[self.parent[children]]
        self.children = children
        self.community = _communities(self.sector * n_regions + self.region)
        self.engagement = rng.choice(6, n, p=_ENGAGEMENT_P).astype(np.int64)
        hub = attr >= np.quantile(attr, 0.99)  # hubs are influential; office holders too
        office = (self.sector == _SECTOR_CODE["public"]) & (rng.random(n) < 0.4)
        self.formal = np.minimum(5, rng.choice(6, n, p=_FORMAL_P) + office + hub)
        self.informal = np.minimum(5, rng.choice(6, n, p=_INFORMAL_P) + hub)
        self.engagement[0], self.formal[0], self.informal[0] = Engagement.LEADING, 4, 4
        self.n_regions = n_regions

    def build(self, rng: np.random.Generator) -> tuple[Actor, ...]:
        n = self.n
        target = np.minimum(5, self.engagement + rng.integers(1, 3, n))
        target = np.where(rng.random(n) < 0.3, target, -1)
        target[0] = -1
        burned = rng.random(n) < 0.02
        burned[0] = False
        tag_count = np.where(rng.random(n) < 0.25, rng.integers(1, 3, n), 0)
        tags1, tags2 = rng.integers(0, len(_THEMES), (2, n))
        ladder = tuple(Engagement)
        out = []
        for i, (aid, s, k, par, reg, f, inf, eng, tgt, brn, nt, t1, t2) in enumerate(zip(
                self.ids, self.sector.tolist(), self.kind.tolist(), self.parent.tolist(),
                self.region.tolist(), self.formal.tolist(), self.informal.tolist(),
                self.engagement.tolist(), target.tolist(), burned.tolist(),
                tag_count.tolist(), tags1.tolist(), tags2.tolist(), strict=True)):
            sector, _, org, unit, role = _SECTORS[s]
            name = (org, unit, "Person")[k] + f" {i}"
            if i % 50 == 25:
                name += f" ({_SCRIPTS[(i // 50) % len(_SCRIPTS)]})"
            tags = () if nt == 0 else tuple(dict.fromkeys((_THEMES[t1], _THEMES[t2])))[:nt]
            out.append(Actor(
                aid, name, sector, _KINDS[k], self.ids[par] if par >= 0 else None,
                role if k == 2 else "", self.region_names[reg], float(f), float(inf),
                ladder[eng], ladder[tgt] if tgt >= 0 else None, brn, tags, "", _NO_EXTRA))
        return tuple(out)


def _sector_codes(n: int, rng: np.random.Generator) -> Ints:
    """Sector per actor in the target mix (largest remainder); actor 0 is civil society."""
    wanted = np.array([s[1] for s in _SECTORS]) * n
    counts = np.floor(wanted).astype(np.int64)
    counts[np.argsort(counts - wanted, kind="stable")[: n - counts.sum()]] += 1
    if n >= len(_SECTORS):
        for s in np.flatnonzero(counts == 0):
            counts[np.argmax(counts)] -= 1
            counts[s] += 1
    codes = np.repeat(np.arange(len(_SECTORS), dtype=np.int64), counts)
    codes[1:] = rng.permutation(codes[1:])
    return codes


def _by_sector(**weights: float) -> Floats:
    """A weight per sector code (0 for a sector not named)."""
    return np.array([weights.get(s[0], 0.0) for s in _SECTORS])


def _region_name(r: int) -> str:
    if r < len(_REGIONS):
        return _REGIONS[r]
    j = r - len(_REGIONS)
    p, s = len(_PREFIXES), len(_SUFFIXES)
    name = _PREFIXES[j % p] + _SUFFIXES[(j // p) % s]
    return name if j < p * s else f"{name} {j // (p * s) + 1}"


def _communities(group: Ints) -> Ints:
    """Split each group into communities of about ``_COMMUNITY_SIZE`` (the last one absorbs
    the remainder); returns a community number per actor."""
    order = np.argsort(group, kind="stable")
    sizes = np.bincount(group)
    starts = np.cumsum(sizes) - sizes
    rank = np.arange(len(group)) - starts[group[order]]
    last = np.maximum(sizes // _COMMUNITY_SIZE - 1, 0)[group[order]]
    local = np.minimum(rank // _COMMUNITY_SIZE, last)
    sorted_ids = np.unique(group[order] * (len(group) + 1) + local, return_inverse=True)[1]
    community = np.empty(len(group), dtype=np.int64)
    community[order] = sorted_ids
    return community


def _ties(pop: _Population, m: int, rng: np.random.Generator) -> tuple[Tie, ...]:
    """About ``m`` distinct ties: reports_to, funding, then the rest from a community model."""
    n = pop.n
    zeros = np.zeros(0, dtype=np.int64)
    parts: list[tuple[Ints, Ints, Ints]] = []
    children = pop.children
    n_reports = min(len(children), round(_REPORTS_SHARE * m))
    chosen = np.sort(rng.choice(children, n_reports, replace=False)) if n_reports else zeros
    parts.append((chosen, pop.parent[chosen], np.full(n_reports, _T[TieType.REPORTS_TO])))
    everyone = np.zeros(n, dtype=np.int64)
    funder_w = _by_sector(philanthropy=3.0, public=1.0, business=0.3)[pop.sector] * (pop.kind == 0)
    grantee_w = _by_sector(civil_society=3.0, community=2.0, academia=1.0, public=0.3, media=0.3,
                           business=0.2, philanthropy=0.1)[pop.sector]
    funders, grantees = _Sampler(everyone, pop.attr * funder_w, 1), _Sampler(
        everyone, pop.attr * grantee_w, 1)
    k = round(_FUNDING_SHARE * m) if funders.has() else 0
    funding = (funders.draw(np.zeros(2 * k, np.int64), rng),
               grantees.draw(np.zeros(2 * k, np.int64), rng), np.full(2 * k, _T[TieType.FUNDING]))
    first = _distinct(*funding, n)[:k]
    parts.append((funding[0][first], funding[1][first], funding[2][first]))
    samplers = (_Sampler(pop.community, np.sqrt(pop.attr), int(pop.community.max()) + 1),
                _Sampler(pop.region, pop.attr, pop.n_regions), _Sampler(everyone, pop.attr, 1))
    influence = np.maximum(pop.formal, pop.informal)
    kept = np.zeros(0, dtype=np.int64)
    for _ in range(12):
        missing = m - len(kept)
        if missing <= 0 or n < 2:
            break
        parts.append(_general(pop, samplers, influence, int(missing * 1.3) + 16, rng))
        src, tgt, typ = (np.concatenate(column) for column in zip(*parts, strict=True))
        kept = _distinct(src, tgt, typ, n)[:m]
    if n < 2 or m == 0:
        return ()
    kept = kept[np.lexsort((typ[kept], tgt[kept], src[kept]))]
    return _build_ties(pop, src[kept], tgt[kept], typ[kept], rng)


def _distinct(src: Ints, tgt: Ints, typ: Ints, n: int) -> Ints:
    """Positions of the first occurrence of each tie, in order; no self-ties, and an
    undirected tie counts once whichever way round it was drawn."""
    lo = np.where(_DIRECTED[typ], src, np.minimum(src, tgt))
    hi = np.where(_DIRECTED[typ], tgt, np.maximum(src, tgt))
    key = (lo * n + hi) * len(_TIE_TYPES) + typ
    key[src == tgt] = -1
    first = np.sort(np.unique(key, return_index=True)[1])
    kept: Ints = first[key[first] >= 0]
    return kept


def _general(pop: _Population, samplers: tuple[_Sampler, _Sampler, _Sampler], influence: Ints,
             k: int, rng: np.random.Generator) -> tuple[Ints, Ints, Ints]:
    """``k`` candidate ties from uniform sources: most targets in the source's community,
    some in its region, the rest anywhere — always in proportion to attractiveness."""
    src = rng.integers(0, pop.n, k)
    where = rng.random(k)
    tgt = np.empty(k, dtype=np.int64)
    groups = (pop.community[src], pop.region[src], np.zeros(k, dtype=np.int64))
    masks = (where < _IN_COMMUNITY, (where >= _IN_COMMUNITY) & (where < _IN_COMMUNITY + _IN_REGION),
             where >= _IN_COMMUNITY + _IN_REGION)
    for sampler, group, mask in zip(samplers, groups, masks, strict=True):
        tgt[mask] = sampler.draw(group[mask], rng)
    typ = rng.choice(_GENERAL_TYPES, k, p=_GENERAL_P).astype(np.int64)
    swap = (typ == _T[TieType.INFLUENCE]) & (influence[src] < influence[tgt])  # sway flows down
    src, tgt = np.where(swap, tgt, src), np.where(swap, src, tgt)
    return src, tgt, typ


def _build_ties(pop: _Population, src: Ints, tgt: Ints, typ: Ints,
                rng: np.random.Generator) -> tuple[Tie, ...]:
    k = len(src)
    weight = rng.choice(np.arange(1.0, 6.0), k, p=[0.30, 0.30, 0.20, 0.12, 0.08])
    rated = rng.random(k) < 0.35
    tension = typ == _T[TieType.TENSION]
    trust = np.where(tension, rng.integers(1, 3, k), rng.choice(np.arange(1, 5), k,
                                                                  p=[0.1, 0.3, 0.4, 0.2]))
    trust = np.where(rated, trust, 0)
    value = np.where(rated, rng.integers(1, 5, k), 0)
    span = (_AS_OF - _EPOCH).days - 30
    since = np.where(rng.random(k) < 0.5, rng.integers(0, span, k) + 1, 0)
    until = np.where((since > 0) & (rng.random(k) < 0.03), since + rng.integers(60, 1500, k), 0)
    dates = [None, *(_EPOCH + dt.timedelta(days=d) for d in range(int(until.max(initial=span))))]
    ids, types = pop.ids, _TIE_TYPES
    return tuple(
        Tie(ids[s], ids[t], types[ty], w, _RATINGS[tr], _RATINGS[v], dates[si],
            dates[un], "", _NO_EXTRA)
        for s, t, ty, w, tr, v, si, un in zip(
            src.tolist(), tgt.tolist(), typ.tolist(), weight.tolist(), trust.tolist(),
            value.tolist(), since.tolist(), until.tolist(), strict=True))


def _day(rng: np.random.Generator, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=int(rng.integers(0, (high - low).days)))


def _pick(sampler: _Sampler, group: int, k: int, rng: np.random.Generator,
          first: list[int]) -> list[int]:
    """Up to ``k`` distinct actors: ``first``, then draws from ``group``."""
    drawn = sampler.draw(np.full(4 * k, group, dtype=np.int64), rng).tolist()
    return list(dict.fromkeys([*first, *drawn]))[:k]


def _agreements(pop: _Population, rng: np.random.Generator) -> tuple[Agreement, ...]:
    """Agreements among 2–8 organisations of one region, a third of them with the backbone;
    a grant starts from a funder, and about one in ten expires within 90 days of ``_AS_OF``."""
    is_org = pop.kind == 0
    regions = _Sampler(pop.region, pop.attr * is_org, pop.n_regions)
    everyone = np.zeros(pop.n, dtype=np.int64)
    orgs = _Sampler(everyone, pop.attr * is_org, 1)
    funders = _Sampler(everyone, pop.attr * is_org * _by_sector(philanthropy=1, public=1)[
        pop.sector], 1)
    kinds = ("mou", "protocol_of_intent", "contract", "grant")
    titles = ("Memorandum of understanding", "Protocol of intent", "Service contract", "Grant")
    statuses = tuple(AgreementStatus)
    one = np.zeros(1, dtype=np.int64)
    out = []
    for j in range(max(1, pop.n // 50)):
        kind = int(rng.choice(4, p=[0.4, 0.25, 0.2, 0.15]))
        by = funders if kinds[kind] == "grant" and funders.has() else orgs
        anchor = int(by.draw(one, rng)[0])
        first = [anchor, 0] if rng.random() < 0.33 else [anchor]
        parties = _pick(regions, int(pop.region[anchor]), int(rng.integers(2, 9)), rng, first)
        if len(parties) < 2 and pop.n > 1:
            parties.append(0 if anchor else 1)
        theme = _THEMES[int(rng.integers(len(_THEMES)))]
        signed_on = _day(rng, dt.date(2018, 1, 1), dt.date(2024, 12, 1))
        ends = signed_on + dt.timedelta(days=365 * int(rng.integers(1, 6)))
        if rng.random() < 0.1:
            ends = _AS_OF + dt.timedelta(days=int(rng.integers(0, 90)))
        status = statuses[int(rng.choice(5, p=[0.1, 0.3, 0.5, 0.05, 0.05]))]
        if ends < _AS_OF and status is not AgreementStatus.TERMINATED:
            status = AgreementStatus.EXPIRED
        draft = status is AgreementStatus.DRAFT
        resp = rng.integers(0, len(_RESPONSIBILITIES), len(parties)).tolist()
        out.append(Agreement(
            f"ag{j + 1:05d}", f"{titles[kind]}: {theme} ({j + 1})", kinds[kind],
            None if draft else signed_on, None if draft else ends, status,
            tuple(AgreementParty(pop.ids[p], _RESPONSIBILITIES[r], _NO_EXTRA)
                  for p, r in zip(parties, resp, strict=True)), _NO_EXTRA))
    return tuple(out)


def _forums(pop: _Population, rng: np.random.Generator) -> tuple[Forum, ...]:
    """The coordinating body (backbone in the chair, the most engaged organisations of each
    sector), then regional working groups, committees and task forces."""
    engaged = np.array([0.2, 0.1, 0.5, 1.0, 2.0, 3.0])[pop.engagement]
    regions = _Sampler(pop.region, pop.attr * engaged, pop.n_regions)
    body = [0]
    for s in range(len(_SECTORS)):
        pool = np.flatnonzero((pop.sector == s) & (pop.kind == 0)
                              & (pop.engagement >= Engagement.ACTIVE))
        pool = pool[pool != 0]
        body.extend(pool[np.argsort(-pop.attr[pool], kind="stable")[:2]].tolist())
    roles = [ForumRole.CHAIR, ForumRole.SECRETARY] + [ForumRole.MEMBER] * len(body)
    forums = [Forum("f0001", "Coordinating body", "coordinating_body", None,
                    _members(pop, body, roles, rng), _NO_EXTRA)]
    kinds = ("working_group", "committee", "task_force")
    subsets = (("public", "civil_society", "community"), ("public", "business", "academia"),
               ("civil_society", "philanthropy"), ("public", "civil_society", "business",
                                                   "academia"))
    for j in range(1, pop.n // 100 + 1):
        kind = int(rng.choice(3, p=[0.5, 0.35, 0.15]))
        region = int(pop.region[int(rng.integers(pop.n))])
        theme = _THEMES[int(rng.integers(len(_THEMES)))]
        first = [0] if rng.random() < 0.25 else []
        chosen = _pick(regions, region, int(rng.integers(5, 21)), rng, first)
        # the most engaged member chairs; the backbone, when present, coordinates
        chosen.sort(key=lambda a: (a == 0, -int(pop.engagement[a])))
        roles = [ForumRole.CHAIR] + [ForumRole.MEMBER] * len(chosen)
        if rng.random() < 0.5 and len(chosen) > 2:
            roles[1] = ForumRole.SECRETARY
        if chosen[-1] == 0 and len(chosen) > 1:
            roles[len(chosen) - 1] = ForumRole.COORDINATOR
        required = None if rng.random() < 0.7 else subsets[int(rng.integers(len(subsets)))]
        name = f"{theme.capitalize()} {kinds[kind].replace('_', ' ')} — {pop.region_names[region]}"
        forums.append(Forum(f"f{j + 1:04d}", name, kinds[kind], required,
                            _members(pop, chosen, roles, rng), _NO_EXTRA))
    return tuple(forums)


def _members(pop: _Population, actors: list[int], roles: list[ForumRole],
             rng: np.random.Generator) -> tuple[ForumMember, ...]:
    since = [_day(rng, dt.date(2019, 1, 1), _AS_OF) if rng.random() < 0.6 else None
             for _ in actors]
    return tuple(ForumMember(pop.ids[a], role, s, _NO_EXTRA)
                 for a, role, s in zip(actors, roles[: len(actors)], since, strict=True))
