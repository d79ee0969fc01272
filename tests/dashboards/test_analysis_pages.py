"""Callbacks of the Sectors, Engagement and Metrics pages, called directly on a real app.

The app runs over a fresh SQLite store (the samples are imported on first
start); each callback is called as a plain function inside a Flask request
context, the way Dash calls it, and its output checked against the library.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from contextvars import copy_context
from pathlib import Path
from typing import Any

import dash
import openpyxl
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.exceptions import PreventUpdate

from dashboards import grids, ids
from dashboards.app import create_app
from dashboards.data import analysis
from dashboards.pages import engagement, metrics, sectors
from stakeholder_map.outputs.tables import write_metrics
from stakeholder_map.store.database import Store


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dash.Dash]:
    store = Store("sqlite:///" + str(tmp_path_factory.mktemp("store") / "t.db"))
    yield create_app(store)
    store.dispose()


@pytest.fixture
def selection(app: dash.Dash) -> Iterator[dict[str, Any]]:
    """The first sample programme's latest wave, inside a request context."""
    with app.server.test_request_context():
        st = app.server.config["SM_STORE"]
        programme = st.programmes()[0].id
        yield {"programme": programme, "wave": st.waves(programme)[-1].id}


EMPTY = {"programme": None, "wave": None}


def test_pages_lay_out_every_component_they_fill(app: dash.Dash) -> None:
    for module, wanted in ((sectors, [ids.SECTORS_MIXING, ids.SECTORS_EI, ids.SECTORS_FORUMS,
                                      ids.SECTORS_TABLE, ids.SECTORS_STATUS]),
                           (engagement, [ids.ENGAGEMENT_GRID, ids.ENGAGEMENT_DUMBBELL,
                                         ids.ENGAGEMENT_LEVELS, ids.ENGAGEMENT_STATUS]),
                           (metrics, [ids.METRICS_ACTORS, ids.METRICS_NETWORK,
                                      ids.METRICS_DOWNLOAD, ids.METRICS_DOWNLOAD_CSV,
                                      ids.METRICS_DOWNLOAD_XLSX, ids.METRICS_DOWNLOAD_JSON])):
        text = json.dumps(module.layout({}).to_plotly_json(), default=lambda o: o.to_plotly_json())
        for component_id in wanted:
            assert f'"id": "{component_id}"' in text, (module.__name__, component_id)


def test_sectors_page_shows_the_waves_sector_analysis(app: dash.Dash,
                                                     selection: dict[str, Any]) -> None:
    mixing, ei, forums, rows, columns, status = sectors.fill(selection)
    an = analysis(selection["wave"])
    assert [list(r) for r in mixing.data[0].z] == an.metrics.mixing.to_numpy().tolist()
    assert ei.data and forums.data
    assert [r["sector"] for r in rows] == list(an.metrics.sectors.index)
    assert {c["field"] for c in columns} == set(rows[0])
    assert status is None


def test_engagement_page_shows_the_three_charts(app: dash.Dash,
                                               selection: dict[str, Any]) -> None:
    grid, dumbbell, levels, status = engagement.fill(selection)
    actors = analysis(selection["wave"]).metrics.actors
    assert sum(len(t.x) for t in grid.data) == len(actors)
    assert sum(sum(t.y) for t in levels.data) == len(actors)
    assert 0 < len(dumbbell.data[1].y) <= engagement.DUMBBELL_LIMIT
    assert f"of {len(actors)} actors are below their target" in status.children


def test_metrics_page_fills_both_grids(app: dash.Dash, selection: dict[str, Any]) -> None:
    actor_rows, actor_cols, network_rows, network_cols, _ = metrics.fill(selection)
    m = analysis(selection["wave"]).metrics
    assert len(actor_rows) == len(m.actors) and actor_cols
    assert [r["metric"] for r in network_rows] == list(m.network)
    assert [c["field"] for c in network_cols] == ["metric", "shown", "meaning"]


@pytest.mark.parametrize("page", [sectors, engagement, metrics])
def test_pages_say_so_when_the_store_has_no_data(app: dash.Dash, page: Any) -> None:
    with app.server.test_request_context():
        *outputs, status = page.fill(EMPTY)
        with pytest.raises(PreventUpdate):      # before the shell has chosen anything
            page.fill(None)
    assert "No data to show yet" in json.dumps(status.to_plotly_json(),
                                               default=lambda o: o.to_plotly_json())
    for output in outputs:
        assert output == [] or not output.data


def _download(button: str, selection: dict[str, Any]) -> Any:
    """Call the download callback as Dash would after a click on ``button``.

    The callback reads which button fired from ``dash.ctx``; Dash's documented way to
    test such a callback is to set that context by hand.
    """
    def run() -> Any:
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{button}.n_clicks",
                                                           "value": 1}]))
        return metrics.download(1, None, None, selection)
    return copy_context().run(run)


def _content(sent: dict[str, Any]) -> bytes:
    return base64.b64decode(sent["content"]) if sent.get("base64") else sent["content"].encode()


def test_excel_download_holds_every_table(app: dash.Dash, selection: dict[str, Any],
                                          tmp_path: Path) -> None:
    sent = _download(ids.METRICS_DOWNLOAD_XLSX, selection)
    assert sent["filename"] == f"metrics-wave-{selection['wave']}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(_content(sent)), read_only=True)
    assert book.sheetnames == ["actors", "network", "sectors", "mixing", "notes"]
    m = analysis(selection["wave"]).metrics
    assert len(list(book["actors"].values)) == len(m.actors) + 1
    cli = tmp_path / "cli.xlsx"
    write_metrics(m, cli)
    expected = openpyxl.load_workbook(cli, read_only=True)
    for sheet in book.sheetnames:
        assert list(book[sheet].values) == list(expected[sheet].values), sheet


def test_json_and_csv_downloads_are_the_files_the_cli_writes(
        app: dash.Dash, selection: dict[str, Any], tmp_path: Path) -> None:
    m = analysis(selection["wave"]).metrics
    write_metrics(m, tmp_path / "cli.json")
    assert _content(_download(ids.METRICS_DOWNLOAD_JSON, selection)) == \
        (tmp_path / "cli.json").read_bytes()
    write_metrics(m, tmp_path / "cli.csv")       # also writes cli.network.csv and others
    csv = _content(_download(ids.METRICS_DOWNLOAD_CSV, selection))
    assert csv == (tmp_path / "cli.csv").read_bytes()
    header = csv.decode("utf-8").splitlines()[0].split(",")
    assert header[:3] == ["id", "name", "sector"] and "betweenness" in header


def test_download_does_nothing_without_a_wave(app: dash.Dash) -> None:
    assert _download(ids.METRICS_DOWNLOAD_CSV, EMPTY) is dash.no_update


def test_the_grids_match_the_pure_helpers(app: dash.Dash, selection: dict[str, Any]) -> None:
    m = analysis(selection["wave"]).metrics
    assert metrics.fill(selection)[0] == grids.actor_rows(m).rows
