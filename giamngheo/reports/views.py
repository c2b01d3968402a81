from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from giamngheo.core.downloads import xlsx_response
from giamngheo.core.filejobs import make_file
from giamngheo.core.jobs import follow
from giamngheo.core.pdf import pdf_response
from giamngheo.reports import queries
from giamngheo.reports.actions import can_sign
from giamngheo.reports.breakdown import breakdown_of
from giamngheo.reports.print_report import review_pdf
from giamngheo.reports.review_data import build_review_report
from giamngheo.reports.selection import Selection, resolve_selection, selectable_units
from giamngheo.reports.workbook import write_review_workbook


@login_required
def index(request):
    selection = resolve_selection(request.GET, request.user)
    context = {
        "selection": selection,
        "units": selectable_units(request.user, selection.unit),
        "can_sign": can_sign(selection.unit, request.user),
        "breakdown": breakdown_of(selection.unit, request.user),
    }
    if selection.has_data:
        args = (selection.area, selection.year, selection.standard_id, request.user)
        context["rows"] = queries.commune_rows(*args)
        context["total"] = queries.status_figures(*args)
    return render(request, "reports/index.html", context)


def _review_selection(request, params=None) -> Selection:
    selection = resolve_selection(request.GET if params is None else params, request.user)
    if not selection.has_data:
        raise Http404("Chưa có số liệu tổng hợp cho địa bàn này.")
    return selection


def _review_filename(selection: Selection, extension: str) -> str:
    return f"bao-cao-ra-soat-{selection.unit.code}-{selection.year}-{selection.standard_id}.{extension}"


def review_pdf_file(params, user) -> tuple[bytes, str]:
    """The review report as PDF, for a background job (`core.filejobs`)."""
    selection = resolve_selection(params, user)
    if not selection.has_data:
        raise Http404("Chưa có số liệu tổng hợp cho địa bàn này.")
    report = build_review_report(selection.area, selection.year, selection.standard_id, user)
    return review_pdf(report), _review_filename(selection, "pdf")


def review_workbook_file(params, user) -> tuple[bytes, str]:
    selection = resolve_selection(params, user)
    if not selection.has_data:
        raise Http404("Chưa có số liệu tổng hợp cho địa bàn này.")
    report = build_review_report(selection.area, selection.year, selection.standard_id, user)
    return write_review_workbook(report), _review_filename(selection, "xlsx")


@login_required
@require_POST
def review_file_job(request, kind: str):
    """Make the review report (PDF or Excel) in the background, with progress and a download."""
    if kind not in ("review-pdf", "review-xlsx"):
        raise Http404
    selection = _review_selection(request, request.POST)
    result = make_file.enqueue(kind, selection.query(), request.user.pk)
    title = f"Tạo báo cáo rà soát {'PDF' if kind == 'review-pdf' else 'Excel'}: {selection.unit.name}, năm {selection.year}"
    return follow(request, result, title, f"{reverse('reports:index')}?{selection.query()}", makes_file=True)


@login_required
def review_report(request):
    selection = _review_selection(request)
    report = build_review_report(selection.area, selection.year, selection.standard_id, request.user)
    return xlsx_response(write_review_workbook(report), _review_filename(selection, "xlsx"))


@login_required
def review_report_pdf(request):
    selection = _review_selection(request)
    report = build_review_report(selection.area, selection.year, selection.standard_id, request.user)
    return pdf_response(review_pdf(report), _review_filename(selection, "pdf"))
