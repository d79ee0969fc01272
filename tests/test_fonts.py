"""The fonts the pack and the map embed: present, licensed, and covering every letter the
six languages' catalogs and the sample programmes use."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from stakeholder_map import load
from stakeholder_map.outputs.fonts import FAMILY, faces, faces_for
from stakeholder_map.outputs.report.pack import readiness_pack
from stakeholder_map.outputs.standalone_map import standalone_map
from stakeholder_map.samples import SAMPLES_DIR, sample_programmes

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "stakeholder_map" / "outputs" / "fonts"
LOCALE = ROOT / "stakeholder_map" / "locale"

# by hand: the letters of the Lithuanian, Latvian and Estonian alphabets beyond ASCII,
# the Russian alphabet, and the Hebrew letters with the final forms
BALTIC = "ąčęėįšųūžĄČĘĖĮŠŲŪŽāēģīķļņĀĒĢĪĶĻŅõäöüÕÄÖÜ"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
HEBREW = "אבגדהוזחטיךכלםמןנסעףפץצקרשת"


def covered(char: str) -> bool:
    return any(f.covers(ord(char)) for f in faces())


def uncovered(text: str) -> set[str]:
    """Characters no embedded face is declared for (invisible format characters aside)."""
    return {c for c in text if unicodedata.category(c) not in ("Cf", "Cc", "Zl", "Zp")
            and not covered(c)}


def test_every_face_is_a_woff2_file_of_the_embedded_family() -> None:
    listed = {f.file for f in faces()}
    assert listed == {p.name for p in FONTS.glob("*.woff2")}
    for face in faces():
        assert (FONTS / face.file).read_bytes()[:4] == b"wOF2", face.file
        assert face.weight in (400, 700)
    assert {f.weight for f in faces() if f.covers(ord("א"))} == {400, 700}
    licence = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Noto Sans Hebrew" in licence


def test_the_faces_cover_the_three_scripts() -> None:
    assert uncovered(BALTIC + CYRILLIC + HEBREW + "0123456789 .,;:!?()«»„“”—–…%") == set()
    assert covered("ų") and covered("ж") and covered("ש") and not covered("中")


@pytest.mark.parametrize("lang", ["lt", "lv", "et", "ru", "he"])
def test_every_letter_of_the_outputs_catalog_is_covered(lang: str) -> None:
    with (LOCALE / lang / "LC_MESSAGES" / "outputs.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    text = "".join(s for m in catalog if m.id
                   for s in (m.string if isinstance(m.string, (tuple, list)) else (m.string,)))
    assert len(text) > 10_000
    assert uncovered(text) == set()


@pytest.mark.parametrize("name", sample_programmes())
def test_every_letter_of_the_sample_programmes_is_covered(name: str) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in (SAMPLES_DIR / name).glob("*.csv"))
    assert uncovered(text) == set()


def test_pack_and_map_embed_every_face_and_fetch_none() -> None:
    smap = load(SAMPLES_DIR / "kehila_metiva").map
    assert smap is not None
    for page in (readiness_pack(smap, images=False, lang="he"), standalone_map(smap)):
        declared = re.findall(r'@font-face \{ font-family: "SM Noto Sans"; [^}]*'
                              r"src: url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", page)
        assert len(declared) == len(faces())
        assert "font-src data:" in page
        assert not re.search(r"url\(\s*(?!['\"]?data:)", page)
        assert f'"{FAMILY}"' in page


def test_fonts_add_under_100_kb_to_a_page() -> None:
    smap = load(SAMPLES_DIR / "smolensk_volunteers").map
    assert smap is not None
    page = readiness_pack(smap, images=False).encode("utf-8")
    fonts = sum(len(m) for m in re.findall(rb"@font-face \{[^}]*\}", page))
    raw = sum((FONTS / f.file).stat().st_size for f in faces())
    assert raw * 4 / 3 <= fonts < 100_000  # base64 of the files, and the rules around it


def test_a_chart_embeds_only_the_faces_its_text_needs_beyond_latin() -> None:
    assert faces_for("Ąžuolas 12") == []  # Latin, Baltic letters too: every system has them
    assert {f.file for f in faces_for("Ąžuolas Жук שלום ≥")} == {
        "cyrillic-Regular.woff2", "hebrew-Regular.woff2", "math-Regular.woff2"}
