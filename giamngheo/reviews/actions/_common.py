"""Helpers shared by every review action: the step order, saving with history, the audit entry."""

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from giamngheo.core.models import BulkChange
from giamngheo.reviews.models import ListKind, Round, RoundStatus, RoundStep, StepStatus
from giamngheo.reviews.steps import StepCode
from giamngheo.standards import engine

CERTIFIED_KINDS = (ListKind.POOR, ListKind.NEAR_POOR)


def _today() -> dt.date:
    return timezone.localdate()


def _check_standard(standard_id: str, label: str = "Chuẩn nghèo") -> None:
    try:
        engine.load_standard(standard_id)
    except Exception as error:
        raise ValidationError(f"{label} “{standard_id}” không tồn tại.") from error


def _check_open(round_: Round) -> None:
    if not round_.is_open:
        raise ValidationError(f"Đợt rà soát đã kết thúc ({round_.get_status_display().lower()}).")


def _step(round_: Round, code: str) -> RoundStep:
    try:
        return round_.steps.get(code=code)
    except RoundStep.DoesNotExist as missing:
        raise ValidationError(f"Đợt rà soát này không có bước “{StepCode(code).label}”.") from missing


def _check_current_step(round_: Round, code: str) -> RoundStep:
    """The step must be pending and every step before it done."""
    _check_open(round_)
    step = _step(round_, code)
    if step.is_done:
        raise ValidationError(f"Bước “{step.get_code_display()}” đã hoàn thành; hãy mở lại bước này trước.")
    earlier = round_.steps.filter(position__lt=step.position).exclude(status=StepStatus.DONE).first()
    if earlier is not None:
        raise ValidationError(
            f"Phải hoàn thành bước “{earlier.get_code_display()}” trước bước “{step.get_code_display()}”."
        )
    return step


def _mark_done(step: RoundStep, user, note: str = "") -> RoundStep:
    step.status = StepStatus.DONE
    step.done_at = timezone.now()
    step.done_by = user
    if note:
        step.note = note
    step._history_user = user
    step.save()
    return step


def _save(instance, user, reason: str = ""):
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


def _close(round_: Round, user) -> None:
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    _save(round_, user, "Kết thúc đợt rà soát")


def _bulk_audit(user, action: str, round_: Round, description: str, rows: int) -> None:
    BulkChange.objects.create(
        user=user, action=action, unit=round_.unit, description=f"{round_}: {description}", rows=rows
    )


def _create_steps(rounds: list[Round], codes: list[str], deadlines: Mapping[str, dt.date], user) -> None:
    steps = [
        RoundStep(
            round=r,
            code=code,
            position=position,
            planned_date=deadlines.get(code),
            deadline=deadlines.get(code),
        )
        for r in rounds
        for position, code in enumerate(codes, start=1)
    ]
    bulk_create_with_history(steps, RoundStep, default_user=user)
