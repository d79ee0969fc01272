"""The standalone map: one HTML file that opens anywhere, even offline from an e-mail.

Made with pyvis (vis-network): vis.js is inlined, every link pyvis adds to a
CDN is removed, and the file is checked to load nothing from elsewhere.
Positions are computed here (:func:`stakeholder_map.outputs.positions.compute_positions`)
and physics is off, so a map of thousands of actors opens at once and does
not move.

What a reader sees: actors coloured by sector (the dashboard's palette),
filled more strongly the more engaged they are (a resistant actor gets a
dashed border), sized by influence; ties styled by type (tension red and
dashed, arrows on directed ties); a legend; a sector filter; and a tooltip
for every actor and tie.

Escaping: pyvis escapes nothing (see shared/TESTING.md). Here no user text
reaches HTML unescaped: the title and the legend are escaped with
:func:`html.escape`; node and edge data are JSON inside a script, where
Jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and ``'``; labels are drawn on
a canvas as text; and tooltips are built in the page as DOM elements whose
text is set with ``textContent`` — no string ever goes to ``innerHTML``.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.analysis.thresholds import target_engagement
from stakeholder_map.analysis.views import current_ties
from stakeholder_map.errors import ExternalReference
from stakeholder_map.model import Actor, Engagement, StakeholderMap, Tie, TieType

__all__ = ["TIE_STYLES", "ExternalReference", "standalone_map"]

TIE_STYLES: dict[str, dict[str, Any]] = {
    "influence": {"color": "#6a3d9a", "label": "influence (can sway)"},
    "collaboration": {"color": "#555555", "label": "collaboration"},
    "communication": {"color": "#b3b3b3", "label": "communication"},
    "funding": {"color": "#1b7837", "label": "funding"},
    "reports_to": {"color": "#8c6d31", "label": "reports to"},
    "tension": {"color": "#d62728", "label": "tension (sensitive)", "dashes": True},
}
"""How each tie type is drawn; directed types also get an arrow."""

_MEASURES = {"degree": "partners (degree)", "betweenness": "betweenness",
             "pagerank": "influence reach (PageRank)"}
_LARGE = 500
"""Above this many ties, edges are hidden while the map is dragged or zoomed."""
_SPREAD = 1.5
"""Positions are spread this much more than on the dashboard: room for labels."""


def standalone_map(smap: StakeholderMap, *, metrics: Metrics | None = None,
                   positions: Mapping[str, tuple[float, float]] | None = None) -> str:
    """One self-contained HTML page with the interactive map of ``smap``.

    ``metrics`` (optional) adds degree, betweenness and influence reach to
    each actor's tooltip. ``positions`` (optional, in pixels, as
    :func:`~stakeholder_map.outputs.positions.compute_positions` gives them) saves the
    layout, most of the time on a large map. The page loads nothing from
    the network: it raises :class:`ExternalReference` rather than return a
    page that would.

    Examples
    --------
    >>> from stakeholder_map.model import Actor, Programme, StakeholderMap
    >>> smap = StakeholderMap((Actor("a", "<b>A</b>", "public"),), programme=Programme("<i>P"))
    >>> page = standalone_map(smap)
    >>> "<title>&lt;i&gt;P</title>" in page, "<b>A</b>" in page, "\\\\u003cb\\\\u003eA" in page
    (True, False, True)
    """
    from pyvis.network import Network  # type: ignore[import-untyped]

    from stakeholder_map.outputs.positions import compute_positions

    if positions is None:
        positions = compute_positions(smap)
    ties = current_ties(smap)
    net = Network(height="78vh", width="100%", directed=True, cdn_resources="in_line")
    net.set_options(json.dumps(_options(len(ties))))
    measures = _measures(metrics)
    for actor in smap.actors:
        x, y = positions.get(actor.id, (0.0, 0.0))
        x, y = x * _SPREAD, y * _SPREAD
        net.add_node(actor.id, **_node(smap, actor, x, y, measures.get(actor.id, {})))
    for tie in ties:
        net.add_edge(tie.source, tie.target, **_edge(smap, tie))
    page = net.generate_html()
    return _self_contained(page, smap, len(ties))


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
    sector = smap.sector_by_id.get(a.sector)
    target = target_engagement(a, smap.programme.backbone)
    engagement = a.engagement.label + (f" (target: {target.label})" if target != a.engagement
                                       else "")
    tip: list[list[str]] = [["", a.name],
                            ["sector", sector.name if sector else a.sector],
                            ["kind", a.kind.value]]
    if a.role:
        tip.append(["role", a.role])
    tip.append(["engagement", engagement])
    tip.append(["influence", f"formal {a.formal_influence:g}, informal {a.informal_influence:g}"])
    tip += [[_MEASURES[k], f"{v:.3g}"] for k, v in measures.items()]
    if smap.programme.backbone == a.id:
        tip.append(["", "backbone organisation"])
    resistant = a.engagement is Engagement.RESISTANT
    return {
        "label": a.name or a.id,
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


def _edge(smap: StakeholderMap, t: Tie) -> dict[str, Any]:
    style = TIE_STYLES[t.type.value]
    tip = [["", f"{t.type.value}: {_name(smap, t.source)} → {_name(smap, t.target)}"],
           ["weight", f"{t.weight:g}"]]
    if t.trust is not None:
        tip.append(["trust", f"{t.trust:g}"])
    if t.value is not None:
        tip.append(["value", f"{t.value:g}"])
    if t.since or t.until:
        tip.append(["period", f"{t.since or '…'} – {t.until or '…'}"])
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
        "nodes": {"shape": "dot", "font": {"size": 18, "face": "sans-serif",
                                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "selectionWidth": 2,
                  "arrows": {"to": {"scaleFactor": 0.6}}},
    }


# --- the page ----------------------------------------------------------------

_STYLE = """
html, body { height: 100%; }
body { font-family: system-ui, sans-serif; margin: 0; color: #222; display: flex;
       flex-direction: column; }
