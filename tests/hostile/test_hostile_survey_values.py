"""Negative, huge and impossible survey answers through the survey page and the phone's sync:
each is refused with a Vietnamese message naming the field, nothing is submitted or classified."""

import datetime as dt

import pytest
from django.urls import reverse

from giamngheo.fieldwork import sync
from giamngheo.fieldwork.models import Outcome
from giamngheo.fieldwork.tests.conftest import SURVEY_DATE, collaborator, submission, village_household  # noqa: F401
from giamngheo.households.models import Survey
from giamngheo.households.survey import actions
from giamngheo.households.tests.test_survey_capture import household, member_form_data, officer  # noqa: F401
from giamngheo.standards.models import Classification

# field, value, the field's label as users read it, the error they are shown
HOSTILE_SURVEY = {
    "negative-income": ("income_per_capita_month", -1, "Thu nhập bình quân", "lớn hơn hoặc bằng với 0"),
    "huge-income": (
        "income_per_capita_month",
        10**15,
        "Thu nhập bình quân",
        "vượt mức hợp lý (1.000.000.000 đồng",
    ),
    "negative-floor-area": ("floor_area_m2", -3, "diện tích ở", "lớn hơn hoặc bằng với 0"),
}


def _page_answers(survey, field: str, value) -> dict:
    data = {
        "area": "rural",
        "income_per_capita_month": "1000000",
        "floor_area_m2": "50",
        "has_dwelling": "on",
        "water_source": "piped",
        "latrine": "septic",
        "form-TOTAL_FORMS": str(survey.member_answers.count()),
        "form-INITIAL_FORMS": str(survey.member_answers.count()),
    }
    data |= member_form_data(survey)
    return data | {field: str(value), "submit": "1", "confirm": "1"}


@pytest.mark.parametrize("name", HOSTILE_SURVEY)
def test_survey_page_refuses_the_value_and_submits_nothing(client, household, officer, name):  # noqa: F811
    field, value, _label, error = HOSTILE_SURVEY[name]
    client.force_login(officer)
    survey = actions.start_survey(household, officer, dt.date(2025, 9, 30))
    response = client.post(reverse("surveys:edit", args=[survey.pk]), _page_answers(survey, field, value))
    page = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Đã nộp phiếu" not in page and error in page
    assert not Survey.objects.get(pk=survey.pk).is_submitted
    assert not Classification.objects.filter(survey=survey).exists()


@pytest.mark.parametrize("name", HOSTILE_SURVEY)
def test_phone_sync_refuses_the_value_naming_the_field(village_household, collaborator, name):  # noqa: F811
    field, value, label, error = HOSTILE_SURVEY[name]
    result = sync.apply_submission(
        collaborator, submission(village_household, collaborator, **{field: value})
    )
    assert result["outcome"] == Outcome.REFUSED, result
    assert label in result["reason"] and error in result["reason"]
    assert not Survey.objects.filter(household=village_household, survey_date=SURVEY_DATE).exists()
