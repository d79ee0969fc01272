"""The standalone map: one HTML file that opens anywhere, even offline from an e-mail.

The network is pyvis's (vis-network): pyvis turns actors and ties into
vis-network nodes and edges; the page is our own template
(``standalone_map.html``), with vis-network's script and styles, shipped
inside the pyvis package, inlined. The file is checked to load nothing from
elsewhere, and its Content-Security-Policy forbids any fetch besides.
Positions are computed here (:func:`stakeholder_map.outputs.positions.compute_positions`)
and physics is off, so a map of thousands of actors opens at once and does
not move.

What a reader sees: actors coloured by sector (the dashboard's palette),
filled more strongly the more engaged they are (a resistant actor gets a
dashed border), sized by influence; ties styled by type (tension red and
dashed, arrows on directed ties); a legend; a sector filter; and a tooltip
for every actor and tie.

Escaping: pyvis escapes nothing, so pyvis's own
page is not used. The page is rendered through the package's one autoescaping
environment (:mod:`stakeholder_map.outputs.html`): the title, subtitle, sector
filter and legend are escaped by it; node, edge and option data are JSON
inside a script, where ``tojson`` escapes ``<``, ``>``, ``&``, ``'`` and
every non-ASCII character (U+2028 and U+2029 too); labels are drawn on a
canvas as text; and tooltips are built in the page as DOM elements whose text
is set with ``textContent`` — no string ever goes to ``innerHTML``.

Language: the map speaks ``lang`` (the current language by default) — legend, filter,
tooltips, the count of actors shown — and a Hebrew map is laid out right to left.
Every name is isolated from the words around it (``dir="auto"``, ``<bdi>`` in
tooltips, Unicode isolates inside a ``<select>`` option or a canvas label), and the
page embeds the fonts (:mod:`stakeholder_map.outputs.fonts`) that draw Latin,
Cyrillic and Hebrew without any network.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

from markupsafe import Markup

from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.analysis.thresholds import target_engagement
from stakeholder_map.analysis.views import current_ties
from stakeholder_map.errors import ExternalReference
from stakeholder_map.i18n import N_, current_language, ngettext, use_language
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import Actor, Engagement, StakeholderMap, Tie, TieType
from stakeholder_map.outputs.fonts import FAMILY
from stakeholder_map.outputs.html import User, fmt_date, fmt_num, render
from stakeholder_map.outputs.labels import (
    actor_kind_label,
    arrow,
    engagement_label,
    fill,
    isolate,
    sector_label,
    text_direction,
    tie_label,
)

__all__ = ["TIE_STYLES", "ExternalReference", "standalone_map"]

TIE_STYLES: dict[str, dict[str, Any]] = {
    "influence": {"color": "#6a3d9a", "label": N_("influence (can sway)")},
    "collaboration": {"color": "#555555"},
    "communication": {"color": "#b3b3b3"},
    "funding": {"color": "#1b7837"},
    "reports_to": {"color": "#8c6d31"},
    "tension": {"color": "#d62728", "label": N_("tension (sensitive)"), "dashes": True},
}
"""How each tie type is drawn (and, where the legend says more than the type's name, its
English legend label, translated where shown); directed types also get an arrow."""

_MEASURES = {"degree": N_("partners (degree)"), "betweenness": N_("betweenness"),
             "pagerank": N_("influence reach (PageRank)")}
_LARGE = 500
"""Above this many ties, edges are hidden while the map is dragged or zoomed."""
_SPREAD = 1.5
"""Positions are spread this much more than on the dashboard: room for labels."""


def standalone_map(smap: StakeholderMap, *, metrics: Metrics | None = None,
                   positions: Mapping[str, tuple[float, float]] | None = None,
                   lang: str | None = None) -> str:
    """One self-contained HTML page with the interactive map of ``smap``.

    ``metrics`` (optional) adds degree, betweenness and influence reach to
    each actor's tooltip. ``positions`` (optional, in pixels, as
    :func:`~stakeholder_map.outputs.positions.compute_positions` gives them) saves the
    layout, most of the time on a large map. The page loads nothing from
    the network: it raises :class:`ExternalReference` rather than return a
    page that would. ``lang`` is the page's language (``None``: the current one).

    Examples
    --------
    >>> from stakeholder_map.model import Actor, Programme, StakeholderMap
    >>> smap = StakeholderMap((Actor("a", "<b>A</b>", "public"),), programme=Programme("<i>P"))
    >>> page = standalone_map(smap)
    >>> "<title>&lt;i&gt;P</title>" in page, "<b>A</b>" in page, "\\\\u003cb\\\\u003eA" in page
    (True, False, True)
    """
    with use_language(lang or current_language()):
        return _page(smap, metrics, positions)


def _page(smap: StakeholderMap, metrics: Metrics | None,
          positions: Mapping[str, tuple[float, float]] | None) -> str:
    from pyvis.network import Network  # type: ignore[import-untyped]

    from stakeholder_map.outputs.positions import compute_positions

    if positions is None:
        positions = compute_positions(smap)
    ties = current_ties(smap)
    net = Network(directed=True)
    measures = _measures(metrics)
    for actor in smap.actors:
        x, y = positions.get(actor.id, (0.0, 0.0))
        x, y = x * _SPREAD, y * _SPREAD
        net.add_node(actor.id, **_node(smap, actor, x, y, measures.get(actor.id, {})))
    for tie in ties:
        net.add_edge(tie.source, tie.target, **_edge(smap, tie))
    total = len(smap.actors)
    shown = ngettext("{shown} of {total} actor shown", "{shown} of {total} actors shown", total)
    page = render("standalone_map.html", csp=_CSP,
                  title=smap.programme.name or _("Stakeholder map"),
                  subtitle=_subtitle(smap, len(ties)), sectors=_sectors(smap),
                  legend=_legend(smap, sorted({t.type for t in ties}, key=list(TieType).index)),
                  nodes=net.nodes, edges=net.edges, options=_options(len(ties)),
                  words={"shown": shown.replace("{total}", fmt_num(total))},
                  vis_css=_vis_file("vis-network.css"), vis_js=_vis_file("vis-network.min.js"))
    _check_self_contained(page)
    return page


def _colour(sector: str) -> str:
    from stakeholder_map.outputs.positions import OTHER_COLOUR, SECTOR_COLOURS

    return SECTOR_COLOURS.get(sector, OTHER_COLOUR)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:.2f})"


def _fill(level: Engagement) -> float:
    """Unaware 0.15 … leading 1.0: the more engaged, the more solid."""
    return round(0.15 + 0.17 * int(level), 2)


def _node(smap: StakeholderMap, a: Actor, x: float, y: float,
          measures: Mapping[str, float]) -> dict[str, Any]:
    colour = _colour(a.sector)
    target = target_engagement(a, smap.programme.backbone)
    engagement = (_("{level} (target: {target})").format(
        level=engagement_label(a.engagement), target=engagement_label(target))
        if target != a.engagement else engagement_label(a.engagement))
    tip: list[list[str]] = [["", a.name],
                            [_("sector"), sector_label(smap.sector_by_id.get(a.sector), a.sector)],
                            [_("kind"), actor_kind_label(a.kind)]]
    if a.role:
        tip.append([_("role"), a.role])
    tip.append([_("engagement"), engagement])
    tip.append([_("influence"), _("formal {formal}, informal {informal}").format(
        formal=fmt_num(a.formal_influence), informal=fmt_num(a.informal_influence))])
    tip += [[_(_MEASURES[k]), fmt_num(float(f"{v:.3g}"), 6)] for k, v in measures.items()]
    if smap.programme.backbone == a.id:
        tip.append(["", _("backbone organisation")])
    resistant = a.engagement is Engagement.RESISTANT
    label = a.name or a.id
    return {
        "label": _canvas_label(label),
        "x": x, "y": y,
        "size": 8 + 4 * a.influence,
        "color": {"background": _rgba(colour, _fill(a.engagement)), "border": colour,
                  "highlight": {"background": colour, "border": "#000000"},
                  "hover": {"background": colour, "border": "#000000"}},
        "borderWidth": 3 if smap.programme.backbone == a.id else 2,
        "shapeProperties": {"borderDashes": [4, 3] if resistant else False},
        "sector": a.sector,
        "tip": tip,
    }


def _canvas_label(text: str) -> str:
    """A label drawn on the map's canvas (laid out left to right): a right-to-left name is
    embedded right to left (RLE … PDF), so a closing quote or a number stays where it belongs.
    A canvas honours the embedding controls, not the newer isolates.

    >>> _canvas_label('תיכון "רמות"'), _canvas_label("Kaunas")
    ('\u202bתיכון "רמות"\u202c', 'Kaunas')
    """
    return f"\u202b{text}\u202c" if text_direction(text) == "rtl" else text


def _edge(smap: StakeholderMap, t: Tie) -> dict[str, Any]:
    style = TIE_STYLES[t.type.value]
    tip = [["", _("{type}: {source} {arrow} {target}").format(
                type=tie_label(t.type), source=isolate(_name(smap, t.source)), arrow=arrow(),
                target=isolate(_name(smap, t.target)))],
           [_("weight"), fmt_num(t.weight)]]
    if t.trust is not None:
        tip.append([_("trust"), fmt_num(t.trust)])
    if t.value is not None:
        tip.append([_("value"), fmt_num(t.value)])
    if t.since or t.until:
        tip.append([_("period"), f"{fmt_date(t.since) if t.since else '…'} – "
                                 f"{fmt_date(t.until) if t.until else '…'}"])
    return {
        "color": {"color": style["color"], "highlight": "#000000", "hover": "#000000",
                  "opacity": 0.9},
        "dashes": bool(style.get("dashes")),
        "arrows": "to" if t.type.directed else "",
        "width": 0.5 + 0.5 * t.weight,
        "tieType": t.type.value,
        "tip": tip,
    }


def _name(smap: StakeholderMap, actor_id: str) -> str:
    actor = smap.actor_by_id.get(actor_id)
    return actor.name if actor else actor_id


def _measures(metrics: Metrics | None) -> dict[str, dict[str, float]]:
    if metrics is None:
        return {}
    table = metrics.actors[[c for c in _MEASURES if c in metrics.actors.columns]]
    return {str(k): {str(c): float(v) for c, v in row.items() if v == v}  # v == v: not NaN
            for k, row in table.to_dict(orient="index").items()}


def _options(ties: int) -> dict[str, Any]:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": ties > _LARGE,
                        "hideEdgesOnZoom": ties > _LARGE, "multiselect": False},
        "nodes": {"shape": "dot", "font": {"size": 18, "face": f'"{FAMILY}", sans-serif',
                                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "selectionWidth": 2,
                  "arrows": {"to": {"scaleFactor": 0.6}}},
    }


# --- the page ----------------------------------------------------------------

_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src data:")
"""The map runs its own inline scripts and fetches nothing."""


def _vis_file(name: str) -> Markup:
    """A file of vis-network as shipped inside pyvis, to inline in the page.

    It is pyvis's code, not user text: marked safe so that the template does
    not escape it. A ``</`` that would close the element early is written
    ``<\\/``, which means the same in JavaScript and in CSS strings.
    """
    from importlib.resources import files

    lib = files("pyvis") / "templates" / "lib"
    found = sorted((d for d in lib.iterdir() if d.name.startswith("vis-") and (d / name).is_file()),
                   key=lambda d: [int(p) if p.isdigit() else 0
                                  for p in d.name.removeprefix("vis-").split(".")])
    if not found:
        raise ExternalReference(f"pyvis ships no {name}: is pyvis newer than 0.3? The map "
                                "needs vis-network inlined to open offline.")
    text = (found[-1] / name).read_text(encoding="utf-8")
    return Markup(re.sub(r"</(?=script|style)", r"<\\/", text, flags=re.IGNORECASE))


def _subtitle(smap: StakeholderMap, ties: int) -> list[Any]:
    """The facts under the title, each an inline piece (the wave's name isolated)."""
    p = smap.programme
    facts: list[Any] = []
    if p.wave:
        facts.append(fill(_("wave {wave}"), wave=User(p.wave)))
    if p.as_of:
        facts.append(_("as of {date}").format(date=fmt_date(p.as_of)))
    facts.append(_("{actors}, {ties}").format(
        actors=ngettext("{n} actor", "{n} actors", len(smap.actors)).format(
            n=fmt_num(len(smap.actors))),
        ties=ngettext("{n} tie", "{n} ties", ties).format(n=fmt_num(ties))))
    return facts


def _sectors(smap: StakeholderMap) -> list[dict[str, Any]]:
    """The sector filter's choices: every sector with actors, in the programme's order."""
    per_sector = Counter(a.sector for a in smap.actors)
    out = []
    for sector in [s.id for s in smap.sectors] + sorted(set(per_sector) - set(smap.sector_by_id)):
        if per_sector.get(sector):
            name = sector_label(smap.sector_by_id.get(sector), sector)
            out.append({"id": sector, "name": isolate(name), "count": fmt_num(per_sector[sector])})
    return out


def _legend(smap: StakeholderMap, ties: list[TieType]) -> dict[str, list[dict[str, Any]]]:
    present = {a.sector for a in smap.actors}
    sectors = [{"colour": _colour(s.id), "name": sector_label(s)}
               for s in smap.sectors if s.id in present]
    sectors += [{"colour": _colour(s), "name": s} for s in sorted(present - set(smap.sector_by_id))]
    grey = "#555555"
    levels = [{"fill": _rgba(grey, _fill(e)), "border": grey,
               "dashed": e is Engagement.RESISTANT, "label": engagement_label(e)}
              for e in Engagement]
    kinds = [{"colour": style["color"], "dashed": bool(style.get("dashes")),
              "label": (_(style["label"]) if "label" in style else tie_label(t))
              + (" " + arrow() if t.directed else "")}
             for t in TieType if t in ties for style in (TIE_STYLES[t.value],)]
    return {"sectors": sectors, "levels": levels, "kinds": kinds}


class _References(HTMLParser):
    """Collects every attribute that makes a browser fetch something."""

    FETCHING = frozenset({"src", "href", "srcset", "data", "poster", "action", "formaction",
                          "background", "xlink:href"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in self.FETCHING and value and not value.strip().startswith(("#", "data:")):
                self.found.append(f"<{tag} {name}={value!r}>")


def _check_self_contained(page: str) -> None:
    parser = _References()
    parser.feed(page)
    parser.close()
    if parser.found:
        raise ExternalReference("the map would load " + ", ".join(parser.found[:3]))