body > .card { flex: 1 1 auto; min-height: 12rem; position: relative; }
#mynetwork { position: absolute !important; inset: 0; width: 100% !important;
             height: 100% !important; }
.sm-header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline;
             padding: .6rem 1rem; border-bottom: 1px solid #ddd; }
.sm-header h1 { font-size: 1.3rem; margin: 0; }
.sm-sub, #visible-count { color: #555; font-size: .9rem; }
#mynetwork { float: none !important; border: none !important; }
.sm-header, .sm-legend { flex: none; }
.sm-legend { order: 2; }
.sm-legend { display: flex; flex-wrap: wrap; gap: .3rem 2rem; padding: .5rem 1rem;
             font-size: .85rem; border-top: 1px solid #ddd; }
.sm-legend h2 { font-size: .85rem; margin: 0 0 .2rem; }
.sm-legend ul { list-style: none; margin: 0; padding: 0; }
.sm-legend li { display: flex; align-items: center; gap: .4rem; margin: .1rem 0; }
.sm-dot { display: inline-block; width: .9rem; height: .9rem; border-radius: 50%;
          border: 2px solid; box-sizing: border-box; }
.sm-line { display: inline-block; width: 1.8rem; border-top: 3px solid; }
div.vis-tooltip { font: .85rem system-ui, sans-serif !important; max-width: 26rem;
                   white-space: normal !important; background: #fffef5 !important;
                   padding: .4rem .6rem !important; }
.vis-tooltip .sm-tip-title { font-weight: bold; }
.vis-tooltip .sm-tip-key { color: #666; }
"""

_SCRIPT = """
(function () {
  "use strict";
  function tooltip(rows) {
    var box = document.createElement("div");
    box.setAttribute("dir", "auto");
    rows.forEach(function (row) {
      var line = document.createElement("div");
      if (row[0] === "") {
        line.className = "sm-tip-title";
      } else {
        var key = document.createElement("span");
        key.className = "sm-tip-key";
        key.textContent = row[0] + ": ";
        line.appendChild(key);
      }
      line.appendChild(document.createTextNode(row[1]));
      box.appendChild(line);
    });
    return box;
  }
  function withTooltips(items) {
    return items.map(function (item) { return {id: item.id, title: tooltip(item.tip || [])}; });
  }
  nodes.update(withTooltips(nodes.get()));
  edges.update(withTooltips(edges.get()));

  var total = nodes.length;
  var select = document.getElementById("sector-filter");
  var count = document.getElementById("visible-count");
  function showCount() {
    var shown = nodes.get({filter: function (n) { return !n.hidden; }}).length;
    count.textContent = shown + " of " + total + " actors shown";
  }
  select.addEventListener("change", function () {
    var sector = select.value;
    nodes.update(nodes.get().map(function (n) {
      return {id: n.id, hidden: sector !== "" && n.sector !== sector};
    }));
    showCount();
    var visible = nodes.getIds({filter: function (n) { return !n.hidden; }});
    if (visible.length) { network.fit({nodes: visible, animation: false}); }
  });
  showCount();
  network.once("afterDrawing", function () {
    document.documentElement.setAttribute("data-map-ready", "true");
  });
  network.fit({animation: false});
})();
"""


def _header(smap: StakeholderMap, ties: int) -> str:
    p = smap.programme
    title = p.name or "Stakeholder map"
    facts = [f"wave {p.wave}" if p.wave else "", f"as of {p.as_of.isoformat()}" if p.as_of else "",
             f"{len(smap.actors)} actors, {ties} ties"]
    per_sector = Counter(a.sector for a in smap.actors)
    options = ['<option value="">All sectors</option>']
    for sector in [s.id for s in smap.sectors] + sorted(set(per_sector) - set(smap.sector_by_id)):
        if per_sector.get(sector):
            name = smap.sector_by_id[sector].name if sector in smap.sector_by_id else sector
            options.append(f'<option value="{html.escape(sector)}">{html.escape(name)} '
                           f"({per_sector[sector]})</option>")
    return (f'<header class="sm-header"><h1 dir="auto">{html.escape(title)}</h1>'
            f'<span class="sm-sub">{html.escape(" · ".join(f for f in facts if f))}</span>'
            f'<label>Sector <select id="sector-filter">{"".join(options)}</select></label>'
            f'<span id="visible-count"></span></header>')


def _legend(smap: StakeholderMap, ties: list[TieType]) -> str:
    present = {a.sector for a in smap.actors}
    sectors = "".join(
        f'<li><span class="sm-dot" style="background:{_colour(s.id)};'
        f'border-color:{_colour(s.id)}"></span>{html.escape(s.name)}</li>'
        for s in smap.sectors if s.id in present)
    sectors += "".join(
        f'<li><span class="sm-dot" style="background:{_colour(s)};border-color:{_colour(s)}">'
        f"</span>{html.escape(s)}</li>" for s in sorted(present - set(smap.sector_by_id)))
    grey = "#555555"
    levels = "".join(
        f'<li><span class="sm-dot" style="background:{_rgba(grey, _fill(e))};'
        f'border-color:{grey}{";border-style:dashed" if e is Engagement.RESISTANT else ""}">'
        f"</span>{e.label}</li>" for e in Engagement)
    kinds = "".join(
        f'<li><span class="sm-line" style="border-top-color:{TIE_STYLES[t.value]["color"]}'
        f'{";border-top-style:dashed" if TIE_STYLES[t.value].get("dashes") else ""}"></span>'
        f'{TIE_STYLES[t.value]["label"]}{" →" if t.directed else ""}</li>'
        for t in TieType if t in ties)
    return ('<section class="sm-legend" aria-label="Legend">'
            f"<div><h2>Sector (colour)</h2><ul>{sectors}</ul></div>"
            f"<div><h2>Engagement (fill)</h2><ul>{levels}</ul></div>"
            f"<div><h2>Ties</h2><ul>{kinds}</ul></div>"
            "<div><h2>Size</h2><ul><li>influence, formal or informal</li>"
            "<li>thick border: backbone</li></ul></div></section>")


_EXTERNAL_TAG = re.compile(
    r"""<(?:link|script)\b[^>]*?\b(?:href|src)\s*=\s*["']?\s*(?:https?:)?//[^>]*>"""
    r"""(?:\s*</script>)?""", re.IGNORECASE)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
_COMMENTED_TAG = re.compile(r"<!--\s*<(?:link|script)\b.*?-->", re.IGNORECASE | re.DOTALL)


def _self_contained(page: str, smap: StakeholderMap, ties: int) -> str:
    """pyvis's page without its CDN links, with our title, header, legend, style and script."""
    page = _EXTERNAL_TAG.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = _COMMENTED_TAG.sub("", page)
    title = html.escape(smap.programme.name or "Stakeholder map")
    head = (f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{_STYLE}</style>")
    types = sorted({t.type for t in current_ties(smap)}, key=list(TieType).index)
    page = _insert(page, "</head>", head + "</head>")
    # the legend comes before pyvis's script, so the map is drawn at its final size;
    # CSS shows it below the map
    page = _insert(page, "<body>", "<body>" + _header(smap, ties) + _legend(smap, types))
    page = _insert(page, "</body>", f"<script>{_SCRIPT}</script></body>", last=True)
    page = "<!DOCTYPE html>\n" + page.lstrip()
    _check_self_contained(page)
    return page


def _insert(page: str, marker: str, text: str, *, last: bool = False) -> str:
    at = page.rfind(marker) if last else page.find(marker)
    if at < 0:
        raise ExternalReference(f"the pyvis page has no {marker}: is pyvis newer than 0.3?")
    return page[:at] + text + page[at + len(marker):]


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
