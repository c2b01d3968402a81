"""Fixtures shared by every app's tests: a small geography and users per role."""

import datetime as dt
import itertools

import pytest
from django.conf import settings

from giamngheo.accounts.models import AreaAssignment, Role, User
from giamngheo.areas.models import AdminUnit, AreaType, Era, Level

# A key of the tests' own: a web entry (giamngheo.wsgi) refuses the unset placeholder.
settings.SECRET_KEY = "tests-only-key-" + "0123456789abcdef" * 4


def make_unit(code: str, name: str, level: str, parent: AdminUnit | None = None, **extra) -> AdminUnit:
    province = None if parent is None else (parent if parent.level == Level.PROVINCE else parent.province)
    defaults = {
        "short_name": name.split(" ", 1)[-1],
        "kind": name.split(" ", 1)[0],
        "era": Era.CURRENT,
        "valid_from": dt.date(2025, 7, 1),
    }
    return AdminUnit.objects.create(
        code=code, name=name, level=level, parent=parent, province=province, **(defaults | extra)
    )


@pytest.fixture
def geography(db):
    """Two provinces; the first has two communes (one rural, one urban) and a village."""
    p1 = make_unit("56", "Tỉnh Khánh Hòa", Level.PROVINCE)
    p2 = make_unit("15", "Tỉnh Lào Cai", Level.PROVINCE)
    c1 = make_unit("22402", "Xã Phước Hà", Level.COMMUNE, p1, area_type=AreaType.RURAL)
    c2 = make_unit("22333", "Phường Phan Rang", Level.COMMUNE, p1, area_type=AreaType.URBAN)
    c3 = make_unit("02716", "Xã Bát Xát", Level.COMMUNE, p2, area_type=AreaType.RURAL)
    v1 = make_unit("22402-01", "Thôn Một", Level.VILLAGE, c1, kind="Thôn", area_type=AreaType.RURAL)
    return {
        "province": p1,
        "other_province": p2,
        "commune": c1,
        "urban": c2,
        "other_commune": c3,
        "village": v1,
    }


@pytest.fixture
def make_user(db):
    def make(username: str, role: str = Role.COMMUNE_OFFICER, *units: AdminUnit) -> User:
        user = User.objects.create_user(username=username, password="mat-khau-thu-nghiem", role=role)
        for unit in units:
            AreaAssignment.objects.create(user=user, unit=unit)
        return user

    return make


@pytest.fixture(autouse=True)
def own_scorecard_tables(tmp_path_factory):
    """Each test starts on the shipped (placeholder) B1 tables: official tables it loads are
    kept in a folder of its own, never seen by another test."""
    from giamngheo.standards.engine.catalogue import use_scorecard_dir

    previous = use_scorecard_dir(tmp_path_factory.getbasetemp() / "scorecards" / str(next(_TABLE_DIRS)))
    yield
    use_scorecard_dir(previous)


_TABLE_DIRS = itertools.count()


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background jobs run inline in tests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def surveyed(db):
    """Make a household with one submitted survey; member answers default to a deprivation-free adult."""
    from giamngheo.households.models import Household, Member, Survey, SurveyMember

    counter = iter(range(1, 10_000))

    def make(commune: AdminUnit, income: int, *, survey_date=dt.date(2024, 10, 1), members=None, **answers):
        n = next(counter)
        household = Household.objects.create(
            code=f"{commune.code}-{n:05d}",
            province=commune.province,
            commune=commune,
            head_name=f"Chủ hộ {n}",
        )
        members = members or [{"age": 40}]
        survey_answers = {
            "area": commune.area_type or "rural",
            "members": len(members),
            "income_per_capita_month": income,
            "floor_area_m2": 30.0 * len(members),
            "water_source": "piped",
            "latrine": "septic",
            "uses_internet": True,
            "has_phone_subscription": True,
            "has_tv": True,
        } | answers
        survey = Survey.objects.create(
            household=household, survey_date=survey_date, state="submitted", **survey_answers
        )
        for i, member_answers in enumerate(members):
            age = member_answers.get("age", 40)
            member = Member.objects.create(
                household=household,
                full_name=f"Thành viên {n}-{i}",
                birth_date=dt.date(survey_date.year - age, 1, 1),
                sex=member_answers.get("sex", "male"),
                relation="head" if i == 0 else "child",
            )
            defaults = {
                "age": age,
                "sex": "male",
                "has_health_insurance": True,
                "schooling": "not_attending",
                "qualification": "upper_secondary",
                "employment": "contract" if 16 <= age < 60 else "not_working",
            }
            if 3 <= age < 16:
                defaults |= {"schooling": "right_level", "qualification": "primary"}
            SurveyMember.objects.create(survey=survey, member=member, **(defaults | member_answers))
        return household

    return make
