import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.dateparse import parse_datetime

from giamngheo.accounts import audit
from giamngheo.accounts.audit_page import AuditFilterForm, audit_workbook
from giamngheo.core.downloads import xlsx_response

PAGE_SIZE = 100
EXPORT_LIMIT = 20_000


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
    return render(request, "accounts/audit.html", context)
