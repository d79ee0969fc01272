"""Pseudonymised outputs leak no free text: a marker in every field, searched in every file.

Every free-text cell of a workbook (each sheet, the user's own columns and their headers,
the programme's settings) holds a unique marker ``LEAK-<field>-<row>``; the command line
writes every output a pseudonymised share can take (export: GraphML, GEXF, JSON, xlsx;
metrics: xlsx, JSON, CSV; gaps: CSV, JSON, xlsx and the terminal table); each file is read
as bytes (an xlsx unzipped, every part) and searched. Fields the policy keeps (see the
table in :mod:`stakeholder_map.outputs.pseudonymise`) hold ``KEPT-…`` markers instead, and
those must arrive — the test would otherwise pass on empty files. Three shares are made:
``--pseudonymise-all``, ``--pseudonymise``, and ``--pseudonymise`` keeping the titles and
one own column (``--keep-titles --keep-column ties.introduced_by``).
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from stakeholder_map import load
from stakeholder_map.cli.main import main
from stakeholder_map.model import ActorKind
from stakeholder_map.outputs.pseudonymise import pseudonym, pseudonymise
from stakeholder_map.samples import SAMPLES_DIR
from tests.test_hostile_matrix import write_book

KEY = "a private key nobody guesses"
SAMPLE = SAMPLES_DIR / "kehila_metiva"
LEAK = re.compile(rb"(?i)leak[-_ ][a-z0-9_\- ]*")
PERSON_NAMES = ("Dana Levi", "Смирнова Ольга", "Jonas Petraitis")
"""The people's names: spelled inside forum names, titles, an organisation's role…"""

Sheets = dict[str, list[dict[str, str]]]

OUTPUTS = [("export", "e.graphml"), ("export", "e.gexf"), ("export", "e.json"),
           ("export", "e.xlsx"), ("metrics", "m.xlsx"), ("metrics", "m.json"),
           ("metrics", "m.csv"), ("gaps", "g.csv"), ("gaps", "g.json"), ("gaps", "g.xlsx"),
           ("gaps", None)]
"""Every command and file a pseudonymised share can be written as (None: the terminal)."""


def leak_book(everyone: bool, keep_titles: bool = False) -> Sheets:
    """A valid workbook with a marker in every free-text field.

    With ``everyone`` every actor's text is a LEAK marker (all actors are pseudonymised);
    without it, only the people's — the organisations' role, region, tags and name are
    kept by policy, so they hold KEPT markers (and, in one role, a person's name). With
    ``keep_titles`` the agreements', forums' and programme's ids, titles, names and kinds
    and the ties' ``introduced_by`` column are KEPT markers (the share names that column),
    several spelling a person's name.
    """
    tag = "LEAK" if everyone else "KEPT"
    titled = "KEPT" if keep_titles else "LEAK"

    def org(i: int, field: str) -> str:
        return f"{tag}-org-{field}-{i}"

    actors = []
    for i in range(4):
        actors.append({
            "id": org(i, "id"), "name": org(i, "name"),
            "sector": ("public", "business", "civil_society", "academia")[i],
            "kind": "organisation", "role": org(i, "role"), "region": org(i, "region"),
            "tags": org(i, "tag") + ";" + org(i, "tag2"), "notes": f"LEAK-org-notes-{i}",
            "engagement": ("leading", "passive", "resistant", "supportive")[i],
            "formal_influence": str(5 - i), "informal_influence": str(i),
            "burned": "yes" if i == 2 else "no",
            "LEAK-actor-header": f"LEAK-org-extra-{i}"})
    actors[1]["role"] = f"deputy to {PERSON_NAMES[0]}" if not everyone else actors[1]["role"]
    for i, name in enumerate(PERSON_NAMES):
        actors.append({
            "id": f"LEAK-person-id-{i}", "name": name, "sector": "civil_society",
            "kind": "person", "parent": org(i, "id"), "role": f"LEAK-person-role-{i}",
            "region": f"LEAK-person-region-{i}", "tags": f"LEAK-person-tag-{i}",
            "notes": f"LEAK-person-notes-{i}", "engagement": "passive",
            "formal_influence": "4", "informal_influence": "5",
            "LEAK-actor-header": f"LEAK-person-extra-{i}"})
    ids = [a["id"] for a in actors]
    ties = []
    for n, (s, t, kind) in enumerate([(0, 1, "collaboration"), (0, 2, "influence"),
                                      (1, 4, "communication"), (2, 5, "tension"),
                                      (3, 6, "funding"), (4, 5, "collaboration"),
                                      (0, 6, "reports_to")]):
        ties.append({"source": ids[s], "target": ids[t], "type": kind, "weight": "2",
                     "notes": f"LEAK-tie-notes-{n}",
                     "introduced_by": f"{titled}-tie-extra-{n} via {PERSON_NAMES[0]}"})
    person = PERSON_NAMES[1]
    return {
        "actors": actors, "ties": ties,
        "agreements": [
            {"id": f"{titled}-agreement-id-0", "title": f"{titled}-title-0 with {person}",
             "kind": f"{titled}-agreement-kind-0", "signed": "2024-01-01",
             "expires": "2025-01-01",
             "budget": "LEAK-agreement-extra-0"},
            {"id": f"{titled}-agreement-id-1", "title": f"{titled}-title-1", "kind": "MoU",
             "signed": "2024-01-01", "expires": "2030-01-01",
             "budget": "LEAK-agreement-extra-1"}],
        "agreement_parties": [
            {"agreement": f"{titled}-agreement-id-0", "actor": ids[0],
             "responsibility": org(0, "responsibility"), "contact": "LEAK-party-extra-0"},
            {"agreement": f"{titled}-agreement-id-0", "actor": ids[4],
             "responsibility": "LEAK-person-responsibility-0", "contact": "LEAK-party-extra-1"},
            {"agreement": f"{titled}-agreement-id-1", "actor": ids[1],
             "responsibility": org(1, "responsibility"), "contact": "LEAK-party-extra-2"}],
        "forums": [
            {"id": f"{titled}-forum-id-0",
             "name": f"{titled}-forum-name-0 chaired by {PERSON_NAMES[2]}",
             "kind": f"{titled}-forum-kind-0", "required_sectors": "public;business;academia",
             "venue": "LEAK-forum-extra-0"},
            {"id": f"{titled}-forum-id-1", "name": f"{PERSON_NAMES[0]}'s roundtable",
             "kind": "Working group", "venue": "LEAK-forum-extra-1"}],
        "forum_members": [
            {"forum": f"{titled}-forum-id-0", "actor": ids[6], "role": "chair",
             "seat": "LEAK-member-extra-0"},
            {"forum": f"{titled}-forum-id-0", "actor": ids[0], "seat": "LEAK-member-extra-1"},
            {"forum": f"{titled}-forum-id-1", "actor": ids[4], "seat": "LEAK-member-extra-2"}],
        "programme": [
            {"key": "name", "value": f"{titled}-programme-name of {PERSON_NAMES[2]}"},
            {"key": "backbone", "value": ids[0]}, {"key": "as_of", "value": "2025-06-30"},
            {"key": "wave", "value": f"KEPT-wave with {PERSON_NAMES[0]}"},
            {"key": "LEAK-setting-key", "value": "LEAK-setting-value"}],
        "sectors": [{"id": "faith", "name": f"KEPT-sector-name {PERSON_NAMES[1]}",
                     "aliases": "KEPT-sector-alias", "LEAK-sector-header": "LEAK-sector-extra"}],
    }


def file_bytes(path: Path) -> bytes:
    """Everything a file holds: an xlsx's every part; a JSON file also re-dumped unescaped."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return b"\n".join(z.read(n) for n in z.namelist())
    data = path.read_bytes()
    if path.suffix == ".json":
        data += json.dumps(json.loads(data), ensure_ascii=False).encode("utf-8")
    return data


def shared_outputs(book: Path, tmp: Path, flag: str, *more: str) -> dict[str, bytes]:
    """Every output of a pseudonymised share, by name, with what each command printed."""
    found = {}
    for command, name in OUTPUTS:
        args = [command, str(book), flag, *more, "--key", KEY]
        if name:
            args += ["-o", str(tmp / f"{flag}-{name}")]
        result = CliRunner().invoke(main, args, env={"STAKEHOLDER_MAP_KEY": ""},
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        label = f"{command} {name or '(terminal)'}"
        found[label + " stdout"] = result.stdout.encode("utf-8")
        found[label + " stderr"] = result.stderr.encode("utf-8")
        if name:
            stem = Path(name).stem
            for path in sorted(tmp.glob(f"{flag}-{stem}*{Path(name).suffix}")):
                found[path.name] = file_bytes(path)
    return found


def leaks(outputs: Mapping[str, bytes], secrets: tuple[str, ...] = ()) -> dict[str, list[str]]:
    out = {}
    for name, data in outputs.items():
        hits = sorted({m.group().decode("utf-8", "replace") for m in LEAK.finditer(data)})
        hits += [s for s in secrets if s.encode("utf-8") in data]
        if hits:
            out[name] = hits
    return out


# --- --pseudonymise-all: every actor ----------------------------------------------------


@pytest.fixture(scope="module")
def everyone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("everyone")
    return shared_outputs(write_book(tmp / "book", leak_book(everyone=True)), tmp,
                          "--pseudonymise-all")


def test_the_marker_workbook_is_valid_and_holds_every_marker(tmp_path: Path) -> None:
    smap = load(write_book(tmp_path / "book", leak_book(everyone=True))).map
    assert smap is not None
    a = smap.actor_by_id["LEAK-person-id-0"]
    assert (a.role, a.region, a.tags, a.notes, a.extra) == (
        "LEAK-person-role-0", "LEAK-person-region-0", ("LEAK-person-tag-0",),
        "LEAK-person-notes-0", {"LEAK-actor-header": "LEAK-person-extra-0"})
    assert smap.ties[0].extra == {"introduced_by": "LEAK-tie-extra-0 via Dana Levi"}
    assert smap.agreements[0].parties[1].responsibility == "LEAK-person-responsibility-0"
    assert smap.forums[0].members[0].extra == {"seat": "LEAK-member-extra-0"}
    assert smap.programme.extra == {"LEAK-setting-key": "LEAK-setting-value"}
    assert smap.sector_by_id["faith"].extra == {"LEAK-sector-header": "LEAK-sector-extra"}
    assert sum(a.kind is ActorKind.PERSON for a in smap.actors) == 3


def test_pseudonymise_all_leaks_no_marker_into_any_output(everyone: dict[str, bytes]) -> None:
    assert len([n for n in everyone if not n.endswith(("stdout", "stderr"))]) >= 14
    assert leaks(everyone, PERSON_NAMES) == {}


def test_pseudonymise_all_still_carries_the_structure_and_the_kept_fields(
        everyone: dict[str, bytes]) -> None:
    data = export_json(everyone, "--pseudonymise-all")
    assert len(data["nodes"]) == 7
    # each agreement, forum and the programme got a stable code (HMAC under the key)
    assert data["graph"]["programme"].startswith("Programme ")
    xlsx = everyone["--pseudonymise-all-e.xlsx"]
    for kept in (b">MoU<", b">Working group<", b">other<", b">Agreement ", b">Forum ",
                 b">KEPT-sector-name Person "):
        assert kept in xlsx, kept
    assert b"KEPT-wave with Person " in everyone["--pseudonymise-all-e.graphml"]


# --- --pseudonymise: people only --------------------------------------------------------


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("people")
    return shared_outputs(write_book(tmp / "book", leak_book(everyone=False)), tmp,
                          "--pseudonymise")


def test_pseudonymise_leaks_no_marker_of_a_person_nor_any_note_or_own_column(
        people: dict[str, bytes]) -> None:
    assert leaks(people, PERSON_NAMES) == {}


DANA = pseudonym("LEAK-person-id-0", ActorKind.PERSON, KEY)[1]
OLGA = pseudonym("LEAK-person-id-1", ActorKind.PERSON, KEY)[1]
JONAS = pseudonym("LEAK-person-id-2", ActorKind.PERSON, KEY)[1]


def export_json(outputs: Mapping[str, bytes], flag: str) -> Any:
    """The JSON export as written (the bytes also hold it re-dumped, see :func:`file_bytes`)."""
    data = outputs[f"{flag}-e.json"]
    return json.loads(data[:data.index(b"\n}") + 2])


def test_pseudonymise_keeps_the_organisations_text_with_people_s_names_replaced(
        people: dict[str, bytes]) -> None:
    xlsx = people["--pseudonymise-e.xlsx"]
    for kept in (b"KEPT-org-name-0", b"KEPT-org-role-0", b"KEPT-org-region-0",
                 b"KEPT-org-tag-0", b"KEPT-org-responsibility-0",
                 f"deputy to {DANA}".encode()):
        assert kept in xlsx, kept
    assert f"KEPT-wave with {DANA}".encode() in people["--pseudonymise-e.graphml"]


def test_pseudonymise_codes_agreements_forums_and_the_programme_by_default(
        people: dict[str, bytes]) -> None:
    xlsx = people["--pseudonymise-e.xlsx"]
    for coded in (b">a-", b">Agreement ", b">f-", b">Forum ", b">MoU<", b">Working group<",
                  b">other<"):
        assert coded in xlsx, coded
    data = export_json(people, "--pseudonymise")
    assert data["graph"]["programme"].startswith("Programme ")
    assert "agreements, forums and the programme coded (--keep-titles keeps their names)" in (
        people["export e.json stderr"].decode())


# --- --pseudonymise --keep-titles --keep-column ties.introduced_by --------------------------


@pytest.fixture(scope="module")
def titled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("titled")
    return shared_outputs(write_book(tmp / "book", leak_book(everyone=False, keep_titles=True)),
                          tmp, "--pseudonymise", "--keep-titles", "--keep-column",
                          "ties.introduced_by")


def test_keep_titles_and_one_column_leak_no_other_marker(titled: dict[str, bytes]) -> None:
    assert leaks(titled, PERSON_NAMES) == {}


def test_keep_titles_keeps_titles_and_the_named_column_scrubbed(
        titled: dict[str, bytes]) -> None:
    xlsx = titled["--pseudonymise-e.xlsx"]
    for kept in (b"KEPT-agreement-id-0", b"KEPT-agreement-kind-0", b"KEPT-forum-id-0",
                 b"KEPT-forum-kind-0", f"KEPT-title-0 with {OLGA}".encode(),
                 f"{DANA}&apos;s roundtable".encode(), f"chaired by {JONAS}".encode(),
                 b">introduced_by<", f"KEPT-tie-extra-0 via {DANA}".encode()):
        assert kept in xlsx or kept.replace(b"&apos;", b"'") in xlsx, kept
    graphml = titled["--pseudonymise-e.graphml"]
    assert f"KEPT-programme-name of {JONAS}".encode() in graphml
    assert f"KEPT-tie-extra-6 via {DANA}".encode() in graphml
    assert f"KEPT-tie-extra-6 via {DANA}".encode() in titled["--pseudonymise-e.gexf"]
    assert ("your own columns dropped except ties.introduced_by; agreement, forum and "
            "programme names kept, scrubbed of pseudonymised names") in (
        titled["export e.json stderr"].decode())


# --- the function itself ----------------------------------------------------------------


def test_two_waves_under_one_key_get_the_same_agreement_forum_and_programme_codes(
        tmp_path: Path) -> None:
    smap = load(write_book(tmp_path / "book", leak_book(everyone=True))).map
    assert smap is not None
    first, again = pseudonymise(smap, KEY, everyone=True), pseudonymise(smap, KEY, everyone=True)
    other = pseudonymise(smap, "another private key nobody guesses", everyone=True)
    assert [g.id for g in first.agreements] == [g.id for g in again.agreements]
    assert [f.id for f in first.forums] == [f.id for f in again.forums]
    assert first.programme.name == again.programme.name
    assert all(g.id.startswith("a-") and g.title.startswith("Agreement ")
               for g in first.agreements)
    assert all(f.id.startswith("f-") and f.name.startswith("Forum ") for f in first.forums)
    assert not {g.id for g in first.agreements} & {g.id for g in other.agreements}
    assert [g.kind for g in first.agreements] == ["other", "MoU"]
    assert [f.kind for f in first.forums] == ["other", "Working group"]


# --- the options' edges -----------------------------------------------------------------


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env={"STAKEHOLDER_MAP_KEY": ""})


def test_an_unknown_keep_column_is_a_usage_error_listing_the_columns(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book", leak_book(everyone=False))
    result = invoke("export", book, "--pseudonymise", "--key", KEY, "--keep-column",
                    "introduced_by", "--keep-column", "actors.introduced_by",
                    "-o", tmp_path / "x.json")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for --keep-column: the actors sheet has no column "
        "'introduced_by' of your own to keep; the columns you added are: "
        "actors.LEAK-actor-header, ties.introduced_by, agreements.budget, "
        "agreement_parties.contact, forums.venue, forum_members.seat, "
        "sectors.LEAK-sector-header")
    assert "Traceback" not in result.output and not (tmp_path / "x.json").exists()


def test_a_column_named_as_a_bare_name_is_kept_wherever_it_is(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book", leak_book(everyone=False, keep_titles=True))
    result = invoke("export", book, "--pseudonymise", "--key", KEY, "--keep-column",
                    "Introduced By", "-o", tmp_path / "x.json")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert sorted(link["introduced_by"] for link in data["links"])[0] == (
        f"KEPT-tie-extra-0 via {DANA}")
    assert not any("LEAK-actor-header" in node for node in data["nodes"])


@pytest.mark.parametrize("option", [["--keep-titles"], ["--keep-column", "introduced_by"],
                                    ["--keep-sensitive"]])
def test_a_keep_option_without_pseudonymise_is_a_usage_error(option: list[str],
                                                              tmp_path: Path) -> None:
    result = invoke("gaps", SAMPLE, *option, "-o", tmp_path / "g.csv")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: {option[0]} only act with --pseudonymise or --pseudonymise-all: add one, "
        "or nothing is pseudonymised")
    assert not (tmp_path / "g.csv").exists()
