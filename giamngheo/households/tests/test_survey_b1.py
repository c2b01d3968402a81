"""The survey page asks the form B1 answers; a household without a declared income is
classified on the score computed from them."""

import datetime as dt

from django.urls import reverse

from giamngheo.households.models import Survey
from giamngheo.households.survey import actions
from giamngheo.households.tests.test_survey_capture import household, member_form_data, officer  # noqa: F401
from giamngheo.standards.models import Classification


def test_the_page_asks_the_b1_answers_and_the_score_computed_from_them_classifies(
    client,
    household,  # noqa: F811
    officer,  # noqa: F811
):
    client.force_login(officer)
    survey = actions.start_survey(household, officer, dt.date(2025, 9, 30))
    page = client.get(reverse("surveys:edit", args=[survey.pk])).content.decode()
    assert "Phiếu B1: tài sản, sử dụng điện, đất đai và chăn nuôi" in page
    assert "Có tủ lạnh" in page and "Số trâu, bò, ngựa" in page
    data = {
        "area": "rural",
        "income_per_capita_month": "",
        "floor_area_m2": "50",
        "has_dwelling": "on",
        "durable_walls": "on",
        "durable_columns": "on",
        "durable_roof": "on",
        "water_source": "piped",
        "latrine": "septic",
        "uses_internet": "on",
        "has_tv": "on",
        "has_fridge": "on",
        "motorbikes": "2",
        "electricity_kwh_month": "100",
        "farm_land_m2": "",  # empty: none
        "large_livestock": "",
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
    }
    data |= member_form_data(survey)
    response = client.post(
        reverse("surveys:edit", args=[survey.pk]), data | {"submit": "1", "confirm": "1"}, follow=True
    )
    assert "Đã nộp phiếu" in response.content.decode()
    stored = Survey.objects.get(pk=survey.pk)
    assert (stored.has_fridge, stored.motorbikes, stored.electricity_kwh_month, stored.farm_land_m2) == (
        True,
        2,
        100,
        0,
    )
    # Khánh Hòa, rural (placeholder tables): base 70; 2 members -8; 1 child -3; an upper-secondary
    # graduate +4 who is self-employed +2; durable walls and roof +6; 50 m² +10; piped water +4;
    # septic latrine +4; TV +2; fridge +5; 2 motorbikes +8; 100 kWh +5.
    classification = Classification.objects.get(survey=survey)
    assert classification.score == 109.0 and classification.income is None
    assert classification.status == "average"
    assert classification.reason.startswith(
        "Điểm phiếu B1 109 > chuẩn nghèo khu vực nông thôn vùng Bắc Trung Bộ"
    )
