"""Time and peak memory to refuse the hostile workbooks, beside reading a real one (the peer).

    .venv/bin/python benchmarks/refuse_hostile.py [--runs 3] [--bomb-mb 2048]
    .venv/bin/python benchmarks/refuse_hostile.py far|bomb|peer      # one case, this process

Each case runs in a process of its own (its peak memory is then its own), the three cases
interleaved `--runs` times; the script prints each case's median seconds in the reader and
median peak resident memory beside the peer's, with the ratios. The peer is a valid workbook of
20,000 members read by the same reader in the same way. With a case named, only that case runs,
here, and prints its figures as one JSON line.
"""

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamngheo.settings")

import django  # noqa: E402

django.setup()

import xlsxwriter  # noqa: E402

from giamngheo.core.sheets import SheetError, read_sheets  # noqa: E402
from tests.hostile import corpus  # noqa: E402


def peer_workbook(rows: int = 20_000) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet("Thành viên")
    sheet.write_row(0, 0, ["Mã hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ", "Dân tộc", "Số CCCD"])
    for row in range(1, rows + 1):
        sheet.write_row(
            row, 0, [f"NT-{row:06d}", "Nguyễn Văn An", "15/03/1980", "Nam", "Con", "Kinh", "056080000123"]
        )
    book.close()
    return output.getvalue()


CASES = ("far", "bomb", "peer")


def one_case(case: str, bomb_mb: int) -> dict:
    content = {
        "far": corpus.far_cell_workbook,
        "bomb": lambda: corpus.bomb_workbook(bomb_mb),
        "peer": peer_workbook,
    }[case]()
    started = time.perf_counter()
    try:
        sheets = read_sheets(f"{case}.xlsx", content)
        outcome = f"read {sum(len(s.rows) for s in sheets)} rows"
    except SheetError as error:
        outcome = f"refused: {error.message}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": case, "kb": len(content) / 1024, "seconds": seconds, "peak_mib": peak, "outcome": outcome}


def interleaved(runs: int, bomb_mb: int) -> None:
    figures: dict[str, list[dict]] = {case: [] for case in CASES}
    for _ in range(runs):
        for case in CASES:
            done = subprocess.run(
                [sys.executable, __file__, case, "--bomb-mb", str(bomb_mb)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            figures[case].append(json.loads(done.stdout.strip().splitlines()[-1]))
    peer_seconds = statistics.median(f["seconds"] for f in figures["peer"])
    peer_peak = statistics.median(f["peak_mib"] for f in figures["peer"])
    for case in CASES:
        rows = figures[case]
        seconds = statistics.median(f["seconds"] for f in rows)
        peak = statistics.median(f["peak_mib"] for f in rows)
        print(
            f"{case}: {rows[0]['kb']:,.0f} KB file, {rows[0]['outcome']}; median of {runs}: {seconds:.3f} s in "
            f"the reader ({seconds / peer_seconds:.2f}× the peer), peak {peak:.0f} MiB "
            f"({peak / peer_peak:.2f}× the peer)"
        )
    print(f"load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("case", nargs="?", choices=CASES)
    parser.add_argument("--bomb-mb", type=int, default=2048)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(one_case(args.case, args.bomb_mb), ensure_ascii=False))
    else:
        interleaved(args.runs, args.bomb_mb)


if __name__ == "__main__":
    main()
