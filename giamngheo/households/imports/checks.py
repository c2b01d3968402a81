"""Column checks over a whole table at once (Polars expressions), each returning
problems located at (sheet, row, column), and the parsers for coded columns."""

import datetime as dt

import polars as pl

from giamngheo.core.text import fold
from giamngheo.households import rules
from giamngheo.households.cccd import PROVINCE_CODES, cccd_errors
from giamngheo.households.imports.columns import NO, NO_KEYS, YES, YES_KEYS
from giamngheo.households.imports.problems import Problem, frame_problems
from giamngheo.households.imports.tables import Table

DATE_PATTERN = r"^\d{1,2}/\d{1,2}/\d{4}$"
_VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
# Text of ASCII, Vietnamese letters and the marks that compose them (typed decomposed):
# stripping the marks gives what unidecode gives. Any other character goes to `fold`.
_NOT_VIETNAMESE = (
    "[^\\x00-\\x7f" + _VIETNAMESE + _VIETNAMESE.upper() + "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323]"
)


def fold_expr(column: pl.Expr) -> pl.Expr:
    """`giamngheo.core.text.fold` as an expression (see `fold_series`)."""
    return column.map_batches(fold_series, return_dtype=pl.String, is_elementwise=True)


def fold_series(texts: pl.Series) -> pl.Series:
    """`giamngheo.core.text.fold` of every text (null stays null), computed once per distinct
    text when texts repeat (a coded column holds a handful among 356,000 cells), by Polars'
    string kernels; the rare text holding any other character than ASCII and Vietnamese
    letters falls back to `fold` itself, so both always agree."""
    distinct = texts.unique()
    if distinct.len() * 2 > texts.len():
        return _folded(texts)
    pairs = pl.DataFrame({"text": distinct, "folded": _folded(distinct)})
    keyed = texts.to_frame("text").join(pairs, on="text", how="left", nulls_equal=True, maintain_order="left")
    return keyed["folded"].alias(texts.name)


