"""Pure table data for the dashboard grids: metrics in, AG Grid ``rowData`` and ``columnDefs`` out.

Rows are JSON-safe dicts (NaN and NA become null, numpy scalars plain
numbers). Cells are shown by AG Grid's default renderer, which writes text,
never HTML, so user strings need no escaping here — and no column may use an
HTML or markdown renderer.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import pandas as pd
from babel.numbers import get_decimal_symbol, get_group_symbol

from stakeholder_map.analysis.metrics import Metrics
from stakeholder_map.i18n import (
    N_,
    PSEUDO,
    current_language,
    direction,
    format_decimal,
    format_integer,
)
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import Engagement
from stakeholder_map.outputs.tables import json_safe

from .labels import ACTOR_KINDS, ENGAGEMENT, MEASURES, label, sector_label

__all__ = ["GRID_WORDS", "NETWORK_MEANINGS", "USER_TEXT", "Grid", "actor_rows", "grid_locale",
           "network_rows", "number_format", "sector_rows", "shown"]

Row = dict[str, Any]
Column = dict[str, Any]


class Grid(NamedTuple):
    """What an ``AgGrid`` needs: ``rowData`` and ``columnDefs``."""

    rows: list[Row]
    columns: list[Column]


def number_format(spec: str = ",.4~f") -> dict[str, str]:
    """A ``valueFormatter`` writing numbers as the page's language does (``12 345,5`` in
    Lithuanian): d3's format ``spec`` (default: up to four decimals) in the language's
    separators. dash-ag-grid evaluates this with a small interpreter of its own: ``typeof``,
    ``String`` and ``isNaN`` are not available there; ``== null``, object literals and ``d3``
    are."""
    lang = current_language()
    locale = "en" if lang == PSEUDO else lang
    symbols = json.dumps({"decimal": get_decimal_symbol(locale),
                          "thousands": get_group_symbol(locale), "grouping": [3],
                          "currency": ["", ""], "minus": "-"})
    return {"function": f"params.value == null ? '' : "
                        f"d3.formatLocale({symbols}).format({json.dumps(spec)})(params.value)"}


GRID_WORDS: dict[str, str] = {
    "page": N_("Page"), "of": N_("of"), "to": N_("to"), "more": N_("more"),
    "firstPage": N_("First page"), "previousPage": N_("Previous page"),
    "nextPage": N_("Next page"), "lastPage": N_("Last page"),
    "pageSizeSelectorLabel": N_("Rows per page:"), "ariaPageSizeSelectorLabel": N_("Rows per page"),
    "noRowsToShow": N_("No rows to show"), "loadingOoo": N_("Loading…"),
    "filterOoo": N_("Filter…"), "equals": N_("Equals"), "notEqual": N_("Does not equal"),
    "lessThan": N_("Less than"), "greaterThan": N_("Greater than"),
    "lessThanOrEqual": N_("Less than or equal to"),
    "greaterThanOrEqual": N_("Greater than or equal to"), "inRange": N_("Between"),
    "inRangeStart": N_("From"), "inRangeEnd": N_("To"), "contains": N_("Contains"),
    "notContains": N_("Does not contain"), "startsWith": N_("Begins with"),
    "endsWith": N_("Ends with"), "blank": N_("Blank"), "notBlank": N_("Not blank"),
    "andCondition": N_("AND"), "orCondition": N_("OR"), "applyFilter": N_("Apply"),
    "clearFilter": N_("Clear"), "resetFilter": N_("Reset"), "cancelFilter": N_("Cancel"),
    "textFilter": N_("Text filter"), "numberFilter": N_("Number filter"),
    "true": N_("yes"), "false": N_("no"),
}
"""AG Grid's own words (pagination, filter menus, empty grid) by its locale key."""


def grid_locale() -> dict[str, str]:
    """AG Grid's ``localeText`` in the current language, with its number separators."""
    lang = current_language()
    locale = "en" if lang == PSEUDO else lang
    return {**{key: _(words) for key, words in GRID_WORDS.items()},
            "thousandSeparator": get_group_symbol(locale),
            "decimalSeparator": get_decimal_symbol(locale)}


NETWORK_MEANINGS: dict[str, str] = {
    "actors": N_("Actors on the map."),
    "ties": N_("Ties in force on the data's date, all types."),
    "density": N_("Share of the possible collaboration ties that exist (0–1)."),
    "components": N_("Groups with no collaboration path between them; 1 means everyone is "
                     "reachable."),
    "average_path_length": N_("Average steps between two actors who can reach each other."),
    "degree_centralization": N_("How much ties pile up on a few actors (0 even, 1 a star)."),
    "betweenness_centralization": N_("How much the network relies on a few brokers (0–1)."),
    "reciprocity": N_("Share of influence ties that run both ways."),
    "ei_index": N_("Ties across sectors against ties inside them: −1 all inside, +1 all "
                   "across."),
    "sector_assortativity": N_("Above 0: actors work mostly within their sector; below 0: "
                               "across."),
    "cross_sector_share": N_("Share of collaboration ties that cross sectors."),
    "agreement_coverage": N_("Share of actors party to at least one live agreement."),
    "sampled": N_("Whether betweenness and closeness are estimates from a sample."),
    "sample_size": N_("Actors the estimate started from (0 when exact)."),
}
"""One sentence a planner understands for each network measure (translated when shown)."""

