"""Every number written to JSON is finite: an undefined measure is ``null`` with a note why.

Issue 10: ``metrics``/``export -o x.json`` on a sampled map whose largest component is
small failed with "Out of range float values are not JSON compliant: inf". Strict JSON
has no NaN or Infinity (RFC 8259), so each file here is parsed with a parser that
refuses them, on maps where measures are undefined: one actor, no ties, two separate
pieces, only isolates (sampled, as in the report), and only tension ties.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stakeholder_map import load
from stakeholder_map.analysis.metrics import compute_metrics
from stakeholder_map.analysis.thresholds import Thresholds
from stakeholder_map.cli.main import main
from stakeholder_map.outputs.tables import json_safe

from .conftest import write_csv_folder

Rows = list[dict[str, str]]
PROGRAMME = [{"key": "name", "value": "Edge cases"}, {"key": "backbone", "value": "a000"},
             {"key": "as_of", "value": "2025-06-30"}]


def strict(text: str) -> Any:
    """``json.loads`` that refuses ``NaN``, ``Infinity`` and ``-Infinity``."""
    def refuse(constant: str) -> None:
        raise ValueError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def actors(n: int, sector: str = "civil_society") -> Rows:
    return [{"id": f"a{i:03d}", "name": f"Actor {i}", "sector": sector, "engagement": "active"}
            for i in range(n)]


def collab(*pairs: tuple[int, int], kind: str = "collaboration") -> Rows:
    return [{"source": f"a{u:03d}", "target": f"a{v:03d}", "type": kind} for u, v in pairs]


MAPS: dict[str, Callable[[], dict[str, Rows]]] = {
    "one actor": lambda: {"actors": actors(1), "programme": PROGRAMME},
    "no ties": lambda: {"actors": actors(4), "programme": PROGRAMME},
    "two pieces": lambda: {"actors": actors(4), "ties": collab((0, 1), (2, 3)),
                           "programme": PROGRAMME},
    "isolates only, sampled": lambda: {"actors": actors(30), "programme": PROGRAMME},
    "tension ties only": lambda: {"actors": actors(3), "ties": collab((0, 1), (1, 2),
                                                                        kind="tension"),
                                  "programme": PROGRAMME},
}

SAMPLED = {"isolates only, sampled": ["--sample-above", "0"]}


@pytest.fixture(params=list(MAPS))
def book(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    name: str = request.param
    return name, write_csv_folder(tmp_path / "book", MAPS[name]())


def run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_metrics_json_is_strict_and_says_why_each_null_is_there(book: tuple[str, Path],
                                                               tmp_path: Path) -> None:
    name, path = book
    target = tmp_path / "m.json"
    run("metrics", str(path), "-o", str(target), *SAMPLED.get(name, []))
    data = strict(target.read_text(encoding="utf-8"))
    # no two actors are connected on any of these maps except the two pieces (1 step each)
    apl = data["network"]["average_path_length"]
    assert apl == (1.0 if name == "two pieces" else None)
    assert data["network"]["reciprocity"] is None  # no influence tie on any of them
    warnings = " | ".join(data["warnings"])
    assert "network reciprocity is null: there are no influence ties" in warnings
    if apl is None:
        assert ("network average_path_length is null: no two actors are connected" in warnings)
    # isolates have no effective size or constraint: every null actor cell is explained
    isolates = sum(1 for a in data["actors"] if a["degree"] == 0)
    assert sum(a["effective_size"] is None for a in data["actors"]) == isolates
    if isolates:
        assert (f"actors effective_size is null for {isolates} of {len(data['actors'])} actors"
                in warnings)
    for table in ("actors", "sectors"):
        for row in data[table]:
            for column, value in row.items():
                if value is None:
                    assert f"{table} {column} is null" in warnings, (table, column)


def test_export_gaps_and_compare_json_are_strict(book: tuple[str, Path], tmp_path: Path) -> None:
    name, path = book
    extra = SAMPLED.get(name, [])
    run("export", str(path), "-o", str(tmp_path / "x.json"), *extra)
    export = strict((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert export["metrics"]["network"]["reciprocity"] is None
    assert "network reciprocity is null" in " ".join(export["metrics"]["warnings"])
    run("gaps", str(path), "-o", str(tmp_path / "g.json"), *extra)
    gaps = strict((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert any(g["kind"] == "isolate" for g in gaps) == (name != "two pieces")
    run("compare", str(path), str(path), "-o", str(tmp_path / "c.json"), *extra)
    comparison = strict((tmp_path / "c.json").read_text(encoding="utf-8"))
    rows = {m["metric"]: m for m in comparison["network"]}
    assert rows["reciprocity"] == {"metric": "reciprocity", "before": None, "after": None,
                                   "delta": None}
    assert ("network reciprocity before is null: undefined in the baseline, there are no "
            "influence ties") in comparison["notes"]


def test_the_dashboards_json_download_is_strict(book: tuple[str, Path]) -> None:
    from dashboards.pages.metrics import metrics_file

    name, path = book
    smap = load(path).map
    assert smap is not None
    sample_above = 0 if name in SAMPLED else 20_000
    metrics = compute_metrics(smap, thresholds=Thresholds(sample_above=sample_above))
    data = strict(metrics_file(metrics, "json").decode("utf-8"))
    assert data["network"]["reciprocity"] is None
    assert "network reciprocity is null: there are no influence ties" in data["warnings"]


def test_infinity_becomes_null() -> None:
    """Not only NaN: an infinite value (the sampled average path length of issue 10) too."""
    data = {"a": math.inf, "b": [-math.inf, 1.5], "c": {"d": math.nan}}
    assert json_safe(data) == {"a": None, "b": [None, 1.5], "c": {"d": None}}
    strict(json.dumps(json_safe(data), allow_nan=False))


def test_assortativity_says_one_sector_when_there_are_ties(tmp_path: Path) -> None:
    """Ties, all inside one sector: the E-I index is -1, assortativity undefined for that."""
    path = write_csv_folder(tmp_path / "book", {"actors": actors(3), "ties": collab((0, 1)),
                                                "programme": PROGRAMME})
    target = tmp_path / "m.json"
    run("metrics", str(path), "-o", str(target))
    data = strict(target.read_text(encoding="utf-8"))
    assert data["network"]["ei_index"] == -1.0
    assert data["network"]["sector_assortativity"] is None
    assert ("network sector_assortativity is null: every collaboration tie joins two actors "
            "of one and the same sector, so there is no mix to compare with") in data["warnings"]
