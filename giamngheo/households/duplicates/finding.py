"""Find member records that are probably the same person.

Candidates are blocked so the work stays linear in the size of a commune, never
all-pairs over a province:

- same commune, same birth date and same first letter of the given name;
- same commune, same birth year and same given name (a mistyped day or month);
- the same CCCD held by present members of two active households, anywhere.

Names are compared after accent folding with rapidfuzz, in whole columns. Vietnamese
names share a few surnames and middle names, so the given name (last word) weighs as
much as the full name: "Nguyễn Văn An" and "Nguyễn Văn Bình" are different people.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.db.models import Count
from rapidfuzz import fuzz, process

from giamngheo.households.duplicates.models import DuplicatePair
from giamngheo.households.models import Member, MemberStatus

SAME_DATE_THRESHOLD = 88.0
SAME_YEAR_THRESHOLD = 95.0
SEX_MISMATCH_PENALTY = 15.0
COLUMNS = ["id", "household_id", "search_name", "birth_date", "sex", "cccd"]
SCHEMA = {
    "id": pl.Int64,
    "household_id": pl.Int64,
    "search_name": pl.String,
    "birth_date": pl.Date,
    "sex": pl.String,
    "cccd": pl.String,
}
PAIRS_SCHEMA = {"member_a": pl.Int64, "member_b": pl.Int64, "score": pl.Float64, "reason": pl.String}


@dataclass(frozen=True)
class FindResult:
    communes: int
    members: int
    pairs_found: int
    pairs_new: int


def present_members(commune_id: int) -> pl.DataFrame:
    """Present members of the commune's active households, names folded."""
    rows = Member.objects.filter(
        household__commune_id=commune_id, household__is_active=True, status=MemberStatus.PRESENT
    ).values_list(*COLUMNS)
    return pl.DataFrame(list(rows), schema=SCHEMA, orient="row")


def name_pairs(members: pl.DataFrame) -> pl.DataFrame:
    """Scored pairs among one commune's members (member_a < member_b)."""
    frame = members.with_columns(
        pl.col("search_name").str.split(" ").list.last().fill_null("").alias("given"),
        pl.col("search_name").str.split(" ").list.first().fill_null("").alias("surname"),
        pl.col("birth_date").dt.year().alias("year"),
    ).with_columns(pl.col("given").str.slice(0, 1).alias("initial"))
    same_date = _self_join(frame, ["birth_date", "initial"]).with_columns(
        pl.lit(SAME_DATE_THRESHOLD).alias("threshold"), pl.lit("cùng ngày sinh").alias("basis")
    )
    same_year = (
        _self_join(frame, ["year", "given"])
        .filter(pl.col("birth_date") != pl.col("birth_date_b"))
        .with_columns(pl.lit(SAME_YEAR_THRESHOLD).alias("threshold"), pl.lit("cùng năm sinh").alias("basis"))
    )
    candidates = pl.concat([same_date, same_year], how="diagonal_relaxed")
    # Two different CCCDs are two different people, however alike the names.
    candidates = candidates.filter(
        (pl.col("cccd") == "") | (pl.col("cccd_b") == "") | (pl.col("cccd") == pl.col("cccd_b"))
    )
    if candidates.is_empty():
        return pl.DataFrame(schema=PAIRS_SCHEMA)
    scored = candidates.with_columns(_similarity(candidates).alias("score"))
    scored = scored.with_columns(
        pl.when(pl.col("sex") != pl.col("sex_b"))
        .then(pl.col("score") - SEX_MISMATCH_PENALTY)
        .otherwise(pl.col("score"))
        .alias("score")
    )
    return scored.filter(pl.col("score") >= pl.col("threshold")).select(
        pl.col("id").alias("member_a"),
        pl.col("id_b").alias("member_b"),
        pl.col("score").round(1),
        pl.format("Tên gần giống ({}), {}", pl.col("score").round(0).cast(pl.Int64), pl.col("basis")).alias(
            "reason"
        ),
    )


def _self_join(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    joined = frame.join(frame, on=keys, suffix="_b", coalesce=False)
    return joined.filter(pl.col("id") < pl.col("id_b"))


def _similarity(pairs: pl.DataFrame) -> pl.Series:
    """0-100: full name, given name and surname similarity, weighted 2:2:1."""

    def ratio(left: str, right: str):
        return process.cpdist(pairs[left].to_list(), pairs[right].to_list(), scorer=fuzz.ratio, workers=1)

    full = ratio("search_name", "search_name_b")
    given = ratio("given", "given_b")
    surname = ratio("surname", "surname_b")
    return pl.Series("score", (2 * full + 2 * given + surname) / 5)


def cccd_pairs(commune_ids: Iterable[int] | None = None) -> pl.DataFrame:
    """Present members of active households sharing a CCCD; with communes, those where
    at least one of the two lives in one of the communes."""
    members = Member.objects.filter(status=MemberStatus.PRESENT, household__is_active=True).exclude(cccd="")
    shared = members.values("cccd").annotate(n=Count("id")).filter(n__gt=1)
    if commune_ids is not None:
        shared = shared.filter(
            cccd__in=members.filter(household__commune_id__in=list(commune_ids)).values("cccd")
        )
    rows = members.filter(cccd__in=shared.values("cccd")).values_list("id", "cccd")
    frame = pl.DataFrame(list(rows), schema={"id": pl.Int64, "cccd": pl.String}, orient="row")
    joined = _self_join(frame, ["cccd"])
    return joined.select(
        pl.col("id").alias("member_a"),
        pl.col("id_b").alias("member_b"),
        pl.lit(100.0).alias("score"),
        pl.format("Trùng số CCCD {}", pl.col("cccd")).alias("reason"),
    )


def save_pairs(pairs: pl.DataFrame) -> int:
    """Store new pairs; a pair already known (open, decided or merged) is left as it is."""
    if pairs.is_empty():
        return 0
    best = pairs.sort("score", descending=True).unique(["member_a", "member_b"], keep="first")
    known = set(
        DuplicatePair.objects.filter(member_a__in=best["member_a"].unique().to_list()).values_list(
            "member_a", "member_b"
        )
    )
    new = [
        DuplicatePair(member_a_id=a, member_b_id=b, score=score, reason=reason)
        for a, b, score, reason in best.iter_rows()
        if (a, b) not in known
    ]
    DuplicatePair.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)


def find_duplicates(commune_ids: Iterable[int]) -> FindResult:
    """Find and store candidate pairs for the communes, one commune at a time."""
    commune_ids = list(commune_ids)
    found = new = members = 0
    for commune_id in commune_ids:
        frame = present_members(commune_id)
        members += frame.height
        pairs = name_pairs(frame)
        with transaction.atomic():
            new += save_pairs(pairs)
        found += pairs.height
    pairs = cccd_pairs(commune_ids)
    with transaction.atomic():
        new += save_pairs(pairs)
    return FindResult(
        communes=len(commune_ids), members=members, pairs_found=found + pairs.height, pairs_new=new
    )
