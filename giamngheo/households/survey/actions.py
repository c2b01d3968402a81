"""Survey writes: start a draft, save answers, submit (then classify), correct.

A submitted survey never changes; a correction is a new version that points to
the one it corrects and carries the reason. Every write is recorded by
django-simple-history with the user who made it.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from giamngheo.areas.scope import unit_in_scope
from giamngheo.households.events import survey_submitted
from giamngheo.households.models import (
    POVERTY_FACT_FIELDS,
    Household,
    MemberStatus,
    Survey,
    SurveyMember,
    SurveyState,
)

# Answers only form B1 (income estimated by score) asks.
B1_FIELDS = [
    "has_fridge", "has_air_conditioner", "has_washing_machine", "has_car", "motorbikes", "electricity_kwh_month",
    "farm_land_m2", "large_livestock",
]  # fmt: skip
HOUSEHOLD_FIELDS = [
    "area", "members", "income_per_capita_month", "score", "floor_area_m2", "has_dwelling", "durable_walls",
    "durable_columns", "durable_roof", "water_source", "latrine", "uses_internet", "has_phone_subscription",
    "has_tv", "has_radio", "has_computer", "has_smartphone", "has_tablet", "hears_loudspeaker", "waste_treated",
    *B1_FIELDS,
    *POVERTY_FACT_FIELDS,
]  # fmt: skip
MEMBER_FIELDS = [
    "age", "sex", "has_health_insurance", "schooling", "qualification", "employment",
    "severe_disability", "malnourished", "ill_untreated", "social_allowance", "employer_certified_training",
]  # fmt: skip


def _check_can_write(household: Household, user) -> None:
    if not (user.can_write and unit_in_scope(household.village or household.commune, user)):
        raise PermissionDenied("Bạn không có quyền ghi phiếu khảo sát của hộ này.")


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def start_survey(household: Household, user, survey_date: dt.date) -> Survey:
    """A draft for the household's present members, prefilled from its latest survey."""
    _check_can_write(household, user)
    previous = household.surveys.order_by("-survey_date", "-version").first()
    present = household.members.filter(status=MemberStatus.PRESENT).order_by("pk")
    with transaction.atomic():
        survey = Survey(household=household, survey_date=survey_date, state=SurveyState.DRAFT)
        for name in HOUSEHOLD_FIELDS:
            if previous is not None:
                setattr(survey, name, getattr(previous, name))
        survey.area = survey.area or (household.commune.area_type or "rural")
        survey.members = present.count() or 1
        survey.water_source = survey.water_source or "piped"
        survey.latrine = survey.latrine or "septic"
        survey._history_user = user
        survey.save()
        earlier = {a.member_id: a for a in previous.member_answers.all()} if previous else {}
        for member in present:
            answer = SurveyMember(survey=survey, member=member, sex=member.sex)
            if member.pk in earlier:
                for name in MEMBER_FIELDS:
                    setattr(answer, name, getattr(earlier[member.pk], name))
            answer.age = age_on(member.birth_date, survey_date)
            answer._history_user = user
            answer.save()
    return survey


def save_answers(survey: Survey, user, household_answers: dict, member_answers: dict[int, dict]) -> Survey:
    """Store answers on a draft. `member_answers` is keyed by SurveyMember id."""
    _check_can_write(survey.household, user)
    if survey.is_submitted:
        raise ValidationError("Phiếu đã nộp không được sửa; hãy tạo phiếu đính chính.")
    with transaction.atomic():
        for name, value in household_answers.items():
            if name in HOUSEHOLD_FIELDS:
                setattr(survey, name, value)
        survey.members = survey.member_answers.count() or survey.members
        survey.full_clean()
        survey._history_user = user
        survey.save()
        changed = []
        for answer in survey.member_answers.all():
            given = {n: v for n, v in member_answers.get(answer.pk, {}).items() if n in MEMBER_FIELDS}
            if all(getattr(answer, name) == value for name, value in given.items()):
                continue  # nothing to write, nothing to audit
            for name, value in given.items():
                setattr(answer, name, value)
            # The row's survey and member do not change: their existence and uniqueness hold.
            answer.full_clean(exclude=["survey", "member"], validate_unique=False, validate_constraints=False)
            changed.append(answer)
        # One UPDATE and one history INSERT for all the members, whatever their number.
        bulk_update_with_history(changed, SurveyMember, MEMBER_FIELDS, default_user=user)
    return survey


def submit_survey(survey: Survey, user):
    """Submit a draft: it becomes immutable, and the apps listening for submitted surveys act on
    it (the standards app classifies it, which sets the household's current status). Returns the
    classification that submission produced."""
    _check_can_write(survey.household, user)
    if survey.is_submitted:
        raise ValidationError("Phiếu này đã được nộp.")
    if not survey.member_answers.exists():
        raise ValidationError("Phiếu chưa có thành viên nào; hãy bổ sung thành viên của hộ trước khi nộp.")
    with transaction.atomic():
        survey.state = SurveyState.SUBMITTED
        survey.submitted_at = timezone.now()
        survey.submitted_by = user
        survey._history_user = user
        survey.save()
        survey_submitted.send(sender=Survey, survey=survey, user=user)
    return survey.results().order_by("-pk").first()


def correct_survey(survey: Survey, user, reason: str) -> Survey:
    """A new draft version of a submitted survey, with the reason for correcting it."""
    _check_can_write(survey.household, user)
    if not survey.is_submitted:
        raise ValidationError("Chỉ đính chính phiếu đã nộp; phiếu nháp có thể sửa trực tiếp.")
    if not reason.strip():
        raise ValidationError({"correction_reason": "Phải ghi lý do đính chính."})
    latest = survey.household.surveys.filter(survey_date=survey.survey_date).order_by("-version").first()
    with transaction.atomic():
        correction = Survey(
            household=survey.household,
            survey_date=survey.survey_date,
            version=latest.version + 1,
            corrects=survey,
            correction_reason=reason.strip(),
            state=SurveyState.DRAFT,
            **{name: getattr(survey, name) for name in HOUSEHOLD_FIELDS},
        )
        correction._history_user = user
        correction.save()
        for answer in survey.member_answers.all():
            copy = SurveyMember(
                survey=correction, member=answer.member, **{n: getattr(answer, n) for n in MEMBER_FIELDS}
            )
            copy._history_user = user
            copy.save()
    return correction
