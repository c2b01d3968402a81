"""Reports 14 and 15: the near-poor and the poor households of the area with their
present members, ordered by commune, village and household code."""

import polars as pl

from giamngheo.areas.models import AdminUnit
from giamngheo.core.frames import read_by_ids
from giamngheo.households.models import Relation
from giamngheo.reports.labels import indicator_label
from giamngheo.reports.official.layout import LIST_NUMBERS
from giamngheo.standards.engine.vocabulary import SEXES

_HOUSEHOLDS_SQL = "SELECT h.id, h.code, h.head_name FROM households_household h WHERE h.id {ids}"
_MEMBERS_SQL = """
SELECT m.household_id, m.id, m.full_name, m.relation, m.birth_date, m.sex, m.ethnicity
FROM households_member m WHERE m.status = 'present' AND m.household_id {ids}
"""
RELATIONS = dict(Relation.choices)
SEX_LABELS = dict(SEXES)


def _deprived_labels(frame: pl.DataFrame, standard_id: str) -> pl.Expr:
    codes = [name[2:] for name in frame.columns if name.startswith("d_")]
    if not codes:
        return pl.lit("")
    parts = [pl.when(pl.col(f"d_{c}")).then(pl.lit(indicator_label(c, standard_id))) for c in codes]
    return pl.concat_str(parts, separator="; ", ignore_nulls=True).fill_null("")


def build_lists(frame: pl.DataFrame, standard_id: str, communes: dict[int, str]) -> dict[str, list[dict]]:
    """{"poor": [...], "near_poor": [...]}: each household with its members."""
    chosen = frame.filter(pl.col("status").is_in(list(LIST_NUMBERS.values()))).select(
        "commune_id",
        "household_id",
        "village_id",
        "status",
        "people",
        _deprived_labels(frame, standard_id).alias("deprived"),
    )
    ids = chosen["household_id"].unique().sort().to_list()
    heads = read_by_ids(
        _HOUSEHOLDS_SQL, [], ids, {"household_id": pl.Int64, "code": pl.String, "head_name": pl.String}
    )
    members = read_by_ids(
        _MEMBERS_SQL,
        [],
        ids,
        {
            "household_id": pl.Int64, "id": pl.Int64, "full_name": pl.String, "relation": pl.String,
            "birth_date": pl.Date, "sex": pl.String, "ethnicity": pl.String,
        },
    )  # fmt: skip
    village_ids = chosen["village_id"].drop_nulls().unique().to_list()
    villages = dict(AdminUnit.objects.filter(pk__in=village_ids).values_list("pk", "name"))
    members = (
        members.with_columns((pl.col("relation") != "head").alias("not_head"))
        .sort("household_id", "not_head", "id")
        .group_by("household_id", maintain_order=True)
        .agg(
            pl.struct(
                pl.col("full_name").alias("name"),
                pl.col("relation").replace_strict(RELATIONS, default="Khác").alias("relation"),
                pl.col("birth_date").dt.strftime("%d/%m/%Y").alias("birth_date"),
                pl.col("sex").replace_strict(SEX_LABELS, default="").alias("sex"),
                pl.col("ethnicity").fill_null(""),
            ).alias("members")
        )
    )
    order = {commune_id: position for position, commune_id in enumerate(communes)}
    rows = (
        chosen.join(heads, on="household_id", how="left")
        .join(members, on="household_id", how="left")
        .with_columns(
            pl.col("commune_id").replace_strict(order, default=len(order)).alias("commune_order"),
            pl.col("commune_id")
            .replace_strict(communes, default="", return_dtype=pl.String)
            .alias("commune"),
            pl.col("village_id")
            .replace_strict(villages, default="", return_dtype=pl.String)
            .alias("village"),
        )
        .sort("commune_order", "village", "code")
    )
    rows = rows.select(
        "status", "household_id", "commune", "village", pl.col("code").fill_null(""),
        pl.col("head_name").fill_null(""), "people", "deprived",
        pl.col("members").fill_null([]),
    )  # fmt: skip
    result: dict[str, list[dict]] = {}
    for status in LIST_NUMBERS.values():
        result[status] = rows.filter(pl.col("status") == status).drop("status").to_dicts()
    return result
