"""Start-up of the `giamngheo` command: `giamngheo --help` (no Django, no Polars) against a bare
interpreter start (`python -c pass`), interleaved, median of --runs. Target: ≤ 0.2 s.

    .venv/bin/python benchmarks/cli_start.py --runs 7
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    script = str(Path(sys.executable).with_name("giamngheo"))
    commands = {
        "giamngheo --help": [script, "--help"],
        "giamngheo help": [script, "help"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times[name].append(time.perf_counter() - started)
    bare = statistics.median(times["python -c pass"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name}: {median:.3f} s (median of {args.runs}), {median / bare:.2f}× a bare interpreter start"
        )


if __name__ == "__main__":
    main()
