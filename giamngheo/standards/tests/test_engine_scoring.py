"""Form B1: the engine computes each household's score from its answers (placeholder tables,
hand-computed), compares it with the threshold, and never overrides a declared income."""

import copy
import datetime as dt
import re

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giamngheo.standards import engine
from giamngheo.standards.engine import vocabulary as v
from giamngheo.standards.engine.catalogue import standard_from_mapping, standard_mapping

SURVEY_DAY = dt.date(2026, 10, 1)
# A household that earns no B1 points beyond its base score and its one member.
NOTHING = {
    "area": "rural",
    "region": "mekong_delta",
    "survey_date": SURVEY_DAY,
    "members": 1,
    "income_per_capita_month": None,
    "floor_area_m2": 0.0,
    "durable_walls": False,
    "durable_roof": False,
    "water_source": "surface",
    "latrine": "none",
    "has_tv": False,
    "has_computer": False,
    "has_fridge": False,
    "has_air_conditioner": False,
    "has_washing_machine": False,
    "has_car": False,
    "motorbikes": 0,
    "electricity_kwh_month": 0,
    "farm_land_m2": 0.0,
    "large_livestock": 0,
}
ADULT = {"age": 40, "sex": "male", "qualification": "none", "employment": "not_working"}
HOUSEHOLD_TYPES = {
    "income_per_capita_month": pl.Int64,
    "members": pl.Int64,
    "motorbikes": pl.Int64,
    "electricity_kwh_month": pl.Int64,
    "large_livestock": pl.Int64,
}


def frames(standard, *households, deprived: int = 0):
    """Households given as (answers, members); the first `deprived` indicators are flagged."""
    rows, member_rows = [], []
    for number, (answers, members) in enumerate(households, start=1):
        flags = {f"d_{code}": int(k < deprived) for k, code in enumerate(standard.indicator_codes)}
        rows.append({"household_id": f"H{number}", **NOTHING, **answers, **flags})
        member_rows += [{"household_id": f"H{number}", **ADULT, **member} for member in members]
    household_frame = pl.DataFrame(rows, schema_overrides=HOUSEHOLD_TYPES)
    member_frame = pl.DataFrame(member_rows, schema_overrides={"age": pl.Int64})
    return household_frame, member_frame


def test_a_household_scored_item_by_item_by_hand():
    standard = engine.load_standard("2022-2025")
    answers = {
        "members": 4,
        "floor_area_m2": 40.0,
        "durable_walls": True,
        "water_source": "piped",
        "latrine": "septic",
        "has_tv": True,
        "has_fridge": True,
        "motorbikes": 2,
        "electricity_kwh_month": 120,
        "farm_land_m2": 1000.0,
        "large_livestock": 1,
    }
    members = [
        {"age": 40, "qualification": "upper_secondary", "employment": "contract"},
        {"age": 38, "sex": "female", "qualification": "lower_secondary", "employment": "self_employed"},
        {"age": 10},
        {"age": 70, "sex": "female"},
    ]
    # Placeholder tables, Mekong Delta, rural: base 72; 4 members × -4 = -16; 2 dependants (10, 70)
    # × -3 = -6; 1 upper-secondary graduate +4; 1 contract worker +6; 1 self-employed +2; durable
    # walls +3 (roof not durable: 0); 40 m² × 0.2 = +8; piped water +4; septic latrine +4; TV +2;
    # fridge +5; 2 motorbikes × 4 = +8; 120 kWh × 0.05 = +6; 1,000 m² × 0.002 = +2; 1 buffalo +3.
    expected = 72 - 16 - 6 + 4 + 6 + 2 + 3 + 8 + 4 + 4 + 2 + 5 + 8 + 6 + 2 + 3
    assert expected == 107
    result = engine.classify(standard, *frames(standard, (answers, members)))
    row = result.row(0, named=True)
    assert row["score"] == pytest.approx(107.0)
    assert row["status"] == "average"  # 100 < 107 ≤ 130 (placeholder thresholds)
    assert row["reason"].startswith(
        "Điểm phiếu B1 107 > chuẩn nghèo khu vực nông thôn vùng Đồng bằng sông Cửu Long 100 điểm "
        "và ≤ mức sống trung bình 130 điểm (ngưỡng điểm là số TẠM, chưa chính thức)"
    )
    assert not re.search(r"\d đ\b", row["reason"])  # a score is never turned into VND


def test_caps_count_at_most_the_units_the_table_says():
    standard = engine.load_standard("2026-2030")
    # 12 members count as 10 (× -4); 5 motorbikes as 3 (× 4); 900 kWh as 300 (× 0.05).
    answers = {"members": 12, "motorbikes": 5, "electricity_kwh_month": 900}
    result = engine.classify(standard, *frames(standard, (answers, [{}])))
    assert result["score"].item() == pytest.approx(72 - 40 + 12 + 15)


