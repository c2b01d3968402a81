"""The one-sentence Vietnamese reason given with every classification, e.g.

    Thu nhập bình quân 1.200.000 đ/người/tháng ≤ chuẩn nghèo khu vực nông thôn 1.500.000 đ và
    thiếu hụt 3 chỉ số (≥ 3) → hộ nghèo (Nghị định 07/2021/NĐ-CP, Điều 3 khoản 2 điểm a, khu vực nông thôn)

Everything in the sentence but the household's own income (or score) and deprivation count
depends only on the branch, the area and (for scores) the region, so those parts are written
once per combination in Python and looked up per row; the row-specific parts are formatted
with column arithmetic. Building the strings is the costliest step of a run; this keeps it to
a few string columns.
"""

from __future__ import annotations

import polars as pl

from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.engine.rules import (
    INCOME,
    REGION,
    SCORE,
    STATUS_OF_BRANCH,
    URBAN_FLAG,
    Branch,
    possible_branches,
)
from giamngheo.standards.engine.standard import AREA_LABELS, AREAS, BANDED_LINES, Standard

LINE_NAMES = {"poor": "chuẩn nghèo", "near_poor": "chuẩn cận nghèo", "average": "mức sống trung bình"}
STATUS_LABELS = {
    "poor": "hộ nghèo",
    "near_poor": "hộ cận nghèo",
    "average": "hộ có mức sống trung bình",
    "not_poor": "hộ không nghèo",
}
_GROUP_TEXTS = pl.Series([""] * 1000 + [str(i) for i in range(1000)] + [f".{i:03d}" for i in range(1000)])
_REGION_SLOTS = {region: slot for slot, region in enumerate(v.REGIONS, start=1)}
_AREA_SLOT = {v.RURAL: 0, v.URBAN: 1}


def vnd(amount: int) -> str:
    """1200000 -> '1.200.000' (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def vnd_parts(amount: pl.Expr, groups: int = 7) -> list[pl.Expr]:
    """`vnd` over a column of whole amounts ≥ 0, as pieces to concatenate (no Python loop).

    The amount is cut into groups of three digits; each group's text is looked up in a table
    of 3,000 entries: "" for a group above the leading one, "7" (unpadded) for the leading
    group, ".007" for the groups after it. Seven groups cover every Int64; `groups` may say
    fewer when no amount is that large (`groups_for`)."""
    parts = []
    for k in range(min(groups, 7) - 1, -1, -1):
        unit = 10 ** (3 * k)
        present = (amount >= unit).cast(pl.Int64) if k else pl.lit(1, pl.Int64)
        state = present + (amount >= unit * 1000).cast(pl.Int64)
        parts.append(pl.lit(_GROUP_TEXTS).gather((amount // unit) % 1000 + 1000 * state))
    return parts


def groups_for(largest: int | None) -> int:
    """How many groups of three digits the largest amount of a column has (7 when unknown)."""
    if largest is None or largest < 0:
        return 7
    return max(1, (len(str(largest)) + 2) // 3)


def vnd_column(amount: pl.Expr) -> pl.Expr:
    return pl.concat_str(vnd_parts(amount), ignore_nulls=True)


MEASURE = "{measure}"
COUNT = "{count}"
# The household's own measure, around its income or score (`reason` and `render_reason` alike).
INCOME_BEFORE, INCOME_AFTER = "Thu nhập bình quân ", " đ/người/tháng "
SCORE_BEFORE, SCORE_AFTER = "Điểm phiếu B1 ", " "


def reason(standard: Standard, branch: pl.Expr, count: pl.Expr, by_score: bool) -> pl.Expr:
    """The reason column for each household, given its branch and deprivation count."""
    return reason_from_key(standard, reason_key(branch, by_score), count, by_score)


def reason_template(standard: Standard, branch: pl.Expr, by_score: bool) -> pl.Expr:
    """The reason with the household's own figures left as `{measure}` and `{count}`: a few
    distinct texts per standard, which a store can keep once and `render_reason` fills in."""
    return template_from_key(standard, reason_key(branch, by_score), by_score)


def reason_key(branch: pl.Expr, by_score: bool) -> pl.Expr:
    """Which sentence a household gets, as a small number: its branch, area and (for a score)
    region. With the household's figures it is all the reason holds until it is shown."""
    key = branch.cast(pl.Int32) + 5 * pl.col(URBAN_FLAG).cast(pl.Int32)
    if by_score:
        region_slot = pl.col(REGION).replace_strict(_REGION_SLOTS, default=0, return_dtype=pl.Int32)
        key = key + pl.when(pl.col(INCOME).is_null()).then(10 * region_slot).otherwise(0)
    return key.cast(pl.UInt8)


