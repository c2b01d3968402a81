"""Step 1, listing the households to review, and step 2, the quick screen and classification."""

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.areas.models import AdminUnit
from giamngheo.households.models import Household, Status, Survey, SurveyState
from giamngheo.reviews import listing
from giamngheo.reviews.actions._common import _bulk_audit, _check_current_step, _save
from giamngheo.reviews.models import (
    ListingReason,
    MeetingOutcome,
    Round,
    RoundHousehold,
    RoundKind,
    ScreenResult,
)
from giamngheo.reviews.permissions import check_round
from giamngheo.reviews.steps import StepCode
from giamngheo.standards.runs import create_run, execute_run
from giamngheo.standards.survey_classification import classify_survey


def list_round_households(round_: Round, user) -> int:
    """Step 1: list households on the current lists and those surveyed this year."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.LIST)
    if round_.kind != RoundKind.PERIODIC:
        raise ValidationError("Đợt rà soát thường xuyên chỉ có hộ đã nộp giấy đề nghị.")
    with transaction.atomic():
        added = listing.list_households([round_])
        _bulk_audit(user, "review_list_households", round_, f"Lập danh sách rà soát: {added} hộ", added)
    return added


def add_household_to_round(round_: Round, user, household: Household, reason: str) -> RoundHousehold:
    """Step 1: a household that filed a request or that reviewers detected."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.LIST)
    if household.commune_id != round_.commune_id:
        raise ValidationError("Hộ không thuộc xã/phường của đợt rà soát.")
    if reason not in (ListingReason.REQUEST, ListingReason.DETECTED):
        raise ValidationError("Lý do đưa vào danh sách không hợp lệ.")
    with transaction.atomic():
        listing.lock_rounds([round_])
        if round_.households.filter(household=household).exists():
            raise ValidationError("Hộ đã có trong danh sách rà soát.")
        return _save(
            RoundHousehold(
                round=round_, household=household, reason=reason, previous_status=household.current_status
            ),
            user,
        )


def record_quick_screen(entry: RoundHousehold, user, *, excluded: bool) -> RoundHousehold:
    """Quick screening (phiếu A): only for a household that asked to be reviewed (form 01) and is
    not on the current poor or near-poor list; a clearly non-poor one skips the full survey. A
    listed household is always surveyed with phiếu B, discussed and posted."""
    round_ = entry.round
    check_round(round_, user)
    _check_current_step(round_, StepCode.SURVEY)
    refusal = quick_screen_refusal(entry)
    if refusal:
        raise ValidationError(refusal)
    entry.screen_result = ScreenResult.EXCLUDED if excluded else ScreenResult.PASSED
    if excluded:
        entry.computed_status = entry.final_status = Status.NOT_POOR
        entry.meeting_outcome = MeetingOutcome.AGREED
    return _save(entry, user, "Sàng lọc nhanh (phiếu A)")


def quick_screen_refusal(entry: RoundHousehold) -> str:
    """Why phiếu A may not be used for this household ('' when it may)."""
    head = entry.household.head_name
    listed = {entry.previous_status, entry.household.current_status}.intersection(listing.LISTED_STATUSES)
    if listed:
        label = Status(sorted(listed)[0]).label.lower()
        return (
            f"Hộ {head} đang là {label}: không dùng phiếu A. Hộ phải được khảo sát đầy đủ bằng phiếu B, "
            "đưa ra họp thôn và niêm yết công khai."
        )
    if entry.reason != ListingReason.REQUEST:
        return (
            f"Hộ {head} không có giấy đề nghị rà soát (mẫu 01): phiếu A chỉ dùng cho hộ đã nộp giấy đề nghị."
        )
    return ""


def classify_round(round_: Round, user) -> int:
    """Step 2: classify the latest surveys under the round's standard (and the comparison
    standard when the round has one); returns the households given a result."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.SURVEY)
    with transaction.atomic():
        if round_.kind == RoundKind.AD_HOC:
            return _classify_applicant(round_, user)
        return classify_rounds([round_], round_.commune, user)


def classify_rounds(rounds: list[Round], unit: AdminUnit, user) -> int:
    """One official run over the unit (a commune, or the province for all its commune rounds)."""
    first = rounds[0]
    run = execute_run(create_run(unit, first.year, user, standard_id=first.standard_id))
    applied = listing.apply_run(rounds, run)
    if first.second_standard_id:
        comparison = execute_run(
            create_run(
                unit,
                first.year,
                user,
                standard_id=first.standard_id,
                second_standard_id=first.second_standard_id,
            )
        )
        listing.apply_comparison(rounds, comparison, first.second_standard_id)
    return applied


def _classify_applicant(round_: Round, user) -> int:
    entry = round_.households.get()
    survey = (
        Survey.objects.filter(
            household=entry.household, state=SurveyState.SUBMITTED, survey_date__gte=round_.applied_on
        )
        .order_by("-survey_date", "-version")
        .first()
    )
    if survey is None:
        raise ValidationError("Hộ chưa có phiếu khảo sát đã nộp từ ngày nộp giấy đề nghị.")
    result = classify_survey(survey, user, standard_id=round_.standard_id)
    entry.computed_status = result.status
    if entry.meeting_outcome == MeetingOutcome.SENT_BACK:
        entry.meeting_outcome, entry.meeting_status = "", ""
    entry.final_status = entry.meeting_status or result.status
    _save(entry, user, "Phân loại theo phiếu khảo sát")
    return 1
