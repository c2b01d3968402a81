"""The monthly social allowance and employer-certified training, answered on the survey page and
read by the 2026-2030 rules: the household's class worked out by hand.

The household, surveyed on 15 January 2027 (2026-2030 in force), rural, income 2,000,000 đ
(≤ the 2,200,000 đ line, so the deprivation count decides poor ≥ 3 / near-poor < 3), drinking
surface water (deprived on water), everything else good:
  head 46, grandmother 71, grandfather 76, child 10 at school, son 20 with primary schooling only,
  not studying, working under contract.
- dependants: the child, plus the two elders only when they receive the allowance: 3 of 5 (> half)
  with it, 1 of 5 without;
- adult education: the son (20, no lower secondary) unless his employer certified his training.
"""

import datetime as dt

import pytest
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.api.models import ApiToken
from giamngheo.households.models import Household, Member
from giamngheo.households.survey import actions

SURVEY_DATE = dt.date(2027, 1, 15)
PEOPLE = [
    ("Lò Văn Páo", dt.date(1980, 3, 1), "male", "head"),
    ("Lò Thị Én", dt.date(1955, 2, 1), "female", "parent"),
    ("Lò Văn Inh", dt.date(1950, 6, 1), "male", "parent"),
    ("Lò Thị Mai", dt.date(2016, 5, 5), "female", "child"),
    ("Lò Văn Tú", dt.date(2006, 8, 20), "male", "child"),
]


@pytest.fixture
def officer(geography, make_user):
    return make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])


@pytest.fixture
def household(geography):
    household = Household.objects.create(
        code="22402-00077",
        province=geography["province"],
        commune=geography["commune"],
        head_name="Lò Văn Páo",
    )
    for name, born, sex, relation in PEOPLE:
        Member.objects.create(
            household=household, full_name=name, birth_date=born, sex=sex, relation=relation
        )
    return household


def _page_data(survey, *, allowance: bool, training: bool) -> dict:
    data = {
        "area": "rural", "income_per_capita_month": "2000000", "floor_area_m2": "100", "has_dwelling": "on",
        "durable_walls": "on", "durable_columns": "on", "durable_roof": "on", "water_source": "surface",
        "latrine": "septic", "uses_internet": "on", "has_tv": "on", "waste_treated": "on",
        "hears_loudspeaker": "on", "form-TOTAL_FORMS": "5", "form-INITIAL_FORMS": "5", "confirm": "1",
        "submit": "1",
    }  # fmt: skip
    for i, answer in enumerate(survey.member_answers.select_related("member").order_by("pk")):
        data |= {
            f"form-{i}-id": str(answer.pk),
            f"form-{i}-has_health_insurance": "on",
            f"form-{i}-schooling": "right_level" if answer.age < 16 else "not_attending",
            f"form-{i}-qualification": "primary" if answer.age < 30 else "upper_secondary",
            f"form-{i}-employment": "contract" if 16 <= answer.age < 60 else "not_working",
        }
        if allowance and answer.age >= 60:
            data[f"form-{i}-social_allowance"] = "on"
        if training and answer.age == 20:
            data[f"form-{i}-employer_certified_training"] = "on"
    return data


@pytest.mark.parametrize(
    ("allowance", "training", "status", "deprived"),
    [
        (True, True, "near_poor", ["dependants", "water"]),
        (True, False, "poor", ["dependants", "adult_education", "water"]),
        (False, False, "near_poor", ["adult_education", "water"]),
        (False, True, "near_poor", ["water"]),
    ],
)
def test_the_survey_page_answers_decide_the_2026_2030_class(
    client, household, officer, allowance, training, status, deprived
):
    client.force_login(officer)
    survey = actions.start_survey(household, officer, SURVEY_DATE)
    assert sorted(survey.member_answers.values_list("age", flat=True)) == [10, 20, 46, 71, 76]
    page = client.get(reverse("surveys:edit", args=[survey.pk])).content.decode()
    assert "Hưởng trợ cấp xã hội hằng tháng" in page
    assert "Được người sử dụng lao động xác nhận đã đào tạo nghề tại chỗ" in page
    response = client.post(
        reverse("surveys:edit", args=[survey.pk]), _page_data(survey, allowance=allowance, training=training)
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.state == "submitted"
    assert survey.member_answers.filter(social_allowance=True).count() == (2 if allowance else 0)
    classification = survey.classifications.get()
    assert classification.standard_id == "2026-2030"
    assert (classification.status, classification.deprived_codes) == (status, deprived)
    count = len(deprived)
    assert classification.reason.startswith("Thu nhập bình quân 2.000.000 đ/người/tháng ≤ chuẩn nghèo")
    assert f"thiếu hụt {count} chỉ số ({'≥' if count >= 3 else '<'} 3)" in classification.reason


def test_a_correction_and_a_new_survey_carry_the_answers_over(household, officer):
    survey = actions.start_survey(household, officer, SURVEY_DATE)
    son = survey.member_answers.get(age=20)
    elder = survey.member_answers.get(age=76)
    actions.save_answers(
        survey,
        officer,
        {"income_per_capita_month": 3_000_000, "water_source": "piped", "latrine": "septic"},
        {son.pk: {"employer_certified_training": True}, elder.pk: {"social_allowance": True}},
    )
    actions.submit_survey(survey, officer)
    correction = actions.correct_survey(survey, officer, "Sửa thu nhập")
    later = correction.member_answers
    assert later.get(member=son.member).employer_certified_training
    assert later.get(member=elder.member).social_allowance
    assert not later.get(member=son.member).social_allowance


def test_the_api_lists_each_members_answers_with_the_survey(client, household, officer):
    survey = actions.start_survey(household, officer, SURVEY_DATE)
    elder = survey.member_answers.get(age=71)
    actions.save_answers(survey, officer, {}, {elder.pk: {"social_allowance": True}})
    _token, key = ApiToken.issue(officer, "test")
    body = client.get(
        "/api/surveys", {"household": household.code}, HTTP_AUTHORIZATION=f"Bearer {key}"
    ).json()
    answers = {a["member_id"]: a for a in body["items"][0]["member_answers"]}
    assert len(answers) == 5
    assert answers[elder.member_id]["social_allowance"] is True
    assert sum(a["social_allowance"] for a in answers.values()) == 1
    assert not any(a["employer_certified_training"] for a in answers.values())
