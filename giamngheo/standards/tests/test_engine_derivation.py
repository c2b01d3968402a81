"""Indicators derived from raw household and member answers (2022-2025 unless named), and ages."""

import datetime as dt

import polars as pl
import pytest

from giamngheo.standards import engine

SURVEY = dt.date(2024, 10, 1)
# A household deprived on nothing: every answer at its best.
GOOD_HOUSEHOLD = {
    "area": "rural",
    "income_per_capita_month": 1_000_000,
    "survey_date": SURVEY,
    "floor_area_m2": 100.0,
    "has_dwelling": True,
    "durable_walls": True,
    "durable_columns": True,
    "durable_roof": True,
    "water_source": "piped",
    "latrine": "septic",
    "uses_internet": True,
    "has_phone_subscription": True,
    "has_tv": True,
    "has_radio": False,
    "has_computer": False,
    "has_smartphone": False,
    "has_tablet": False,
    "hears_loudspeaker": True,
    "waste_treated": True,
}
GOOD_MEMBER = {
    "age": 40,
    "sex": "male",
    "has_health_insurance": True,
    "schooling": "not_attending",
    "qualification": "upper_secondary",
    "employment": "contract",
    "severe_disability": False,
    "malnourished": False,
    "ill_untreated": False,
    "social_allowance": False,
    "employer_certified_training": False,
}


def deprived(standard_id: str, households: list[dict], members: list[list[dict]] | None = None) -> list[str]:
    """The `deprived` codes of each household: households as overrides of GOOD_HOUSEHOLD, members
    (one list per household) as overrides of GOOD_MEMBER; one good adult when not given."""
    members = members or [[{}] for _ in households]
    house_rows = [
        GOOD_HOUSEHOLD | {"household_id": i, "members": len(people)} | overrides
        for i, (overrides, people) in enumerate(zip(households, members, strict=True))
    ]
    member_rows = [
        GOOD_MEMBER | {"household_id": i} | person for i, people in enumerate(members) for person in people
    ]
    result = engine.classify(
        engine.load_standard(standard_id),
        pl.DataFrame(house_rows, infer_schema_length=None),
        pl.DataFrame(member_rows, infer_schema_length=None),
    )
    return result["deprived"].to_list()


def one_member(**answers) -> list[list[dict]]:
    return [[answers]]


def test_a_household_with_every_answer_good_is_deprived_on_nothing():
    for standard_id in ("2016-2020", "2022-2025", "2026-2030"):
        assert deprived(standard_id, [{}]) == [""]


def test_employment_unemployed_or_without_contract_at_working_age():
    people = [
        {"age": 30, "employment": "no_contract"},
        {"age": 30, "employment": "unemployed", "sex": "female"},
        {"age": 15, "employment": "unemployed", "schooling": "right_level"},
        {"age": 14, "employment": "unemployed", "schooling": "right_level"},
        {"age": 61, "employment": "no_contract"},
        {"age": 55, "employment": "no_contract", "sex": "female"},
        {"age": 56, "employment": "no_contract", "sex": "female"},
        {"age": 57, "employment": "no_contract", "sex": "female"},
        {"age": 30, "employment": "self_employed"},
    ]
    # Survey in 2024: retirement at 61 years (men) and 56 years 4 months (women) on the roadmap,
    # so a woman of 56 whole years is still of working age; at 57 she is not.
    assert deprived("2022-2025", [{}] * len(people), [[{}, p] for p in people]) == [
        "employment",
        "employment",
        "employment",
        "",
        "",
        "employment",
        "employment",
        "",
        "",
    ]


@pytest.mark.parametrize("standard_id", ["2022-2025", "2026-2030"])
def test_working_age_ends_on_the_day_the_roadmap_retirement_age_is_reached(standard_id):
    # Survey 15/12/2026: retirement at 61 years 6 months (men) and 57 years (women).
    on = {"survey_date": dt.date(2026, 12, 15)}
    man_reaching = {
        "birth_date": dt.date(1965, 6, 15),
        "sex": "male",
        "employment": "no_contract",
        "age": None,
    }
    man_a_day_short = man_reaching | {"birth_date": dt.date(1965, 6, 16)}
    woman_reaching = {
        "birth_date": dt.date(1969, 12, 15),
        "sex": "female",
        "employment": "no_contract",
        "age": None,
    }
    woman_a_day_short = woman_reaching | {"birth_date": dt.date(1969, 12, 16)}
    people = [man_reaching, man_a_day_short, woman_reaching, woman_a_day_short]
    result = deprived(standard_id, [on] * len(people), [[{}, p] for p in people])
    assert ["employment" in r for r in result] == [False, True, False, True]


