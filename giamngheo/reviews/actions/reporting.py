"""Step 6: the commune reports up and the province signs off."""

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.reviews.actions._common import _check_current_step, _check_open, _close, _mark_done
from giamngheo.reviews.models import Round, RoundStep, StepStatus
from giamngheo.reviews.permissions import check_province, check_round
from giamngheo.reviews.steps import StepCode


def submit_report(round_: Round, user, note: str = "") -> RoundStep:
    """The commune reports its results to the province."""
    check_round(round_, user)
    step = _check_current_step(round_, StepCode.REPORT)
    with transaction.atomic():
        return _mark_done(step, user, note or "Đã báo cáo kết quả lên tỉnh")


def province_sign_off(round_: Round, user, note: str = "") -> Round:
    """The province consolidates and approves: every commune round must have reported."""
    check_province(round_.province, user)
    _check_open(round_)
    if round_.parent_id:
        raise ValidationError("Xã/phường này thuộc đợt rà soát cấp tỉnh; hãy phê duyệt ở đợt cấp tỉnh.")
    children = [round_] if not round_.is_province_round else list(round_.children.select_related("unit"))
    missing = [
        child
        for child in children
        if not child.steps.filter(code=StepCode.REPORT, status=StepStatus.DONE).exists()
    ]
    if missing:
        names = ", ".join(str(child.unit) for child in missing[:5])
        more = f" và {len(missing) - 5} đơn vị khác" if len(missing) > 5 else ""
        raise ValidationError(f"Chưa thể phê duyệt: {names}{more} chưa báo cáo kết quả.")
    with transaction.atomic():
        for child in children:
            _mark_done(_check_current_step(child, StepCode.SIGN_OFF), user, note or "Tỉnh đã phê duyệt")
            if child.pk != round_.pk:
                _close(child, user)
        _close(round_, user)
    return round_
