"""The two per-member answers the rules read: the monthly social allowance (2026-2030 dependants,
NĐ 351/2025) and on-the-job training certified by an employer (adult education, 2022-2025 and
2026-2030). Every expected value is worked out by hand in the comments."""

import pytest

from giamngheo.standards.tests.test_engine_derivation import deprived

ADULT = {"age": 35}
CHILD = {"age": 10, "schooling": "right_level"}


def elder(allowance: bool) -> dict:
    return {"age": 70, "social_allowance": allowance}


def dependants(standard_id: str, households: list[list[dict]]) -> list[bool]:
    return ["dependants" in codes for codes in deprived(standard_id, [{}] * len(households), households)]


def test_2026_2030_an_elder_without_a_monthly_allowance_is_not_a_dependant():
    # 2 adults, 1 child, 2 people aged 70. Without the allowance: 1 dependant of 5 (0.2), not
    # deprived; with it for both: 3 of 5 (0.6 > 0.5), deprived.
    without = [ADULT, ADULT, CHILD, elder(False), elder(False)]
    with_it = [ADULT, ADULT, CHILD, elder(True), elder(True)]
    assert dependants("2026-2030", [without, with_it]) == [False, True]


def test_2022_2025_keeps_counting_every_elder():
    # The same two households under 2022-2025: 3 of 5 dependants either way.
    without = [ADULT, ADULT, CHILD, elder(False), elder(False)]
    with_it = [ADULT, ADULT, CHILD, elder(True), elder(True)]
    assert dependants("2022-2025", [without, with_it]) == [True, True]


def test_2026_2030_strict_majority_with_allowances():
    # 2 of 4 (child + elder with allowance) is exactly half: not deprived.
    # 3 of 5 (two children + elder with allowance): deprived.
    # 3 of 6 (child + two elders with allowance, three adults): half again, not deprived.
    assert dependants(
        "2026-2030",
        [
            [ADULT, ADULT, CHILD, elder(True)],
            [ADULT, ADULT, CHILD, CHILD, elder(True)],
            [ADULT, ADULT, ADULT, CHILD, elder(True), elder(True)],
        ],
    ) == [False, True, False]


def test_2026_2030_disabled_people_count_only_with_the_allowance_and_inability_to_work_alone_does_not():
    # One adult of 40 without disability and two others: a severely disabled person with the
    # allowance and one without it; then two working-age people unable to work (no disability).
    disabled_with = {"age": 40, "severe_disability": True, "social_allowance": True}
    disabled_without = {"age": 40, "severe_disability": True}
    unable = {"age": 40, "employment": "unable_to_work"}
    # 1 of 3 and 0 of 3 under 2026-2030; 2 of 3 and 2 of 3 under 2022-2025.
    households = [[ADULT, disabled_with, disabled_without], [ADULT, unable, unable]]
    assert dependants("2026-2030", households) == [False, False]
    assert dependants("2022-2025", households) == [True, True]
    # Two disabled people with the allowance of three members: 2 of 3, deprived.
    assert dependants("2026-2030", [[ADULT, disabled_with, disabled_with]]) == [True]


def test_2026_2030_an_elder_counts_from_60_with_the_allowance():
    # 59 with an allowance (not elderly, not disabled) is no dependant: 1 of 2 (child) → not;
    # 60 with it: 2 of 2 → deprived.
    assert dependants(
        "2026-2030",
        [[CHILD, {"age": 59, "social_allowance": True}], [CHILD, {"age": 60, "social_allowance": True}]],
    ) == [False, True]


@pytest.mark.parametrize("standard_id", ["2022-2025", "2026-2030"])
def test_certified_training_spares_16_to_30_year_olds_without_lower_secondary(standard_id):
    def person(age: int, qualification: str, training: bool) -> dict:
        return {"age": age, "qualification": qualification, "employer_certified_training": training}

    people = [
        person(16, "primary", False),  # 16, no lower-secondary diploma: deprived
        person(16, "primary", True),  # the same, training certified: not deprived
        person(30, "none", False),  # 30 is still in the range: deprived
        person(30, "none", True),  # certified: not deprived
        person(31, "none", False),  # 31 is outside the range: not deprived either way
        person(31, "none", True),
        person(20, "lower_secondary", True),  # has lower secondary: the exemption does not apply
        person(17, "lower_secondary", True),  # 17 with lower secondary is qualified for the age
    ]
    result = deprived(standard_id, [{}] * len(people), [[p] for p in people])
    assert ["adult_education" in codes for codes in result] == [
        True, False, True, False, False, False, True, False,
    ]  # fmt: skip


def test_certified_training_does_not_matter_to_2016_2020():
    # 2016-2020 tests lower secondary for people from 15 born 1986 or later, with no exemption.
    people = [
        {"age": 20, "qualification": "primary", "employer_certified_training": training}
        for training in (False, True)
    ]
    result = deprived("2016-2020", [{}, {}], [[p] for p in people])
    assert ["adult_education" in codes for codes in result] == [True, True]
