"""The key charts of the readiness pack, rendered once to SVG with kaleido and embedded.

The figures are the dashboard's own (:mod:`stakeholder_map.outputs.charts`), which escape
every name before plotly sees it. kaleido drives the system Chromium
(``/usr/bin/chromium``, or ``BROWSER_PATH``); all figures go through one
browser session, with MathJax switched off so nothing is fetched from a CDN.
Each SVG is embedded as a ``data:`` image: it needs no network, and an
``<img>`` never runs script, whatever a chart contains. An image cannot use the
page's fonts, so each SVG carries the embedded faces its own text needs beyond
Latin (:func:`stakeholder_map.outputs.fonts.faces_for`): Hebrew or Cyrillic labels
draw the same on a computer without those fonts.

When kaleido or the browser is missing or fails, :func:`chart_section` says
so in one sentence in place of the charts: the pack is still produced.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.analysis.thresholds import DEFAULTS, Thresholds
from stakeholder_map.errors import ChartError
from stakeholder_map.i18n import gettext as _
from stakeholder_map.i18n import ngettext
from stakeholder_map.model import StakeholderMap
from stakeholder_map.outputs.fonts import STACK, faces_for
from stakeholder_map.outputs.html import Block, Figure, Para, Styled, fmt_num, render
from stakeholder_map.outputs.labels import fill

__all__ = ["Chart", "ChartError", "chart_section", "key_charts", "render_svgs", "with_fonts"]

WIDTH = 860
"""Rendering width in CSS pixels; the page scales the SVG down to fit A4."""
TIMEOUT = 60
"""Seconds kaleido may take for one figure before the charts are given up."""
DUMBBELL_LIMIT = 25


@dataclass(frozen=True)
class Chart:
    """One figure with its heading and a caption that says how to read it (our own text)."""

    title: str
    caption: str
    figure: Any


def key_charts(smap: StakeholderMap, metrics: Metrics,
               thresholds: Thresholds = DEFAULTS) -> list[Chart]:
    """The charts a facilitator needs on paper, in reading order."""
    from stakeholder_map.outputs import charts as c

    grid_caption = (
        _("Each actor by engagement (across) and influence (up); the shaded top-right quadrant "
          "— influential, not yet engaged — is where to mobilise first.")
        if c.right_to_left() else
        _("Each actor by engagement (across) and influence (up); the shaded top-left quadrant "
          "— influential, not yet engaged — is where to mobilise first."))
    return [
        Chart(_("Engagement by sector"), _("How many actors of each sector stand on each rung "
                                           "of the engagement ladder."),
              c.levels_by_sector(metrics)),
        Chart(_("Influence and engagement"), grid_caption,
              c.influence_engagement_grid(metrics, thresholds.influence, thresholds.engaged)),
        Chart(_("Furthest below target"),
              ngettext("The actors furthest below their target engagement (at most {n}): dot = "
                       "now, diamond = target.",
                       "The actors furthest below their target engagement (at most {n}): dot = "
                       "now, diamond = target.", DUMBBELL_LIMIT).format(n=fmt_num(DUMBBELL_LIMIT)),
              c.engagement_dumbbell(metrics, limit=DUMBBELL_LIMIT)),
        Chart(_("Which sectors work together"), _("Collaboration ties between every two "
                                                  "sectors; the diagonal counts ties within a "
                                                  "sector; a 0 elsewhere is a pair that never "
                                                  "works together."),
              c.mixing_heatmap(metrics)),
        Chart(_("How open each sector is"), _("Krackhardt–Stern E-I index per sector: −1 only "
                                              "inward ties, +1 only outward."),
              c.ei_bars(metrics, thresholds.siloed_ei)),
        Chart(_("Forums and sectors"), _("Members of each sector in each forum; a required "
                                         "sector that is absent is marked missing."),
              c.forum_coverage(smap)),
    ]


def render_svgs(figures: Sequence[Any], width: int = WIDTH) -> list[bytes]:
    """Each plotly figure as SVG bytes, one after another in a single kaleido browser session.

    Raises :class:`ChartError` when kaleido is not installed, finds no
    browser, or fails on any figure.
    """
    try:
        kaleido = importlib.import_module("kaleido")
    except ImportError as exc:
        raise ChartError("kaleido is not installed (pip install kaleido)") from exc
    specs = [(_in_our_font(fig.to_dict()), {"format": "svg", "width": width,
                                            "height": int(fig.layout.height or 450), "scale": 1})
             for fig in figures]

    async def draw() -> list[bytes]:
        async with kaleido.Kaleido(mathjax=False, timeout=TIMEOUT) as k:
            return [bytes(await k.calc_fig(fig, opts=opts)) for fig, opts in specs]

    try:
        svgs = _run(draw)
    except Exception as exc:  # kaleido and its browser fail in many ways; none is fatal
        raise ChartError(_reason(exc)) from exc
    return [with_fonts(svg) for svg in svgs]


def _in_our_font(spec: dict[str, Any]) -> dict[str, Any]:
    """A figure (as a dict) whose text is set in the embedded faces first."""
    layout = spec.setdefault("layout", {})
    layout["font"] = {**layout.get("font", {}), "family": STACK}
    return spec


def with_fonts(svg: bytes) -> bytes:
    """The SVG with a ``<style>`` of the embedded faces its text needs beyond Latin, first in
    the document (none needed: the SVG as it was).

    >>> svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>שלום</text></svg>'.encode()
    >>> out = with_fonts(svg)
    >>> out.count(b"@font-face"), out.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"><style>')
    (1, True)
    """
    text = svg.decode("utf-8")
    start = text.find("<svg")
    if start < 0:
        return svg
    needed = faces_for(text)
    if not needed:
        return svg
    at = text.index(">", start) + 1
    style = render("chart_fonts.html", faces=needed).strip()
    return (text[:at] + style + text[at:]).encode("utf-8")


def _run(make: Callable[[], Coroutine[Any, Any, list[bytes]]]) -> list[bytes]:
    """Run a coroutine to the end, in a thread of its own if this one already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def _reason(exc: BaseException) -> str:
    if type(exc).__name__ == "ChromeNotFoundError":  # its own advice downloads a browser
        return ("no Chrome or Chromium found: install one (e.g. apt-get install chromium) or "
                "point BROWSER_PATH at it")
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def chart_section(charts: Sequence[Chart], images: bool, notes: list[str]) -> list[Block]:
    """The charts as embedded SVG images, or a short note saying why they are not there.

    A reason for leaving the charts out is also appended to ``notes``.
    """
    if not images:
        return [Para(fill(_("Charts left out on request ({option}); the tables above hold the "
                            "same evidence."), option=Styled("--no-charts", tag="code")),
                     "note")]
    try:
        svgs = render_svgs([c.figure for c in charts])
    except ChartError as exc:
        notes.append(_("charts left out: {reason}").format(reason=exc))
        return [Para(fill(_("The charts could not be drawn on this computer ({reason}); the "
                            "tables above hold the same evidence. Install kaleido and Chromium "
                            "to include them."), reason=Styled(str(exc), tag="code")),
                     "note")]
    return [Figure(chart.title, chart.caption,
                   "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"))
            for chart, svg in zip(charts, svgs, strict=True)]
