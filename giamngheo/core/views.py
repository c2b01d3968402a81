import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.dateparse import parse_datetime

from giamngheo.areas import queries as area_queries
from giamngheo.core import audit
from giamngheo.core.audit_page import AuditFilterForm, audit_workbook
from giamngheo.core.collation import sorted_vi
from giamngheo.core.downloads import xlsx_response
from giamngheo.core.overview import overview_for
from giamngheo.reports.breakdown import breakdown_of
from giamngheo.reports.selection import default_unit

PAGE_SIZE = 100
EXPORT_LIMIT = 20_000


@login_required
def home(request):
    unit = default_unit(request.user)
    context = {
        "overview": overview_for(request.user),
        "units": _assigned_units(request.user),
        "unit": unit,
        "breakdown": breakdown_of(unit, request.user) if unit is not None else None,
    }
    return render(request, "core/home.html", context)


def _assigned_units(user) -> list:
    """The units the user is assigned (every province for an administrator), in Vietnamese order."""
    units = (
        area_queries.top_units(user)
        if user.sees_everything
        else [a.unit for a in user.assignments.select_related("unit")]
    )
    return sorted_vi(units, key=lambda unit: unit.name)


@login_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None, user=request.user)
    criteria = form.criteria()
    if request.GET.get("xuat") == "xlsx":
        entries = audit.recent_changes(request.user, limit=EXPORT_LIMIT, criteria=criteria)
        return xlsx_response(audit_workbook(entries), "nhat-ky-thay-doi.xlsx")
    before = parse_datetime(request.GET.get("truoc", "") or "")
    if before and before.tzinfo is None:
        before = before.replace(tzinfo=dt.UTC)
    entries = audit.recent_changes(request.user, limit=PAGE_SIZE, before=before, criteria=criteria)
    older = entries[-1].when.isoformat() if len(entries) == PAGE_SIZE else None
    query = request.GET.copy()
    query.pop("truoc", None)
    query.pop("xuat", None)
    context = {"entries": entries, "older": older, "form": form, "query": query.urlencode()}
    return render(request, "core/audit.html", context)
