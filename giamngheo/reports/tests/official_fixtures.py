"""A generated province reviewed two years running, with the facts the official reports
read: households that dropped out, a new household, agricultural flags, support received."""

import datetime as dt

import pytest

from conftest import make_unit
from giamngheo.areas.models import AreaType, Level
from giamngheo.demo.generator import generate_province
from giamngheo.households.models import Household, Member, Survey, SurveyMember
from giamngheo.programs.models import Policy, SupportRecord
from giamngheo.standards.runs import create_run, execute_run

PREVIOUS, YEAR = 2024, 2025
POLICIES = {
    "bhyt": "health_insurance",
    "hoc-phi": "tuition",
    "sinh-ke": "livelihood",
    "vay-von": "credit",
    "nha-o": "housing",
    "tien-dien": "electricity",
}


def _resurvey(households: list[Household]) -> None:
    """This year's survey of each household: last year's answers, income moved up or down."""
    for household in households:
        old = household.surveys.get()
        answers = SurveyMember.objects.filter(survey=old)
        factor = (0.6, 0.9, 1.1, 1.6)[household.pk % 4]
        old.pk, old.id = None, None
        old._state.adding = True
        old.survey_date = dt.date(YEAR, 10, 1)
        old.income_per_capita_month = int((old.income_per_capita_month or 0) * factor)
        old.cause_other = household.pk % 7 == 0  # also ticked for some that are not poor
        old.save()
        for answer in answers:
            answer.pk, answer.id = None, None
            answer._state.adding = True
            answer.survey = old
            answer.save()


def _support(households: list[Household]) -> None:
    policies = [
        Policy.objects.create(
            code=code, name=f"Chính sách {code}", category=category, agency="thử", beneficiary="household",
        )
        for code, category in POLICIES.items()
    ]  # fmt: skip
    for household in households[::3]:
        for offset, policy in enumerate(policies):
            if (household.pk + offset) % 3 == 0:
                day = dt.date(YEAR if offset % 2 == 0 else PREVIOUS, 5, 1)
                SupportRecord.objects.create(
                    policy=policy, household=household, delivered_on=day, agency="thử",
                    fingerprint=f"{household.pk}-{policy.pk}",
                )  # fmt: skip


@pytest.fixture
def reviewed_province(db):
    province = make_unit("56", "Tỉnh Khánh Hòa", Level.PROVINCE)
    make_unit("22402", "Xã Phước Hà", Level.COMMUNE, province, area_type=AreaType.RURAL)
    make_unit("22333", "Phường Phan Rang", Level.COMMUNE, province, area_type=AreaType.URBAN)
    generate_province(province, 240, seed=3, survey_date=dt.date(PREVIOUS, 10, 1))
    execute_run(create_run(province, PREVIOUS, standard_id="2022-2025"))
    households = list(Household.objects.order_by("pk"))
    # Every 11th household and two of last year's poor are not reviewed this year (they leave the
    # lists), chosen by position: PostgreSQL's sequences are not reset between tests.
    leaving = {h.pk for h in households if h.current_status == "poor"}
    leaving = set(sorted(leaving)[:2])
    staying = [h for i, h in enumerate(households) if i % 11 != 0 and h.pk not in leaving]
    _resurvey(staying)
    newcomer = Household.objects.create(
        code="MOI-1", province=province, commune=staying[0].commune, head_name="Hộ mới tách"
    )
    head = Member.objects.create(
        household=newcomer, full_name="Hộ mới tách", birth_date=dt.date(1990, 1, 1), sex="male",
        relation="head", ethnicity="Ê Đê",
    )  # fmt: skip
    survey = Survey.objects.create(
        household=newcomer, survey_date=dt.date(YEAR, 10, 1), state="submitted", area="rural", members=1,
        income_per_capita_month=500_000, water_source="river", latrine="none", cause_no_land=True,
        wishes_to_escape=True,
    )  # fmt: skip
    SurveyMember.objects.create(survey=survey, member=head, age=35, sex="male", employment="not_working")
    Household.objects.filter(pk__in=[h.pk for h in households if h.pk % 5 == 0]).update(agricultural=True)
    Household.objects.filter(pk__in=[h.pk for h in households if h.pk % 6 == 0]).update(
        no_labour_capacity=True
    )
    _support(staying)
    execute_run(create_run(province, YEAR, standard_id="2022-2025"))
    return province
