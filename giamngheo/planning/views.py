from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.core.downloads import xlsx_response
from giamngheo.core.params import ascii_int
from giamngheo.planning.forms import ImpactForm
from giamngheo.planning.impact import STATUSES
from giamngheo.planning.labels import STATUS_LABELS
from giamngheo.planning.reading import NoSurveys, communes_of, households_of_cell, impact_for
from giamngheo.planning.workbook import impact_workbook


def _impact(request):
    form = ImpactForm(request.GET or None, user=request.user)
    if not form.is_bound or not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    try:
        impact = impact_for(
            data["unit"], data["year"], data["standard_from"], data["standard_to"], request.user
        )
    except NoSurveys as missing:
        return form, None, f"Chưa có phiếu khảo sát nào đã nộp của năm {data['year']} ở: {missing}."
    return form, impact, None


def _names(ids) -> dict[int, str]:
    return dict(AdminUnit.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


@login_required
def impact_page(request):
    form, impact, missing = _impact(request)
    context = {
        "form": form,
        "missing": missing,
        "impact": impact,
        "labels": STATUS_LABELS,
        "statuses": STATUSES,
    }
    if impact is not None:
        unit = form.cleaned_data["unit"]
        by_commune = impact.by_commune()
        names = _names(by_commune["commune_id"].to_list())
        context |= {
            "unit": unit,
            "matrix": [(s, [impact.matrix()[s][t] for t in STATUSES]) for s in STATUSES],
            "communes": [
                row | {"name": names.get(row["commune_id"], "")} for row in by_commune.iter_rows(named=True)
            ],
            "top": [
                row | {"name": names.get(row["commune_id"], "")}
                for row in by_commune.head(5).iter_rows(named=True)
            ],
            "villages": _villages(impact) if unit.level == Level.COMMUNE else [],
            "query": request.GET.urlencode(),
        }
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


@login_required
def impact_xlsx(request):
    form, impact, missing = _impact(request)
    if impact is None:
        raise Http404(missing or "Chưa chọn địa bàn, năm và hai chuẩn.")
    unit = form.cleaned_data["unit"]
    content = impact_workbook(impact, unit.name, _names(impact.cells["commune_id"].unique().to_list()))
    return xlsx_response(content, f"tac-dong-{impact.standard_from}-{impact.standard_to}-{unit.code}.xlsx")


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
