from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from giamngheo.core.downloads import xlsx_response
from giamngheo.core.pdf import pdf_response
from giamngheo.reports.breakdown import breakdown_of
from giamngheo.reports.selection import resolve_selection, selectable_units
from giamngheo.targets import plans, progress
from giamngheo.targets.dashboard import CHARTS, build_dashboard
from giamngheo.targets.exports import chart_workbook
from giamngheo.targets.forms import ProgressForm, ProgressReportForm, ReturnForm
from giamngheo.targets.models import Indicator, ProgressValue
from giamngheo.targets.progress_pdf import progress_pdf
from giamngheo.targets.progress_report import NoProgressData, build_progress_report
from giamngheo.targets.progress_workbook import progress_workbook


@login_required
def dashboard(request):
    selection = resolve_selection(request.GET, request.user)
    context = {
        "board": build_dashboard(selection, request.user),
        "selection": selection,
        "units": selectable_units(request.user, selection.unit),
        "breakdown": breakdown_of(selection.unit, request.user),
    }
    return render(request, "targets/dashboard.html", context)


@login_required
def chart_data(request, chart: str):
    if chart not in CHARTS:
        raise Http404
    selection = resolve_selection(request.GET, request.user)
    data = build_dashboard(selection, request.user, draw=False).charts.get(chart)
    if data is None:
        raise Http404("Chưa có số liệu.")
    return xlsx_response(
        chart_workbook(data, selection), f"{chart}-{selection.unit.code}-{selection.year or ''}.xlsx"
    )


@login_required
def plan_list(request):
    return render(request, "targets/plan_list.html", {"plans": plans.visible_plans(request.user)})


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(plans.visible_plans(request.user), pk=pk)
    context = {
        "overview": plans.plan_overview(plan, request.user),
        "plan": plan,
        "report_form": ProgressReportForm(plan),
    }
    return render(request, "targets/plan_detail.html", context)


@login_required
def plan_progress_report(request, pk: int):
    """The plan's progress report for a period, as Excel or PDF; back to the plan with a
    message when the period has nothing to report."""
    plan = get_object_or_404(plans.visible_plans(request.user), pk=pk)
    form = ProgressReportForm(plan, request.GET)
    if not form.is_valid():
        messages.error(request, "Kỳ báo cáo không hợp lệ: chọn một năm trong thời kỳ của kế hoạch và một kỳ.")
        return redirect("targets:plan_detail", pk=plan.pk)
    year, period = form.cleaned_data["nam"], form.cleaned_data["ky"]
    try:
        report = build_progress_report(plan, year, period, request.user)
    except NoProgressData as reason:
        messages.warning(request, str(reason))
        return redirect("targets:plan_detail", pk=plan.pk)
    name = f"bao-cao-tien-do-ke-hoach-{plan.pk}-{year}-{period}"
    if form.cleaned_data["dinh_dang"] == "pdf":
        return pdf_response(progress_pdf(report), f"{name}.pdf")
    return xlsx_response(progress_workbook(report), f"{name}.xlsx")


@login_required
@require_POST
def plan_record_computed(request, pk: int):
    plan = get_object_or_404(plans.visible_plans(request.user), pk=pk)
    recorded = 0
    for target in plan.targets.select_related("plan", "indicator", "unit"):
        if target.is_computed and progress.can_enter(target, request.user):
            recorded += progress.record_computed(target, request.user) is not None
    messages.success(request, f"Đã ghi nhận {recorded} số liệu tính từ bảng tổng hợp.")
    return redirect("targets:plan_detail", pk=plan.pk)


@login_required
def target_detail(request, pk: int):
    target = get_object_or_404(plans.visible_targets(request.user), pk=pk)
    return _target_page(request, target, ProgressForm(initial={"year": target.year}))


def _target_page(request, target, form, status=200):
    values = list(target.progress.select_related("entered_by", "approved_by").order_by("-year", "-period"))
    context = {
        "target": target,
        "state": progress.progress_of(target, request.user),
        "values": [(v, progress.can_approve(v, request.user)) for v in values],
        "history": ProgressValue.history.filter(target_id=target.pk).select_related("history_user")[:50],
        "can_enter": progress.can_enter(target, request.user),
        "form": form,
        "return_form": ReturnForm(),
        "allocations": [progress.allocation_progress(a, request.user) for a in target.allocations.all()],
    }
    return render(request, "targets/target_detail.html", context, status=status)


@login_required
@require_POST
def progress_save(request, pk: int):
    target = get_object_or_404(plans.visible_targets(request.user), pk=pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _target_page(request, target, form, status=400)
    data = form.cleaned_data
    try:
        value = progress.save_progress(
            target,
            request.user,
            year=data["year"],
            period=data["period"],
            value=data["value"],
            note=data["note"],
        )
        if data["submit"]:
            progress.submit_progress(value, request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return _target_page(request, target, form, status=400)
    messages.success(request, "Đã lưu số liệu thực hiện.")
    return redirect("targets:target_detail", pk=target.pk)


@login_required
@require_POST
def progress_action(request, pk: int, action: str):
    value = get_object_or_404(plans.visible_progress(request.user), pk=pk)
    if action == "gui-duyet":
        progress.submit_progress(value, request.user)
        messages.success(request, "Đã gửi duyệt.")
    elif action == "duyet":
        progress.approve_progress(value, request.user)
        messages.success(request, "Đã duyệt số liệu.")
    elif action == "tra-lai":
        form = ReturnForm(request.POST)
        if not form.is_valid():
            raise PermissionDenied
        progress.return_progress(value, request.user, form.cleaned_data["reason"])
        messages.success(request, "Đã trả lại số liệu.")
    else:
        raise Http404
    return redirect("targets:target_detail", pk=value.target_id)


@login_required
def indicator_list(request):
    return render(request, "targets/indicators.html", {"indicators": Indicator.objects.all()})
