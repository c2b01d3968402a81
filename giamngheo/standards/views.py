from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from giamngheo.areas.scope import scoped
from giamngheo.core.downloads import xlsx_response
from giamngheo.standards import comparison, engine, runs, scorecard_versions
from giamngheo.standards.forms import RunForm, ScorecardUploadForm
from giamngheo.standards.models import ClassificationRun, RunKind
from giamngheo.standards.scorecard_tables import ScorecardWorkbookError
from giamngheo.standards.tasks import run_classification


@login_required
def standard_list(request):
    year = engine.current_season_year(timezone.localdate())
    try:
        season = engine.standard_for_periodic_review(year)
    except engine.NoStandardForReview as error:
        season, season_error = None, str(error)
    else:
        season_error = ""
    context = {
        "standards": engine.available_standards(),
        "season_year": year,
        "season": season,
        "season_error": season_error,
    }
    return render(request, "standards/list.html", context)


@login_required
def standard_detail(request, standard_id: str):
    by_id = {standard.id: standard for standard in engine.available_standards()}
    if standard_id not in by_id:
        raise Http404
    return render(request, "standards/detail.html", {"standard": by_id[standard_id]})


@login_required
def run_list(request):
    visible = scoped(
        ClassificationRun.objects.select_related("province", "commune", "created_by"), request.user
    )
    form = RunForm(user=request.user) if request.user.can_write else None
    if form is not None and len(form.fields["unit"].choices) <= 1:
        form = None  # nothing the user may run (a village collaborator): no form to offer
    return render(request, "standards/run_list.html", {"runs": visible[:100], "form": form})


@login_required
@require_POST
def run_start(request):
    if not request.user.can_write:
        raise PermissionDenied
    form = RunForm(request.POST, user=request.user)
    if not form.is_valid():
        visible = scoped(ClassificationRun.objects.all(), request.user)
        return render(request, "standards/run_list.html", {"runs": visible[:100], "form": form}, status=400)
    data = form.cleaned_data
    run = runs.create_run(
        data["unit"],
        data["year"],
        request.user,
        standard_id=data["standard_id"],
        second_standard_id=data["second_standard_id"],
    )
    run_classification.enqueue(run.pk)
    messages.success(request, "Đã đưa lượt phân loại vào hàng đợi.")
    return redirect("standards:run_detail", pk=run.pk)


@login_required
def run_detail(request, pk: int):
    run = get_object_or_404(
        scoped(ClassificationRun.objects.select_related("province", "commune"), request.user), pk=pk
    )
    context = {"run": run, "may_act": runs.may_act_on(run, request.user)}
    if run.kind == RunKind.COMPARISON and run.is_finished:
        context["matrix"] = comparison.overall_matrix(run, request.user)
        context["by_commune"] = comparison.matrices_by_commune(run, request.user)
        context["statuses"] = comparison.LABELS
    else:
        context["summary"] = _status_summary(run, request.user)
    template = "standards/_run_progress.html" if request.htmx else "standards/run_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def run_resume(request, pk: int):
    run = get_object_or_404(scoped(ClassificationRun.objects.all(), request.user), pk=pk)
    if not (run.is_interrupted and runs.may_act_on(run, request.user)):
        raise PermissionDenied
    runs.resume_run(run, request.user)
    run_classification.enqueue(run.pk)
    messages.success(request, "Đã đưa lượt phân loại vào hàng đợi để chạy tiếp.")
    return redirect("standards:run_detail", pk=run.pk)


@login_required
@require_POST
def run_cancel(request, pk: int):
    run = get_object_or_404(scoped(ClassificationRun.objects.all(), request.user), pk=pk)
    if not (run.is_interrupted and runs.may_act_on(run, request.user)):
        raise PermissionDenied
    runs.cancel_run(run, request.user)
    messages.success(request, "Đã huỷ lượt phân loại bị gián đoạn.")
    return redirect("standards:run_detail", pk=run.pk)


@login_required
def run_workbook(request, pk: int):
    run = get_object_or_404(
        scoped(ClassificationRun.objects.all(), request.user), pk=pk, kind=RunKind.COMPARISON
    )
    return xlsx_response(comparison.matrix_workbook(run, request.user), f"so-sanh-chuan-{run.pk}.xlsx")


def _status_summary(run: ClassificationRun, user) -> list[tuple[str, int]]:
    from django.db.models import Count

    from giamngheo.households.models import Status
    from giamngheo.standards.models import Classification

    counts = dict(
        scoped(Classification.objects.filter(run=run), user).values_list("status").annotate(n=Count("id"))
    )
    return [(label, counts.get(value, 0)) for value, label in Status.choices]


def _scored_standard_for_admin(request, standard_id: str) -> engine.Standard:
    if not request.user.sees_everything:
        raise PermissionDenied("Chỉ quản trị hệ thống được nạp bảng điểm phiếu B1.")
    standard = scorecard_versions.scored_standard(standard_id)
    if standard is None:
        raise Http404
    return standard


@login_required
@require_http_methods(["GET", "POST"])
def scorecard_tables(request, standard_id: str):
    """The B1 tables of a standard: those in use, the versions loaded, and the upload (administrators)."""
    standard = _scored_standard_for_admin(request, standard_id)
    form, problems, status = ScorecardUploadForm(), [], 200
    if request.method == "POST":
        form = ScorecardUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["workbook"]
            try:
                loaded = scorecard_versions.load_scorecard_tables(
                    standard.id, upload.name, upload.read(), request.user
                )
            except ScorecardWorkbookError as error:
                problems = error.problems
            else:
                messages.success(
                    request, f"Đã nạp bảng điểm phiếu B1 chuẩn {standard.id}, phiên bản {loaded.version}."
                )
                return redirect("standards:scorecard", standard_id=standard.id)
        status = 400
    else:
        scorecard_versions.sync_active_tables()
        standard = engine.load_standard(standard.id)
    context = {
        "standard": standard,
        "scorecard": standard.scorecard,
        "form": form,
        "problems": problems,
        "versions": scorecard_versions.versions(standard.id),
        "average": standard.line("average") is not None,
        **scorecard_versions.describe(standard),
    }
    return render(request, "standards/scorecard.html", context, status=status)


@login_required
def scorecard_template(request, standard_id: str):
    standard = _scored_standard_for_admin(request, standard_id)
    content = scorecard_versions.current_template(standard.id)
    return xlsx_response(content, f"bang-diem-b1-{standard.id}-{standard.scorecard.version}.xlsx")
