"""The documentation in docs/ keeps up with the code it describes.

Each test takes the names from the code itself — the commands and options the CLI
registers, the gap kinds, the columns ``compute_metrics`` really produces on a
sample, the sheets and columns the workbook reader accepts, the notes-table rows —
and checks that the page a user reads documents every one of them. Then the site
is built with ``mkdocs build --strict`` (no broken link or anchor).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import click
import pytest

from stakeholder_map.analysis.conventions import conventions_for
from stakeholder_map.analysis.gaps import GAP_KINDS
from stakeholder_map.analysis.metrics import compute_metrics
from stakeholder_map.cli.main import main
from stakeholder_map.model import (
    DEFAULT_SECTORS,
    ActorKind,
    AgreementStatus,
    Engagement,
    ForumRole,
    TieType,
)
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.workbook.read import SHEETS
from stakeholder_map.workbook.sheets import COLUMNS, REQUIRED
from stakeholder_map.workbook.validate import load

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@cache
def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def section(text: str, title: str) -> str:
    """The Markdown under the first heading whose text starts with ``title`` (any level),
    up to the next heading of the same or a higher level."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"(#+)\s+(.*)", line)
        if match and match.group(2).strip().startswith(title):
            level = len(match.group(1))
            end = next((j for j in range(i + 1, len(lines))
                        if (m := re.match(r"(#+)\s", lines[j])) and len(m.group(1)) <= level),
                       len(lines))
            return "\n".join(lines[i:end])
    raise AssertionError(f"no heading starting with {title!r}")


def mentioned(name: str, text: str) -> bool:
    """``name`` appears as a word in code (a code span or a fenced block) or as a heading."""
    if re.search(rf"^#+\s+{re.escape(name)}\s*$", text, re.M):
        return True
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.M | re.S)
    code = [*fenced, *re.findall(r"`([^`\n]+)`", prose)]
    word = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    return any(word.search(part) for part in code)


def squash(text: str) -> str:
    return " ".join(text.split())


# --- command line --------------------------------------------------------------------------


def test_every_command_and_option_is_in_cli_page() -> None:
    text = page("cli.md")
    commands = main.commands
    assert "dashboard" in commands, "the dashboard command is not registered (dashboard extra?)"
    missing = []
    for name, command in sorted(commands.items()):
        body = section(text, name)
        assert re.match(rf"##\s+{name}\s*$", body.splitlines()[0]), f"cli.md: ## {name}"
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            for opt in (*param.opts, *param.secondary_opts):
                if opt in ("-h", "--help"):
                    continue
                if not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", body):
                    missing.append(f"{name} {opt}")
    assert not missing, f"options not documented in their section of docs/cli.md: {missing}"


def test_every_option_of_the_group_itself_is_in_cli_page() -> None:
    """The options given before the command (the ``--max-*`` limits) and their variables."""
    body = section(page("cli.md"), "Limits")
    missing = []
    for param in main.params:
        if not isinstance(param, click.Option) or param.name in ("version", "help"):
            continue
        for word in (*param.opts, param.envvar):
            if not isinstance(word, str) or not re.search(
                    rf"(?<![\w-]){re.escape(word)}(?![\w-])", body):
                missing.append(f"{param.name}: {word}")
    assert len(main.params) > 2 and not missing, f"docs/cli.md ## Limits lacks {missing}"


def test_cli_page_states_exit_codes() -> None:
    body = section(page("cli.md"), "Exit codes")
    for code in ("0", "1", "2"):
        assert re.search(rf"^\|\s*{code}\s*\|", body, re.M), f"exit code {code}"


# --- gaps -------------------------------------------------------------------------------------


def test_every_gap_kind_has_a_section() -> None:
    text = page("gaps.md")
    headings = set(re.findall(r"^###\s+(\S+)\s*$", text, re.M))
    missing = [k for k in GAP_KINDS if k not in headings]
    assert not missing, f"gap kinds without a ### section in docs/gaps.md: {missing}"
    for kind in GAP_KINDS:
        body = section(text, kind)
        for part in ("**Fires**", "**Severity**", "**Evidence**", "**Suggestion**"):
            assert part in body, f"{kind}: {part}"


def test_gaps_page_documents_every_record_field_and_export_column() -> None:
    from stakeholder_map.analysis.gaps import Gap
    from stakeholder_map.outputs.tables import gaps_frame

    smap = load(SAMPLES_DIR / "smolensk_volunteers").map
    assert smap is not None
    text = page("gaps.md")
    fields = list(Gap.__dataclass_fields__)
    columns = list(gaps_frame([], smap).columns)
    assert "subject_name" in columns and "introducer_name" in columns
    for name in (*fields, *columns):
        assert mentioned(name, section(text, "The Gap record")), name
    assert "will not be renamed" in squash(text)


