"""Read-side helpers for the registry pages and exports; all go through the area scope."""

from dataclasses import dataclass

from django.db.models import QuerySet

from giamngheo.areas.scope import scoped
from giamngheo.core.text import fold
from giamngheo.households.models import HOUSEHOLD_FLAGS, Household, Status, Survey, SurveyState

SORTS = {
    "code": "code",
    "-code": "-code",
    "head": "head_name",
    "-head": "-head_name",
    "commune": "commune__code",
    "status": "current__status",
}
FLAGS = HOUSEHOLD_FLAGS


@dataclass(frozen=True)
class HouseholdFilter:
    q: str = ""
    commune: int | None = None
    village: int | None = None
    status: str = ""
    flags: tuple[str, ...] = ()
    active: bool = True
    sort: str = "code"


def household_list(user, criteria: HouseholdFilter) -> QuerySet:
    """Households the user may see, filtered and sorted; search ignores case and diacritics
    and matches the head's or a member's name, a CCCD, the address or the code."""
    households = scoped(Household.objects.select_related("commune", "village", "current"), user)
    households = households.filter(is_active=criteria.active)
    if criteria.q:
        households = households.filter(search_text__contains=fold(criteria.q))
    if criteria.commune:
        households = households.filter(commune_id=criteria.commune)
    if criteria.village:
        households = households.filter(village_id=criteria.village)
    if criteria.status:
        households = households.filter(current__status=criteria.status)
    for flag in criteria.flags:
        if flag in FLAGS:
            households = households.filter(**{flag: True})
    return households.order_by(SORTS.get(criteria.sort, "code"), "pk")


def household_detail(user, pk: int) -> Household:
    """The household if the user may see it; raises Household.DoesNotExist otherwise."""
    return scoped(Household.objects.select_related("province", "commune", "village", "current"), user).get(
        pk=pk
    )


def mask_cccd(cccd: str, user) -> str:
    """Leaders and village collaborators see only the last four digits."""
    if not cccd or user.sees_everything or user.role in ("province_officer", "commune_officer"):
        return cccd
    return "•" * 8 + cccd[-4:]


@dataclass(frozen=True)
class PovertyFacts:
    survey: Survey
    causes: list[str]
    not_counted: bool


def poverty_facts(household: Household, surveys: list[Survey] | None = None) -> PovertyFacts | None:
    """The causes of poverty and wish to escape of the household's latest submitted survey.
    Causes ticked for a household that is not poor or near-poor are kept but not counted.
    `surveys`, when the page has them already, are the household's surveys, latest first."""
    if surveys is None:
        submitted = household.surveys.filter(state=SurveyState.SUBMITTED)
        survey = submitted.order_by("-survey_date", "-version").first()
    else:
        survey = next((s for s in surveys if s.state == SurveyState.SUBMITTED), None)
    if survey is None or not (survey.causes or survey.wishes_to_escape):
        return None
    counted = household.current_status in (Status.POOR, Status.NEAR_POOR)
    return PovertyFacts(survey, survey.causes, bool(survey.causes) and not counted)
