"""The household classification CSV (`/work/shared/formats/household-csv.md`): read and check
an input file against a standard, and write the result.

Two paths give the same frame. The fast one reads the columns with their types (integers,
`pl.Enum` for the area and the 0/1 flags) and asks a handful of whole-column questions; it
accepts only files on which the reference path would find nothing to say. Anything else (a
parse error, a failed check, a `+` anywhere, which the integer parser would accept) goes to the
reference path: every column read as text and checked with whole-column expressions, each
problem becoming a `CsvProblem` (the header is line 1), worded in English as the format says and
in Vietnamese for an officer. Nothing is classified and nothing written unless the whole file
is valid.
"""

from __future__ import annotations

import contextlib
import csv
import io
import mmap
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import polars as pl

from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.engine.classification import OUTPUT_COLUMNS, classify_lazy
from giamngheo.standards.engine.csv_problems import WHOLE_FILE, CsvProblem
from giamngheo.standards.engine.csvsafe import escape_columns
from giamngheo.standards.engine.errors import EngineInputError
from giamngheo.standards.engine.standard import Standard

REQUIRED = ("household_id", "area", "members", "income_per_capita_month")
FLOOR_AREA = "floor_area_m2"
DERIVABLE_FROM = {"d_floor_area": FLOOR_AREA}  # flag column -> raw column that can stand in for it
_LINE = "__line"
_EXTRA = "__extra"
_INTEGER = r"^[0-9]+$"
_NUMBER = r"^([0-9]+(\.[0-9]*)?|\.[0-9]+)$"


class CsvInputError(EngineInputError):
    """The file is not valid. `found` holds every problem; `problems` their wording in the
    format's English, `line N, column NAME: reason`."""

    def __init__(self, found: list[CsvProblem]) -> None:
        self.found = found
        self.problems = [problem.english() for problem in found]
        super().__init__("\n".join(self.problems))


_Problem = tuple[int, int, CsvProblem]  # (file line, column position, problem)


@dataclass(frozen=True)
class _Check:
    column: str
    bad: pl.Expr
    code: str
    params: dict[str, object]
    first_line: pl.Expr | None = None  # the line a duplicate first appeared on
    shows_value: bool = False


def read_households_csv(
    path: str | os.PathLike[str], standard: Standard, *, fast: bool = True
) -> pl.DataFrame:
    """The file as a typed households frame for `engine.classify`, or CsvInputError listing every
    problem. `fast=False` forces the reference path (the fast one must give the same frame)."""
    path = Path(path)
    header = _read_header(path)
    typed = read_typed(path, header, standard) if fast else None
    if typed is not None:
        return typed
    problems = _header_problems(standard, header)
    raw = _read_text(path, header).with_columns((pl.int_range(0, pl.len(), dtype=pl.Int64) + 2).alias(_LINE))
    problems += _extra_field_problems(raw, len(header))
    present = [name for name in _columns_used(standard) if name in header]
    frame = raw.select(_LINE, *(pl.col(f"c{header.index(name)}").alias(name) for name in present))
    # A row with nothing in any column we read is a blank line: skipped, numbering kept.
    frame = frame.filter(pl.any_horizontal(pl.col(present).is_not_null())) if present else frame.clear()
    checks = _row_checks(standard, present)
    if checks:
        problems += _row_problems(frame, checks, header, raw)
    if problems:
        ordered = sorted(problems, key=lambda p: (p[0], p[1], p[2].english()))
        raise CsvInputError([problem for _, _, problem in ordered])
    return _typed(frame, present)


RENDER_ROWS = 100_000


def write_classified_csv(
    standard: Standard, households: pl.DataFrame, output: str | os.PathLike[str] | IO | None
) -> None:
    """Classify checked households (`read_households_csv`) and write the format's output to a
    file, or (None) to standard output, `RENDER_ROWS` households at a time: each chunk
    classified, its reasons rendered and written in one query, so only one chunk's texts are
    ever held (one streamed query over the whole file held every reason: twice the peak memory).
    A text stream gets the whole result at once."""
    if output is not None and not isinstance(output, str | os.PathLike):
        write_classification_csv(classify_lazy(standard, households), output)
        return
    if output is None:
        sys.stdout.flush()
    with open(output, "wb") if output is not None else contextlib.nullcontext(sys.stdout.buffer) as handle:
        for start in range(0, max(households.height, 1), RENDER_ROWS):
            part = classify_lazy(standard, households.slice(start, RENDER_ROWS))
            _output_table(part).sink_csv(handle, include_header=start == 0)
        handle.flush()