# --- methods ----------------------------------------------------------------------------------


def test_every_real_metrics_column_is_in_methods_page() -> None:
    smap = load(SAMPLES_DIR / "kehila_metiva").map
    assert smap is not None
    result = compute_metrics(smap)
    text = page("methods.md")
    columns = [*result.actors.columns, *result.network, *result.sectors.reset_index().columns]
    missing = [c for c in columns if not mentioned(str(c), text)]
    assert not missing, f"columns compute_metrics produces but docs/methods.md does not name: " \
                        f"{missing}"


def test_methods_page_quotes_the_notes_table_word_for_word() -> None:
    """Where the page and the exported notes table say the same thing, they say it alike."""
    text = squash(page("methods.md"))
    missing = []
    variants = (conventions_for(), conventions_for(weighted=True),
                conventions_for(sampled=True, sample_size=500))
    for rows in variants:
        for row in rows:
            head, _, run = row.definition.partition(" This export:")
            parts = [row.view, head, row.normalisation, row.compare_with]
            if run:
                parts.append("This export:" + run)
            missing += [f"{row.table}/{row.measure}: {p[:60]}…" for p in parts
                        if squash(p) not in text]
    assert not missing, "docs/methods.md differs from conventions.py:\n" + "\n".join(
        dict.fromkeys(missing))


def test_methods_page_states_the_conventions_an_evaluator_must_know() -> None:
    body = squash(section(page("methods.md"), "Conventions an evaluator must know"))
    for phrase in ("Closeness on a map in pieces", "Eigenvector centrality",
                   "fewer than two ties is 0", "Reciprocity", "ordered pairs",
                   "Betweenness is normalised", "counts current tie rows of every type",
                   "Average path length", "unweighted by default", "Sampling above 20,000"):
        assert phrase in body, phrase


# --- workbook ---------------------------------------------------------------------------------


def test_every_sheet_and_column_is_in_workbook_page() -> None:
    text = page("workbook.md")
    assert set(COLUMNS) == set(SHEETS)
    missing = []
    for sheet, columns in COLUMNS.items():
        body = section(text, sheet)
        for column in columns:
            if not mentioned(column, body):
                missing.append(f"{sheet}.{column}")
        for column in REQUIRED[sheet]:
            if not re.search(rf"`{column}`\s*\|\s*\*\*yes\*\*|\*\*`{column}`\*\*", body):
                missing.append(f"{sheet}.{column} (not marked required)")
    assert not missing, f"docs/workbook.md misses: {missing}"


def test_every_allowed_value_is_in_workbook_page() -> None:
    text = page("workbook.md")
    values = [e.label for e in Engagement]
    values += [k.value for k in ActorKind] + [t.value for t in TieType]
    values += [s.value for s in AgreementStatus] + [r.value for r in ForumRole]
    for sector in DEFAULT_SECTORS:
        values += [sector.id, *sector.aliases]
    missing = [v for v in values if not mentioned(v, text)]
    assert not missing, f"values the reader accepts but docs/workbook.md does not list: {missing}"


# --- the whole tree ---------------------------------------------------------------------------

_OUTSIDE = ("../" + "shared", "DESIGN" + ".md", "DESIGN" + " §")
"""References to files a user of the project never has (spelt so this file does not match)."""


def test_no_file_points_outside_the_project() -> None:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: no list of the project's files")
    listed = subprocess.run([git, "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                            cwd=ROOT, capture_output=True, check=True).stdout
    offenders = []
    for rel in filter(None, listed.decode("utf-8").split("\0")):
        path = ROOT / rel
        if not path.is_file() or rel.startswith((".venv/", ".git/")):
            continue
        try:
            content = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(content.splitlines(), start=1):
            if any(marker in line for marker in _OUTSIDE):
                offenders.append(f"{rel}:{number}: {line.strip()[:80]}")
    assert not offenders, ("point to the docs/ pages instead of the design notes:\n"
                           + "\n".join(offenders))


def _mkdocs() -> list[str] | None:
    beside = Path(sys.executable).parent / "mkdocs"
    if beside.exists():
        return [str(beside)]
    if importlib.util.find_spec("mkdocs") is not None:
        return [sys.executable, "-m", "mkdocs"]
    return None


def test_site_builds_strict(tmp_path: Path) -> None:
    command = _mkdocs()
    if command is None:
        pytest.skip("mkdocs is not installed (pip install 'stakeholder-map[docs]')")
    done = subprocess.run([*command, "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("index", "workbook", "methods", "gaps", "cli", "outputs", "dashboard",
                 "deployment"):
        built = tmp_path / "site" / ("index.html" if name == "index" else f"{name}/index.html")
        assert built.is_file(), name
