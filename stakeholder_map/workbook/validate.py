"""Raw sheets → a :class:`~stakeholder_map.model.StakeholderMap`, reporting every problem at once.

Each problem names the sheet, the spreadsheet row (header = row 1), the
column, the bad value, what was expected and, where obvious, a fix. An
invalid workbook yields no map unless ``skip_invalid`` is set; then the bad
rows (and rows that point at them) are left out and each is named.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from stakeholder_map.errors import InvalidWorkbook, Problem
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import Agreement, Programme, StakeholderMap
from stakeholder_map.workbook.cells import ColumnParser
from stakeholder_map.workbook.limits import DEFAULT_LIMITS, ReadLimits
from stakeholder_map.workbook.read import RawWorkbook, read_raw
from stakeholder_map.workbook.sheets import (
    COLUMNS,
    REQUIRED,
    Parts,
    empty_sheet,
    parse_actors,
    parse_agreements,
    parse_forums,
    parse_programme,
    parse_sectors,
    parse_ties,
)

__all__ = ["COLUMNS", "LoadResult", "build_map", "load"]


@dataclass
class LoadResult:
    """A map (``None`` if the workbook has errors and skipping was not asked) and every problem."""

    map: StakeholderMap | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load(source: str | Path | IO[bytes], *, filename: str | None = None,
         skip_invalid: bool = False, strict: bool = True,
         limits: ReadLimits = DEFAULT_LIMITS) -> LoadResult:
    """Read and validate a workbook.

    With ``strict`` (the default) an invalid workbook raises
    :class:`InvalidWorkbook` carrying every problem; otherwise the result's
    ``map`` is ``None`` and ``problems`` says why. A workbook beyond ``limits``
    raises :class:`~stakeholder_map.errors.WorkbookReadError` before it is parsed.
    """
    with _gc_paused():
        result = build_map(read_raw(source, filename=filename, limits=limits),
                           skip_invalid=skip_invalid)
    if result.map is None and strict:
        raise InvalidWorkbook(result.problems)
    return result


def build_map(book: RawWorkbook, *, skip_invalid: bool = False) -> LoadResult:
    """Validate raw sheets and build the model, collecting every problem."""
    problems = list(book.problems)
    if "actors" not in book.sheets:
        problems.append(Problem("actors", None, None, "", _("required sheet is missing"),
                                expected=_("a sheet (or {file}) listing the actors").format(
                                    file="actors.csv")))
    sheets = {name: book.sheets.get(name) or empty_sheet(name) for name in COLUMNS}
    titles = {name: s.title for name, s in sheets.items()}
    parsers = {name: ColumnParser(s.title, s.frame, s.headers, titles)
               for name, s in sheets.items()}
    for name, p in parsers.items():
        if name in book.sheets:
            p.require_columns(*REQUIRED[name])
            p.check_text(book.limits.max_cell_chars)

    sectors, sector_token = parse_sectors(parsers["sectors"])
    actor_rows = parse_actors(parsers["actors"], sector_token)
    declared = set(actor_rows.index_by_id)
    tie_rows = parse_ties(parsers["ties"], declared)
    agreements = parse_agreements(parsers["agreements"], parsers["agreement_parties"], declared)
    forums = parse_forums(parsers["forums"], parsers["forum_members"], declared, sector_token)
    programme = parse_programme(parsers["programme"], declared)

    for p in parsers.values():
        problems.extend(p.problems)
    has_errors = any(p.severity == "error" for p in problems)
    if has_errors and not skip_invalid:
        return LoadResult(None, _sorted(problems))

    skipped = {name: p.bad_rows for name, p in parsers.items()} if has_errors else {}
    keep_ids = {aid for aid, row in actor_rows.index_by_id.items()
                if row not in skipped.get("actors", ())}
    actors = actor_rows.build(keep_ids, skipped.get("actors", set()), problems)
    ties = [t for row, t in tie_rows if _kept("ties", row, skipped, problems,
                                              (t.source, t.target), keep_ids)]
    smap = StakeholderMap(
        actors=tuple(actors),
        ties=tuple(ties),
        agreements=tuple(_keep_parts(agreements, skipped, keep_ids, problems)),
        forums=tuple(_keep_parts(forums, skipped, keep_ids, problems)),
        programme=programme if programme.backbone in keep_ids or programme.backbone is None
        else Programme(programme.name, None, programme.as_of, programme.wave, programme.extra),
        sectors=sectors,
    )
    problems.extend(_warnings(smap, actor_rows.index_by_id))
    return LoadResult(smap, _sorted(problems))


# --- helpers ---------------------------------------------------------------


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large map is built.

    Building half a million small frozen records otherwise triggers a
    collection pass every few hundred allocations (a third of the load time on
    a 500k-tie workbook). The records form no cycles, so nothing is lost; the
    previous state is restored even on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Errors before warnings, then in the order a person walks the workbook."""
    order = {name: i for i, name in enumerate(COLUMNS)}
    return sorted(problems, key=lambda p: (p.severity != "error", order.get(p.sheet, -1),
                                           p.sheet, p.row or 0))


def _keep_parts(records: list[tuple[Any, Parts]], skipped: dict[str, set[int]], keep: set[str],
                problems: list[Problem]) -> list[Any]:
    out = []
    for record, parts in records:
        sheet = "agreement_parties" if isinstance(record, Agreement) else "forum_members"
        kept = [x for r, x in parts if _kept(sheet, r, skipped, problems, (x.actor,), keep)]
        field_name = "parties" if isinstance(record, Agreement) else "members"
        if len(kept) != len(parts):
            record = replace(record, **{field_name: tuple(kept)})
        out.append(record)
    return out


def _kept(sheet: str, row: int, skipped: dict[str, set[int]], problems: list[Problem],
          refs: tuple[str, ...], keep: set[str]) -> bool:
    if not skipped:
        return True
    lost = [r for r in refs if r not in keep]
    if lost:
        problems.append(Problem(sheet, row, None, lost[0],
                                _("row skipped: it refers to an actor that was skipped"),
                                severity="warning"))
        return False
    return True


def _warnings(smap: StakeholderMap, rows: Mapping[str, int]) -> list[Problem]:
    """Suspicious but legal: isolated actors, no backbone."""
    out = []
    tied = {t.source for t in smap.ties} | {t.target for t in smap.ties}
    isolates = [a for a in smap.actors if a.id not in tied]
    if isolates:
        alone = _("actor has no ties at all")
        add = _("add its relations in the {sheet} sheet, or remove it").format(sheet="ties")
        out += [Problem("actors", rows.get(a.id), "id", a.id, alone, suggestion=add,
                        severity="warning") for a in isolates]
    if smap.programme.backbone is None:
        out.append(Problem("programme", None, "backbone", "",
                           _("no backbone organisation is set; paths and backbone gaps need one"),
                           expected=_("a row: {key}, <actor id>").format(key="backbone"),
                           severity="warning"))
    return out