def _output_table(result: pl.LazyFrame) -> pl.LazyFrame:
    return result.select(OUTPUT_COLUMNS).with_columns(escape_columns(TEXT_OUTPUT_COLUMNS))


def write_classification_csv(
    result: pl.DataFrame | pl.LazyFrame, output: str | os.PathLike[str] | IO | None
) -> None:
    """The output columns of the format, to a file, a stream, or (None) standard output. A lazy
    result written to a file goes through Polars' streaming sink, which still holds every row's
    reason at once: `write_classified_csv` bounds that for a whole file of households."""
    table = _output_table(result.lazy())
    if output is None:
        output = sys.stdout
    if isinstance(output, str | os.PathLike):
        table.sink_csv(output)
        return
    table = table.collect()
    if hasattr(output, "buffer"):
        output.flush()
        table.write_csv(output.buffer)
        output.buffer.flush()
    else:
        output.write(table.write_csv())


def _read_header(path: Path) -> list[str]:
    try:
        with path.open("rb") as handle:
            first = handle.readline()
    except OSError as error:
        params = {"path": path, "error": error.strerror}
        raise CsvInputError([CsvProblem(1, WHOLE_FILE, "unreadable", params)]) from None
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvInputError([CsvProblem(1, WHOLE_FILE, "not_utf8")]) from None
    rows = list(csv.reader(io.StringIO(text)))
    return [name.strip() for name in rows[0]] if rows else []


def _columns_used(standard: Standard) -> list[str]:
    flags = [indicator.column for indicator in standard.indicators]
    extra = [FLOOR_AREA] if "floor_area" in standard.indicator_codes else []
    return [*REQUIRED, *flags, *extra]


def _header_problems(standard: Standard, header: list[str]) -> list[_Problem]:
    problems = []
    used = set(_columns_used(standard))
    for name in sorted({n for n in header if header.count(n) > 1 and n in used}, key=header.index):
        problems.append(CsvProblem(1, name, "repeated_column"))
    for name in REQUIRED:
        if name not in header:
            problems.append(CsvProblem(1, name, "missing_column"))
    for indicator in standard.indicators:
        column = indicator.column
        if column in header:
            continue
        stand_in = DERIVABLE_FROM.get(column)
        if stand_in is None:
            problems.append(CsvProblem(1, column, "missing_column"))
        elif stand_in not in header:
            problems.append(CsvProblem(1, column, "missing_column_or_stand_in", {"other": stand_in}))
    return [(1, position, problem) for position, problem in enumerate(problems)]


def _read_text(path: Path, header: list[str]) -> pl.DataFrame:
    """Every field as text, in columns c0, c1... by position, plus `__extra` holding the first
    field beyond the header's width on rows that have one."""
    schema = {f"c{i}": pl.String for i in range(len(header))} | {_EXTRA: pl.String}
    try:
        return pl.read_csv(
            path,
            has_header=False,
            skip_rows=1,
            schema=schema,
            missing_columns="insert",
            truncate_ragged_lines=True,
            raise_if_empty=False,
        )
    except pl.exceptions.ComputeError as error:
        data = path.read_bytes()
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as bad:
            line = data[: bad.start].count(b"\n") + 1
            problem = CsvProblem(line, WHOLE_FILE, "not_utf8_at", {"byte": f"{data[bad.start]:#04x}"})
        else:
            problem = CsvProblem(1, WHOLE_FILE, "not_csv", {"error": error})
        raise CsvInputError([problem]) from None


def _extra_field_problems(raw: pl.DataFrame, width: int) -> list[_Problem]:
    extra = raw.filter(pl.col(_EXTRA).is_not_null()).get_column(_LINE)
    if extra.is_empty():
        return []
    lines = raw.select(_physical_lines(raw, extra)).to_series()
    return [
        (line, width, CsvProblem(line, str(width + 1), "extra_field", {"width": width})) for line in lines
    ]


def _stripped(name: str) -> pl.Expr:
    return pl.col(name).str.strip_chars()


def _empty(name: str) -> pl.Expr:
    return pl.col(name).is_null() | (_stripped(name) == "")


