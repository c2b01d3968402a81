import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.dateparse import parse_datetime

from giamngheo.areas import queries as area_queries
from giamngheo.core import audit
from giamngheo.core.overview import overview_for


@login_required
def home(request):
    context = {"overview": overview_for(request.user), "units": area_queries.top_units(request.user)}
    return render(request, "core/home.html", context)


@login_required
def audit_log(request):
    before = parse_datetime(request.GET.get("truoc", "") or "")
    if before and before.tzinfo is None:
        before = before.replace(tzinfo=dt.UTC)
    entries = audit.recent_changes(request.user, limit=100, before=before)
    older = entries[-1].when.isoformat() if len(entries) == 100 else None
    return render(request, "core/audit.html", {"entries": entries, "older": older})