_ACTOR_TIPS = {
    "gap": N_("Steps on the engagement ladder between now and the target."),
    "betweenness": N_("How often the actor lies on the shortest path between two others "
                      "(broker)."),
    "closeness": N_("How few steps the actor needs to reach everyone else."),
    "pagerank": N_("Reach through influence ties (who sways those who sway others)."),
    "eigenvector": N_("Tied to actors who are themselves well tied."),
    "constraint": N_("High: the actor's contacts all know each other (few structural holes)."),
    "effective_size": N_("Non-redundant contacts: a broker's reach across separate groups."),
    "distance_to_backbone": N_("Steps from the backbone organisation (blank: not reachable)."),
    "articulation_point": N_("Removing this actor splits the network."),
}


USER_TEXT = frozenset({"id", "name", "label", "subject", "source", "target", "source_name",
                       "target_name", "introducer_name", "title"})
"""Columns of the workbook's own text (names, ids, labels): each cell is laid out in its own
direction (CSS class ``user-text``), whatever the page's."""


def _column(field: str, frame: pd.DataFrame | None = None, **extra: Any) -> Column:
    col: Column = {"field": field, "headerName": label(MEASURES, field).replace("_", " "),
                   "filter": "agTextColumnFilter"}
    if frame is not None and field in frame.columns:
        dtype = frame[field].dtype
        if pd.api.types.is_bool_dtype(dtype):
            col["filter"] = True
        elif pd.api.types.is_numeric_dtype(dtype):
            col.update({"filter": "agNumberColumnFilter", "type": "numericColumn",
                        "valueFormatter": number_format()})
    if field in _ACTOR_TIPS:
        col["headerTooltip"] = _(_ACTOR_TIPS[field])
    if field in USER_TEXT:
        col["cellClass"] = "user-text"
    col.update(extra)
    return col


def _records(frame: pd.DataFrame) -> list[Row]:
    return [json_safe(r) for r in frame.to_dict(orient="records")]


def actor_rows(metrics: Metrics) -> Grid:
    """One row per actor: its fields, the gap to its target, and every actor measure."""
    table = metrics.actors.reset_index(drop=True).copy()
    if "id" not in table.columns:
        table.insert(0, "id", [str(i) for i in metrics.actors.index])
    now = [int(Engagement[str(v).upper()]) for v in table["engagement"]]
    target = [int(Engagement[str(v).upper()]) for v in table["target_engagement"]]
    position = list(table.columns).index("target_engagement") + 1
    table.insert(position, "gap", pd.Series([t - n for n, t in zip(now, target, strict=True)],
                                            dtype=int))
    columns = [_column(f, table) for f in table.columns]
    # who the row is about stays in view on the side the row is read from (AG Grid's
    # pinning is by physical side, also right to left)
    start = "right" if direction() == "rtl" else "left"
    for col in columns:
        if col["field"] in ("id", "name"):
            col["pinned"] = start
        if col["field"] == "name":
            col["minWidth"] = 200
    names = {str(k): str(v) for k, v in metrics.sectors["name"].items()}
    shown_as = {"engagement": _words(ENGAGEMENT), "target_engagement": _words(ENGAGEMENT),
                "kind": _words(ACTOR_KINDS), "sector": _sector_words(names)}
    for col in columns:
        if col["field"] in shown_as:
            col["refData"] = shown_as[col["field"]]
    return Grid(_records(table), columns)


def network_rows(metrics: Metrics) -> Grid:
    """One row per network measure: its name, value (raw, and ``shown`` as text) and meaning."""
    rows = [{"metric": key, "value": json_safe(value), "shown": shown(value),
             "meaning": _(NETWORK_MEANINGS[key]) if key in NETWORK_MEANINGS else ""}
            for key, value in metrics.network.items()]
    columns = [_column("metric", headerName=_("measure"), minWidth=220,
                       refData={key: label(MEASURES, key) for key in metrics.network}),
               _column("shown", headerName=_("value"), type="rightAligned", width=140),
               _column("meaning", headerName=_("meaning"), flex=1, minWidth=320, wrapText=True,
                       autoHeight=True)]
    return Grid(rows, columns)


def shown(value: object) -> str:
    """A measure as a planner reads it, in the current language: yes/no, thousands
    separated, at most four decimals.

    >>> [shown(v) for v in (True, 1234, 0.123456, 2.5, float("nan"), "x")]
    ['yes', '1,234', '0.1235', '2.5', '—', 'x']
    """
    value = json_safe(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return format_integer(value)
    if isinstance(value, float):
        return format_decimal(value, 4)
    return "—" if value is None else str(value)


def sector_rows(metrics: Metrics) -> Grid:
    """One row per sector of the programme: actors, engagement and ties inside and out."""
    names = {str(k): str(v) for k, v in metrics.sectors["name"].items()}
    # the sector in words (the workbook's own name when it gave one): one column, not two
    table = metrics.sectors.reset_index().drop(columns=["name"])
    columns = [_column(f, table) for f in table.columns]
    columns[0]["refData"] = _sector_words(names)
    return Grid(_records(table), columns)


def _words(table: dict[str, str]) -> dict[str, str]:
    """Identifier → its words in the current language (a column's ``refData``: the rows keep
    the identifiers, the grid shows, sorts and filters the words)."""
    return {key: label(table, key) for key in table}


def _sector_words(names: dict[str, str]) -> dict[str, str]:
    return {sid: sector_label(names, sid) for sid in names}
