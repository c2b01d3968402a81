"""The one-sentence Vietnamese reason given with every classification, e.g.

    Thu nhập bình quân 1.200.000 đ/người/tháng ≤ chuẩn nghèo khu vực nông thôn 1.500.000 đ và
    thiếu hụt 3 chỉ số (≥ 3) → hộ nghèo (Nghị định 07/2021/NĐ-CP, Điều 3 khoản 1 điểm a)

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


def vnd_parts(amount: pl.Expr) -> list[pl.Expr]:
    """`vnd` over a column of whole amounts ≥ 0, as pieces to concatenate (no Python loop).

    The amount is cut into groups of three digits; each group's text is looked up in a table
    of 3,000 entries: "" for a group above the leading one, "7" (unpadded) for the leading
    group, ".007" for the groups after it. Seven groups cover every Int64."""
    parts = []
    for k in range(6, -1, -1):
        unit = 10 ** (3 * k)
        present = (amount >= unit).cast(pl.Int64) if k else pl.lit(1, pl.Int64)
        state = present + (amount >= unit * 1000).cast(pl.Int64)
        parts.append(pl.lit(_GROUP_TEXTS).gather((amount // unit) % 1000 + 1000 * state))
    return parts


def vnd_column(amount: pl.Expr) -> pl.Expr:
    return pl.concat_str(vnd_parts(amount), ignore_nulls=True)


def _score_text(score: float) -> str:
    return f"{score:g}".replace(".", ",")


def reason(standard: Standard, branch: pl.Expr, count: pl.Expr, by_score: bool) -> pl.Expr:
    """The reason column for each household, given its branch and deprivation count."""
    key = branch.cast(pl.Int32) + 5 * pl.col(URBAN_FLAG).cast(pl.Int32)
    measure = [pl.lit("Thu nhập bình quân "), *vnd_parts(pl.col(INCOME)), pl.lit(" đ/người/tháng ")]
    regions: list[str | None] = [None]
    if by_score:
        scored = pl.col(INCOME).is_null()
        region_slot = pl.col(REGION).replace_strict(_REGION_SLOTS, default=0, return_dtype=pl.Int32)
        key = key + pl.when(scored).then(10 * region_slot).otherwise(0)
        score = (
            pl.col(SCORE).round(2).cast(pl.String).str.strip_suffix(".0").str.replace(".", ",", literal=True)
        )
        measure = [
            pl.when(scored).then(pl.lit("Điểm phiếu B1 ")).otherwise(measure[0]),
            pl.when(scored).then(score),
            *measure[1:-1],
            pl.when(scored).then(pl.lit(" ")).otherwise(measure[-1]),
        ]
        regions += list(v.REGIONS)
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
    counted = pl.Series([bool(after.get(slot)) for slot in slots], dtype=pl.Boolean)
    return pl.concat_str(
        [
            *measure,
            pl.lit(pl.Series([before.get(slot) for slot in slots], dtype=pl.String)).gather(key),
            pl.when(pl.lit(counted).gather(key)).then(count.cast(pl.String)),
            pl.lit(pl.Series([after.get(slot) for slot in slots], dtype=pl.String)).gather(key),
        ],
        ignore_nulls=True,
    )


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
        return f"{_score_text(standard.scorecard.threshold(region, area, line))} điểm"

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