def _folded(texts: pl.Series) -> pl.Series:
    stripped = (
        texts.str.normalize("NFD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all("[đĐ]", "d")
        .str.to_lowercase()
    )
    # `fold`'s spaces: Python's \s on ASCII, which includes \x1c-\x1f (Rust's does not).
    fast = stripped.str.replace_all(r"[\t\n\x0b\x0c\r\x1c-\x1f ]+", " ").str.strip_chars(" ")
    odd = texts.str.contains(_NOT_VIETNAMESE).fill_null(False)
    if not odd.any():
        return fast
    return fast.scatter(odd.arg_true(), [fold(text) for text in texts.filter(odd).to_list()])


def failing(table: Table, name: str, condition: pl.Expr, message: pl.Expr | str) -> list[Problem]:
    if name not in table.frame.columns and name in table.headers:
        return []
    message = pl.lit(message) if isinstance(message, str) else message
    # Both are evaluated on the whole table first: window expressions must see every row.
    frame = table.frame.select(
        "_row", condition.fill_null(False).alias("_bad"), message.alias("message")
    ).filter("_bad")
    header, index = table.where(name)
    return frame_problems(frame, table.sheet, header, index)


def required(table: Table, name: str) -> list[Problem]:
    if name not in table.frame.columns:
        return []
    return failing(table, name, pl.col(name).is_null(), f"Ô '{table.headers[name]}' không được để trống.")


def too_long(table: Table, name: str, limit: int | None) -> list[Problem]:
    if limit is None or name not in table.frame.columns:
        return []
    return failing(
        table, name, pl.col(name).str.len_chars() > limit, f"Nội dung dài quá {limit} ký tự cho phép."
    )


def coded(name: str, keys: dict[str, str]) -> pl.Expr:
    """The value a coded cell stands for (null when blank or not recognised)."""
    return fold_expr(pl.col(name)).replace_strict(keys, default=None, return_dtype=pl.String)


def coded_problems(table: Table, name: str, parsed: str, choices: list[str]) -> list[Problem]:
    if name not in table.frame.columns:
        return []
    listed = ", ".join(choices)
    message = pl.format("Giá trị '{}' không hợp lệ; hãy chọn một trong: " + listed + ".", pl.col(name))
    return failing(table, name, pl.col(name).is_not_null() & pl.col(parsed).is_null(), message)


def flag(name: str) -> pl.Expr:
    folded = fold_expr(pl.col(name))
    return (
        pl.when(folded.is_in(list(YES_KEYS)))
        .then(True)
        .when(folded.is_in(list(NO_KEYS)) | folded.is_null())
        .then(False)
    )


def flag_problems(table: Table, name: str) -> list[Problem]:
    if name not in table.frame.columns:
        return []
    message = pl.format(
        f"Giá trị '{{}}' không hợp lệ; hãy ghi '{YES}' hoặc '{NO}' (hoặc để trống).", pl.col(name)
    )
    return failing(table, name, flag(name).is_null(), message)


def birth_date(name: str) -> pl.Expr:
    column = pl.col(name)
    return pl.when(column.str.contains(DATE_PATTERN)).then(column.str.to_date("%d/%m/%Y", strict=False))


def date_problems(table: Table, name: str, parsed: str, today: dt.date) -> list[Problem]:
    if name not in table.frame.columns:
        return []
    value, date = pl.col(name), pl.col(parsed)
    return [
        *failing(
            table,
            name,
            value.is_not_null() & date.is_null(),
            pl.format("Ngày '{}' không đúng dạng dd/mm/yyyy (ví dụ 05/09/1980) hoặc không có thật.", value),
        ),
        *failing(table, name, date > pl.lit(today), rules.FUTURE_BIRTH_MESSAGE),
        *failing(table, name, date.dt.year() < rules.EARLIEST_BIRTH_YEAR, rules.EARLY_BIRTH_MESSAGE),
    ]


def cccd_suspect(number: pl.Expr, born: pl.Expr, sex: pl.Expr) -> pl.Expr:
    """Rows `cccd_errors` would reject, found without calling it on every row."""
    year = born.dt.year()
    century_base = (year // 100 - 19) * 2
    expected = century_base + pl.when(sex == "female").then(1).otherwise(0)
    digit = number.str.slice(3, 1).cast(pl.Int64, strict=False)
    century_wrong = pl.when(sex.is_null()).then(digit // 2 != expected // 2).otherwise(digit != expected)
    return (
        ~number.str.contains(rules.CCCD_PATTERN)
        | ~number.str.slice(0, 3).is_in(sorted(PROVINCE_CODES))
        | (born.is_not_null() & ((year < 1900) | (year >= 2400) | century_wrong))
        | (born.is_not_null() & (number.str.slice(4, 2) != (year % 100).cast(pl.String).str.zfill(2)))
    )


def cccd_problems(table: Table) -> list[Problem]:
    if "cccd" not in table.frame.columns:
        return []
    suspects = table.frame.filter(
        pl.col("cccd").is_not_null()
        & cccd_suspect(pl.col("cccd"), pl.col("birth"), pl.col("sex_value")).fill_null(True)
    )
    header, index = table.where("cccd")
    problems = []
    for row, number, born, sex in suspects.select("_row", "cccd", "birth", "sex_value").iter_rows():
        for message in cccd_errors(number, born, sex):
            problems.append(Problem(table.sheet, row, header, message, index))
    return problems


def duplicates(table: Table, name: str, keys: list[str], message: str) -> list[Problem]:
    """Rows repeating an earlier row's keys; `message` may use {first} for that row."""
    first = pl.col("_row").min().over(keys)
    condition = pl.all_horizontal(pl.col(k).is_not_null() for k in keys) & (pl.col("_row") != first)
    text = pl.format(message.replace("{first}", "{}"), first)
    return failing(table, name, condition, text)


def control_problems(table: Table) -> list[Problem]:
    """Control and text-direction characters in any cell of the table."""
    problems = []
    for name in table.headers:
        if name in table.frame.columns and table.frame.schema[name] == pl.String:
            problems += failing(
                table, name, pl.col(name).str.contains(rules.CONTROL_PATTERN), rules.CONTROL_MESSAGE
            )
    return problems


def relation_age_problems(table: Table) -> list[Problem]:
    """A child or grandchild born before the head, or a parent born after."""
    is_head = (pl.col("relation_value") == "head") & (pl.col("status_value") == "present")
    head_born = pl.col("birth").filter(is_head).first().over("household_code")
    relation = pl.col("relation_value")
    younger = relation.is_in(["child", "grandchild"]) & (pl.col("birth") <= head_born)
    older = relation.is_in(["parent", "grandparent"]) & (pl.col("birth") >= head_born)
    return failing(table, "relation", younger, rules.YOUNGER_MESSAGE) + failing(
        table, "relation", older, rules.OLDER_MESSAGE
    )
