import datetime as dt
import uuid

import pytest

from giamngheo.accounts.models import Role
from giamngheo.fieldwork import package

SURVEY_DATE = dt.date(2025, 10, 2)


@pytest.fixture
def village_household(geography, surveyed):
    """A household of Thôn Một with two members and a submitted survey of 1 October 2024."""
    household = surveyed(geography["commune"], 3_000_000, members=[{"age": 40}, {"age": 10}])
    household.village = geography["village"]
    household.save()
    return household


@pytest.fixture
def collaborator(make_user, geography):
    return make_user("ctv", Role.VILLAGE_COLLABORATOR, geography["village"])


def submission(household, user=None, **changes) -> dict:
    """What the phone sends for `household`, built from the package the phone downloaded."""
    entry = next(
        e for e in package.field_package(user, today=SURVEY_DATE)["households"] if e["id"] == household.pk
    )
    previous = entry["previous"]
    payload = {
        "client_key": str(uuid.uuid4()),
        "household_id": household.pk,
        "survey_date": SURVEY_DATE.isoformat(),
        "base_stamp": entry["stamp"],
        "household": dict(previous["household"]),
        "members": {key: dict(values) for key, values in previous["members"].items()},
    }
    for name, value in changes.items():
        payload["household"][name] = value
    return payload
