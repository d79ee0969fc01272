"""Validation problems and reading refusals in the six languages (issue 11).

A workbook's problems are written when it is read, in the language of the read; only the
sentences a person reads (``message``, ``expected``, ``suggestion``) change with it — the
sheet, row, column and value a problem points at are the same in every language. The
pseudo-locale ``qps`` brackets every catalog string (``⟦…⟧``), so a sentence that escaped
the catalog shows as plain letters outside the brackets. Expected words are written here
by hand (docs/glossary/), plural forms and digit grouping worked out by each language's
rule — never read back from what the code produced.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from stakeholder_map.errors import Problem, WorkbookReadError
from stakeholder_map.i18n import LANGUAGES, use_language
from stakeholder_map.samples import SAMPLES_DIR
from stakeholder_map.workbook.isolated import ChildLimits, IsolatedReadError, load_isolated
from stakeholder_map.workbook.limits import ReadLimits
from stakeholder_map.workbook.validate import LoadResult, load

from .test_bounded_reading import (
    ACTORS,
    DAMAGED,
    ODS_BOMBS,
    TIES,
    XLS_CORNER,
    corner_xlsx,
    csv_zip,
    grid_rows,
    ods_bytes,
    shared_xlsx,
    text_bomb_xlsx,
    valid_ods,
    valid_xlsx,
    xlsx_bytes,
)

BROKEN = SAMPLES_DIR / "broken"
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
TEXTS = ("message", "expected", "suggestion")
_LETTER = re.compile(r"[^\W\d_]")
_BRACKETED = re.compile(r"⟦[^⟦⟧]*⟧")


def read(source: Path | bytes, lang: str, *, name: str = "book.xlsx",
         skip_invalid: bool = False, limits: ReadLimits | None = None) -> LoadResult:
    with use_language(lang):
        if isinstance(source, bytes):
            return load(io.BytesIO(source), filename=name, strict=False,
                        skip_invalid=skip_invalid, limits=limits or ReadLimits())
        return load(source, strict=False, skip_invalid=skip_invalid,
                    limits=limits or ReadLimits())


def refusal(make: Callable[[], LoadResult], lang: str) -> str:
    with use_language(lang), pytest.raises(WorkbookReadError) as caught:
        make()
    return str(caught.value)


def outside_brackets(text: str) -> str:
    """What is left of a pseudo-locale text once every ⟦…⟧ (nested ones too) is taken out."""
    while True:
        shorter = _BRACKETED.sub("", text)
        if shorter == text:
            return text
        text = shorter


def assert_only_data(text: str, data: list[str]) -> None:
    """``text`` (in ``qps``) is catalog pieces plus data: no letter is left once the
    bracketed pieces and the data are taken out."""
    rest = outside_brackets(text)
    for item in sorted((d for d in data if d), key=len, reverse=True):
        rest = rest.replace(item, "")
    assert not _LETTER.search(rest), (text, rest)


def where(p: Problem) -> tuple[object, ...]:
    return (p.sheet, p.row, p.column, p.value, p.severity)


# --- a workbook with one of each problem the broken sample does not have --------------------


def many_problems(folder: Path) -> Path:
    """CSV files holding the problems the broken sample lacks (worked out by hand below)."""
    folder.mkdir()
    files = {
        # an unnamed 4th column; 'Notes' repeats 'notes'; x1 → x2 → x1 loop; x3 its own
        # parent; a control character; a 25-character note (the limit is set to 20); a row
        # with a value past the header's 7 columns
        "actors.csv": "id,name,sector,,parent,notes,Notes\n"
                      "x1,X One,public,,x2,bad\x01ctl,\n"
                      "x2,X Two,public,,x1,,\n"
                      "x3,X Three,public,,x3,,\n"
                      "x4,X Four,public,,," + "n" * 25 + ",\n"
                      "x5,X Five,public,,,,,beyond\n",
        "relations.csv": "source,target,type\nx1,x2,collaboration\n",   # ties, given twice
        "ties.csv": b"source,target,type,notes\nx1,x2,collaboration,caf\xe9\n",  # not UTF-8
        "agreements.csv": "id,title,signed,expires\nag1,Plan,2024-01-01,2023-01-01\n",
        "agreement_parties.csv": "agreement,actor\nag1,x1\nag1,x1\n",
        "forums.csv": "id,name\nf1,Board\n",
        "forum_members.csv": "forum,actor,role\nf1,x1,boss\n",
        "sectors.csv": "name,core\nExtra,yes\n",                      # no id column
        "programme.csv": "key,value\n,x\nname,A\nname,B\nas_of,31/12/2024\nlanguage,fr\n",
        "extra.csv": "a,b\n1,2\n",                                      # not a sheet of ours
    }
    for name, text in files.items():
        data = text if isinstance(text, bytes) else text.encode()
        (folder / name).write_bytes(data)
    return folder


MANY_MESSAGES = {  # English, by hand: what each line of many_problems is there for
    "column has no header", "column appears twice (names ignore case and spaces)",
    "an actor cannot be its own parent",
    "cell holds a control character (\\x01)", "cell holds 25 characters",
    "row has cells beyond the 7 columns the header names",
    "sheet 'ties' is given twice; this copy was ignored",
    "the file is not UTF-8 text (first at byte 48, in row 2; undecodable bytes are shown as �)",
    "the agreement cannot expire before it was signed",
    "the actor is listed twice as a party of this agreement", "unknown forum role",
    "required column is missing", "setting name is missing", "setting given twice",
    "as_of: not a date", "language: not one the tool speaks",
    "sheet is not part of the format and was not read",
}
LIMITS = ReadLimits(max_cell_chars=20)


def test_many_problems_has_what_it_is_built_for(tmp_path: Path) -> None:
    messages = {p.message for p in read(many_problems(tmp_path / "m"), "en",
                                        limits=LIMITS).problems}
    assert messages >= MANY_MESSAGES, MANY_MESSAGES - messages
    # the loop is named from whichever of its actors the graph walk starts at
    assert messages & {"parents loop back: x1 → x2 → x1", "parents loop back: x2 → x1 → x2"}


# --- the same problems in every language ----------------------------------------------------


def _books(tmp_path: Path) -> list[tuple[Path, bool, ReadLimits]]:
    no_actors = tmp_path / "no-actors"
    no_actors.mkdir()
    (no_actors / "ties.csv").write_text("source,target,type\na,b,collaboration\n")
    return [(BROKEN, False, ReadLimits()), (BROKEN, True, ReadLimits()),
            (many_problems(tmp_path / "many"), True, LIMITS), (no_actors, False, ReadLimits())]


def test_the_problems_point_at_the_same_cells_in_every_language(tmp_path: Path) -> None:
    for book, skip, limits in _books(tmp_path):
        english = read(book, "en", skip_invalid=skip, limits=limits).problems
        assert english
        for lang in TRANSLATED:
            problems = read(book, lang, skip_invalid=skip, limits=limits).problems
            assert [where(p) for p in problems] == [where(p) for p in english], (book, lang)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_sentence_of_every_problem_is_translated(tmp_path: Path, lang: str) -> None:
    for book, skip, limits in _books(tmp_path):
        english = read(book, "en", skip_invalid=skip, limits=limits).problems
        for en, p in zip(english, read(book, lang, skip_invalid=skip, limits=limits).problems,
                         strict=True):
            for text in TEXTS:
                ours, theirs = getattr(en, text), getattr(p, text)
                assert "⟦" not in theirs
                assert bool(ours) == bool(theirs), (text, en, p)
                if ours:
                    assert theirs != ours, (lang, text, ours)


def test_the_broken_sample_in_russian_lithuanian_and_hebrew_by_hand() -> None:
    """A few problems of the broken sample as each language writes them (the glossary's
    words: участник, dalyvis, שחקן)."""
    expected = {
        "ru": [("actors", 4, "не число", "число от 0 до 5", ""),
               ("actors", 5, "повторяющийся идентификатор", "каждый идентификатор только один "
                "раз", "он уже используется в строке 2"),
               ("ties", 3, "нет участника с таким идентификатором",
                "идентификатор строки на листе actors", ""),
               ("ties", 5, "неизвестный тип связи", "одно из: influence, collaboration, "
                "communication, funding, reports_to, tension",
                "возможно, имелось в виду 'collaboration'?")],
        "lt": [("actors", 9, "nežinoma rūšis", "vienas iš: organisation, unit, person, group",
                "gal turėjote omenyje 'person'?"),
               ("ties", 8, "ryšys negali baigtis anksčiau, nei prasidėjo",
                "data ne ankstesnė nei 2023-06-01", "")],
        "he": [("programme", 3, "ארגון השדרה אינו שחקן", "המזהה של ארגון השדרה בגיליון actors",
                ""),
               ("ties", 4, "קשר משחקן לעצמו", "שני שחקנים שונים", "")],
    }
    for lang, rows in expected.items():
        problems = read(BROKEN, lang).problems
        for sheet, row, message, wanted, suggestion in rows:
            found = [(p.message, p.expected, p.suggestion) for p in problems
                     if (p.sheet, p.row) == (sheet, row) and p.message == message]
            assert found == [(message, wanted, suggestion)], (lang, sheet, row, problems)


def _long_cell(tmp_path: Path, length: int) -> Path:
    folder = tmp_path / f"long{length}"
    folder.mkdir()
    (folder / "actors.csv").write_text(f"id,name,sector\na,{'x' * length},public\n")
    return folder


# each language's plural rule for the count, worked out by hand: 21 and 22 and 25 (Russian
# 21 символ / 22 символа / 25 символов; Lithuanian 21 simbolis / 22 simboliai; Latvian 21
# rakstzīme, 25 rakstzīmes; Hebrew and Estonian one form past 1)
PLURALS = {
    ("ru", 21): "в ячейке 21 символ", ("ru", 22): "в ячейке 22 символа",
    ("ru", 25): "в ячейке 25 символов", ("lt", 21): "langelyje yra 21 simbolis",
    ("lt", 22): "langelyje yra 22 simboliai", ("lv", 21): "šūnā ir 21 rakstzīme",
    ("lv", 25): "šūnā ir 25 rakstzīmes", ("et", 22): "lahtris on 22 märki",
    ("he", 25): "התא מכיל 25 תווים",
}


@pytest.mark.parametrize(("lang", "length"), list(PLURALS))
def test_counts_take_each_languages_plural_form(tmp_path: Path, lang: str, length: int) -> None:
    problems = read(_long_cell(tmp_path, length), lang, limits=ReadLimits(max_cell_chars=20))
    assert [p.message for p in problems.errors] == [PLURALS[lang, length]]


# --- the pseudo-locale: nothing escaped the catalog ----------------------------------------


def test_every_problem_is_catalog_pieces_and_data(tmp_path: Path) -> None:
    checked = 0
    for book, skip, limits in _books(tmp_path):
        for p in read(book, "qps", skip_invalid=skip, limits=limits).problems:
            # the 'as_of' key leads its date problem as the workbook names it
            data = [p.value, p.sheet, p.column or "", "as_of"]
            for text in TEXTS:
                assert_only_data(getattr(p, text), data)
                checked += bool(getattr(p, text))
    assert checked > 60


def _folder_without_csvs(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir(exist_ok=True)
    (folder / "notes.md").write_text("nothing here\n")
    return folder


def _zip(members: dict[str, str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _xlsb() -> bytes:
    return _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.bin": "\x83"})


def _refusals(tmp_path: Path) -> dict[str, Callable[[], LoadResult]]:
    """Every way a read is refused, each one built as in test_bounded_reading."""
    def of(data: bytes, name: str, **limits: int) -> Callable[[], LoadResult]:
        return lambda: load(io.BytesIO(data), filename=name, strict=False,
                            limits=ReadLimits(**limits))

    cases = {f"{kind} {what}": of(data, f"damaged.{kind}")
             for kind, what, data, _ in DAMAGED}
    cases |= {f"ods {what}": of(ods_bytes({"actors": rows}), "bomb.ods")
              for what, rows, _ in ODS_BOMBS}
    big = ("id,name,sector,notes\na,Alpha,public," + "x" * (3 << 19) + "\n").encode()
    ratio = _zip({"actors.csv": "id,name,sector,notes\na,Alpha,public," + "ab" * 600_000})
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "actors.csv").write_bytes(big)
    (folder / "ties.csv").write_text("source,target,type\n")
    two_sheets = shared_xlsx({"actors": ACTORS, "ties": TIES})
    cases |= {
        "corner": of(corner_xlsx(), "corner.xlsx"),
        "text bomb": of(text_bomb_xlsx(40_000), "bomb.xlsx"),
        "text with the sheets before": of(two_sheets, "two.xlsx", max_text_chars=67),
        "xls": of(XLS_CORNER, "corner.xls"),
        "xlsb": of(_xlsb(), "binary.xlsx"),
        "not a zip": of(b"id,name\n", "text.xlsx"),
        "rows xlsx": of(valid_xlsx(), "book.xlsx", max_rows=1),
        "columns ods": of(valid_ods(), "book.ods", max_columns=2),
        "cells zip": of(csv_zip(), "book.zip", max_cells=8),
        "csv fields": of(b"id,name,sector\na,b,c\n", "actors.csv", max_columns=2),
        "declared size": of(xlsx_bytes({"actors": grid_rows(ACTORS)}, {"actors": "A1:C9"}),
                            "dim.xlsx", max_rows=5),
        "shared strings": of(xlsx_bytes({"actors": grid_rows(ACTORS)}, shared=["s"] * 11),
                             "many.xlsx", max_cells=10),
        "file size": of(big, "actors.csv", max_file_mb=1),
        "member size": of(_zip({"actors.csv": big.decode()}, zipfile.ZIP_STORED), "big.zip",
                          max_file_mb=1),
        "zip total": of(_zip({"actors.csv": big.decode(), "ties.csv": big.decode()},
                             zipfile.ZIP_STORED), "two.zip", max_total_mb=2),
        "spreadsheet total": of(xlsx_bytes({"actors": grid_rows(ACTORS)},
                                           shared=["y" * (1 << 20)] * 2), "parts.xlsx",
                                max_total_mb=1, max_compression_ratio=100_000),
        "calamine": of(_zip({"[Content_Types].xml": "<Types/>", "xl/x.xml": "<a/>"}),
                       "odd.xlsx"),
        "ratio": of(ratio, "ratio.zip"),
        "folder total": lambda: load(folder, strict=False, limits=ReadLimits(max_total_mb=1)),
        "no such file": lambda: load(tmp_path / "missing.xlsx", strict=False),
        "folder without csv": lambda: load(_folder_without_csvs(tmp_path), strict=False),
        "zip without csv": of(_zip({"readme.txt": "hi"}), "docs.zip"),
        "not a workbook": of(b"%PDF-1.4", "paper.pdf"),
        "unsafe path": of(_zip({"../actors.csv": "id\n"}), "evil.zip"),
    }
    return cases


def test_every_refusal_is_catalog_pieces_and_data(tmp_path: Path) -> None:
    cases = _refusals(tmp_path)
    for what, make in cases.items():
        english = refusal(make, "en")
        text = refusal(make, "qps")
        # data: the file named (path or upload name), the option that raises a limit
        assert_only_data(text, [str(tmp_path), *re.findall(r"--max-[a-z-]+", text),
                                *re.findall(r"'[^']*'", english)])
        assert "\n" not in text, what


@pytest.mark.parametrize("lang", ["lt", "ru", "he"])
def test_every_refusal_is_translated(tmp_path: Path, lang: str) -> None:
    for what, make in _refusals(tmp_path).items():
        english, text = refusal(make, "en"), refusal(make, lang)
        assert text != english and "⟦" not in text, (what, text)
        for option in re.findall(r"--max-[a-z-]+", english):
            assert option in text, (what, text)   # the option names stay as they are


def test_numbers_in_a_refusal_are_written_as_the_language_writes_them() -> None:
    # CLDR: Russian groups digits with a no-break space and writes a decimal comma;
    # Hebrew groups with a comma, as English does
    bomb = text_bomb_xlsx(40_000)
    ru = refusal(lambda: load(io.BytesIO(bomb), filename="b.xlsx", strict=False), "ru")
    assert "1\u00a0200\u00a0000\u00a0002 символа" in ru          # 2 → символа
    assert "не больше 1\u00a0000\u00a0000\u00a0000 симв." in ru
    he = refusal(lambda: load(io.BytesIO(bomb), filename="b.xlsx", strict=False), "he")
    assert "1,200,000,002 תווים" in he
    big = b"id,name,sector,notes\na,Alpha,public," + b"x" * (3 << 19) + b"\n"  # 1.5 MB
    ru = refusal(lambda: load(io.BytesIO(big), filename="actors.csv", strict=False,
                              limits=ReadLimits(max_file_mb=1)), "ru")
    assert ru == ("actors.csv: файл занимает 1,5 МБ, а допускается не больше 1 МБ (предел "
                  "можно увеличить параметром --max-file-mb)")


# --- the reader in a child process speaks the caller's language ------------------------------


def test_the_isolated_reader_writes_in_the_callers_language() -> None:
    with use_language("ru"), pytest.raises(WorkbookReadError) as caught:
        load_isolated(corner_xlsx(), "corner.xlsx")
    # declared 16,384 columns: 16384 ends in 4 (not 14), so Russian says столбца
    assert str(caught.value) == (
        "corner.xlsx: лист 'actors' указывает свой размер как A1:XFD1048576: 16\u00a0384 "
        "столбца, а допускается не больше 200 (предел можно увеличить параметром "
        "--max-columns) — удалите строки и столбцы за пределами ваших данных (или разделите "
        "лист) и сохраните файл заново")
    with use_language("lt"):
        result = load_isolated(b"id,name,sector\na,Alpha,publc\n", "actors.csv")
    assert [(p.row, p.column, p.message) for p in result.errors] == [
        (2, "sector", "nežinomas sektorius")]


def test_a_child_out_of_memory_is_told_in_the_language() -> None:
    data = b"id,name,sector\n" + b"a" * (60 << 20) + b",x,public\n"
    for lang, wanted in (
            ("ru", "actors.csv: файл не удалось прочитать в пределах 512 МБ / 60 с — возможно, "
                   "он повреждён или слишком велик (не хватило памяти); разделите его на "
                   "рабочие книги поменьше или попросите администратора увеличить "
                   "STAKEHOLDER_MAP_UPLOAD_MEMORY_MB / STAKEHOLDER_MAP_UPLOAD_SECONDS"),
            ("qps", None)):
        with use_language(lang), pytest.raises(IsolatedReadError) as caught:
            load_isolated(data, "actors.csv", limits=ChildLimits(512, 60))
        text = str(caught.value)
        if wanted:
            assert text == wanted
        else:
            assert_only_data(text, ["STAKEHOLDER_MAP_UPLOAD_MEMORY_MB",
                                    "STAKEHOLDER_MAP_UPLOAD_SECONDS"])
