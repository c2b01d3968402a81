"""Indicators, plans, targets, progress and report downloads, within the caller's area."""

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from giamngheo.api.pagination import paginate
from giamngheo.api.schemas import ERRORS
from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.downloads import XLSX, xlsx_response
from giamngheo.core.pdf import PDF, pdf_response
from giamngheo.reports.print_report import review_pdf
from giamngheo.reports.review_data import build_review_report
from giamngheo.reports.selection import resolve_selection
from giamngheo.reports.signoff_views import visible_reports
from giamngheo.reports.workbook import write_review_workbook
from giamngheo.targets.models import Indicator, Plan, Target
from giamngheo.targets.plans import visible_plans, visible_progress, visible_targets
from giamngheo.targets.progress import progress_of
from giamngheo.targets.progress_pdf import progress_pdf
from giamngheo.targets.progress_report import NoProgressData, build_progress_report
from giamngheo.targets.progress_workbook import progress_workbook

router = Router(tags=["Chỉ tiêu, tiến độ và báo cáo"])

MAX_ID = 2**31 - 1
Format = Literal["xlsx", "pdf"]
PeriodCode = Literal["Q1", "H1", "9M", "Y"]
FILE_RESPONSES = {
    "responses": {
        200: {
            "description": "Tệp Excel hoặc PDF",
            "content": {
                XLSX: {"schema": {"type": "string", "format": "binary"}},
                PDF: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }
}


class IndicatorOut(Schema):
    code: str
    name: str
    kind: str
    measure: str
    definition: str
    computation: str


class IndicatorList(Schema):
    items: list[IndicatorOut]


class PlanOut(Schema):
    id: int
    title: str
    document_number: str
    issued_on: dt.date | None
    unit: str = Field(
        ..., alias="unit.code", description="mã đơn vị ban hành/áp dụng (có thể là đơn vị trước 01/7/2025)"
    )
    province: str = Field(..., alias="province.code", description="mã tỉnh hiện nay")
    commune: str | None = Field(None, alias="commune.code")
    period_start: int
    period_end: int
    standard_id: str
    reporting: str


class PlanPage(Schema):
    items: list[PlanOut]
    next_cursor: str | None = None


class TargetOut(Schema):
    id: int
    plan_id: int
    indicator: str = Field(..., alias="indicator.code")
    unit: str = Field(..., alias="unit.code")
    segment: str
    year: int
    start_year: int | None
    baseline: float | None
    baseline_year: int | None
    target_value: float
    target_high: float | None
    direction: str


class TargetPage(Schema):
    items: list[TargetOut]
    next_cursor: str | None = None


class ProgressOut(Schema):
    id: int
    target_id: int
    year: int
    period: str
    value: float
    source: str
    state: str
    note: str
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None


class ProgressPage(Schema):
    items: list[ProgressOut]
    next_cursor: str | None = None


class ActualOut(Schema):
    value: float | None
    year: int | None
    period: str
    source: str
    approved: bool


class TargetStatusOut(Schema):
    target_id: int
    status: str
    status_label: str
    actual: ActualOut


class SignedReportOut(Schema):
    id: int
    kind: str
    title: str
    version: int
    unit: str = Field(..., alias="unit.code")
    plan_id: int | None
    year: int
    period: str
    standard_id: str
    state: str
    signed_at: dt.datetime
    reviewed_at: dt.datetime | None
    return_reason: str


class SignedReportPage(Schema):
    items: list[SignedReportOut]
    next_cursor: str | None = None


class PageQuery(Schema):
    cursor: str | None = None
    limit: int = Field(100, ge=1, le=500)


class TargetQuery(PageQuery):
    plan: int | None = Field(None, ge=1, le=MAX_ID)
    year: int | None = Field(None, ge=2000, le=2100)


class ProgressQuery(PageQuery):
    target: int | None = Field(None, ge=1, le=MAX_ID)
    year: int | None = Field(None, ge=2000, le=2100)


class ReviewReportQuery(Schema):
    unit: str = Field(..., min_length=1, max_length=20, description="mã tỉnh hoặc xã/phường hiện hành")
    year: int | None = Field(None, ge=2000, le=2100, description="để trống: năm gần nhất có số liệu")
    standard: str | None = Field(None, max_length=40, description="để trống: chuẩn áp dụng cho nhiều hộ nhất")


class ProgressReportQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)
    period: PeriodCode = Field("Y", description="Q1: quý I, H1: 6 tháng, 9M: 9 tháng, Y: cả năm")


def _file(content: bytes, name: str, fmt: str) -> HttpResponse:
    return pdf_response(content, f"{name}.pdf") if fmt == "pdf" else xlsx_response(content, f"{name}.xlsx")


@router.get("/indicators", response={200: IndicatorList, **ERRORS}, summary="Danh mục chỉ số")
def list_indicators(request):
    return {"items": list(Indicator.objects.all())}


@router.get("/plans", response={200: PlanPage, **ERRORS}, summary="Kế hoạch trong địa bàn")
def list_plans(request, filters: Query[PageQuery]):
    plans = visible_plans(request.user).select_related("unit", "province", "commune")
    rows, following = paginate(plans, filters.cursor, filters.limit)
    return {"items": rows, "next_cursor": following}


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERRORS}, summary="Một kế hoạch")
def get_plan(request, plan_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(visible_plans(request.user), pk=plan_id)


@router.get("/targets", response={200: TargetPage, **ERRORS}, summary="Chỉ tiêu trong địa bàn")
def list_targets(request, filters: Query[TargetQuery]):
    targets = visible_targets(request.user)
    if filters.plan:
        targets = targets.filter(plan_id=filters.plan)
    if filters.year:
        targets = targets.filter(year=filters.year)
    rows, following = paginate(targets, filters.cursor, filters.limit)
    return {"items": rows, "next_cursor": following}


@router.get(
    "/targets/{target_id}/status",
    response={200: TargetStatusOut, **ERRORS},
    summary="Số thực hiện mới nhất và đánh giá của một chỉ tiêu",
)
def target_status(request, target_id: int = Path(..., ge=1, le=MAX_ID)):
    target: Target = get_object_or_404(
        visible_targets(request.user).prefetch_related("progress"), pk=target_id
    )
    state = progress_of(target, request.user)
    actual = state.actual
    return {
        "target_id": target.pk,
        "status": state.status,
        "status_label": state.status_label,
        "actual": {
            "value": None if actual.value is None else float(actual.value),
            "year": actual.year,
            "period": actual.period,
            "source": actual.source,
            "approved": actual.approved,
        },
    }


@router.get("/progress", response={200: ProgressPage, **ERRORS}, summary="Số liệu thực hiện chỉ tiêu")
def list_progress(request, filters: Query[ProgressQuery]):
    values = visible_progress(request.user)
    if filters.target:
        values = values.filter(target_id=filters.target)
    if filters.year:
        values = values.filter(year=filters.year)
    rows, following = paginate(values, filters.cursor, filters.limit)
    return {"items": rows, "next_cursor": following}


@router.get(
    "/reports/review.{fmt}",
    response=ERRORS,
    openapi_extra=FILE_RESPONSES,
    summary="Báo cáo kết quả rà soát của tỉnh hoặc xã (Excel hoặc PDF)",
)
def review_report(request, fmt: Format, filters: Query[ReviewReportQuery]):
    unit = AdminUnit.objects.filter(
        era=Era.CURRENT, level__in=[Level.PROVINCE, Level.COMMUNE], code=filters.unit
    ).first()
    if unit is None:
        raise HttpError(404, f"Không có tỉnh hoặc xã/phường mã {filters.unit}.")
    params = {"don_vi": str(unit.pk), "nam": str(filters.year or ""), "chuan": filters.standard or ""}
    selection = resolve_selection(params, request.user)  # 404 outside the caller's area
    if not selection.has_data:
        raise HttpError(404, "Chưa có số liệu tổng hợp cho địa bàn này.")
    report = build_review_report(selection.area, selection.year, selection.standard_id, request.user)
    content = review_pdf(report) if fmt == "pdf" else write_review_workbook(report)
    return _file(content, f"bao-cao-ra-soat-{unit.code}-{selection.year}-{selection.standard_id}", fmt)


@router.get(
    "/plans/{plan_id}/progress-report.{fmt}",
    response=ERRORS,
    openapi_extra=FILE_RESPONSES,
    summary="Báo cáo tiến độ kế hoạch theo kỳ (Excel hoặc PDF)",
)
def plan_progress_report(
    request, fmt: Format, filters: Query[ProgressReportQuery], plan_id: int = Path(..., ge=1, le=MAX_ID)
):
    plan: Plan = get_object_or_404(visible_plans(request.user), pk=plan_id)
    try:
        report = build_progress_report(plan, filters.year, filters.period, request.user)
    except NoProgressData as reason:
        raise HttpError(404, str(reason)) from reason
    content = progress_pdf(report) if fmt == "pdf" else progress_workbook(report)
    return _file(content, f"bao-cao-tien-do-ke-hoach-{plan.pk}-{filters.year}-{filters.period}", fmt)


@router.get("/signed-reports", response={200: SignedReportPage, **ERRORS}, summary="Báo cáo đã ký duyệt")
def list_signed_reports(request, filters: Query[PageQuery]):
    reports = visible_reports(request.user).defer("data", "xlsx", "pdf")
    rows, following = paginate(reports, filters.cursor, filters.limit)
    return {"items": rows, "next_cursor": following}


@router.get(
    "/signed-reports/{report_id}/file.{fmt}",
    response=ERRORS,
    openapi_extra=FILE_RESPONSES,
    summary="Tệp đã lưu khi ký duyệt (không tạo lại)",
)
def signed_report_file(request, fmt: Format, report_id: int = Path(..., ge=1, le=MAX_ID)):
    report = get_object_or_404(visible_reports(request.user), pk=report_id)
    content = bytes(report.pdf if fmt == "pdf" else report.xlsx)
    return _file(content, f"bao-cao-da-ky-{report.pk}-lan-{report.version}", fmt)
