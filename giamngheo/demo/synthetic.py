"""Synthetic households and members for demos and benchmarks: pure Polars, no Django.

Every random draw is a hash of the row index with a per-column salt derived from
the seed, so the same seed gives identical frames and nothing loops per row.
Distributions follow the national figures in `shared/spec/standards.md` §7:
about 3.5 members per household and, under the 2022-2025 standard, a few percent
of poor and near-poor households, more in poorer communes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import NamedTuple

import polars as pl

from giamngheo.core.text import fold

FAMILY_NAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 2), ("Phan", 4), ("Vũ", 3),
    ("Võ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1), ("Hồ", 1), ("Ngô", 1), ("Dương", 1), ("Lý", 1),
]  # fmt: skip
MINORITY_FAMILY_NAMES = [
    ("Lò", 3), ("Quàng", 2), ("Giàng", 2), ("Mùa", 2), ("Sùng", 2), ("Vàng", 2), ("Lường", 2), ("Cà", 1),
    ("Nông", 2), ("Ma", 1), ("Triệu", 2), ("Bàn", 1), ("Katơr", 1), ("Pinăng", 2), ("Chamaléa", 2),
]  # fmt: skip
MIDDLE_NAMES = {
    "male": ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thanh"],
    "female": ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ"],
}
GIVEN_NAMES = {
    "male": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phúc", "Quang",
             "Sơn", "Tài", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh"],
    "female": ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga",
               "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Trang", "Vân", "Yến"],
}  # fmt: skip
MINORITY_ETHNICITIES = ["Raglai", "Chăm", "Ê Đê", "Cơ Ho", "Tày", "Thái", "Mường", "Khmer", "H'Mông", "Dao"]
HOUSEHOLD_SIZES = [(1, 9), (2, 19), (3, 23), (4, 25), (5, 13), (6, 6), (7, 3), (8, 1), (9, 0.6), (10, 0.4)]
SAFE_WATER = ["piped", "borehole", "protected_well", "rainwater", "bottled"]
UNSAFE_WATER = ["unprotected_well", "unprotected_spring", "surface"]
HYGIENIC_LATRINES = ["septic", "semi_septic", "pour_flush", "double_vault"]
UNHYGIENIC_LATRINES = ["unimproved_pit", "none"]


@dataclass(frozen=True)
class CommuneSpec:
    id: int
    code: str
    area: str  # "rural" | "urban"
    village_ids: tuple[int, ...]
    poverty_level: float  # 0 (well-off) .. 1 (very poor)
    name: str = ""
    village_names: tuple[str, ...] = ()
    minority_share: float = 0.1


class SyntheticData(NamedTuple):
    households: pl.DataFrame
    members: pl.DataFrame


def _salt(seed: int, name: str) -> int:
    return (seed * 1_000_003 + sum(ord(c) * 31**i for i, c in enumerate(name))) % (2**61 - 1)


def _uniform(seed: int, name: str, index: pl.Expr) -> pl.Expr:
    """A uniform draw in [0, 1) per row, stable for (seed, name, index)."""
    return (index.hash(_salt(seed, name)) % (2**32)).cast(pl.Float64) / 2**32


def _normal(seed: int, name: str, index: pl.Expr) -> pl.Expr:
    u1 = _uniform(seed, name + ".1", index).clip(1e-12, 1.0)
    u2 = _uniform(seed, name + ".2", index)
    return (-2 * u1.log()).sqrt() * (2 * math.pi * u2).cos()


def _pick(u: pl.Expr, weighted: list[tuple[object, float]]) -> pl.Expr:
    """Categorical draw: the first option whose cumulative weight exceeds u."""
    total = sum(w for _, w in weighted)
    expr, cumulative = None, 0.0
    for value, weight in weighted:
        cumulative += weight / total
        expr = (
            pl.when(u < cumulative).then(pl.lit(value))
            if expr is None
            else expr.when(u < cumulative).then(pl.lit(value))
        )
    return expr.otherwise(pl.lit(weighted[-1][0]))


def _index_into(values: list[str], u: pl.Expr) -> pl.Expr:
    series = pl.Series(values)
    return pl.lit(series).get((u * len(values)).floor().cast(pl.Int64).clip(0, len(values) - 1))


def _default_communes() -> list[CommuneSpec]:
    return [
        CommuneSpec(
            id=1, code="00001", area="rural", village_ids=(1, 2, 3), poverty_level=0.5, name="Xã Mẫu"
        ),
        CommuneSpec(
            id=2, code="00002", area="urban", village_ids=(4, 5), poverty_level=0.2, name="Phường Mẫu"
        ),
    ]


def _communes_frame(communes: list[CommuneSpec], seed: int) -> pl.DataFrame:
    weights = [0.5 + ((_salt(seed, c.code) % 1000) / 1000) for c in communes]
    total = sum(weights)
    cumulative, upper = 0.0, []
    for w in weights:
        cumulative += w / total
        upper.append(cumulative)
    upper[-1] = 1.0
    return pl.DataFrame(
        {
            "commune_idx": list(range(len(communes))),
            "commune_id": [c.id for c in communes],
            "commune_code": [c.code for c in communes],
            "commune_name": [c.name for c in communes],
            "area": [c.area for c in communes],
            "poverty_level": [c.poverty_level for c in communes],
            "minority_share": [c.minority_share for c in communes],
            "village_ids": [list(c.village_ids) or [None] for c in communes],
            "village_names": [list(c.village_names) or [""] * max(1, len(c.village_ids)) for c in communes],
            "upper": upper,
        },
        schema_overrides={"village_ids": pl.List(pl.Int64)},
    )


def synthetic_frames(
    n_households: int,
    *,
    seed: int,
    communes: list[CommuneSpec] | None = None,
    survey_date: dt.date = dt.date(2025, 10, 1),
    cccd_province: str = "056",
    by_commune: bool = False,
) -> SyntheticData:
    """With `by_commune`, the same households in the order of their communes (and codes), as a
    registry imported commune by commune lies; else each commune's households are spread over
    the whole province's order, the case where a batch of communes is found on every page."""
    communes = communes or _default_communes()
    households = _households(n_households, seed, _communes_frame(communes, seed), survey_date)
    members = _members(households, seed, survey_date, cccd_province)
    # One pass over the members gives each household its head, its labour and its search text.
    per_household = members.group_by("household_id").agg(
        pl.col("full_name").filter(pl.col("member_no") == 0).first().alias("head_name"),
        (~pl.col("employment").is_in(["contract", "no_contract", "self_employed", "unemployed"]))
        .all()
        .alias("no_labour_capacity"),
        pl.concat_str([pl.col("search_name"), pl.col("cccd").fill_null("")], separator=" ")
        .str.join(" ")
        .alias("sn"),
    )
    households = (
        households.join(per_household, on="household_id", how="left")
        .with_columns(
            pl.concat_str(
                [pl.col("sn"), pl.col("address_folded"), pl.col("household_id")], separator=" "
            ).alias("search_text"),
        )
        .drop("sn", "address_folded")
    )
    if by_commune:
        households = households.sort("commune_id", "household_id")
    return SyntheticData(households, members)


