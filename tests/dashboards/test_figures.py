"""The map's pure functions: filters, sizes, warm-path highlight, styles, URL state."""

from __future__ import annotations

import pytest

from dashboards.figures import (
    SECTOR_COLOURS,
    MapFilters,
    compute_positions,
    elements,
    stylesheet,
    tie_canvas,
    visible_actors,
)
from dashboards.urlstate import merge_query, parse_query, query_list
from stakeholder_map import Engagement, Forum, ForumMember, TieType

from ..test_gaps import actor, smap, tie

E = Engagement


def _map():  # type: ignore[no-untyped-def]
    actors = [actor("bb", level=E.LEADING, formal=4), actor("pub", "public", E.PASSIVE, formal=5,
                                                           role="Head of Education"),
              actor("biz", "business", E.UNAWARE), actor("ngo", level=E.ACTIVE)]
    ties = [tie("bb", "pub"), tie("bb", "ngo", TieType.COMMUNICATION),
            tie("ngo", "pub", TieType.INFLUENCE), tie("pub", "biz", TieType.TENSION)]
    forum = Forum("wg", "Working group", members=(ForumMember("bb"), ForumMember("pub")))
    return smap(actors, ties, agreements=(), forums=[forum])


def test_filters_combine() -> None:
    m = _map()
    assert visible_actors(m, MapFilters()) == ["bb", "pub", "biz", "ngo"]
    assert visible_actors(m, MapFilters(sectors=("public", "business"))) == ["pub", "biz"]
    # engagement passive(2)..active(4)
    assert visible_actors(m, MapFilters(engagement=(2, 4))) == ["pub", "ngo"]
    assert visible_actors(m, MapFilters(forum="wg")) == ["bb", "pub"]
    assert visible_actors(m, MapFilters(search="education")) == ["pub"]   # role, any case


def test_edges_only_between_visible_actors_and_of_chosen_types() -> None:
    m = _map()
    els = elements(m, {}, MapFilters(sectors=("civil_society", "public")))
    edges = {(e["data"]["source"], e["data"]["target"]) for e in els if "source" in e["data"]}
    assert edges == {("bb", "pub"), ("bb", "ngo"), ("ngo", "pub")}   # tension goes to biz
    els = elements(m, {}, MapFilters(tie_types=("tension",)))
    assert [e["classes"] for e in els if "source" in e["data"]] == ["tension"]


def test_node_size_by_square_root_of_the_measure() -> None:
    m = _map()
    els = elements(m, {"x": {"bb": 4.0, "pub": 1.0, "biz": 0.0, "ngo": 0.0}}, MapFilters(),
                   size_by="x")
    size = {e["data"]["id"]: e["data"]["size"] for e in els if "size" in e["data"]}
    # sqrt scaling: bb → 18 + 52·1 = 70; pub → 18 + 52·(1/2) = 44; zero → 18
    assert size == {"bb": 70.0, "pub": 44.0, "biz": 18.0, "ngo": 18.0}


def test_warm_path_is_highlighted() -> None:
    m = _map()
    els = elements(m, {}, MapFilters(), highlight=("bb", "pub"))
    classes = {e["data"]["id"]: e["classes"] for e in els}
    assert "path" in classes["bb"] and "path" in classes["pub"] and "path" not in classes["biz"]
    edge_classes = {(e["data"]["source"], e["data"]["target"]): e["classes"]
                    for e in els if "source" in e["data"]}
    assert edge_classes[("bb", "pub")] == "collaboration path"
    assert "path" not in edge_classes[("bb", "ngo")]
    # the rest steps back so the path reads on a crowded map
    assert "faded" in classes["biz"] and "faded" in edge_classes[("bb", "ngo")]
    assert "faded" not in classes["bb"] and "faded" not in edge_classes[("bb", "pub")]
    assert not [e for e in elements(m, {}, MapFilters()) if "faded" in e["classes"]]


def test_a_warm_path_step_without_a_shown_tie_is_still_drawn() -> None:
    m = _map()
    # bb and biz share no tie (a path step through an agreement or forum); pub–biz is tension,
    # left out by the tie-type filter: both steps are drawn as dashed path lines
    els = elements(m, {}, MapFilters(tie_types=("collaboration",)),
                   highlight=("bb", "biz", "pub"), ties_on_canvas=True)
    edges = {(e["data"]["source"], e["data"]["target"]): e["classes"]
             for e in els if "source" in e["data"]}
    assert edges == {("bb", "biz"): "path via", ("biz", "pub"): "path via"}
    # a step whose actor is filtered out is not drawn
    els = elements(m, {}, MapFilters(sectors=("civil_society", "public")),
                   highlight=("bb", "biz", "pub"))
    assert not [e for e in els if "via" in e["classes"]]


