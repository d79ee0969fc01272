"""Views, network-level metrics, the sector table and warm paths on hand-worked maps."""

from __future__ import annotations

import datetime as dt
import math

import networkx as nx
import pytest

from stakeholder_map import (
    Agreement,
    AgreementParty,
    Engagement,
    Forum,
    ForumMember,
    StakeholderMap,
    TieType,
)
from stakeholder_map.analysis.metrics import (
    ACTOR_COLUMNS,
    assortativity_from_mixing,
    compute_metrics,
)
from stakeholder_map.analysis.paths import warm_path, warm_paths
from stakeholder_map.analysis.thresholds import Thresholds
from stakeholder_map.analysis.views import build_views

from .test_gaps import AS_OF, actor, smap, tie

E = Engagement


def test_views_split_ties_and_drop_history() -> None:
    actors = [actor("a"), actor("b", "public"), actor("c", "business"), actor("d")]
    ties = [tie("a", "b"), tie("a", "b", TieType.COMMUNICATION, weight=2.0),
            tie("b", "c", TieType.INFLUENCE, weight=3.0), tie("c", "d", TieType.TENSION),
            tie("a", "d", until=AS_OF - dt.timedelta(days=1)),  # history
            tie("a", "c", until=AS_OF)]                          # still current on as_of
    m = smap(actors, ties, agreements=[Agreement("g", parties=(
        AgreementParty("b"), AgreementParty("d")))],
        forums=[Forum("f", members=(ForumMember("c"), ForumMember("d")))])
    v = build_views(m)
    assert len(v.ties) == 5 and v.full.number_of_edges() == 5
    assert v.collaboration["a"]["b"]["weight"] == 3.0          # 1 + 2 summed
    assert v.collaboration["b"]["d"]["weight"] == 1.0          # co-party
    assert v.collaboration["c"]["d"]["weight"] == 1.0          # co-member (tension is apart)
    assert not v.collaboration.has_edge("a", "d")              # history
    assert list(v.influence.edges(data="weight")) == [("b", "c", 3.0)]
    assert list(v.tension.edges()) == [("c", "d")]


def test_network_metrics_by_hand() -> None:
    # path a - b - c - d (collaboration), sectors: a,b civil_society; c,d public
    actors = [actor("bb"), actor("b"), actor("c", "public"), actor("d", "public")]
    ties = [tie("bb", "b"), tie("b", "c"), tie("c", "d"),
            tie("bb", "c", TieType.INFLUENCE), tie("c", "bb", TieType.INFLUENCE),
            tie("d", "b", TieType.INFLUENCE)]
    m = smap(actors, ties, agreements=[Agreement("g", parties=(AgreementParty("bb"),))])
    met = compute_metrics(m)
    net = met.network
    assert net["actors"] == 4 and net["ties"] == 6
    assert net["density"] == pytest.approx(3 / 6)              # 3 edges of 4·3/2
    assert net["components"] == 1
    # path P4 distances: 1,2,3,1,2,1 → mean 10/6
    assert net["average_path_length"] == pytest.approx(10 / 6)
    # degrees 1,2,2,1: Σ(2−d) = 2 over (n−1)(n−2) = 6
    assert net["degree_centralization"] == pytest.approx(1 / 3)
    # influence arcs bb→c, c→bb, d→b: 2 of 3 reciprocated
    assert net["reciprocity"] == pytest.approx(2 / 3)
    # edges: bb-b internal, b-c external, c-d internal → E-I = (1 − 2) / 3
    assert net["ei_index"] == pytest.approx(-1 / 3)
    assert net["cross_sector_share"] == pytest.approx(1 / 3)
    assert net["agreement_coverage"] == pytest.approx(1 / 4)
    assert net["sampled"] is False
    a = met.actors
    assert list(a.columns[-len(ACTOR_COLUMNS):]) == list(ACTOR_COLUMNS)
    assert a.loc["b", "betweenness"] == pytest.approx(2 / 3)    # on bb–c and bb–d of 3 pairs
    assert a.loc["c", "in_degree"] == 1 and a.loc["c", "out_degree"] == 1
    assert a.loc["c", "degree_influence"] == 2
    assert a.loc["d", "distance_to_backbone"] == 3
    assert bool(a.loc["b", "articulation_point"]) and not bool(a.loc["d", "articulation_point"])
    assert a.loc["b", "gatekeeper"] == 1 and a.loc["b", "representative"] == 1


