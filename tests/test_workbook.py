"""Reading workbooks as people save them, and writing them back without losing anything."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from stakeholder_map import Engagement, WorkbookReadError, load, write_workbook
from stakeholder_map.workbook.write import sheet_rows, xlsx_bytes

from .conftest import write_csv_folder

Sheets = dict[str, list[dict[str, str]]]

SCRIPTS = {
    "hebrew": ("קהילה מיטיבה", "ראש אגף החינוך", "עיריית \"דימונה\", מחלקה"),
    "russian": ("АНО «Ради будущего»", "Департамент Смоленской области по образованию",
                "Ярцево, школа-интернат"),
    "lithuanian": ("Ateities visuomenės institutas", "Šiaulių apskritis", "ąčęėįšųūž ĄČĘĖĮŠŲŪŽ"),
    "latvian": ("Latvijas Mazpulki", "Rīgas pašvaldība", "āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ"),
}


def _load_map(path: Path | str) -> object:
    result = load(path)
    assert result.errors == []
    return result.map


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_dialects_give_the_same_map(make_book: Callable[..., Path], base_sheets: Sheets,
                                        delimiter: str, encoding: str, newline: str) -> None:
    base_sheets["actors"][0]["name"] = "Backbone; \"quoted\", with commas"
    reference = _load_map(make_book(base_sheets))
    other = _load_map(make_book(base_sheets, delimiter=delimiter, encoding=encoding,
                                newline=newline))
    assert other == reference


def test_bom_is_not_part_of_the_first_column(make_book: Callable[..., Path],
                                             base_sheets: Sheets) -> None:
    folder = make_book(base_sheets, encoding="utf-8-sig")
    assert (folder / "actors.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    smap = _load_map(folder)
    assert [a.id for a in smap.actors] == ["bb", "mun", "bank", "uni"]  # type: ignore[attr-defined]


def test_sheet_and_column_names_ignore_case_and_spaces(tmp_path: Path, base_sheets: Sheets
                                                       ) -> None:
    reference = _load_map(write_csv_folder(tmp_path / "a", base_sheets))
    shouted = {name: [{k.upper().replace("_", " "): v for k, v in r.items()} for r in rows]
               for name, rows in base_sheets.items()}
    folder = write_csv_folder(tmp_path / "b", shouted)
    (folder / "forum_members.csv").rename(folder / "Forum Members.csv")
    (folder / "agreement_parties.csv").rename(folder / "AGREEMENT-PARTIES.csv")
    assert _load_map(folder) == reference


def test_extra_columns_are_kept_and_written_back(make_book: Callable[..., Path],
                                                 base_sheets: Sheets, tmp_path: Path) -> None:
    base_sheets["actors"][1]["Stream"] = "2"
    base_sheets["actors"][2]["Contact person"] = "Ona Žemaitė"
    base_sheets["ties"][0]["Source document"] = "protocol p. 3"
    base_sheets["programme"].append({"key": "funder", "value": "Active Citizens Fund"})
    smap = load(make_book(base_sheets)).map
    assert smap is not None
    assert dict(smap.actor_by_id["mun"].extra) == {"Stream": "2"}
    assert dict(smap.actor_by_id["bank"].extra) == {"Contact person": "Ona Žemaitė"}
    assert dict(smap.ties[0].extra) == {"Source document": "protocol p. 3"}
    assert dict(smap.programme.extra) == {"funder": "Active Citizens Fund"}
    header = sheet_rows(smap)["actors"][0]
    assert header[-2:] == ["Stream", "Contact person"]


def test_xlsx_and_csv_give_equal_maps(make_book: Callable[..., Path], base_sheets: Sheets,
                                      tmp_path: Path) -> None:
    csv_map = _load_map(make_book(base_sheets))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in base_sheets.items():
        ws = wb.create_sheet(name.title())
        columns = list(dict.fromkeys(k for r in rows for k in r))
        ws.append(columns)
        for r in rows:
            ws.append([_typed(r.get(c, "")) for c in columns])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    assert _load_map(path) == csv_map


def _typed(text: str) -> object:
    """As a person would type it into Excel: numbers as numbers, dates as dates."""
    import datetime as dt

    if text.isdigit():
        return int(text)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return text or None


@pytest.mark.parametrize("script", sorted(SCRIPTS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_in_every_script(make_book: Callable[..., Path], base_sheets: Sheets,
                                    tmp_path: Path, script: str, fmt: str) -> None:
    name, role, note = SCRIPTS[script]
    base_sheets["actors"][0].update(name=name, role=role, notes=note, tags=f"{name};{role}")
    base_sheets["actors"][1][f"{role} (extra)"] = note
    base_sheets["ties"][0]["notes"] = note
    base_sheets["agreements"][0]["title"] = name
    base_sheets["agreement_parties"][0]["responsibility"] = role
    base_sheets["forums"][0]["name"] = note
    base_sheets["programme"][0]["value"] = name
    first = _load_map(make_book(base_sheets))
    target = tmp_path / ("out.xlsx" if fmt == "xlsx" else "out")
    write_workbook(first, target)  # type: ignore[arg-type]
    second = _load_map(target)
    assert second == first
    assert second.actors[0].name == name  # type: ignore[attr-defined]
    # and once more, so what we write is also what we read
    target2 = tmp_path / ("out2.xlsx" if fmt == "xlsx" else "out2")
    write_workbook(second, target2)  # type: ignore[arg-type]
    assert _load_map(target2) == first


def test_a_formula_like_name_stays_text_in_xlsx(make_book: Callable[..., Path],
                                                base_sheets: Sheets, tmp_path: Path) -> None:
    base_sheets["actors"][0]["name"] = "=HYPERLINK(\"http://x\",\"click\")"
    smap = _load_map(make_book(base_sheets))
    path = write_workbook(smap, tmp_path / "f.xlsx")  # type: ignore[arg-type]
    ws = openpyxl.load_workbook(path)["actors"]
    assert ws["B2"].data_type == "s"
    assert _load_map(path) == smap


def test_zip_of_csvs_is_read(base_sheets: Sheets, tmp_path: Path) -> None:
    folder = write_csv_folder(tmp_path / "z", base_sheets)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f"programme/{f.name}")
    buf.seek(0)
    assert load(buf, filename="upload.zip").map == _load_map(folder)


def test_zip_with_path_traversal_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../etc/actors.csv", "id,name,sector\na,A,public\n")
    buf.seek(0)
    with pytest.raises(WorkbookReadError, match="unsafe path"):
        load(buf, filename="evil.zip")


def test_not_utf8_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "latin"
    folder.mkdir()
    (folder / "actors.csv").write_bytes("id,name,sector\na,Šiauliai,public\n".encode("cp1257"))
    result = load(folder, strict=False)
    assert result.map is None
    assert any("not UTF-8" in p.message and p.sheet == "actors" for p in result.errors)


def test_ragged_row_is_reported_not_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "ragged"
    folder.mkdir()
    (folder / "actors.csv").write_text("id,name,sector\na,A,public\nb,B,public,surplus\n")
    result = load(folder, strict=False)
    [problem] = result.errors
    assert (problem.sheet, problem.row, problem.value) == ("actors", 3, "surplus")


def test_blank_lines_do_not_shift_row_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "blank"
    folder.mkdir()
    (folder / "actors.csv").write_text("id,name,sector\na,A,public\n,,\nb,B,publik\n")
    [problem] = load(folder, strict=False).errors
    assert problem.row == 4


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"hello")
    with pytest.raises(WorkbookReadError, match="not a workbook"):
        load(path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(WorkbookReadError, match="not a readable"):
        load(broken)


def test_xlsx_bytes_round_trip_engagement(make_book: Callable[..., Path], base_sheets: Sheets
                                          ) -> None:
    smap = _load_map(make_book(base_sheets))
    data = xlsx_bytes(sheet_rows(smap))  # type: ignore[arg-type]
    again = load(io.BytesIO(data), filename="x.xlsx").map
    assert again == smap
    assert again is not None and again.actors[0].engagement is Engagement.LEADING
