import datetime as dt

import pytest

from giamngheo.accounts.models import Role
from giamngheo.api.models import ApiToken
from giamngheo.programs import actions


@pytest.fixture
def officer(geography, make_user):
    return make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])


@pytest.fixture
def token(officer):
    _token, key = ApiToken.issue(officer, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_policies_are_listed_with_their_rule(client, token, catalogue):
    policies = {p["code"]: p for p in client.get("/api/programs/policies", **token).json()}
    assert policies["bhyt-ho-ngheo"]["statuses"] == ["poor"]


def test_coverage_counts_the_officers_commune_only(client, token, catalogue, geography, household):
    household(geography["commune"], "poor", ages=(40, 10))
    household(geography["other_commune"], "poor", ages=(40, 10, 5))
    body = client.get("/api/programs/coverage", {"date": "2026-06-15"}, **token).json()
    insurance = next(p for p in body["policies"] if p["policy"] == "bhyt-ho-ngheo")
    assert (insurance["eligible"], insurance["reached"]) == (2, 0)
    other = client.get("/api/programs/coverage", {"unit": geography["other_commune"].pk}, **token)
    assert other.status_code == 404


def test_tasks_are_scoped_and_filtered_by_overdue(client, token, geography, make_user):
    province_user = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    late = dt.date.today() - dt.timedelta(days=3)
    actions.save_task(
        province_user, unit=geography["commune"], title="Trễ", lead_agency="UBND xã", deadline=late
    )
    actions.save_task(province_user, unit=geography["commune"], title="Chưa đến hạn", lead_agency="UBND xã")
    actions.save_task(province_user, unit=geography["urban"], title="Của phường", lead_agency="UBND phường")
    everything = client.get("/api/programs/tasks", **token).json()["items"]
    assert {t["title"] for t in everything} == {"Trễ", "Chưa đến hạn"}
    overdue = client.get("/api/programs/tasks", {"overdue": True}, **token).json()["items"]
    assert [t["title"] for t in overdue] == ["Trễ"]