def _row_checks(standard: Standard, present: list[str]) -> list[_Check]:
    """Every check of a row's values, for the columns the file has."""
    checks = []

    def check(column: str, bad: pl.Expr, code: str, shows_value: bool = False, **params: object) -> None:
        if column in present:
            checks.append(_Check(column, bad.fill_null(True), code, params, shows_value=shows_value))

    def must(column: str, valid: pl.Expr, code: str) -> None:
        check(column, _empty(column), "empty")
        check(column, ~_empty(column) & ~valid, code, shows_value=True)

    check("household_id", _empty("household_id"), "empty")
    if "household_id" in present:
        duplicate = ~_empty("household_id") & ~pl.col("household_id").is_first_distinct()
        first_line = pl.col(_LINE).first().over("household_id")
        checks.append(
            _Check("household_id", duplicate.fill_null(True), "duplicate_household", {}, first_line)
        )
    must("area", _stripped("area").is_in([v.RURAL, v.URBAN]), "area")
    members = _stripped("members")
    must("members", members.str.contains(_INTEGER) & (members.str.to_integer(strict=False) >= 1), "members")
    income = _stripped("income_per_capita_month")
    must(
        "income_per_capita_month",
        income.str.contains(_INTEGER) & income.str.to_integer(strict=False).is_not_null(),
        "income",
    )
    check(FLOOR_AREA, ~_empty(FLOOR_AREA) & ~_stripped(FLOOR_AREA).str.contains(_NUMBER), "floor_area", True)
    for indicator in standard.indicators:
        column = indicator.column
        check(column, ~_empty(column) & ~_stripped(column).is_in(["0", "1"]), "flag", True)
        stand_in = DERIVABLE_FROM.get(column)
        if stand_in is None:
            check(column, _empty(column), "empty")
        elif column not in present:
            check(stand_in, _empty(stand_in), "empty_stand_in_without_flag", flag=column)
        elif stand_in in present:
            check(column, _empty(column) & _empty(stand_in), "empty_and_stand_in", other=stand_in)
        else:
            check(column, _empty(column), "empty_give_stand_in", other=stand_in)
    return checks


def _row_problems(
    frame: pl.DataFrame, checks: list[_Check], header: list[str], raw: pl.DataFrame
) -> list[_Problem]:
    """One problem per failing value, by line then column order. The common case, a valid file,
    costs one pass that asks each check whether any row fails it."""
    failing = frame.select(check.bad.any().alias(str(k)) for k, check in enumerate(checks)).row(0)
    parts = [
        frame.lazy()
        .select(
            _LINE,
            check.bad.alias("bad"),
            pl.lit(header.index(check.column), pl.Int64).alias("position"),
            pl.lit(k, pl.Int64).alias("k"),
            (check.first_line if check.first_line is not None else pl.lit(None, pl.Int64)).alias("first"),
            (pl.col(check.column) if check.shows_value else pl.lit(None, pl.String)).alias("value"),
        )
        .filter(pl.col("bad"))
        for k, check in enumerate(checks)
        if failing[k]
    ]
    if not parts:
        return []
    found = pl.concat(parts).sort(_LINE, "position", "k").collect()
    lines = found.select(_physical_lines(raw, found.get_column(_LINE))).to_series()
    problems = []
    for line, position, k, first, value in zip(
        lines, found["position"], found["k"], found["first"], found["value"], strict=True
    ):
        check = checks[k]
        params = check.params if first is None else {**check.params, "first": first}
        problems.append((line, position, CsvProblem(line, check.column, check.code, params, value)))
    return problems


def _physical_lines(raw: pl.DataFrame, record_lines: pl.Series) -> pl.Expr:
    """The file line of each record: its record number shifted by the line breaks inside quoted
    fields of the records before it (none in almost every file)."""
    texts = [name for name, dtype in raw.schema.items() if dtype == pl.String]
    breaks = raw.select(
        _LINE, pl.sum_horizontal(pl.col(texts).str.count_matches("\n", literal=True).fill_null(0)).alias("n")
    )
    if breaks["n"].sum() == 0:
        return pl.lit(record_lines)
    shifts = breaks.select(_LINE, (pl.col("n").cum_sum() - pl.col("n")).alias("shift"))
    shifted = record_lines.to_frame(_LINE).join(shifts, on=_LINE, how="left", maintain_order="left")
    return pl.lit(shifted[_LINE] + shifted["shift"])


def _typed(frame: pl.DataFrame, present: list[str]) -> pl.DataFrame:
    casts = [
        pl.col("household_id"),
        _stripped("area").alias("area"),
        _stripped("members").str.to_integer().alias("members"),
        _stripped("income_per_capita_month").str.to_integer().alias("income_per_capita_month"),
    ]
    for name in present:
        if name.startswith("d_"):
            casts.append(
                pl.when(_stripped(name) == "1")
                .then(True)
                .when(_stripped(name) == "0")
                .then(False)
                .alias(name)
            )
    if FLOOR_AREA in present:
        casts.append(_stripped(FLOOR_AREA).cast(pl.Float64, strict=False).alias(FLOOR_AREA))
    return frame.select(casts)


