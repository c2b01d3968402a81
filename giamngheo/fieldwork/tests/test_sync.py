import uuid

import pytest

from giamngheo.accounts.models import Role
from giamngheo.fieldwork import package, sync
from giamngheo.fieldwork.models import Outcome, Submission
from giamngheo.fieldwork.tests.conftest import SURVEY_DATE, submission
from giamngheo.households.models import Survey
from giamngheo.households.survey import actions
from giamngheo.reviews.models import Round, RoundStatus

pytestmark = pytest.mark.django_db


def test_a_survey_from_the_phone_is_submitted_and_classified(village_household, collaborator):
    payload = submission(village_household, collaborator, income_per_capita_month=900_000)
    result = sync.apply_submission(collaborator, payload)
    assert result["outcome"] == Outcome.ACCEPTED, result
    survey = Survey.objects.get(pk=result["survey_id"])
    assert survey.is_submitted and survey.survey_date == SURVEY_DATE
    assert survey.income_per_capita_month == 900_000 and survey.submitted_by == collaborator
    # 900,000 đ/person/month is under the rural line of 2022-2025 (1,500,000 đ), no deprivation: near poor.
    assert result["status"] == "Hộ cận nghèo" and "1.500.000" in result["reasons"], result["reasons"]
    assert survey.history.first().history_user == collaborator


def test_resending_the_same_key_changes_nothing(village_household, collaborator):
    payload = submission(village_household, collaborator)
    first = sync.apply_submission(collaborator, payload)
    again = sync.apply_submission(collaborator, payload)
    assert first == again
    assert Survey.objects.filter(household=village_household).count() == 2
    assert Submission.objects.count() == 1


def test_twenty_surveys_sync_in_order_without_loss_or_double(geography, surveyed, collaborator):
    households = []
    for _ in range(20):
        household = surveyed(geography["commune"], 2_500_000)
        household.village = geography["village"]
        household.save()
        households.append(household)
    payloads = [
        submission(h, collaborator, income_per_capita_month=1_000_000 + i) for i, h in enumerate(households)
    ]
    results = sync.apply_in_order(collaborator, payloads)
    assert [r["outcome"] for r in results] == [Outcome.ACCEPTED] * 20
    assert sync.apply_in_order(collaborator, payloads) == results  # resent after a lost answer
    new = Survey.objects.filter(survey_date=SURVEY_DATE).order_by("pk")
    assert [s.income_per_capita_month for s in new] == [1_000_000 + i for i in range(20)]
    assert [s.household_id for s in new] == [h.pk for h in households]


def test_a_server_change_since_the_download_is_a_conflict_until_someone_chooses(
    village_household, collaborator, make_user, geography
):
    payload = submission(village_household, collaborator, income_per_capita_month=800_000)
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    other = actions.start_survey(village_household, officer, SURVEY_DATE)
    result = sync.apply_submission(collaborator, payload)
    assert result["outcome"] == Outcome.CONFLICT
    assert result["server"]["id"] == other.pk and result["server"]["state"] == "draft"
    other.refresh_from_db()
    assert other.income_per_capita_month == 3_000_000  # not overwritten
    # The collaborator keeps their version: resent with the server's stamp, it goes into that draft.
    kept = sync.apply_submission(collaborator, payload | {"base_stamp": result["server_stamp"]})
    assert kept["outcome"] == Outcome.ACCEPTED and kept["survey_id"] == other.pk
    other.refresh_from_db()
    assert other.income_per_capita_month == 800_000 and other.is_submitted


def test_keeping_mine_over_a_submitted_survey_makes_a_correction(village_household, collaborator):
    first = sync.apply_submission(collaborator, submission(village_household, collaborator))
    late = submission(village_household, collaborator, income_per_capita_month=700_000)
    late["base_stamp"] = "old"
    conflict = sync.apply_submission(collaborator, late)
    assert conflict["outcome"] == Outcome.CONFLICT
    kept = sync.apply_submission(collaborator, late | {"base_stamp": conflict["server_stamp"]})
    correction = Survey.objects.get(pk=kept["survey_id"])
    assert correction.corrects_id == first["survey_id"] and correction.version == 2
    assert Survey.objects.get(pk=first["survey_id"]).income_per_capita_month == 3_000_000


def test_a_household_outside_the_area_is_refused_with_the_reason(village_household, collaborator, geography):
    payload = submission(village_household, collaborator)
    village_household.village = None
    village_household.commune = geography["urban"]
    village_household.save()
    result = sync.apply_submission(collaborator, payload)
    assert result["outcome"] == Outcome.REFUSED and "không còn thuộc địa bàn" in result["reason"]
    assert not Survey.objects.filter(survey_date=SURVEY_DATE).exists()


def test_a_closed_round_refuses_the_survey(village_household, collaborator, geography):
    payload = submission(village_household, collaborator)
    Round.objects.create(
        unit=geography["commune"], province=geography["province"], commune=geography["commune"],
        year=SURVEY_DATE.year, standard_id="2022-2025", status=RoundStatus.CLOSED,
    )  # fmt: skip
    result = sync.apply_submission(collaborator, payload)
    assert result["outcome"] == Outcome.REFUSED and "đã kết thúc" in result["reason"]


def test_out_of_range_values_are_refused_by_the_server_rules(village_household, collaborator):
    payload = submission(village_household, collaborator, floor_area_m2=-5, water_source="lake")
    result = sync.apply_submission(collaborator, payload)
    assert result["outcome"] == Outcome.REFUSED
    assert "Thông tin của hộ" in result["reason"] and "0" in result["reason"]
    assert not Survey.objects.filter(survey_date=SURVEY_DATE).exists()


def test_a_key_of_another_user_is_refused(village_household, collaborator, make_user, geography):
    payload = submission(village_household, collaborator)
    sync.apply_submission(collaborator, payload)
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    assert sync.apply_submission(officer, payload)["outcome"] == Outcome.REFUSED


def test_the_package_holds_only_the_collaborators_area(village_household, collaborator, geography, surveyed):
    surveyed(geography["other_commune"], 1_000_000)
    data = package.field_package(collaborator, today=SURVEY_DATE)
    assert [e["id"] for e in data["households"]] == [village_household.pk]
    entry = data["households"][0]
    assert entry["due"] and len(entry["members"]) == 2 and entry["open_survey"] is None
    assert data["villages"] == [{"id": geography["village"].pk, "name": "Thôn Một"}]


def test_invalid_client_key(collaborator, village_household):
    payload = submission(village_household, collaborator) | {"client_key": "abc"}
    assert sync.apply_submission(collaborator, payload)["outcome"] == Outcome.REFUSED
    assert uuid.UUID(submission(village_household, collaborator)["client_key"])
