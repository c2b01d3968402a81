import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.dateparse import parse_datetime

from giamngheo.accounts import audit


@login_required
def audit_log(request):
    before = parse_datetime(request.GET.get("truoc", "") or "")
    if before and before.tzinfo is None:
        before = before.replace(tzinfo=dt.UTC)
    entries = audit.recent_changes(request.user, limit=100, before=before)
    older = entries[-1].when.isoformat() if len(entries) == 100 else None
    return render(request, "accounts/audit.html", {"entries": entries, "older": older})
