"""The Sectors, Engagement and Metrics figures on a map small enough to work out by hand.

The map (collaboration view = collaboration, communication and funding ties
plus an edge between every two members of a forum; parallel edges count once):

    civil_society  bb   backbone, leading, formal 4
    public         mun  passive,   formal 5      target active  (gap 2)
    public         edu  unaware,   formal 5      target active  (gap 4, the largest)
    business       bank supportive                target supportive
    academia       uni  resistant, formal 2      target supportive (gap 2); no collaboration tie
    philanthropy   fund active,    formal 3      target active
    community      c1 passive, c2 supportive, c3 unaware   (targets supportive)
    youth*         y1   unaware (a sector the programme adds; its name is hostile markup)

    ties: bb–mun collaboration, bb–bank communication, mun–edu collaboration and
          communication (one edge), fund→bb funding, uni→bb influence (not a
          collaboration), bank–uni tension (neither), c1–c2, c2–c3, c1–c3
    forum wg        requires public, business; members bb, mun       → business missing
    forum steering  requires the five core sectors; bb, bank, fund  → public, academia missing;
                    adds the co-member edge bank–fund (bb–bank, bb–fund exist already)

Collaboration edges: bb–mun (civ–pub), bb–bank (civ–bus), mun–edu (pub–pub),
bb–fund (civ–phil), bank–fund (bus–phil), c1–c2, c2–c3, c1–c3 (com–com).
"""

from __future__ import annotations

import datetime as dt
import doctest
import json
import math
from types import ModuleType
from typing import Any

import plotly.graph_objects as go
import pytest

from dashboards import grids
from stakeholder_map.analysis.metrics import Metrics, compute_metrics
from stakeholder_map.model import (
    DEFAULT_SECTORS,
    Actor,
    Engagement,
    Forum,
    ForumMember,
    ForumRole,
    Programme,
    Sector,
    StakeholderMap,
    Tie,
    TieType,
)
from stakeholder_map.outputs import charts

E = Engagement
T = TieType
HOSTILE = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def _actor(aid: str, name: str, sector: str, level: Engagement, formal: float = 1) -> Actor:
    return Actor(aid, name, sector, formal_influence=formal, engagement=level)


@pytest.fixture(scope="module")
def smap() -> StakeholderMap:
    actors = (
        _actor("bb", "Backbone", "civil_society", E.LEADING, 4),
        _actor("mun", "Municipality", "public", E.PASSIVE, 5),
        _actor("edu", HOSTILE, "public", E.UNAWARE, 5),
        _actor("bank", "Bank", "business", E.SUPPORTIVE),
        _actor("uni", "University", "academia", E.RESISTANT, 2),
        _actor("fund", "Fund", "philanthropy", E.ACTIVE, 3),
        _actor("c1", "Residents 1", "community", E.PASSIVE),
        _actor("c2", "Residents 2", "community", E.SUPPORTIVE),
        _actor("c3", "Residents 3", "community", E.UNAWARE),
        _actor("y1", "Youth club", "youth", E.UNAWARE),
    )
    ties = (
        Tie("bb", "mun", T.COLLABORATION), Tie("bb", "bank", T.COMMUNICATION),
        Tie("mun", "edu", T.COLLABORATION), Tie("mun", "edu", T.COMMUNICATION),
        Tie("fund", "bb", T.FUNDING), Tie("uni", "bb", T.INFLUENCE),
        Tie("bank", "uni", T.TENSION),
        Tie("c1", "c2", T.COLLABORATION), Tie("c2", "c3", T.COLLABORATION),
        Tie("c1", "c3", T.COLLABORATION),
    )
    forums = (
        Forum("wg", "Working group", required_sectors=("public", "business"),
              members=(ForumMember("bb", ForumRole.CHAIR), ForumMember("mun"))),
        Forum("steering", f"{HOSTILE} board",
              members=(ForumMember("bb", ForumRole.CHAIR), ForumMember("bank"),
                       ForumMember("fund"))),
    )
    sectors = (*DEFAULT_SECTORS, Sector("youth", f"{HOSTILE} youth"))
    return StakeholderMap(actors, ties, (), forums,
                          Programme("Test", "bb", dt.date(2025, 6, 30)), sectors)


