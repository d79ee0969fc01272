"""The key charts of the readiness pack, rendered once to SVG with kaleido and embedded.

The figures are the dashboard's own (:mod:`dashboards.charts`), which escape
every name before plotly sees it. kaleido drives the system Chromium
(``/usr/bin/chromium``, or ``BROWSER_PATH``); all figures go through one
browser session, with MathJax switched off so nothing is fetched from a CDN.
Each SVG is embedded as a ``data:`` image: it needs no network, and an
``<img>`` never runs script, whatever a chart contains.

When kaleido or the browser is missing or fails, :func:`chart_section` says
so in one sentence in place of the charts: the pack is still produced.
"""

from __future__ import annotations

import base64
import importlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .metrics import Metrics
from .model import StakeholderMap
from .report_html import esc
from .thresholds import DEFAULTS, Thresholds

__all__ = ["Chart", "ChartError", "chart_section", "key_charts", "render_svgs"]

WIDTH = 860
"""Rendering width in CSS pixels; the page scales the SVG down to fit A4."""
TIMEOUT = 60
"""Seconds kaleido may take for one figure before the charts are given up."""
DUMBBELL_LIMIT = 25


class ChartError(RuntimeError):
    """The charts could not be drawn (kaleido or its browser missing or failing)."""


@dataclass(frozen=True)
class Chart:
    """One figure with its heading and a caption that says how to read it (our own text)."""

    title: str
    caption: str
    figure: Any


def key_charts(smap: StakeholderMap, metrics: Metrics,
               thresholds: Thresholds = DEFAULTS) -> list[Chart]:
    """The charts a facilitator needs on paper, in reading order."""
    from dashboards import charts as c

    return [
        Chart("Engagement by sector", "How many actors of each sector stand on each rung of "
              "the engagement ladder.", c.levels_by_sector(metrics)),
        Chart("Influence and engagement", "Each actor by engagement (across) and influence "
              "(up); the shaded top-left quadrant — influential, not yet engaged — is where to "
              "mobilise first.",
              c.influence_engagement_grid(metrics, thresholds.influence, thresholds.engaged)),
        Chart("Furthest below target", f"The {DUMBBELL_LIMIT} actors furthest below their "
              "target engagement: dot = now, diamond = target.",
              c.engagement_dumbbell(metrics, limit=DUMBBELL_LIMIT)),
        Chart("Which sectors work together", "Collaboration ties between every two sectors; "
              "the diagonal counts ties within a sector, an empty cell is a pair that never "
              "works together.", c.mixing_heatmap(metrics)),
        Chart("How open each sector is", "Krackhardt–Stern E-I index per sector: −1 only "
              "inward ties, +1 only outward.", c.ei_bars(metrics, thresholds.siloed_ei)),
        Chart("Forums and sectors", "Members of each sector in each forum; a required sector "
              "that is absent is marked missing.", c.forum_coverage(smap)),
    ]


def render_svgs(figures: Sequence[Any], width: int = WIDTH) -> list[bytes]:
    """Each plotly figure as SVG bytes, all in one kaleido browser session.

    Raises :class:`ChartError` when kaleido is not installed, finds no
    browser, or fails on any figure.
    """
    try:
        kaleido = importlib.import_module("kaleido")
    except ImportError as exc:
        raise ChartError("kaleido is not installed (pip install kaleido)") from exc
    with tempfile.TemporaryDirectory(prefix="stakeholder-map-charts-") as tmp:
        paths = [Path(tmp) / f"chart{i}.svg" for i in range(len(figures))]
        specs = [{"fig": fig.to_dict(), "path": path,
                  "opts": {"format": "svg", "width": width,
                           "height": int(fig.layout.height or 450), "scale": 1}}
                 for fig, path in zip(figures, paths, strict=True)]
        try:
            errors = kaleido.write_fig_from_object_sync(
                specs, kopts={"mathjax": False, "timeout": TIMEOUT})
        except Exception as exc:  # kaleido and its browser fail in many ways; none is fatal
            raise ChartError(_reason(exc)) from exc
        if errors:
            raise ChartError(_reason(errors[0]))
        missing = [p.name for p in paths if not p.is_file() or not p.stat().st_size]
        if missing:
            raise ChartError(f"kaleido wrote no image for {', '.join(missing)}")
        return [p.read_bytes() for p in paths]


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def chart_section(charts: Sequence[Chart], images: bool, notes: list[str]) -> str:
    """The charts as embedded SVG images, or a short note saying why they are not there.

    A reason for leaving the charts out is also appended to ``notes``.
    """
    if not images:
        return ('<p class="note">Charts left out on request (<code>--no-charts</code>); '
                "the tables above hold the same evidence.</p>")
    try:
        svgs = render_svgs([c.figure for c in charts])
    except ChartError as exc:
        notes.append(f"charts left out: {exc}")
        return ('<p class="note">The charts could not be drawn on this computer '
                f"({esc(exc)}); the tables above hold the same evidence. Install kaleido and "
                "Chromium to include them.</p>")
    out = []
    for chart, svg in zip(charts, svgs, strict=True):
        data = base64.b64encode(svg).decode("ascii")
        out.append(f'<figure class="chart"><h3>{esc(chart.title)}</h3>'
                   f'<img alt="{esc(chart.title)}" src="data:image/svg+xml;base64,{data}">'
                   f"<figcaption>{esc(chart.caption)}</figcaption></figure>")
    return "".join(out)
