"""The side panel about one actor (used by the map page)."""

from __future__ import annotations

from typing import Any

from dash import html

from stakeholder_map.analysis.thresholds import target_engagement

from ..data import Analysis

METRIC_ROWS = (("degree", "partners"), ("betweenness", "betweenness"),
               ("pagerank", "influence reach"), ("closeness", "closeness"),
               ("distance_to_backbone", "steps from backbone"))


def _row(label: str, value: Any) -> html.Tr:
    return html.Tr([html.Th(label), html.Td("" if value is None else str(value))])


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def actor_panel(an: Analysis, actor_id: str) -> list[Any]:
    """Everything a planner asks about an actor, as plain text components."""
    actor = an.smap.actor_by_id.get(actor_id)
    if actor is None:
        return [html.P(f"No actor {actor_id!r} in this wave.", className="hint")]
    backbone = an.smap.programme.backbone
    target = target_engagement(actor, backbone)
    row = an.metrics.actors.loc[actor_id]
    out: list[Any] = [
        html.H3(actor.name, className="panel-title"),
        html.Table(className="facts", children=[
            _row("sector", actor.sector.replace("_", " ")), _row("kind", actor.kind.value),
            _row("role", actor.role or None), _row("region", actor.region or None),
            _row("engagement", f"{actor.engagement.label} → target {target.label}"),
            _row("influence", f"formal {actor.formal_influence:g}, "
                              f"informal {actor.informal_influence:g}"),
            *([_row("burned", "yes — hurt by an earlier process")] if actor.burned else []),
            *(_row(label, _fmt(row[col])) for col, label in METRIC_ROWS),
        ]),
    ]
    wp = an.paths.get(actor_id)
    out.append(html.H4("Who can introduce you"))
    if actor_id == backbone:
        out.append(html.P("This is the backbone organisation."))
    elif wp is None:
        out.append(html.P("Already at its target engagement."))
    elif wp.found:
        names = [an.smap.actor_by_id[a].name for a in wp.path]
        out.append(html.Ol([html.Li(n) for n in names], className="warm-path"))
    else:
        text = "No warm path through active actors yet."
        if wp.nearest_engaged:
            text += (f" Nearest engaged actor: {an.smap.actor_by_id[wp.nearest_engaged].name}"
                     f" ({wp.steps} step(s) away).")
        out.append(html.P(text))
    gaps = an.gaps_about(actor_id)
    out.append(html.H4(f"Gaps ({len(gaps)})"))
    out.append(html.Ul([html.Li([html.Strong(g.kind.replace("_", " ")),
                                 f" ({g.severity:.2f}): {g.suggestion}"]) for g in gaps])
               if gaps else html.P("None."))
    agreements = [g for g in an.smap.agreements if any(p.actor == actor_id for p in g.parties)]
    out.append(html.H4(f"Agreements ({len(agreements)})"))
    out.append(html.Ul([html.Li(f"{g.title or g.id} — {g.status.value}"
                                + (f", expires {g.expires.isoformat()}" if g.expires else ""))
                        for g in agreements]) if agreements else html.P("None."))
    forums = [(f, m) for f in an.smap.forums for m in f.members if m.actor == actor_id]
    out.append(html.H4(f"Forums ({len(forums)})"))
    out.append(html.Ul([html.Li(f"{f.name or f.id} — {m.role.value}") for f, m in forums])
               if forums else html.P("None."))
    ties = [t for t in an.views.ties if actor_id in (t.source, t.target)]
    out.append(html.H4(f"Ties ({len(ties)})"))
    def other(t: Any) -> str:
        return an.smap.actor_by_id[t.target if t.source == actor_id else t.source].name

    out.append(html.Ul([html.Li(f"{t.type.value}: {other(t)}"
                                + (" (→)" if t.source == actor_id and t.type.directed else ""))
                        for t in ties[:30]]))
    return out
