"""Pseudonymisation keys: weak ones are refused, ``key new`` makes strong ones (issue 10, part 4).

The campaign found the keys ``" "`` and ``"a"`` accepted, and ``k3y`` recovered by brute
force in 0.2 s from one export and the guessable id ``km-mayor``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from stakeholder_map.cli.main import main
from stakeholder_map.errors import PseudonymisationError
from stakeholder_map.model import ActorKind
from stakeholder_map.outputs.pseudonymise import check_key, pseudonym, pseudonymise
from stakeholder_map.samples import sample_path
from stakeholder_map.workbook.validate import load

KEHILA = sample_path("kehila_metiva")
FIX = ("make a random one with `stakeholder-map key new` and keep it private "
       "(--key KEY or STAKEHOLDER_MAP_KEY)")


def run(*args: object, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args],
                                env={"STAKEHOLDER_MAP_KEY": "", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("key", "message"), [
    ("", "the pseudonymisation key is empty"),
    (" ", "the pseudonymisation key is too short (1 character, at least 16 needed)"),
    ("a", "the pseudonymisation key is too short (1 character, at least 16 needed)"),
    ("k3y", "the pseudonymisation key is too short (3 characters, at least 16 needed)"),
    # 15 characters, all different: one short of the length
    ("abcdefghijklmno",
     "the pseudonymisation key is too short (15 characters, at least 16 needed)"),
    # 16 characters, 7 different: one short of the variety
    ("abcdefgabcdefgab", "the pseudonymisation key is too easy to guess (7 different characters, "
                         "at least 8 needed)"),
    (" " * 40, "the pseudonymisation key is too easy to guess (1 different character, "
               "at least 8 needed)"),
])
def test_a_weak_key_is_refused_with_the_fix(key: str, message: str) -> None:
    smap = load(KEHILA).map
    assert smap is not None
    for call in (lambda: check_key(key), lambda: pseudonym("km-mayor", ActorKind.PERSON, key),
                 lambda: pseudonymise(smap, key), lambda: pseudonymise(smap, key, everyone=True)):
        with pytest.raises(PseudonymisationError) as error:
            call()
        assert str(error.value) == f"{message}: {FIX}"


@pytest.mark.parametrize("key", [
    "abcdefghijklmnop",   # exactly 16 characters, all different
    "abcdefghabcdefgh",   # exactly 16 characters, exactly 8 different
    "Ąžuolų gatvė · ש",   # characters, not bytes, are counted: 16 of them
])
def test_a_key_exactly_on_the_limits_is_accepted(key: str) -> None:
    assert len(key) == 16
    check_key(key)
    assert pseudonym("km-mayor", ActorKind.PERSON, key)[0].startswith("p-")


@pytest.mark.parametrize("command", [
    ["export", KEHILA, "--pseudonymise", "-o", "{out}/shared.gexf"],
    ["export", KEHILA, "--pseudonymise-all", "-o", "{out}/shared.json"],
    ["metrics", KEHILA, "--pseudonymise", "-o", "{out}/shared.xlsx"],
    ["gaps", KEHILA, "--pseudonymise", "-o", "{out}/shared.csv"],
], ids=["export", "export-all", "metrics", "gaps"])
@pytest.mark.parametrize("how", ["option", "environment"])
def test_the_commands_refuse_a_weak_key_before_any_work(command: list[object], how: str,
                                                         tmp_path: Path) -> None:
    args = [str(a).format(out=tmp_path) for a in command]
    if how == "option":
        code, out, err = run(*args, "--key", "k3y")
    else:
        code, out, err = run(*args, env={"STAKEHOLDER_MAP_KEY": "k3y"})
    assert code == 2
    assert ("the pseudonymisation key is too short (3 characters, at least 16 needed)"
            in err)
    assert "stakeholder-map key new" in err
    assert "Traceback" not in out + err
    assert "k3y" not in out + err   # the message never shows the key
    assert list(tmp_path.iterdir()) == []


def test_key_new_prints_a_fresh_strong_key() -> None:
    keys = []
    for _ in range(3):
        code, out, err = run("key", "new")
        assert (code, err) == (0, "")
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}\n", out)  # token_urlsafe(32): 43 characters
        keys.append(out.strip())
        check_key(keys[-1])
    assert len(set(keys)) == 3


def test_a_new_key_pseudonymises(tmp_path: Path) -> None:
    key = run("key", "new")[1].strip()
    code, _, err = run("export", KEHILA, "--pseudonymise", "-o", tmp_path / "shared.json",
                       env={"STAKEHOLDER_MAP_KEY": key})
    assert code == 0, err
    text = (tmp_path / "shared.json").read_text(encoding="utf-8")
    assert pseudonym("km-mayor", ActorKind.PERSON, key)[0] in text
    assert "km-mayor" not in text
