"""Every sample programme, pseudonymised, names nobody in any output — gap texts included.

For each sample programme and each way of sharing (people; every actor; people keeping the
sensitive facts), the map is pseudonymised and written in every format a share can take:
CSV, JSON and xlsx tables of metrics and gaps, the GraphML, GEXF, JSON and xlsx exports,
the standalone map, the readiness pack and the terminal tables of ``gaps`` and ``metrics``.
Each is searched for what the policy (the table in
:mod:`stakeholder_map.outputs.pseudonymise`) does not let out: a subject's id, name, role,
region and tags, a person's responsibility, every note, every agreement and forum id,
title and name, the programme's name and every value of the user's own columns. Every gap
is also checked on its own — subject, suggestion and evidence — and every gap kind must
occur at least once, so no kind's text goes unchecked.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from stakeholder_map import load
from stakeholder_map.analysis.gaps import GAP_KINDS, Gap, find_gaps
from stakeholder_map.analysis.metrics import compute_metrics
from stakeholder_map.analysis.thresholds import Thresholds
from stakeholder_map.cli.main import main
from stakeholder_map.model import ActorKind, StakeholderMap
from stakeholder_map.outputs.graph_files import write_export
from stakeholder_map.outputs.pseudonymise import AGREEMENT_KINDS, FORUM_KINDS, pseudonymise
from stakeholder_map.outputs.report.pack import build_readiness_pack
from stakeholder_map.outputs.standalone_map import standalone_map
from stakeholder_map.outputs.tables import write_gaps, write_metrics
from stakeholder_map.workbook.cells import token

from .test_samples import PROGRAMMES, SAMPLES

KEY = "a private key nobody guesses"
SHARES = {"people": ("--pseudonymise",), "everyone": ("--pseudonymise-all",),
          "people-sensitive": ("--pseudonymise", "--keep-sensitive")}
"""Each way of sharing, as command-line flags."""
TOOL_WORDS = frozenset({"backbone"})
"""Words every output writes of itself (``distance_to_backbone``, "the backbone can
approach them directly"), which a sample also uses as the backbone organisation's role."""
ALL_GAPS = Thresholds(over_centralised=0.0)
"""Default thresholds, except that any backbone counts as over-centralised: the samples
have none that is, and that gap's text must be checked too."""


@cache
def original(programme: str) -> StakeholderMap:
    smap = load(SAMPLES / programme).map
    assert smap is not None
    return smap


def secrets(smap: StakeholderMap, everyone: bool) -> set[str]:
    """What must not leave, less what the policy lets out of other fields (an organisation's
    role may spell a forum's name, a forum's kind may be a known kind such as "Working
    group" and also a forum's name)."""
    subjects = {a.id for a in smap.actors if everyone or a.kind is ActorKind.PERSON}
    hidden: list[str] = [smap.programme.name, *smap.programme.extra.values()]
    kept: list[str] = [smap.programme.wave]
    for a in smap.actors:
        text = [a.id, a.name, a.role, a.region, *a.tags]
        if a.id in subjects:
            hidden += text
        else:
            kept += text
        hidden += [a.notes, *a.extra.values()]
    for t in smap.ties:
        hidden += [t.notes, *t.extra.values()]
    for g in smap.agreements:
        hidden += [g.id, g.title, *g.extra.values()]
        kept += [g.kind] if token(g.kind) in AGREEMENT_KINDS else []
        for p in g.parties:
            if p.actor in subjects:
                hidden.append(p.responsibility)
            else:
                kept.append(p.responsibility)
            hidden += p.extra.values()
    for f in smap.forums:
        hidden += [f.id, f.name, *f.extra.values()]
        hidden += [v for m in f.members for v in m.extra.values()]
        kept += [f.kind] if token(f.kind) in FORUM_KINDS else []
    for s in smap.sectors:
        kept += [s.id, s.name, *s.aliases]
    candidates = {s for s in hidden if len(s) >= 3 and s.lower() not in TOOL_WORDS}
    return candidates - set(found_in("\n".join(kept), candidates))


def found_in(text: str, secret_set: set[str]) -> list[str]:
    """The secrets ``text`` holds as whole words (case ignored, as the scrubber does)."""
    folded = text.lower()
    return sorted(s for s in secret_set if s.lower() in folded and re.search(
        r"(?<![^\W_])" + re.escape(s.lower()) + r"(?![^\W_])", folded))


def readable(path: Path) -> str:
    """A file's text: every part of an xlsx; JSON also with its escapes decoded."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8") for n in z.namelist())
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def shared_texts(programme: str, share: str, tmp: Path) -> Iterator[tuple[str, str]]:
    """Every output of one share of one sample, as (what, text)."""
    flags = SHARES[share]
    smap = pseudonymise(original(programme), KEY, everyone="--pseudonymise-all" in flags,
                        keep_sensitive="--keep-sensitive" in flags)
    metrics = compute_metrics(smap)
    gaps = find_gaps(smap, metrics=metrics, thresholds=ALL_GAPS)
    files = [write_export(smap, tmp / f"e{suffix}", metrics=metrics, gaps=gaps)
             for suffix in (".graphml", ".gexf", ".json", ".xlsx")]
    for suffix in (".xlsx", ".json", ".csv"):
        files += write_metrics(metrics, tmp / f"m{suffix}")
        write_gaps(gaps, tmp / f"g{suffix}", smap)
        files.append(tmp / f"g{suffix}")
    for path in files:
        yield path.name, readable(path)
    yield "standalone map", standalone_map(smap, metrics=metrics)
    yield "readiness pack", build_readiness_pack(smap, images=False).html
    for command in ("gaps", "metrics"):
        result = CliRunner().invoke(main, [command, str(SAMPLES / programme), *flags,
                                           "--key", KEY], env={"STAKEHOLDER_MAP_KEY": ""})
        assert result.exit_code == 0, result.output
        yield f"{command} (terminal)", result.stdout + result.stderr
    for gap in gaps:
        yield f"gap {gap.kind}", gap_text(gap)


def gap_text(gap: Gap) -> str:
    return "\n".join([gap.subject, gap.suggestion, gap.introducer,
                      json.dumps(gap.evidence, ensure_ascii=False)])


@pytest.mark.parametrize("share", list(SHARES))
@pytest.mark.parametrize("programme", PROGRAMMES)
def test_no_output_of_a_shared_sample_holds_a_secret(programme: str, share: str,
                                                      tmp_path: Path) -> None:
    hidden = secrets(original(programme), everyone=share == "everyone")
    assert len(hidden) >= 20   # every sample has names, notes, titles to hide
    leaked = {}
    outputs = 0
    for what, text in shared_texts(programme, share, tmp_path):
        outputs += 1
        hits = found_in(text, hidden)
        if hits:
            leaked[what] = hits[:5]
    assert outputs > 20
    assert leaked == {}


def test_every_gap_kind_is_among_the_checked_gaps() -> None:
    """The shares above hold every kind of gap, so no kind's text goes unchecked."""
    seen: set[str] = set()
    for programme in PROGRAMMES:
        for flags in SHARES.values():
            smap = pseudonymise(original(programme), KEY, everyone="--pseudonymise-all" in flags,
                                keep_sensitive="--keep-sensitive" in flags)
            seen.update(g.kind for g in find_gaps(smap, thresholds=ALL_GAPS))
    assert set(GAP_KINDS) == seen


def test_the_search_finds_a_secret_as_a_word_in_any_case() -> None:
    assert found_in("Ask DANA LEVI, then dana levi's desk", {"Dana Levi"}) == ["Dana Levi"]
    assert found_in("Danalevi street", {"Dana Levi", "Danalevi"}) == ["Danalevi"]
    assert found_in("km-mayor2 and xkm-mayor", {"km-mayor"}) == []


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_banded_ratings_classify_every_actor_as_the_exact_ones_do(programme: str) -> None:
    """Who is influential (influence ≥ 3) decides targets and three gap kinds: banding must
    change none of them. The informal-influencer gap compares two ratings: banding can only
    take an actor out of it (both ratings in one band), never put one in."""
    exact = pseudonymise(original(programme), KEY, everyone=True, keep_sensitive=True)
    banded = pseudonymise(original(programme), KEY, everyone=True)
    assert [a.formal_influence for a in banded.actors] != [
        a.formal_influence for a in exact.actors]

    def classified(smap: StakeholderMap) -> dict[str, set[tuple[str, str]]]:
        out: dict[str, set[tuple[str, str]]] = {}
        for g in find_gaps(smap):
            detail = str(g.evidence.get("target", "")) if g.kind == "actor_engagement_gap" else ""
            out.setdefault(g.kind, set()).add((g.subject, detail))
        return out

    before, after = classified(exact), classified(banded)
    for kind in ("actor_engagement_gap", "passive_influential", "resistant_influential",
                 "passive_role_holder"):
        assert after.get(kind) == before.get(kind), kind
    assert after.get("informal_influencer_unengaged", set()) <= before.get(
        "informal_influencer_unengaged", set())
