import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.households.models import Household, Member, Survey
from giamngheo.households.survey import actions
from giamngheo.standards.models import Classification


@pytest.fixture
def officer(geography, make_user):
    return make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])


@pytest.fixture
def household(geography, officer):
    household = Household.objects.create(
        code="22402-00001",
        province=geography["province"],
        commune=geography["commune"],
        head_name="Lò Văn Páo",
    )
    Member.objects.create(
        household=household,
        full_name="Lò Văn Páo",
        birth_date=dt.date(1980, 5, 2),
        sex="male",
        relation="head",
    )
    Member.objects.create(
        household=household,
        full_name="Lò Thị Mai",
        birth_date=dt.date(2015, 9, 30),
        sex="female",
        relation="child",
    )
    return household


def _fill(survey, officer, income, **answers):
    base = {
        "income_per_capita_month": income,
        "floor_area_m2": 40.0,
        "water_source": "piped",
        "latrine": "septic",
    }
    member_answers = {a.pk: {"has_health_insurance": True} for a in survey.member_answers.all()}
    return actions.save_answers(survey, officer, base | answers, member_answers)


def member_form_data(survey) -> dict:
    """The survey page's member formset, every member insured and at school or working as
    their age suggests."""
    data = {}
    for i, answer in enumerate(survey.member_answers.order_by("pk")):
        data |= {
            f"form-{i}-id": str(answer.pk),
            f"form-{i}-has_health_insurance": "on",
            f"form-{i}-schooling": "right_level" if answer.age < 16 else "not_attending",
            f"form-{i}-qualification": "primary" if answer.age < 16 else "upper_secondary",
            f"form-{i}-employment": "not_working" if answer.age < 16 else "self_employed",
        }
    return data


def test_draft_has_present_members_with_age_at_survey_date(household, officer):
    survey = actions.start_survey(household, officer, dt.date(2025, 9, 30))
    ages = sorted(survey.member_answers.values_list("age", flat=True))
    assert ages == [10, 45] and survey.members == 2 and survey.state == "draft"


def test_submit_classifies_with_the_standard_in_force_and_explains(household, officer):
    survey = _fill(
        actions.start_survey(household, officer, dt.date(2025, 9, 30)),
        officer,
        1_400_000,
        water_source="surface",
        latrine="none",
        uses_internet=False,
    )
    classification = actions.submit_survey(survey, officer)
    assert classification.standard_id == "2022-2025"
    assert classification.status == "poor" and classification.official
    assert "water" in classification.deprived_codes and classification.reason
    household.refresh_from_db()
    assert household.current_status == "poor"
    recorded = household.current.history.first()
    assert (
        recorded.history_user == officer
        and recorded.history_change_reason == "Phân loại theo chuẩn 2022-2025 khi nộp phiếu"
    )


def test_the_survey_page_marks_a_comparison_result_as_not_official(client, household, officer):
    survey = actions.start_survey(household, officer, dt.date(2025, 9, 30))
    _fill(survey, officer, 1_400_000, water_source="surface")
    official = actions.submit_survey(survey, officer)
    official.pk, official.official, official.standard_id = None, False, "2026-2030"
    official.save()
    client.force_login(officer)
    page = client.get(reverse("surveys:edit", args=[survey.pk])).content.decode()
    assert page.count("Kết quả phân loại") == 2
    assert page.count("Kết quả phân loại (so sánh, không chính thức)") == 1


def test_submitted_survey_is_immutable_and_corrections_are_new_versions(household, officer):
    survey = _fill(actions.start_survey(household, officer, dt.date(2025, 9, 30)), officer, 3_000_000)
    actions.submit_survey(survey, officer)
    with pytest.raises(ValidationError):
        actions.save_answers(survey, officer, {"income_per_capita_month": 1}, {})
    with pytest.raises(ValidationError):
        actions.correct_survey(survey, officer, "  ")
    correction = actions.correct_survey(survey, officer, "Nhập sai thu nhập")
    assert correction.version == 2 and correction.corrects == survey and correction.state == "draft"
    assert correction.member_answers.count() == 2
    survey.refresh_from_db()
    assert survey.income_per_capita_month == 3_000_000


def test_officer_of_another_commune_cannot_survey(household, geography, make_user):
    stranger = make_user("khac", Role.COMMUNE_OFFICER, geography["other_commune"])
    with pytest.raises(PermissionDenied):
        actions.start_survey(household, stranger, dt.date(2025, 9, 30))


def test_survey_page_saves_then_submits(client, household, officer):
    client.force_login(officer)
    survey = actions.start_survey(household, officer, dt.date(2025, 9, 30))
    page = client.get(reverse("surveys:edit", args=[survey.pk]))
    assert "Nộp phiếu và phân loại" in page.content.decode()
    data = {
        "area": "rural",
        "income_per_capita_month": "2000000",
        "floor_area_m2": "50",
        "has_dwelling": "on",
        "durable_walls": "on",
        "durable_columns": "on",
        "durable_roof": "on",
        "water_source": "piped",
        "latrine": "septic",
        "uses_internet": "on",
        "has_tv": "on",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
    }
    data |= member_form_data(survey)
    unconfirmed = client.post(reverse("surveys:edit", args=[survey.pk]), data | {"submit": "1"}, follow=True)
    assert "Hãy đánh dấu ô xác nhận" in unconfirmed.content.decode()
    assert Survey.objects.get(pk=survey.pk).state == "draft"  # the answers are kept as a draft
    response = client.post(
        reverse("surveys:edit", args=[survey.pk]), data | {"submit": "1", "confirm": "1"}, follow=True
    )
    assert "Đã nộp phiếu" in response.content.decode()
    assert Classification.objects.get(survey=survey).status == "average"
    assert Survey.objects.get(pk=survey.pk).state == "submitted"


def test_invalid_answer_is_reported_in_vietnamese(client, household, officer):
    client.force_login(officer)
    survey = actions.start_survey(household, officer, dt.date(2025, 9, 30))
    response = client.post(
        reverse("surveys:edit", args=[survey.pk]),
        {"area": "rural", "income_per_capita_month": "abc", "water_source": "piped", "latrine": "septic",
         "form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
    )  # fmt: skip
    page = response.content.decode()
    assert "Phiếu có thông tin chưa hợp lệ" in page and "Nhập một số nguyên" in page
