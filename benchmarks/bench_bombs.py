"""Peak memory of reading hostile workbooks (refused) and the largest accepted ones (issue 10).

Reproduce with ``.venv/bin/python benchmarks/bench_bombs.py`` (about 15 minutes on the
2-core reference machine, most of it writing and reading the 200k-actor workbooks;
``--quick`` leaves those out, ``--rows`` sets the size of the small accepted workbook).
The files are built by a child process and each read runs in a fresh process (see
``_measure.py``) started from this small one: Linux carries a process's peak resident size
across ``exec``, so a large parent would inflate every number. Every read uses the default
limits (``ReadLimits()``).
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import measure

_READ = """
from stakeholder_map.errors import StakeholderMapError
from stakeholder_map.workbook.validate import load
try:
    result = load({path!r}, strict=False)
    INFO = "accepted" if result.map is not None else f"invalid: {{len(result.errors)}} errors"
except StakeholderMapError as exc:
    INFO = "refused: " + str(exc).split(": ", 1)[1][:100]
"""

Writer = Callable[[Path], None]


def _bytes(data: bytes) -> Writer:
    return lambda path: path.write_bytes(data)


def _write_cases(folder: Path, rows: int, quick: bool) -> None:
    """Build every case in ``folder`` (run in a child) and list them in ``cases.json``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_bounded_reading import DAMAGED, ODS_BOMBS, XLS_CORNER, corner_xlsx, ods_bytes

    cases: list[tuple[str, str, Writer]] = [
        (f"accepted: {rows} actors + {rows} ties", "xlsx", _bytes(_accepted(rows))),
    ]
    if not quick:
        cases += [("accepted: 200k actors, 2M ties (CSV)", "", _synth("csv")),
                  ("accepted: 200k actors, 2M ties (xlsx)", "xlsx", _synth("xlsx"))]
    cases += [
        ("corner A1 + XFD1048576", "xlsx", _bytes(corner_xlsx())),
        ("xlsx bomb (200 MB cell)", "xlsx", _bytes(_bomb_xlsx())),
        ("xlsx text bomb (2M cells × 30k chars)", "xlsx", _bytes(_text_bomb())),
        *((f"ods {what}", "ods", _bytes(ods_bytes({"actors": body})))
          for what, body, _ in ODS_BOMBS),
        ("xls corner (65,536 × 256 cells)", "xls", _bytes(XLS_CORNER)),
        ("zip bomb (190 MB CSV)", "zip", _bytes(_bomb_zip())),
        ("CSV of 2,000,001 short rows", "", _csv_folder("source\n" + "a\n" * 2_000_001)),
        ("CSV with one 100,001-field row", "", _csv_folder(
            "source,target,type\n" + "," * 100_000 + "\n" + "a,b,collaboration\n" * 50_000)),
        ("CSV of 3 GiB (sparse file)", "", _sparse_folder),
        *((f"{kind} {what}", kind, _bytes(data)) for kind, what, data, _ in DAMAGED),
    ]
    listing = []
    for n, (name, kind, write) in enumerate(cases):
        path = folder / (f"case{n}.{kind}" if kind else f"case{n}")
        write(path)
        size = (sum(f.stat().st_size for f in path.iterdir()) if path.is_dir()
                else path.stat().st_size)
        listing.append((name, str(path), size))
    (folder / "cases.json").write_text(json.dumps(listing))


def _accepted(rows: int) -> bytes:
    """An actors sheet of ``rows`` people and a ring of ties, written as Excel would."""
    from test_bounded_reading import grid_rows, xlsx_bytes

    actors = [["id", "name", "sector", "engagement", "notes"]] + [
        [f"a{i}", f"Person {i}", "public", "active", "x" * 40] for i in range(rows)]
    ties = [["source", "target", "type"]] + [
        [f"a{i}", f"a{(i + 1) % rows}", "collaboration"] for i in range(rows)]
    return xlsx_bytes({"actors": grid_rows(actors), "ties": grid_rows(ties)})


def _synth(kind: str) -> Writer:
    """200,000 actors and 2,000,000 ties written by ``stakeholder-map synth``."""
    def write(path: Path) -> None:
        from stakeholder_map.workbook.synth import synthesize
        from stakeholder_map.workbook.write import write_workbook

        write_workbook(synthesize(200_000, seed=1, ties_per_actor=10.0), path)
    del kind  # the suffix of the path chooses: .xlsx, or a folder of CSV files
    return write


def _bomb_xlsx() -> bytes:
    from test_bounded_reading import cell, row, xlsx_bytes
    return xlsx_bytes({"actors": row(1, cell("A1", "id"))
                       + row(2, cell("A2", "x" * 200_000_000))})


def _text_bomb() -> bytes:
    """4.3 MB, every part within the 200:1 ratio: 10,000 rows × 200 cells, every one showing
    the same 30,000-character shared string (60 billion characters once unpacked)."""
    from openpyxl.utils import get_column_letter
    from test_bounded_reading import row, shared_cell, xlsx_bytes

    columns = [get_column_letter(c) for c in range(1, 201)]
    body = row(1, shared_cell("A1", 0)) + "".join(
        row(r, *(shared_cell(f"{c}{r}", 1) for c in columns)) for r in range(2, 10_002))
    return xlsx_bytes({"actors": body}, shared=["id", "y" * 30_000])


def _bomb_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("actors.csv", "id,name,sector\n" + "a" * 190_000_000)
    return buf.getvalue()


def _csv_folder(ties: str) -> Writer:
    def write(path: Path) -> None:
        path.mkdir()
        (path / "actors.csv").write_text("id,name,sector\na,Alpha,public\nb,Beta,public\n")
        (path / "ties.csv").write_text(ties)
    return write


def _sparse_folder(path: Path) -> None:
    _csv_folder("")(path)
    with (path / "ties.csv").open("r+b") as fh:
        fh.truncate(3 * 1024**3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000,
                        help="actors (and ties) in the small accepted workbook")
    parser.add_argument("--quick", action="store_true",
                        help="leave out the 200k-actor / 2M-tie workbooks")
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        _write_cases(args.write, args.rows, args.quick)
        return
    print(f"{'case':<40} {'file KB':>10} {'seconds':>8} {'peak MiB':>9}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--write", tmp,
                        *(["--quick"] if args.quick else [])], check=True)
        for name, path, size in json.loads((Path(tmp) / "cases.json").read_text()):
            result = measure(_READ.format(path=path))
            print(f"{name:<40} {size / 1024:>10.1f} {result['seconds']:>8.2f} "
                  f"{result['peak_mib']:>9.0f}  {result['info']}", flush=True)


if __name__ == "__main__":
    main()
