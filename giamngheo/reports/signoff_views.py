"""Pages to sign reports off, list those sent up, approve or return them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from giamngheo.areas.scope import scoped
from giamngheo.core.downloads import xlsx_response
from giamngheo.core.pdf import pdf_response
from giamngheo.reports import actions, signoff_kinds
from giamngheo.reports.forms import ReturnForm
from giamngheo.reports.models import ReportKind, SignedReport, SignOffState
from giamngheo.reports.review_data import ReviewReport
from giamngheo.reports.selection import resolve_selection

STATE_FILTERS = {
    "cho-duyet": SignOffState.SUBMITTED,
    "da-duyet": SignOffState.APPROVED,
    "tra-lai": SignOffState.RETURNED,
}


def visible_reports(user):
    return scoped(SignedReport.objects.select_related("unit", "signed_by", "reviewed_by", "plan"), user)


def _messages_of(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@login_required
def signed_list(request):
    reports = visible_reports(request.user).defer("data", "xlsx", "pdf")
    state = STATE_FILTERS.get(request.GET.get("trang_thai", ""))
    if state:
        reports = reports.filter(state=state)
    context = {
        "reports": [(r, actions.can_review(r, request.user)) for r in reports[:500]],
        "filters": STATE_FILTERS,
        "chosen": request.GET.get("trang_thai", ""),
    }
    return render(request, "reports/signed_list.html", context)


@login_required
def signed_detail(request, pk: int):
    report = get_object_or_404(visible_reports(request.user), pk=pk)
    context = {
        "report": report,
        "can_review": actions.can_review(report, request.user),
        "return_form": ReturnForm(),
        "history": report.history.select_related("history_user").order_by("-history_date"),
    }
    if report.kind == ReportKind.REVIEW:
        context["review"] = ReviewReport.from_dict(report.data)
    elif report.kind == ReportKind.OFFICIAL:
        from giamngheo.reports.official.tables import ReportSet

        official = ReportSet.from_dict(report.data)
        context["official"] = official
        context["official_tables"] = [
            (t, [(r, [(r.values.get(c.key, 0), c.is_rate, "") for c in t.shown]) for r in t.rows],
             (t.total, [(t.total.values.get(c.key, 0), c.is_rate, "") for c in t.shown]))
            for t in official.tables
        ]  # fmt: skip
    else:
        context.update(signoff_kinds.detail_context(report.kind, report.data))
    return render(request, "reports/signed_detail.html", context)


@login_required
def signed_file(request, pk: int, extension: str):
    """The file stored when the report was signed off (never regenerated)."""
    report = get_object_or_404(visible_reports(request.user), pk=pk)
    name = f"bao-cao-da-ky-{report.pk}-lan-{report.version}.{extension}"
    if extension == "xlsx":
        return xlsx_response(bytes(report.xlsx), name)
    if extension == "pdf":
        return pdf_response(bytes(report.pdf), name)
    raise Http404


@login_required
@require_POST
def sign_review(request):
    selection = resolve_selection(request.POST, request.user)
    if not selection.has_data:
        messages.error(request, "Chưa có số liệu tổng hợp cho địa bàn này; không ký duyệt được.")
        return redirect("reports:index")
    try:
        report = actions.sign_off_review(request.user, selection.unit, selection.year, selection.standard_id)
    except ValidationError as error:
        _messages_of(request, error)
        return redirect(f"{reverse('reports:index')}?{selection.query()}")
    messages.success(request, "Đã ký duyệt và gửi báo cáo lên tỉnh. Số liệu của báo cáo đã được chốt.")
    return redirect("reports:signed_detail", pk=report.pk)


@login_required
@require_POST
def review_action(request, pk: int, action: str):
    report = get_object_or_404(visible_reports(request.user), pk=pk)
    try:
        if action == "duyet":
            actions.approve_report(report, request.user)
            messages.success(request, "Đã duyệt báo cáo.")
        elif action == "tra-lai":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Cần ghi lý do trả lại.")
                return redirect("reports:signed_detail", pk=report.pk)
            actions.return_report(report, request.user, form.cleaned_data["reason"])
            messages.success(request, "Đã trả lại báo cáo cho đơn vị.")
        else:
            raise Http404
    except PermissionDenied:
        raise
    except ValidationError as error:
        _messages_of(request, error)
    return redirect("reports:signed_detail", pk=report.pk)
