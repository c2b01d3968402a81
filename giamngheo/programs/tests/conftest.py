"""Fixtures of the programs tests: the shipped catalogue, plain households with
members and statuses (no surveys needed: eligibility reads the current status), and
official classifications at chosen dates."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from giamngheo.accounts.models import Role
from giamngheo.households.models import Household, Member
from giamngheo.households.tests.statuses import set_status
from giamngheo.programs.loading import DATA_DIR, LoadReport, load_policies, load_projects, read_data
from giamngheo.programs.models import Policy
from giamngheo.targets.tests.conftest import legacy_world  # noqa: F401 (fixture)

REFERENCE = dt.date(2026, 6, 15)


@pytest.fixture
def catalogue(db) -> dict[str, Policy]:
    report = LoadReport()
    load_projects(read_data("ntp_2021_2025.yaml", DATA_DIR), report)
    load_policies(read_data("policies.yaml", DATA_DIR), report)
    return {p.code: p for p in Policy.objects.all()}


@pytest.fixture
def household(db):
    """household(commune, status, ages=[40], **flags): a household with members of these
    ages at REFERENCE (born exactly that many years before, plus `days` extra)."""
    counter = itertools.count(1)

    def make(commune, status="poor", ages=(40,), *, village=None, names=None, cccds=None, born=None, **flags):
        n = next(counter)
        h = Household.objects.create(
            code=f"H{commune.code}-{n:04d}",
            province=commune.province,
            commune=commune,
            village=village,
            head_name=(names or [f"Chủ hộ {n}"])[0],
            **flags,
        )
        if status:
            set_status(h, status)
        births = born or [REFERENCE.replace(year=REFERENCE.year - age) for age in ages]
        for i, birth in enumerate(births):
            Member.objects.create(
                household=h,
                full_name=(names[i] if names else f"Người {n}-{i}"),
                birth_date=birth,
                sex="male",
                relation="head" if i == 0 else "child",
                cccd=(cccds[i] if cccds else ""),
            )
        return h

    return make


@pytest.fixture
def officially(db):
    """officially(household, status, on=date): an official classification recorded that day."""
    from giamngheo.households.models import Survey
    from giamngheo.standards.models import Classification

    def make(household, status, on: dt.date):
        survey = household.surveys.first() or Survey.objects.create(
            household=household,
            survey_date=on,
            state="submitted",
            area="rural",
            members=1,
            income_per_capita_month=1_000_000,
            water_source="piped",
            latrine="septic",
        )
        row = Classification.objects.create(
            survey=survey,
            household=household,
            province=household.province,
            commune=household.commune,
            official=True,
            standard_id="2022-2025",
            engine_version="test",
            status=status,
            income_line=1_500_000,
            deprivation_count=0,
            reason_text="thử nghiệm",
        )
        at = timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))
        Classification.objects.filter(pk=row.pk).update(created_at=at)
        return row

    return make


@pytest.fixture
def province_officer(make_user, geography):
    return make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])


@pytest.fixture
def commune_officer(make_user, geography):
    return make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
