"""Evaluator exports: the whole map with its metrics and gaps, for Gephi, for code, for Excel.

- ``.graphml`` and ``.gexf`` — the full multigraph of current ties. Nodes
  carry every actor field and every actor metric; edges carry the tie's
  fields. An empty value (no parent, no trust rating, a measure that is
  undefined) is left out rather than written as a fake number.
- ``.json`` — networkx node-link data (``nodes``, ``links``) plus
  ``metrics`` (as :func:`~stakeholder_map.outputs.tables.metrics_json`) and ``gaps``.
- ``.xlsx`` — one sheet per table: the data (actors, ties, agreements and
  their parties, forums and their members) and the analysis (metrics,
  network, sectors, mixing, gaps). Text that a spreadsheet would run as a
  formula is neutralised (:func:`~stakeholder_map.outputs.tables.safe_cell`).

Names of attributes follow the workbook's columns, with two exceptions
forced by the formats: GEXF reserves an edge's ``type`` for its direction,
so there the tie type is ``tie_type``; and a user's own column whose name
is taken (``degree``, ``label``, …) is exported as ``extra_<name>``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from stakeholder_map.analysis.gaps import Gap, find_gaps
from stakeholder_map.analysis.metrics import Metrics, compute_metrics
from stakeholder_map.analysis.views import current_ties
from stakeholder_map.errors import UnsupportedFormat
from stakeholder_map.model import StakeholderMap, Tie
from stakeholder_map.outputs.tables import gaps_frame, json_safe, metrics_json, write_xlsx

__all__ = [
    "EXPORT_SUFFIXES",
    "XLSX_SHEETS",
    "export_graph",
    "export_json",
    "export_tables",
    "write_export",
]

EXPORT_SUFFIXES = (".graphml", ".gexf", ".json", ".xlsx")
"""The file types :func:`write_export` writes."""

XLSX_SHEETS = ("actors", "ties", "agreements", "agreement_parties", "forums", "forum_members",
               "metrics", "network", "sectors", "mixing", "notes", "gaps")
"""The sheets of an ``.xlsx`` export, in order."""

_RESERVED = frozenset({"id", "label", "key", "networkx_key", "pid", "start", "end", "viz",
                       "parents", "slices", "spells", "type", "weight", "tie_type"})
"""Attribute names the graph formats (or networkx's writers) treat specially."""


def export_graph(smap: StakeholderMap, metrics: Metrics | None = None) -> nx.MultiDiGraph:
    """The map as one ``MultiDiGraph`` ready to write: actor fields and metrics on nodes.

    Edges are the current ties (those not ended before ``as_of``), keyed
    ``tie-<row>`` by their position in the ties sheet so that every edge has
    a unique id. Values are plain ``str``/``int``/``float``/``bool``; dates
    are ISO text; empty (``None``/NaN) values are left out. The graph's own
    attributes hold the programme settings and the network measures.
    """
    metrics = metrics or compute_metrics(smap)
    g = nx.MultiDiGraph()
    g.graph.update(_present({"programme": smap.programme.name, "wave": smap.programme.wave,
                             "as_of": smap.programme.as_of,
                             "backbone": smap.programme.backbone}))
    g.graph.update(_present(dict(metrics.network)))
    table = metrics.actors.drop(columns=["id"], errors="ignore")
    measures = {str(k): v for k, v in table.to_dict(orient="index").items()}
    forums = _memberships((f.id, (m.actor for m in f.members)) for f in smap.forums)
    agreements = _memberships((a.id, (p.actor for p in a.parties)) for a in smap.agreements)
    for a in smap.actors:
        attrs: dict[str, Any] = {
            "label": a.name, "name": a.name, "sector": a.sector, "kind": a.kind.value,
            "parent": a.parent, "role": a.role, "region": a.region,
            "formal_influence": a.formal_influence, "informal_influence": a.informal_influence,
            "engagement": a.engagement.label, "burned": a.burned, "tags": ";".join(a.tags),
            "notes": a.notes, "forums": ";".join(forums.get(a.id, ())),
            "agreements": ";".join(agreements.get(a.id, ())),
        }
        for col, value in measures.get(a.id, {}).items():
            attrs.setdefault(str(col), value)
        attrs.update(_extras(a.extra, attrs))
        g.add_node(a.id, **_present(attrs))
    rows = {id(t): n for n, t in enumerate(smap.ties, start=1)}
    for t in current_ties(smap):
        g.add_edge(t.source, t.target, key=f"tie-{rows[id(t)]}", **_tie_attrs(t))
    return g


def _tie_attrs(t: Tie) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "type": t.type.value, "directed": t.type.directed, "weight": t.weight,
        "trust": t.trust, "value": t.value, "since": t.since, "until": t.until,
        "notes": t.notes,
    }
    attrs.update(_extras(t.extra, attrs))
    return _present(attrs)


