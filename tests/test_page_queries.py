"""The pages of the load mix (benchmarks/locustfile.py) ask the database a fixed number of
questions, whatever the number of households in the commune or of members in a household.

Each page is requested as a commune officer on a small commune, then again after the commune
has grown (more households, more members, more history): the number of queries must not move,
and it is pinned so that a new query per page is a decision, not an accident."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.households.events import registry_changed
from giamngheo.households.models import Household, Member, SurveyMember
from giamngheo.households.survey import actions
from giamngheo.reports.summaries import refresh_commune_summary
from giamngheo.reports.tests.conftest import classify  # noqa: F401 (a fixture)

# Queries per page of the mix for a commune officer: session, user, area scope, then the page's own.
PINNED = {
    "household list": 7,
    "household list, page 2": 7,
    "household search": 8,  # 9 when a household matched by a member or the address, not its head
    "household page": 14,  # its current status's history beside the household's and its members'
    "survey page": 6,
    "survey save": 14,  # with the savepoints of the test's transaction
    "dashboard": 21,
    "report download": 11,
}
YEAR = 2024


@pytest.fixture
def commune(geography, surveyed, classify, make_user):  # noqa: F811 (the imported fixture)
    """A commune that grows: grow(n, members) adds n classified households of `members` people,
    each with a change in its history, and refreshes the commune's summaries."""
    place = geography["commune"]
    officer = make_user("xa", Role.COMMUNE_OFFICER, place)

    def grow(count: int, members: int) -> None:
        for n in range(count):
            household = surveyed(place, 900_000 + n, members=[{"age": 30 + i} for i in range(members)])
            household.head_name = f"Nguyễn Văn {household.pk}"
            household._history_user = officer
            household.save()  # one change in the household's history
            for member in household.members.all():
                member.full_name = f"Nguyễn Thị {member.pk}"
                member._history_user = officer
                member.save()
            household.refresh_search_text()
            household.save()
            classify(household, "poor" if n % 3 == 0 else "not_poor")
        refresh_commune_summary(place.pk, YEAR)
        registry_changed.send(sender=Household, commune_ids=[place.pk])  # as the registry's writers do

    return officer, grow


def _survey_form(survey, changed: bool) -> dict:
    data = {
        "area": "rural", "income_per_capita_month": "900000", "floor_area_m2": "50", "has_dwelling": "on",
        "durable_walls": "on", "durable_columns": "on", "durable_roof": "on", "water_source": "piped",
        "latrine": "septic", "save": "",
    }  # fmt: skip
    answers = list(survey.member_answers.order_by("pk"))
    data |= {"form-TOTAL_FORMS": str(len(answers)), "form-INITIAL_FORMS": str(len(answers))}
    for i, answer in enumerate(answers):
        data |= {
            f"form-{i}-id": str(answer.pk),
            f"form-{i}-has_health_insurance": "on",
            f"form-{i}-schooling": "not_attending",
            f"form-{i}-qualification": "upper_secondary",
            f"form-{i}-employment": "self_employed" if changed else "contract",
        }
    return data


def _counts(client, officer) -> dict[str, int]:
    """The number of queries of one request of each page of the mix."""
    household = Member.objects.order_by("-household__members__pk").first().household  # the largest one
    survey = actions.start_survey(household, officer, dt.date(YEAR, 10, 2))
    client.post(reverse("surveys:edit", args=[survey.pk]), _survey_form(survey, changed=True))
    pages = {
        "household list": ("get", reverse("households:list"), None),
        "household list, page 2": ("get", reverse("households:list") + "?trang=2", None),
        "household search": ("get", reverse("households:list") + "?q=nguyen", None),
        "household page": ("get", reverse("households:detail", args=[household.pk]), None),
        "survey page": ("get", reverse("surveys:edit", args=[survey.pk]), None),
        "survey save": (
            "post",
            reverse("surveys:edit", args=[survey.pk]),
            _survey_form(survey, changed=False),
        ),
        "dashboard": ("get", reverse("targets:dashboard"), None),
        "report download": ("get", reverse("reports:review_workbook") + f"?nam={YEAR}", None),
    }
    counts = {}
    for name, (method, url, data) in pages.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, data) if method == "post" else client.get(url)
        assert response.status_code == (302 if method == "post" else 200), name
        counts[name] = len(captured.captured_queries)
    return counts


def test_each_page_of_the_mix_asks_a_fixed_number_of_queries(client, commune):
    officer, grow = commune
    client.force_login(officer)
    grow(3, members=2)
    small = _counts(client, officer)
    grow(60, members=6)  # more than a page of households, three times the members
    assert _counts(client, officer) == small == PINNED


def test_saving_a_survey_writes_only_the_answers_that_changed(client, commune):
    officer, grow = commune
    grow(1, members=3)
    client.force_login(officer)
    household = Member.objects.first().household
    survey = actions.start_survey(household, officer, dt.date(YEAR, 10, 2))
    edit = reverse("surveys:edit", args=[survey.pk])
    history = SurveyMember.history.filter(survey_id=survey.pk)
    before = history.count()
    assert client.post(edit, _survey_form(survey, changed=False)).status_code == 302
    assert history.count() == before  # the same answers again: nothing written, nothing to audit
    assert client.post(edit, _survey_form(survey, changed=True)).status_code == 302
    changed = history.filter(history_type="~").order_by("pk")
    assert [(r.employment, r.history_user) for r in changed] == [("self_employed", officer)] * 3
    assert set(survey.member_answers.values_list("employment", flat=True)) == {"self_employed"}


def test_a_survey_form_cannot_carry_the_answer_row_of_another_survey(client, commune):
    officer, grow = commune
    grow(2, members=1)
    client.force_login(officer)
    first, second = (Member.objects.order_by("pk")[i].household for i in (0, 1))
    mine = actions.start_survey(first, officer, dt.date(YEAR, 10, 2))
    other = actions.start_survey(second, officer, dt.date(YEAR, 10, 2))
    data = _survey_form(mine, changed=True) | {"form-0-id": str(other.member_answers.get().pk)}
    response = client.post(reverse("surveys:edit", args=[mine.pk]), data)
    assert response.status_code == 200 and "Phiếu có thông tin chưa hợp lệ" in response.content.decode()
    assert other.member_answers.get().employment == "contract"
