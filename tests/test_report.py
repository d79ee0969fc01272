"""The readiness pack: every sample programme, escaping, no outside resources, scorecard rules."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from markupsafe import escape

from stakeholder_map import load
from stakeholder_map.analysis.metrics import compute_metrics
from stakeholder_map.analysis.views import build_views
from stakeholder_map.cli.main import main as stakeholder_map_cli
from stakeholder_map.model import (
    Actor,
    Agreement,
    AgreementParty,
    Engagement,
    Programme,
    StakeholderMap,
    Tie,
    TieType,
)
from stakeholder_map.outputs.report.charts import ChartError
from stakeholder_map.outputs.report.network import MAX_TIES
from stakeholder_map.outputs.report.pack import SECTIONS, build_readiness_pack, readiness_pack
from stakeholder_map.outputs.report.scorecard import Status, readiness_scorecard
from stakeholder_map.samples import SAMPLES_DIR, sample_programmes

SAMPLES = SAMPLES_DIR
PROGRAMMES = sample_programmes()

IMG = "<img src=x onerror=alert(1)>"
BREAKOUT = '"><script>alert(1)</script>'
PAYLOADS = (IMG, BREAKOUT)


def escaped(text: str) -> str:
    """``text`` as the templates write it (Jinja's autoescape: ``"`` is ``&#34;``)."""
    return str(escape(text))


@cache
def sample(name: str) -> StakeholderMap:
    smap = load(SAMPLES / name).map
    assert smap is not None, name
    return smap


@cache
def pack(name: str) -> str:
    return readiness_pack(sample(name), images=False)


def section(text: str, key: str) -> str:
    """The HTML of one section of the pack."""
    start = text.index(f'<section id="{key}">')
    return text[start:text.index("</section>", start)]


def external_references(text: str) -> list[str]:
    """Every way an HTML page could reach the network: src/href/url() to http(s), scripts, links."""
    found = re.findall(r"""(?:src|href|xlink:href|action|srcset)\s*=\s*["']?\s*(?:https?:)?//""",
                       text, flags=re.I)
    found += re.findall(r"url\(\s*['\"]?\s*(?:https?:)?//", text, flags=re.I)
    found += re.findall(r"<(?:script|link|iframe|object|embed|base)\b|@import", text, flags=re.I)
    return found


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def unsafe_markup(text: str) -> list[str]:
    """Elements and attributes, as a browser parses them, that could run script or fetch."""
    parser = _Tags()
    parser.feed(text)
    bad = []
    for tag, attrs in parser.tags:
        if tag in ("script", "iframe", "object", "embed", "link", "base", "foreignobject"):
            bad.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                bad.append(f"{tag} {name}")
            if name in ("src", "href", "xlink:href") and not (value or "").startswith(
                    ("data:", "#")):
                bad.append(f"{tag} {name}={value}")
    return bad


def unsafe_svg(svg: str) -> list[str]:
    """The same check for an SVG document, parsed as XML."""
    bad = []
    for el in ET.fromstring(svg).iter():
        tag = el.tag.rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "a"):
            bad.append(tag)
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                bad.append(f"{tag} {local}")
            if local == "href" and not value.startswith(("data:", "#")):
                bad.append(f"{tag} href={value}")
    return bad


# --- every sample programme ------------------------------------------------------------------


@pytest.mark.parametrize("name", PROGRAMMES)
def test_pack_for_every_sample_has_every_section_and_the_backbone(name: str) -> None:
    smap = sample(name)
    text = pack(name)
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="en" dir="ltr">' in text and '<meta charset="utf-8">' in text
    for i, (key, heading) in enumerate(SECTIONS, 1):
        assert f'<section id="{key}"><h2>{i}. {escaped(heading)}</h2>' in text
    assert smap.backbone is not None
    assert escaped(smap.backbone.name) in section(text, "glance")
    assert escaped(smap.programme.name) in text
    assert 'dir="auto"' in text
    assert "<svg" in section(text, "network")
    assert "Charts left out on request" in section(text, "network")


@pytest.mark.parametrize("name", PROGRAMMES)
def test_pack_reaches_nothing_outside_itself(name: str) -> None:
    text = pack(name)
    assert external_references(text) == []
    assert "<script" not in text.lower()
    assert unsafe_markup(text) == []


def test_print_styles_give_a4_pages_and_a_break_before_each_section() -> None:
    text = pack("smolensk_volunteers")
    assert "@page { size: A4" in text
    assert "section + section { break-before: page" in text
    assert "nav, .screen-only { display: none" in text


