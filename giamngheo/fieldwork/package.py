"""What a collaborator's phone downloads: the households of their area, their present
members, each household's latest answers (to prefill a new survey) and its open draft,
with a stamp that tells the sync whether the server changed since the download."""

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import scoped, scoped_units
from giamngheo.households.models import Household, Member, MemberStatus, Survey, SurveyState
from giamngheo.households.survey.actions import HOUSEHOLD_FIELDS, MEMBER_FIELDS, age_on
from giamngheo.reviews.models import Round, RoundKind, RoundStatus

MAX_HOUSEHOLDS = 5000


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def survey_answers(survey: Survey) -> dict[str, Any]:
    """A survey's answers keyed as the device keeps them (members by member id)."""
    return {
        "id": survey.pk,
        "survey_date": survey.survey_date.isoformat(),
        "version": survey.version,
        "state": survey.state,
        "household": {name: _plain(getattr(survey, name)) for name in HOUSEHOLD_FIELDS if name != "members"},
        "members": {
            str(a.member_id): {name: _plain(getattr(a, name)) for name in MEMBER_FIELDS}
            for a in survey.member_answers.all()
        },
    }


def household_stamp(latest: Survey | None, member_ids: list[int]) -> str:
    """Changes whenever the household's latest survey or its present members change."""
    content = {"members": sorted(member_ids), "survey": survey_answers(latest) if latest else None}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:20]


def latest_survey(household: Household) -> Survey | None:
    return household.surveys.order_by("-survey_date", "-version", "-pk").first()


def current_stamp(household: Household) -> str:
    present = household.members.filter(status=MemberStatus.PRESENT).values_list("pk", flat=True)
    return household_stamp(latest_survey(household), list(present))


def review_year(commune_id: int, today: dt.date) -> int:
    """The year of the commune's open periodic round, else this year."""
    open_round = Round.objects.filter(
        commune_id=commune_id, kind=RoundKind.PERIODIC, status=RoundStatus.OPEN
    ).order_by("-year")
    return open_round.values_list("year", flat=True).first() or today.year


def closed_round_reason(household: Household, survey_date: dt.date) -> str:
    """Why a survey of that date can no longer be taken for the household, or ''."""
    rounds = Round.objects.filter(
        commune_id=household.commune_id, year=survey_date.year, kind=RoundKind.PERIODIC
    )
    statuses = set(rounds.values_list("status", flat=True))
    if statuses and RoundStatus.OPEN not in statuses:
        return f"Đợt rà soát năm {survey_date.year} của xã đã kết thúc; không nhận thêm phiếu khảo sát."
    return ""


def _households(user, village_id: int | None):
    households = scoped(Household.objects.filter(is_active=True), user).select_related("village", "current")
    if village_id:
        households = households.filter(village_id=village_id)
    present = Member.objects.filter(status=MemberStatus.PRESENT).order_by("pk")
    surveys = Survey.objects.order_by("-survey_date", "-version", "-pk").prefetch_related("member_answers")
    return households.order_by("village_id", "code").prefetch_related(
        Prefetch("members", queryset=present, to_attr="present"),
        Prefetch("surveys", queryset=surveys, to_attr="ordered_surveys"),
    )


def household_entry(household: Household, today: dt.date, year: int) -> dict[str, Any]:
    surveys = household.ordered_surveys
    latest = surveys[0] if surveys else None
    submitted = next((s for s in surveys if s.state == SurveyState.SUBMITTED), None)
    member_ids = [m.pk for m in household.present]
    return {
        "id": household.pk,
        "code": household.code,
        "head_name": household.head_name,
        "address": household.address,
        "village_id": household.village_id,
        "status": household.get_current_status_display() if household.current_status else "",
        "due": not any(s.state == SurveyState.SUBMITTED and s.survey_date.year == year for s in surveys),
        "stamp": household_stamp(latest, member_ids),
        "members": [
            {
                "id": m.pk,
                "full_name": m.full_name,
                "sex": m.sex,
                "sex_label": m.get_sex_display(),
                "relation": m.get_relation_display(),
                "age": age_on(m.birth_date, today),
                "birth_date": m.birth_date.isoformat(),
            }
            for m in household.present
        ],
        "previous": survey_answers(submitted) if submitted else None,
        "open_survey": survey_answers(latest) if latest and latest.state == SurveyState.DRAFT else None,
    }


def field_package(user, village_id: int | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the phone needs to work without a network, limited to the user's area."""
    today = today or dt.date.today()
    households = _households(user, village_id)
    if households.count() > MAX_HOUSEHOLDS:
        raise ValidationError(
            f"Địa bàn có hơn {MAX_HOUSEHOLDS:,} hộ, quá lớn để tải về điện thoại; hãy chọn một thôn.".replace(
                ",", "."
            )
        )
    villages = scoped_units(AdminUnit.objects.filter(level=Level.VILLAGE), user)
    years: dict[int, int] = {}
    entries = []
    for household in households:
        if household.commune_id not in years:
            years[household.commune_id] = review_year(household.commune_id, today)
        entries.append(household_entry(household, today, years[household.commune_id]))
    village_ids = {e["village_id"] for e in entries}
    return {
        "user": {"id": user.pk, "name": user.get_full_name() or user.username},
        "downloaded_at": dt.datetime.now(dt.UTC).isoformat(),
        "today": today.isoformat(),
        "villages": [
            {"id": v.pk, "name": v.name}
            for v in villages.filter(pk__in=[i for i in village_ids if i]).order_by("name")
        ]
        + ([{"id": None, "name": "Chưa gán thôn"}] if None in village_ids else []),
        "households": entries,
    }
