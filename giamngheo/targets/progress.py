"""Progress against targets: the actual value, its status, and the approval workflow.

Status rule (documented here and on the plan page):

1. No value yet → NO_DATA.
2. The value meets the target → ACHIEVED. "Meets" depends on the direction:
   decrease: value ≤ the upper bound of the target (8.5-9.0% → ≤ 9.0);
   increase: value ≥ the lower bound (1-1.5 points → ≥ 1.0);
   reach: value within [lower, upper].
3. Otherwise compare the share of the way covered with the share of time elapsed:
   - way covered p = (value − baseline) / (goal − baseline) when the baseline is known
     and differs from the goal; without a baseline p = value / goal (increase, reach)
     or goal / value (decrease); goal = the bound to meet.
   - time elapsed t = (years since the target's first year + fraction of the period:
     Q1 0.25, H1 0.5, 9 months 0.75, year 1) / (years from its first year to the
     target year, both included). The first year is the plan's first year, or the
     year itself for yearly targets ("each year 1-1.5 points").
   - t ≥ 1 (the deadline is reached) → OFF_TRACK;
     p ≥ t → ON_TRACK; p ≥ t − 0.25 → AT_RISK; else OFF_TRACK.

The actual value of a computed target (no segment) comes from the summary tables
for the latest year with results up to the target year; any other target uses its
latest approved value, or else its latest submitted one (shown as not yet approved).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from giamngheo.areas.models import Era, Level
from giamngheo.areas.scope import unit_in_scope
from giamngheo.reports import queries
from giamngheo.targets.geography import area_for
from giamngheo.targets.indicators import computed_value
from giamngheo.targets.models import (
    PERIOD_FRACTION,
    Direction,
    Period,
    ProgressState,
    ProgressValue,
    Target,
    ValueSource,
)

AT_RISK_MARGIN = 0.25


class TargetStatus(models.TextChoices):
    NO_DATA = "no_data", "Chưa có số liệu"
    ACHIEVED = "achieved", "Đạt"
    ON_TRACK = "on_track", "Đúng tiến độ"
    AT_RISK = "at_risk", "Có nguy cơ không đạt"
    OFF_TRACK = "off_track", "Chậm tiến độ / không đạt"


def meets(direction: str, value: Decimal, low: Decimal, high: Decimal) -> bool:
    if direction == Direction.DECREASE:
        return value <= high
    if direction == Direction.INCREASE:
        return value >= low
    return low <= value <= high


def goal_of(direction: str, low: Decimal, high: Decimal, baseline: Decimal | None) -> Decimal:
    if direction == Direction.DECREASE:
        return high
    if direction == Direction.INCREASE:
        return low
    if baseline is not None and baseline > high:
        return high
    return low


def way_covered(direction: str, value: Decimal, goal: Decimal, baseline: Decimal | None) -> float:
    if baseline is not None and baseline != goal:
        return float((value - baseline) / (goal - baseline))
    if direction == Direction.DECREASE:
        return float(goal / value) if value > 0 else 1.0
    return float(value / goal) if goal else 1.0


def time_elapsed(plan_start: int, target_year: int, year: int, period: str) -> float:
    span = max(target_year - plan_start + 1, 1)
    done = (year - plan_start) + PERIOD_FRACTION[period]
    return min(max(done / span, 0.0), 1.0)


def assess(
    *,
    direction: str,
    low: Decimal,
    high: Decimal,
    baseline: Decimal | None,
    value: Decimal | None,
    elapsed: float,
) -> str:
    """The status of a target given its latest value and the share of time elapsed."""
    if value is None:
        return TargetStatus.NO_DATA
    if meets(direction, value, low, high):
        return TargetStatus.ACHIEVED
    if elapsed >= 1:
        return TargetStatus.OFF_TRACK
    covered = way_covered(direction, value, goal_of(direction, low, high, baseline), baseline)
    if covered >= elapsed:
        return TargetStatus.ON_TRACK
    if covered >= elapsed - AT_RISK_MARGIN:
        return TargetStatus.AT_RISK
    return TargetStatus.OFF_TRACK


@dataclass(frozen=True)
class Actual:
    value: Decimal | None
    year: int | None
    period: str
    source: str
    approved: bool


NO_ACTUAL = Actual(None, None, Period.YEAR, "", False)


def computed_actual(target: Target, user, *, unit=None, as_of: int | None = None) -> Actual:
    """The computed indicator's value for the latest year with results, up to the target
    year (or up to `as_of` when earlier)."""
    area = area_for(unit or target.unit)
    last_year = min(target.year, as_of) if as_of else target.year
    years = [y for y in queries.available_years(user, area) if target.first_year <= y <= last_year]
    for year in sorted(years, reverse=True):
        value = computed_value(target.indicator, area, year, user, target.plan.standard_id)
        if value is not None:
            return Actual(value, year, Period.YEAR, ValueSource.COMPUTED, True)
    return NO_ACTUAL


def _not_after(value: ProgressValue, as_of: int | None, period: str) -> bool:
    if as_of is None:
        return True
    return (value.year, PERIOD_FRACTION[value.period]) <= (as_of, PERIOD_FRACTION[period])


def entered_actual(target: Target, as_of: int | None = None, period: str = Period.YEAR) -> Actual:
    """The latest approved (else submitted) value up to the end of `period` of `as_of`."""
    values = [
        p for p in target.progress.all() if p.state != ProgressState.DRAFT and _not_after(p, as_of, period)
    ]
    if not values:
        return NO_ACTUAL
    approved = [p for p in values if p.state == ProgressState.APPROVED]
    pick = max(approved or values, key=lambda p: (p.year, PERIOD_FRACTION[p.period]))
    return Actual(pick.value, pick.year, pick.period, pick.source, pick.state == ProgressState.APPROVED)


def actual_for(target: Target, user, as_of: int | None = None, period: str = Period.YEAR) -> Actual:
    if target.is_computed:
        found = computed_actual(target, user, as_of=as_of)
        if found.value is not None:
            return found
    return entered_actual(target, as_of, period)


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    actual: Actual
    status: str
    label: str = ""
    value: Decimal | None = None  # the target value for this row (an allocation's share)
    baseline: Decimal | None = None

    @property
    def status_label(self) -> str:
        return TargetStatus(self.status).label


def progress_of(target: Target, user, as_of: int | None = None, period: str = Period.YEAR) -> TargetProgress:
    actual = actual_for(target, user, as_of, period)
    low, high = target.bounds
    elapsed = time_elapsed(target.first_year, target.year, actual.year, actual.period) if actual.year else 0.0
    status = assess(
        direction=target.direction,
        low=low,
        high=high,
        baseline=target.baseline,
        value=actual.value,
        elapsed=elapsed,
    )
    return TargetProgress(target, actual, status)


def allocation_progress(allocation, user, as_of: int | None = None) -> TargetProgress:
    """An allocation measured like a target of its own unit (computed indicators only)."""
    target = allocation.target
    actual = NO_ACTUAL
    if target.is_computed and allocation.unit is not None:
        actual = computed_actual(target, user, unit=allocation.unit, as_of=as_of)
    value = allocation.value
    elapsed = time_elapsed(target.first_year, target.year, actual.year, actual.period) if actual.year else 0.0
    status = assess(
        direction=target.direction,
        low=value,
        high=value,
        baseline=allocation.baseline,
        value=actual.value,
        elapsed=elapsed,
    )
    return TargetProgress(
        target, actual, status, label=allocation.label, value=value, baseline=allocation.baseline
    )


# ---------------------------------------------------------------- workflow


def scope_unit(target: Target):
    """The current unit whose officers look after the target."""
    if target.unit.era == Era.CURRENT:
        return target.unit
    return target.plan.commune or target.plan.province


def approver_unit(target: Target):
    """The unit one level above the target's: its officers approve the values.
    None means the national level (administrators)."""
    unit = scope_unit(target)
    if unit.level == Level.VILLAGE:
        return unit.parent
    if unit.level == Level.COMMUNE:
        return unit.province
    if target.unit.level == Level.DISTRICT:
        return target.plan.province
    return None


def can_enter(target: Target, user) -> bool:
    return bool(user.can_write) and unit_in_scope(scope_unit(target), user)


def can_approve(progress: ProgressValue, user) -> bool:
    if not user.can_write or progress.state != ProgressState.SUBMITTED:
        return False
    if progress.entered_by_id == user.pk:
        return False
    if user.sees_everything:
        return True
    above = approver_unit(progress.target)
    return above is not None and unit_in_scope(above, user)


def save_progress(
    target: Target, user, *, year: int, period: str, value: Decimal, note: str = ""
) -> ProgressValue:
    """Create or change a draft value (a submitted or approved value cannot be changed)."""
    if not can_enter(target, user):
        raise PermissionDenied
    if (
        not min(target.first_year, target.plan.period_start)
        <= year
        <= max(target.year, target.plan.period_end)
    ):
        raise ValidationError("Năm báo cáo nằm ngoài thời kỳ của kế hoạch.")
    with transaction.atomic():
        progress, created = ProgressValue.objects.select_for_update().get_or_create(
            target=target,
            year=year,
            period=period,
            defaults={"value": value, "note": note, "entered_by": user, "source": ValueSource.ENTERED},
        )
        if not created:
            if progress.state != ProgressState.DRAFT:
                raise ValidationError("Số liệu đã gửi duyệt hoặc đã duyệt, không sửa được.")
            progress.value, progress.note, progress.entered_by = value, note, user
            progress._change_reason = "Sửa bản nháp"
            progress.save()
    return progress


def submit_progress(progress: ProgressValue, user) -> ProgressValue:
    if not can_enter(progress.target, user) or progress.state != ProgressState.DRAFT:
        raise PermissionDenied
    progress.state = ProgressState.SUBMITTED
    progress.submitted_at = timezone.now()
    progress.entered_by = progress.entered_by or user
    progress._change_reason = "Gửi duyệt"
    progress.save()
    return progress


def approve_progress(progress: ProgressValue, user) -> ProgressValue:
    if not can_approve(progress, user):
        raise PermissionDenied
    progress.state = ProgressState.APPROVED
    progress.approved_by = user
    progress.approved_at = timezone.now()
    progress._change_reason = "Duyệt"
    progress.save()
    return progress


def return_progress(progress: ProgressValue, user, reason: str) -> ProgressValue:
    """The approver sends a submitted value back to draft, with the reason."""
    if not can_approve(progress, user):
        raise PermissionDenied
    progress.state = ProgressState.DRAFT
    progress.submitted_at = None
    progress.note = (progress.note + "\n" if progress.note else "") + f"Trả lại: {reason}"
    progress._change_reason = f"Trả lại: {reason}"
    progress.save()
    return progress


def record_computed(target: Target, user) -> ProgressValue | None:
    """Store the computed value of the latest year as an approved year-end value (a snapshot)."""
    actual = computed_actual(target, user) if target.is_computed else NO_ACTUAL
    if actual.value is None:
        return None
    existing = ProgressValue.objects.filter(target=target, year=actual.year, period=Period.YEAR).first()
    if existing is not None and existing.source == ValueSource.ENTERED:
        return existing
    progress, _ = ProgressValue.objects.update_or_create(
        target=target,
        year=actual.year,
        period=Period.YEAR,
        defaults={
            "value": actual.value,
            "source": ValueSource.COMPUTED,
            "state": ProgressState.APPROVED,
            "note": "Tính từ bảng tổng hợp kết quả phân loại chính thức.",
        },
    )
    return progress
