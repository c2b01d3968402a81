"""Signing off a plan's progress report from the plan's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from giamngheo.targets.forms import ProgressReportForm
from giamngheo.targets.plans import visible_plans
from giamngheo.targets.progress_report import NoProgressData
from giamngheo.targets.signoff import sign_off_plan_progress


@login_required
@require_POST
def sign_plan(request, plan_pk: int):
    plan = get_object_or_404(visible_plans(request.user), pk=plan_pk)
    form = ProgressReportForm(plan, request.POST)
    if not form.is_valid():
        messages.error(request, "Kỳ báo cáo không hợp lệ.")
        return redirect("targets:plan_detail", pk=plan.pk)
    try:
        report = sign_off_plan_progress(request.user, plan, form.cleaned_data["nam"], form.cleaned_data["ky"])
    except NoProgressData as reason:
        messages.warning(request, str(reason))
        return redirect("targets:plan_detail", pk=plan.pk)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("targets:plan_detail", pk=plan.pk)
    messages.success(request, "Đã ký duyệt và gửi báo cáo tiến độ lên cấp trên. Số liệu đã được chốt.")
    return redirect("reports:signed_detail", pk=report.pk)
