"""Signing reports off, approving and returning them: every write to `SignedReport`.

A unit's officer signs off a report of their unit (here the review report of a commune or
province for a year and standard; apps above this one sign their own kinds through
`store_signed_report`, as targets does for a plan's progress report). The
figures are built once, stored as JSON with the Excel and PDF generated from them,
and never recomputed: later changes to households do not touch the snapshot. The
officers of the province (administrators for a province's own report) approve it or
return it with a reason; history is kept by simple-history. Views, the API and
commands call these functions.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import unit_in_scope
from giamngheo.reports.models import ReportKind, SignedReport, SignOffState
from giamngheo.reports.print_report import review_pdf
from giamngheo.reports.queries import area_of
from giamngheo.reports.review_data import build_review_report
from giamngheo.reports.workbook import write_review_workbook

SIGNABLE_LEVELS = (Level.PROVINCE, Level.COMMUNE)


def can_sign(unit: AdminUnit, user) -> bool:
    """Officers (not read-only leaders, not village collaborators) of the unit or above it."""
    return (
        bool(user.can_write)
        and unit.era == Era.CURRENT
        and unit.level in SIGNABLE_LEVELS
        and unit_in_scope(unit, user)
    )


def can_review(report: SignedReport, user) -> bool:
    """The province approves its communes' reports; administrators approve provinces' own."""
    if not user.can_write or report.state != SignOffState.SUBMITTED or report.signed_by_id == user.pk:
        return False
    if user.sees_everything:
        return True
    return report.commune_id is not None and unit_in_scope(report.province, user)


def _signed_line(user, when) -> str:
    who = user.get_full_name() or user.get_username()
    local = timezone.localtime(when)
    return (
        f"Số liệu chốt khi ký duyệt: {who}, lúc {local:%H:%M} ngày {local:%d/%m/%Y}. "
        "Bản chốt không thay đổi khi dữ liệu hộ thay đổi sau đó."
    )


def store_signed_report(
    user, *, kind: str, key: str, unit: AdminUnit, title: str, data: dict, files, **fields
) -> SignedReport:
    """Write the snapshot; refuse a second one for the same period unless the first was returned."""
    signed_at = timezone.now()
    xlsx, pdf = files(_signed_line(user, signed_at))
    with transaction.atomic():
        earlier = list(
            SignedReport.objects.select_for_update().filter(key=key).values_list("state", flat=True)
        )
        if any(state != SignOffState.RETURNED for state in earlier):
            raise ValidationError("Báo cáo của kỳ này đã được ký duyệt và đang chờ duyệt hoặc đã duyệt.")
        report = SignedReport(
            kind=kind,
            key=key,
            version=len(earlier) + 1,
            unit=unit,
            province=unit if unit.level == Level.PROVINCE else unit.province,
            commune=unit if unit.level == Level.COMMUNE else None,
            title=title,
            data=data,
            xlsx=xlsx,
            pdf=pdf,
            signed_by=user,
            signed_at=signed_at,
            **fields,
        )
        report._change_reason = "Ký duyệt và gửi lên"
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as error:
            raise ValidationError("Báo cáo của kỳ này vừa được ký duyệt.") from error
    return report


def sign_off_review(user, unit: AdminUnit, year: int, standard_id: str) -> SignedReport:
    """Sign off the review report of a commune or province for the year and standard."""
    if not can_sign(unit, user):
        raise PermissionDenied("Không có quyền ký duyệt báo cáo của đơn vị này.")
    report = build_review_report(area_of(unit), year, standard_id, user)
    if not report.by_unit.lines:
        raise ValidationError(
            "Chưa có số liệu tổng hợp của đơn vị cho năm và chuẩn này; không ký duyệt được."
        )
    return store_signed_report(
        user,
        kind=ReportKind.REVIEW,
        key=f"review:{unit.pk}:{year}:{standard_id}",
        unit=unit,
        title=f"{report.title} — {unit.name}, chuẩn {standard_id}",
        data=report.to_dict(),
        files=lambda signed: (write_review_workbook(report), review_pdf(report, signed=signed)),
        year=year,
        standard_id=standard_id,
    )


def sign_off_official(user, unit: AdminUnit, year: int, standard_id: str) -> SignedReport:
    """Sign off the fifteen official reports as one set: a commune's counted from its
    households, a province's consolidated from its communes' signed sets (not returned)."""
    from giamngheo.reports.official.build import NoReportData, build_report_set
    from giamngheo.reports.official.consolidate import consolidate
    from giamngheo.reports.official.printing import official_pdf
    from giamngheo.reports.official.tables import ReportSet
    from giamngheo.reports.official.workbook import write_workbook

    if not can_sign(unit, user):
        raise PermissionDenied("Không có quyền ký duyệt báo cáo của đơn vị này.")
    if unit.level == Level.PROVINCE:
        signed = (
            SignedReport.objects.filter(
                kind=ReportKind.OFFICIAL,
                province=unit,
                commune__isnull=False,
                year=year,
                standard_id=standard_id,
            )
            .exclude(state=SignOffState.RETURNED)
            .select_related("commune")
        )
        sets = [(s.commune.code, ReportSet.from_dict(s.data)) for s in signed]
        if not sets:
            raise ValidationError(
                "Chưa có xã/phường nào ký duyệt bộ 15 biểu của năm và chuẩn này; chưa tổng hợp được."
            )
        report = consolidate(unit, year, standard_id, sets)
    else:
        try:
            report = build_report_set(unit, year, standard_id, user)
        except NoReportData as reason:
            raise ValidationError(str(reason)) from reason
    return store_signed_report(
        user,
        kind=ReportKind.OFFICIAL,
        key=f"official:{unit.pk}:{year}:{standard_id}",
        unit=unit,
        title=f"Bộ 15 biểu báo cáo kết quả rà soát năm {year} — {unit.name}, chuẩn {standard_id}",
        data=report.to_dict(),
        files=lambda signed_line: (write_workbook(report), official_pdf(report, signed=signed_line)),
        year=year,
        standard_id=standard_id,
    )


def approve_report(report: SignedReport, user) -> SignedReport:
    if not can_review(report, user):
        raise PermissionDenied("Không có quyền duyệt báo cáo này.")
    return _review(report, user, SignOffState.APPROVED, "", "Duyệt")


def return_report(report: SignedReport, user, reason: str) -> SignedReport:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Cần ghi lý do trả lại."})
    if not can_review(report, user):
        raise PermissionDenied("Không có quyền trả lại báo cáo này.")
    return _review(report, user, SignOffState.RETURNED, reason, f"Trả lại: {reason}")


def _review(report: SignedReport, user, state: str, reason: str, change: str) -> SignedReport:
    with transaction.atomic():
        locked = SignedReport.objects.select_for_update().get(pk=report.pk)
        if locked.state != SignOffState.SUBMITTED:
            raise ValidationError("Báo cáo đã được duyệt hoặc trả lại.")
        locked.state, locked.return_reason = state, reason
        locked.reviewed_by, locked.reviewed_at = user, timezone.now()
        locked._change_reason = change
        locked.save(update_fields=["state", "return_reason", "reviewed_by", "reviewed_at"])
    return locked
