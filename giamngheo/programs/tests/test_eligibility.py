"""Eligibility on hand-computed cases, one rule at a time (see `eligibility` docstring)."""

import datetime as dt

from giamngheo.households.models import Household, MemberStatus
from giamngheo.programs.eligibility import (
    Rule,
    eligible,
    escape_dates,
    load_frames,
    official_classifications,
    years_before,
)
from giamngheo.programs.models import SupportNeed
from giamngheo.programs.tests.conftest import REFERENCE


def beneficiaries(policy, commune, reference=REFERENCE) -> set:
    """Household ids (household policies) or (household id, member index) pairs."""
    rule = Rule.of(policy, policy.version_on(reference))
    frames = load_frames(Household.objects.filter(commune=commune, is_active=True), [rule], reference)
    rows = eligible(frames, rule)
    if not rule.member:
        return set(rows["household_id"].to_list())
    return set(rows["member_id"].to_list())


def needs(household, category: str, on: dt.date = dt.date(2026, 1, 5)) -> None:
    SupportNeed.objects.create(household=household, category=category, noted_on=on)


def member_ids(household) -> list[int]:
    return list(household.members.order_by("pk").values_list("pk", flat=True))


def test_every_member_of_a_poor_household_gets_state_paid_health_insurance(catalogue, geography, household):
    commune = geography["commune"]
    poor = household(commune, "poor", ages=(40, 38, 10))
    household(commune, "near_poor", ages=(50,))
    household(commune, "not_poor", ages=(30,))
    assert beneficiaries(catalogue["bhyt-ho-ngheo"], commune) == set(member_ids(poor))


def test_near_poor_members_get_premium_support_and_poor_do_not(catalogue, geography, household):
    commune = geography["commune"]
    household(commune, "poor", ages=(40,))
    near = household(commune, "near_poor", ages=(50, 20))
    assert beneficiaries(catalogue["bhyt-ho-can-ngheo"], commune) == set(member_ids(near))


def test_unclassified_and_average_households_are_not_poor_policies_beneficiaries(
    catalogue, geography, household
):
    commune = geography["commune"]
    household(commune, "", ages=(40,))
    household(commune, "average", ages=(40,))
    assert beneficiaries(catalogue["bhyt-ho-ngheo"], commune) == set()
    assert beneficiaries(catalogue["vay-von-ho-ngheo"], commune) == set()


def test_tuition_age_range_counts_the_birthday_itself(catalogue, geography, household):
    """From 3 (third birthday reached) to under 18 (eighteenth birthday not reached), under
    NĐ 81/2021 (school year 2024-25: poverty status still decided the exemption)."""
    commune = geography["commune"]
    on = dt.date(2024, 6, 15)
    day = dt.timedelta(days=1)
    born = [
        years_before(on, 3),  # 3 today: eligible
        years_before(on, 3) + day,  # 3 tomorrow: not yet
        years_before(on, 18) + day,  # 18 tomorrow: still eligible
        years_before(on, 18),  # 18 today: no longer
    ]
    h = household(commune, "poor", born=born)
    ids = member_ids(h)
    assert beneficiaries(catalogue["mien-hoc-phi-ho-ngheo"], commune, reference=on) == {ids[0], ids[2]}


def test_household_policies_count_households_not_people(catalogue, geography, household):
    commune = geography["commune"]
    poor = household(commune, "poor", ages=(40, 38, 12, 9))
    assert beneficiaries(catalogue["tien-dien-ho-ngheo"], commune) == {poor.pk}


def test_deceased_members_and_inactive_households_are_not_eligible(catalogue, geography, household):
    commune = geography["commune"]
    h = household(commune, "poor", ages=(40, 70))
    gone = h.members.order_by("pk").last()
    gone.status = MemberStatus.DECEASED
    gone.save()
    inactive = household(commune, "poor", ages=(30,))
    Household.objects.filter(pk=inactive.pk).update(is_active=False)
    assert beneficiaries(catalogue["bhyt-ho-ngheo"], commune) == {member_ids(h)[0]}


def test_required_flag_must_be_set(catalogue, geography, household):
    commune = geography["commune"]
    household(commune, "poor")
    household(commune, "near_poor", meritorious=True)
    meritorious = household(commune, "poor", meritorious=True)
    assert beneficiaries(catalogue["uu-tien-ho-ngheo-nguoi-co-cong"], commune) == {meritorious.pk}


def test_a_flag_the_registry_does_not_record_makes_the_policy_not_computable(catalogue):
    assert Rule.of(catalogue["bhyt-ho-nong-nghiep-muc-song-tb"]).computable  # the registry records it now
    housing = catalogue["nha-o-du-an-5"]
    assert Rule.of(housing, housing.version_on(dt.date(2024, 6, 1))).missing_data == [
        "sổ hộ chưa ghi nhận hộ cư trú tại huyện nghèo"
    ]


def test_newly_escaped_within_the_window_keeps_support(catalogue, geography, household, officially):
    commune = geography["commune"]
    h = household(commune, "not_poor", ages=(40, 12))
    officially(h, "poor", dt.date(2024, 10, 1))
    officially(h, "not_poor", dt.date(2025, 1, 10))
    policy = catalogue["ho-tro-san-xuat-du-an-3"]  # 36 months
    assert beneficiaries(policy, commune) == {h.pk}
    # 36 months after the escape date it ends; the day before it still holds.
    assert beneficiaries(policy, commune, reference=dt.date(2028, 1, 9)) == {h.pk}
    assert beneficiaries(policy, commune, reference=dt.date(2028, 1, 10)) == set()
    # Before the escape was recorded the household was not "newly escaped".
    assert beneficiaries(policy, commune, reference=dt.date(2025, 1, 9)) == set()


