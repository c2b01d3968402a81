"""The phone's questionnaire, its sync and the ODK form carry the survey page's newer answers: the
monthly social allowance and employer-certified training per member, the causes of poverty and
the wish to escape poverty per household."""

import pytest

from giamngheo.fieldwork import sync
from giamngheo.fieldwork.models import Outcome
from giamngheo.fieldwork.odk.xlsform import xlsform_rows
from giamngheo.fieldwork.questionnaire import questionnaire
from giamngheo.fieldwork.tests.conftest import submission
from giamngheo.households.models import Survey
from giamngheo.standards import engine

pytestmark = pytest.mark.django_db
NEW_MEMBER_ANSWERS = ("social_allowance", "employer_certified_training")


@pytest.mark.parametrize("standard_id", ["2022-2025", "2026-2030"])
def test_the_questionnaire_asks_the_new_answers_in_vietnamese(standard_id):
    definition = questionnaire(engine.load_standard(standard_id))
    members = {field["name"]: field for field in definition["member_fields"]}
    assert members["social_allowance"]["label"] == "Hưởng trợ cấp xã hội hằng tháng"
    assert "Nghị định 20/2021/NĐ-CP" in members["social_allowance"]["help"]
    assert members["employer_certified_training"]["label"] == (
        "Được người sử dụng lao động xác nhận đã đào tạo nghề tại chỗ"
    )
    assert all(members[name]["kind"] == "bool" for name in NEW_MEMBER_ANSWERS)
    household = {field["name"] for section in definition["sections"] for field in section["fields"]}
    assert {"cause_no_land", "cause_other", "wishes_to_escape"} <= household
    rows = {row["name"] for row in xlsform_rows(engine.load_standard(standard_id))[0]}
    assert {*NEW_MEMBER_ANSWERS, "cause_no_capital", "wishes_to_escape"} <= rows


def test_a_phone_survey_stores_the_new_answers(village_household, collaborator):
    payload = submission(village_household, collaborator, cause_no_capital=True, wishes_to_escape=True)
    adult, child = sorted(payload["members"], key=lambda key: payload["members"][key]["age"], reverse=True)
    payload["members"][adult] |= {"social_allowance": True, "employer_certified_training": True}
    result = sync.apply_submission(collaborator, payload)
    assert result["outcome"] == Outcome.ACCEPTED, result
    survey = Survey.objects.get(pk=result["survey_id"])
    assert survey.cause_no_capital and survey.wishes_to_escape and not survey.cause_no_land
    answers = {str(a.member_id): a for a in survey.member_answers.all()}
    assert answers[adult].social_allowance and answers[adult].employer_certified_training
    assert not (answers[child].social_allowance or answers[child].employer_certified_training)
