"""Hand-computed classifications, one rule of standards.md per test (flags given as d_ columns)."""

import datetime as dt

import polars as pl
import pytest

from giamngheo.standards import engine

R, U = "rural", "urban"


# 2011-2015: income only (QĐ 09/2011)


def test_2011_income_at_or_below_the_line_is_poor_the_line_itself_included(statuses):
    assert statuses("2011-2015", (R, 400_000, 0), (R, 400_001, 0), (U, 500_000, 0), (U, 500_001, 0)) == [
        "poor",
        "near_poor",
        "poor",
        "near_poor",
    ]


def test_2011_near_poor_up_to_520_000_rural_and_650_000_urban_then_not_poor(statuses):
    assert statuses("2011-2015", (R, 520_000, 0), (R, 520_001, 0), (U, 650_000, 0), (U, 650_001, 0)) == [
        "near_poor",
        "not_poor",
        "near_poor",
        "not_poor",
    ]


def test_2011_has_no_deprivations_and_no_average_band(standard):
    result = engine.classify(
        standard("2011-2015"),
        pl.DataFrame(
            {"household_id": [1], "area": [R], "income_per_capita_month": [600_000], "d_water": [1]}
        ),
    )
    assert result.row(0, named=True) | {"reason": ""} == {
        "household_id": 1,
        "standard": "2011-2015",
        "status": "not_poor",
        "income_line": 400_000,
        "deprivation_count": 0,
        "deprived": "",
        "reason": "",
    }


# 2016-2020: income alone can make poor; between the lines, ≥ 3 deprivations (QĐ 59/2015)


def test_2016_income_alone_makes_poor(statuses):
    assert statuses("2016-2020", (R, 700_000, 0), (U, 900_000, 0), (R, 0, 0)) == ["poor", "poor", "poor"]


def test_2016_between_the_lines_three_deprivations_make_poor_two_make_near_poor(statuses):
    assert statuses("2016-2020", (R, 700_001, 3), (R, 1_000_000, 2), (U, 900_001, 2), (U, 1_300_000, 3)) == [
        "poor",
        "near_poor",
        "near_poor",
        "poor",
    ]


def test_2016_average_band_up_to_1_500_000_rural_1_950_000_urban_whatever_the_deprivations(statuses):
    assert statuses(
        "2016-2020",
        (R, 1_000_001, 10),
        (R, 1_500_000, 0),
        (R, 1_500_001, 10),
        (U, 1_950_000, 4),
        (U, 1_950_001, 0),
    ) == ["average", "average", "not_poor", "average", "not_poor"]


# 2022-2025: income at or below the line is necessary, then ≥ 3 deprivations (NĐ 07/2021)


def test_income_exactly_on_line_is_poor_with_three_deprivations(statuses):
    assert statuses("2022-2025", (R, 1_500_000, 3), (U, 2_000_000, 3)) == ["poor", "poor"]


def test_income_on_line_with_two_deprivations_is_near_poor(statuses):
    assert statuses("2022-2025", (R, 1_500_000, 2), (R, 0, 0), (U, 2_000_000, 2)) == [
        "near_poor",
        "near_poor",
        "near_poor",
    ]


def test_above_line_never_poor_under_2022_however_deprived(statuses):
    assert statuses("2022-2025", (R, 1_500_001, 12), (U, 2_000_001, 12)) == ["average", "average"]


def test_2022_average_band_ends_at_2_250_000_rural_and_3_000_000_urban(statuses):
    assert statuses(
        "2022-2025", (R, 2_250_000, 0), (R, 2_250_001, 0), (U, 3_000_000, 0), (U, 3_000_001, 5)
    ) == [
        "average",
        "not_poor",
        "average",
        "not_poor",
    ]


# 2026-2030 (NĐ 351/2025): new lines, no average standard


def test_2026_lines_are_2_200_000_rural_and_2_800_000_urban(statuses):
    assert statuses(
        "2026-2030", (R, 2_200_000, 3), (R, 2_200_000, 2), (U, 2_800_000, 3), (U, 2_800_001, 12)
    ) == [
        "poor",
        "near_poor",
        "poor",
        "not_poor",
    ]


def test_2026_has_no_average_band_above_the_line_is_not_poor(statuses):
    assert statuses("2026-2030", (R, 2_200_001, 0), (U, 2_800_001, 0)) == ["not_poor", "not_poor"]


# Output