@pytest.fixture(scope="module")
def metrics(smap: StakeholderMap) -> Metrics:
    return compute_metrics(smap)


def strings(fig: go.Figure) -> str:
    """Every string of the figure as the browser receives it, JSON escapes undone.

    ``fig.to_json()`` writes ``<`` as ``\\u003c``, so searching it for ``<img`` would
    always pass; decoding first makes the check mean something.
    """
    return json.dumps(json.loads(fig.to_json()), ensure_ascii=False)


def test_mixing_heatmap_counts_collaboration_ties_between_sectors(metrics: Metrics) -> None:
    fig = charts.mixing_heatmap(metrics)
    heat = fig.data[0]
    #           pub bus civ aca phi com you
    expected = [[1, 0, 1, 0, 0, 0, 0],   # public: mun–edu inside, bb–mun
                [0, 0, 1, 0, 1, 0, 0],   # business: bb–bank, bank–fund (co-members)
                [1, 1, 0, 0, 1, 0, 0],   # civil society: bb–mun, bb–bank, bb–fund
                [0, 0, 0, 0, 0, 0, 0],   # academia: only influence and tension ties
                [0, 1, 1, 0, 0, 0, 0],   # philanthropy
                [0, 0, 0, 0, 0, 3, 0],   # community: a closed triangle
                [0, 0, 0, 0, 0, 0, 0]]   # youth: no tie
    assert [list(row) for row in heat.z] == expected
    assert list(heat.y) == ["Public sector", "Business", "Civil society", "Academia",
                            "Philanthropy", "Community", f"{ESCAPED} youth"]
    assert heat.texttemplate == "%{z}"        # counts written in the cells


def test_ei_bars_mark_siloed_sectors_and_leave_out_sectors_without_ties(
        metrics: Metrics) -> None:
    fig = charts.ei_bars(metrics)
    bars = {trace.name: dict(zip(trace.x, trace.y, strict=True)) for trace in fig.data}
    open_, siloed = bars["works across sectors"], bars["siloed (below -0.5)"]
    # public: E=1 (bb–mun), I=1 (mun–edu) → 0; business, civil society, philanthropy: all out
    assert open_ == pytest.approx({"Public sector": 0.0, "Business": 1.0, "Civil society": 1.0,
                                   "Philanthropy": 1.0})
    assert siloed == pytest.approx({"Community": -1.0})      # three ties, all inside
    colours = {trace.name: trace.marker.color for trace in fig.data}
    assert colours["works across sectors"] != colours["siloed (below -0.5)"]
    lines = sorted(shape.y0 for shape in fig.layout.shapes)
    assert lines == [-0.5, 0]                                # the cut-off and the zero line


def test_forum_coverage_marks_exactly_the_missing_required_sectors(smap: StakeholderMap) -> None:
    fig = charts.forum_coverage(smap)
    counts, missing = fig.data
    forums = ["wg", "steering"]
    sectors = [s.id for s in smap.sectors]
    marked = {(forums[i], sectors[j]) for i, row in enumerate(missing.z)
              for j, cell in enumerate(row) if cell is not None}
    assert marked == {("wg", "business"), ("steering", "public"), ("steering", "academia")}
    text = {(forums[i], sectors[j]): cell or label
            for i, (row, labels) in enumerate(zip(counts.text, missing.text, strict=True))
            for j, (cell, label) in enumerate(zip(row, labels, strict=True))}
    assert {k for k, v in text.items() if v == "✕ missing"} == marked
    assert not any(cell == "✕ missing" for row in counts.text for cell in row)
    assert missing.colorscale[0][1] != "Greens"
    # members per sector: wg has one public, one civil society (required public: ✓)
    assert counts.z[0][:3] == [1.0, None, 1.0]
    assert text[("wg", "public")] == "1 ✓" and text[("wg", "civil_society")] == "1"
    assert list(counts.y) == ["Working group", f"{ESCAPED} board"]


