"""Validate a whole import file: every cell, every cross-row rule, against the
registry and the user's area. Nothing is written; the result is either a list
of problems or the typed frames `apply` writes."""

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from giamngheo.areas.scope import AreaScope
from giamngheo.households import rules
from giamngheo.households.imports import checks, lookups, survey_answers
from giamngheo.households.imports.columns import (
    ETHNICITY_KEYS,
    FLAG_FIELDS,
    HOUSEHOLD_COLUMNS,
    MEMBER_COLUMNS,
    MEMBER_SHEET,
    RELATION_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
    SURVEY_MEMBER_FIELDS,
    label_keys,
)
from giamngheo.households.imports.problems import Problem
from giamngheo.households.imports.tables import Table, Tables
from giamngheo.households.imports.units import (
    UnitIndex,
    in_scope,
    resolve_communes,
    resolve_villages,
    unit_index,
)

SEX_KEYS = label_keys(SEX_LABELS) | {"nu": "female", "f": "female", "m": "male"}
RELATION_KEYS = label_keys(RELATION_LABELS) | {
    "vo": "spouse", "chong": "spouse", "con": "child", "bo": "parent", "me": "parent", "cha": "parent",
    "chau": "grandchild", "anh": "sibling", "chi": "sibling", "em": "sibling", "khac": "other",
}  # fmt: skip
STATUS_KEYS = label_keys(STATUS_LABELS) | {"dang song": "present", "da mat": "deceased", "chet": "deceased"}


@dataclass
class Checked:
    problems: list[Problem]
    households: pl.DataFrame = field(default_factory=pl.DataFrame)
    members: pl.DataFrame = field(default_factory=pl.DataFrame)
    # Optional columns the file has: on an existing row, a column the file leaves out keeps its value.
    household_fields: frozenset[str] = frozenset()
    member_fields: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(tables: Tables, user, today: dt.date | None = None) -> Checked:
    today = today or dt.date.today()
    problems = list(tables.problems)
    for table in (tables.households, tables.members):
        if table is not None:
            problems += table.problems
    if problems or tables.households is None:
        return Checked(problems)  # without the required columns there is no cell to check
    households = _complete(_household_rows(tables), HOUSEHOLD_COLUMNS)
    members = _complete(tables.members, MEMBER_COLUMNS) if tables.members else None
    if households.frame.is_empty() and (members is None or members.frame.is_empty()):
        column = households.headers["code"]
        message = f"Tệp không có dòng dữ liệu nào: hãy ghi mỗi hộ một dòng, bắt đầu từ dòng {households.first_data_row}."
        return Checked(
            [
                Problem(
                    households.sheet,
                    households.first_data_row,
                    column,
                    message,
                    households.positions.get("code"),
                )
            ]
        )
    index = unit_index(user)
    households, problems = _check_households(households, index, flat=tables.flat, raw=tables.households)
    if members is not None:
        members, member_problems = _check_members(members, households.frame, today, index.scope)
        problems += member_problems
        problems += _member_counts(households, members.frame)
        member_frame = members.frame
    else:
        member_frame = pl.DataFrame()
        problems += _households_without_members_sheet(households)
    household_fields = frozenset(tables.households.positions)
    member_fields = frozenset(tables.members.positions) if tables.members else frozenset()
    return Checked(
        problems,
        _with_head_names(households.frame, member_frame),
        member_frame,
        household_fields,
        member_fields,
    )


def _complete(table: Table, columns) -> Table:
    """Absent optional columns become empty ones, so every check can name them."""
    missing = [c.field for c in columns if c.field not in table.frame.columns]
    frame = table.frame.with_columns(pl.lit(None, pl.String).alias(name) for name in missing)
    return dataclasses.replace(table, frame=frame)


def _household_rows(tables: Tables) -> Table:
    """In a flat CSV each member row repeats its household: keep the first row per code."""
    table = tables.households
    if not tables.flat:
        return table
    frame = table.frame.filter(pl.col("code").is_not_null()).unique("code", keep="first", maintain_order=True)
    return dataclasses.replace(table, frame=frame)


