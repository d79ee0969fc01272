"""One error hierarchy: every mistake a user can make is a StakeholderMapError whose message
names the bad value and the fix, and the command line shows it without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from stakeholder_map import (
    ChartError,
    ExternalReference,
    PseudonymisationError,
    StakeholderMap,
    StakeholderMapError,
    UnknownGapKind,
    UnknownSample,
    UnsupportedFormat,
    find_gaps,
    load,
    pseudonymise,
    write_export,
    write_gaps,
    write_metrics,
)
from stakeholder_map.analysis.metrics import compute_metrics
from stakeholder_map.cli.main import main
from stakeholder_map.model import ActorKind
from stakeholder_map.outputs.pseudonymise import pseudonym
from stakeholder_map.samples import sample_path
from stakeholder_map.store.database import Store, StoreError

KEHILA = sample_path("kehila_metiva")


@pytest.fixture(scope="module")
def smap() -> StakeholderMap:
    result = load(KEHILA).map
    assert result is not None
    return result


@pytest.mark.parametrize("error", [ChartError, ExternalReference, PseudonymisationError,
                                   UnknownGapKind, UnknownSample, UnsupportedFormat, StoreError])
def test_every_domain_error_is_a_stakeholder_map_error(error: type[Exception]) -> None:
    assert issubclass(error, StakeholderMapError)


def test_an_unknown_gap_kind_is_named_with_the_closest_known_one(smap: StakeholderMap) -> None:
    with pytest.raises(UnknownGapKind) as caught:
        find_gaps(smap, kinds=["burned", "pasive_influential"])
    message = str(caught.value)
    assert "'pasive_influential'" in message
    assert "did you mean 'passive_influential'?" in message
    assert "'burned'" not in message.split("Known kinds:")[0]
    assert "Known kinds: actor_engagement_gap," in message


@pytest.mark.parametrize(("write", "name", "allowed"), [
    ("export", "net.dot", ".graphml, .gexf, .json, .xlsx"),
    ("metrics", "m.txt", ".xlsx, .json, .csv"),
    ("gaps", "g", ".csv, .json, .xlsx"),
])
def test_a_wrong_suffix_names_the_file_the_suffix_and_the_choices(
        smap: StakeholderMap, tmp_path: Path, write: str, name: str, allowed: str) -> None:
    metrics = compute_metrics(smap)
    target = tmp_path / name
    with pytest.raises(UnsupportedFormat) as caught:
        if write == "export":
            write_export(smap, target, metrics=metrics)
        elif write == "metrics":
            write_metrics(metrics, target)
        else:
            write_gaps(find_gaps(smap, metrics=metrics), target, smap)
    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert (Path(name).suffix or "a file without a suffix") in message
    assert message.endswith(f"choose a file ending in {allowed}")
    assert not target.exists()


def test_an_empty_pseudonymisation_key_says_where_a_key_comes_from(smap: StakeholderMap) -> None:
    with pytest.raises(PseudonymisationError, match=r"key is empty.*STAKEHOLDER_MAP_KEY"):
        pseudonymise(smap, "")
    with pytest.raises(PseudonymisationError, match=r"key is empty.*STAKEHOLDER_MAP_KEY"):
        pseudonym("km-mayor", ActorKind.PERSON, "")


def test_an_unknown_sample_lists_the_samples() -> None:
    with pytest.raises(UnknownSample) as caught:
        sample_path("kehila")
    assert str(caught.value).startswith("there is no sample programme 'kehila'; the samples are: ")
    assert "kehila_metiva" in str(caught.value)


def test_a_store_import_without_a_programme_name_says_how_to_give_one(
        smap: StakeholderMap) -> None:
    from dataclasses import replace

    store = Store("sqlite://")
    try:
        unnamed = replace(smap, programme=replace(smap.programme, name=""))
        with pytest.raises(StoreError, match="pass programme="):
            store.import_map(unnamed, source_name="")
        assert store.is_empty()
    finally:
        store.dispose()


@pytest.mark.parametrize(("args", "expected"), [
    (["export", str(KEHILA), "-o", "{tmp}/net.dot"],
     "net.dot: an export cannot be written as .dot; choose a file ending in .graphml"),
    (["metrics", str(KEHILA), "-o", "{tmp}/m.txt"],
     "m.txt: metrics cannot be written as .txt; choose a file ending in .xlsx, .json, .csv"),
    (["gaps", str(KEHILA), "-o", "{tmp}/g.pdf"],
     "g.pdf: gaps cannot be written as .pdf; choose a file ending in .csv, .json, .xlsx"),
    (["report", str(KEHILA), "-o", "{tmp}/pack.pdf"],
     "pack.pdf: the readiness pack cannot be written as .pdf; choose a file ending in .html"),
    (["html", str(KEHILA), "-o", "{tmp}/map"],
     "map: the standalone map cannot be written as a file without a suffix; choose a file"),
    (["compare", str(KEHILA), str(KEHILA), "-o", "{tmp}/c.csv"],
     "c.csv: a comparison cannot be written as .csv; choose a file ending in .xlsx, .json"),
])
def test_the_command_line_shows_the_message_not_a_traceback(
        tmp_path: Path, args: list[str], expected: str) -> None:
    result = CliRunner().invoke(main, [a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2  # refused before any work, as a usage error
    assert expected in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