def test_result_has_the_format_columns_in_input_order(standard, flagged):
    households = flagged(standard("2022-2025"), (R, 3_000_000, 0), (U, 1_000_000, 4), (R, 1_000_000, 1))
    households = households.with_columns(pl.Series("household_id", ["Z", "A", "M"]))
    result = engine.classify(standard("2022-2025"), households)
    assert result.columns == engine.OUTPUT_COLUMNS
    assert result["household_id"].to_list() == ["Z", "A", "M"]
    assert result["income_line"].to_list() == [1_500_000, 2_000_000, 1_500_000]
    assert result["deprivation_count"].to_list() == [0, 4, 1]
    assert result["deprived"].to_list() == [
        "",
        "employment;dependants;nutrition;health_insurance",
        "employment",
    ]
    assert dict(result.schema) == {
        "household_id": pl.String,
        "standard": pl.String,
        "status": pl.String,
        "income_line": pl.Int64,
        "deprivation_count": pl.Int64,
        "deprived": pl.String,
        "reason": pl.String,
    }


def test_deprived_codes_follow_the_standards_order_not_the_columns(standard):
    s = standard("2022-2025")
    households = pl.DataFrame(
        {
            "household_id": [1],
            "area": [R],
            "income_per_capita_month": [1],
            **{f"d_{c}": [0] for c in s.indicator_codes},
        }
    ).with_columns(d_info_assets=pl.lit(1), d_employment=pl.lit(1), d_water=pl.lit(1))
    households = households.select(sorted(households.columns, reverse=True))
    assert engine.classify(s, households)["deprived"].item() == "employment;water;info_assets"


def test_include_flags_adds_one_boolean_column_per_indicator(standard, flagged):
    s = standard("2022-2025")
    result = engine.classify(s, flagged(s, (R, 1, 2)), include_flags=True)
    flags = [c for c in result.columns if c.startswith("d_")]
    assert flags == [f"d_{code}" for code in s.indicator_codes]
    assert result.select(flags).row(0) == (True, True) + (False,) * 10
    assert all(result.schema[c] == pl.Boolean for c in flags)


def test_lazy_frames_are_accepted(standard, flagged):
    s = standard("2022-2025")
    assert engine.classify(s, flagged(s, (R, 1, 3)).lazy())["status"].item() == "poor"


def test_empty_frame_gives_an_empty_result(standard, flagged):
    s = standard("2022-2025")
    result = engine.classify(s, flagged(s, (R, 1, 3)).clear())
    assert result.is_empty() and result.columns == engine.OUTPUT_COLUMNS


# Reasons cite the rule and the article


def test_reason_of_a_poor_household_under_2022(standard, flagged):
    s = standard("2022-2025")
    assert engine.classify(s, flagged(s, (R, 1_200_000, 3)))["reason"].item() == (
        "Thu nhập bình quân 1.200.000 đ/người/tháng ≤ chuẩn nghèo khu vực nông thôn 1.500.000 đ và thiếu hụt "
        "3 chỉ số (≥ 3) → hộ nghèo (Nghị định 07/2021/NĐ-CP, Điều 3 khoản 2 điểm a, khu vực nông thôn)"
    )


def test_reasons_name_each_branch(standard, flagged):
    def reasons(standard_id, *rows):
        s = standard(standard_id)
        return engine.classify(s, flagged(s, *rows))["reason"].to_list()

    assert reasons("2022-2025", (U, 2_000_000, 2), (U, 2_500_000, 12), (R, 9_000_000, 0)) == [
        "Thu nhập bình quân 2.000.000 đ/người/tháng ≤ chuẩn nghèo khu vực thành thị 2.000.000 đ và thiếu hụt "
        "2 chỉ số (< 3) → hộ cận nghèo (Nghị định 07/2021/NĐ-CP, Điều 3 khoản 2 điểm b, khu vực thành thị)",
        "Thu nhập bình quân 2.500.000 đ/người/tháng > chuẩn nghèo khu vực thành thị 2.000.000 đ và ≤ mức sống "
        "trung bình 3.000.000 đ → hộ có mức sống trung bình (Nghị định 07/2021/NĐ-CP, Điều 3 khoản 2 điểm c, "
        "khu vực thành thị)",
        "Thu nhập bình quân 9.000.000 đ/người/tháng > mức sống trung bình khu vực nông thôn 2.250.000 đ → hộ "
        "không nghèo (Nghị định 07/2021/NĐ-CP, Điều 3 khoản 2 điểm c, thu nhập trên mức sống trung bình khu vực "
        "nông thôn)",
    ]
    assert reasons("2016-2020", (R, 650_000, 0), (R, 800_000, 3)) == [
        "Thu nhập bình quân 650.000 đ/người/tháng ≤ chuẩn nghèo khu vực nông thôn 700.000 đ → hộ nghèo "
        "(Quyết định 59/2015/QĐ-TTg, Điều 2 khoản 1 điểm a)",
        "Thu nhập bình quân 800.000 đ/người/tháng > chuẩn nghèo khu vực nông thôn 700.000 đ và ≤ chuẩn cận nghèo "
        "1.000.000 đ, thiếu hụt 3 chỉ số (≥ 3) → hộ nghèo (Quyết định 59/2015/QĐ-TTg, Điều 2 khoản 1 điểm a)",
    ]
    assert (
        "mức sống trung bình chưa được quy định → hộ không nghèo"
        in reasons("2026-2030", (R, 2_200_001, 5))[0]
    )
    assert reasons("2011-2015", (U, 0, 0)) == [
        "Thu nhập bình quân 0 đ/người/tháng ≤ chuẩn nghèo khu vực thành thị 500.000 đ → hộ nghèo "
        "(Quyết định 09/2011/QĐ-TTg, Điều 1 khoản 2)"
    ]