# Causes of poverty a surveyor ticks: the harder a household's life, the likelier each.
POVERTY_CAUSE_SHARES = {
    "cause_no_land": 0.25, "cause_no_capital": 0.6, "cause_no_labour": 0.2, "cause_no_tools": 0.3,
    "cause_no_know_how": 0.35, "cause_no_skills": 0.4, "cause_illness": 0.2, "cause_other": 0.05,
}  # fmt: skip


def _households(n: int, seed: int, communes: pl.DataFrame, survey_date: dt.date) -> pl.DataFrame:
    i = pl.col("i")
    base = pl.DataFrame({"i": pl.int_range(0, n, eager=True, dtype=pl.Int64)})
    base = base.with_columns(_uniform(seed, "commune", i).alias("u_commune")).sort("u_commune")
    base = base.join_asof(
        communes.select("upper", "commune_idx").sort("upper"),
        left_on="u_commune",
        right_on="upper",
        strategy="forward",
    ).sort("i")
    # The first households go one to each commune, so no commune is left empty when n ≥ communes
    # (a review round cannot be signed off while one of its communes has no households).
    base = base.with_columns(
        pl.when(i < communes.height).then(i).otherwise(pl.col("commune_idx")).alias("commune_idx")
    )
    frame = base.join(communes.drop("upper"), on="commune_idx", how="left").sort("i")
    frame = frame.with_columns(
        pl.int_range(1, pl.len() + 1).over("commune_idx").alias("serial"),
        _uniform(seed, "minority", i).lt(pl.col("minority_share")).alias("ethnic_minority"),
    )
    poverty = pl.col("poverty_level") + pl.when(pl.col("ethnic_minority")).then(0.25).otherwise(0.0)
    median = pl.when(pl.col("area") == "urban").then(6_000_000.0).otherwise(4_200_000.0) * (
        1.0 - 0.55 * poverty.clip(0, 1)
    )
    income = (median.log() + 0.62 * _normal(seed, "income", i)).exp()
    hardship = (1.0 - (income / 3_000_000.0).clip(0, 1)) * 0.7 + poverty.clip(0, 1) * 0.3  # 0..1
    floor_per_person = (
        (pl.lit(22.0).log() + 0.45 * _normal(seed, "floor", i)).exp() * (1.0 - 0.5 * hardship)
    ).clip(3.0, 80.0)
    vil_pick = (_uniform(seed, "village", i) * pl.col("village_ids").list.len()).floor().cast(pl.Int64)
    frame = frame.with_columns(
        _pick(_uniform(seed, "size", i), HOUSEHOLD_SIZES).cast(pl.Int64).alias("members"),
        (income / 10_000).round(0).cast(pl.Int64).mul(10_000).alias("income_per_capita_month"),
        hardship.alias("hardship"),
        floor_per_person.alias("fpp"),
        pl.col("village_ids").list.get(vil_pick).alias("village_id"),
        pl.col("village_names").list.get(vil_pick).alias("village_name"),
    )
    h = pl.col("hardship")

    def chance(name: str, base_p: float, slope: float) -> pl.Expr:
        return _uniform(seed, name, i) < (base_p + slope * h)

    frame = frame.with_columns(
        pl.concat_str(
            [pl.col("commune_code"), pl.col("serial").cast(pl.String).str.zfill(6)], separator="-"
        ).alias("household_id"),
        (pl.col("fpp") * pl.col("members")).round(1).alias("floor_area_m2"),
        (~chance("nodwelling", 0.0, 0.02)).alias("has_dwelling"),
        (~chance("walls", 0.02, 0.45)).alias("durable_walls"),
        (~chance("columns", 0.02, 0.40)).alias("durable_columns"),
        (~chance("roof", 0.03, 0.45)).alias("durable_roof"),
        pl.when(chance("water", 0.02, 0.35))
        .then(_index_into(UNSAFE_WATER, _uniform(seed, "water.kind", i)))
        .otherwise(_index_into(SAFE_WATER, _uniform(seed, "water.safe", i)))
        .alias("water_source"),
        pl.when(chance("latrine", 0.03, 0.5))
        .then(_index_into(UNHYGIENIC_LATRINES, _uniform(seed, "latrine.kind", i)))
        .otherwise(_index_into(HYGIENIC_LATRINES, _uniform(seed, "latrine.ok", i)))
        .alias("latrine"),
        (~chance("internet", 0.05, 0.55)).alias("uses_internet"),
        (~chance("phone", 0.02, 0.25)).alias("has_phone_subscription"),
        (~chance("tv", 0.08, 0.4)).alias("has_tv"),
        chance("radio", 0.1, 0.05).alias("has_radio"),
        (~chance("computer", 0.55, 0.4)).alias("has_computer"),
        (~chance("smartphone", 0.08, 0.5)).alias("has_smartphone"),
        chance("tablet", 0.1, -0.08).alias("has_tablet"),
        (~chance("loudspeaker", 0.1, 0.2)).alias("hears_loudspeaker"),
        (~chance("waste", 0.1, 0.4)).alias("waste_treated"),
        pl.lit(survey_date).alias("survey_date"),
        (_uniform(seed, "meritorious", i) < 0.03).alias("meritorious"),
        pl.lit(False).alias("registered_to_escape"),
        (pl.col("ethnic_minority") & (_uniform(seed, "indigenous", i) < 0.6)).alias("indigenous"),
        # Most rural households live from farming, forestry, fishing or salt-making; few urban ones.
        (
            _uniform(seed, "agricultural", i) < pl.when(pl.col("area") == "rural").then(0.6).otherwise(0.05)
        ).alias("agricultural"),
        *(
            (_uniform(seed, name, i) < 0.05 + share * pl.col("hardship")).alias(name)
            for name, share in POVERTY_CAUSE_SHARES.items()
        ),
        (_uniform(seed, "wish", i) < 0.8 * pl.col("hardship")).alias("wishes_to_escape"),
        pl.concat_str([pl.col("village_name"), pl.col("commune_name")], separator=", ").alias("address"),
    )
    folded_villages = {
        name: fold(name) for name in frame["village_name"].unique().to_list() if name is not None
    }
    folded_communes = {
        name: fold(name) for name in frame["commune_name"].unique().to_list() if name is not None
    }
    frame = frame.with_columns(
        pl.concat_str(
            [
                pl.col("village_name").replace_strict(folded_villages, default=""),
                pl.col("commune_name").replace_strict(folded_communes, default=""),
            ],
            separator=" ",
        ).alias("address_folded")
    )
    return frame.select(
        "household_id", "commune_id", "village_id", "area", "members", "income_per_capita_month",
        "floor_area_m2", "has_dwelling", "durable_walls", "durable_columns", "durable_roof", "water_source",
        "latrine", "uses_internet", "has_phone_subscription", "has_tv", "has_radio", "has_computer",
        "has_smartphone", "has_tablet", "hears_loudspeaker", "waste_treated", "survey_date", "address",
        "address_folded", "ethnic_minority", "meritorious", "registered_to_escape", "hardship",
        "indigenous", "agricultural", *POVERTY_CAUSE_SHARES, "wishes_to_escape",
    )  # fmt: skip