def _check_households(
    table: Table, index: UnitIndex, *, flat: bool, raw: Table
) -> tuple[Table, list[Problem]]:
    frame = table.frame.with_columns(pl.col("code").str.strip_chars())
    frame = frame.join(
        resolve_communes(index, frame), on=["commune", "province"], how="left", nulls_equal=True
    )
    frame = frame.join(
        resolve_villages(index, frame), on=["commune_id", "village"], how="left", nulls_equal=True
    )
    frame = frame.with_columns(
        checks.flag(name).alias(f"{name}_value") for name in (*FLAG_FIELDS, "wishes_to_escape")
    )
    frame = survey_answers.with_causes(frame)
    existing = lookups.existing_households(frame["code"].drop_nulls().to_list())
    frame = frame.join(existing, on="code", how="left")
    table = dataclasses.replace(table, frame=frame)
    problems = checks.required(table, "code") + checks.required(table, "commune")
    problems += checks.control_problems(table)
    for column in HOUSEHOLD_COLUMNS:
        problems += checks.too_long(table, column.field, column.max_length)
    if not flat:
        problems += checks.duplicates(table, "code", ["code"], "Mã hộ bị trùng với dòng {first}.")
    else:
        problems += _flat_conflicts(raw)
    for name in ("commune", "village", "province"):
        problems += checks.failing(
            table, name, pl.col(f"{name}_problem").is_not_null(), pl.col(f"{name}_problem")
        )
    problems += _scope_problems(table, index.scope)
    for name in FLAG_FIELDS:
        problems += checks.flag_problems(table, name)
    problems += survey_answers.household_problems(table)
    return table, problems


def _scope_problems(table: Table, scope: AreaScope) -> list[Problem]:
    outside = pl.col("commune_id").is_not_null() & ~in_scope(scope)
    unit = pl.concat_str([pl.col("commune"), pl.col("village")], separator=", ", ignore_nulls=True)
    problems = checks.failing(
        table, "commune", outside, pl.format("'{}' nằm ngoài địa bàn bạn được phân công.", unit)
    )
    taken = pl.col("household_pk").is_not_null() & ~in_scope(scope, prefix="db_")
    return problems + checks.failing(
        table,
        "code",
        taken,
        pl.format("Mã hộ '{}' đã được dùng cho một hộ ngoài địa bàn của bạn.", pl.col("code")),
    )


def _flat_conflicts(raw: Table) -> list[Problem]:
    """A CSV row whose household columns differ from the first row of the same code."""
    problems = []
    frame = raw.frame.filter(pl.col("code").is_not_null())
    for column in HOUSEHOLD_COLUMNS[1:]:
        name = column.field
        if name not in frame.columns:
            continue
        first = pl.col(name).first().over("code", order_by="_row")
        first_row = pl.col("_row").min().over("code")
        table = dataclasses.replace(raw, frame=frame)
        problems += checks.failing(
            table,
            name,
            pl.col(name).ne_missing(first),
            pl.format("Thông tin hộ khác với dòng {} của cùng mã hộ.", first_row),
        )
    return problems


def _check_members(
    table: Table, households: pl.DataFrame, today: dt.date, scope: AreaScope
) -> tuple[Table, list[Problem]]:
    frame = table.frame.with_columns(
        pl.col("household_code").str.strip_chars(),
        pl.col("full_name").str.normalize("NFC").str.strip_chars().str.replace_all(r"\s+", " "),
        pl.col("cccd").str.replace_all(r"[\s.]", "").alias("cccd"),
        checks.coded("sex", SEX_KEYS).alias("sex_value"),
        checks.coded("relation", RELATION_KEYS).alias("relation_value"),
        pl.when(pl.col("status").is_null())
        .then(pl.lit("present"))
        .otherwise(checks.coded("status", STATUS_KEYS))
        .alias("status_value"),
        checks.birth_date("birth_date").alias("birth"),
        checks.fold_expr(pl.col("ethnicity")).str.replace_all(r"[^a-z0-9]", "").alias("ethnicity_key"),
        *(checks.flag(name).alias(f"{name}_value") for name in SURVEY_MEMBER_FIELDS),
    ).with_columns(checks.fold_expr(pl.col("full_name")).alias("search_name"))
    owners = lookups.cccd_owners(frame["cccd"].drop_nulls().to_list())
    frame = frame.join(owners, on="cccd", how="left")
    table = dataclasses.replace(table, frame=frame)
    problems = []
    for column in MEMBER_COLUMNS:
        if column.required:
            problems += checks.required(table, column.field)
        problems += checks.too_long(table, column.field, column.max_length)
    problems += checks.coded_problems(table, "sex", "sex_value", list(SEX_LABELS.values()))
    problems += checks.coded_problems(table, "relation", "relation_value", list(RELATION_LABELS.values()))
    problems += checks.coded_problems(table, "status", "status_value", list(STATUS_LABELS.values()))
    problems += checks.failing(
        table,
        "ethnicity",
        pl.col("ethnicity").is_not_null() & ~pl.col("ethnicity_key").is_in(sorted(ETHNICITY_KEYS)),
        pl.format("Dân tộc '{}' không có trong danh mục 54 dân tộc Việt Nam.", pl.col("ethnicity")),
    )
    problems += checks.date_problems(table, "birth_date", "birth", today)
    problems += checks.cccd_problems(table)
    problems += checks.control_problems(table)
    problems += checks.relation_age_problems(table)
    problems += survey_answers.member_problems(table)
    problems += _member_links(table, households, scope)
    return table, problems


