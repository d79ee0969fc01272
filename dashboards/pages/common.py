"""Pieces every page shares: sections, grids in the page's direction, sentences with names
isolated for bidi, the selection, "no data"."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from dash import dcc, html

from stakeholder_map.i18n import direction, format_date, format_integer, ngettext
from stakeholder_map.i18n import gettext as _
from stakeholder_map.store.database import WaveInfo

from ..grids import grid_locale
from ..guard import selected_wave

__all__ = [
    "GRAPH_CONFIG",
    "arrow",
    "bdi",
    "date_time_format",
    "dropdown_words",
    "grid_args",
    "grid_options",
    "isolate",
    "no_data",
    "section",
    "sentence",
    "wave_of",
]

GRAPH_CONFIG: Any = {"displaylogo": False,
                "toImageButtonOptions": {"format": "png", "scale": 2}}
"""Plotly's toolbar: no logo; the camera button saves a sharp PNG for a report."""

GRID_OPTIONS: dict[str, Any] = {"suppressFieldDotNotation": True, "enableCellTextSelection": True,
                                "tooltipShowDelay": 300}
DEFAULT_COLUMN: dict[str, Any] = {"sortable": True, "filter": True, "resizable": True,
                                  "floatingFilter": True, "minWidth": 110}


def grid_options(**options: Any) -> dict[str, Any]:
    """AG Grid's ``dashGridOptions`` in the page's language: its own words (pagination,
    filters) translated, and right to left in Hebrew (columns, pinning, scrolling mirrored)."""
    return {**options, "localeText": grid_locale(),
            **({"enableRtl": True} if direction() == "rtl" else {})}


def grid_args(short: bool = False, **options: Any) -> dict[str, Any]:
    """Keyword arguments of a sortable, filterable ``AgGrid`` (cells are plain text, no HTML
    renderer anywhere); ``short``: a grid of a few rows that grows to show them all."""
    kwargs: dict[str, Any] = {"defaultColDef": DEFAULT_COLUMN,
                              "dashGridOptions": grid_options(**GRID_OPTIONS, **options)}
    if short:
        kwargs["dashGridOptions"]["domLayout"] = "autoHeight"
        kwargs["style"] = {"height": None}
    return kwargs


def date_time_format() -> dict[str, str]:
    """A grid column's ``valueFormatter`` showing an ISO ``YYYY-MM-DD HH:MM`` cell as the
    page's language writes dates (:func:`~stakeholder_map.i18n.format_date`): ``30.11.2024
    14:05`` in Russian. The rows keep the ISO text, so the column sorts by time."""
    shown = format_date(dt.date(3333, 11, 22))     # where the language puts each part
    pattern = shown.replace("3333", "%Y").replace("11", "%m").replace("22", "%d") + " %H:%M"
    if pattern == "%Y-%m-%d %H:%M":
        return {"function": "params.value == null ? '' : params.value"}
    return {"function": f"params.value == null ? '' : d3.utcFormat({json.dumps(pattern)})"
                        "(d3.utcParse('%Y-%m-%d %H:%M')(params.value))"}


def dropdown_words() -> Any:
    """A ``dcc.Dropdown``'s own words (``labels``) in the page's language."""
    return {"select_all": _("Select all"), "deselect_all": _("Deselect all"),
            # {num_selected} is filled in by the browser
            "selected_count": _("{num_selected} selected"), "search": _("Search"),
            "clear_search": _("Clear search"), "clear_selection": _("Clear selection"),
            "no_options_found": _("No options found")}


def section(title: str, explanation: str, *children: Any) -> html.Section:
    """A heading, one line a planner reads before the chart, and the chart."""
    return html.Section(className="chart-section", style={"marginBottom": "20px"}, children=[
        html.H3(title, style={"marginBottom": "2px"}),
        html.P(explanation, className="hint", style={"marginTop": 0}),
        *children,
    ])


_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def sentence(template: str, **values: Any) -> list[Any]:
    """A translated sentence with components in its ``{placeholders}`` — names in
    :func:`bdi`, links, bold words — wherever the translation puts them.

    >>> sentence("{name} opens the door ({n} steps)", name="Ona", n="2")
    ['Ona', ' opens the door (', '2', ' steps)']
    """
    parts = _FIELD.split(template)
    return [values[part] if i % 2 else part for i, part in enumerate(parts)
            if i % 2 or part]


def bdi(text: Any) -> html.Bdi:
    """User text (a name, a role, a label) isolated from the sentence around it, so a Hebrew
    name in an English sentence, or an English one in Hebrew, keeps its own order and its
    quotes and brackets on the right side."""
    return html.Bdi(text)


def isolate(text: str) -> str:
    """``text`` between Unicode's first-strong isolate marks: :func:`bdi` for places that
    take plain text only (dropdown labels, names drawn on the map's canvas)."""
    return f"\u2068{text}\u2069"


def wave_label(wave: WaveInfo) -> str:
    """A wave as a picker lists it: its label (isolated: it is the workbook's text), the day it
    was imported and its size — ``גל 1 — 30.11.2024 (51 שחקנים)``."""
    return ngettext("{label} — {date} ({n} actor)", "{label} — {date} ({n} actors)",
                    wave.actors).format(label=isolate(wave.label),
                                        date=format_date(wave.imported_at),
                                        n=format_integer(wave.actors))


def arrow() -> str:
    """An arrow pointing forward in the page's reading direction: → or ←."""
    return "←" if direction() == "rtl" else "→"


def wave_of(selection: Any) -> int | None:
    """The selected wave if the store holds it; waits (no update) until there is a selection."""
    return selected_wave(selection)


def no_data() -> html.Div:
    """What a page says when the store holds no programme (or the programme has no wave)."""
    return html.Div(className="no-data", children=[
        html.P(_("No data to show yet: the store has no programme with an imported wave.")),
        html.P(sentence(_("Upload a workbook on the {data_page} — or pick another programme "
                          "above."), data_page=dcc.Link(_("Data page"), href="/data"))),
    ])
