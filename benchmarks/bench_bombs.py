"""Peak memory of reading hostile workbooks (refused) and a large accepted one (issue 10).

Reproduce with ``.venv/bin/python benchmarks/bench_bombs.py`` (``--rows`` sets the
accepted workbook's size). The files are built by a child process and each read runs in
a fresh process (see ``_measure.py``) started from this small one: Linux carries a
process's peak resident size across ``exec``, so a large parent would inflate every number.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
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
    INFO = "refused: " + str(exc).split(": ", 1)[1][:90]
"""


def _write_cases(folder: Path, rows: int) -> None:
    """Build every case in ``folder`` (run in a child) and list them in ``cases.json``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_bounded_reading import DAMAGED, corner_xlsx

    cases: list[tuple[str, str, bytes]] = [
        (f"accepted: {rows} actors + {rows} ties", "xlsx", _accepted(rows)),
        ("corner A1 + XFD1048576", "xlsx", corner_xlsx()),
        ("xlsx bomb (200 MB cell)", "xlsx", _bomb_xlsx()),
        ("zip bomb (190 MB CSV)", "zip", _bomb_zip()),
        *((f"{kind} {what}", kind, data) for kind, what, data, _ in DAMAGED),
    ]
    listing = []
    for n, (name, kind, data) in enumerate(cases):
        path = folder / f"case{n}.{kind}"
        path.write_bytes(data)
        listing.append((name, str(path), len(data)))
    (folder / "cases.json").write_text(json.dumps(listing))


def _accepted(rows: int) -> bytes:
    from test_bounded_reading import grid_rows, xlsx_bytes

    """An actors sheet of ``rows`` people and a ring of ties, written as Excel would."""
    actors = [["id", "name", "sector", "engagement", "notes"]] + [
        [f"a{i}", f"Person {i}", "public", "active", "x" * 40] for i in range(rows)]
    ties = [["source", "target", "type"]] + [
        [f"a{i}", f"a{(i + 1) % rows}", "collaboration"] for i in range(rows)]
    return xlsx_bytes({"actors": grid_rows(actors), "ties": grid_rows(ties)})


def _bomb_xlsx() -> bytes:
    from test_bounded_reading import cell, row, xlsx_bytes
    return xlsx_bytes({"actors": row(1, cell("A1", "id"))
                       + row(2, cell("A2", "x" * 200_000_000))})


def _bomb_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("actors.csv", "id,name,sector\n" + "a" * 190_000_000)
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000,
                        help="actors (and ties) in the accepted workbook")
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        _write_cases(args.write, args.rows)
        return
    print(f"{'case':<40} {'file KB':>9} {'seconds':>8} {'peak MiB':>9}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--write", tmp],
                       check=True)
        for name, path, size in json.loads((Path(tmp) / "cases.json").read_text()):
            result = measure(_READ.format(path=path))
            print(f"{name:<40} {size / 1024:>9.1f} {result['seconds']:>8.2f} "
                  f"{result['peak_mib']:>9.0f}  {result['info']}", flush=True)


if __name__ == "__main__":
    main()
