"""Tests for the synthetic map generator used by benchmarks and load tests."""

from __future__ import annotations

import doctest
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from stakeholder_map.model import (
    CORE_SECTORS,
    ActorKind,
    ForumRole,
    StakeholderMap,
    Tie,
    TieType,
)
from stakeholder_map.workbook import synth
from stakeholder_map.workbook.synth import synthesize
from stakeholder_map.workbook.validate import load
from stakeholder_map.workbook.write import write_workbook


@pytest.fixture(scope="module")
def big() -> StakeholderMap:
    return synthesize(5000, seed=3)


def test_same_seed_gives_an_equal_map() -> None:
    assert synthesize(400, seed=11) == synthesize(400, seed=11)


def test_different_seeds_give_different_maps() -> None:
    a, b = synthesize(400, seed=1), synthesize(400, seed=2)
    assert a.ties != b.ties
    assert a.actors != b.actors


@pytest.mark.parametrize(("actors", "per_actor"), [(300, 5.0), (2000, 3.0), (1000, 8.0)])
def test_sizes(actors: int, per_actor: float) -> None:
    smap = synthesize(actors, seed=5, ties_per_actor=per_actor)
    assert len(smap.actors) == actors
    assert len(smap.ties) == pytest.approx(per_actor * actors, rel=0.10)
    assert len(smap.agreements) == pytest.approx(actors / 50, abs=1)
    assert len(smap.forums) == pytest.approx(actors / 100 + 1, abs=1)


@pytest.mark.parametrize("actors", [1, 2, 3, 9])
def test_tiny_maps_are_still_valid(actors: int) -> None:
    smap = synthesize(actors, seed=0)
    assert len(smap.actors) == actors
    assert smap.backbone is not None
    assert all(t.source != t.target for t in smap.ties)


def test_rejects_no_actors() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        synthesize(0)


def test_references_are_consistent(big: StakeholderMap) -> None:
    ids = big.actor_by_id
    assert len(ids) == len(big.actors)
    assert big.backbone is not None
    assert big.backbone.sector == "civil_society"
    assert big.backbone.engagement.label == "leading"
    for t in big.ties:
        assert t.source != t.target
        assert t.source in ids and t.target in ids
    for g in big.agreements:
        assert 2 <= len(g.parties) <= 8
        assert len({p.actor for p in g.parties}) == len(g.parties)
        assert all(p.actor in ids for p in g.parties)
    for f in big.forums:
        assert all(m.actor in ids for m in f.members)
        assert [m.role for m in f.members].count(ForumRole.CHAIR) == 1
    for a in big.actors:
        if a.kind in (ActorKind.UNIT, ActorKind.PERSON):
            parent = ids[a.parent or ""]
            assert parent.kind is ActorKind.ORGANISATION
            assert parent.sector == a.sector


def test_no_duplicate_ties(big: StakeholderMap) -> None:
    def key(t: Tie) -> tuple[str, str, TieType]:
        ends = (t.source, t.target) if t.type.directed else tuple(sorted((t.source, t.target)))
        return (ends[0], ends[1], t.type)

    assert len({key(t) for t in big.ties}) == len(big.ties)


def test_reports_to_points_at_the_parent(big: StakeholderMap) -> None:
    reports = [t for t in big.ties if t.type is TieType.REPORTS_TO]
    assert reports
    assert all(big.actor_by_id[t.source].parent == t.target for t in reports)


def test_mix_of_sectors_and_tie_types(big: StakeholderMap) -> None:
    sectors = Counter(a.sector for a in big.actors)
    assert set(CORE_SECTORS) <= set(sectors)
    assert sectors["civil_society"] / len(big.actors) == pytest.approx(0.35, abs=0.01)
    types = Counter(t.type for t in big.ties)
    share = {t: types[t] / len(big.ties) for t in TieType}
    assert share[TieType.COLLABORATION] == pytest.approx(0.45, abs=0.05)
    assert share[TieType.COMMUNICATION] == pytest.approx(0.25, abs=0.03)
    assert share[TieType.INFLUENCE] == pytest.approx(0.15, abs=0.03)
    assert share[TieType.FUNDING] == pytest.approx(0.05, abs=0.01)
    assert 0.02 <= share[TieType.REPORTS_TO] <= 0.05
    assert 0.03 <= share[TieType.TENSION] <= 0.05
    funders = Counter(big.actor_by_id[t.source].sector for t in big.ties
                      if t.type is TieType.FUNDING)
    assert (funders["philanthropy"] + funders["public"]) / sum(funders.values()) > 0.75


def test_every_core_sector_present_in_small_maps() -> None:
    for seed in range(5):
        smap = synthesize(50, seed=seed)
        assert set(CORE_SECTORS) <= {a.sector for a in smap.actors}


def test_degree_distribution_is_heavy_tailed(big: StakeholderMap) -> None:
    degree = Counter[str]()
    for t in big.ties:
        degree[t.source] += 1
        degree[t.target] += 1
    mean = 2 * len(big.ties) / len(big.actors)
    backbone = big.programme.backbone
    # In a random graph of mean degree 10 (Poisson) a degree above 50 has probability
    # ~1e-17; hubs other than the backbone must exceed it.
    assert max(d for a, d in degree.items() if a != backbone) > 5 * mean
    assert degree[backbone or ""] > 10 * mean


def test_collaboration_is_clustered(big: StakeholderMap) -> None:
    g = nx.Graph()
    g.add_nodes_from(a.id for a in big.actors)
    g.add_edges_from((t.source, t.target) for t in big.ties if t.type is TieType.COLLABORATION)
    n, m = g.number_of_nodes(), g.number_of_edges()
    # In G(n, m) two neighbours of a node are linked with probability close to the density
    # p = 2m / (n(n - 1)), so its expected average clustering is about p (≈ 0.001 here).
    # Ties drawn inside communities of ~20 close many triangles, so the synthetic map must
    # beat that by far; the gnm graph of the same size gives the concrete baseline.
    density = 2 * m / (n * (n - 1))
    random_clustering = nx.average_clustering(nx.gnm_random_graph(n, m, seed=3))
    assert random_clustering < 5 * density
    assert nx.average_clustering(g) > 10 * max(random_clustering, density)


def test_other_scripts_appear_in_names() -> None:
    names = [a.name for a in synthesize(300, seed=0).actors]
    text = "".join(names)
    assert any("\u0590" <= c <= "\u05ff" for c in text)  # Hebrew
    assert any("\u0400" <= c <= "\u04ff" for c in text)  # Cyrillic
    assert any(c in "ĀāČčĒēĖėĢģĪīĮįĶķĻļŅņŠšŪūŲųŽž" for c in text)  # Baltic letters


def test_programme_settings() -> None:
    smap = synthesize(120, seed=4)
    assert smap.programme.name == "Synthetic programme (120 actors, seed 4)"
    assert smap.programme.backbone == "a000000"
    assert smap.programme.wave == "synthetic"
    assert smap.forums[0].members[0].actor == "a000000"
    assert smap.forums[0].members[0].role is ForumRole.CHAIR


@pytest.mark.parametrize("name", ["w", "w.xlsx"])
def test_round_trip_through_a_workbook(tmp_path: Path, name: str) -> None:
    smap = synthesize(300, seed=1)
    result = load(write_workbook(smap, tmp_path / name))
    assert result.errors == []
    assert result.map == smap


def test_docstring_examples_run() -> None:
    assert doctest.testmod(synth).failed == 0
