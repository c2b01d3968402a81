"""Signing off a plan's progress report for a period, through the reports app's sign-off."""

from django.core.exceptions import PermissionDenied

from giamngheo.reports.actions import can_sign, store_signed_report
from giamngheo.reports.models import ReportKind, SignedReport
from giamngheo.reports.signoff_kinds import register_detail
from giamngheo.targets.progress_pdf import progress_pdf
from giamngheo.targets.progress_report import ProgressReport, build_progress_report
from giamngheo.targets.progress_workbook import progress_workbook


def sign_off_plan_progress(user, plan, year: int, period: str) -> SignedReport:
    """Sign off a plan's progress report for a period (`NoProgressData` when empty)."""
    unit = plan.commune or plan.province
    if not can_sign(unit, user):
        raise PermissionDenied("Không có quyền ký duyệt báo cáo của kế hoạch này.")
    report = build_progress_report(plan, year, period, user)
    return store_signed_report(
        user,
        kind=ReportKind.PLAN_PROGRESS,
        key=f"plan:{plan.pk}:{year}:{period}",
        unit=unit,
        title=f"Báo cáo tiến độ {report.period_label} — {plan.title}"[:600],
        data=report.to_dict(),
        files=lambda signed: (progress_workbook(report), progress_pdf(report, signed=signed)),
        plan=plan,
        year=year,
        period=period,
    )


def register() -> None:
    register_detail(ReportKind.PLAN_PROGRESS, lambda data: {"progress": ProgressReport.from_dict(data)})
