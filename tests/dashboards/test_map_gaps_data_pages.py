"""Callbacks of the Map, Gaps and Data pages, called directly on a real app over SQLite."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import dash
import pytest

from dashboards.app import create_app
from dashboards.data import LAYOUT_KEY, analysis
from dashboards.pages import data as data_page
from dashboards.pages import gaps as gaps_page
from dashboards.pages import map as map_page
from stakeholder_map import load
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.store.database import Store

from .text import visible_text

SAMPLES = SAMPLES_DIR


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dash.Dash]:
    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("store") / "t.db"))
    yield create_app(store, max_upload_mb=1)
    store.dispose()


def _wave(app: dash.Dash, folder: str) -> tuple[int, int]:
    smap = load(SAMPLES / folder).map
    assert smap is not None
    st = app.server.config["SM_STORE"]
    pid = next(p.id for p in st.programmes() if p.name == smap.programme.name)
    return pid, st.waves(pid)[-1].id


def test_map_draw_filters_and_writes_the_url(app: dash.Dash) -> None:
    with app.server.test_request_context():
        _, wave = _wave(app, "smolensk_volunteers")
        smap = analysis(wave).smap
        els, _, layout, count, _, search, ties = map_page.draw(
            wave, ["public"], None, [0, 5], None, "", "influence", None, "?wave=1")
        nodes = [e for e in els if "source" not in e["data"]]
        public = [a.id for a in smap.actors if a.sector == "public"]
        assert [n["data"]["id"] for n in nodes] == public
        assert count == f"{len(public)} of {len(smap.actors)} actors shown"
        assert layout["name"] == "cose"          # small map: force layout in the browser
        assert ties == ""                        # ... and cytoscape draws its ties itself
        assert search == "?sector=public&wave=1"


def test_map_focus_highlights_the_warm_path_and_fills_the_panel(app: dash.Dash) -> None:
    with app.server.test_request_context():
        _, wave = _wave(app, "kehila_metiva")
        an = analysis(wave)
        path = an.paths["km-edu-head"].path
        els, *_ = map_page.draw(wave, [], None, [0, 5], None, "", "influence",
                                "km-edu-head", "")
        on_path = [e["data"]["id"] for e in els if "path" in e["classes"].split()
                   and "source" not in e["data"]]
        assert set(on_path) == set(path) and len(path) >= 2
        panel = map_page.panel("km-edu-head", wave)
        text = str(panel)
        assert an.smap.actor_by_id["km-edu-head"].name in text
        assert "passive role holder" in text and "Who can introduce you" in text


def test_large_maps_get_cached_server_positions(app: dash.Dash) -> None:
    from stakeholder_map.workbook.synth import synthesize

    with app.server.test_request_context():
        st = app.server.config["SM_STORE"]
        wave = st.import_map(synthesize(400, seed=2), programme="big").id
        els, _, layout, *_, ties = map_page.draw(wave, [], None, [0, 5], None, "", "degree",
                                                 None, "")
        assert layout["name"] == "preset"
        assert all("position" in e for e in els if "source" not in e["data"])
        assert st.positions(wave, LAYOUT_KEY) is not None
        # the ties travel as numbers for the canvas, not as thousands of elements
        assert not [e for e in els if "source" in e["data"]]
        smap = analysis(wave).smap
        day = smap.programme.reference_date()
        current = {(t.source, t.target, t.type.value) for t in smap.ties
                   if t.until is None or t.until >= day}
        ties = json.loads(ties)                  # the data-ties attribute the canvas reads
        flat = ties["ties"]
        sent = {(ties["ids"][flat[k]], ties["ids"][flat[k + 1]], ties["kinds"][flat[k + 2]])
                for k in range(0, len(flat), 3)}
        assert sent == current and len(flat) == 3 * len(current)


def test_gap_rows_filter_and_map_targets(app: dash.Dash) -> None:
    with app.server.test_request_context():
        _, wave = _wave(app, "smolensk_volunteers")
        rows = gaps_page.gap_rows(wave, ["missing_sector"])
        assert [r["subject"] for r in rows] == ["academia"]
        assert gaps_page.map_target(wave, "academia") == {"sector": ["academia"]}
        assert gaps_page.map_target(wave, "sm-wg") == {"forum": "sm-wg"}
        assert gaps_page.map_target(wave, "sm-radi") == {"focus": "sm-radi"}
        pair = next(r["subject"] for r in gaps_page.gap_rows(wave, None) if "|" in r["subject"]
                    and r["subject"].split("|")[0] in analysis(wave).smap.actor_by_id)
        assert gaps_page.map_target(wave, pair) == {"focus": pair.split("|")[0]}
        # who opens the door, by name: the actor just before the subject on its warm path
        an = analysis(wave)
        reaching = gaps_page.gap_rows(wave, ["actor_engagement_gap"])
        assert reaching
        for row in reaching:
            wp = an.paths.get(row["subject"])
            before = wp.path[-2] if wp and len(wp.path) >= 2 else None
            expected = an.smap.actor_by_id[before].name if before else ""
            assert row["introducer_name"] == expected
        assert any(row["introducer_name"] for row in reaching)


def _upload(payload: bytes, mime: str = "application/zip") -> str:
    return f"data:{mime};base64," + base64.b64encode(payload).decode()


def _zip(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in folder.glob("*.csv"):
            zf.write(f, f.name)
    return buf.getvalue()


def test_upload_of_a_broken_workbook_stores_nothing(app: dash.Dash) -> None:
    with app.server.test_request_context():
        st = app.server.config["SM_STORE"]
        before = [(p.name, p.waves) for p in st.programmes()]
        message, rows, style, waves, url = data_page.upload(
            _upload(_zip(SAMPLES / "broken")), "broken.zip", None, "")
        assert "was not stored" in str(message) and style["display"] == "block"
        assert {(r["sheet"], r["row"]) for r in rows} >= {("actors", 8), ("ties", 3)}
        assert waves is dash.no_update and url is dash.no_update
        assert [(p.name, p.waves) for p in st.programmes()] == before


def test_upload_of_a_valid_workbook_becomes_a_wave(app: dash.Dash) -> None:
    with app.server.test_request_context():
        st = app.server.config["SM_STORE"]
        message, _, _, waves, url = data_page.upload(
            _upload(_zip(SAMPLES / "baltic_youth_impact")), "baltic.zip", "Baltic wave 2", "")
        assert "stored as wave" in str(message)
        programme = next(p for p in st.programmes() if p.name == "Baltic wave 2")
        assert any(w["programme"] == "Baltic wave 2" for w in waves)
        assert url == f"?programme={programme.id}&wave={st.waves(programme.id)[-1].id}"


@pytest.mark.parametrize(("payload", "words"), [
    (b"x" * (2 * 1024 * 1024), "larger than"),        # the app allows 1 MB
    (b"not a workbook at all", "not a readable"),
])
def test_bad_uploads_get_a_message(app: dash.Dash, payload: bytes, words: str) -> None:
    with app.server.test_request_context():
        message, *_ = data_page.upload(_upload(payload), "x.xlsx", None, "")
        assert words in str(message)


def test_upload_with_broken_base64_is_refused() -> None:
    with pytest.raises(ValueError, match="could not be decoded"):
        data_page.decode_upload("data:application/zip;base64,@@@", 1024)


def test_zip_bomb_is_refused(app: dash.Dash) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("actors.csv", "id,name,sector\n" + "a" * 30_000_000)
    with app.server.test_request_context():
        message, *_ = data_page.upload(_upload(buf.getvalue()), "bomb.zip", None, "")
    assert "zip bomb" in str(message)


def test_gaps_summary_answers_the_planners_first_questions(app: dash.Dash) -> None:
    with app.server.test_request_context():
        _, wave = _wave(app, "smolensk_volunteers")
        text = visible_text(gaps_page.summary(wave))
        assert "Missing sectors: " in text and "Academia (none mapped)" in text
        smap = analysis(wave).smap
        # the most influential passive actor of the sample (influence 5, passive)
        top = max((a for a in smap.actors if a.engagement.label in ("unaware", "passive")),
                  key=lambda a: a.influence)
        assert top.name in text


@pytest.mark.parametrize("name", ["readiness.html", "map.html", "network.gexf",
                                  "network.graphml", "stakeholder-map.xlsx"])
def test_every_output_is_one_click_on_the_dashboard(app: dash.Dash, name: str,
                                                    tmp_path: Path) -> None:
    import networkx as nx
    import openpyxl

    from dashboards.pages import metrics as metrics_page

    with app.server.test_request_context():
        _, wave = _wave(app, "smolensk_volunteers")
        smap = analysis(wave).smap
        data = metrics_page.output_file(wave, name)
    if name.endswith(".html"):
        import html
        import re

        text = data.decode("utf-8")
        assert html.escape(smap.programme.name, quote=False) in text
        assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", text)   # opens offline
    elif name.endswith(".xlsx"):
        assert "actors" in openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    else:
        reader = nx.read_gexf if name.endswith(".gexf") else nx.read_graphml
        path = tmp_path / name
        path.write_bytes(data)
        assert reader(path).number_of_nodes() == len(smap.actors)


def test_settling_components_do_not_send_the_same_map_again(app: dash.Dash) -> None:
    """An empty dropdown turning into None after load is not a new picture."""
    with app.server.test_request_context():
        _, wave = _wave(app, "smolensk_volunteers")
        drawn = map_page.drawn_key(wave, [], None, [0, 5], None, "", "influence", None)
        same = map_page.redraw(wave, None, None, None, None, None, None, None, "", drawn)
        assert all(x is dash.no_update for x in same)
        changed = map_page.redraw(wave, ["public"], None, None, None, None, None, None, "",
                                  drawn)
        assert changed[0] and changed[-1] != drawn


def test_gaps_download_keeps_a_carriage_return_inside_its_cell(app: dash.Dash) -> None:
    """A CR inside a name must not start a spreadsheet row of its own holding a formula."""
    import csv

    from stakeholder_map.model import Actor, Programme, StakeholderMap

    st = app.server.config["SM_STORE"]
    smap = StakeholderMap((Actor("bb", "Backbone", "public"), Actor("x", "Bank\r=1+1", "business")),
                          programme=Programme(name="CR in a name", backbone="bb"))
    wave = st.import_map(smap).id
    with app.server.test_request_context():
        sent = gaps_page.download(1, {"wave": wave}, ["isolate"])
    data = base64.b64decode(sent["content"]) if sent.get("base64") else sent["content"].encode()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    assert {r[header.index("subject")] for r in body} == {"bb", "x"}   # two isolates, two rows
    names = {r[header.index("subject_name")] for r in body}
    assert names == {"Backbone", "Bank\r=1+1"}
    assert all(not cell.startswith(("=", "+", "-", "@", "\r", "\t")) for r in rows for cell in r)
    assert data.count(b"\r\n") == len(rows)                            # CRLF line ends
