"""The bundled sample programmes are valid; the broken one reports exactly its documented faults."""

from __future__ import annotations

import re

import pytest

from stakeholder_map import CORE_SECTORS, load
from stakeholder_map.samples import SAMPLES_DIR, sample_programmes

SAMPLES = SAMPLES_DIR
PROGRAMMES = sample_programmes()


def test_there_are_five_programmes() -> None:
    assert PROGRAMMES == ["baltic_youth_impact", "kehila_metiva", "lt_culture_innovation",
                          "lt_social_leaders", "smolensk_volunteers"]


@pytest.mark.parametrize("name", PROGRAMMES)
def test_sample_is_valid_without_warnings(name: str) -> None:
    result = load(SAMPLES / name)
    assert result.problems == []
    smap = result.map
    assert smap is not None
    assert smap.programme.name and smap.programme.as_of and smap.backbone is not None
    assert smap.ties and smap.agreements and smap.forums


def test_samples_are_written_in_their_own_scripts() -> None:
    def names(programme: str) -> str:
        smap = load(SAMPLES / programme).map
        assert smap is not None
        return " ".join(a.name for a in smap.actors)

    assert re.search(r"[\u0590-\u05ff]", names("kehila_metiva"))          # Hebrew
    assert re.search(r"[\u0400-\u04ff]", names("smolensk_volunteers"))    # Cyrillic
    assert re.search(r"[ąčęėįšųūž]", names("lt_social_leaders"))          # Lithuanian
    assert re.search(r"[āēīūģķļņ]", names("baltic_youth_impact"))         # Latvian
    assert re.search(r"[ąčęėįšųūž]", names("lt_culture_innovation"))


def test_smolensk_has_no_academia_as_the_document_describes() -> None:
    smap = load(SAMPLES / "smolensk_volunteers").map
    assert smap is not None
    present = {a.sector for a in smap.actors}
    assert "academia" not in present
    assert set(CORE_SECTORS) - {"academia"} <= present


def test_social_leaders_has_ninety_ngos_in_regions() -> None:
    smap = load(SAMPLES / "lt_social_leaders").map
    assert smap is not None
    regional_ngos = [a for a in smap.actors if a.sector == "civil_society" and a.region]
    assert len(regional_ngos) >= 90


def _documented_problems() -> set[tuple[str, int, str]]:
    """Rows of the table in sample_data/broken/PROBLEMS.md, written by hand."""
    out = set()
    for line in (SAMPLES / "broken" / "PROBLEMS.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[1].isdigit():
            out.add((cells[0], int(cells[1]), cells[2]))
    return out


def test_broken_sample_reports_exactly_its_documented_problems() -> None:
    result = load(SAMPLES / "broken", strict=False)
    assert result.map is None
    documented = _documented_problems()
    assert len(documented) == 22
    found = set()
    for p in result.errors:
        assert p.row is not None and p.column is not None
        match = [d for d in documented if d[:2] == (p.sheet, p.row)
                 and p.column in re.split(r"[/ ()]+", d[2])]
        assert match, f"undocumented problem: {p}"
        found.update(match)
    assert found == documented
    assert len(result.errors) == len(documented)


def _gaps(name: str) -> dict[str, set[str]]:
    from stakeholder_map.analysis.gaps import find_gaps

    smap = load(SAMPLES / name).map
    assert smap is not None
    out: dict[str, set[str]] = {}
    for g in find_gaps(smap):
        out.setdefault(g.kind, set()).add(g.subject)
    return out


def test_smolensk_gaps_read_like_the_documents_worries() -> None:
    """001: academia absent; the working group lacks a sector; authorities passive;
    everything hangs on the coordinator (ANO "Radi Budushchego")."""
    gaps = _gaps("smolensk_volunteers")
    assert "academia" in gaps["missing_sector"]
    assert "sm-wg" in gaps["forum_sector_gap"]
    smap = load(SAMPLES / "smolensk_volunteers").map
    assert smap is not None
    public = {a.id for a in smap.actors if a.sector == "public"}
    assert len(gaps["passive_role_holder"] & public) >= 2
    assert smap.programme.backbone in gaps["single_point_of_failure"]


def test_kehila_metiva_gaps_follow_the_readiness_checklist() -> None:
    """004: passive municipal role-holders, burned actors, sensitive relationships,
    influencers by personality rather than role."""
    gaps = _gaps("kehila_metiva")
    assert "km-edu-head" in gaps["passive_role_holder"]
    assert len(gaps["burned"]) >= 3
    assert len(gaps["sensitive_relationship"]) >= 2
    assert len(gaps["informal_influencer_unengaged"]) >= 2


def test_culture_programme_shows_business_not_yet_involved() -> None:
    """003: the training's goal is to involve business — the map shows it is not there yet."""
    gaps = _gaps("lt_culture_innovation")
    business_pairs = {p for p in gaps.get("sector_pair_without_ties", set()) if "business" in p}
    assert "business" in gaps.get("missing_sector", set()) or business_pairs