def test_two_of_four_dependants_is_not_deprived_three_of_five_is():
    adult, child, elder = {"age": 35}, {"age": 10, "schooling": "right_level"}, {"age": 70}
    assert deprived(
        "2022-2025",
        [{}, {}],
        [[adult, adult, child, elder], [adult, adult, child, child, elder]],
    ) == ["", "dependants"]


def test_dependants_include_severe_disability_and_inability_to_work():
    people = [
        {"age": 40, "severe_disability": True},
        {"age": 40, "employment": "unable_to_work"},
        {"age": 40},
    ]
    assert deprived("2022-2025", [{}], [people]) == ["dependants"]


def test_nutrition_counts_children_under_16():
    assert deprived(
        "2022-2025",
        [{}, {}],
        [
            [{}, {"age": 15, "malnourished": True, "schooling": "right_level"}],
            [{}, {"age": 16, "malnourished": True}],
        ],
    ) == ["nutrition", ""]


def test_health_insurance_from_age_6():
    assert deprived(
        "2022-2025",
        [{}, {}],
        [
            [{}, {"age": 5, "has_health_insurance": False, "schooling": "right_level"}],
            [{}, {"age": 6, "has_health_insurance": False, "schooling": "right_level"}],
        ],
    ) == ["", "health_insurance"]


def test_adult_education_16_to_30_neither_studying_nor_qualified_for_the_age():
    people = [
        {"age": 17, "qualification": "primary"},
        {"age": 17, "qualification": "lower_secondary"},
        {"age": 20, "qualification": "lower_secondary"},
        {"age": 20, "qualification": "vocational"},
        {"age": 20, "qualification": "primary", "schooling": "right_level"},
        {"age": 30, "qualification": "none"},
        {"age": 31, "qualification": "none"},
    ]
    assert deprived("2022-2025", [{}] * len(people), [[p] for p in people]) == [
        "adult_education",
        "",
        "adult_education",
        "",
        "",
        "adult_education",
        "",
    ]


def test_child_schooling_from_3_to_under_16_at_the_right_level():
    people = [
        {"age": 2, "schooling": "not_attending"},
        {"age": 3, "schooling": "not_attending"},
        {"age": 15, "schooling": "below_level"},
        {"age": 15, "schooling": "right_level"},
        {"age": 16, "schooling": "not_attending", "qualification": "lower_secondary"},
    ]
    result = deprived("2022-2025", [{}] * len(people), [[{}, p] for p in people])
    assert result == ["", "child_schooling", "child_schooling", "", ""]


def test_housing_quality_two_of_three_parts_not_durable_or_no_dwelling():
    assert deprived(
        "2022-2025",
        [
            {"durable_walls": False},
            {"durable_walls": False, "durable_roof": False},
            {"durable_columns": False, "durable_roof": False},
            {"has_dwelling": False},
        ],
    ) == ["", "housing_quality", "housing_quality", "housing_quality"]


def test_floor_area_7_99_deprived_8_00_not():
    assert deprived(
        "2022-2025",
        [{"floor_area_m2": 7.99}, {"floor_area_m2": 8.0}, {"floor_area_m2": 31.96}, {"floor_area_m2": 32.0}],
        [[{}], [{}], [{}] * 4, [{}] * 4],
    ) == ["floor_area", "", "floor_area", ""]


def test_water_latrine_telecom_and_information_assets():
    assert deprived(
        "2022-2025",
        [
            {"water_source": "unprotected_well"},
            {"water_source": "rainwater"},
            {"latrine": "unimproved_pit"},
            {"latrine": "ventilated_pit"},
            {"uses_internet": False},
            {"has_tv": False},
            {"has_tv": False, "has_smartphone": True},
        ],
    ) == ["water", "", "latrine", "", "telecom", "info_assets", ""]


def test_2016_telecom_needs_neither_phone_nor_internet_and_assets_count_the_loudspeaker():
    assert deprived(
        "2016-2020",
        [
            {"uses_internet": False},
            {"uses_internet": False, "has_phone_subscription": False},
            {"has_tv": False},
            {"has_tv": False, "hears_loudspeaker": False},
        ],
    ) == ["", "telecom", "", "info_assets"]


def test_2016_adult_education_born_1986_or_later_from_age_at_the_survey():
    # Survey 2024: age 38 → born 1986 (survey year - age); age 39 → 1985.
    people = [{"age": 38, "qualification": "primary"}, {"age": 39, "qualification": "primary"}]
    assert deprived("2016-2020", [{}, {}], [[p] for p in people]) == ["adult_education", ""]


def test_2026_adds_waste_and_drops_information_assets():
    assert deprived("2026-2030", [{"waste_treated": False, "has_tv": False}]) == ["waste"]


