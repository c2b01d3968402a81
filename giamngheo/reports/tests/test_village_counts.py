"""The kept counts of households by village and status (`VillageCount`) equal a fresh count of
the households after every writer of a household's commune, village, activity or status."""

import datetime as dt

import pytest

from conftest import make_unit
from giamngheo.accounts.models import Role
from giamngheo.areas.models import Level
from giamngheo.demo.generator import generate_province
from giamngheo.households import actions, membership
from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.imports.testing import xlsx
from giamngheo.households.models import CurrentStatus, Household, Member
from giamngheo.households.survey import actions as survey_actions
from giamngheo.households.tests.statuses import set_status
from giamngheo.reports.breakdown import breakdown_of
from giamngheo.reports.models import VillageCount
from giamngheo.reports.village_counts import assert_counts_match, recount_communes
from giamngheo.reviews.tests.conftest import (  # noqa: F401 (fixtures)
    decide,
    households,
    officers,
    province_round,
    round_,
    urban_household,
    walk_to_decision,
)
from giamngheo.standards.runs import create_run, execute_run

DAY = dt.date(2025, 3, 1)


def person(name: str, born: str = "1980-05-02", **extra) -> dict:
    return {
        "full_name": name,
        "birth_date": dt.date.fromisoformat(born),
        "sex": "male",
        "ethnicity": "Kinh",
    } | extra


def counted(commune) -> dict[tuple, int]:
    rows = VillageCount.objects.filter(commune=commune)
    return {(row.village_id, row.status): row.households for row in rows}


def consistent() -> None:
    """Fixtures write households straight to the table: start from counts that match them."""
    recount_communes(Household.objects.values_list("commune_id", flat=True).distinct())
    assert_counts_match()


@pytest.fixture
def officer(geography, make_user):
    return make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])


@pytest.fixture
def family(geography, officer):
    household = actions.create_household_with_head(
        officer, commune=geography["commune"], head=person("Nguyễn Văn An"), village=geography["village"]
    )
    actions.add_member(household, officer, **person("Nguyễn Văn Cường", "2010-07-08", relation="child"))
    return household


def test_a_new_household_is_counted_in_its_village(geography, family):
    assert counted(geography["commune"]) == {(geography["village"].pk, ""): 1}
    assert_counts_match()


def test_moving_a_household_to_another_village_moves_its_count(geography, officer, family):
    east = make_unit("22402-02", "Thôn Đông", Level.VILLAGE, geography["commune"], kind="Thôn")
    actions.update_household(family, officer, village=east)
    assert counted(geography["commune"]) == {(east.pk, ""): 1}
    assert_counts_match()


def test_split_merge_and_closing_keep_the_counts(geography, officer, family):
    child = family.members.get(relation="child")
    new = membership.split_household(family, officer, members=[child], head=child, on=DAY)
    assert counted(geography["commune"]) == {(geography["village"].pk, ""): 2}
    assert_counts_match()
    membership.merge_households(new, family, officer, on=DAY)
    assert counted(geography["commune"]) == {(geography["village"].pk, ""): 1}
    assert_counts_match()
    for member in sorted(family.members.filter(status="present"), key=lambda m: m.relation == "head"):
        membership.record_departure(member, officer, kind="died", on=DAY)
    assert not Household.objects.get(pk=family.pk).is_active
    assert counted(geography["commune"]) == {}
    assert_counts_match()


def test_moving_the_last_member_away_closes_the_household_and_its_count(geography, officer, family):
    neighbour = actions.create_household_with_head(
        officer, commune=geography["commune"], head=person("Lê Văn Dũng")
    )
    for member in family.members.order_by("relation"):  # the child first, then the head
        membership.move_member(member, neighbour, officer, relation="other", on=DAY)
    assert counted(geography["commune"]) == {(None, ""): 1}
    assert_counts_match()


def test_an_import_counts_new_households_and_a_move_between_communes(geography, make_user):
    officer = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    assert import_file("ho.xlsx", xlsx(), officer).ok
    assert counted(geography["commune"]) == {(geography["village"].pk, ""): 1, (None, ""): 1}
    assert_counts_match()
    moved = [["NT-0002", "Phường Phan Rang", "", "Trần Thị Bình", "", "x", "", "", "Không"]]
    members = [["NT-0002", "Trần Thị Bình", "01/01/1975", "Nữ", "Chủ hộ", "Raglai", "", ""]]
    assert import_file("chuyen.xlsx", xlsx(moved, members), officer).ok
    assert counted(geography["commune"]) == {(geography["village"].pk, ""): 1}
    assert counted(geography["urban"]) == {(None, ""): 1}
    assert_counts_match()


