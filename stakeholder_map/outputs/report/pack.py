"""The readiness pack: one printable, self-contained HTML file for a facilitator.

Before a readiness session ("preparing the hearts" in the Kehila Metiva
guide) a facilitator needs, on paper: the programme at a glance, how ready
it is for collective impact, who to mobilise first and who opens the door,
the readiness checklist (burned actors, sensitive relationships, informal
influencers, passive role-holders, resistant influentials), the sector,
forum and agreement gaps, and a picture of the network.

The file needs nothing else: no script at all, no web font, no linked style
sheet or image — the network is inline SVG and the charts are SVG ``data:``
images — so it opens from an e-mail attachment with no network; a
Content-Security-Policy forbids any load or script besides. The page is
rendered from the template ``pack.html`` (:mod:`stakeholder_map.outputs.html`),
which escapes every workbook string; each is marked ``dir="auto"`` so that
Hebrew reads right-to-left. Print styles give A4 pages with a page break before
every section.

The pack speaks any of the product's languages (``lang``; the current one by
default): its own words come from the ``outputs`` catalog, numbers and dates are
written as the language writes them, a Hebrew pack is laid out right to left, and
the fonts it embeds (:mod:`stakeholder_map.outputs.fonts`) cover Latin, Cyrillic
and Hebrew without any network.

Examples
--------
>>> from stakeholder_map.model import Actor, StakeholderMap
>>> smap = StakeholderMap((Actor("a", "<Ann>", "public"), Actor("b", "Bo", "business")))
>>> html = readiness_pack(smap, images=False)
>>> html.startswith("<!DOCTYPE html>") and "&lt;Ann&gt;" in html
True
>>> "<Ann>" in html or "<script" in html
False
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from stakeholder_map.analysis.gaps import find_gaps
from stakeholder_map.analysis.metrics import compute_metrics
from stakeholder_map.analysis.paths import warm_paths
from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds
from stakeholder_map.analysis.views import build_views
from stakeholder_map.i18n import N_, current_language, ngettext, pgettext, use_language
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import StakeholderMap
from stakeholder_map.outputs.html import (
    BR,
    STATIC_CSP,
    Block,
    Cell,
    Items,
    Para,
    Seq,
    Styled,
    Table,
    fmt_date,
    fmt_num,
    render,
    sentence,
)
from stakeholder_map.outputs.labels import fill, sector_label
from stakeholder_map.outputs.positions import SECTOR_COLOURS, compute_positions
from stakeholder_map.outputs.report.charts import chart_section, key_charts
from stakeholder_map.outputs.report.checklist import checklist
from stakeholder_map.outputs.report.network import network_figure
from stakeholder_map.outputs.report.scorecard import ScoreRow, Status, readiness_scorecard
from stakeholder_map.outputs.report.sections import (
    MOBILISE_KINDS,
    PackData,
    gaps_section,
    glance,
    mobilise,
)

__all__ = ["SECTIONS", "ReadinessPack", "build_readiness_pack", "readiness_pack"]

SECTIONS = (
    ("glance", N_("The programme at a glance")),
    ("scorecard", N_("Readiness scorecard")),
    ("mobilise", N_("Who to mobilise first")),
    ("checklist", N_("Readiness checklist")),
    ("gaps", N_("Sector and forum gaps; agreements to renew or complete")),
    ("network", N_("The network and key charts")),
)
"""Section anchors and headings (English; translated where shown), in order."""

_SYMBOL = {Status.STRONG: "●", Status.PARTLY: "◐", Status.WEAK: "○"}

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ReadinessPack:
    """The HTML document and anything the person producing it should know."""

    html: str
    notes: list[str] = field(default_factory=list)


def readiness_pack(smap: StakeholderMap, *, thresholds: Thresholds = DEFAULTS,
                   images: bool = True, lang: str | None = None) -> str:
    """The readiness pack of ``smap`` as one self-contained HTML document.

    ``images=False`` leaves out the plotly charts (they need kaleido and a
    browser, a few seconds); the network picture is always drawn. If the
    charts cannot be rendered, a note takes their place. ``lang`` is the
    language of the pack (``None``: the current language).
    """
    return build_readiness_pack(smap, thresholds=thresholds, images=images, lang=lang).html


def build_readiness_pack(smap: StakeholderMap, *, thresholds: Thresholds = DEFAULTS,
                         images: bool = True, progress: Progress | None = None,
                         positions: Mapping[str, tuple[float, float]] | None = None,
                         lang: str | None = None) -> ReadinessPack:
    """Like :func:`readiness_pack`, also returning notes (e.g. why charts were left out).

    ``positions`` are the actors' places on the picture (as
    :func:`~stakeholder_map.outputs.positions.compute_positions` gives them); pass the
    ones a store has cached to save the layout's time on a large map.
    ``progress`` is told each stage as it starts. ``lang`` is the language of the
    pack and of its notes (``None``: the current language).
    """
    with use_language(lang or current_language()):
        return _build(smap, thresholds, images, progress, positions)


def _build(smap: StakeholderMap, thresholds: Thresholds, images: bool,
           progress: Progress | None,
           positions: Mapping[str, tuple[float, float]] | None) -> ReadinessPack:
    def step(name: str) -> None:
        if progress:
            progress(name)

    step("metrics")
    views = build_views(smap)
    metrics = compute_metrics(smap, views, thresholds, progress=progress)
    step("gaps and warm paths")
    gaps = find_gaps(smap, metrics=metrics, views=views, thresholds=thresholds)
    wanted = {g.subject for g in gaps if g.kind in MOBILISE_KINDS}
    wanted |= {a.id for a in smap.actors if a.informal_influence > a.formal_influence}
    paths = warm_paths(smap, views, thresholds, targets=sorted(wanted))
    data = PackData(smap, views, metrics, gaps, paths, thresholds)
    scorecard = readiness_scorecard(smap, metrics, views, thresholds)
    step("network picture")
    if positions is None:  # (compute_positions fails on a map without actors)
        positions = compute_positions(smap) if smap.actors else {}
    picture = network_figure(smap, views, positions, SECTOR_COLOURS, thresholds=thresholds)
    if images:
        step("charts")
    charts = chart_section(key_charts(smap, metrics, thresholds) if images else [], images,
                           data.notes)
    blocks: dict[str, list[Block]] = {
        "glance": _header_numbers(data) + glance(data),
        "scorecard": _scorecard(scorecard, [sector_label(s) for s in smap.sectors]),
        "mobilise": mobilise(data),
        "checklist": checklist(data),
        "gaps": gaps_section(data),
        "network": [picture, *charts],
    }
    p = smap.programme
    title = p.name or _("Unnamed programme")
    page = render("pack.html", csp=STATIC_CSP,
                  title=_("Readiness pack — {programme}").format(programme=title),
                  programme=title, wave=p.wave, as_of=fmt_date(p.reference_date()),
                  as_of_given=p.as_of is not None,
                  backbone=smap.backbone.name if smap.backbone else None,
                  sections=[{"key": key, "heading": _(head), "blocks": blocks[key]}
                            for key, head in SECTIONS])
    return ReadinessPack(page, data.notes)


def _header_numbers(d: PackData) -> list[Block]:
    smap = d.smap
    present = sorted({a.sector for a in smap.actors})
    counts = (
        ngettext("{n} actor", "{n} actors", len(smap.actors)),
        ngettext("{n} sector", "{n} sectors", len(present)),
        ngettext("{n} current tie", "{n} current ties", len(d.views.ties)),
        ngettext("{n} agreement", "{n} agreements", len(smap.agreements)),
        ngettext("{n} forum", "{n} forums", len(smap.forums)),
        ngettext("{n} gap found", "{n} gaps found", len(d.gaps)),
    )
    numbers = (len(smap.actors), len(present), len(d.views.ties), len(smap.agreements),
               len(smap.forums), len(d.gaps))
    return [Items(tuple(fill(text, n=Styled(fmt_num(n), tag="b"))
                        for text, n in zip(counts, numbers, strict=True)), cls="numbers"),
            Para(_("Prepared for the readiness session: how ready the programme is for "
                   "collective impact (section 2), who to mobilise first and who opens the "
                   "door (3), the readiness checklist (4), the gaps to close (5) and a picture "
                   "of the network (6)."), "lede")]


def _scorecard(rows: list[ScoreRow], sector_names: list[str]) -> list[Block]:
    cells: list[list[Cell]] = []
    for r in rows:
        kind = _("precondition") if r.kind == "precondition" else _("condition")
        status = Styled(f"{_SYMBOL[r.status]} {_status_label(r.status)}",
                        f"status status-{r.status.value}")
        cells.append([Seq((Styled(r.condition, tag="b"), BR, Styled(kind, "muted"))),
                      Items(tuple(sentence(e, sector_names) for e in r.evidence)),
                      Seq((status, BR, Styled(r.rule, "rule"))),
                      r.advice])
    return [Para(_("The conditions of collective impact (Kania & Kramer 2011) and its "
                   "preconditions (Hanleybrown, Kania & Kramer 2012), each with the evidence "
                   "the map gives and the rule that turns it into a status."), "lede"),
            Table([_("condition"), _("evidence"), _("status (rule)"), _("advice")], cells,
                  cls="scorecard")]


def _status_label(status: Status) -> str:
    return {Status.STRONG: pgettext("readiness status", "strong"),
            Status.PARTLY: pgettext("readiness status", "partly"),
            Status.WEAK: pgettext("readiness status", "weak")}[status]
