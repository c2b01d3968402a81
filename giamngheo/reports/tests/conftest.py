"""Official classifications made directly (plain rows), so these tests do not depend
on the engine; one test also goes through a real classification run."""

import datetime as dt

import pytest
from django.utils import timezone

from giamngheo.reports.summaries import refresh_commune_summary
from giamngheo.reports.tests.official_fixtures import reviewed_province  # noqa: F401 (a fixture)
from giamngheo.standards.models import Classification
from giamngheo.targets.tests.test_progress_report import commune_plan  # noqa: F401 (a fixture)


@pytest.fixture
def classify(db):
    """classify(household, status, deprived=..., standard=..., official=..., at=...) adds a
    classification of the household's latest survey."""
    clock = iter(range(1, 100_000))

    def make(household, status, *, deprived=(), standard="2022-2025", official=True, at=None, survey=None):
        survey = survey or household.surveys.order_by("-survey_date", "-version").first()
        created = at or timezone.make_aware(dt.datetime(2025, 1, 1)) + dt.timedelta(seconds=next(clock))
        row = Classification.objects.create(
            survey=survey,
            household=household,
            province=household.province,
            commune=household.commune,
            official=official,
            standard_id=standard,
            engine_version="test",
            status=status,
            income_line=1_500_000,
            deprivation_count=len(deprived),
            deprived=";".join(deprived),
            reason_text="thử nghiệm",
        )
        Classification.objects.filter(pk=row.pk).update(created_at=created)
        return row

    return make


@pytest.fixture
def resurvey(db):
    """Add another submitted survey (e.g. the previous year's) to a household."""
    from giamngheo.households.models import Survey

    def make(household, survey_date, members=1):
        first = household.surveys.first()
        return Survey.objects.create(
            household=household,
            survey_date=survey_date,
            state="submitted",
            area=first.area,
            members=members,
            income_per_capita_month=first.income_per_capita_month,
            water_source=first.water_source,
            latrine=first.latrine,
        )

    return make


@pytest.fixture
def province_2024(geography, surveyed, classify):
    """Both communes of the first province, and one of the other province, classified in 2024."""
    plan = {
        "commune": [
            ("poor", ("water", "latrine", "telecom")),
            ("poor", ("water",)),
            ("near_poor", ()),
            ("not_poor", ()),
        ],
        "urban": [
            ("poor", ("telecom",)),
            ("near_poor", ("water",)),
            ("average", ()),
            ("not_poor", ()),
            ("not_poor", ()),
        ],
        "other_commune": [("poor", ("water",)), ("poor", ())],
    }
    for key, rows in plan.items():
        for i, (status, deprived) in enumerate(rows):
            household = surveyed(geography[key], 1_000_000, members=[{"age": 40}] * (i + 1))
            if i == 0:
                household.ethnic_minority = True
                household.save()
            classify(household, status, deprived=deprived)
        refresh_commune_summary(geography[key].pk, 2024)
    return plan
