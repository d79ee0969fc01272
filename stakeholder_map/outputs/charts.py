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

Every figure speaks the current language (titles, axes, legends, hover text).
In a right-to-left language (Hebrew) it is mirrored: the horizontal axis runs
from the right, the vertical axis and the row labels stand on the right, legends
and colour bars on the left; our words are embedded right to left, and a name
written in the other direction than the chart's is isolated (Unicode FSI … PDI)
so that it neither reorders nor is reordered.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import plotly.graph_objects as go

from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.analysis.thresholds import DEFAULTS
from stakeholder_map.i18n import N_, direction
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import Engagement, Sector, StakeholderMap
from stakeholder_map.outputs.html import fmt_num, fmt_signed, plotly_text
from stakeholder_map.outputs.labels import (
    arrow,
    engagement_label,
    isolate,
    sector_label,
    text_direction,
)
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
    "right_to_left",
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
TEMPLATE = "plotly_white"


def sector_colour(sector: str) -> str:
    """The sector's colour; grey for a sector outside the default set."""
    return SECTOR_COLOURS.get(sector, FALLBACK_COLOUR)


def right_to_left() -> bool:
    """Whether the figures are drawn for a right-to-left language (mirrored)."""
    return direction() == "rtl"


def _ours(text: str) -> str:
    """Our own (translated) words for a figure: embedded right to left in Hebrew, so a Latin
    abbreviation or a number inside them takes its place in a right-to-left sentence."""
    return f"\u202b{text}\u202c" if right_to_left() else text


def _user(text: object) -> str:
    """Workbook text for a figure: escaped for plotly, and isolated unless both it and the
    chart run left to right. An SVG label's own base direction is always left to right, so a
    Hebrew name needs its isolate on any chart (or a closing quote lands on the wrong side),
    and a Latin name needs one among a Hebrew chart's right-to-left words."""
    shown = plotly_text(text)
    if text_direction(str(text)) == "ltr" and direction() == "ltr":
        return shown
    return isolate(shown)


def _ladder() -> list[str]:
    """The engagement ladder's rungs, in the reader's language (for ticks and hover text)."""
    return [engagement_label(e) for e in Engagement]


def _missing() -> str:
    return "✕ " + _("missing")


def _mirror(fig: go.Figure, legend_across: bool = False) -> go.Figure:
    """In a right-to-left language: every x axis runs from the right, y axes and colour bars
    change sides and the legend moves to the left (or, laid across, aligns right)."""
    if not right_to_left():
        return fig
    for axis in fig.select_xaxes():
        if axis.range is not None:
            axis.range = tuple(reversed(axis.range))
        else:
            axis.autorange = "reversed"
    fig.update_yaxes(side="right")
    for trace in fig.data:
        if getattr(trace, "showscale", None) is not False and hasattr(trace, "colorbar"):
            trace.colorbar.update(x=-0.02, xanchor="right")
    if legend_across:
        fig.update_layout(legend={"x": 1, "xanchor": "right"})
    else:
        fig.update_layout(legend={"x": -0.02, "xanchor": "right"})
    fig.update_layout(hoverlabel={"align": "right"})
    return fig


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why it is blank (``message`` is our own text, not user data)."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, xaxis={"visible": False}, yaxis={"visible": False},
                      height=260, annotations=[{
                          "text": _ours(plotly_text(message)), "showarrow": False,
                          "font": {"size": 15}, "xref": "paper", "yref": "paper",
                          "x": 0.5, "y": 0.5}])
    return fig


def _sector_names(metrics: Metrics) -> dict[str, str]:
    """Sector id → display name (escaped), from the sector table; the id when it has no name.

    A default sector under its default name is named in the reader's language. Two sectors
    a programme gave the same name keep apart by their ids.
    """
    pairs = [(sector_label(Sector(str(sid), name)) if isinstance(name, str) and name
              else str(sid), str(sid))
             for sid, name in metrics.sectors["name"].items()]
    return {sid: label for (_name, sid), label in zip(pairs, _unique_labels(pairs), strict=True)}


def _present_sectors(metrics: Metrics) -> list[str]:
    """Sectors that have actors, in the programme's order (any unknown ones last)."""
    present = set(metrics.actors["sector"].astype(str))
    order = [str(s) for s in metrics.sectors.index if str(s) in present]
    return order + sorted(present - set(order))


