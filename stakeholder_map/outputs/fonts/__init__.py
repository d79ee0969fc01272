"""The fonts every HTML file of ours embeds, so Latin (with the Baltic letters), Cyrillic and
Hebrew read the same on any computer, offline: no font is fetched from anywhere.

The files beside this module are WOFF2 subsets of Noto Sans, Noto Sans Hebrew, Noto Sans
Math and Noto Sans Symbols 2 (SIL Open Font License 1.1, ``OFL.txt``), one per script and
weight, made by ``scripts/fonts.sh``, which also writes ``faces.csv`` (file, weight,
unicode-range). The pages declare them as one family, :data:`FAMILY`, each face with its
``unicode-range``, so the browser takes each character from the face that has it.

Examples
--------
>>> [f.file for f in faces_for("Šiauliai — שלום")]
['hebrew-Regular.woff2']
>>> latin = faces()[0]
>>> latin.file, latin.covers(ord("ų")), latin.covers(ord("ж"))
('latin-Regular.woff2', True, False)
"""

from __future__ import annotations

import base64
import csv
import functools
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FAMILY", "STACK", "Face", "faces", "faces_for"]

FAMILY = "SM Noto Sans"
"""The family name the pages give the embedded faces (apart from any installed Noto)."""
STACK = f'"{FAMILY}", "Noto Sans", "Noto Sans Hebrew", "DejaVu Sans", Arial, sans-serif'
"""The font-family list of every page and chart: the embedded faces first."""

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Face:
    """One embedded font file: its weight, the characters it is used for and its data."""

    file: str
    weight: int
    unicode_range: str

    @functools.cached_property
    def ranges(self) -> tuple[tuple[int, int], ...]:
        out = []
        for part in self.unicode_range.split(","):
            first, _, last = part.strip().removeprefix("U+").partition("-")
            out.append((int(first, 16), int(last or first, 16)))
        return tuple(out)

    def covers(self, code: int) -> bool:
        """Whether the face is declared for the character ``code``."""
        return any(lo <= code <= hi for lo, hi in self.ranges)

    @property
    def data(self) -> str:
        """The file, base64-encoded, for a ``data:font/woff2`` URL."""
        return _data(self.file)


@functools.cache
def _data(file: str) -> str:
    return base64.b64encode((_HERE / file).read_bytes()).decode("ascii")


@functools.cache
def faces() -> tuple[Face, ...]:
    """Every embedded face, as ``faces.csv`` lists them."""
    with (_HERE / "faces.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(Face(row["file"], int(row["weight"]), row["unicode_range"])
                     for row in csv.DictReader(fh))


def faces_for(text: str, weights: tuple[int, ...] = (400,)) -> list[Face]:
    """The faces of ``weights`` beyond Latin that some character of ``text`` needs: what a
    chart embeds.

    Every page embeds all of :func:`faces`; an SVG chart, drawn as an image that cannot see
    the page's fonts, embeds only the faces for the scripts and signs a reader's computer
    may lack (Cyrillic, Hebrew, arrows, check marks). Latin — with every Baltic letter — is
    in every system's fonts, and embedding it in each of a pack's six charts would cost
    about 130 KB.
    """
    used = {ord(c) for c in text}
    return [f for f in faces() if f.weight in weights and not f.file.startswith("latin-")
            and any(f.covers(c) for c in used)]