def reason_from_key(
    standard: Standard, key: pl.Expr, count: pl.Expr, by_score: bool, groups: int = 7
) -> pl.Expr:
    """The reason text from `reason_key`, the deprivation count and the income (or score)
    columns; `groups`: see `vnd_parts`."""
    if not by_score:
        return _income_reason(standard, key, count, groups)
    before, counted, after = _sentence_parts(standard, key, by_score)
    return pl.concat_str(
        [*_measure(by_score, groups), before, pl.when(counted).then(count.cast(pl.String)), after],
        ignore_nulls=True,
    )


def _income_reason(standard: Standard, key: pl.Expr, count: pl.Expr, groups: int) -> pl.Expr:
    """`reason_from_key` where every household has an income, in as few pieces as the sentence
    allows: the text between the amount and the count looked up by key, and the count with the
    rest of the sentence looked up by (key, count), so no number is turned into text per row."""
    before, after = _sentence_tables(standard, _regions(False))
    stride = len(standard.indicators) + 1
    heads = [INCOME_AFTER + (text or "") for text in before]
    tails = [f"{n}{text}" if text else "" for text in after for n in range(stride)]
    return pl.concat_str(
        [
            pl.lit(INCOME_BEFORE),
            *vnd_parts(pl.col(INCOME), groups),
            pl.lit(pl.Series(heads, dtype=pl.String)).gather(key),
            pl.lit(pl.Series(tails, dtype=pl.String)).gather(
                key.cast(pl.UInt32) * stride + count.cast(pl.UInt32)
            ),
        ]
    )


def template_from_key(standard: Standard, key: pl.Expr, by_score: bool) -> pl.Expr:
    """The reason template (see `reason_template`) from `reason_key`: one lookup."""
    before, after = _sentence_tables(standard, _regions(by_score))
    templates = [
        None if head is None else f"{MEASURE}{head}{COUNT if tail else ''}{tail}"
        for head, tail in zip(before, after, strict=True)
    ]
    return pl.lit(pl.Series(templates, dtype=pl.String)).gather(key)


def render_reason(template: str, income: int | None, score: float | None, count: int) -> str:
    """One household's reason from its template: the same text `reason` gives."""
    if income is not None:
        measure = f"{INCOME_BEFORE}{vnd(income)}{INCOME_AFTER}"
    else:
        measure = f"{SCORE_BEFORE}{score_text(score) if score is not None else ''}{SCORE_AFTER}"
    return template.replace(MEASURE, measure, 1).replace(COUNT, str(count), 1)


def score_text(score: float) -> str:
    """One score as the reason column writes it (Polars rounds halves its own way)."""
    return pl.select(_score_column(pl.lit(float(score)))).item()


def _score_column(score: pl.Expr) -> pl.Expr:
    """Two decimals at most, decimal comma: 45.0 -> '45', 45.25 -> '45,25'."""
    return score.round(2).cast(pl.String).str.strip_suffix(".0").str.replace(".", ",", literal=True)


def _measure(by_score: bool, groups: int = 7) -> list[pl.Expr]:
    measure = [pl.lit(INCOME_BEFORE), *vnd_parts(pl.col(INCOME), groups), pl.lit(INCOME_AFTER)]
    if not by_score:
        return measure
    scored = pl.col(INCOME).is_null()
    return [
        pl.when(scored).then(pl.lit(SCORE_BEFORE)).otherwise(measure[0]),
        pl.when(scored).then(_score_column(pl.col(SCORE))),
        *measure[1:-1],
        pl.when(scored).then(pl.lit(SCORE_AFTER)).otherwise(measure[-1]),
    ]