def _member_links(table: Table, households: pl.DataFrame, scope: AreaScope) -> list[Problem]:
    known = households["code"].drop_nulls().unique().to_list()
    problems = checks.failing(
        table,
        "household_code",
        pl.col("household_code").is_not_null() & ~pl.col("household_code").is_in(known),
        pl.format("Mã hộ '{}' không có trong sheet hộ gia đình.", pl.col("household_code")),
    )
    problems += checks.duplicates(table, "cccd", ["cccd"], "Số CCCD trùng với dòng {first} trong tệp.")
    taken = (
        pl.col("owner_code").is_not_null()
        & (pl.col("owner_code") != pl.col("household_code"))
        & (pl.col("status_value") == "present")
    )
    visible = in_scope(scope, prefix="owner_")
    problems += checks.failing(
        table,
        "cccd",
        taken & visible,
        pl.format(
            "Số CCCD {} đã có ở thành viên {} của hộ {}.",
            pl.col("cccd"),
            pl.col("owner_name"),
            pl.col("owner_code"),
        ),
    )
    problems += checks.failing(table, "cccd", taken & ~visible, rules.OUTSIDE_CCCD_MESSAGE)
    no_cccd = table.frame.filter(pl.col("cccd").is_null())
    problems += checks.duplicates(
        dataclasses.replace(table, frame=no_cccd),
        "full_name",
        ["household_code", "search_name", "birth"],
        "Thành viên trùng họ tên và ngày sinh với dòng {first} của cùng hộ.",
    )
    return problems + _head_problems(table)


def _head_problems(table: Table) -> list[Problem]:
    is_head = (pl.col("relation_value") == "head") & (pl.col("status_value") == "present")
    frame = table.frame.with_columns(
        is_head.fill_null(False).sum().over("household_code").alias("heads"),
        pl.col("_row").min().over("household_code").alias("first_row"),
        pl.col("_row").filter(is_head).min().over("household_code").alias("first_head"),
    )
    table = dataclasses.replace(table, frame=frame)
    has_code = pl.col("household_code").is_not_null()
    return checks.failing(
        table,
        "relation",
        has_code & (pl.col("heads") == 0) & (pl.col("_row") == pl.col("first_row")),
        pl.format(
            "Hộ '{}' chưa có chủ hộ: cần đúng một thành viên có quan hệ 'Chủ hộ'.", pl.col("household_code")
        ),
    ) + checks.failing(
        table,
        "relation",
        has_code & is_head & (pl.col("heads") > 1) & (pl.col("_row") != pl.col("first_head")),
        pl.format(
            "Hộ '{}' có nhiều hơn một chủ hộ (đã có chủ hộ ở dòng {}).",
            pl.col("household_code"),
            pl.col("first_head"),
        ),
    )


def _member_counts(households: Table, members: pl.DataFrame) -> list[Problem]:
    """A new household needs at least one member in the file."""
    listed = members["household_code"].drop_nulls().unique().to_list()
    empty = pl.col("code").is_not_null() & pl.col("household_pk").is_null() & ~pl.col("code").is_in(listed)
    return checks.failing(
        households,
        "code",
        empty,
        pl.format("Hộ '{}' chưa có thành viên nào trong sheet thành viên.", pl.col("code")),
    )


def _households_without_members_sheet(households: Table) -> list[Problem]:
    new = households.frame.filter(pl.col("code").is_not_null() & pl.col("household_pk").is_null())
    if new.is_empty():
        return []  # only updates of households already registered: no member list needed
    codes = ", ".join(new["code"].head(5).to_list()) + (" ..." if new.height > 5 else "")
    message = f"Thiếu sheet '{MEMBER_SHEET}': {new.height} hộ mới ({codes}) cần danh sách thành viên."
    return [Problem(MEMBER_SHEET, None, None, message)]


def _with_head_names(households: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    if members.is_empty():
        heads = pl.DataFrame(schema={"code": pl.String, "member_head": pl.String})
    else:
        heads = (
            members.filter((pl.col("relation_value") == "head") & (pl.col("status_value") == "present"))
            .group_by("household_code")
            .agg(pl.col("full_name").first().alias("member_head"))
            .rename({"household_code": "code"})
        )
    frame = households.join(heads, on="code", how="left")
    return frame.with_columns(
        pl.coalesce("member_head", pl.col("head_name").str.strip_chars(), "db_head_name", pl.lit("")).alias(
            "head_name"
        )
    )
