"""Every HTML file the tool writes escapes every user string, and only one module escapes.

The readiness pack, the wave comparison and the standalone map are all
rendered from autoescaped Jinja2 templates (``stakeholder_map/outputs/html.py``).
Here a map whose every free-text field carries script-like text goes through
each of them, and the package source is searched for hand-made escaping.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import StrictUndefined
from markupsafe import escape

from stakeholder_map.model import (
    DEFAULT_SECTORS,
    Actor,
    Agreement,
    AgreementParty,
    Engagement,
    Forum,
    ForumMember,
    ForumRole,
    Programme,
    Sector,
    StakeholderMap,
    Tie,
    TieType,
)
from stakeholder_map.outputs.comparison_html import comparison_html
from stakeholder_map.outputs.html import ENV, render_string
from stakeholder_map.outputs.report.pack import readiness_pack
from stakeholder_map.outputs.standalone_map import standalone_map
from stakeholder_map.waves.compare import compare

PACKAGE = Path(__file__).resolve().parent.parent / "stakeholder_map"
IMG = "<img src=x onerror=alert(1)>"
BREAKOUT = '"><script>alert(1)</script>'
PAYLOADS = (IMG, BREAKOUT)


def hostile_map(payload: str) -> tuple[StakeholderMap, dict[str, str]]:
    """A small map whose every free-text field is ``payload`` plus the field's name."""
    v = {f: f"{payload} {f}" for f in (
        "programme", "wave", "sector id", "sector name", "backbone", "backbone role",
        "actor", "actor role", "actor notes", "informal", "role holder", "tension notes",
        "agreement title", "agreement kind", "forum", "forum kind")}
    sectors = (*DEFAULT_SECTORS, Sector(v["sector id"], v["sector name"]))
    actors = (
        Actor("bb", v["backbone"], "civil_society", role=v["backbone role"],
              engagement=Engagement.LEADING, formal_influence=4),
        Actor("a1", v["actor"], "business", role=v["actor role"], notes=v["actor notes"],
              burned=True, engagement=Engagement.RESISTANT, formal_influence=5),
        Actor("a2", v["informal"], v["sector id"], engagement=Engagement.PASSIVE,
              formal_influence=1, informal_influence=4),
        Actor("a3", v["role holder"], "public", engagement=Engagement.PASSIVE,
              formal_influence=4),
    )
    ties = (Tie("bb", "a1", TieType.TENSION, notes=v["tension notes"]),
            Tie("bb", "a2", TieType.COLLABORATION), Tie("a2", "a3", TieType.COLLABORATION),
            Tie("a1", "a3", TieType.COLLABORATION))
    agreements = (Agreement("mou", v["agreement title"], v["agreement kind"],
                            signed=dt.date(2024, 1, 1), expires=dt.date(2025, 7, 15),
                            parties=(AgreementParty("bb", "coordination"),
                                     AgreementParty("a1"))),)
    forums = (Forum("wg", v["forum"], v["forum kind"], required_sectors=("public", "business"),
                    members=(ForumMember("bb", ForumRole.CHAIR), ForumMember("a2"))),)
    programme = Programme(v["programme"], backbone="bb", as_of=dt.date(2025, 6, 30),
                          wave=v["wave"])
    return StakeholderMap(actors, ties, agreements, forums, programme, sectors), v


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """The elements of ``page`` as a browser's tokenizer sees them."""
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser.tags


def dangerous(page: str) -> list[str]:
    """Elements or attributes that could run script or fetch; inline scripts listed apart."""
    bad = []
    for tag, attrs in tags(page):
        if tag in ("img", "iframe", "object", "embed", "link", "base", "foreignobject"):
            bad.append(tag)
        bad += [f"{tag} {name}" for name in attrs if name.startswith("on")]
        bad += [f"{tag} {name}={value}" for name, value in attrs.items()
                if name in ("src", "href", "xlink:href", "action")
                and not (value or "").startswith(("data:", "#"))]
    return bad


def as_json_text(value: str) -> str:
    """``value`` as it must appear inside a JSON string embedded in a ``<script>``."""
    text = json.dumps(value)[1:-1]
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, code)
    return text