def test_assortativity_from_mixing_equals_networkx() -> None:
    g = nx.gnm_random_graph(80, 200, seed=4)
    groups = {n: "abc"[n % 3] for n in g}
    nx.set_node_attributes(g, groups, "sector")
    import pandas as pd

    m = pd.DataFrame(0, index=list("abc"), columns=list("abc"))
    for u, v in g.edges():
        m.loc[groups[u], groups[v]] += 1
        if groups[u] != groups[v]:
            m.loc[groups[v], groups[u]] += 1
    assert assortativity_from_mixing(m) == pytest.approx(
        nx.attribute_assortativity_coefficient(g, "sector"), abs=1e-9)


def test_sector_table_and_mixing() -> None:
    actors = [actor("bb", level=E.LEADING), actor("p1", "public", E.PASSIVE, formal=4),
              actor("p2", "public", E.ACTIVE)]
    ties = [tie("bb", "p1"), tie("p1", "p2")]
    met = compute_metrics(smap(actors, ties, agreements=()))
    pub = met.sectors.loc["public"]
    assert pub["actors"] == 2 and pub["engaged"] == 1 and pub["engaged_share"] == 0.5
    assert pub["mean_engagement"] == pytest.approx((2 + 4) / 2)
    assert pub["mean_target"] == pytest.approx((4 + 3) / 2)   # p1 influential → active
    assert pub["internal_ties"] == 1 and pub["external_ties"] == 1 and pub["ei_index"] == 0
    assert met.mixing.loc["public", "civil_society"] == 1
    assert met.mixing.loc["public", "public"] == 1
    assert math.isnan(met.sectors.loc["academia", "engaged_share"])


def test_sampling_is_announced() -> None:
    actors = [actor(f"a{i}") for i in range(30)]
    ties = [tie(f"a{i}", f"a{i + 1}") for i in range(29)]
    m = StakeholderMap(tuple(actors), tuple(ties))
    met = compute_metrics(m, thresholds=Thresholds(sample_above=10, sample_size=10))
    assert met.network["sampled"] is True and met.network["sample_size"] == 10
    assert "10 sampled" in met.notes[0]


def test_warm_path_through_active_actors_only() -> None:
    # bb — principal (active) — head (passive); bb — clerk (passive) — head
    actors = [actor("bb", level=E.LEADING), actor("principal", level=E.ACTIVE),
              actor("clerk", level=E.PASSIVE), actor("head", "public", E.PASSIVE, formal=5)]
    ties = [tie("bb", "principal"), tie("principal", "head"), tie("bb", "clerk"),
            tie("clerk", "head")]
    wp = warm_path(smap(actors, ties, agreements=()), "head")
    assert wp.path == ("bb", "principal", "head") and wp.introducer == "principal"


def test_no_warm_path_names_the_nearest_engaged_actor() -> None:
    # bb — x (passive) — w (passive) — t; z (active) — t, but z has no link to bb.
    # No warm path (x and w cannot introduce); z is 1 step from t, bb 3 steps.
    actors = [actor("bb", level=E.LEADING), actor("x", level=E.PASSIVE),
              actor("t", level=E.UNAWARE), actor("z", level=E.ACTIVE),
              actor("w", level=E.PASSIVE)]
    ties = [tie("bb", "x"), tie("x", "w"), tie("w", "t"), tie("z", "t")]
    paths = warm_paths(smap(actors, ties, agreements=()))
    wp = paths["t"]
    assert not wp.found
    assert wp.nearest_engaged == "z" and wp.steps == 1
    # x itself is only passive, but it is next to the backbone: the backbone can call
    assert paths["x"].path == ("bb", "x")


def test_warm_paths_are_only_for_actors_below_target() -> None:
    actors = [actor("bb", level=E.LEADING), actor("ok", level=E.ACTIVE),
              actor("low", level=E.PASSIVE)]
    paths = warm_paths(smap(actors, [tie("bb", "ok"), tie("ok", "low")], agreements=()))
    assert set(paths) == {"low"}
    assert paths["low"].path == ("bb", "ok", "low")


def test_average_path_length_equals_networkx_when_the_other_pieces_are_isolates() -> None:
    """Isolates reach no one, so they add no pair: the mean is the largest piece's."""
    g = nx.gnm_random_graph(60, 70, seed=5)  # several components
    actors = [actor(f"a{n}") for n in g]
    ties = [tie(f"a{u}", f"a{v}") for u, v in g.edges()]
    met = compute_metrics(StakeholderMap(tuple(actors), tuple(ties)))
    giant = g.subgraph(max(nx.connected_components(g), key=len))
    assert met.network["average_path_length"] == pytest.approx(
        nx.average_shortest_path_length(giant), abs=1e-9)
    assert met.network["components"] == nx.number_connected_components(g)
