"""Pages of the fifteen official review reports: the list, one page per report (each
figure opens the households it counts), the workbook, and the households behind a cell.
A unit outside the user's area is refused (403) before anything is computed."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped
from giamngheo.core.downloads import xlsx_response
from giamngheo.core.filejobs import make_file
from giamngheo.core.jobs import follow
from giamngheo.households.models import Household
from giamngheo.reports import actions
from giamngheo.reports.official.build import (
    NoReportData,
    build_report_set,
    cell_households,
    check_unit,
    standard_name,
)
from giamngheo.reports.official.layout import LIST_NUMBERS, SHEETS, TABLE_NUMBERS
from giamngheo.reports.official.workbook import write_workbook
from giamngheo.reports.selection import Selection, resolve_selection, selectable_units

PAGE_SIZE = 100


def _selection(request, params=None) -> Selection:
    """The unit, year and standard asked for; 403 for a unit outside the user's area."""
    return _selection_of(params if params is not None else request.GET, request.user)


def _selection_of(params, user) -> Selection:
    unit_id = params.get("don_vi", "")
    if unit_id:
        unit = AdminUnit.objects.filter(pk=int(unit_id) if unit_id.isdigit() else 0, era=Era.CURRENT).first()
        if unit is None:
            raise Http404
        check_unit(unit, user)
    return resolve_selection(params, user)


def _cells(table, row, base: dict) -> list[tuple[object, bool, str]]:
    """(value, is_rate, link to the households) for each shown column of a row."""
    commune = "" if row.unit_id is None else row.unit_id
    return [
        (
            row.values.get(column.key, 0),
            column.is_rate,
            "?" + urlencode(base | {"bieu": table.number, "cot": column.key, "xa": commune}),
        )
        for column in table.shown
    ]


@login_required
def index(request):
    selection = _selection(request)
    context = {
        "selection": selection,
        "units": selectable_units(request.user, selection.unit),
        "sheets": [SHEETS[n] for n in sorted(SHEETS)],
        "can_sign": actions.can_sign(selection.unit, request.user),
    }
    return render(request, "reports/official/index.html", context)


@login_required
def report_page(request, number: int):
    if number not in SHEETS:
        raise Http404
    selection = _selection(request)
    context = {"selection": selection, "sheet": SHEETS[number], "number": number}
    if selection.has_data:
        try:
            report = build_report_set(
                selection.unit, selection.year, selection.standard_id, request.user,
                with_lists=number in LIST_NUMBERS,
            )  # fmt: skip
        except NoReportData as reason:
            context["empty"] = str(reason)
        else:
            context["standard_name"] = standard_name(selection.standard_id)
            if number in TABLE_NUMBERS:
                table = report.table(number)
                base = {"don_vi": selection.unit.pk, "nam": selection.year, "chuan": selection.standard_id}
                context["table"] = table
                context["rows"] = [(row, _cells(table, row, base)) for row in table.rows]
                context["total"] = (table.total, _cells(table, table.total, base))
            else:
                households = report.lists[LIST_NUMBERS[number]]
                context["page"] = Paginator(households, PAGE_SIZE).get_page(request.GET.get("trang"))
                context["list_total"] = len(households)
    return render(request, "reports/official/report.html", context)


def workbook_file(params, user) -> tuple[bytes, str]:
    """The fifteen reports as one workbook, for a background job (`core.filejobs`) or the request."""
    selection = _selection_of(params, user)
    if not selection.has_data:
        raise Http404("Chưa có số liệu rà soát cho địa bàn này.")
    try:
        report = build_report_set(selection.unit, selection.year, selection.standard_id, user)
    except NoReportData as reason:
        raise Http404(str(reason)) from reason
    name = f"bao-cao-ra-soat-15-bieu-{selection.unit.code}-{selection.year}-{selection.standard_id}.xlsx"
    return write_workbook(report), name


@login_required
def workbook(request):
    """A commune's workbook within the request; a province's (every poor and near-poor household
    with its members in reports 14-15: minutes at 1,000,000 households) from a background job,
    with progress and a download."""
    selection = _selection(request)
    if not selection.has_data:
        raise Http404("Chưa có số liệu rà soát cho địa bàn này.")
    if selection.unit.level == Level.PROVINCE:
        result = make_file.enqueue("official-xlsx", request.GET.urlencode(), request.user.pk)
        back = f"{reverse('reports:official_index')}?{request.GET.urlencode()}"
        title = f"Xuất Excel 15 biểu báo cáo: {selection.unit.name}, năm {selection.year}"
        return follow(request, result, title, back, makes_file=True)
    return xlsx_response(*workbook_file(request.GET, request.user))


@login_required
def cell(request):
    """The households behind one figure, within the user's area."""
    selection = _selection(request)
    number, key, commune = request.GET.get("bieu", ""), request.GET.get("cot", ""), request.GET.get("xa", "")
    if not (selection.has_data and number.isdigit() and int(number) in TABLE_NUMBERS):
        raise Http404
    if commune and not commune.isdigit():
        raise Http404
    try:
        ids = cell_households(
            selection.unit, selection.year, selection.standard_id, request.user,
            int(number), key, int(commune) if commune else None,
        )  # fmt: skip
    except (KeyError, NoReportData) as missing:
        raise Http404 from missing
    households = scoped(Household.objects.filter(pk__in=ids), request.user)
    households = households.select_related("commune", "village", "current").order_by("commune__code", "code")
    sheet = SHEETS[int(number)]
    column = next((c for c in _columns(selection, int(number), key)), None)
    context = {
        "selection": selection,
        "sheet": sheet,
        "column": column,
        "commune": AdminUnit.objects.filter(pk=commune).first() if commune else None,
        "page": Paginator(households, PAGE_SIZE).get_page(request.GET.get("trang")),
        "count": len(ids),
        "extra": urlencode({"bieu": number, "cot": key, "xa": commune}),
        "back": reverse("reports:official_report", args=[sheet.number]) + "?" + selection.query(),
    }
    return render(request, "reports/official/households.html", context)


def _columns(selection: Selection, number: int, key: str):
    from giamngheo.reports.official.columns import report_columns

    return [
        c for c in report_columns(number, selection.standard_id, [key.split("_eth_")[-1]]) if c.key == key
    ]


@login_required
@require_POST
def sign(request):
    selection = _selection(request, request.POST)
    if not selection.has_data:
        messages.error(request, "Chưa có số liệu rà soát cho địa bàn này; không ký duyệt được.")
        return redirect("reports:official_index")
    try:
        report = actions.sign_off_official(
            request.user, selection.unit, selection.year, selection.standard_id
        )
    except PermissionDenied:
        raise
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(f"{reverse('reports:official_index')}?{selection.query()}")
    messages.success(request, "Đã ký duyệt bộ 15 biểu báo cáo và gửi lên tỉnh. Số liệu đã được chốt.")
    return redirect("reports:signed_detail", pk=report.pk)