def test_a_generated_province_is_counted(geography):
    generate_province(geography["province"], 120, seed=3)
    assert sum(counted(geography["commune"]).values()) + sum(counted(geography["urban"]).values()) == 120
    assert_counts_match()
    generate_province(geography["province"], 40, seed=4, replace=True)
    assert VillageCount.objects.filter(province=geography["province"]).count() >= 1
    assert_counts_match()


def test_an_official_run_counts_the_new_statuses(geography, surveyed):
    for income in (500_000, 900_000, 5_000_000):
        surveyed(geography["commune"], income)
    surveyed(geography["urban"], 700_000)
    consistent()
    execute_run(create_run(geography["province"], 2024))
    assert CurrentStatus.objects.count() == 4
    assert_counts_match()


def test_a_second_run_moves_changed_households_out_of_their_old_status(geography, surveyed):
    for income in (500_000, 900_000, 5_000_000):
        surveyed(geography["commune"], income)
    consistent()
    execute_run(create_run(geography["province"], 2024))
    # Statuses changed since (as a review decision would): the next run takes them back.
    CurrentStatus.objects.filter(household__commune=geography["commune"]).update(status="near_poor")
    consistent()
    execute_run(create_run(geography["province"], 2024))
    assert_counts_match()
    assert (
        CurrentStatus.objects.filter(household__commune=geography["commune"], status="near_poor").count() < 3
    )


def test_a_submitted_survey_counts_its_classification(geography, officer, family):
    survey = survey_actions.start_survey(family, officer, dt.date(2025, 9, 30))
    answers = {
        "income_per_capita_month": 500_000,
        "floor_area_m2": 40.0,
        "water_source": "piped",
        "latrine": "septic",
    }
    member_answers = {a.pk: {"has_health_insurance": True} for a in survey.member_answers.all()}
    survey = survey_actions.save_answers(survey, officer, answers, member_answers)
    survey_actions.submit_survey(survey, officer)
    status = Household.objects.get(pk=family.pk).current_status
    assert status and counted(geography["commune"]) == {(geography["village"].pk, status): 1}
    assert_counts_match()


def test_a_review_decision_counts_the_decided_statuses(round_, officers, households):  # noqa: F811
    walk_to_decision(round_, officers["commune"])
    # The commune's people decided otherwise than the survey for one household.
    round_.households.filter(household=households["not_poor"]).update(final_status="near_poor")
    consistent()
    decide(round_, officers["commune"])
    assert Household.objects.get(pk=households["not_poor"].pk).current_status == "near_poor"
    assert_counts_match()


def test_an_officer_sees_only_the_counts_of_their_area(geography, make_user, family):
    other = actions.create_household_with_head(
        make_user("admin", Role.ADMIN), commune=geography["other_commune"], head=person("Lò Văn Páo")
    )
    assert Member.objects.filter(household=other).exists()
    officer = make_user("xa2", Role.COMMUNE_OFFICER, geography["commune"])
    result = breakdown_of(geography["commune"], officer)
    assert [(row.name, row.households) for row in result.rows] == [("Thôn Một", 1)]
    stranger = make_user("batxat", Role.COMMUNE_OFFICER, geography["other_commune"])
    assert [row.households for row in breakdown_of(geography["commune"], stranger).rows] == []


def test_a_household_saved_or_deleted_through_the_orm_is_counted(geography):
    """No writer has to remember a signal for one household: Django's own save and delete move it."""
    household = Household.objects.create(
        code="H-ORM-1", province=geography["province"], commune=geography["commune"], head_name="Lê Thị Hoa"
    )
    assert counted(geography["commune"]) == {(None, ""): 1}
    household.village = geography["village"]
    household.save()
    set_status(household, "poor")
    assert counted(geography["commune"]) == {(geography["village"].pk, "poor"): 1}
    household.is_active = False
    household.save()
    assert counted(geography["commune"]) == {}
    household.is_active = True
    household.save()
    household.delete()
    assert counted(geography["commune"]) == {}
    assert_counts_match()
