"""Pages of the programs app. Thin: parse the request, call a service or an action,
render. Every queryset goes through the area scope (`scoped`)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from giamngheo.areas.models import AdminUnit, Era
from giamngheo.areas.scope import scoped, unit_in_scope
from giamngheo.core.downloads import xlsx_response
from giamngheo.core.params import is_digits
from giamngheo.core.text import fold
from giamngheo.households.models import Household, Member
from giamngheo.programs import actions, budgets, coverage, exports, ledger, tasks
from giamngheo.programs.forms import (
    BudgetLineForm,
    DismissForm,
    ReductionModelForm,
    ResolveForm,
    SupportImportForm,
    SupportRecordForm,
    TaskForm,
    TaskNoteForm,
)
from giamngheo.programs.models import ModelRule, Policy, Programme, QuarantineState, TaskStatus
from giamngheo.programs.reduction_models import check_rule, visible_models
from giamngheo.programs.support_import import ImportFailed, import_support_list, template_workbook
from giamngheo.reports.selection import default_unit, selectable_units

PAGE_SIZE = 50


def _unit(request) -> AdminUnit:
    unit_id = request.GET.get("don_vi", "")
    if unit_id and not is_digits(unit_id):
        raise Http404
    unit = (
        AdminUnit.objects.filter(pk=int(unit_id), era=Era.CURRENT).first()
        if unit_id
        else default_unit(request.user)
    )
    if unit is None or not unit_in_scope(unit, request.user):
        raise Http404("Địa bàn không thuộc phạm vi được phân công.")
    return unit


def _reference(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("ngay", ""))
    except ValueError:
        return timezone.localdate()


def _form_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _require_write(request) -> None:
    if not request.user.can_write:
        raise PermissionDenied("Tài khoản chỉ được xem.")


@login_required
def index(request):
    context = {
        "policies": Policy.objects.filter(active=True)
        .select_related("ntp_project", "province", "tops_up")
        .prefetch_related("versions")
        .order_by("position"),
        "programmes": Programme.objects.prefetch_related("projects__parent").order_by("-first_year"),
        "open_unmatched": ledger.visible_unmatched(request.user, open_only=True).count(),
        "overdue": tasks.visible_tasks(request.user)
        .filter(tasks.overdue_condition(timezone.localdate()))
        .count(),
    }
    return render(request, "programs/index.html", context)


@login_required
@require_POST
def load_catalogue(request):
    """An administrator loads the shipped catalogues (policies, projects, seed plans) as a job."""
    if not request.user.sees_everything:
        raise PermissionDenied("Chỉ quản trị viên hệ thống nạp danh mục.")
    from giamngheo.core.jobs import follow
    from giamngheo.programs.jobs import load_catalogues

    back = request.POST.get("tiep", "")
    if not url_has_allowed_host_and_scheme(back, request.get_host()):
        back = reverse("programs:index")
    result = load_catalogues.enqueue(request.user.pk)
    return follow(request, result, "Nạp danh mục chính sách, dự án và kế hoạch mẫu", back)


# Coverage -------------------------------------------------------------------------------


@login_required
def coverage_page(request):
    unit, reference = _unit(request), _reference(request)
    report = coverage.coverage_report(unit, request.user, reference)
    focus = request.GET.get("chinh_sach", "")
    context = {
        "report": report,
        "units": selectable_units(request.user, unit),
        "focus": next((p for p in report.policies if p.policy.code == focus), None),
    }
    return render(request, "programs/coverage.html", context)


@login_required
def coverage_export(request):
    report = coverage.coverage_report(_unit(request), request.user, _reference(request))
    return xlsx_response(
        exports.coverage_workbook(report), f"bao-phu-{report.unit.code}-{report.reference}.xlsx"
    )


def _unreached(request, code: str):
    policy = get_object_or_404(Policy, code=code)
    unit, reference = _unit(request), _reference(request)
    frame = coverage.unreached_beneficiaries(unit, request.user, policy, reference)
    return policy, unit, reference, frame


@login_required
def unreached_page(request, code: str):
    policy, unit, reference, frame = _unreached(request, code)
    households = frame["household_id"].n_unique()
    paginator = Paginator(range(households), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    rows = coverage.unreached_rows(frame, page.start_index() - 1 if households else 0, PAGE_SIZE)
    context = {
        "policy": policy,
        "unit": unit,
        "reference": reference,
        "rows": rows,
        "page": page,
        "households": households,
        "people": frame.height if policy.is_member_policy else None,
    }
    return render(request, "programs/unreached.html", context)


@login_required
def unreached_export(request, code: str):
    policy, unit, reference, frame = _unreached(request, code)
    rows = coverage.unreached_rows(frame, 0, frame.height or 1)
    title = f"DANH SÁCH HỘ THUỘC DIỆN CHƯA NHẬN: {policy.name.upper()}"
    content = exports.unreached_workbook(
        title, f"Địa bàn: {unit.name}; tính đến ngày {reference:%d/%m/%Y}", rows
    )
    return xlsx_response(content, f"chua-nhan-{policy.code}-{unit.code}.xlsx")


# Support ledger --------------------------------------------------------------------------


@login_required
def support_list(request):
    records = ledger.visible_records(request.user)
    policy = request.GET.get("chinh_sach", "")
    if policy:
        records = records.filter(policy__code=policy)
    query = request.GET.get("q", "").strip()
    if query:
        records = records.filter(Q(household__code=query) | Q(household__search_text__contains=fold(query)))
    page = Paginator(records.order_by("-delivered_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {"page": page, "policies": Policy.objects.all(), "policy": policy, "q": query}
    return render(request, "programs/support_list.html", context)


@login_required
def support_new(request):
    code = (request.GET.get("ho", "") or request.POST.get("ho", "")).strip()
    household = ledger.household_by_code(request.user, code)
    form = SupportRecordForm(request.POST or None, household=household)
    if request.method == "POST" and household is not None and form.is_valid():
        _require_write(request)
        data = form.cleaned_data
        member = household.members.filter(pk=data["member"]).first() if data["member"] else None
        try:
            record, created = actions.record_support(
                request.user,
                policy=data["policy"],
                household=household,
                member=member,
                delivered_on=data["delivered_on"],
                amount=data["amount"],
                in_kind=data["in_kind"],
                reference=data["reference"],
                agency=data["agency"],
                document=data["document"],
                note=data["note"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            if created:
                messages.success(request, "Đã ghi nhận hỗ trợ.")
            else:
                messages.info(request, "Hỗ trợ này đã có trong sổ (không ghi trùng).")
            return redirect(f"{request.path}?ho={household.code}")
    recent = ledger.visible_records(request.user).filter(household=household)[:20] if household else []
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programs/support_form.html",
        {"form": form, "household": household, "code": code, "recent": recent},
        status=status,
    )


@login_required
def support_import(request):
    form = SupportImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _require_write(request)
        data = form.cleaned_data
        upload = data["file"]
        try:
            batch = import_support_list(
                request.user,
                data=upload.read(),
                file_name=upload.name,
                policy=data["policy"],
                unit=data["unit"],
                agency=data["agency"],
                document=data["document"],
            )
        except ImportFailed as error:
            form.add_error("file", str(error))
        else:
            return redirect("programs:import_detail", pk=batch.pk)
    batches = ledger.visible_imports(request.user)[:20]
    status = 400 if request.method == "POST" else 200
    return render(request, "programs/import.html", {"form": form, "batches": batches}, status=status)


@login_required
def import_template(request):
    return xlsx_response(template_workbook(), "mau-danh-sach-ho-tro.xlsx")


@login_required
def import_detail(request, pk: int):
    batch = get_object_or_404(ledger.visible_imports(request.user), pk=pk)
    unmatched = batch.unmatched.order_by("row_number")[:200]
    return render(request, "programs/import_detail.html", {"batch": batch, "unmatched": unmatched})


@login_required
def import_errors(request, pk: int):
    batch = get_object_or_404(ledger.visible_imports(request.user), pk=pk)
    if not batch.error_workbook:
        raise Http404
    name = batch.file_name.rsplit(".", 1)[0]
    return xlsx_response(bytes(batch.error_workbook), f"{name}-danh-dau-loi.xlsx")


@login_required
def unmatched_list(request):
    state = request.GET.get("trang_thai", QuarantineState.OPEN)
    rows = ledger.visible_unmatched(request.user)
    if state in QuarantineState.values:
        rows = rows.filter(state=state)
    page = Paginator(rows.order_by("batch", "row_number"), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "programs/unmatched_list.html",
        {"page": page, "state": state, "states": QuarantineState.choices},
    )


@login_required
def unmatched_detail(request, pk: int):
    row = get_object_or_404(ledger.visible_unmatched(request.user), pk=pk)
    query = request.GET.get("tim", "") or row.cccd or row.full_name
    context = {
        "row": row,
        "query": query,
        "candidates": ledger.find_members(request.user, query),
        "resolve_form": ResolveForm(),
        "dismiss_form": DismissForm(),
    }
    if request.method == "POST":
        _require_write(request)
        action = request.POST.get("action")
        form = ResolveForm(request.POST) if action == "resolve" else DismissForm(request.POST)
        if form.is_valid():
            try:
                if action == "resolve":
                    members = scoped(Member.objects.select_related("household"), request.user)
                    member = get_object_or_404(members, pk=form.cleaned_data["member"])
                    actions.resolve_unmatched(request.user, row, member, form.cleaned_data["note"])
                    messages.success(request, f"Đã ghi nhận hỗ trợ cho {member.full_name}.")
                else:
                    actions.dismiss_unmatched(request.user, row, form.cleaned_data["note"])
                    messages.success(request, "Đã loại bỏ dòng (vẫn được lưu cùng lý do).")
                return redirect("programs:unmatched_list")
            except ValidationError as error:
                _form_error(form, error)
        context["resolve_form" if action == "resolve" else "dismiss_form"] = form
        return render(request, "programs/unmatched_detail.html", context, status=400)
    return render(request, "programs/unmatched_detail.html", context)


# Budget -----------------------------------------------------------------------------------


def _budget_lines(request):
    lines = budgets.visible_lines(request.user)
    year = request.GET.get("nam", "")
    if is_digits(year):
        lines = lines.filter(year=int(year))
    plan = request.GET.get("ke_hoach", "")
    if is_digits(plan):
        lines = lines.filter(plan_id=int(plan))
    return list(
        lines.order_by("plan__title", "unit__name", "year", "project__position", "source", "nature", "pk")
    )


@login_required
def budget_page(request, form=None, status=200):
    lines = _budget_lines(request)
    checks = budgets.consistency_checks(lines)
    context = {
        "lines": lines,
        "checks": checks,
        "mismatches": [c for c in checks if not c.ok],
        "by_project": budgets.rates_by_project(lines),
        "by_unit": budgets.rates_by_unit(lines),
        "form": form or BudgetLineForm(user=request.user, initial={"year": timezone.localdate().year}),
        "years": sorted({line.year for line in budgets.visible_lines(request.user)}, reverse=True),
    }
    return render(request, "programs/budget.html", context, status=status)


@login_required
@require_POST
def budget_save(request):
    _require_write(request)
    form = BudgetLineForm(request.POST, user=request.user)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            actions.save_budget_line(request.user, unit=data.pop("unit"), plan=data.pop("plan"), **data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Đã lưu dòng kinh phí.")
            return redirect("programs:budget")
    return budget_page(request, form=form, status=400)


@login_required
def budget_edit(request, pk: int):
    line = get_object_or_404(budgets.visible_lines(request.user), pk=pk)
    initial = {name: getattr(line, name) for name in actions.BUDGET_FIELDS}
    form = BudgetLineForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        _require_write(request)
        try:
            actions.save_budget_line(request.user, line, **form.cleaned_data)
        except ValidationError as error:
            line.refresh_from_db()
            _form_error(form, error)
        else:
            messages.success(request, "Đã cập nhật dòng kinh phí.")
            return redirect("programs:budget")
    status = 400 if request.method == "POST" else 200
    return render(request, "programs/budget_form.html", {"form": form, "line": line}, status=status)


@login_required
def budget_export(request):
    lines = _budget_lines(request)
    content = exports.budget_workbook(
        lines,
        budgets.consistency_checks(lines),
        budgets.rates_by_project(lines),
        budgets.rates_by_unit(lines),
    )
    return xlsx_response(content, "kinh-phi-chuong-trinh.xlsx")


# Tasks ---------------------------------------------------------------------------------------


def _filtered_tasks(request):
    plan = request.GET.get("ke_hoach", "")
    return tasks.filter_tasks(
        tasks.visible_tasks(request.user),
        agency=request.GET.get("co_quan", ""),
        status=request.GET.get("trang_thai", ""),
        plan_id=int(plan) if is_digits(plan) else None,
        overdue=request.GET.get("qua_han") == "1",
    ).order_by("plan__title", "deadline", "pk")


@login_required
def task_list(request, form=None, status=200):
    today = timezone.localdate()
    visible = tasks.visible_tasks(request.user)
    rows = [(task, tasks.is_overdue(task, today)) for task in _filtered_tasks(request)]
    context = {
        "rows": rows,
        "by_agency": tasks.overdue_by_agency(visible, today),
        "statuses": TaskStatus.choices,
        "plans": visible.values("plan_id", "plan__title").annotate(n=Count("id")).order_by("plan__title"),
        "form": form or TaskForm(user=request.user),
        "today": today,
        "filters": request.GET,
    }
    return render(request, "programs/tasks.html", context, status=status)


@login_required
@require_POST
def task_save(request):
    _require_write(request)
    form = TaskForm(request.POST, user=request.user)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            task = actions.save_task(request.user, unit=data.pop("unit"), plan=data.pop("plan"), **data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Đã thêm nhiệm vụ.")
            return redirect("programs:task_detail", pk=task.pk)
    return task_list(request, form=form, status=400)


@login_required
def task_detail(request, pk: int):
    task = get_object_or_404(tasks.visible_tasks(request.user), pk=pk)
    note_form = TaskNoteForm(initial={"status": task.status})
    edit_form = TaskForm(
        user=request.user, editing=True, initial={n: getattr(task, n) for n in actions.TASK_FIELDS}
    )
    status = 200
    if request.method == "POST":
        _require_write(request)
        if request.POST.get("action") == "edit":
            edit_form = TaskForm(request.POST, user=request.user, editing=True)
            form = edit_form
        else:
            note_form = TaskNoteForm(request.POST)
            form = note_form
        if form.is_valid():
            try:
                if form is edit_form:
                    actions.save_task(request.user, task, **form.cleaned_data)
                else:
                    actions.set_task_status(
                        request.user, task, form.cleaned_data["status"], form.cleaned_data["text"]
                    )
            except ValidationError as error:
                task.refresh_from_db()
                _form_error(form, error)
            else:
                messages.success(request, "Đã cập nhật nhiệm vụ.")
                return redirect("programs:task_detail", pk=task.pk)
        status = 400
    context = {
        "task": task,
        "overdue": tasks.is_overdue(task),
        "notes": task.notes.select_related("author"),
        "note_form": note_form,
        "edit_form": edit_form,
    }
    return render(request, "programs/task_detail.html", context, status=status)


@login_required
def task_export(request):
    return xlsx_response(
        exports.tasks_workbook(_filtered_tasks(request), timezone.localdate()), "nhiem-vu.xlsx"
    )


# Poverty-reduction models ---------------------------------------------------------------------


@login_required
def model_list(request, form=None, status=200):
    models = visible_models(request.user)
    rules = [check_rule(rule, models=models.filter(plan=rule.plan) if rule.plan_id else models.none())
             for rule in ModelRule.objects.select_related("plan")]  # fmt: skip
    context = {
        "models": models,
        "rules": rules,
        "form": form or ReductionModelForm(user=request.user, initial={"year": timezone.localdate().year}),
    }
    return render(request, "programs/models.html", context, status=status)


@login_required
@require_POST
def model_save(request):
    _require_write(request)
    form = ReductionModelForm(request.POST, user=request.user)
    if form.is_valid():
        data = dict(form.cleaned_data)
        codes = form.codes()
        data.pop("household_codes")
        households = list(scoped(Household.objects.all(), request.user).filter(code__in=codes))
        missing = sorted(set(codes) - {h.code for h in households})
        if missing:
            form.add_error("household_codes", f"Không tìm thấy hộ: {', '.join(missing[:10])}.")
        else:
            try:
                actions.save_reduction_model(
                    request.user, commune=data.pop("commune"), households=households, **data
                )
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, "Đã thêm mô hình giảm nghèo.")
                return redirect("programs:models")
    return model_list(request, form=form, status=400)