# Income estimated by the B1 scorecard (placeholder thresholds)


def test_score_stands_for_income_when_income_is_missing(standard, flagged):
    s = standard("2022-2025")
    households = flagged(s, (R, 0, 3), (R, 0, 3), (U, 0, 0), (U, 0, 0)).with_columns(
        pl.Series("income_per_capita_month", [None, None, None, 1_000_000], dtype=pl.Int64),
        pl.Series("score", [100.0, 100.5, 130.0, 500.0]),
        pl.Series("region", ["mekong_delta", "southeast", "red_river_delta", None]),
    )
    result = engine.classify(s, households)
    assert result["status"].to_list() == ["poor", "average", "average", "near_poor"]
    assert result["reason"][0] == (
        "Điểm phiếu B1 100 ≤ chuẩn nghèo khu vực nông thôn vùng Đồng bằng sông Cửu Long 100 điểm (ngưỡng điểm "
        "là số TẠM, chưa chính thức) và thiếu hụt 3 chỉ số (≥ 3) → hộ nghèo (Nghị định 07/2021/NĐ-CP, Điều 3 "
        "khoản 2 điểm a, khu vực nông thôn)"
    )
    assert result["reason"][1].startswith(
        "Điểm phiếu B1 100,5 > chuẩn nghèo khu vực nông thôn vùng Đông Nam Bộ"
    )


def test_missing_income_without_a_usable_score_is_an_error(standard, flagged):
    s = standard("2022-2025")
    households = flagged(s, (R, 0, 0), (R, 0, 0)).with_columns(
        pl.Series("income_per_capita_month", [5, None], dtype=pl.Int64),
        pl.Series("score", [None, 90.0]),
        pl.Series("region", ["mekong_delta", "atlantis"]),
    )
    with pytest.raises(engine.EngineInputError, match="income_per_capita_month is empty.*household_id 'H2'"):
        engine.classify(s, households)


# Inputs the engine refuses


def test_missing_indicator_names_the_column(standard, flagged):
    s = standard("2022-2025")
    with pytest.raises(engine.EngineInputError, match="give column d_water .* missing: water_source"):
        engine.classify(s, flagged(s, (R, 1, 0)).drop("d_water"))


def test_member_indicator_without_members_frame_says_so(standard, flagged):
    s = standard("2022-2025")
    with pytest.raises(engine.EngineInputError, match="d_dependants .*no members frame was given"):
        engine.classify(s, flagged(s, (R, 1, 0)).drop("d_dependants"))


def test_missing_required_column_is_named(standard, flagged):
    s = standard("2022-2025")
    with pytest.raises(engine.EngineInputError, match="required column income_per_capita_month"):
        engine.classify(s, flagged(s, (R, 1, 0)).drop("income_per_capita_month"))


def test_area_must_be_rural_or_urban(standard, flagged):
    s = standard("2011-2015")
    with pytest.raises(engine.EngineInputError, match="area must be 'rural' or 'urban': 1 household"):
        engine.classify(s, flagged(s, (R, 1, 0), ("city", 1, 0)))


def test_text_flags_are_refused(standard, flagged):
    s = standard("2022-2025")
    households = flagged(s, (R, 1, 0)).with_columns(pl.col("d_water").cast(pl.String))
    with pytest.raises(engine.EngineInputError, match="d_water must hold 0/1"):
        engine.classify(s, households)


def test_the_standard_in_force_classifies_a_survey_by_its_date(flagged):
    s = engine.standard_in_force(dt.date(2019, 9, 1))
    assert s.id == "2016-2020"
    assert engine.classify(s, flagged(s, (R, 800_000, 0)))["status"].item() == "near_poor"
