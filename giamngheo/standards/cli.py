"""`giamngheo standards` and `giamngheo classify`: the engine on the command line, without Django.

    giamngheo standards
    giamngheo standards --for-review 2026
    giamngheo classify --standard 2022-2025 households.csv [-o classified.csv]

The CSV contract is `/work/shared/formats/household-csv.md` (exit 2 and one
problem per line on standard error for invalid input, in Vietnamese with the contract's
`line N, column NAME: reason` after it; nothing is written then).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

from giamngheo.core.argerrors import ArgumentParser
from giamngheo.standards import engine
from giamngheo.standards.engine.csvio import CsvInputError, read_households_csv, write_classified_csv
from giamngheo.standards.engine.explain import vnd
from giamngheo.standards.engine.selection import standard_for_periodic_review

INVALID = 2


def main(argv: list[str]) -> int:
    """Run a sub-command; `argv` starts with its name ('standards' or 'classify'). Returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error argparse has already printed
        return int(exit_.code or 0)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="giamngheo", description="Poverty standards and classification.")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser(
        "standards",
        help="list the standards with period, legal basis and lines",
        description=_standards.__doc__,
    )
    listing.add_argument(
        "--for-review",
        type=int,
        metavar="YEAR",
        help="print the id of the standard of the periodic review held in YEAR, then why (in Vietnamese)",
    )
    listing.set_defaults(run=_standards)
    classify = commands.add_parser(
        "classify",
        help="classify the households of a CSV file under a standard",
        description=_classify.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    classify.add_argument(
        "--standard",
        required=True,
        metavar="STANDARD_ID",
        help="id (see `giamngheo standards`) or a standard file",
    )
    classify.add_argument("input", metavar="INPUT.csv", help="households, one per row (UTF-8, header row)")
    classify.add_argument(
        "-o", "--output", metavar="OUTPUT.csv", help="where to write the result (default: standard output)"
    )
    classify.set_defaults(run=_classify)
    return parser


def _standards(args: argparse.Namespace) -> int:
    """List every standard (national, then local ones from GIAMNGHEO_STANDARDS_DIR) with its period,
    legal basis, rule, income lines (VND per person per month) and indicators. With --for-review
    YEAR: the id of the standard the periodic review of YEAR applies (line 1) and why (line 2)."""
    if args.for_review is not None:
        return _for_review(args.for_review)
    try:
        standards = engine.available_standards()
    except engine.EngineError as error:
        print(error, file=sys.stderr)
        return INVALID
    for standard in standards:
        scope = "national" if standard.national else f"local, province {standard.province}"
        print(f"{standard.id}  {standard.name}  ({scope})")
        print(f"  in force: {standard.valid_from} to {standard.valid_to}; rule: {standard.rule}")
        for basis in standard.legal_basis:
            date = f" ({basis.date})" if basis.date else ""
            mark = "" if basis.confirmed else " [unconfirmed]"
            print(f"  legal basis: {basis.title}{date}{', ' + basis.article if basis.article else ''}{mark}")
        for line in standard.income_lines.values():
            amounts = f"rural {vnd(line.rural)}, urban {vnd(line.urban)}" if line.defined else "not defined"
            mark = "" if line.confirmed else " [unconfirmed]"
            print(f"  {line.name}: {amounts}{mark}")
        if standard.indicators:
            codes = ", ".join(i.code if i.confirmed else f"{i.code}*" for i in standard.indicators)
            print(
                f"  indicators (≥ {standard.deprivation_threshold} deprived → poor within the line; * unconfirmed): {codes}"
            )
        if standard.scorecard is not None and standard.scorecard.placeholder:
            print(f"  scorecard {standard.scorecard.version}: PLACEHOLDER thresholds, not official")
        print()
    return 0


def _for_review(year: int) -> int:
    try:
        selection = standard_for_periodic_review(year)
    except engine.EngineError as error:
        print(error, file=sys.stderr)
        return INVALID
    print(selection.standard_id)
    mark = "" if selection.confirmed else " (hiểu biết tốt nhất, chưa đối chiếu văn bản)"
    print(f"{selection.reason} Căn cứ: {selection.reference}{mark}.")
    return 0


def _classify(args: argparse.Namespace) -> int:
    """Classify every household of INPUT.csv under a standard and write one row per household:
    household_id, standard, status, income_line, deprivation_count, deprived, reason.

    Input columns: household_id, area (rural/urban), members, income_per_capita_month, and
    d_<indicator> (0/1) for each indicator of the standard; floor_area_m2 may stand in for
    d_floor_area. Column order is free and other columns are ignored. On invalid input the exit
    status is 2, nothing is written, and each problem is printed in Vietnamese followed by
    `(line N, column NAME: reason)`."""
    try:
        standard = engine.load_standard(args.standard)
    except engine.UnknownStandardError:
        valid = [s.id for s in engine.available_standards()]
        ids = ", ".join(valid)
        print(
            f"Không có chuẩn nghèo mang mã {args.standard!r}; các mã hợp lệ: {ids}"
            f" (unknown standard {args.standard!r}; valid ids: {ids})",
            file=sys.stderr,
        )
        return INVALID
    except engine.StandardFileError as error:
        print(error, file=sys.stderr)
        return INVALID
    if str(args.input) != "-" and not Path(args.input).is_file():
        print(f"Không tìm thấy tệp {args.input} (no such file).", file=sys.stderr)
        return INVALID
    try:
        households = read_households_csv(args.input, standard)
    except CsvInputError as error:
        lines = (f"{problem.vietnamese()} ({problem.english()})" for problem in error.found)
        print("\n".join(lines), file=sys.stderr)
        return INVALID
    try:
        write_classified_csv(standard, households, args.output)
    except OSError as error:
        if args.output is not None or not _closed_pipe(error):
            raise
        # The reader of standard output stopped early (`| head`): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _closed_pipe(error: OSError) -> bool:
    """Whether writing failed because the other end of a pipe was closed (Polars reports it
    as a plain OSError naming os error 32)."""
    return isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE or "os error 32" in str(error)
