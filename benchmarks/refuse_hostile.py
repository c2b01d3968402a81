"""Time and memory to refuse the hostile workbooks, beside reading a real one.

    python benchmarks/refuse_hostile.py far|bomb|peer [--bomb-mb 2048]

Run each under `/usr/bin/time -v` for the peak memory ("Maximum resident set size");
the script prints the seconds spent in the reader and the file's size. The peer is a
valid workbook of 20,000 members read by the same reader in the same way.
"""

import argparse
import io
import os
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=["far", "bomb", "peer"])
    parser.add_argument("--bomb-mb", type=int, default=2048)
    args = parser.parse_args()
    content = {
        "far": corpus.far_cell_workbook,
        "bomb": lambda: corpus.bomb_workbook(args.bomb_mb),
        "peer": peer_workbook,
    }[args.case]()
    started = time.perf_counter()
    try:
        sheets = read_sheets(f"{args.case}.xlsx", content)
        outcome = f"read {sum(len(s.rows) for s in sheets)} rows"
    except SheetError as error:
        outcome = f"refused: {error.message}"
    seconds = time.perf_counter() - started
    print(f"{args.case}: {len(content) / 1024:.0f} KB file, {seconds:.3f} s in the reader, {outcome}")


if __name__ == "__main__":
    main()
