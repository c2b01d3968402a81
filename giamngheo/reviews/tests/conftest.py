"""A commune with households of every class, officers, and helpers that walk a round forward."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from giamngheo.accounts.models import Role
from giamngheo.households.models import Household, Member
from giamngheo.households.tests.statuses import set_status
from giamngheo.reviews import actions, queries
from giamngheo.reviews.models import Round, TeamRole
from giamngheo.reviews.steps import StepCode

DEPRIVED_3 = {"water_source": "surface", "latrine": "none", "uses_internet": False}
YEAR = 2024
STANDARD = "2022-2025"
SECRET_CCCD = "056080001234"
SECRET_BIRTH = dt.date(1971, 3, 17)
SECRET_INCOME = 1_234_567


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def officers(geography, make_user):
    return {
        "province": make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]),
        "commune": make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]),
        "urban": make_user("phuong", Role.COMMUNE_OFFICER, geography["urban"]),
        "other": make_user("xakhac", Role.COMMUNE_OFFICER, geography["other_commune"]),
    }


@pytest.fixture
def households(geography, surveyed):
    """Households of the rural commune: one per class, plus one poor last year that escapes."""
    commune, village = geography["commune"], geography["village"]
    made = {
        "poor": surveyed(commune, SECRET_INCOME, **DEPRIVED_3),
        "near_poor": surveyed(commune, 1_200_000),
        "average": surveyed(commune, 2_000_000),
        "not_poor": surveyed(commune, 5_000_000),
        "escaping": surveyed(commune, 5_000_000),
    }
    set_status(made["escaping"], "poor")
    for household in made.values():
        household.village = village
        household.save()
    Member.objects.filter(household=made["poor"]).update(cccd=SECRET_CCCD, birth_date=SECRET_BIRTH)
    return made


@pytest.fixture
def urban_household(geography, surveyed):
    return surveyed(geography["urban"], 5_000_000)


@pytest.fixture
def province_round(geography, officers, households, urban_household) -> Round:
    return actions.open_province_round(
        geography["province"], YEAR, officers["province"], standard_id=STANDARD
    )


@pytest.fixture
def round_(province_round, geography) -> Round:
    """The rural commune's round of the province round."""
    return commune_round(province_round, geography["commune"])


def commune_round(province_round: Round, commune) -> Round:
    return province_round.children.get(commune=commune)


def step(round_: Round, code: str):
    return round_.steps.get(code=code)


def fingerprint() -> tuple:
    """Row counts of every review table (and its history) and the steps' states."""
    models = apps.get_app_config("reviews").get_models()
    counts = tuple((m._meta.label, m.objects.count()) for m in models)
    steps = tuple(apps.get_model("reviews.RoundStep").objects.order_by("pk").values_list("status", "done_at"))
    statuses = tuple(Household.objects.order_by("pk").values_list("current__status", flat=True))
    return counts, steps, statuses


def refused(call, *args, message: str, **kwargs) -> None:
    before = fingerprint()
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    assert message in " ".join(error.value.messages)
    assert fingerprint() == before


def form_team(round_: Round, user) -> None:
    """The smallest team that lets preparation end: a chair, and a reviewer for every village."""
    actions.add_team_member(
        round_, user, full_name="Nguyễn Văn An", role=TeamRole.CHAIR, position="Phó Chủ tịch UBND xã"
    )
    actions.add_team_member(
        round_, user, full_name="Trần Thị Bích", role=TeamRole.REVIEWER, villages=queries.villages_of(round_)
    )


def prepare(round_: Round, user) -> None:
    """Form the team and complete the preparation step."""
    form_team(round_, user)
    actions.complete_step(step(round_, StepCode.PREPARE), user)


def walk_to_meeting(round_: Round, user) -> None:
    """Prepare, list and classify: the round waits for its village meeting."""
    prepare(round_, user)
    actions.list_round_households(round_, user)
    actions.complete_step(step(round_, StepCode.LIST), user)
    actions.classify_round(round_, user)
    actions.complete_step(step(round_, StepCode.SURVEY), user)


def walk_to_posting(round_: Round, user) -> None:
    """Prepare, list, classify and hold one meeting where everybody agrees."""
    walk_to_meeting(round_, user)
    actions.record_meeting(round_, user, held_on=timezone.localdate(), attendance=30)
    actions.complete_step(step(round_, StepCode.MEETING), user)


def walk_to_decision(round_: Round, user, posted_days_ago: int = 20) -> None:
    walk_to_posting(round_, user)
    actions.post_preliminary_lists(
        round_, user, starts_on=timezone.localdate() - dt.timedelta(days=posted_days_ago)
    )
    actions.complete_step(step(round_, StepCode.POSTING), user)
    actions.complete_step(step(round_, StepCode.COMPLAINTS), user)


def decide(round_: Round, user):
    return actions.issue_decision(
        round_, user, number="15/QĐ-UBND", signed_on=timezone.localdate(), signer="Nguyễn Văn Bình",
        placeholder_acknowledged_by="Nguyễn Văn Bình",
    )  # fmt: skip