def test_kehila_metiva_checklist_names_the_burned_and_both_sides_of_a_tension() -> None:
    smap = sample("kehila_metiva")
    checklist = section(pack("kehila_metiva"), "checklist")
    burned = [a for a in smap.actors if a.burned]
    assert burned
    for a in burned:
        assert escaped(a.name) in checklist
    tension = next(t for t in smap.ties if t.type is TieType.TENSION)
    for end in (tension.source, tension.target):
        assert escaped(smap.actor_by_id[end].name) in checklist
    # km-edu-head: public, formal influence 5, passive — a passive role-holder
    role_holders = checklist[checklist.index("Passive role-holders"):]
    assert escaped(smap.actor_by_id["km-edu-head"].name) in role_holders


def test_smolensk_pack_names_academia_as_missing() -> None:
    gaps = section(pack("smolensk_volunteers"), "gaps")
    missing = gaps[gaps.index("Missing sectors"):gaps.index("Forums lacking a sector")]
    assert "Missing sectors (1)" in missing
    assert '<span dir="auto">Academia</span>' in missing


def test_mobilise_section_says_why_and_who_opens_the_door() -> None:
    smap = sample("kehila_metiva")
    mobilise = section(pack("kehila_metiva"), "mobilise")
    assert mobilise.count("<tr>") == 1 + 12  # header and the top twelve
    # the head of education is passive with formal influence 5: among the first to mobilise,
    # and the backbone works with her directly (the planner's journey)
    edu = escaped(smap.actor_by_id["km-edu-head"].name)
    assert edu in mobilise
    row = mobilise[mobilise.index(edu):]
    row = row[:row.index("</tr>")]
    assert "passive role-holder" in row and "the backbone can approach them directly" in row


# --- escaping ----------------------------------------------------------------------------------


def hostile_sheets(base: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, str]]]:
    """The base workbook with script-like text in every free-text field a user can fill."""
    sheets = {k: [dict(r) for r in v] for k, v in base.items()}
    actors = sheets["actors"]
    actors[0].update(name=IMG, role=BREAKOUT, notes=IMG)
    actors[1].update(name=BREAKOUT, role=IMG, burned="true", notes=BREAKOUT)
    actors[2].update(informal_influence="4", notes=IMG)
    actors.append({"id": "yo", "name": f"Youth {IMG}", "sector": "youth",
                   "engagement": "resistant", "formal_influence": "4", "notes": BREAKOUT})
    sheets["sectors"] = [{"id": "youth", "name": f"{BREAKOUT} youth"}]
    sheets["ties"] += [{"source": "mun", "target": "yo", "type": "tension", "notes": IMG},
                       {"source": "bank", "target": "yo", "type": "collaboration"}]
    sheets["agreements"][0].update(title=IMG, kind=BREAKOUT)
    sheets["agreement_parties"].append({"agreement": "mou", "actor": "yo",
                                        "responsibility": ""})
    sheets["forums"][0].update(name=BREAKOUT, kind=IMG)
    sheets["programme"] = [{"key": "name", "value": IMG}, {"key": "backbone", "value": "bb"},
                           {"key": "as_of", "value": "2025-06-30"},
                           {"key": "wave", "value": BREAKOUT}]
    return sheets


@pytest.fixture
def hostile_map(make_book: Callable[..., Path],
                base_sheets: dict[str, list[dict[str, str]]]) -> StakeholderMap:
    result = load(make_book(hostile_sheets(base_sheets)))
    assert result.map is not None, result.problems
    return result.map


def assert_only_escaped(text: str) -> None:
    for payload in PAYLOADS:
        assert payload not in text
        assert escaped(payload) in text
    assert "<script" not in text.lower()
    assert "<img src=x" not in text
    assert unsafe_markup(text) == []


def test_every_user_string_is_escaped(hostile_map: StakeholderMap) -> None:
    text = readiness_pack(hostile_map, images=False)
    assert_only_escaped(text)
    assert f"<title>Readiness pack — {escaped(IMG)}</title>" in text
    for key, _ in SECTIONS:  # the hostile names reach every section
        body = section(text, key)
        assert escaped(IMG) in body or escaped(BREAKOUT) in body, key
    svg = section(text, "network")
    assert f"<title>\u2068{escaped(IMG)}\u2069 — " in svg  # node tooltip, the name isolated
    assert ">" + escaped(IMG) + "</text>" in svg  # node label