def test_score_equal_to_the_threshold_is_poor_and_just_above_is_not():
    standard = engine.load_standard("2022-2025")
    # 72 - 4 (one member) + car 15 + air conditioner 8 + washing machine 6 + durable walls 3 = 100
    at = {"has_car": True, "has_air_conditioner": True, "has_washing_machine": True, "durable_walls": True}
    above = at | {"electricity_kwh_month": 1}  # + 0.05
    households, members = frames(standard, (at, [{}]), (above, [{}]), deprived=3)
    result = engine.classify(standard, households, members)
    assert result["score"].to_list() == pytest.approx([100.0, 100.05])
    assert result["status"].to_list() == ["poor", "average"]
    assert result["reason"][0].startswith(
        "Điểm phiếu B1 100 ≤ chuẩn nghèo khu vực nông thôn vùng Đồng bằng sông Cửu Long 100 điểm"
    )


def test_a_declared_income_is_judged_on_income_and_a_given_score_is_kept():
    standard = engine.load_standard("2022-2025")
    rich = {"has_car": True, "has_air_conditioner": True, "members": 1}  # would score 91 + ...
    households, members = frames(
        standard,
        (rich | {"income_per_capita_month": 1_400_000}, [{}]),
        (rich | {"score": 140.0}, [{}]),
        (rich, [{}]),
        deprived=3,
    )
    households = households.with_columns(pl.col("score").cast(pl.Float64))
    result = engine.classify(standard, households, members)
    assert result["status"].to_list() == ["poor", "not_poor", "poor"]
    assert result["reason"][0].startswith("Thu nhập bình quân 1.400.000 đ/người/tháng ≤ chuẩn nghèo")
    assert result["score"].to_list() == [None, 140.0, pytest.approx(72 - 4 + 15 + 8)]


def test_a_household_missing_an_answer_an_item_reads_has_no_score():
    standard = engine.load_standard("2022-2025")
    households, members = frames(standard, ({"floor_area_m2": None}, [{}]))
    with pytest.raises(engine.EngineInputError, match="no B1 score .*household_id 'H1'"):
        engine.classify(standard, households, members)


def test_the_score_is_kept_for_the_classification_and_the_urban_base_applies():
    standard = engine.load_standard("2026-2030")
    households, members = frames(standard, ({"area": "urban", "region": "red_river_delta"}, [{}]))
    result = engine.classify(standard, households, members, reasons="template")
    assert result["score"].item() == pytest.approx(84 - 4)
    assert result["status"].item() == "near_poor"


def _bumped(mapping: dict, code: str, option: str | None, delta: float) -> engine.Standard:
    raw = copy.deepcopy(mapping)
    item = next(item for item in raw["scorecard"]["items"] if item["code"] == code)
    if option is None:
        item["per_unit"] = item["per_unit"] + delta
    else:
        points = {
            str(key).lower() if isinstance(key, bool) else key: value for key, value in item["points"].items()
        }
        points[option] = points.get(option, 0) + delta
        item["points"] = points
    return standard_from_mapping(raw, raw["id"])


_ANSWERS = st.fixed_dictionaries(
    {
        "members": st.integers(1, 14),
        "floor_area_m2": st.floats(0, 300, allow_nan=False),
        "durable_walls": st.booleans(),
        "durable_roof": st.booleans(),
        "water_source": st.sampled_from(list(v.WATER_SOURCES)),
        "latrine": st.sampled_from(list(v.LATRINES)),
        "has_tv": st.booleans(),
        "has_computer": st.booleans(),
        "has_fridge": st.booleans(),
        "has_air_conditioner": st.booleans(),
        "has_washing_machine": st.booleans(),
        "has_car": st.booleans(),
        "motorbikes": st.integers(0, 6),
        "electricity_kwh_month": st.integers(0, 1_000),
        "farm_land_m2": st.floats(0, 20_000, allow_nan=False),
        "large_livestock": st.integers(0, 9),
        "region": st.sampled_from(list(v.REGIONS)),
        "area": st.sampled_from([v.RURAL, v.URBAN]),
    }
)
_MEMBER = st.fixed_dictionaries(
    {
        "age": st.integers(0, 95),
        "qualification": st.sampled_from(list(v.QUALIFICATIONS)),
        "employment": st.sampled_from(list(v.EMPLOYMENT)),
    }
)
_MAPPING = standard_mapping("2022-2025")
_STANDARD = engine.load_standard("2022-2025")
_CHOICES = [
    (item.code, option)
    for item in _STANDARD.scorecard.items
    for option in (item.options() if item.kind == "options" else (None,))
]


@settings(max_examples=40, deadline=None)
@given(
    households=st.lists(
        st.tuples(_ANSWERS, st.lists(_MEMBER, min_size=1, max_size=6)), min_size=1, max_size=8
    ),
    choice=st.sampled_from(_CHOICES),
    delta=st.floats(0, 50, allow_nan=False),
)
def test_the_score_is_monotone_in_each_items_points(households, choice, delta):
    """More points for an option (or per unit) never lowers any household's score."""
    code, option = choice
    bumped = _bumped(_MAPPING, code, option, delta)
    household_frame, member_frame = frames(_STANDARD, *households)
    before = engine.classify(_STANDARD, household_frame, member_frame)["score"]
    after = engine.classify(bumped, household_frame, member_frame)["score"]
    assert ((after - before) >= -1e-9).all()