def _label(names: Mapping[str, str], sector: str) -> str:
    return names.get(sector) or _user(sector)


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
        return empty_figure(_("No actors yet, so no sector mixing to show."))
    names = _sector_names(metrics)
    labels = [_label(names, str(s)) for s in mixing.index]
    z = mixing.to_numpy(dtype=int).tolist()
    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=labels, colorscale="Blues", zmin=0,
        texttemplate="%{z}", textfont={"size": 13}, xgap=2, ygap=2,
        colorbar={"title": {"text": _ours(_("ties"))}},
        hovertemplate=_("{one} ↔ {other}: {n} collaboration ties").format(
            one="%{y}", other="%{x}", n="%{z}") + "<extra></extra>"))
    fig.update_layout(template=TEMPLATE, height=140 + 48 * len(labels),
                      margin={"l": 10, "r": 10, "t": 70, "b": 10},
                      xaxis={"side": "top", "type": "category"},
                      yaxis={"autorange": "reversed", "type": "category"})
    return _mirror(fig)


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
        return empty_figure(_("No sector has a collaboration tie yet."))
    labels = [_label(names, row[0]) for row in rows]
    fig = go.Figure()
    for is_siloed, legend, colour in (
            (False, _ours(_("works across sectors")), OPEN_COLOUR),
            (True, _ours(_("siloed (below {cut})").format(cut=fmt_signed(siloed, 1))),
             SILOED_COLOUR)):
        part = [(lab, ei, i, e) for lab, (_, ei, i, e) in zip(labels, rows, strict=True)
                if (ei < siloed) is is_siloed]
        if not part:
            continue
        fig.add_trace(go.Bar(
            x=[p[0] for p in part], y=[p[1] for p in part], name=legend, marker_color=colour,
            customdata=[[p[0], p[2], p[3]] for p in part],
            texttemplate="%{y:+.2f}", textposition="outside",
            hovertemplate=("%{customdata[0]}<br>"
                           + _("E-I index {value}").format(value="%{y:+.2f}") + "<br>"
                           + _("{out} ties out, {inside} inside").format(
                               out="%{customdata[2]}", inside="%{customdata[1]}")
                           + "<extra></extra>")))
    fig.add_hline(y=0, line={"color": "#333", "width": 1})
    fig.add_hline(y=siloed, line={"color": SILOED_COLOUR, "width": 1, "dash": "dash"},
                  annotation_text=_ours(_("siloed below")),
                  annotation_position="bottom left" if right_to_left() else "bottom right")
    fig.update_layout(template=TEMPLATE, height=380, yaxis={"range": [-1.15, 1.15],
                      "title": {"text": _ours(_("E-I index"))}, "zeroline": False},
                      xaxis={"type": "category", "categoryorder": "array",
                             "categoryarray": labels},
                      legend={"orientation": "h", "y": -0.2},
                      margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return _mirror(fig, legend_across=True)


def forum_coverage(smap: StakeholderMap) -> go.Figure:
    """Forums × sectors: members of each sector in each forum; required sectors that are absent
    are marked "✕ missing" in their own colour.

    Columns are the programme's sectors plus any sector a forum requires that
    the programme does not define.
    """
    if not smap.forums:
        return empty_figure(_("This programme has no forums, committees or task forces."))
    sector_ids = [s.id for s in smap.sectors]
    sector_ids += [r for f in smap.forums for r in f.required if r not in sector_ids]
    sector_ids = list(dict.fromkeys(sector_ids))
    sector_name = {s.id: sector_label(s) for s in smap.sectors}
    columns = [_user(sector_name.get(s) or s) for s in sector_ids]
    rows = _unique_labels([(f.name or f.id, f.id) for f in smap.forums])
    missing, yes, no = _missing(), _("yes"), _("no")
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
            text_row.append(missing if absent else (f"{fmt_num(n)} ✓" if sid in required and n
                                                         else (fmt_num(n) if n else "")))
            custom_row.append([row_label, col, n, yes if sid in required else no])
        counts_z.append(counts_row)
        missing_z.append(missing_row)
        text.append(text_row)
        custom.append(custom_row)
    missing_text = [[_ours(t) if t == missing else "" for t in row] for row in text]
    counts_text = [["" if t == missing else t for t in row] for row in text]
    hover = ("%{customdata[0]}<br>"
             + _("{sector}: {n} members").format(sector="%{customdata[1]}",
                                                 n="%{customdata[2]}")
             + "<br>" + _("required: {answer}").format(answer="%{customdata[3]}")
             + "<extra></extra>")
    fig = go.Figure([
        go.Heatmap(z=counts_z, x=columns, y=rows, colorscale="Greens", zmin=0,
                   text=counts_text, texttemplate="%{text}", customdata=custom,
                   hovertemplate=hover, name=_("members"), xgap=2, ygap=2,
                   colorbar={"title": {"text": _ours(_("members"))}}),
        go.Heatmap(z=missing_z, x=columns, y=rows, colorscale=[[0, MISSING_COLOUR],
                                                               [1, MISSING_COLOUR]],
                   showscale=False, text=missing_text, texttemplate="<b>%{text}</b>",
                   textfont={"color": "white"}, customdata=custom, hovertemplate=hover,
                   name=_("required but missing"), xgap=2, ygap=2),
    ])
    fig.update_layout(template=TEMPLATE, height=150 + 44 * len(rows),
                      margin={"l": 10, "r": 10, "t": 70, "b": 10},
                      xaxis={"side": "top", "type": "category"},
                      yaxis={"autorange": "reversed", "type": "category"})
    return _mirror(fig)


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
        return empty_figure(_("No actors yet."))
    names = _sector_names(metrics)
    ladder = _ladder()
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
            customdata=[[_user(actors["name"].iat[i]), _label(names, sector),
                         ladder[levels[i]], infl[i], str(actors.index[i]),
                         quadrant(levels[i], infl[i], influence, engaged)] for i in idx],
            hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                           + _("engagement: {level}").format(level="%{customdata[2]}")
                           + "<br>" + _("influence: {value}").format(value="%{customdata[3]}")
                           + "<br>" + arrow() + " %{customdata[5]}<extra></extra>")))
    cut = int(engaged) - 0.5
    fig.add_shape(type="rect", x0=-0.7, x1=cut, y0=influence, y1=5.7, line={"width": 0},
                  fillcolor=MISSING_COLOUR, opacity=0.07, layer="below")
    fig.add_hline(y=influence, line={"color": "#555", "width": 1, "dash": "dot"})
    fig.add_vline(x=cut, line={"color": "#555", "width": 1, "dash": "dot"})
    low, high = ("right", "left") if right_to_left() else ("left", "right")
    corners = ((QUADRANTS[0], -0.6, 5.55, low), (QUADRANTS[1], 5.6, 5.55, high),
               (QUADRANTS[2], -0.6, -0.4, low), (QUADRANTS[3], 5.6, -0.4, high))
    for text, x, y, align in corners:
        fig.add_annotation(text=f"<b>{_ours(_(text))}</b>", x=x, y=y, showarrow=False,
                           xanchor=align, font={"size": 13, "color": "#444"})
    fig.update_layout(template=TEMPLATE, height=520,
                      xaxis={"title": {"text": _ours(_("engagement"))},
                             "tickvals": list(range(len(ladder))),
                             "ticktext": [_ours(t) for t in ladder], "range": [-0.7, 5.7],
                             "zeroline": False},
                      yaxis={"title": {"text": _ours(_("influence (max of formal, informal)"))},
                             "range": [-0.6, 5.7], "zeroline": False},
                      legend={"title": {"text": _ours(_("sector"))}},
                      margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return _mirror(fig)


QUADRANTS = (N_("mobilise first"), N_("keep close"), N_("keep informed"), N_("keep involved"))
"""Influential & not engaged, influential & engaged, neither, engaged but less influential
(English; translated where shown)."""


def quadrant(level: int, influence: float, cut: float = DEFAULTS.influence,
             engaged: Engagement = DEFAULTS.engaged) -> str:
    """Which quadrant of the influence × engagement grid an actor falls in (on a line: above),
    in the reader's language.

    >>> quadrant(Engagement.PASSIVE, 3.0), quadrant(Engagement.SUPPORTIVE, 2.0)
    ('mobilise first', 'keep involved')
    """
    high, on_board = influence >= cut, level >= engaged
    return _(QUADRANTS[(0 if high else 2) + (1 if on_board else 0)])


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
        return empty_figure(_("Every actor is at or above its target engagement."))
    rows.sort(key=lambda r: (-r[0], -r[1], r[2], r[3]))
    rows = rows[:limit]
    ladder = _ladder()
    labels = _unique_labels([(r[2], r[3]) for r in rows])
    custom = [[_user(r[2]), _label(names, r[4]), ladder[r[5]], ladder[r[6]], r[0]]
              for r in rows]
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for r, lab in zip(rows, labels, strict=True):
        line_x += [r[5], r[6], None]
        line_y += [lab, lab, None]
    hover = ("<b>%{customdata[0]}</b> (%{customdata[1]})<br>"
             + _("now: {level}").format(level="%{customdata[2]}") + "<br>"
             + _("target: {level}").format(level="%{customdata[3]}") + "<br>"
             + _("gap: {n} steps").format(n="%{customdata[4]}") + "<extra></extra>")
    fig = go.Figure([
        go.Scatter(x=line_x, y=line_y, mode="lines", line={"color": "#BBB", "width": 3},
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=[r[5] for r in rows], y=labels, mode="markers",
                   name=_ours(_("now (sector colour)")),
                   marker={"size": 11, "color": [sector_colour(r[4]) for r in rows],
                           "line": {"color": "#333", "width": 1}},
                   customdata=custom, hovertemplate=hover),
        go.Scatter(x=[r[6] for r in rows], y=labels, mode="markers", name=_ours(_("target")),
                   marker={"size": 11, "symbol": "diamond-open", "color": "#333",
                           "line": {"width": 2}},
                   customdata=custom, hovertemplate=hover),
    ])
    fig.update_layout(template=TEMPLATE, height=120 + 22 * len(rows),
                      xaxis={"tickvals": list(range(len(ladder))),
                             "ticktext": [_ours(t) for t in ladder],
                             "range": [-0.4, 5.4], "side": "top"},
                      yaxis={"type": "category", "autorange": "reversed",
                             "categoryorder": "array", "categoryarray": labels},
                      legend={"orientation": "h", "y": -0.02, "yanchor": "top"},
                      margin={"l": 10, "r": 10, "t": 70, "b": 10})
    return _mirror(fig, legend_across=True)


def _unique_labels(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """Escaped names as axis categories; a repeated name gets its id so rows never merge."""
    pairs = list(pairs)
    counts = Counter(name for name, _ in pairs)
    return [_user(name if counts[name] == 1 else f"{name} · {aid}") for name, aid in pairs]


def levels_by_sector(metrics: Metrics) -> go.Figure:
    """How many actors of each sector stand on each rung of the engagement ladder (stacked)."""
    actors = metrics.actors
    if actors.empty:
        return empty_figure(_("No actors yet."))
    names = _sector_names(metrics)
    sectors = _present_sectors(metrics)
    labels = [_label(names, s) for s in sectors]
    counts = Counter(zip(actors["sector"].astype(str),
                         (_level(v) for v in actors["engagement"]), strict=True))
    fig = go.Figure()
    for level in Engagement:
        ys = [counts.get((s, level), 0) for s in sectors]
        label = engagement_label(level)
        fig.add_trace(go.Bar(
            x=labels, y=ys, name=_ours(label), marker_color=ENGAGEMENT_COLOURS[level],
            customdata=[[lab, label] for lab in labels],
            hovertemplate=_("{sector}: {n} {level}").format(
                sector="%{customdata[0]}", n="%{y}", level="%{customdata[1]}")
            + "<extra></extra>"))
    most = max(Counter(actors["sector"].astype(str)).values())
    fig.update_layout(template=TEMPLATE, barmode="stack", height=400,
                      xaxis={"type": "category"},
                      yaxis={"title": {"text": _ours(_("actors"))},
                             "dtick": 1 if most <= 10 else None},
                      legend={"title": {"text": _ours(_("engagement"))}, "traceorder": "normal"},
                      margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return _mirror(fig)