def test_charts_embed_as_svg_images_with_names_escaped(hostile_map: StakeholderMap) -> None:
    result = build_readiness_pack(hostile_map, images=True)
    assert_only_escaped(result.html)
    assert external_references(result.html) == []
    images = re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', result.html)
    if not images:  # kaleido or Chromium missing: the pack says so instead
        assert result.notes and "could not be drawn" in result.html
        if os.environ.get("CI"):  # CI has Chromium and kaleido: the charts must render
            pytest.fail(f"charts not rendered in CI: {result.notes}")
        pytest.skip(f"charts not rendered here: {result.notes}")
    assert len(images) == 6 and not result.notes
    for data in images:
        svg = base64.b64decode(data).decode("utf-8")
        assert svg.lstrip().startswith("<svg")
        assert "<script" not in svg.lower() and "<img" not in svg.lower()
        assert unsafe_svg(svg) == []
    texts = " ".join("".join(ET.fromstring(base64.b64decode(d)).itertext()) for d in images)
    assert IMG in texts and BREAKOUT in texts  # the names are there, as text


def test_charts_that_cannot_be_drawn_leave_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    import stakeholder_map.outputs.report.charts as charts

    def fail(*_: Any, **__: Any) -> list[bytes]:
        raise ChartError("BrowserFailedError: no Chromium <here>")

    monkeypatch.setattr(charts, "render_svgs", fail)
    result = build_readiness_pack(sample("smolensk_volunteers"), images=True)
    assert result.notes == ["charts left out: BrowserFailedError: no Chromium <here>"]
    network = section(result.html, "network")
    assert "could not be drawn" in network and "no Chromium &lt;here&gt;" in network
    assert "<svg" in network  # the network picture needs no browser


def test_large_map_draws_every_actor_and_a_sample_of_ties() -> None:
    from stakeholder_map.workbook.synth import synthesize

    smap = synthesize(700, seed=3, ties_per_actor=6)
    network = section(readiness_pack(smap, images=False), "network")
    svg = network[network.index("<svg"):network.index("</svg>")]
    assert svg.count("<circle") >= 700
    assert svg.count("<line") <= MAX_TIES + 300
    assert "<text" not in svg
    assert "only a sample of" in network


def test_a_map_without_backbone_ties_forums_or_agreements_still_gives_a_pack() -> None:
    lone = StakeholderMap((Actor("a", "Ann", "public", formal_influence=4),
                           Actor("b", "Bo", "business")))
    text = readiness_pack(lone, images=False)
    for key, _ in SECTIONS:
        assert f'<section id="{key}">' in text
    assert "No backbone is named" in section(text, "glance")
    assert "no backbone named, so no warm path" in section(text, "mobilise")
    assert "No forums, committees or task forces are recorded." in text
    empty = readiness_pack(StakeholderMap(()), images=False)
    assert "No actors to draw." in section(empty, "network")


# --- the scorecard, worked by hand ---------------------------------------------------------------


def hand_map(backbone: str | None = "bb") -> StakeholderMap:
    """Six actors in six sectors; ties and agreement chosen so each rule can be checked by hand.

    Collaboration view: bb–mun, bb–bank (communication), bb–uni, uni–fund, mun–bank; res has
    only a tension tie. The MoU binds bb and mun.
    """
    e = Engagement

    def actor(aid: str, sector: str, level: Engagement, influence: float) -> Actor:
        return Actor(aid, aid.upper(), sector, formal_influence=influence, engagement=level)

    collab, comm = TieType.COLLABORATION, TieType.COMMUNICATION
    return StakeholderMap(
        actors=(actor("bb", "civil_society", e.LEADING, 4), actor("mun", "public", e.PASSIVE, 5),
                actor("bank", "business", e.SUPPORTIVE, 1), actor("uni", "academia", e.ACTIVE, 3),
                actor("fund", "philanthropy", e.SUPPORTIVE, 2),
                actor("res", "community", e.UNAWARE, 1)),
        ties=(Tie("bb", "mun", collab), Tie("bb", "bank", comm), Tie("bb", "uni", collab),
              Tie("uni", "fund", collab), Tie("mun", "bank", collab),
              Tie("res", "mun", TieType.TENSION)),
        agreements=(Agreement("mou", "MoU", parties=(AgreementParty("bb", "coordination"),
                                                     AgreementParty("mun", "venues"))),),
        programme=Programme("Hand", backbone, dt.date(2025, 6, 30)))


def scorecard(smap: StakeholderMap) -> Mapping[str, Any]:
    views = build_views(smap)
    return {r.condition: r for r in readiness_scorecard(smap, compute_metrics(smap, views),
                                                        views)}


