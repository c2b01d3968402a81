"""Step 4: public posting of the preliminary lists and complaints."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.households.models import Status
from giamngheo.reviews import snapshots
from giamngheo.reviews.actions._common import _bulk_audit, _check_current_step, _check_open, _save, _today
from giamngheo.reviews.models import (
    Complaint,
    ComplaintSource,
    ComplaintStatus,
    Decision,
    ListSnapshot,
    ListStage,
    Round,
    RoundHousehold,
)
from giamngheo.reviews.permissions import check_round
from giamngheo.reviews.steps import StepCode
from giamngheo.reviews.workdays import working_days_end


def latest_posting(round_: Round) -> ListSnapshot | None:
    return round_.snapshots.filter(stage=ListStage.PRELIMINARY).order_by("-version", "kind").first()


def post_preliminary_lists(round_: Round, user, *, starts_on: dt.date | None = None) -> int:
    """Step 4: freeze and post the six lists for the round's posting window; returns the version."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.POSTING)
    start = starts_on or _today()
    current = latest_posting(round_)
    if current is not None and current.posted_until >= _today():
        raise ValidationError(f"Danh sách đang niêm yết đến hết ngày {current.posted_until:%d/%m/%Y}.")
    if start > _today():
        raise ValidationError("Ngày bắt đầu niêm yết không được sau ngày hôm nay.")
    until = working_days_end(start, round_.posting_days)
    with transaction.atomic():
        version = snapshots.build_snapshots(
            [round_], ListStage.PRELIMINARY, posted_from=start, posted_until=until
        )
        _bulk_audit(
            user, "review_post_lists", round_, f"Niêm yết danh sách phiên bản {version[round_.pk]}", 6
        )
    return version[round_.pk]


def receive_complaint(
    round_: Round,
    user,
    *,
    complainant_name: str,
    text: str,
    source: str = ComplaintSource.OFFICE,
    complainant_phone: str = "",
    household_text: str = "",
    round_household: RoundHousehold | None = None,
    received_on: dt.date | None = None,
) -> Complaint:
    """A complaint received during the posting window (at the office, or from the public
    portal, where `user` is None)."""
    if user is not None:
        check_round(round_, user)
    _check_open(round_)
    received = received_on or _today()
    if Decision.objects.filter(round=round_).exists():
        raise ValidationError("Quyết định công nhận đã ban hành; không tiếp nhận khiếu nại trong đợt này.")
    posting = latest_posting(round_)
    if posting is None:
        raise ValidationError("Danh sách chưa được niêm yết; chưa tiếp nhận khiếu nại.")
    if not posting.posted_from <= received <= posting.posted_until:
        raise ValidationError(
            f"Đã hết thời hạn tiếp nhận khiếu nại: danh sách niêm yết từ {posting.posted_from:%d/%m/%Y} "
            f"đến {posting.posted_until:%d/%m/%Y}."
        )
    if not complainant_name.strip() or not text.strip():
        raise ValidationError("Phải ghi họ tên người khiếu nại và nội dung khiếu nại.")
    if round_household is not None and round_household.round_id != round_.pk:
        raise ValidationError("Hộ được khiếu nại không thuộc đợt rà soát này.")
    complaint = Complaint(
        round=round_,
        round_household=round_household,
        source=source,
        complainant_name=complainant_name.strip()[:120],
        complainant_phone=complainant_phone.strip()[:20],
        household_text=household_text.strip()[:200],
        text=text.strip(),
        received_on=received,
        deadline=working_days_end(received + dt.timedelta(days=1), round_.complaint_answer_days),
    )
    return _save(complaint, user)


def answer_complaint(
    complaint: Complaint, user, *, answer: str, recheck_note: str = "", new_status: str = ""
) -> Complaint:
    """Re-check and answer a complaint; the re-check may change the household's class before the decision."""
    round_ = complaint.round
    check_round(round_, user)
    _check_open(round_)
    if Decision.objects.filter(round=round_).exists():
        raise ValidationError("Quyết định công nhận đã ban hành; không thể thay đổi kết quả.")
    if complaint.status == ComplaintStatus.ANSWERED:
        raise ValidationError("Khiếu nại này đã được trả lời.")
    if not answer.strip():
        raise ValidationError("Phải ghi nội dung trả lời.")
    if new_status and new_status not in Status.values:
        raise ValidationError("Phân loại sau phúc tra không hợp lệ.")
    if new_status and complaint.round_household is None:
        raise ValidationError("Khiếu nại chưa gắn với hộ cụ thể nên không thể đổi phân loại.")
    with transaction.atomic():
        entry = complaint.round_household
        if new_status and entry is not None and new_status != entry.final_status:
            complaint.status_before, complaint.status_after = entry.final_status, new_status
            entry.final_status = new_status
            _save(entry, user, f"Phúc tra khiếu nại #{complaint.pk}")
        complaint.answer = answer.strip()
        complaint.recheck_note = recheck_note.strip()
        complaint.status = ComplaintStatus.ANSWERED
        complaint.answered_on = _today()
        complaint.answered_by = user
        return _save(complaint, user)