def test_influence_engagement_grid_places_each_actor(metrics: Metrics) -> None:
    fig = charts.influence_engagement_grid(metrics)
    points = {c[4]: (x, y) for t in fig.data
              for x, y, c in zip(t.x, t.y, t.customdata, strict=True)}
    assert len(points) == len(metrics.actors)
    x, y = points["edu"]                      # unaware, formal influence 5
    assert round(x) == 0 and y == 5.0
    assert points["bb"] == (5, 4.0)
    labels = {a.text: (a.x, a.y) for a in fig.layout.annotations}
    assert set(labels) == {"<b>mobilise first</b>", "<b>keep close</b>",
                           "<b>keep informed</b>", "<b>keep involved</b>"}
    assert labels["<b>mobilise first</b>"][0] < 2.5 < labels["<b>keep close</b>"][0]
    assert sorted((s.type, s.x0, s.y0) for s in fig.layout.shapes) == [
        ("line", 0, 3.0), ("line", 2.5, 0), ("rect", -0.7, 3.0)]   # mobilise-first shaded
    where = {c[4]: c[5] for t in fig.data for c in t.customdata}
    assert (where["edu"], where["mun"], where["bb"], where["y1"], where["c2"]) == (
        "mobilise first", "mobilise first", "keep close", "keep informed", "keep involved")
    assert where["fund"] == "keep close"       # influence exactly 3 counts as influential
    assert fig.data[0].hovertemplate.startswith("<b>%{customdata[0]}</b><br>%{customdata[1]}")
    assert list(fig.layout.xaxis.ticktext) == ["unaware", "resistant", "passive", "supportive",
                                               "active", "leading"]


def test_actors_sharing_a_cell_are_spread_apart(metrics: Metrics) -> None:
    fig = charts.influence_engagement_grid(metrics)
    # c3 and y1: both unaware with influence 1 (edu is unaware too but influence 5)
    xs = [x for t in fig.data for x, c in zip(t.x, t.customdata, strict=True)
          if c[4] in ("c3", "y1")]
    assert len(set(xs)) == 2 and all(abs(x) <= 0.4 for x in xs)


def test_dumbbell_lists_the_largest_gap_first(metrics: Metrics) -> None:
    fig = charts.engagement_dumbbell(metrics)
    now = fig.data[1]
    # edu: unaware → active (4); c3 and y1: unaware → supportive (3); mun: passive → active (2);
    # uni resistant → supportive (2); c1: passive → supportive (1). Ties: more influence first.
    assert list(now.y) == [ESCAPED, "Residents 3", "Youth club", "Municipality", "University",
                           "Residents 1"]
    assert list(now.x) == [0, 0, 0, 2, 1, 2]
    assert list(fig.data[2].x) == [4, 3, 3, 4, 3, 3]
    assert fig.layout.yaxis.autorange == "reversed"         # first row drawn on top
    assert len(charts.engagement_dumbbell(metrics, limit=2).data[1].y) == 2


def test_dumbbell_keeps_rows_of_actors_with_the_same_name_apart() -> None:
    twins = StakeholderMap((_actor("a", "School", "public", E.UNAWARE),
                            _actor("b", "School", "public", E.PASSIVE)))
    fig = charts.engagement_dumbbell(compute_metrics(twins))
    assert list(fig.data[1].y) == ["School · a", "School · b"]


def test_levels_by_sector_stack_to_the_actors_of_each_sector(metrics: Metrics) -> None:
    fig = charts.levels_by_sector(metrics)
    assert [t.name for t in fig.data] == [e.label for e in Engagement]
    assert fig.layout.barmode == "stack"
    totals: dict[str, int] = {}
    for trace in fig.data:
        for sector, count in zip(trace.x, trace.y, strict=True):
            totals[sector] = totals.get(sector, 0) + count
    assert totals == {"Public sector": 2, "Business": 1, "Civil society": 1, "Academia": 1,
                      "Philanthropy": 1, "Community": 3, f"{ESCAPED} youth": 1}
    resistant = dict(zip(fig.data[1].x, fig.data[1].y, strict=True))
    assert resistant["Academia"] == 1 and sum(resistant.values()) == 1