# --- the three documents --------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_readiness_pack_escapes_every_user_field(payload: str) -> None:
    smap, v = hostile_map(payload)
    page = readiness_pack(smap, images=False)
    assert payload not in page
    assert dangerous(page) == []
    assert [t for t, _ in tags(page) if t == "script"] == []
    missing = [field for field, value in v.items()
               if field != "sector id" and str(escape(value)) not in page]
    assert missing == []  # every field is shown (the sector by its name), and escaped
    assert f"<title>Readiness pack — {escape(v['programme'])}</title>" in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_standalone_map_escapes_every_user_field_subtitle_too(payload: str) -> None:
    smap, v = hostile_map(payload)
    page = standalone_map(smap)
    assert payload not in page
    assert dangerous(page) == []
    scripts = [attrs for tag, attrs in tags(page) if tag == "script"]
    assert len(scripts) == 3 and not any(scripts)       # vis-network, the data, ours: inline
    assert (f'<span class="sm-sub">wave <span dir="auto">{escape(v["wave"])}</span> · '
            "as of 2025-06-30 · 4 actors, 4 ties</span>") in page  # the wave's name isolated
    assert f"<h1 dir=\"auto\">{escape(v['programme'])}</h1>" in page
    assert f"<title>{escape(v['programme'])}</title>" in page
    assert (f'<option value="{escape(v["sector id"])}">\u2068{escape(v["sector name"])}\u2069 (1)'
            in page)
    for field in ("actor", "actor role", "backbone", "sector name"):  # node data and tooltips
        assert as_json_text(v[field]) in page, field


def test_standalone_map_json_escapes_line_separators() -> None:
    """U+2028/2029 end a line in old JavaScript: inside the script they must be escapes."""
    smap = StakeholderMap((Actor("a", "one\u2028two\u2029</script>", "public"),))
    page = standalone_map(smap)
    assert "\u2028" not in page and "\u2029" not in page
    assert "one\\u2028two\\u2029\\u003c/script\\u003e" in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comparison_escapes_every_user_field(payload: str) -> None:
    after, v = hostile_map(payload)
    before = StakeholderMap(after.actors[:2], after.ties[:1], programme=after.programme,
                            sectors=after.sectors)
    page = comparison_html(compare(before, after))
    assert payload not in page
    assert dangerous(page) == []
    assert [t for t, _ in tags(page) if t == "script"] == []
    assert "Content-Security-Policy" in page
    for field in ("programme", "wave", "informal", "role holder", "sector id"):
        assert str(escape(v[field])) in page, field


# --- one place escapes --------------------------------------------------------------------


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def relative(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


THE_ENVIRONMENT = "stakeholder_map/outputs/html.py"
PLOTLY_MARKUP = {("stakeholder_map/outputs/charts.py", "<b>{}</b>")}
"""f-strings allowed to hold a tag: plotly's own text markup around our own words."""
MARKUP_MADE_BY_US = {"stakeholder_map/outputs/report/network.py",
                     "stakeholder_map/outputs/standalone_map.py"}
"""Modules allowed to mark a string safe: a rendered template, pyvis's vis-network files."""


def test_the_environment_autoescapes_and_is_strict() -> None:
    assert ENV.autoescape is True and ENV.undefined is StrictUndefined
    assert render_string("{{ x }}", x=IMG) == "&lt;img src=x onerror=alert(1)&gt;"
    for name in ENV.list_templates():
        source = (PACKAGE / "outputs" / "templates" / name).read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false", source), name


def test_no_module_but_the_environment_escapes_by_hand() -> None:
    found = []
    for path in sources():
        name, text = relative(path), path.read_text(encoding="utf-8")
        if name != THE_ENVIRONMENT:
            found += [f"{name}: {m.group(0)}" for m in re.finditer(
                r"^\s*(?:import html\b(?!\.)|from html import\b).*$|\bhtml\.escape\b",
                text, flags=re.M)]
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and re.fullmatch(
                    r"_*esc(?:ape)?(?:_\w*)?", node.name):
                found.append(f"{name}: def {node.name}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "Markup" and name not in MARKUP_MADE_BY_US):
                found.append(f"{name}: Markup(...) at line {node.lineno}")
    assert found == []


def tagged_f_strings(source: str) -> list[tuple[int, str]]:
    """Each f-string with a placeholder and an HTML tag, as ``(line, text with {} for values)``."""
    tag = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:[\s/>]|$)")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue)
                                                   for v in node.values):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}"
                           for v in node.values)
            if tag.search(text):
                found.append((node.lineno, text))
    return found


def test_no_html_tag_is_built_in_an_f_string() -> None:
    found = [f"{relative(path)}:{line}: {text}" for path in sources()
             for line, text in tagged_f_strings(path.read_text(encoding="utf-8"))
             if (relative(path), text) not in PLOTLY_MARKUP]
    assert found == []


def test_the_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    """The source checks fire on the habits they forbid (not only pass on clean code)."""
    bad = 'import html\n\ndef esc(t):\n    return html.escape(t)\n\nx = f"<td>{esc(1)}</td>"\n'
    tree = ast.parse(bad)
    assert [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)] == ["esc"]
    assert re.search(r"^\s*(?:import html\b(?!\.)|from html import\b)", bad, flags=re.M)
    assert not re.search(r"^\s*(?:import html\b(?!\.)|from html import\b)",
                         "from html.parser import HTMLParser\nimport html.entities\n",
                         flags=re.M)
    assert tagged_f_strings(bad) == [(6, "<td>{}</td>")]
    assert tagged_f_strings('x = f"a < b is {1 < 2}"\ny = "<td>" + str(1)\n') == []
