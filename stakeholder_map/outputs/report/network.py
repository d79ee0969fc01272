"""A static picture of the network as inline SVG, drawn from precomputed positions.

Nodes are coloured by sector (the palette of the dashboard) and filled more
solidly the more engaged the actor is; the backbone has a ring; sensitive
(tension) ties are red and dashed, so they still show in black and white.
The SVG is rendered from the template ``network.html``, which escapes
every name. Large maps keep every node but only a sample of the ties, and
label only the influential actors.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds
from stakeholder_map.analysis.views import Views
from stakeholder_map.i18n import gettext as _
from stakeholder_map.i18n import ngettext
from stakeholder_map.model import Engagement, StakeholderMap, TieType
from stakeholder_map.outputs.html import Block, Para, Raw, fmt_num, render
from stakeholder_map.outputs.labels import engagement_label, isolate, sector_label, text_direction
from stakeholder_map.outputs.positions import OTHER_COLOUR

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
                   seed: int = 0) -> Block:
    """A ``<figure>`` with the network as inline SVG, its legend and a caption."""
    ids = [a.id for a in smap.actors if a.id in positions]
    if not ids:
        return Para(_("No actors to draw."), "none")
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

    backbone = smap.programme.backbone
    sector_name = {s.id: sector_label(s) for s in smap.sectors}
    named = set(ids) if len(ids) <= LABEL_ALL_BELOW else _most_prominent(smap, ids, ordinary)
    nodes, labels = [], []
    for aid in ids:
        a = smap.actor_by_id[aid]
        x, y = at[aid]
        r = 2.5 + 0.5 * a.influence if large else 5 + 2 * a.influence
        facts = {"name": isolate(a.name), "sector": isolate(sector_name.get(a.sector, a.sector)),
                 "engagement": engagement_label(a.engagement), "role": isolate(a.role)}
        tip = (_("{name} — {sector}, {engagement}; {role}") if a.role
               else _("{name} — {sector}, {engagement}")).format(**facts)
        nodes.append({"x": x, "y": y, "r": f"{r:.1f}", "ring": f"{r + 4:.1f}",
                      "backbone": aid == backbone, "tip": tip,
                      "colour": colours.get(a.sector, OTHER_COLOUR),
                      "opacity": _opacity(int(a.engagement))})
        if labelled and (aid in named or aid == backbone):
            name = a.name if len(a.name) <= 28 else a.name[:27] + "…"
            labels.append({"x": x, "y": f"{y + r + 11:.1f}", "text": name,
                           "dir": text_direction(name)})

    def line(pair: frozenset[str]) -> dict[str, Any]:
        u, v = sorted(pair)
        (x1, y1), (x2, y2) = at[u], at[v]
        return {"x1": x1, "y1": y1, "x2": x2, "y2": y2,
                "tip": _("sensitive: {one} – {other}").format(
                    one=isolate(smap.actor_by_id[u].name), other=isolate(smap.actor_by_id[v].name))}

    present = list(dict.fromkeys(a.sector for a in smap.actors))
    sectors = [{"colour": colours.get(s, OTHER_COLOUR), "name": sector_name.get(s, s)}
               for s in present]
    levels = [{"opacity": _opacity(int(e)), "label": engagement_label(e)} for e in Engagement]
    sampled = len(ordinary) > len(drawn) or len(tensions) > len(drawn_tensions)
    sentences = [
        _("Actors: {n}.").format(n=fmt_num(len(ids))),
        _("Working ties (collaboration, communication, funding, influence, reports to): {n}."
          ).format(n=fmt_num(len(ordinary))),
        _("Sensitive relationships: {n}.").format(n=fmt_num(len(tensions))),
        _("Node size: influence."),
    ]
    if sampled:
        sentences.append(_("A large map: every actor is drawn, but only a sample of the ties "
                           "({ties}) and of the sensitive relationships ({tensions}).").format(
            ties=fmt_num(len(drawn)), tensions=fmt_num(len(drawn_tensions))))
    elif len(ids) > LABEL_ALL_BELOW:
        sentences.append(ngettext(
            "Only the backbone and the {n} most influential actor are labelled.",
            "Only the backbone and the {n} most influential actors are labelled.",
            MAX_LABELS).format(n=fmt_num(MAX_LABELS)))
    caption = " ".join(sentences)
    svg = render("network.html", width=WIDTH, height=height, actors=len(ids), large=large,
                 tie_colour=TIE_COLOUR, tension_colour=TENSION_COLOUR,
                 ties=[line(p) for p in drawn], tensions=[line(p) for p in drawn_tensions],
                 nodes=nodes, labels=labels, sectors=sectors, levels=levels, caption=caption)
    return Raw(Markup(svg))  # rendered, every name escaped, from our own template


def _most_prominent(smap: StakeholderMap, ids: list[str],
                    ties: Mapping[frozenset[str], int]) -> set[str]:
    """The ``MAX_LABELS`` actors with the most influence, then the most working ties."""
    degree: dict[str, int] = dict.fromkeys(ids, 0)
    for pair in ties:
        for aid in pair:
            degree[aid] += 1
    ranked = sorted(ids, key=lambda i: (-smap.actor_by_id[i].influence, -degree[i], i))
    return set(ranked[:MAX_LABELS])