def test_every_figure_shows_user_text_only_escaped(smap: StakeholderMap,
                                                  metrics: Metrics) -> None:
    figures = {
        "mixing": charts.mixing_heatmap(metrics), "ei": charts.ei_bars(metrics),
        "forums": charts.forum_coverage(smap), "grid": charts.influence_engagement_grid(metrics),
        "dumbbell": charts.engagement_dumbbell(metrics), "levels": charts.levels_by_sector(metrics),
    }
    for name, fig in figures.items():
        text = strings(fig)
        assert "<img" not in text, name
        if name != "ei":     # the youth sector has no tie, so no E-I bar: nothing to escape
            assert "&lt;img" in text, name


def test_hover_reads_user_text_from_customdata_not_the_template(metrics: Metrics) -> None:
    for fig in (charts.influence_engagement_grid(metrics), charts.engagement_dumbbell(metrics)):
        for trace in fig.data:
            template = trace.hovertemplate or ""
            assert "Residents" not in template and "&lt;" not in template


@pytest.mark.parametrize("module", [charts, grids])
def test_docstring_examples(module: ModuleType) -> None:
    assert doctest.testmod(module).failed == 0


def test_sector_colours_are_distinct_with_grey_for_others() -> None:
    core = ["public", "business", "civil_society", "academia", "philanthropy", "community",
            "media"]
    assert len({charts.sector_colour(s) for s in core}) == 7
    assert charts.sector_colour("youth") == charts.FALLBACK_COLOUR
    assert charts.FALLBACK_COLOUR not in charts.SECTOR_COLOURS.values()


def test_empty_map_gives_figures_that_say_so() -> None:
    empty = compute_metrics(StakeholderMap(()))
    for fig in (charts.mixing_heatmap(empty), charts.ei_bars(empty),
                charts.influence_engagement_grid(empty), charts.engagement_dumbbell(empty),
                charts.levels_by_sector(empty), charts.forum_coverage(StakeholderMap(()))):
        assert not fig.data and fig.layout.annotations[0].text


def _json_roundtrip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(json.dumps(rows, allow_nan=False))
    return loaded


def test_actor_rows_are_json_safe_and_match_their_columns(metrics: Metrics) -> None:
    grid = grids.actor_rows(metrics)
    assert len(grid.rows) == len(metrics.actors)
    assert _json_roundtrip(grid.rows) == grid.rows
    fields = [c["field"] for c in grid.columns]
    assert all(list(row) == fields for row in grid.rows)
    edu = next(r for r in grid.rows if r["id"] == "edu")
    assert edu["name"] == HOSTILE            # grids render text, so the raw name is kept
    assert edu["gap"] == 4 and edu["target_engagement"] == "active"
    assert edu["distance_to_backbone"] == 2
    y1 = next(r for r in grid.rows if r["id"] == "y1")
    assert y1["distance_to_backbone"] is None            # unreachable: NA → null
    numeric = {c["field"] for c in grid.columns if c.get("filter") == "agNumberColumnFilter"}
    assert {"betweenness", "gap", "formal_influence"} <= numeric
    assert not any("cellRenderer" in c for c in grid.columns)


def test_network_and_sector_rows(metrics: Metrics) -> None:
    network = grids.network_rows(metrics)
    assert [r["metric"] for r in network.rows] == list(metrics.network)
    assert [c["field"] for c in network.columns] == ["metric", "shown", "meaning"]
    actors = next(r for r in network.rows if r["metric"] == "actors")
    assert actors["value"] == 10 and actors["shown"] == "10"
    assert all(r["meaning"] for r in network.rows)
    assert _json_roundtrip(network.rows) == network.rows
    sectors = grids.sector_rows(metrics)
    assert _json_roundtrip(sectors.rows) == sectors.rows
    media = next(r for r in sectors.rows if r["sector"] == "media")
    assert media["actors"] == 0 and media["ei_index"] is None
    community = next(r for r in sectors.rows if r["sector"] == "community")
    assert community["internal_ties"] == 3 and math.isclose(community["ei_index"], -1.0)
