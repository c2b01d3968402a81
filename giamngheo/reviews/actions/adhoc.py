"""Regular (ad-hoc) review of one household that filed form 01."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from giamngheo.households.models import Household
from giamngheo.reviews.actions._common import _check_open, _create_steps, _mark_done, _save, _step, _today
from giamngheo.reviews.models import ListingReason, Round, RoundHousehold, RoundKind, RoundStatus
from giamngheo.reviews.permissions import check_round, check_unit
from giamngheo.reviews.steps import AD_HOC_STEPS, StepCode, ad_hoc_deadlines
from giamngheo.standards import engine


def open_adhoc_review(household: Household, user, *, applied_on: dt.date, note: str = "") -> Round:
    """Regular review of one household that filed form 01 (to enter or to leave the lists)."""
    check_unit(household.commune, user)
    if not note.strip():
        raise ValidationError("Phải ghi nội dung đề nghị của hộ (mẫu 01).")
    if applied_on > _today():
        raise ValidationError("Ngày nộp giấy đề nghị không được sau ngày hôm nay.")
    if Round.objects.filter(kind=RoundKind.AD_HOC, household=household, status=RoundStatus.OPEN).exists():
        raise ValidationError("Hộ này đang có một đợt rà soát thường xuyên chưa kết thúc.")
    try:  # provisional: the decision date decides, and the decision checks it again
        standard = engine.standard_for_adhoc_review(applied_on)
    except engine.NoStandardForReview as error:
        raise ValidationError(str(error)) from None
    commune = household.commune
    with transaction.atomic():
        round_ = _save(
            Round(
                unit=commune,
                province=commune.province,
                commune=commune,
                year=applied_on.year,
                kind=RoundKind.AD_HOC,
                standard_id=standard.standard_id,
                household=household,
                applied_on=applied_on,
                application_note=note.strip(),
                posting_days=3,
                opened_by=user,
            ),
            user,
        )
        _create_steps([round_], AD_HOC_STEPS, ad_hoc_deadlines(applied_on), user)
        _mark_done(_step(round_, StepCode.APPLICATION), user, "Đã tiếp nhận giấy đề nghị (mẫu 01).")
        _save(
            RoundHousehold(
                round=round_,
                household=household,
                reason=ListingReason.REQUEST,
                previous_status=household.current_status,
            ),
            user,
        )
    return round_


def refuse_adhoc_review(round_: Round, user, reason: str) -> Round:
    """Answer the applicant in writing, with reasons, instead of a decision."""
    check_round(round_, user)
    _check_open(round_)
    if round_.kind != RoundKind.AD_HOC:
        raise ValidationError("Chỉ đợt rà soát thường xuyên mới có thể từ chối bằng văn bản.")
    if not reason.strip():
        raise ValidationError("Phải ghi rõ lý do từ chối.")
    round_.status = RoundStatus.REFUSED
    round_.refusal_reason = reason.strip()
    round_.closed_at = timezone.now()
    return _save(round_, user, "Từ chối bằng văn bản")
