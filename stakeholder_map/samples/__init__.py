"""The sample programmes that ship with stakeholder-map, one workbook (a folder of CSVs) each.

They are built from five real programme documents (see ``README.md`` in this folder for
what each took from its document and what is invented). ``broken`` is a workbook with
documented faults (``broken/PROBLEMS.md``) that shows what validation reports.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SAMPLES_DIR", "sample_path", "sample_programmes"]

SAMPLES_DIR = Path(__file__).resolve().parent
"""The folder holding the sample workbooks, wherever the package is installed."""


def sample_programmes() -> list[str]:
    """The names of the valid sample programmes, in name order (``broken`` left out)."""
    return sorted(p.name for p in SAMPLES_DIR.iterdir()
                  if p.is_dir() and (p / "actors.csv").is_file() and p.name != "broken")


def sample_path(name: str) -> Path:
    """The folder of one sample workbook, e.g. ``sample_path("kehila_metiva")``.

    >>> sample_path("kehila_metiva").name
    'kehila_metiva'
    """
    path = SAMPLES_DIR / name
    if not (path / "actors.csv").is_file():
        from stakeholder_map.errors import UnknownSample

        raise UnknownSample(name, sample_programmes())
    return path