def _members(households: pl.DataFrame, seed: int, survey_date: dt.date, cccd_province: str) -> pl.DataFrame:
    frame = (
        households.select("household_id", "members", "ethnic_minority", "hardship")
        .with_row_index("h")
        .with_columns(pl.int_ranges(0, pl.col("members")).alias("member_no"))
        .explode("member_no")
        .with_row_index("m")
    )
    m, hh = pl.col("m").cast(pl.Int64), pl.col("h").cast(pl.Int64)
    no, size = pl.col("member_no"), pl.col("members")
    relation = (
        pl.when(no == 0)
        .then(pl.lit("head"))
        .when((no == 1) & (_uniform(seed, "spouse", hh) < 0.82))
        .then(pl.lit("spouse"))
        .when((no == size - 1) & (size >= 4) & (_uniform(seed, "parent", hh) < 0.3))
        .then(pl.lit("parent"))
        .when((no >= 3) & (_uniform(seed, "grandchild", m) < 0.12))
        .then(pl.lit("grandchild"))
        .otherwise(pl.lit("child"))
    )
    head_age = (28 + 52 * _uniform(seed, "head.age", hh).pow(1.3)).floor()
    age = (
        pl.when(pl.col("relation") == "head")
        .then(head_age)
        .when(pl.col("relation") == "spouse")
        .then((head_age + (_normal(seed, "spouse.age", m) * 3).round(0)).clip(18, 95))
        .when(pl.col("relation") == "parent")
        .then((head_age + 22 + (_uniform(seed, "parent.age", m) * 12).floor()).clip(45, 100))
        .when(pl.col("relation") == "grandchild")
        .then((_uniform(seed, "grandchild.age", m) * 12).floor())
        .otherwise(((head_age - 20) * _uniform(seed, "child.age", m)).floor().clip(0, 40))
        .cast(pl.Int64)
    )
    head_male = _uniform(seed, "head.sex", hh) < 0.76
    sex = (
        pl.when(pl.col("relation") == "head")
        .then(pl.when(head_male).then(pl.lit("male")).otherwise(pl.lit("female")))
        .when(pl.col("relation") == "spouse")
        .then(pl.when(head_male).then(pl.lit("female")).otherwise(pl.lit("male")))
        .when(_uniform(seed, "sex", m) < 0.51)
        .then(pl.lit("male"))
        .otherwise(pl.lit("female"))
    )
    frame = frame.with_columns(relation.alias("relation")).with_columns(age.alias("age"), sex.alias("sex"))
    days = (_uniform(seed, "birthday", m) * 365).floor().cast(pl.Int64)
    frame = frame.with_columns(
        (pl.lit(survey_date) - pl.duration(days=pl.col("age") * 365 + pl.col("age") // 4 + days + 1)).alias(
            "birth_date"
        )
    )
    # Completed years at the survey date, exact (the draw above is approximate near birthdays).
    frame = frame.with_columns(_completed_years(pl.col("birth_date"), survey_date).alias("age"))
    frame = _names(frame, seed)
    frame = _answers(frame, seed)
    frame = _cccd(frame, seed, cccd_province)
    return frame.select(
        "household_id", "member_no", "full_name", "search_name", "birth_date", "age", "sex", "ethnicity",
        "relation", "cccd", "has_health_insurance", "schooling", "qualification", "employment",
        "severe_disability", "malnourished", "ill_untreated", "social_allowance", "employer_certified_training",
    )  # fmt: skip


def _completed_years(birth: pl.Expr, on: dt.date) -> pl.Expr:
    before_birthday = (birth.dt.month() > on.month) | (
        (birth.dt.month() == on.month) & (birth.dt.day() > on.day)
    )
    return (on.year - birth.dt.year() - before_birthday.cast(pl.Int32)).cast(pl.Int64)


def _names(frame: pl.DataFrame, seed: int) -> pl.DataFrame:
    m, hh = pl.col("m").cast(pl.Int64), pl.col("h").cast(pl.Int64)
    kinh = [n for n, _ in FAMILY_NAMES]
    minority = [n for n, _ in MINORITY_FAMILY_NAMES]
    family = (
        pl.when(pl.col("ethnic_minority"))
        .then(_pick(_uniform(seed, "family", hh), MINORITY_FAMILY_NAMES))
        .otherwise(_pick(_uniform(seed, "family", hh), FAMILY_NAMES))
    )
    spouse_family = _pick(_uniform(seed, "spouse.family", m), FAMILY_NAMES)
    male = pl.col("sex") == "male"
    middle = (
        pl.when(male)
        .then(_index_into(MIDDLE_NAMES["male"], _uniform(seed, "middle", m)))
        .otherwise(_index_into(MIDDLE_NAMES["female"], _uniform(seed, "middle", m)))
    )
    given = (
        pl.when(male)
        .then(_index_into(GIVEN_NAMES["male"], _uniform(seed, "given", m)))
        .otherwise(_index_into(GIVEN_NAMES["female"], _uniform(seed, "given", m)))
    )
    frame = frame.with_columns(
        pl.when(pl.col("relation").is_in(["spouse", "parent"]) & ~pl.col("ethnic_minority"))
        .then(spouse_family)
        .otherwise(family)
        .alias("_family"),
        middle.alias("_middle"),
        given.alias("_given"),
        pl.when(pl.col("ethnic_minority"))
        .then(_index_into(MINORITY_ETHNICITIES, _uniform(seed, "ethnicity", hh)))
        .otherwise(pl.lit("Kinh"))
        .alias("ethnicity"),
    )
    parts = sorted(
        {
            *kinh,
            *minority,
            *MIDDLE_NAMES["male"],
            *MIDDLE_NAMES["female"],
            *GIVEN_NAMES["male"],
            *GIVEN_NAMES["female"],
        }
    )
    folded = {p: fold(p) for p in parts}
    return frame.with_columns(
        pl.concat_str(["_family", "_middle", "_given"], separator=" ").alias("full_name"),
        pl.concat_str(
            [pl.col(c).replace_strict(folded) for c in ("_family", "_middle", "_given")], separator=" "
        ).alias("search_name"),
    ).drop("_family", "_middle", "_given")


def _answers(frame: pl.DataFrame, seed: int) -> pl.DataFrame:
    m = pl.col("m").cast(pl.Int64)
    age, h = pl.col("age"), pl.col("hardship")

    def chance(name: str, base_p: float, slope: float) -> pl.Expr:
        return _uniform(seed, name, m) < (base_p + slope * h)

    child = (age >= 3) & (age < 16)
    school = (
        pl.when(child & chance("school.out", 0.01, 0.12))
        .then(pl.lit("not_attending"))
        .when(child & chance("school.late", 0.01, 0.08))
        .then(pl.lit("below_level"))
        .when(child | ((age >= 16) & (age < 23) & ~chance("study", 0.45, 0.4)))
        .then(pl.lit("right_level"))
        .otherwise(pl.lit("not_attending"))
    )
    qualification = (
        pl.when(age < 11)
        .then(pl.lit("none"))
        .when(age < 15)
        .then(pl.lit("primary"))
        .when(age < 18)
        .then(
            pl.when(chance("q.ls", 0.05, 0.25)).then(pl.lit("primary")).otherwise(pl.lit("lower_secondary"))
        )
        .otherwise(
            _pick(
                _uniform(seed, "q.adult", m) + h * 0.35,
                [
                    ("higher", 18),
                    ("vocational", 12),
                    ("upper_secondary", 35),
                    ("lower_secondary", 20),
                    ("primary", 10),
                    ("none", 5),
                ],
            )
        )
    )
    working_age = (age >= 15) & (age < 60)
    employment = (
        pl.when(~working_age | (pl.col("schooling") == "right_level"))
        .then(pl.lit("not_working"))
        .otherwise(
            _pick(
                _uniform(seed, "employment", m),
                [
                    ("contract", 33),
                    ("no_contract", 16),
                    ("self_employed", 40),
                    ("unemployed", 3),
                    ("not_working", 5),
                    ("unable_to_work", 3),
                ],
            )
        )
    )
    frame = frame.with_columns(school.alias("schooling"), qualification.alias("qualification")).with_columns(
        employment.alias("employment"),
        (~chance("insurance", 0.04, 0.25) | (age < 6)).alias("has_health_insurance"),
        chance("disability", 0.01, 0.02).alias("severe_disability"),
        ((age < 16) & chance("malnourished", 0.02, 0.25)).alias("malnourished"),
        chance("ill", 0.01, 0.05).alias("ill_untreated"),
    )
    return frame.with_columns(_allowance(seed, m, h).alias("social_allowance"), _training(seed, m))


def _allowance(seed: int, m: pl.Expr, h: pl.Expr) -> pl.Expr:
    """A monthly social allowance (NĐ 20/2021): most people from 80 (the rest draw a pension), a
    majority of the severely disabled, and a share of the elderly in hard-up households."""
    age = pl.col("age")
    chance = (
        pl.when(age >= 80)
        .then(0.85)
        .when(pl.col("severe_disability"))
        .then(0.55 + 0.3 * h)
        .when(age >= 60)
        .then(0.02 + 0.2 * h)
        .otherwise(0.0)
    )
    return _uniform(seed, "allowance", m) < chance


def _training(seed: int, m: pl.Expr) -> pl.Expr:
    """A small share of young adults without lower-secondary schooling who work for someone have
    on-the-job training their employer certified."""
    asked = (
        pl.col("age").is_between(16, 30)
        & pl.col("qualification").is_in(["none", "primary"])
        & pl.col("employment").is_in(["contract", "no_contract"])
    )
    return (asked & (_uniform(seed, "training", m) < 0.25)).alias("employer_certified_training")


def _cccd(frame: pl.DataFrame, seed: int, province: str) -> pl.DataFrame:
    """Valid 12-digit CCCDs (Thông tư 59/2021/TT-BCA Điều 7), unique within the frame;
    a share of children under 14 have none yet."""
    year = pl.col("birth_date").dt.year()
    digit = ((year // 100 - 19) * 2 + (pl.col("sex") == "female").cast(pl.Int64)).cast(pl.String)
    yy = (year % 100).cast(pl.String).str.zfill(2)
    offset = seed % 500 * 1000
    frame = frame.with_columns(digit.alias("_d"), yy.alias("_yy"))
    frame = frame.with_columns(
        ((pl.int_range(0, pl.len()).over("_d", "_yy") + offset) % 1_000_000)
        .cast(pl.String)
        .str.zfill(6)
        .alias("_serial")
    )
    has_card = (pl.col("age") >= 14) | (_uniform(seed, "card", pl.col("m").cast(pl.Int64)) < 0.5)
    return frame.with_columns(
        pl.when(has_card).then(pl.concat_str([pl.lit(province), "_d", "_yy", "_serial"])).alias("cccd")
    ).drop("_d", "_yy", "_serial")
