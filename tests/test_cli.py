"""The command line, driven through click's runner: exact messages and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click
from click.testing import CliRunner

from stakeholder_map.cli.main import main

Sheets = dict[str, list[dict[str, str]]]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_valid_prints_summary(make_book: Callable[..., Path],
                                       base_sheets: Sheets) -> None:
    code, out, _ = run("validate", str(make_book(base_sheets)))
    assert code == 0
    assert "programme: Test" in out
    assert "actors: 4" in out and "civil_society   1" in out
    assert "ties: 3" in out and "collaboration   1" in out
    assert "agreements: 1" in out and "forums: 1" in out
    assert out.rstrip().endswith("valid")


def test_validate_invalid_prints_every_problem_and_exits_1(
        make_book: Callable[..., Path], base_sheets: Sheets) -> None:
    base_sheets["actors"][2]["sector"] = "busines"
    base_sheets["ties"][1]["target"] = "ghost"
    code, out, err = run("validate", str(make_book(base_sheets)))
    assert code == 1
    assert "2 error(s), 0 warning(s)" in out
    lines = out.splitlines()
    assert any(line.split()[:5] == ["error", "actors", "4", "sector", "busines"]
               for line in lines)
    assert any(line.split()[:5] == ["error", "ties", "3", "target", "ghost"] for line in lines)
    assert "did you mean 'business'?" in out
    assert "invalid" in err
    assert "Traceback" not in out + err


def test_validate_json(make_book: Callable[..., Path], base_sheets: Sheets) -> None:
    base_sheets["actors"][1]["name"] = "Ярцево"
    code, out, _ = run("validate", str(make_book(base_sheets)), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["valid"] is True
    assert data["summary"]["actors_per_sector"]["public"] == 1
    base_sheets["ties"][0]["weight"] = "9"
    code, out, _ = run("validate", str(make_book(base_sheets)), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False and data["summary"] is None
    [problem] = data["problems"]
    assert problem == {"sheet": "ties", "row": 2, "column": "weight", "value": "9",
                       "message": "number out of range",
                       "expected": "a number from 1 to 5", "suggestion": "",
                       "severity": "error"}


def test_unreadable_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"this is not excel")
    code, out, err = run("validate", str(path))
    assert code == 1
    assert "not a readable .xlsx workbook" in err
    assert "Traceback" not in out + err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", str(tmp_path / "missing"))[0] == 2
    assert run("validate")[0] == 2
    assert run("no-such-command")[0] == 2
    assert run("validate", str(tmp_path), "--format", "yaml")[0] == 2


def test_every_command_has_help_with_an_example() -> None:
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        code, out, _ = run(name, "--help")
        assert code == 0, name
        assert "Example:" in out and f"stakeholder-map {name}" in out, name
        assert command.help


def test_module_entry_point_runs() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "stakeholder_map", "--help"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "validate" in proc.stdout
