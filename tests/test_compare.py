"""Wave comparison: a sample programme against a copy with known changes, and the CLI's files.

The copy is made by hand from the Kehila Metiva sample (two actors leave with
their ties, forum seats and agreement parties; one joins with two ties; three
actors move up the ladder and one down; two other ties end and one starts), so
the expected changes are exactly the edits, not numbers read off our output.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from stakeholder_map.analysis.gaps import find_gaps
from stakeholder_map.analysis.metrics import compute_metrics
from stakeholder_map.cli.compare import compare_command
from stakeholder_map.model import Actor, Engagement, StakeholderMap, Tie, TieType
from stakeholder_map.waves.compare import compare, tie_key
from stakeholder_map.waves.result import TABLES, Comparison
from stakeholder_map.workbook.validate import load
from stakeholder_map.workbook.write import write_workbook

from .test_samples import SAMPLES

E = Engagement
LEAVING = {"km-rabbi", "km-bakery"}
NEW = Actor("km-makerspace", "Makerspace of the college", "academia",
            engagement=E.ACTIVE, formal_influence=2.0)
NEW_TIES = (Tie("km-makerspace", "km-college", TieType.COLLABORATION, weight=3.0),
            Tie("km-fund-yad", "km-makerspace", TieType.FUNDING, weight=2.0))
MOVES = {"km-edu-head": (E.PASSIVE, E.ACTIVE), "km-treasurer": (E.UNAWARE, E.SUPPORTIVE),
         "km-merchants": (E.PASSIVE, E.SUPPORTIVE), "km-college-head": (E.ACTIVE, E.PASSIVE)}
ENDED = {("km-backbone", "km-edu-head", "communication"),
         ("km-mayor", "km-treasurer", "influence")}
STARTED = Tie("km-edu-head", "km-backbone", TieType.COLLABORATION, weight=2.0)


@pytest.fixture(scope="module")
def baseline() -> StakeholderMap:
    result = load(SAMPLES / "kehila_metiva")
    assert result.map is not None
    return result.map


def _ends(t: Tie) -> tuple[str, str, str]:
    return t.source, t.target, t.type.value


def follow_up(smap: StakeholderMap, *, new_name: str = NEW.name,
              renames: dict[str, str] | None = None) -> StakeholderMap:
    """The baseline with the edits listed at the top of this module."""
    renames = renames or {}
    actors = []
    for a in smap.actors:
        if a.id in LEAVING:
            continue
        if a.id in MOVES:
            before, after = MOVES[a.id]
            assert a.engagement is before, a.id   # the sample still says what we think
            a = replace(a, engagement=after)
        actors.append(replace(a, name=renames.get(a.id, a.name)))
    actors.append(replace(NEW, name=new_name))
    ties = [t for t in smap.ties
            if not {t.source, t.target} & LEAVING and _ends(t) not in ENDED]
    assert len(ties) == len(smap.ties) - len(ENDED) - len(_ties_of_leavers(smap))
    agreements = tuple(replace(g, parties=tuple(p for p in g.parties if p.actor not in LEAVING))
                       for g in smap.agreements)
    forums = tuple(replace(f, members=tuple(m for m in f.members if m.actor not in LEAVING))
                   for f in smap.forums)
    return replace(smap, actors=tuple(actors), ties=(*ties, *NEW_TIES, STARTED),
                   agreements=agreements, forums=forums)


def _ties_of_leavers(smap: StakeholderMap) -> list[Tie]:
    return [t for t in smap.ties if {t.source, t.target} & LEAVING]


@pytest.fixture(scope="module")
def followup(baseline: StakeholderMap) -> StakeholderMap:
    return follow_up(baseline)


@pytest.fixture(scope="module")
def result(baseline: StakeholderMap, followup: StakeholderMap) -> Comparison:
    return compare(baseline, followup)


def test_actors_joined_and_left_are_exactly_the_edits(baseline: StakeholderMap,
                                                      result: Comparison) -> None:
    assert {a.id for a in result.actors_joined} == {NEW.id}
    assert {a.id for a in result.actors_left} == LEAVING
    joined = result.actors_joined[0]
    assert (joined.name, joined.sector, joined.engagement) == (NEW.name, "academia", "active")
    assert {(a.name, a.sector) for a in result.actors_left} == \
        {(baseline.actor_by_id[i].name, baseline.actor_by_id[i].sector) for i in LEAVING}


def test_engagement_moves_are_exactly_the_edits(result: Comparison) -> None:
    got = {(m.id, m.before, m.after, m.steps, m.direction) for m in result.engagement_moves}
    expected = {(aid, b.label, a.label, int(a) - int(b), "up" if a > b else "down")
                for aid, (b, a) in MOVES.items()}
    assert got == expected
    assert result.engagement_moves[0].id == "km-treasurer"   # +3, the biggest rise


def test_engagement_per_sector_counted_by_hand(baseline: StakeholderMap,
                                              result: Comparison) -> None:
    sectors = {s.sector: s for s in result.sectors}
    academia = sectors["academia"]
    # college (supportive 3), college head (active 4 → passive 2), research (passive 2);
    # the makerspace joins as active (4)
    assert (academia.actors_before, academia.actors_after) == (3, 4)
    assert academia.mean_before == pytest.approx((3 + 4 + 2) / 3)
    assert academia.mean_after == pytest.approx((3 + 2 + 2 + 4) / 4)
    assert (academia.engaged_before, academia.engaged_after) == (2, 2)
    assert (academia.moved_up, academia.moved_down) == (0, 1)
    public = sectors["public"]   # edu head and treasurer move up; nobody leaves or joins
    assert (public.moved_up, public.moved_down) == (2, 0)
    assert public.engaged_after == public.engaged_before + 2
    business = sectors["business"]   # the bakery (supportive) leaves, the merchants move up
    assert (business.actors_before, business.actors_after) == (6, 5)
    assert business.engaged_after == business.engaged_before
    assert all(s.mean_before is not None for s in result.sectors)


def test_ties_added_and_removed_are_exactly_the_edits(baseline: StakeholderMap,
                                                      result: Comparison) -> None:
    added = {(t.source, t.target, t.type) for t in result.ties_added}
    removed = {(t.source, t.target, t.type) for t in result.ties_removed}
    assert added == {_ends(t) for t in (*NEW_TIES, STARTED)}
    assert removed == ENDED | {_ends(t) for t in _ties_of_leavers(baseline)}
    assert len(result.ties_removed) == len(ENDED) + len(_ties_of_leavers(baseline))
    by_type = {r.key: r for r in result.ties_by_type}
    assert {k: r.added for k, r in by_type.items() if r.added} == \
        {"collaboration": 2, "funding": 1}
    lost = Counter(t[2] for t in removed)
    assert {k: r.removed for k, r in by_type.items() if r.removed} == dict(lost)
    for r in result.ties_by_type:
        assert r.after == r.before + r.added - r.removed
    pairs = {r.key: r for r in result.ties_by_sector_pair}
    assert sum(r.added for r in pairs.values()) == 3
    assert pairs["academia|philanthropy"].added == 1      # the fund now funds the makerspace
    assert sum(r.removed for r in pairs.values()) == len(result.ties_removed)


def test_first_ties_flag_a_sector_pair_that_had_none(result: Comparison) -> None:
    for r in result.ties_by_sector_pair:
        assert r.first_ties == (r.before == 0 and r.after > 0)
    assert {r.key for r in result.ties_by_sector_pair if r.first_ties} == \
        {"academia|philanthropy"}


def test_an_undirected_tie_written_the_other_way_round_is_the_same_tie(
        baseline: StakeholderMap) -> None:
    flipped = tuple(replace(t, source=t.target, target=t.source)
                    if t.type in (TieType.COLLABORATION, TieType.COMMUNICATION, TieType.TENSION)
                    else t for t in baseline.ties)
    result = compare(baseline, replace(baseline, ties=flipped))
    assert not result.ties_added and not result.ties_removed
    directed = tuple(replace(t, source=t.target, target=t.source)
                     if t.type is TieType.INFLUENCE else t for t in baseline.ties)
    turned = compare(baseline, replace(baseline, ties=directed))
    n = sum(t.type is TieType.INFLUENCE for t in baseline.ties)
    assert len(turned.ties_added) == len(turned.ties_removed) == n
    assert tie_key(Tie("b", "a", TieType.TENSION)) == ("a", "b", "tension")


def test_network_metrics_side_by_side_with_delta(baseline: StakeholderMap,
                                                 followup: StakeholderMap,
                                                 result: Comparison) -> None:
    before, after = compute_metrics(baseline).network, compute_metrics(followup).network
    rows = {m.metric: m for m in result.network}
    assert {"actors", "ties", "density", "ei_index", "agreement_coverage"} <= set(rows)
    assert "sampled" not in rows and "sample_size" not in rows   # not measures of the network
    for key, m in rows.items():
        assert m.before == pytest.approx(before[key]) and m.after == pytest.approx(after[key])
        assert m.delta == pytest.approx(m.after - m.before)
    assert (rows["actors"].before, rows["actors"].after, rows["actors"].delta) == (51, 50, -1)
    removed = 2 + len(_ties_of_leavers(baseline))
    assert rows["ties"].delta == 3 - removed


def test_gaps_closed_new_and_persisting_partition_both_waves(
        baseline: StakeholderMap, followup: StakeholderMap, result: Comparison) -> None:
    was = {(g.kind, g.subject) for g in find_gaps(baseline)}
    now = {(g.kind, g.subject) for g in find_gaps(followup)}
    closed = {(g.kind, g.subject) for g in result.gaps_closed}
    new = {(g.kind, g.subject) for g in result.gaps_new}
    persisting = {(g.kind, g.subject) for g in result.gaps_persisting}
    assert closed == was - now and new == now - was and persisting == was & now
    assert len(result.gaps) == len(was | now)
    assert closed and new
    # the edits that must show: the treasurer now supportive is no longer passive-influential
    assert ("passive_influential", "km-treasurer") in closed
    assert {key for key in was if key[1] in LEAVING} <= closed   # gone with their actor
    for g in result.gaps:
        assert (g.severity_before is None) == (g.status == "new")
        assert (g.severity_after is None) == (g.status == "closed")


def test_identical_maps_report_no_change(baseline: StakeholderMap) -> None:
    same = compare(baseline, baseline)
    assert not same.has_changes
    assert not (same.actors_joined or same.actors_left or same.engagement_moves
                or same.ties_added or same.ties_removed or same.gaps_closed or same.gaps_new)
    assert all(m.delta in (0, None) for m in same.network)
    assert same.summary().startswith("no change")


def test_a_renamed_actor_is_the_same_actor(baseline: StakeholderMap) -> None:
    renamed = replace(baseline, actors=tuple(replace(a, name=a.name + " (renamed)")
                                             for a in baseline.actors))
    assert not compare(baseline, renamed).has_changes


def test_precomputed_analysis_gives_the_same_comparison(
        baseline: StakeholderMap, followup: StakeholderMap, result: Comparison) -> None:
    m0, m1 = compute_metrics(baseline), compute_metrics(followup)
    again = compare(baseline, followup, metrics=(m0, m1),
                    gaps=(find_gaps(baseline, metrics=m0), find_gaps(followup, metrics=m1)))
    assert again == result


def test_to_dict_is_plain_json(result: Comparison) -> None:
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False))
    assert set(TABLES) <= set(data)
    assert data["counts"]["actors_joined"] == 1 and data["counts"]["ties_added"] == 3
    assert data["baseline"]["actors"] == 51 and data["followup"]["actors"] == 50


# --- the CLI ---------------------------------------------------------------------------

EVIL = "<img src=x onerror=alert(1)>"
FORMULA = "=HYPERLINK(\"http://x\",\"y\")"


@pytest.fixture(scope="module")
def waves(tmp_path_factory: pytest.TempPathFactory, baseline: StakeholderMap
          ) -> tuple[Path, Path]:
    """The baseline sample and a follow-up whose new actor and one mover have hostile names."""
    folder = tmp_path_factory.mktemp("waves")
    after = follow_up(baseline, new_name=EVIL, renames={"km-edu-head": FORMULA})
    target = write_workbook(after, folder / "followup")
    assert load(target).map == after
    return SAMPLES / "kehila_metiva", target


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(compare_command, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_prints_a_readable_summary(waves: tuple[Path, Path]) -> None:
    code, out, _ = run(*waves)
    assert code == 0, out
    assert "1 actor(s) joined, 2 left; 3 moved up the ladder, 1 down" in out
    assert "passive → active (+2)" in out
    assert "sector pairs with their first ties: academia|philanthropy" in out
    assert "network:" in out and "density" in out


def test_cli_xlsx_has_one_sheet_per_table_with_numbers_and_safe_text(
        waves: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "c.xlsx"
    code, out, _ = run(*waves, "-o", target)
    assert code == 0, out
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["waves", *TABLES]
    moves = list(book["engagement_moves"].values)
    header, rows = moves[0], moves[1:]
    assert header == ("id", "name", "sector", "before", "after", "steps", "direction")
    edu = next(r for r in rows if r[0] == "km-edu-head")
    assert edu[1] == "'" + FORMULA and edu[5] == 2            # text made safe, numbers numbers
    network = {r[0]: r for r in list(book["network"].values)[1:]}
    assert network["actors"][1:] == (51, 50, -1)
    assert book["actors_joined"]["B2"].value == EVIL


def test_cli_json_loads(waves: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    assert run(*waves, "-o", target)[0] == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert {a["id"] for a in data["actors_left"]} == LEAVING
    assert data["actors_joined"][0]["name"] == EVIL
    assert all(m["delta"] is None or isinstance(m["delta"], (int, float))
               for m in data["network"])


def test_cli_html_is_self_contained_and_escaped(waves: tuple[Path, Path],
                                               tmp_path: Path) -> None:
    target = tmp_path / "c.html"
    assert run(*waves, "-o", target)[0] == 0
    text = target.read_text(encoding="utf-8")
    assert "<script" not in text.lower() and EVIL not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert not any(tag in text.lower()
                   for tag in ("<link", "<img", "<iframe", 'src="', "url(", "@import"))
    assert "Content-Security-Policy" in text
    assert "Actors who joined" in text and "Gaps: closed, new and persisting" in text


def test_cli_refuses_an_unknown_format(waves: tuple[Path, Path], tmp_path: Path) -> None:
    code, _, err = run(*waves, "-o", tmp_path / "c.pdf")
    assert code == 2 and "choose a file ending in .xlsx, .json, .html" in err


def test_cli_help_has_an_example() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "Example:" in out and "stakeholder-map compare" in out


def test_nan_measures_stay_blank(baseline: StakeholderMap) -> None:
    lonely = replace(baseline, ties=())
    result = compare(lonely, lonely)
    reciprocity = next(m for m in result.network if m.metric == "reciprocity")
    assert reciprocity.before is None and reciprocity.delta is None


def test_docstring_examples() -> None:
    import doctest

    from stakeholder_map.waves import result as comparison

    result = doctest.testmod(comparison)
    assert result.attempted > 0 and result.failed == 0
