from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django_tasks import default_task_backend
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.core.downloads import xlsx_response
from giamngheo.core.filejobs import make_file
from giamngheo.core.jobs import follow
from giamngheo.core.params import ascii_int
from giamngheo.planning.checks import CHECKS
from giamngheo.planning.forms import ImpactForm
from giamngheo.planning.impact import STATUSES
from giamngheo.planning.jobs import check_counts, impact_from_result, province_overview
from giamngheo.planning.labels import STATUS_LABELS
from giamngheo.planning.quality import read_judged_frame
from giamngheo.planning.reading import NoSurveys, communes_of, households_of_cell, impact_for
from giamngheo.planning.workbook import impact_workbook


def _impact(request):
    """The form, the impact (None) and the message about missing surveys, computed inline."""
    form = ImpactForm(request.GET or None, user=request.user)
    if not form.is_bound or not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    try:
        impact = impact_for(
            data["unit"], data["year"], data["standard_from"], data["standard_to"], request.user
        )
    except NoSurveys as missing:
        return form, None, _missing_text(data["year"], str(missing))
    return form, impact, None


def _missing_text(year: int, communes: str) -> str:
    return f"Chưa có phiếu khảo sát nào đã nộp của năm {year} ở: {communes}."


def _names(ids) -> dict[int, str]:
    return dict(AdminUnit.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def _checks(unit, year: int, counts: dict[str, int]) -> list[dict]:
    link = f"{reverse('planning:checks')}?{urlencode({'unit': unit.pk, 'year': year})}"
    return [{"title": c.title, "count": counts.get(c.code, 0), "url": link} for c in CHECKS]


def _context(form, unit, year, impact, missing, counts, query: str) -> dict:
    context = {
        "form": form,
        "missing": missing,
        "impact": impact,
        "labels": STATUS_LABELS,
        "statuses": STATUSES,
    }
    if counts is not None:
        context |= {"unit": unit, "checks": _checks(unit, year, counts)}
    if impact is None:
        return context
    by_commune = impact.by_commune()
    names = _names(by_commune["commune_id"].to_list())
    named = [row | {"name": names.get(row["commune_id"], "")} for row in by_commune.iter_rows(named=True)]
    matrix = impact.matrix()
    return context | {
        "unit": unit,
        "matrix": [(s, [matrix[s][t] for t in STATUSES]) for s in STATUSES],
        "communes": named,
        "top": named[:5],
        "villages": _villages(impact) if unit.level == Level.COMMUNE else [],
        "query": query,
    }


@login_required
def impact_page(request):
    """A commune inline; a province as a background job whose result page shows the same."""
    form = ImpactForm(request.GET or None, user=request.user)
    if not form.is_bound or not form.is_valid():
        return render(request, "planning/impact.html", _context(form, None, None, None, None, None, ""))
    data = form.cleaned_data
    unit, year = data["unit"], data["year"]
    if unit.level == Level.PROVINCE:
        return _start_province_job(request, data)
    compared = [data["standard_from"], data["standard_to"]]
    frame = read_judged_frame([c.pk for c in communes_of(unit, request.user)], year, compared)
    try:
        impact = impact_for(unit, year, data["standard_from"], data["standard_to"], request.user, frame=frame)
        missing = None
    except NoSurveys as error:
        impact, missing = None, _missing_text(year, str(error))
    counts = check_counts(unit, year, request.user, frame)
    context = _context(form, unit, year, impact, missing, counts, request.GET.urlencode())
    return render(request, "planning/impact.html", context)


def _start_province_job(request, data):
    unit = data["unit"]
    result = province_overview.enqueue(
        unit.pk, data["year"], data["standard_from"], data["standard_to"], request.user.pk
    )
    query = urlencode({k: (v.pk if k == "unit" else v) for k, v in data.items()})
    if result.status == TaskResultStatus.SUCCESSFUL:  # ran at once (no worker: tests, small sites)
        return _show_result(request, query, result.return_value)
    request.session[f"planning-{result.id}"] = query
    title = f"Tính tác động và kiểm tra rà soát: {unit.name}, năm {data['year']}"
    return follow(request, result, title, reverse("planning:impact_result", args=[result.id]))


@login_required
def impact_result(request, job_id: str):
    """The province's impact and check counts once its job has ended (only for whoever started it)."""
    query = request.session.get(f"planning-{job_id}")
    if query is None:
        raise Http404
    try:
        result = default_task_backend.get_result(job_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        raise Http404 from None
    if result.status == TaskResultStatus.FAILED:
        messages.error(request, "Không tính được tác động. Hãy thử lại hoặc báo quản trị viên.")
        return redirect(reverse("planning:impact"))
    if result.status != TaskResultStatus.SUCCESSFUL:
        return redirect(reverse("core:job", args=[job_id]))
    return _show_result(request, query, result.return_value)


def _show_result(request, query: str, value: dict):
    form = ImpactForm(QueryDict(query), user=request.user)
    if not form.is_valid():  # the user's area changed since
        raise Http404
    data = form.cleaned_data
    impact = impact_from_result(value, data["year"])
    missing = _missing_text(data["year"], value["missing"]) if value.get("missing") else None
    counts = value.get("checks") or {}
    context = _context(form, data["unit"], data["year"], impact, missing, counts, query)
    return render(request, "planning/impact.html", context)


def _villages(impact) -> list[dict]:
    cells = impact.cells
    names = _names(cells["village_id"].drop_nulls().unique().to_list())
    rows = []
    for (village_id,), part in cells.group_by("village_id", maintain_order=True):
        counts = {(f, t): 0 for f in STATUSES for t in STATUSES}
        for f, t, n in part.select("status_from", "status_to", "households").iter_rows():
            counts[(f, t)] += n
        rows.append({
            "village_id": village_id,
            "name": names.get(village_id, "Chưa gán thôn/tổ"),
            "households": int(part["households"].sum()),
            "changed": sum(n for (f, t), n in counts.items() if f != t),
            "cells": [(f, t, counts[(f, t)]) for f in STATUSES for t in STATUSES if counts[(f, t)]],
        })  # fmt: skip
    return sorted(rows, key=lambda row: row["name"])


def _impact_file(impact, unit) -> tuple[bytes, str]:
    content = impact_workbook(impact, unit.name, _names(impact.cells["commune_id"].unique().to_list()))
    return content, f"tac-dong-{impact.standard_from}-{impact.standard_to}-{unit.code}.xlsx"


def impact_workbook_file(params, user) -> tuple[bytes, str]:
    """The impact workbook, for a background job (`core.filejobs`)."""
    form = ImpactForm(params, user=user)
    if not form.is_valid():
        raise Http404("Chưa chọn địa bàn, năm và hai chuẩn.")
    data = form.cleaned_data
    try:
        impact = impact_for(data["unit"], data["year"], data["standard_from"], data["standard_to"], user)
    except NoSurveys as missing:
        raise Http404(_missing_text(data["year"], str(missing))) from None
    return _impact_file(impact, data["unit"])


@login_required
def impact_xlsx(request):
    """A commune's workbook within the request; a province's (a frame read and two
    classifications of every household) from a background job, with progress and a download."""
    form = ImpactForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid() and form.cleaned_data["unit"].level == Level.PROVINCE:
        unit = form.cleaned_data["unit"]
        result = make_file.enqueue("planning-impact-xlsx", request.GET.urlencode(), request.user.pk)
        back = f"{reverse('planning:impact')}?{request.GET.urlencode()}"
        return follow(request, result, f"Xuất Excel tác động: {unit.name}", back, makes_file=True)
    form, impact, missing = _impact(request)
    if impact is None:
        raise Http404(missing or "Chưa chọn địa bàn, năm và hai chuẩn.")
    content, filename = _impact_file(impact, form.cleaned_data["unit"])
    return xlsx_response(content, filename)


@login_required
def cell_households(request, commune_pk: int):
    commune = get_object_or_404(AdminUnit, pk=commune_pk, level=Level.COMMUNE)
    try:
        communes_of(commune, request.user)
    except PermissionDenied:
        raise Http404 from None
    form = ImpactForm(request.GET, user=request.user)
    statuses = (request.GET.get("tu", ""), request.GET.get("sang", ""))
    if not form.is_valid() or not set(statuses) <= set(STATUSES):
        raise Http404
    village = request.GET.get("thon", "")
    village_id = ascii_int(village)
    data = form.cleaned_data
    households = households_of_cell(
        commune,
        village_id,
        data["year"],
        (data["standard_from"], data["standard_to"]),
        statuses,
        request.user,
    )
    context = {
        "commune": commune,
        "households": households,
        "form": form,
        "status_from": STATUS_LABELS[statuses[0]],
        "status_to": STATUS_LABELS[statuses[1]],
        "data": data,
    }
    return render(request, "planning/cell_households.html", context)
