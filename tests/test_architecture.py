"""The tree keeps the shape it promises: no import cycles, the library never imports the
dashboard, and the dashboard uses no private Dash API.

Imports are read from the source with :mod:`ast` — module-level and function-level alike
(a cycle hidden behind a function-level import is still a cycle a reader has to untangle);
only imports under ``if TYPE_CHECKING:`` are left out, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("stakeholder_map", "dashboards")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")
            if "migrations" not in p.parts}


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules that ``name`` imports (resolving relative imports and submodules)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m in known and m != name}


def import_graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        graph.add_edges_from((name, target) for target in _imports(name, path, set(modules)))
    return graph


def test_the_import_graph_is_read_correctly() -> None:
    graph = import_graph()
    # spot checks that the reader sees absolute, relative and function-level imports
    assert graph.has_edge("stakeholder_map.analysis.gaps", "stakeholder_map.analysis.paths")
    assert graph.has_edge("dashboards.pages.map", "dashboards.ids")          # from .. import ids
    assert graph.has_edge("stakeholder_map.cli.main", "stakeholder_map.workbook.synth")  # lazy


def test_there_is_no_import_cycle() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert cycles == []


@pytest.mark.parametrize("forbidden", ["dashboards", "dash", "flask", "dash_cytoscape",
                                       "dash_ag_grid"])
def test_the_library_never_imports_the_dashboard(forbidden: str) -> None:
    offenders = []
    for path in (ROOT / "stakeholder_map").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                     else [])
            if any(n == forbidden or n.startswith(forbidden + ".") for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_the_dashboard_uses_no_private_dash_api() -> None:
    offenders = []
    for path in (ROOT / "dashboards").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dash"):
                offenders += [f"{path.name}: {node.module}.{a.name}" for a in node.names
                              if a.name.startswith("_")]
            if isinstance(node, ast.ImportFrom) and "._" in (node.module or ""):
                offenders.append(f"{path.name}: {node.module}")
            if isinstance(node, ast.Attribute) and node.attr in (
                    "GLOBAL_CALLBACK_MAP", "GLOBAL_CALLBACK_LIST", "_callback_list"):
                offenders.append(f"{path.name}:{node.lineno} {node.attr}")
    assert offenders == []


def test_two_apps_in_one_process_each_get_every_callback() -> None:
    """What the private-API workaround was for: a second app must not come up empty."""
    pytest.importorskip("dash")
    from dashboards.app import create_app
    from dashboards.callbacks import callback

    first = create_app("sqlite://", samples=None)
    second = create_app("sqlite://", samples=None)
    assert len(callback) >= 20
    assert len(first.callback_map) == len(second.callback_map) == len(callback)


def test_the_public_api_is_re_exported_explicitly() -> None:
    import stakeholder_map

    source = (ROOT / "stakeholder_map" / "__init__.py").read_text(encoding="utf-8")
    assert "import *" not in source
    for name in stakeholder_map.__all__:
        assert hasattr(stakeholder_map, name), name
