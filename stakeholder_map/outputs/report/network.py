"""A static picture of the network as inline SVG, drawn from precomputed positions.

Nodes are coloured by sector (the palette of the dashboard) and filled more
solidly the more engaged the actor is; the backbone has a ring; sensitive
(tension) ties are red and dashed, so they still show in black and white.
Every name goes into the SVG escaped. Large maps keep every node but only a
sample of the ties, and label only the influential actors.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds
from stakeholder_map.analysis.views import Views
from stakeholder_map.model import StakeholderMap, TieType
from stakeholder_map.outputs.positions import OTHER_COLOUR
from stakeholder_map.outputs.report.html import esc, user

__all__ = ["LABEL_ALL_BELOW", "LARGE_MAP", "network_figure"]

WIDTH = 1000
MARGIN = 46
LABEL_MARGIN = 110
LABEL_ALL_BELOW = 60
"""Up to this many actors every node is labelled; above, only the backbone and the top few."""
MAX_LABELS = 25
"""Above ``LABEL_ALL_BELOW`` actors, the most influential (then best connected) are labelled."""
LARGE_MAP = 400
"""Above this many actors, nodes shrink, labels go and ties are sampled."""
MAX_TIES = 1500
"""At most this many ordinary ties are drawn on a large map (a seeded sample)."""
MAX_TENSIONS = 300
TENSION_COLOUR = "#d62728"
TIE_COLOUR = "#8a949d"


def _opacity(level: int) -> float:
    """Fill opacity by engagement: unaware 0.25 … leading 1.0, as on the dashboard map."""
    return round(0.25 + 0.15 * level, 2)


def network_figure(smap: StakeholderMap, views: Views, positions: Mapping[str, tuple[float, float]],
                   colours: Mapping[str, str], *, thresholds: Thresholds = DEFAULTS,
                   seed: int = 0) -> str:
    """A ``<figure>`` with the network as inline SVG, its legend and a caption."""
    ids = [a.id for a in smap.actors if a.id in positions]
    if not ids:
        return '<p class="none">No actors to draw.</p>'
    large = len(ids) > LARGE_MAP
    xs = [positions[i][0] for i in ids]
    ys = [positions[i][1] for i in ids]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    labelled = not large
    margin_x = LABEL_MARGIN if labelled else MARGIN  # room for a label centred on an edge node
    inner = WIDTH - 2 * margin_x
    height = int(min(max(inner * span_y / span_x, 420), 860)) + 2 * MARGIN
    scale = min(inner / span_x, (height - 2 * MARGIN) / span_y)
    off_x = (WIDTH - span_x * scale) / 2 - min(xs) * scale
    off_y = (height - span_y * scale) / 2 - min(ys) * scale
    at = {i: (round(positions[i][0] * scale + off_x, 1), round(positions[i][1] * scale + off_y, 1))
          for i in ids}

    ordinary: dict[frozenset[str], int] = {}
    tensions: set[frozenset[str]] = set()
    for t in views.ties:
        if t.source == t.target or t.source not in at or t.target not in at:
            continue
        pair = frozenset((t.source, t.target))
        if t.type is TieType.TENSION:
            tensions.add(pair)
        else:
            ordinary[pair] = ordinary.get(pair, 0) + 1
    drawn = sorted(ordinary, key=sorted)
    drawn_tensions = sorted(tensions, key=sorted)
    rng = random.Random(seed)
    if len(drawn) > MAX_TIES:
        drawn = sorted(rng.sample(drawn, MAX_TIES), key=sorted)
    if len(drawn_tensions) > MAX_TENSIONS:
        drawn_tensions = sorted(rng.sample(drawn_tensions, MAX_TENSIONS), key=sorted)

    parts = [f'<svg viewBox="0 0 {WIDTH} {height}" '
             f'role="img" aria-label="Network of {len(ids)} actors" '
             'font-family="DejaVu Sans, Arial, sans-serif">',
             '<rect width="100%" height="100%" fill="#fff"/>',
             f'<g stroke="{TIE_COLOUR}" stroke-opacity="{0.35 if large else 0.6}" '
             f'stroke-width="{0.6 if large else 1.2}">']
    for pair in drawn:
        u, v = sorted(pair)
        (x1, y1), (x2, y2) = at[u], at[v]
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>')
    parts.append("</g>")
    parts.append(f'<g stroke="{TENSION_COLOUR}" stroke-width="2.2" stroke-dasharray="7 4" '
                 'fill="none">')
    for pair in drawn_tensions:
        u, v = sorted(pair)
        (x1, y1), (x2, y2) = at[u], at[v]
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}">'
                     f"<title>sensitive: {esc(smap.actor_by_id[u].name)} – "
                     f"{esc(smap.actor_by_id[v].name)}</title></line>")
    parts.append("</g>")

    backbone = smap.programme.backbone
    sector_name = {s.id: s.name or s.id for s in smap.sectors}
    named = set(ids) if len(ids) <= LABEL_ALL_BELOW else _most_prominent(smap, ids, ordinary)
    labels: list[str] = []
    parts.append('<g stroke="#333" stroke-width="0.8">')
    for aid in ids:
        a = smap.actor_by_id[aid]
        x, y = at[aid]
        r = 2.5 + 0.5 * a.influence if large else 5 + 2 * a.influence
        colour = colours.get(a.sector, OTHER_COLOUR)
        tip = (f"{a.name} — {sector_name.get(a.sector, a.sector)}, {a.engagement.label}"
               + (f"; {a.role}" if a.role else ""))
        ring = (f'<circle cx="{x}" cy="{y}" r="{r + 4:.1f}" fill="none" stroke="#000" '
                'stroke-width="2.4"/>' if aid == backbone else "")
        parts.append(f'<g>{ring}<circle cx="{x}" cy="{y}" r="{r:.1f}" fill="#fff"/>'
                     f'<circle cx="{x}" cy="{y}" r="{r:.1f}" fill="{esc(colour)}" '
                     f'fill-opacity="{_opacity(int(a.engagement))}"/>'
                     f"<title>{esc(tip)}</title></g>")
        if labelled and (aid in named or aid == backbone):
            name = a.name if len(a.name) <= 28 else a.name[:27] + "…"
            labels.append(f'<text x="{x}" y="{y + r + 11:.1f}">{esc(name)}</text>')
    parts.append("</g>")
    parts.append('<g font-size="10.5" text-anchor="middle" fill="#1d2329" stroke="#fff" '
                 'stroke-width="3" paint-order="stroke" stroke-linejoin="round">')
    parts.extend(labels)
    parts.append("</g></svg>")

    present = list(dict.fromkeys(a.sector for a in smap.actors))
    legend = ['<ul class="legend">']
    for s in present:
        colour = esc(colours.get(s, OTHER_COLOUR))
        legend.append(f'<li><span class="swatch" style="background:{colour}"></span>'
                      f"{user(sector_name.get(s, s))}</li>")
    legend.append('<li><svg width="34" height="12" aria-hidden="true"><line x1="1" y1="6" '
                  f'x2="33" y2="6" stroke="{TENSION_COLOUR}" stroke-width="2.2" '
                  'stroke-dasharray="7 4"/></svg>sensitive relationship</li>')
    legend.append('<li><svg width="20" height="20" aria-hidden="true"><circle cx="10" cy="10" '
                  'r="5" fill="#888"/><circle cx="10" cy="10" r="8.5" fill="none" '
                  'stroke="#000" stroke-width="2"/></svg>backbone</li></ul>')
    levels = "".join(
        f'<li><span class="swatch" style="background:rgba(80,80,80,{_opacity(i)})"></span>'
        f"{label}</li>"
        for i, label in enumerate(("unaware", "resistant", "passive", "supportive", "active",
                                   "leading")))
    legend.append(f'<ul class="legend"><li class="muted">engagement (fill):</li>{levels}</ul>')
    sampled = len(ordinary) > len(drawn) or len(tensions) > len(drawn_tensions)
    caption = (f"{len(ids)} actors and {len(ordinary)} working ties (collaboration, "
               "communication, funding, influence, reports to) and "
               f"{len(tensions)} sensitive relationship(s). Node size: influence. ")
    if sampled:
        caption += (f"A large map: every actor is drawn but only a sample of "
                    f"{len(drawn)} ties and {len(drawn_tensions)} sensitive relationships. ")
    elif len(ids) > LABEL_ALL_BELOW:
        caption += (f"Only the backbone and the {MAX_LABELS} most influential actors are "
                    "labelled. ")
    return (f'<figure class="network">{"".join(parts)}{"".join(legend)}'
            f"<figcaption>{caption}</figcaption></figure>")


def _most_prominent(smap: StakeholderMap, ids: list[str],
                    ties: Mapping[frozenset[str], int]) -> set[str]:
    """The ``MAX_LABELS`` actors with the most influence, then the most working ties."""
    degree: dict[str, int] = dict.fromkeys(ids, 0)
    for pair in ties:
        for aid in pair:
            degree[aid] += 1
    ranked = sorted(ids, key=lambda i: (-smap.actor_by_id[i].influence, -degree[i], i))
    return set(ranked[:MAX_LABELS])