def _memberships(groups: Iterable[tuple[str, Iterable[str]]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for group, actors in groups:
        for actor in dict.fromkeys(actors):
            out.setdefault(actor, []).append(group)
    return out


def _extras(extra: Mapping[str, str], taken: Mapping[str, Any]) -> dict[str, str]:
    """The user's own columns; a name already taken or reserved gets ``extra_`` in front."""
    out = {}
    for name, value in extra.items():
        key = name if name not in taken and name not in _RESERVED else f"extra_{name}"
        out[key] = value
    return out


def _plain(value: Any) -> Any:
    value = json_safe(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    return value


def _present(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Plain values, without the empty ones (``None``, NaN, pandas' NA)."""
    out = {}
    for key, value in attrs.items():
        plain = _plain(value)
        if plain is not None:
            out[key] = plain
    return out


def _gexf_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GEXF's ``type`` is the edge direction: the tie type moves to ``tie_type`` and ``label``.

    The edge's GEXF id is its key (``tie-<row>``).
    """
    out = nx.MultiDiGraph()
    out.add_nodes_from(g.nodes(data=True))
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs = dict(data)
        tie_type = attrs.pop("type")
        out.add_edge(u, v, key=key, id=key, tie_type=tie_type, label=tie_type, **attrs)
    return out


def export_json(smap: StakeholderMap, metrics: Metrics | None = None,
                gaps: list[Gap] | None = None) -> dict[str, Any]:
    """Node-link data of :func:`export_graph` (``nodes``, ``links``) with ``metrics`` and ``gaps``.

    Read the graph back with ``nx.node_link_graph(data, edges="links")``.
    """
    metrics = metrics or compute_metrics(smap)
    gaps = find_gaps(smap, metrics=metrics) if gaps is None else gaps
    data = nx.node_link_data(export_graph(smap, metrics), edges="links")
    data["metrics"] = metrics_json(metrics)
    data["gaps"] = [g.as_dict() for g in gaps]
    return dict(json_safe(data))


def export_tables(smap: StakeholderMap, metrics: Metrics | None = None,
                  gaps: list[Gap] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the ``.xlsx`` export, keyed by sheet name (see :data:`XLSX_SHEETS`)."""
    metrics = metrics or compute_metrics(smap)
    gaps = find_gaps(smap, metrics=metrics) if gaps is None else gaps
    current = {id(t) for t in current_ties(smap)}
    tables = {
        "actors": _frame(
            ["id", "name", "sector", "kind", "parent", "role", "region", "formal_influence",
             "informal_influence", "engagement", "target_engagement", "burned", "tags", "notes"],
            (([a.id, a.name, a.sector, a.kind, a.parent, a.role, a.region, a.formal_influence,
               a.informal_influence, a.engagement, a.target_engagement, a.burned,
               ";".join(a.tags), a.notes], a.extra) for a in smap.actors)),
        "ties": _frame(
            ["source", "target", "type", "weight", "trust", "value", "since", "until", "notes",
             "current"],
            (([t.source, t.target, t.type, t.weight, t.trust, t.value, t.since, t.until,
               t.notes, id(t) in current], t.extra) for t in smap.ties)),
        "agreements": _frame(
            ["id", "title", "kind", "signed", "expires", "status"],
            (([g.id, g.title, g.kind, g.signed, g.expires, g.status], g.extra)
             for g in smap.agreements)),
        "agreement_parties": _frame(
            ["agreement", "actor", "responsibility"],
            (([g.id, p.actor, p.responsibility], p.extra)
             for g in smap.agreements for p in g.parties)),
        "forums": _frame(
            ["id", "name", "kind", "required_sectors"],
            (([f.id, f.name, f.kind, ";".join(f.required)], f.extra) for f in smap.forums)),
        "forum_members": _frame(
            ["forum", "actor", "role", "since"],
            (([f.id, m.actor, m.role, m.since], m.extra) for f in smap.forums
             for m in f.members)),
        "metrics": metrics.actors.reset_index(drop=True),
        "network": pd.DataFrame({"metric": list(metrics.network),
                                 "value": [json_safe(v) for v in metrics.network.values()]}),
        "sectors": metrics.sectors.reset_index(),
        "mixing": metrics.mixing.reset_index(),
        "notes": pd.DataFrame([c.as_row() for c in metrics.conventions()]),
        "gaps": gaps_frame(gaps, smap),
    }
    return {name: tables[name] for name in XLSX_SHEETS}


def _frame(columns: list[str], rows: Iterable[tuple[list[Any], Mapping[str, str]]]
           ) -> pd.DataFrame:
    """A data table: plain values (dates as ISO text), the user's own columns at the end."""
    records = list(rows)
    extra_cols = list(dict.fromkeys(k for _, extra in records for k in extra))
    body = [[_plain(v) for v in values] + [extra.get(c, "") for c in extra_cols]
            for values, extra in records]
    names = columns + [c if c not in columns else f"extra_{c}" for c in extra_cols]
    return pd.DataFrame(body, columns=names, dtype=object)


def write_export(smap: StakeholderMap, path: str | Path, *, metrics: Metrics | None = None,
                 gaps: list[Gap] | None = None) -> Path:
    """Write the export that ``path``'s suffix names (see :data:`EXPORT_SUFFIXES`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise UnsupportedFormat(path.name, EXPORT_SUFFIXES, "an export")
    metrics = metrics or compute_metrics(smap)
    if suffix == ".graphml":
        nx.write_graphml(export_graph(smap, metrics), path, infer_numeric_types=True)
    elif suffix == ".gexf":
        nx.write_gexf(_gexf_graph(export_graph(smap, metrics)), path)
    elif suffix == ".json":
        text = json.dumps(export_json(smap, metrics, gaps), ensure_ascii=False, indent=1,
                          allow_nan=False)
        path.write_text(text, encoding="utf-8")
    else:
        write_xlsx(export_tables(smap, metrics, gaps), path)
    return path
