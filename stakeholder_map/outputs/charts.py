"""Pure figures of the analysis: the dashboard's Sectors and Engagement pages, the readiness pack.

No callbacks and no I/O: every function takes the analysis (a
:class:`~stakeholder_map.analysis.metrics.Metrics` or a
:class:`~stakeholder_map.model.StakeholderMap`) and returns a plotly figure,
so each can be tested without a browser.

Plotly renders a subset of HTML in text, hover text, legend names and tick
labels, so every user string (actor, sector and forum names) passes through
:func:`~stakeholder_map.outputs.html.plotly_text` before it reaches a figure;
hover templates read it from ``customdata`` and never splice it into the
template itself.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import plotly.graph_objects as go

from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.analysis.thresholds import DEFAULTS
from stakeholder_map.model import Engagement, StakeholderMap
from stakeholder_map.outputs.html import plotly_text
from stakeholder_map.outputs.positions import OTHER_COLOUR, SECTOR_COLOURS

__all__ = [
    "ENGAGEMENT_COLOURS",
    "FALLBACK_COLOUR",
    "SECTOR_COLOURS",
    "ei_bars",
    "empty_figure",
    "engagement_dumbbell",
    "forum_coverage",
    "influence_engagement_grid",
    "levels_by_sector",
    "mixing_heatmap",
    "sector_colour",
]

# one palette for the map and the charts (Okabe–Ito, safe for colour-blind readers)
FALLBACK_COLOUR = OTHER_COLOUR
"""Grey for a sector a programme defines itself."""

ENGAGEMENT_COLOURS: dict[Engagement, str] = {
    Engagement.UNAWARE: "#D9D9D9",
    Engagement.RESISTANT: "#D55E00",
    Engagement.PASSIVE: "#C6DBEF",
    Engagement.SUPPORTIVE: "#6BAED6",
    Engagement.ACTIVE: "#2171B5",
    Engagement.LEADING: "#08306B",
}
"""The ladder as a blue ramp from pale to dark; resistance stands out in vermillion."""

SILOED_COLOUR = "#D55E00"
OPEN_COLOUR = "#6C7A89"
MISSING_COLOUR = "#D55E00"
MISSING = "✕ missing"
TEMPLATE = "plotly_white"
LADDER = [e.label for e in Engagement]


def sector_colour(sector: str) -> str:
    """The sector's colour; grey for a sector outside the default set."""
    return SECTOR_COLOURS.get(sector, FALLBACK_COLOUR)


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why it is blank (``message`` is our own text, not user data)."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, xaxis={"visible": False}, yaxis={"visible": False},
                      height=260, annotations=[{
                          "text": plotly_text(message), "showarrow": False, "font": {"size": 15},
                          "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}])
    return fig


def _sector_names(metrics: Metrics) -> dict[str, str]:
    """Sector id → display name (escaped), from the sector table; the id when it has no name.

    Two sectors a programme gave the same name keep apart by their ids.
    """
    pairs = [(name if isinstance(name, str) and name else str(sid), str(sid))
             for sid, name in metrics.sectors["name"].items()]
    return {sid: label for (_, sid), label in zip(pairs, _unique_labels(pairs), strict=True)}


def _present_sectors(metrics: Metrics) -> list[str]:
    """Sectors that have actors, in the programme's order (any unknown ones last)."""
    present = set(metrics.actors["sector"].astype(str))
    order = [str(s) for s in metrics.sectors.index if str(s) in present]
    return order + sorted(present - set(order))


def _label(names: Mapping[str, str], sector: str) -> str:
    return names.get(sector) or plotly_text(sector)


def _isnan(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _level(label: object) -> Engagement:
    return Engagement[str(label).upper()]


def _influence(row: Any) -> float:
    """Influence by position or by personality, whichever is larger (as :attr:`Actor.influence`)."""
    return max(float(row["formal_influence"]), float(row["informal_influence"]))


def mixing_heatmap(metrics: Metrics) -> go.Figure:
    """Collaboration ties between every two sectors; the diagonal counts ties inside a sector.

    Cells are annotated with their counts. Rows and columns follow the
    programme's sector order and hold only sectors that have actors.
    """
    mixing = metrics.mixing
    if mixing.empty:
        return empty_figure("No actors yet, so no sector mixing to show.")
    names = _sector_names(metrics)
    labels = [_label(names, str(s)) for s in mixing.index]
    z = mixing.to_numpy(dtype=int).tolist()
    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=labels, colorscale="Blues", zmin=0,
        texttemplate="%{z}", textfont={"size": 13}, xgap=2, ygap=2,
        colorbar={"title": {"text": "ties"}},
        hovertemplate="%{y} ↔ %{x}: %{z} collaboration ties<extra></extra>"))
    fig.update_layout(template=TEMPLATE, height=140 + 48 * len(labels),
                      margin={"l": 10, "r": 10, "t": 70, "b": 10},
                      xaxis={"side": "top", "type": "category"},
                      yaxis={"autorange": "reversed", "type": "category"})
    return fig


def ei_bars(metrics: Metrics, siloed: float = DEFAULTS.siloed_ei) -> go.Figure:
    """Krackhardt–Stern E-I index of each sector, from −1 (only inward ties) to +1 (only outward).

    Sectors below ``siloed`` (the cut-off the gaps use) are coloured apart;
    sectors without actors or without any tie have no index and are left out.
    """
    table = metrics.sectors
    names = _sector_names(metrics)
    rows = [(str(sid), float(row["ei_index"]), int(row["internal_ties"]),
             int(row["external_ties"]))
            for sid, row in table.iterrows()
            if row["actors"] > 0 and not _isnan(row["ei_index"])]
    if not rows:
        return empty_figure("No sector has a collaboration tie yet.")
    labels = [_label(names, sid) for sid, *_ in rows]
    fig = go.Figure()
    for is_siloed, legend, colour in ((False, "works across sectors", OPEN_COLOUR),
                                      (True, f"siloed (below {siloed:+.1f})", SILOED_COLOUR)):
        part = [(lab, ei, i, e) for lab, (_, ei, i, e) in zip(labels, rows, strict=True)
                if (ei < siloed) is is_siloed]
        if not part:
            continue
        fig.add_trace(go.Bar(
            x=[p[0] for p in part], y=[p[1] for p in part], name=legend, marker_color=colour,
            customdata=[[p[0], p[2], p[3]] for p in part],
            texttemplate="%{y:+.2f}", textposition="outside",
            hovertemplate=("%{customdata[0]}<br>E-I index %{y:+.2f}<br>"
                           "%{customdata[2]} ties out, %{customdata[1]} inside"
                           "<extra></extra>")))
    fig.add_hline(y=0, line={"color": "#333", "width": 1})
    fig.add_hline(y=siloed, line={"color": SILOED_COLOUR, "width": 1, "dash": "dash"},
                  annotation_text="siloed below", annotation_position="bottom right")
    fig.update_layout(template=TEMPLATE, height=380, yaxis={"range": [-1.15, 1.15],
                      "title": {"text": "E-I index"}, "zeroline": False},
                      xaxis={"type": "category", "categoryorder": "array",
                             "categoryarray": labels},
                      legend={"orientation": "h", "y": -0.2},
                      margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def forum_coverage(smap: StakeholderMap) -> go.Figure:
    """Forums × sectors: members of each sector in each forum; required sectors that are absent
    are marked "✕ missing" in their own colour.

    Columns are the programme's sectors plus any sector a forum requires that
    the programme does not define.
    """
    if not smap.forums:
        return empty_figure("This programme has no forums, committees or task forces.")
    sector_ids = [s.id for s in smap.sectors]
    sector_ids += [r for f in smap.forums for r in f.required if r not in sector_ids]
    sector_ids = list(dict.fromkeys(sector_ids))
    sector_name = {s.id: s.name for s in smap.sectors}
    columns = [plotly_text(sector_name.get(s) or s) for s in sector_ids]
    rows = _unique_labels([(f.name or f.id, f.id) for f in smap.forums])
    counts_z: list[list[float | None]] = []
    missing_z: list[list[float | None]] = []
    text: list[list[str]] = []
    custom: list[list[list[str | int]]] = []
    for forum, row_label in zip(smap.forums, rows, strict=True):
        per = Counter(smap.actor_by_id[m.actor].sector for m in forum.members
                      if m.actor in smap.actor_by_id)
        required = set(forum.required)
        counts_row: list[float | None] = []
        missing_row: list[float | None] = []
        text_row: list[str] = []
        custom_row: list[list[str | int]] = []
        for sid, col in zip(sector_ids, columns, strict=True):
            n = per.get(sid, 0)
            absent = sid in required and n == 0
            counts_row.append(None if absent else float(n))
            missing_row.append(1.0 if absent else None)
            text_row.append(MISSING if absent else (f"{n} ✓" if sid in required and n
                                                         else (str(n) if n else "")))
            custom_row.append([row_label, col, n, "yes" if sid in required else "no"])
        counts_z.append(counts_row)
        missing_z.append(missing_row)
        text.append(text_row)
        custom.append(custom_row)
    missing_text = [[t if t == MISSING else "" for t in row] for row in text]
    counts_text = [["" if t == MISSING else t for t in row] for row in text]
    hover = ("%{customdata[0]}<br>%{customdata[1]}: %{customdata[2]} members"
             "<br>required: %{customdata[3]}<extra></extra>")
    fig = go.Figure([
        go.Heatmap(z=counts_z, x=columns, y=rows, colorscale="Greens", zmin=0,
                   text=counts_text, texttemplate="%{text}", customdata=custom,
                   hovertemplate=hover,
                   name="members", xgap=2, ygap=2, colorbar={"title": {"text": "members"}}),
        go.Heatmap(z=missing_z, x=columns, y=rows, colorscale=[[0, MISSING_COLOUR],
                                                               [1, MISSING_COLOUR]],
                   showscale=False, text=missing_text, texttemplate="<b>%{text}</b>",
                   textfont={"color": "white"}, customdata=custom, hovertemplate=hover,
                   name="required but missing", xgap=2, ygap=2),
    ])
    fig.update_layout(template=TEMPLATE, height=150 + 44 * len(rows),
                      margin={"l": 10, "r": 10, "t": 70, "b": 10},
                      xaxis={"side": "top", "type": "category"},
                      yaxis={"autorange": "reversed", "type": "category"})
    return fig


def influence_engagement_grid(metrics: Metrics, influence: float = DEFAULTS.influence,
                              engaged: Engagement = DEFAULTS.engaged) -> go.Figure:
    """Each actor by engagement (x, the ladder) and influence (y, max of formal and informal).

    Lines at ``influence`` and between the levels below and from ``engaged``
    cut the plane into four quadrants; the top-left one — influential, not
    yet engaged — is where a facilitator mobilises first. Actors that share
    a cell are spread sideways so none hides another.
    """
    actors = metrics.actors
    if actors.empty:
        return empty_figure("No actors yet.")
    names = _sector_names(metrics)
    levels = [int(_level(v)) for v in actors["engagement"]]
    infl = [_influence(r) for _, r in actors.iterrows()]
    xs = _spread(levels, infl)
    fig = go.Figure()
    for sector in _present_sectors(metrics):
        idx = [i for i, s in enumerate(actors["sector"].astype(str)) if s == sector]
        fig.add_trace(go.Scatter(
            x=[xs[i] for i in idx], y=[infl[i] for i in idx], mode="markers",
            name=_label(names, sector),
            marker={"color": sector_colour(sector), "size": 11,
                    "line": {"color": "#333", "width": 0.6}},
            customdata=[[plotly_text(actors["name"].iat[i]), _label(names, sector),
                         LADDER[levels[i]], infl[i], str(actors.index[i]),
                         quadrant(levels[i], infl[i], influence, engaged)] for i in idx],
            hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                           "engagement: %{customdata[2]}<br>influence: %{customdata[3]}"
                           "<br>→ %{customdata[5]}<extra></extra>")))
    cut = int(engaged) - 0.5
    fig.add_shape(type="rect", x0=-0.7, x1=cut, y0=influence, y1=5.7, line={"width": 0},
                  fillcolor=MISSING_COLOUR, opacity=0.07, layer="below")
    fig.add_hline(y=influence, line={"color": "#555", "width": 1, "dash": "dot"})
    fig.add_vline(x=cut, line={"color": "#555", "width": 1, "dash": "dot"})
    corners = ((QUADRANTS[0], -0.6, 5.55, "left"), (QUADRANTS[1], 5.6, 5.55, "right"),
               (QUADRANTS[2], -0.6, -0.4, "left"), (QUADRANTS[3], 5.6, -0.4, "right"))
    for text, x, y, align in corners:
        fig.add_annotation(text=f"<b>{text}</b>", x=x, y=y, showarrow=False, xanchor=align,
                           font={"size": 13, "color": "#444"})
    fig.update_layout(template=TEMPLATE, height=520,
                      xaxis={"title": {"text": "engagement"}, "tickvals": list(range(len(LADDER))),
                             "ticktext": LADDER, "range": [-0.7, 5.7], "zeroline": False},
                      yaxis={"title": {"text": "influence (max of formal, informal)"},
                             "range": [-0.6, 5.7], "zeroline": False},
                      legend={"title": {"text": "sector"}},
                      margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


QUADRANTS = ("mobilise first", "keep close", "keep informed", "keep involved")
"""Influential & not engaged, influential & engaged, neither, engaged but less influential."""


def quadrant(level: int, influence: float, cut: float = DEFAULTS.influence,
             engaged: Engagement = DEFAULTS.engaged) -> str:
    """Which quadrant of the influence × engagement grid an actor falls in (on a line: above).

    >>> quadrant(Engagement.PASSIVE, 3.0), quadrant(Engagement.SUPPORTIVE, 2.0)
    ('mobilise first', 'keep involved')
    """
    high, on_board = influence >= cut, level >= engaged
    return QUADRANTS[(0 if high else 2) + (1 if on_board else 0)]


def _spread(levels: list[int], influence: list[float], step: float = 0.09,
            width: float = 0.8) -> list[float]:
    """x positions: each level, with actors that share (level, influence) fanned out sideways.

    Neighbours sit ``step`` apart, closer when a crowd would not fit in ``width``.
    """
    groups = Counter(zip(levels, influence, strict=True))
    seen: Counter[tuple[int, float]] = Counter()
    xs = []
    for key in zip(levels, influence, strict=True):
        n, k = groups[key], seen[key]
        seen[key] += 1
        gap = min(step, width / (n - 1)) if n > 1 else 0.0
        xs.append(key[0] + (k - (n - 1) / 2) * gap)
    return xs


def engagement_dumbbell(metrics: Metrics, limit: int = 40) -> go.Figure:
    """Current and target engagement of the actors furthest below their target.

    Largest gap first (ties broken by influence, then name); at most
    ``limit`` actors. Actors at or above their target are left out.
    """
    actors = metrics.actors
    names = _sector_names(metrics)
    rows = []
    for aid, row in actors.iterrows():
        now, target = int(_level(row["engagement"])), int(_level(row["target_engagement"]))
        if target > now:
            rows.append((target - now, _influence(row), str(row["name"]), str(aid),
                         str(row["sector"]), now, target))
    if not rows:
        return empty_figure("Every actor is at or above its target engagement.")
    rows.sort(key=lambda r: (-r[0], -r[1], r[2], r[3]))
    rows = rows[:limit]
    labels = _unique_labels([(r[2], r[3]) for r in rows])
    custom = [[plotly_text(r[2]), _label(names, r[4]), LADDER[r[5]], LADDER[r[6]], r[0]]
              for r in rows]
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for r, lab in zip(rows, labels, strict=True):
        line_x += [r[5], r[6], None]
        line_y += [lab, lab, None]
    hover = ("<b>%{customdata[0]}</b> (%{customdata[1]})<br>now: %{customdata[2]}"
             "<br>target: %{customdata[3]}<br>gap: %{customdata[4]} steps<extra></extra>")
    fig = go.Figure([
        go.Scatter(x=line_x, y=line_y, mode="lines", line={"color": "#BBB", "width": 3},
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=[r[5] for r in rows], y=labels, mode="markers", name="now (sector colour)",
                   marker={"size": 11, "color": [sector_colour(r[4]) for r in rows],
                           "line": {"color": "#333", "width": 1}},
                   customdata=custom, hovertemplate=hover),
        go.Scatter(x=[r[6] for r in rows], y=labels, mode="markers", name="target",
                   marker={"size": 11, "symbol": "diamond-open", "color": "#333",
                           "line": {"width": 2}},
                   customdata=custom, hovertemplate=hover),
    ])
    fig.update_layout(template=TEMPLATE, height=120 + 22 * len(rows),
                      xaxis={"tickvals": list(range(len(LADDER))), "ticktext": LADDER,
                             "range": [-0.4, 5.4], "side": "top"},
                      yaxis={"type": "category", "autorange": "reversed",
                             "categoryorder": "array", "categoryarray": labels},
                      legend={"orientation": "h", "y": -0.02, "yanchor": "top"},
                      margin={"l": 10, "r": 10, "t": 70, "b": 10})
    return fig


def _unique_labels(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """Escaped names as axis categories; a repeated name gets its id so rows never merge."""
    pairs = list(pairs)
    counts = Counter(name for name, _ in pairs)
    return [plotly_text(name if counts[name] == 1 else f"{name} · {aid}") for name, aid in pairs]


def levels_by_sector(metrics: Metrics) -> go.Figure:
    """How many actors of each sector stand on each rung of the engagement ladder (stacked)."""
    actors = metrics.actors
    if actors.empty:
        return empty_figure("No actors yet.")
    names = _sector_names(metrics)
    sectors = _present_sectors(metrics)
    labels = [_label(names, s) for s in sectors]
    counts = Counter(zip(actors["sector"].astype(str),
                         (_level(v) for v in actors["engagement"]), strict=True))
    fig = go.Figure()
    for level in Engagement:
        ys = [counts.get((s, level), 0) for s in sectors]
        fig.add_trace(go.Bar(
            x=labels, y=ys, name=level.label, marker_color=ENGAGEMENT_COLOURS[level],
            customdata=[[lab, level.label] for lab in labels],
            hovertemplate="%{customdata[0]}: %{y} %{customdata[1]}<extra></extra>"))
    most = max(Counter(actors["sector"].astype(str)).values())
    fig.update_layout(template=TEMPLATE, barmode="stack", height=400,
                      xaxis={"type": "category"},
                      yaxis={"title": {"text": "actors"}, "dtick": 1 if most <= 10 else None},
                      legend={"title": {"text": "engagement"}, "traceorder": "normal"},
                      margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig
