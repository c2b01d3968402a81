"""Step 3: the village meeting."""

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from giamngheo.areas.models import AdminUnit
from giamngheo.households.models import Status
from giamngheo.reviews import documents
from giamngheo.reviews.actions._common import _check_current_step, _save, _today
from giamngheo.reviews.models import (
    MeetingOutcome,
    MeetingResult,
    Round,
    RoundHousehold,
    ScreenResult,
    VillageMeeting,
)
from giamngheo.reviews.permissions import check_round
from giamngheo.reviews.steps import StepCode
from giamngheo.reviews.workdays import meeting_agrees


def record_meeting(
    round_: Round,
    user,
    *,
    held_on: dt.date,
    attendance: int,
    village: AdminUnit | None = None,
    votes: Mapping[int, int] | None = None,
    overrides: Mapping[int, tuple[str, str]] | None = None,
    chaired_by: str = "",
    note: str = "",
    minutes=None,
) -> VillageMeeting:
    """Step 3: the meeting's vote on each household of the village still waiting for one.

    `votes` maps a household id to the number of attendees who agreed (a household not in it
    was agreed by everyone); `overrides` maps a household id to (class decided by the meeting,
    reason). A household without the majority set in `review_calendar.yaml` goes back to the survey."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.MEETING)
    votes, overrides = dict(votes or {}), dict(overrides or {})
    if attendance < 1:
        raise ValidationError("Số người tham dự phải lớn hơn 0.")
    if held_on > _today():
        raise ValidationError("Ngày họp không được sau ngày hôm nay.")
    if village is not None and village.parent_id != round_.commune_id:
        raise ValidationError("Thôn/tổ không thuộc xã/phường của đợt rà soát.")
    waiting = round_.households.exclude(screen_result=ScreenResult.EXCLUDED).exclude(
        meeting_outcome=MeetingOutcome.AGREED
    )
    if village is not None:
        waiting = waiting.filter(household__village=village)
    entries = list(waiting.select_related("household"))
    if not entries:
        raise ValidationError("Không còn hộ nào chờ họp thôn ở địa bàn này.")
    _check_votes({e.household_id: e for e in entries}, votes, overrides, attendance)
    unclassified = [e for e in entries if not e.computed_status]
    if unclassified:
        raise ValidationError(f"Còn {len(unclassified)} hộ chưa có kết quả phân loại để đưa ra họp.")

    stored = documents.store(minutes, round_.year) if minutes else None
    try:
        with transaction.atomic():
            meeting = _save(
                VillageMeeting(
                    round=round_,
                    village=village,
                    held_on=held_on,
                    attendance=attendance,
                    chaired_by=chaired_by.strip(),
                    note=note.strip(),
                    recorded_by=user,
                    **_minutes_fields(stored),
                ),
                user,
            )
            results = []
            for entry in entries:
                agreed = votes.get(entry.household_id, attendance)
                proposed, reason = overrides.get(entry.household_id, (entry.computed_status, ""))
                outcome = (
                    MeetingOutcome.AGREED if meeting_agrees(agreed, attendance) else MeetingOutcome.SENT_BACK
                )
                results.append(
                    MeetingResult(
                        meeting=meeting,
                        round_household=entry,
                        computed_status=entry.computed_status,
                        proposed_status=proposed,
                        override_reason=reason.strip(),
                        agreed=agreed,
                        not_agreed=attendance - agreed,
                        outcome=outcome,
                    )
                )
                entry.meeting_outcome = outcome
                if outcome == MeetingOutcome.AGREED:
                    entry.meeting_status = proposed if proposed != entry.computed_status else ""
                    entry.final_status = proposed
            bulk_create_with_history(results, MeetingResult, default_user=user)
            RoundHousehold.objects.bulk_update(entries, ["meeting_outcome", "meeting_status", "final_status"])
    except BaseException:
        if stored is not None:
            documents.remove(stored.name)
        raise
    return meeting


def _minutes_fields(stored: documents.StoredFile | None) -> dict:
    if stored is None:
        return {}
    return {"minutes": stored.name, "minutes_name": stored.original_name, "minutes_type": stored.content_type}


def _check_votes(
    by_household: Mapping[int, RoundHousehold],
    votes: Mapping[int, int],
    overrides: Mapping[int, tuple[str, str]],
    attendance: int,
) -> None:
    unknown = (set(votes) | set(overrides)) - set(by_household)
    if unknown:
        raise ValidationError("Có hộ không thuộc danh sách chờ họp của thôn này.")
    for household_id, agreed in votes.items():
        if not 0 <= agreed <= attendance:
            raise ValidationError(
                f"Số người đồng ý của hộ {by_household[household_id].household.head_name} "
                f"phải từ 0 đến {attendance}."
            )
    for household_id, (status, reason) in overrides.items():
        if status not in Status.values:
            raise ValidationError("Phân loại do cuộc họp quyết định không hợp lệ.")
        if not reason.strip():
            raise ValidationError(
                f"Phải ghi lý do điều chỉnh phân loại của hộ {by_household[household_id].household.head_name}."
            )
