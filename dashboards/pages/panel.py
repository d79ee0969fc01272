"""The side panel about one actor (used by the map page)."""

from __future__ import annotations

from typing import Any

from dash import html

from stakeholder_map.analysis.thresholds import target_engagement
from stakeholder_map.i18n import N_, format_date, format_decimal, format_integer, ngettext
from stakeholder_map.i18n import gettext as _

from ..data import Analysis
from ..labels import (
    ACTOR_KINDS,
    AGREEMENT_STATUSES,
    ENGAGEMENT,
    FORUM_ROLES,
    GAP_KINDS,
    TIE_TYPES,
    label,
    sector_label,
    sector_names,
)
from .common import arrow, bdi, sentence

METRIC_ROWS = (("degree", N_("partners")), ("betweenness", N_("betweenness")),
               ("pagerank", N_("influence reach")), ("closeness", N_("closeness")),
               ("distance_to_backbone", N_("steps from backbone")))


def _row(heading: str, value: Any) -> html.Tr:
    return html.Tr([html.Th(heading), html.Td("" if value is None else value)])


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return "" if value != value else format_decimal(value, 3)
    if isinstance(value, int):
        return format_integer(value)
    return str(value)


def actor_panel(an: Analysis, actor_id: str) -> list[Any]:
    """Everything a planner asks about an actor, as plain text components; every name and
    every piece of the workbook's text isolated (:func:`bdi`) from the words around it."""
    smap = an.smap
    actor = smap.actor_by_id.get(actor_id)
    if actor is None:
        return [html.P(sentence(_("No actor {id} in this wave."), id=bdi(actor_id)),
                       className="hint")]
    backbone = smap.programme.backbone
    target = target_engagement(actor, backbone)
    row = an.metrics.actors.loc[actor_id]
    out: list[Any] = [
        html.H3(bdi(actor.name), className="panel-title"),
        html.Table(className="facts", children=[
            _row(_("sector"), bdi(sector_label(sector_names(smap), actor.sector))),
            _row(_("kind"), label(ACTOR_KINDS, actor.kind.value)),
            _row(_("role"), bdi(actor.role) if actor.role else None),
            _row(_("region"), bdi(actor.region) if actor.region else None),
            _row(_("engagement"), _("{now} {arrow} target {target}").format(
                now=label(ENGAGEMENT, actor.engagement.label), arrow=arrow(),
                target=label(ENGAGEMENT, target.label))),
            _row(_("influence"), _("formal {formal}, informal {informal}").format(
                formal=format_decimal(actor.formal_influence),
                informal=format_decimal(actor.informal_influence))),
            *([_row(_("burned"), _("yes — hurt by an earlier process"))]
              if actor.burned else []),
            *(_row(_(words), _fmt(row[col])) for col, words in METRIC_ROWS),
        ]),
    ]
    wp = an.paths.get(actor_id)
    out.append(html.H4(_("Who can introduce you")))
    if actor_id == backbone:
        out.append(html.P(_("This is the backbone organisation.")))
    elif wp is None:
        out.append(html.P(_("Already at its target engagement.")))
    elif wp.found:
        out.append(html.Ol([html.Li(bdi(smap.actor_by_id[a].name)) for a in wp.path],
                           className="warm-path"))
    elif wp.nearest_engaged:
        out.append(html.P(sentence(ngettext(
            "No warm path through active actors yet. Nearest engaged actor: {name} "
            "({n} step away).",
            "No warm path through active actors yet. Nearest engaged actor: {name} "
            "({n} steps away).", wp.steps or 0),
            name=bdi(smap.actor_by_id[wp.nearest_engaged].name),
            n=format_integer(wp.steps or 0))))
    else:
        out.append(html.P(_("No warm path through active actors yet.")))
    gaps = an.gaps_about(actor_id)
    out.append(html.H4(_("Gaps ({n})").format(n=format_integer(len(gaps)))))
    out.append(html.Ul([html.Li(sentence(_("{kind} ({severity}): {suggestion}"),
                                     kind=html.Strong(label(GAP_KINDS, g.kind)),
                                     severity=format_decimal(g.severity),
                                     # the analysis' own sentence, in the page's language
                                     # and direction (not isolated: it is not user text)
                                     suggestion=g.suggestion))
                        for g in gaps]) if gaps else html.P(_("None.")))
    agreements = [g for g in smap.agreements if any(p.actor == actor_id for p in g.parties)]
    out.append(html.H4(_("Agreements ({n})").format(n=format_integer(len(agreements)))))
    out.append(html.Ul([html.Li(sentence(
        _("{title} — {status}, expires {date}") if g.expires else _("{title} — {status}"),
        title=bdi(g.title or g.id), status=label(AGREEMENT_STATUSES, g.status.value),
        date=format_date(g.expires))) for g in agreements])
        if agreements else html.P(_("None.")))
    forums = [(f, m) for f in smap.forums for m in f.members if m.actor == actor_id]
    out.append(html.H4(_("Forums ({n})").format(n=format_integer(len(forums)))))
    out.append(html.Ul([html.Li(sentence(_("{forum} — {role}"), forum=bdi(f.name or f.id),
                                     role=label(FORUM_ROLES, m.role.value)))
                        for f, m in forums]) if forums else html.P(_("None.")))
    ties = [t for t in an.views.ties if actor_id in (t.source, t.target)]
    out.append(html.H4(_("Ties ({n})").format(n=format_integer(len(ties)))))

    def other(t: Any) -> html.Bdi:
        return bdi(smap.actor_by_id[t.target if t.source == actor_id else t.source].name)

    out.append(html.Ul([html.Li(sentence(
        _("{type}: {name} ({arrow})") if t.source == actor_id and t.type.directed
        else _("{type}: {name}"), type=label(TIE_TYPES, t.type.value), name=other(t),
        arrow=arrow())) for t in ties[:30]]))
    return out
