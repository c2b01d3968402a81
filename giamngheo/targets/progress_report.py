"""A plan's periodic progress report (quarterly, six-monthly, nine-monthly, yearly),
built from its targets: baseline, target, the value reached by the end of the
period, its status and its trend since the end of the previous year.

Which targets: those running in the report year (from their first year to their
deadline); for each indicator, unit and segment the one with the nearest deadline.
The Excel (`targets.progress_workbook`), the PDF and a signed-off snapshot all read
the same `ProgressReport`, which turns into JSON and back.
"""

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from giamngheo.targets.models import Direction, Period, Plan, Target
from giamngheo.targets.progress import TargetStatus, actual_for, progress_of

TITLE = "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH GIẢM NGHÈO"


class NoProgressData(Exception):
    """Nothing to report for the period: no target running, or no value reached yet."""


class Trend:
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    UNKNOWN = "unknown"
    LABELS = {
        BETTER: "Cải thiện",
        WORSE: "Xấu đi",
        SAME: "Không đổi",
        UNKNOWN: "Chưa đủ số liệu",
    }


def period_label(year: int, period: str) -> str:
    """ "Quý I năm 2025", "6 tháng đầu năm 2025", "9 tháng năm 2025", "Cả năm 2025"."""
    label = str(Period(period).label)
    return f"{label} {year}" if label.endswith("năm") else f"{label} năm {year}"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def trend_of(direction: str, previous: float | None, current: float | None, low: float, high: float) -> str:
    """Better when the value moved the way the target asks (toward the range for `reach`)."""
    if previous is None or current is None:
        return Trend.UNKNOWN
    if current == previous:
        return Trend.SAME
    if direction == Direction.DECREASE:
        return Trend.BETTER if current < previous else Trend.WORSE
    if direction == Direction.INCREASE:
        return Trend.BETTER if current > previous else Trend.WORSE

    def distance(value: float) -> float:
        return max(low - value, value - high, 0.0)

    if distance(current) == distance(previous):
        return Trend.SAME
    return Trend.BETTER if distance(current) < distance(previous) else Trend.WORSE


@dataclass(frozen=True)
class ReportLine:
    target_id: int
    indicator: str
    segment: str
    unit: str
    measure: str
    direction: str
    target_year: int
    baseline: float | None
    baseline_year: int | None
    target_low: float
    target_high: float
    actual: float | None
    actual_year: int | None
    actual_period: str
    approved: bool
    status: str
    previous: float | None
    previous_label: str
    trend: str

    @property
    def target_symbol(self) -> str:
        return {Direction.DECREASE: "≤", Direction.INCREASE: "≥"}.get(self.direction, "=")

    @property
    def status_label(self) -> str:
        return TargetStatus(self.status).label

    @property
    def trend_label(self) -> str:
        return Trend.LABELS[self.trend]

    @property
    def actual_label(self) -> str:
        """When the value was reached: "6 tháng đầu năm 2024" (", chưa duyệt" when not approved)."""
        if self.actual_year is None:
            return ""
        text = period_label(self.actual_year, self.actual_period)
        return text if self.approved else f"{text}, chưa duyệt"

    @property
    def change(self) -> float | None:
        if self.actual is None or self.previous is None:
            return None
        return self.actual - self.previous


@dataclass(frozen=True)
class ProgressReport:
    plan_id: int
    plan_title: str
    document: str
    unit: str
    year: int
    period: str
    lines: list[ReportLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        return TITLE

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.period)

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, number of targets) for every status, in the rule's order."""
        return [(s.value, s.label, sum(1 for line in self.lines if line.status == s)) for s in TargetStatus]

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ProgressReport":
        return cls(**(data | {"lines": [ReportLine(**line) for line in data["lines"]]}))


def report_targets(plan: Plan, year: int) -> list[Target]:
    """The plan's targets running in the year, the nearest deadline per indicator, unit and segment."""
    targets = (
        plan.targets.select_related("plan", "indicator", "unit")
        .prefetch_related("progress")
        .filter(year__gte=year)
        .order_by("position", "year", "pk")
    )
    chosen: dict[tuple, Target] = {}
    for target in targets:
        key = (target.indicator_id, target.unit_id, target.segment)
        if target.first_year <= year and key not in chosen:
            chosen[key] = target
    return list(chosen.values())


def _line(target: Target, user, year: int, period: str) -> ReportLine:
    state = progress_of(target, user, as_of=year, period=period)
    low, high = (float(b) for b in target.bounds)
    previous = actual_for(target, user, as_of=year - 1) if year > target.first_year else None
    if previous is not None and previous.value is not None:
        previous_value, previous_label = float(previous.value), f"cuối năm {previous.year}"
    else:
        previous_value = _number(target.baseline)
        previous_label = "giá trị gốc" if previous_value is not None else ""
    actual = _number(state.actual.value)
    return ReportLine(
        target_id=target.pk,
        indicator=target.indicator.name,
        segment=target.segment,
        unit=target.unit.name,
        measure=target.indicator.get_measure_display(),
        direction=target.direction,
        target_year=target.year,
        baseline=_number(target.baseline),
        baseline_year=target.baseline_year,
        target_low=low,
        target_high=high,
        actual=actual,
        actual_year=state.actual.year,
        actual_period=state.actual.period,
        approved=state.actual.approved,
        status=str(state.status),
        previous=previous_value,
        previous_label=previous_label,
        trend=trend_of(target.direction, previous_value, actual, low, high),
    )


def build_progress_report(plan: Plan, year: int, period: str, user) -> ProgressReport:
    """The report of the plan for the period; `NoProgressData` when there is nothing to report."""
    when = period_label(year, period)
    if not plan.period_start <= year <= plan.period_end:
        raise NoProgressData(
            f"Kỳ báo cáo {when} nằm ngoài thời kỳ của kế hoạch "
            f"({plan.period_start}–{plan.period_end}); không tạo báo cáo."
        )
    lines = [_line(target, user, year, period) for target in report_targets(plan, year)]
    if not any(line.actual is not None for line in lines):
        raise NoProgressData(
            f"Chưa có số liệu thực hiện nào của kế hoạch đến hết kỳ {when}; không tạo báo cáo. "
            "Hãy nhập và gửi duyệt số liệu thực hiện của các chỉ tiêu trước."
        )
    document = plan.document_number + (f", ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else "")
    return ProgressReport(plan.pk, plan.title, document, plan.unit.name, year, period, lines)