def test_scorecard_rules_by_hand() -> None:
    rows = scorecard(hand_map())
    # common agenda: bb and mun of 6 actors are party to the live MoU → 1/3, between 25% and 50%
    agenda = rows["Common agenda"]
    assert agenda.numbers["agreement_coverage"] == pytest.approx(1 / 3)
    assert agenda.status is Status.PARTLY
    # reinforcing: all 5 ties cross sectors (100%), but 6 sectors make 15 pairs and only 5
    # are tied: 10 of 15 untied > 50% → weak despite the share
    reinforcing = rows["Mutually reinforcing activities"]
    assert reinforcing.numbers["cross_sector_share"] == pytest.approx(1.0)
    assert (reinforcing.numbers["sector_pairs"],
            reinforcing.numbers["sector_pairs_without_ties"]) == (15, 10)
    assert reinforcing.status is Status.WEAK
    # communication: one communication pair of 15 → density 1/15; mun, bank, uni (1 step) and
    # fund (2 steps) of the 5 others are within 2 steps: reach 4/5 = 80% → strong
    comm = rows["Continuous communication"]
    assert comm.numbers["communication_density"] == pytest.approx(1 / 15)
    assert comm.numbers["backbone_reach"] == pytest.approx(0.8)
    assert comm.status is Status.STRONG
    # backbone: leading; on the shortest paths of mun–uni, mun–fund, bank–uni, bank–fund:
    # 4 pairs × 2/((n−1)(n−2)) = 4 × 2/20 = 0.4 < 0.5; but uni and fund reach the rest only
    # through it (a cut point, 2 actors cut off) → one problem → partly
    backbone = rows["Backbone support"]
    assert backbone.numbers["backbone_betweenness"] == pytest.approx(0.4)
    assert backbone.numbers["single_point_of_failure"] is True
    assert backbone.numbers["actors_cut_off"] == 2
    assert backbone.status is Status.PARTLY
    # champions: influence ≥ 3 are bb (leading), mun (passive), uni (active) → 2/3 ≥ 50%
    champions = rows["Influential champions engaged"]
    assert champions.numbers["champions_share"] == pytest.approx(2 / 3)
    assert champions.status is Status.STRONG
    # funders: the one philanthropy actor is supportive, not active → partly
    assert rows["Funders present"].status is Status.PARTLY


def test_scorecard_without_a_backbone_or_funder_is_weak_there() -> None:
    smap = hand_map(backbone=None)
    smap = StakeholderMap(tuple(a for a in smap.actors if a.id != "fund"),
                          tuple(t for t in smap.ties if "fund" not in (t.source, t.target)),
                          smap.agreements, programme=smap.programme)
    rows = scorecard(smap)
    assert rows["Continuous communication"].status is Status.WEAK
    assert rows["Backbone support"].status is Status.WEAK
    assert rows["Funders present"].status is Status.WEAK
    assert rows["Funders present"].numbers["funders"] == 0


def test_scorecard_statuses_of_the_samples_follow_their_documents() -> None:
    # Kehila Metiva is at the readiness stage: few signed agreements yet
    assert scorecard(sample("kehila_metiva"))["Common agenda"].status is Status.WEAK
    # the Smolensk programme runs everything through its coordinator (a cut point)
    assert scorecard(sample("smolensk_volunteers"))["Backbone support"].status is not Status.STRONG
    # the Social Leaders programme keeps NGOs mostly among themselves
    leaders = scorecard(sample("lt_social_leaders"))
    assert leaders["Mutually reinforcing activities"].status is Status.WEAK


# --- the command -------------------------------------------------------------------------------


@pytest.fixture
def cli() -> click.Group:
    return stakeholder_map_cli


def test_report_command_writes_the_pack(cli: click.Group, tmp_path: Path) -> None:
    out = tmp_path / "readiness.html"
    result = CliRunner().invoke(cli, ["report", str(SAMPLES / "kehila_metiva"), "-o", str(out),
                                      "--no-charts"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    text = out.read_text(encoding="utf-8")
    assert '<section id="checklist">' in text and "<script" not in text


def test_report_command_help_and_errors(cli: click.Group, tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = runner.invoke(cli, ["report", "--help"]).output
    assert "Example:" in help_text and "stakeholder-map report" in help_text
    bad = runner.invoke(cli, ["report", str(SAMPLES / "smolensk_volunteers"), "-o",
                              str(tmp_path / "x.pdf")])
    assert bad.exit_code == 2 and "choose a file ending in .html" in bad.output
    broken = runner.invoke(cli, ["report", str(SAMPLES / "broken"), "-o",
                                 str(tmp_path / "x.html"), "--no-charts"])
    assert broken.exit_code == 1 and "--skip-invalid" in broken.output
    assert not (tmp_path / "x.html").exists()
    skipped = runner.invoke(cli, ["report", str(SAMPLES / "broken"), "-o",
                                  str(tmp_path / "x.html"), "--no-charts", "--skip-invalid"])
    assert skipped.exit_code == 0, skipped.output
    assert (tmp_path / "x.html").exists()