def test_a_given_flag_wins_over_raw_answers_and_an_empty_one_falls_back_to_them():
    standard = engine.load_standard("2022-2025")
    households = pl.DataFrame(
        [
            GOOD_HOUSEHOLD | {"household_id": 1, "members": 1, "water_source": "surface", "d_water": 0},
            GOOD_HOUSEHOLD | {"household_id": 2, "members": 1, "water_source": "piped", "d_water": 1},
            GOOD_HOUSEHOLD | {"household_id": 3, "members": 1, "water_source": "surface", "d_water": None},
        ]
    )
    members = pl.DataFrame([GOOD_MEMBER | {"household_id": i} for i in (1, 2, 3)])
    assert engine.classify(standard, households, members)["deprived"].to_list() == ["", "water", "water"]


def test_unanswered_questions_and_households_without_members_are_not_deprived():
    standard = engine.load_standard("2022-2025")
    households = pl.DataFrame(
        [
            GOOD_HOUSEHOLD | {"household_id": 1, "members": 1, "water_source": None, "floor_area_m2": None},
            GOOD_HOUSEHOLD | {"household_id": 2, "members": 3},
        ]
    )
    members = pl.DataFrame([GOOD_MEMBER | {"household_id": 1, "has_health_insurance": None, "age": None}])
    assert engine.classify(standard, households, members)["deprived"].to_list() == ["", ""]


def test_member_ids_must_have_the_households_type():
    standard = engine.load_standard("2022-2025")
    households = pl.DataFrame([GOOD_HOUSEHOLD | {"household_id": 1, "members": 1}])
    members = pl.DataFrame([GOOD_MEMBER | {"household_id": "1"}])
    with pytest.raises(
        engine.EngineInputError, match="household_id is Int64 in households but String in members"
    ):
        engine.classify(standard, households, members)


# Ages: completed years on the survey date


def ages_deprived_on_insurance(birth_dates: list[dt.date], survey: dt.date) -> list[str]:
    standard = engine.load_standard("2022-2025")
    households = pl.DataFrame(
        [
            GOOD_HOUSEHOLD | {"household_id": i, "members": 1, "survey_date": survey}
            for i in range(len(birth_dates))
        ]
    )
    members = pl.DataFrame(
        [
            {k: value for k, value in GOOD_MEMBER.items() if k != "age"}
            | {
                "household_id": i,
                "birth_date": born,
                "has_health_insurance": False,
                "schooling": "right_level",
            }
            for i, born in enumerate(birth_dates)
        ]
        + [
            GOOD_MEMBER | {"household_id": i, "birth_date": dt.date(1980, 1, 1)}
            for i in range(len(birth_dates))
        ]
    )
    return engine.classify(standard, households, members)["deprived"].to_list()


def test_age_6_is_reached_on_the_sixth_birthday_not_the_day_before():
    survey = dt.date(2024, 10, 1)
    assert ages_deprived_on_insurance([dt.date(2018, 10, 1), dt.date(2018, 10, 2)], survey) == [
        "health_insurance",
        "",
    ]


def test_born_on_29_february_turns_a_year_older_on_1_march_in_common_years():
    born = dt.date(2016, 2, 29)
    assert ages_deprived_on_insurance([born], dt.date(2022, 2, 28)) == [""]
    assert ages_deprived_on_insurance([born], dt.date(2022, 3, 1)) == ["health_insurance"]


def test_a_birth_year_alone_stands_for_1_july():
    standard = engine.load_standard("2022-2025")
    households = pl.DataFrame(
        [
            GOOD_HOUSEHOLD | {"household_id": i, "members": 1, "survey_date": day}
            for i, day in enumerate([dt.date(2024, 6, 30), dt.date(2024, 7, 1)])
        ]
    )
    members = pl.DataFrame(
        [
            {k: value for k, value in GOOD_MEMBER.items() if k != "age"}
            | {
                "household_id": i,
                "birth_year": 2018,
                "has_health_insurance": False,
                "schooling": "right_level",
            }
            for i in range(2)
        ]
        + [GOOD_MEMBER | {"household_id": i, "birth_year": 1980} for i in range(2)]
    )
    assert engine.classify(standard, households, members)["deprived"].to_list() == ["", "health_insurance"]


def test_a_given_age_wins_over_the_birth_date():
    standard = engine.load_standard("2022-2025")
    households = pl.DataFrame([GOOD_HOUSEHOLD | {"household_id": 1, "members": 1}])
    members = pl.DataFrame(
        [
            GOOD_MEMBER
            | {"household_id": 1, "age": 40, "birth_date": dt.date(2020, 1, 1), "has_health_insurance": False}
        ]
    )
    assert engine.classify(standard, households, members)["deprived"].item() == "health_insurance"