def test_falling_back_into_poverty_ends_newly_escaped(catalogue, geography, household, officially):
    commune = geography["commune"]
    h = household(commune, "poor")
    officially(h, "poor", dt.date(2023, 10, 1))
    officially(h, "not_poor", dt.date(2024, 10, 1))
    officially(h, "poor", dt.date(2025, 10, 1))
    needs(h, "credit")
    assert beneficiaries(catalogue["vay-von-ho-moi-thoat-ngheo"], commune) == set()
    assert beneficiaries(catalogue["vay-von-ho-ngheo"], commune) == {h.pk}


def test_escaping_near_poverty_counts_for_credit_but_not_for_health_insurance(
    catalogue, geography, household, officially
):
    """Credit (QĐ 28/2015): escaped poor OR near-poor; health insurance: escaped poor only."""
    commune = geography["commune"]
    h = household(commune, "not_poor", ages=(45,))
    officially(h, "near_poor", dt.date(2024, 10, 1))
    officially(h, "not_poor", dt.date(2025, 10, 1))
    assert beneficiaries(catalogue["vay-von-ho-moi-thoat-ngheo"], commune) == set()  # no need recorded
    needs(h, "credit")
    assert beneficiaries(catalogue["vay-von-ho-moi-thoat-ngheo"], commune) == {h.pk}
    assert beneficiaries(catalogue["ho-tro-san-xuat-du-an-3"], commune) == set()


def test_poor_to_near_poor_is_an_escape_for_policies_that_only_look_at_poor(
    catalogue, geography, household, officially
):
    commune = geography["commune"]
    h = household(commune, "near_poor", ages=(45,))
    officially(h, "poor", dt.date(2024, 10, 1))
    officially(h, "near_poor", dt.date(2025, 10, 1))
    needs(h, "credit")
    assert beneficiaries(catalogue["dao-tao-nghe-du-an-4"], commune) == set(member_ids(h))
    # for credit it is still inside {poor, near_poor}: near-poor loans, not newly-escaped ones
    assert beneficiaries(catalogue["vay-von-ho-moi-thoat-ngheo"], commune) == set()
    assert beneficiaries(catalogue["vay-von-ho-can-ngheo"], commune) == {h.pk}


def test_never_poor_households_are_not_newly_escaped(catalogue, geography, household, officially):
    commune = geography["commune"]
    h = household(commune, "not_poor")
    officially(h, "not_poor", dt.date(2024, 10, 1))
    officially(h, "not_poor", dt.date(2025, 10, 1))
    assert beneficiaries(catalogue["ho-tro-san-xuat-du-an-3"], commune) == set()


def test_vocational_training_covers_working_age_members_of_newly_escaped_households(
    catalogue, geography, household, officially
):
    commune = geography["commune"]
    h = household(commune, "average", ages=(40, 14, 15, 60))
    officially(h, "poor", dt.date(2024, 10, 1))
    officially(h, "average", dt.date(2025, 10, 1))
    ids = member_ids(h)
    assert beneficiaries(catalogue["dao-tao-nghe-du-an-4"], commune) == {ids[0], ids[2]}


def test_escape_date_is_the_local_day_of_the_first_classification_after_the_last_poor_one(
    geography, household, officially
):
    h = household(geography["commune"], "not_poor")
    officially(h, "poor", dt.date(2022, 10, 1))
    officially(h, "not_poor", dt.date(2023, 10, 1))
    officially(h, "poor", dt.date(2024, 10, 1))
    officially(h, "near_poor", dt.date(2025, 3, 2))
    officially(h, "not_poor", dt.date(2025, 10, 1))
    frame = official_classifications(Household.objects.filter(pk=h.pk))
    assert escape_dates(frame, ("poor",)).rows() == [(h.pk, dt.date(2025, 3, 2))]
    assert escape_dates(frame, ("poor", "near_poor")).rows() == [(h.pk, dt.date(2025, 10, 1))]


def test_the_agricultural_rule_reads_the_flag_column_once_the_registry_has_it(catalogue):
    """≥ 30 % health insurance for agricultural households of average living standard:
    not computable while `Household` has no `agricultural` column, read from it once it has."""
    import polars as pl

    from giamngheo.programs.eligibility import UnitFrames, eligible_households, registry_flags

    policy = catalogue["bhyt-ho-nong-nghiep-muc-song-tb"]
    rule = Rule.of(policy, policy.version_on(REFERENCE))
    assert rule.computable == ("agricultural" in registry_flags())
    with_column = Rule(**{**rule.__dict__, "known_flags": rule.known_flags + ("agricultural",)})
    assert with_column.computable
    frames = UnitFrames(
        households=pl.DataFrame(
            {
                "household_id": [1, 2, 3],
                "commune_id": [9, 9, 9],
                "village_id": [None, None, None],
                "status": ["average", "average", "poor"],
                "agricultural": [True, False, True],
            }
        ),
        members=pl.DataFrame(),
        classifications=pl.DataFrame(),
        support=pl.DataFrame(),
        reference=REFERENCE,
    )
    assert eligible_households(frames, with_column)["household_id"].to_list() == [1]