def _regions(by_score: bool) -> tuple[str | None, ...]:
    return (None, *v.REGIONS) if by_score else (None,)


def _sentence_parts(standard: Standard, key: pl.Expr, by_score: bool) -> tuple[pl.Expr, ...]:
    """Per household: the text before the count, whether the count is said, and the text
    after it, each looked up by the household's `reason_key` in a table of every (branch,
    area, region)."""
    before, after = _sentence_tables(standard, _regions(by_score))
    counted = pl.Series([bool(text) for text in after], dtype=pl.Boolean)
    return (
        pl.lit(pl.Series(before, dtype=pl.String)).gather(key),
        pl.lit(counted).gather(key),
        pl.lit(pl.Series(after, dtype=pl.String)).gather(key),
    )


def _sentence_tables(standard: Standard, regions: tuple[str | None, ...]) -> tuple[list, list]:
    before: dict[int, str] = {}
    after: dict[int, str] = {}
    for branch_value in Branch:
        for area in AREAS:
            for region in regions:
                sentence = _sentence(standard, branch_value, area, region)
                if sentence is not None:
                    slot = int(branch_value) + 5 * _AREA_SLOT[area] + 10 * _REGION_SLOTS.get(region, 0)
                    before[slot], after[slot] = sentence
    slots = range(10 * (len(v.REGIONS) + 1))
    return [before.get(slot) for slot in slots], [after.get(slot) for slot in slots]


def _sentence(standard: Standard, branch: Branch, area: str, region: str | None) -> tuple[str, str] | None:
    """The sentence for one branch, area and basis (income, or a region's scores), split around
    the deprivation count: (text before it, text after it); the second part is empty when the
    sentence does not mention the count. None when the standard's rule cannot give this branch."""
    rule = standard.rule
    status = STATUS_OF_BRANCH[branch]
    lines = [name for name in BANDED_LINES if standard.line(name)]
    if branch not in possible_branches(standard) or status not in standard.outcomes:
        return None
    if branch == Branch.AVERAGE and "average" not in lines:
        return None
    where = f"khu vực {AREA_LABELS[area]}" + (f" vùng {v.REGIONS[region]}" if region else "")

    def amount(line: str) -> str:
        if region is None:
            return f"{vnd(standard.income_line(area, line))} đ"
        return f"{score_text(standard.scorecard.threshold(region, area, line))} điểm"

    def between(lower: str, upper: str) -> str:
        return f"> {LINE_NAMES[lower]} {where} {amount(lower)} và ≤ {LINE_NAMES[upper]} {amount(upper)}"

    counted = rule != "income_only" and branch in (Branch.POOR_BY_DEPRIVATION, Branch.NEAR_POOR)
    if branch == Branch.POOR_BY_INCOME or (counted and rule == "income_and_deprivation"):
        text = f"≤ {LINE_NAMES['poor']} {where} {amount('poor')}"
    elif branch in (Branch.POOR_BY_DEPRIVATION, Branch.NEAR_POOR):
        text = between("poor", "near_poor")
    elif branch == Branch.AVERAGE:
        text = between(lines[lines.index("average") - 1], "average")
    else:
        text = f"> {LINE_NAMES[lines[-1]]} {where} {amount(lines[-1])}"
        if "average" in standard.income_lines and "average" not in lines:
            text += ", mức sống trung bình chưa được quy định"
    if region is not None and standard.scorecard.placeholder:
        text += " (ngưỡng điểm là số TẠM, chưa chính thức)"
    tail = f" → {STATUS_LABELS[status]} ({standard.outcomes[status][area]})"
    if not counted:
        return text + tail, ""
    sign = "≥" if branch == Branch.POOR_BY_DEPRIVATION else "<"
    connector = " và" if rule == "income_and_deprivation" else ","
    return f"{text}{connector} thiếu hụt ", f" chỉ số ({sign} {standard.deprivation_threshold}){tail}"
