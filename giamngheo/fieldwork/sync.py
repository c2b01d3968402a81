"""Applying a survey sent from a device: idempotent by its client key, refused with a
reason when the household left the sender's area or the round closed, held as a
conflict when the server's survey changed since the download, and otherwise written
through the survey actions (which record who changed what)."""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from giamngheo.areas.scope import scoped
from giamngheo.fieldwork import package
from giamngheo.fieldwork.models import Outcome, Submission
from giamngheo.fieldwork.questionnaire import clean_answers, standard_on
from giamngheo.households.models import Household, MemberStatus, Survey, SurveyState
from giamngheo.households.survey import actions


class Refused(Exception):
    """A submission that cannot be applied, with the Vietnamese reason."""


def result_of(submission: Submission) -> dict[str, Any]:
    payload = submission.payload or {}
    result = {
        "client_key": str(submission.client_key),
        "outcome": submission.outcome,
        "reason": submission.reason,
        "survey_id": submission.survey_id,
    }
    result.update(payload.get("_result", {}))
    return result


def _household(user, payload: dict) -> Household:
    household = Household.objects.filter(pk=payload.get("household_id")).first()
    if household is None or not scoped(Household.objects.filter(pk=household.pk), user).exists():
        raise Refused("Hộ không còn thuộc địa bàn của bạn; phiếu được giữ trên máy để xuất ra.")
    if not household.is_active:
        raise Refused("Hộ đã ngừng theo dõi (đã nhập hộ khác hoặc chuyển đi); phiếu được giữ trên máy.")
    return household


def _survey_date(payload: dict) -> dt.date:
    try:
        return dt.date.fromisoformat(str(payload.get("survey_date", "")))
    except ValueError as error:
        raise Refused("Ngày khảo sát không hợp lệ (cần dạng năm-tháng-ngày).") from error


def _checked(household: Household, payload: dict, survey_date: dt.date) -> tuple[dict, dict[int, dict]]:
    present = {str(m.pk): m for m in household.members.filter(status=MemberStatus.PRESENT)}
    sent = payload.get("members") or {}
    unknown = [key for key in sent if key not in present]
    if unknown:
        raise Refused("Phiếu có thành viên không còn sinh sống trong hộ; hãy tải lại dữ liệu hộ.")
    names = {key: m.full_name for key, m in present.items()}
    standard = standard_on(survey_date)
    answers, members, errors = clean_answers(standard, payload.get("household") or {}, sent, names)
    if errors:
        raise Refused("; ".join(errors))
    return answers, {int(key): values for key, values in members.items()}


def _target_survey(household: Household, user, survey_date: dt.date) -> Survey:
    """The draft the answers go into: the open draft, a correction of a submitted survey of the
    same date, or a new survey."""
    latest = package.latest_survey(household)
    if latest is not None and latest.state == SurveyState.DRAFT:
        return latest
    if latest is not None and latest.survey_date == survey_date:
        return actions.correct_survey(latest, user, "Đính chính từ phiếu gửi bằng điện thoại.")
    return actions.start_survey(household, user, survey_date)


def _apply(user, household: Household, payload: dict, survey_date: dt.date) -> tuple[Survey, dict]:
    answers, members = _checked(household, payload, survey_date)
    with transaction.atomic():
        survey = _target_survey(household, user, survey_date)
        if survey.survey_date != survey_date:
            survey.survey_date = survey_date
        by_member = {a.member_id: a.pk for a in survey.member_answers.all()}
        actions.save_answers(
            survey, user, answers, {by_member[k]: v for k, v in members.items() if k in by_member}
        )
        outcome: dict[str, Any] = {}
        if payload.get("final", True):
            classification = actions.submit_survey(survey, user)
            outcome = {"status": classification.get_status_display(), "reasons": classification.reason}
    outcome["stamp"] = package.current_stamp(household)
    return survey, outcome


def _record(user, key: uuid.UUID, payload: dict, **fields) -> Submission:
    submission, _created = Submission.objects.update_or_create(
        client_key=key, defaults={"user": user, "payload": payload, **fields}
    )
    return submission


def apply_submission(user, payload: dict) -> dict[str, Any]:
    """Apply one survey sent by a device and return what happened to it."""
    try:
        key = uuid.UUID(str(payload.get("client_key", "")))
    except ValueError:
        return {"client_key": "", "outcome": Outcome.REFUSED, "reason": "Phiếu thiếu mã gửi hợp lệ."}
    known = Submission.objects.filter(client_key=key).first()
    if known is not None and known.user_id != user.pk:
        return {"client_key": str(key), "outcome": Outcome.REFUSED, "reason": "Mã gửi đã được dùng."}
    if known is not None and known.outcome != Outcome.CONFLICT:
        return result_of(known)
    stored = {k: v for k, v in payload.items() if not k.startswith("_")}
    household = None
    try:
        if not user.can_write:
            raise Refused("Tài khoản của bạn chỉ được xem, không được gửi phiếu.")
        household = _household(user, payload)
        survey_date = _survey_date(payload)
        reason = package.closed_round_reason(household, survey_date)
        if reason:
            raise Refused(reason)
        server_stamp = package.current_stamp(household)
        if payload.get("base_stamp") != server_stamp:
            latest = package.latest_survey(household)
            stored["_result"] = {
                "server": package.survey_answers(latest) if latest else None,
                "server_stamp": server_stamp,
            }
            submission = _record(
                user, key, stored, household=household, outcome=Outcome.CONFLICT,
                reason="Phiếu của hộ trên máy chủ đã thay đổi từ khi tải về; hãy chọn giữ bản nào.",
            )  # fmt: skip
            return result_of(submission)
        with transaction.atomic():
            survey, outcome = _apply(user, household, payload, survey_date)
            stored["_result"] = outcome
            submission = _record(
                user, key, stored, household=household, survey=survey, outcome=Outcome.ACCEPTED
            )
    except IntegrityError:
        submission = Submission.objects.get(client_key=key)
    except (Refused, ValidationError, PermissionDenied) as error:
        reason = str(error) if isinstance(error, Refused | PermissionDenied) else "; ".join(error.messages)
        submission = _record(user, key, stored, household=household, outcome=Outcome.REFUSED, reason=reason)
        return result_of(submission)
    return result_of(submission)


def apply_in_order(user, payloads: list[dict]) -> list[dict[str, Any]]:
    """Apply surveys in the order the device queued them."""
    return [apply_submission(user, payload) for payload in payloads]
