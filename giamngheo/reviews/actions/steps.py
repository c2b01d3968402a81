"""Completing, reopening and documenting the steps of a round."""

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.reviews import documents
from giamngheo.reviews.actions._common import _check_current_step, _check_open, _mark_done, _save, _today
from giamngheo.reviews.actions.posting import latest_posting
from giamngheo.reviews.actions.team import _check_team_formed
from giamngheo.reviews.models import (
    ComplaintStatus,
    MeetingOutcome,
    Round,
    RoundStep,
    ScreenResult,
    StepDocument,
    StepStatus,
)
from giamngheo.reviews.permissions import check_round
from giamngheo.reviews.steps import STEPS_WITH_OWN_ACTION, StepCode


def complete_step(step: RoundStep, user, note: str = "") -> RoundStep:
    """Mark a step done once every step before it is done and its own work is finished."""
    round_ = step.round
    check_round(round_, user)
    if step.code in STEPS_WITH_OWN_ACTION:
        raise ValidationError(
            f"Bước “{step.get_code_display()}” được hoàn thành bằng thao tác riêng của bước."
        )
    step = _check_current_step(round_, step.code)
    _check_step_work_done(round_, step.code)
    with transaction.atomic():
        return _mark_done(step, user, note)


def _check_step_work_done(round_: Round, code: str) -> None:
    households = round_.households.exclude(screen_result=ScreenResult.EXCLUDED)
    if code == StepCode.PREPARE:
        _check_team_formed(round_)
    if code == StepCode.LIST and not round_.households.exists():
        raise ValidationError("Danh sách hộ cần rà soát đang trống; hãy lập danh sách trước.")
    if code == StepCode.SURVEY:
        missing = households.filter(computed_status="").count()
        if missing:
            raise ValidationError(f"Còn {missing} hộ chưa có kết quả phân loại; hãy khảo sát và phân loại.")
    if code == StepCode.MEETING:
        missing = households.exclude(meeting_outcome=MeetingOutcome.AGREED).count()
        if missing:
            raise ValidationError(f"Còn {missing} hộ chưa được họp thôn thống nhất (hoặc phải khảo sát lại).")
    if code == StepCode.POSTING:
        posting = latest_posting(round_)
        if posting is None:
            raise ValidationError("Chưa niêm yết danh sách dự kiến.")
        if posting.posted_until >= _today():
            raise ValidationError(
                f"Danh sách còn niêm yết đến hết ngày {posting.posted_until:%d/%m/%Y}; "
                "chưa thể kết thúc bước niêm yết."
            )
    if code == StepCode.COMPLAINTS:
        waiting = round_.complaints.filter(status=ComplaintStatus.RECEIVED).count()
        if waiting:
            raise ValidationError(f"Còn {waiting} khiếu nại chưa được trả lời.")


def reopen_step(step: RoundStep, user, reason: str) -> RoundStep:
    """Reopen a done step; the reason stays in its history."""
    round_ = step.round
    check_round(round_, user)
    _check_open(round_)
    if not reason.strip():
        raise ValidationError("Phải ghi lý do mở lại bước.")
    if not step.is_done:
        raise ValidationError("Bước này chưa hoàn thành nên không cần mở lại.")
    if step.code in STEPS_WITH_OWN_ACTION:
        raise ValidationError(f"Không thể mở lại bước “{step.get_code_display()}”.")
    later = round_.steps.filter(position__gt=step.position, status=StepStatus.DONE).last()
    if later is not None:
        raise ValidationError(
            f"Bước sau (“{later.get_code_display()}”) đã hoàn thành; hãy mở lại bước đó trước."
        )
    step.status = StepStatus.PENDING
    step.reopen_reason = reason.strip()
    step.done_at = None
    step.done_by = None
    with transaction.atomic():
        return _save(step, user, f"Mở lại: {reason.strip()}")


def attach_document(step: RoundStep, user, *, title: str, file) -> StepDocument:
    """Store `file` (checked by `reviews.documents`: type by content, size) and attach it to the step."""
    round_ = step.round
    check_round(round_, user)
    _check_open(round_)
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Phải ghi tên tài liệu.")
    if file is None:
        raise ValidationError("Phải chọn tệp tài liệu.")
    stored = documents.store(file, round_.year)
    document = StepDocument(
        step=step,
        title=title[:200],
        file=stored.name,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        uploaded_by=user,
    )
    try:
        with transaction.atomic():
            return _save(document, user, f"Tải lên tệp “{stored.original_name}”")
    except BaseException:
        documents.remove(stored.name)
        raise


def delete_document(document: StepDocument, user) -> None:
    """Remove a document from its step and its file from the disk, while the round is open;
    the history keeps who removed which file and when."""
    round_ = document.step.round
    check_round(round_, user)
    if not round_.is_open:
        raise ValidationError(
            f"Đợt rà soát đã kết thúc: tài liệu “{document.title}” được lưu giữ theo thời hạn, không xoá được. "
            + documents.retention_text(round_.year)
        )
    name = document.file.name
    with transaction.atomic():
        document._history_user = user
        document._change_reason = f"Xoá tệp “{document.original_name or document.title}”"
        document.delete()
    documents.remove(name)