def test_tie_canvas_numbers_each_tie_by_its_ends_and_type() -> None:
    m = _map()
    kinds = ["influence", "collaboration", "communication", "funding", "reports_to", "tension"]
    data = tie_canvas(m, ["bb", "pub", "biz", "ngo"])
    assert data["ids"] == ["bb", "pub", "biz", "ngo"] and data["kinds"] == kinds
    # bb–pub collaboration, bb–ngo communication, ngo→pub influence, pub–biz tension
    assert data["ties"] == [0, 1, 1, 0, 3, 2, 3, 1, 0, 1, 2, 5]
    tension = data["styles"][5]
    assert tension["colour"] == "#d62728" and tension["dash"] and not tension["arrow"]
    assert data["styles"][0]["arrow"] and data["styles"][3]["arrow"]   # influence, funding
    # only ties among the shown actors, only of the chosen types
    assert tie_canvas(m, ["bb", "pub", "ngo"])["ties"] == [0, 1, 1, 0, 2, 2, 2, 1, 0]
    assert tie_canvas(m, ["bb", "pub", "ngo"], ["influence"])["ties"] == [2, 1, 0]
    # the lit warm path, for the browser to bring into view (only its shown actors)
    assert tie_canvas(m, ["bb", "pub", "ngo"], highlight=("bb", "pub"))["focus"] == ["bb", "pub"]
    assert tie_canvas(m, ["bb", "ngo"], highlight=("bb", "pub", "biz"))["focus"] == ["bb"]
    assert tie_canvas(m, ["bb", "pub"])["focus"] == []


def test_large_maps_keep_only_the_warm_path_as_edges() -> None:
    m = _map()
    els = elements(m, {}, MapFilters(), highlight=("bb", "pub"), ties_on_canvas=True)
    edges = [e for e in els if "source" in e["data"]]
    assert [(e["data"]["source"], e["data"]["target"], e["classes"]) for e in edges] == [
        ("bb", "pub", "collaboration path")]
    assert len(els) - len(edges) == 4


def test_a_crowded_map_names_only_its_biggest_actors() -> None:
    from dashboards.figures import LABEL_ALL_MAX, NAMED
    from stakeholder_map.workbook.synth import synthesize

    small = synthesize(LABEL_ALL_MAX, seed=1)
    els = elements(small, {}, MapFilters())
    assert all("named" in e["classes"].split() for e in els if "source" not in e["data"])
    big = synthesize(200, seed=1)
    value = {a.id: float(k) for k, a in enumerate(big.actors)}    # later actors are bigger
    els = elements(big, {"x": value}, MapFilters(), size_by="x")
    named = [e["data"]["id"] for e in els if "named" in e["classes"].split()]
    assert named == [a.id for a in big.actors[-NAMED:]]
    sheet = {r["selector"]: r["style"] for r in stylesheet()}
    assert sheet["node.named"]["label"] == "data(label)" and "label" not in sheet["node"]


def test_names_travel_as_data_not_markup() -> None:
    m = _map()
    from dataclasses import replace

    evil = "<img src=x onerror=alert(1)>"
    m = replace(m, actors=(replace(m.actors[0], name=evil), *m.actors[1:]))
    node = elements(m, {}, MapFilters())[0]
    # cytoscape draws labels as canvas text: the name as it is, only bidi-isolated (U+2068/9)
    assert node["data"]["label"] == "\u2068" + evil + "\u2069"


def test_actors_are_coloured_by_sector_and_filled_by_engagement() -> None:
    m = _map()
    node = {e["data"]["id"]: e["data"] for e in elements(m, {}, MapFilters())}
    assert node["pub"]["colour"] == SECTOR_COLOURS["public"]
    assert node["biz"]["colour"] == SECTOR_COLOURS["business"]
    # unaware (0) faint, passive (2) paler than active (4), leading (5) solid
    assert node["biz"]["fill"] == 0.25 and node["bb"]["fill"] == 1.0
    assert node["pub"]["fill"] < node["ngo"]["fill"]
    sheet = {s["selector"]: s["style"] for s in stylesheet()}
    assert sheet["node"]["background-color"] == "data(colour)"
    assert sheet["node"]["background-opacity"] == "data(fill)"
    assert sheet[".tension"]["line-style"] == "dashed"
    assert sheet[".influence"]["target-arrow-shape"] == "triangle"


def test_positions_are_deterministic_and_spread() -> None:
    m = _map()
    a, b = compute_positions(m), compute_positions(m)
    assert a == b and set(a) == {"bb", "pub", "biz", "ngo"}
    assert len(set(a.values())) == 4


@pytest.mark.parametrize(("search", "updates", "expected"), [
    ("", {"wave": 3}, "?wave=3"),
    ("?wave=3&sector=public", {"sector": None}, "?wave=3"),
    ("?wave=3", {"sector": ["public", "business"]}, "?sector=public%2Cbusiness&wave=3"),
    ("?q=%D7%A9%D7%9C%D7%95%D7%9D", {}, "?q=%D7%A9%D7%9C%D7%95%D7%9D"),
])
def test_url_state(search: str, updates: dict[str, object], expected: str) -> None:
    assert merge_query(search, **updates) == expected


def test_url_state_round_trips_hebrew_and_lists() -> None:
    search = merge_query("", q="שלום", sector=["public", "media"])
    query = parse_query(search)
    assert query["q"] == ["שלום"] and query_list(query, "sector") == ["public", "media"]
