import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.core.downloads import xlsx_response
from giamngheo.core.filejobs import make_file
from giamngheo.core.jobs import follow
from giamngheo.core.params import ascii_int, is_digits
from giamngheo.core.workbooks import new_workbook
from giamngheo.planning.forms import ChecksForm
from giamngheo.planning.quality import dismiss_flag, run_checks, set_threshold


def _selected(request):
    form = ChecksForm(request.GET or None, user=request.user)
    if not form.is_bound or not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, run_checks(data["unit"], data["year"], request.user)


def _rows(result) -> list[dict]:
    names = dict(
        AdminUnit.objects.filter(pk__in=result.flags["commune_id"].unique().to_list()).values_list(
            "pk", "name"
        )
    )
    return [row | {"commune": names.get(row["commune_id"], "")} for row in result.flags.iter_rows(named=True)]


@login_required
def checks_page(request):
    form, results = _selected(request)
    context = {
        "form": form,
        "results": [(r, _rows(r)) for r in results or []],
        "query": request.GET.urlencode(),
    }
    if results is not None:
        unit = form.cleaned_data["unit"]
        context["can_set"] = request.user.can_write and unit.level == Level.PROVINCE
        context["unit"], context["year"] = unit, form.cleaned_data["year"]
    return render(request, "planning/checks.html", context)


def checks_workbook_file(params, user) -> tuple[bytes, str]:
    """Every check's flags as one workbook, for a background job (`core.filejobs`)."""
    form = ChecksForm(params, user=user)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    return _checks_workbook(run_checks(data["unit"], data["year"], user)), _checks_filename(data)


def _checks_filename(data: dict) -> str:
    return f"kiem-tra-ra-soat-{data['unit'].code}-{data['year']}.xlsx"


def _checks_workbook(results) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#e8eef6", "border": 1})
    for result in results:
        sheet = book.add_worksheet(result.check.title[:31])
        sheet.write_string(0, 0, result.check.title, head)
        sheet.write_string(1, 0, result.check.why)
        sheet.write_row(3, 0, ["Xã/phường", "Mã hộ (id)", "Nội dung", "Đã bỏ qua vì"], head)
        for i, row in enumerate(_rows(result), start=4):
            sheet.write_string(i, 0, row["commune"])
            sheet.write_string(i, 1, str(row["household_id"] or ""))
            sheet.write_string(i, 2, row["detail"])
            sheet.write_string(i, 3, row["dismissed"] or "")
        sheet.set_column(0, 0, 28)
        sheet.set_column(2, 2, 90)
        sheet.set_column(3, 3, 40)
    book.close()
    return buffer.getvalue()


@login_required
def checks_xlsx(request):
    """A commune's workbook within the request; a province's (its frame and every check over
    all its households) from a background job, with progress and a download."""
    form = ChecksForm(request.GET or None, user=request.user)
    if not form.is_bound or not form.is_valid():
        raise Http404
    data = form.cleaned_data
    if data["unit"].level == Level.PROVINCE:
        result = make_file.enqueue("planning-checks-xlsx", request.GET.urlencode(), request.user.pk)
        back = f"{reverse('planning:checks')}?{request.GET.urlencode()}"
        return follow(
            request, result, f"Xuất Excel kiểm tra rà soát: {data['unit'].name}", back, makes_file=True
        )
    return xlsx_response(
        _checks_workbook(run_checks(data["unit"], data["year"], request.user)), _checks_filename(data)
    )


@login_required
@require_POST
def dismiss(request):
    unit = get_object_or_404(
        AdminUnit, pk=request.POST.get("unit", "0") if request.POST.get("unit", "").isdigit() else 0
    )
    year, commune = request.POST.get("year", ""), request.POST.get("commune", "")
    if not (is_digits(year) and is_digits(commune)):
        raise Http404
    try:
        dismiss_flag(
            request.user,
            unit,
            int(year),
            request.POST.get("check", ""),
            request.POST.get("key", ""),
            int(commune),
            request.POST.get("reason", ""),
        )
        messages.success(request, "Đã bỏ qua cảnh báo; lý do được ghi vào nhật ký.")
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return _back_to_checks(unit, year)


@login_required
@require_POST
def threshold(request):
    unit_id = request.POST.get("unit", "")
    unit = get_object_or_404(AdminUnit, pk=ascii_int(unit_id) or 0)
    try:
        value = float(request.POST.get("value", "").replace(",", "."))
    except ValueError:
        messages.error(request, "Ngưỡng phải là một số.")
    else:
        try:
            set_threshold(request.user, unit, request.POST.get("check", ""), value)
            messages.success(request, "Đã lưu ngưỡng của tỉnh.")
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
    return _back_to_checks(unit, request.POST.get("year", ""))


def _back_to_checks(unit: AdminUnit, year: str):
    return redirect(f"{reverse('planning:checks')}?{urlencode({'unit': unit.pk, 'year': year})}")