# Output columns that may carry text from the input or a local standard file.
TEXT_OUTPUT_COLUMNS = ("household_id", "standard")


_FLAG = pl.Enum(["0", "1"])
_AREA = pl.Enum([v.RURAL, v.URBAN])


def read_typed(path: Path, header: list[str], standard: Standard) -> pl.DataFrame | None:
    """The fast path: the typed frame, or None whenever the reference path may have something
    to say (it then reads the file again and says it).

    Each column is parsed as a type that accepts a subset of what the reference accepts and
    gives the same value: the flags and the area as `pl.Enum` (so " 1" or "01" fail and go to
    the reference, which would strip or reject them), counts and amounts as unsigned integers
    (leading blanks and zeros read alike in both; the parser's `+5`, which the reference rejects,
    is excluded by refusing any file with a `+`), the floor area as text checked by one pattern."""
    if _header_problems(standard, header) or len(set(header)) != len(header):
        return None
    if _has_plus_sign(path):
        return None
    present = [name for name in _columns_used(standard) if name in header]
    types = {
        "household_id": pl.String,
        "area": _AREA,
        "members": pl.UInt32,
        "income_per_capita_month": pl.UInt64,
        FLOOR_AREA: pl.String,
    }
    schema = {
        f"c{i}": (_FLAG if name.startswith("d_") else types.get(name, pl.String))
        if name in present
        else pl.String
        for i, name in enumerate(header)
    }
    try:
        raw = pl.read_csv(path, has_header=False, skip_rows=1, schema=schema, raise_if_empty=False)
    except (pl.exceptions.PolarsError, UnicodeDecodeError, OSError):
        return None
    frame = raw.select(pl.col(f"c{header.index(name)}").alias(name) for name in present)
    del raw
    if frame.height == 0 or not frame.select(_fast_checks(standard, present)).row(0)[0]:
        return None
    return frame.select(_fast_types(present))


def _has_plus_sign(path: Path) -> bool:
    """Whether the file holds a `+` anywhere (or cannot be mapped): one scan of the mapped
    file, no copy."""
    try:
        with path.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return False
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                return mapped.find(b"+") != -1
    except (OSError, ValueError):
        return True


def _fast_checks(standard: Standard, present: list[str]) -> pl.Expr:
    """True when no row breaks a rule of the format (a conjunction of whole-column tests)."""
    key = pl.col("household_id")
    tests = [
        key.is_not_null().all(),
        (key.str.strip_chars() != "").all(),
        key.hash().n_unique() == pl.len(),  # a collision only sends the file to the reference
        pl.col("area").is_not_null().all(),
        pl.col("members").is_not_null().all(),
        (pl.col("members") >= 1).all(),
        (pl.col("income_per_capita_month") <= 2**63 - 1).all(),
        pl.col("income_per_capita_month").is_not_null().all(),
    ]
    # A floor area given is a number (checked next), so not blank: it can stand in for its flag.
    if FLOOR_AREA in present:  # unstripped: a value with blanks round it goes to the reference
        tests.append((pl.col(FLOOR_AREA).is_null() | pl.col(FLOOR_AREA).str.contains(_NUMBER)).all())
    for indicator in standard.indicators:
        column = indicator.column
        stand_in = DERIVABLE_FROM.get(column)
        if column in present and stand_in in present:
            tests.append((pl.col(column).is_not_null() | pl.col(stand_in).is_not_null()).all())
        elif column in present:
            tests.append(pl.col(column).is_not_null().all())
        else:
            tests.append(pl.col(stand_in).is_not_null().all())
    return pl.all_horizontal(tests)


def _fast_types(present: list[str]) -> list[pl.Expr]:
    """The reference's types (`_typed`): Int64 counts and amounts, Boolean flags, Float64 floor area."""
    casts = [
        pl.col("household_id"),
        pl.col("area"),
        pl.col("members").cast(pl.Int64),
        pl.col("income_per_capita_month").cast(pl.Int64),
    ]
    casts += [pl.col(name).to_physical().cast(pl.Boolean) for name in present if name.startswith("d_")]
    if FLOOR_AREA in present:
        casts.append(pl.col(FLOOR_AREA).cast(pl.Float64, strict=False).alias(FLOOR_AREA))
    return casts
