from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from giamngheo.core.downloads import xlsx_response
from giamngheo.reports import queries
from giamngheo.reports.selection import resolve_selection, selectable_units
from giamngheo.reports.workbook import review_workbook


@login_required
def index(request):
    selection = resolve_selection(request.GET, request.user)
    context = {"selection": selection, "units": selectable_units(request.user, selection.unit)}
    if selection.has_data:
        args = (selection.area, selection.year, selection.standard_id, request.user)
        context["rows"] = queries.commune_rows(*args)
        context["total"] = queries.status_figures(*args)
    return render(request, "reports/index.html", context)


@login_required
def review_report(request):
    selection = resolve_selection(request.GET, request.user)
    if not selection.has_data:
        raise Http404("Chưa có số liệu tổng hợp cho địa bàn này.")
    content = review_workbook(selection.area, selection.year, selection.standard_id, request.user)
    return xlsx_response(
        content, f"bao-cao-ra-soat-{selection.unit.code}-{selection.year}-{selection.standard_id}.xlsx"
    )
