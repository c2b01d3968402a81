"""Pages of the procedures that run inside a round beside the poor and near-poor lists: low-income
workers (NĐ 30/2025) and agricultural households with an average living standard (QĐ 24/2021)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from giamngheo.core.downloads import xlsx_response
from giamngheo.core.params import is_digits
from giamngheo.core.pdf import pdf_response, render_pdf
from giamngheo.reviews import agricultural, low_income, queries


@login_required
def low_income_workers(request, pk: int):
    """Low-income workers identified in the round (NĐ 30/2025), on the page or as a workbook."""
    round_ = queries.round_for(request.user, pk)
    workers = low_income.low_income_workers(round_)
    if request.GET.get("xuat") == "xlsx":
        content = low_income.workers_workbook(round_, workers)
        return xlsx_response(content, f"lao-dong-thu-nhap-thap-{round_.unit.code}-{round_.year}.xlsx")
    context = {"round": round_, "workers": workers, "line": low_income.income_line()}
    return render(request, "reviews/low_income.html", context)


@login_required
def agricultural_households(request, pk: int):
    """The round's agricultural households with an average living standard: counts by village,
    the households, the workbook."""
    round_ = queries.round_for(request.user, pk)
    found = agricultural.identify(round_, request.user)
    if request.GET.get("xuat") == "xlsx":
        if found.undefined:
            raise Http404(found.undefined)
        content = agricultural.workbook(found)
        return xlsx_response(content, f"ho-nlndn-muc-song-tb-{round_.unit.code}-{round_.year}.xlsx")
    context = {
        "round": round_,
        "found": found,
        "procedure": agricultural.procedure(),
        "title": agricultural.title(round_),
        "subtitle": agricultural.subtitle(found) if not found.undefined else "",
    }
    return render(request, "reviews/agricultural.html", context)


@login_required
def agricultural_certificates(request, pk: int):
    """The certificates as one PDF: every household of the list, or the one given by `ho`."""
    round_ = queries.round_for(request.user, pk)
    found = agricultural.identify(round_, request.user)
    if found.undefined:
        raise Http404(found.undefined)
    entries = found.entries
    chosen = request.GET.get("ho", "")
    if chosen:
        entries = [e for e in entries if is_digits(chosen) and e.household_id == int(chosen)]
    if not entries:
        raise Http404("Không có hộ nào trong danh sách để cấp giấy xác nhận.")
    context = {
        "round": round_,
        "found": found,
        "entries": entries,
        "procedure": agricultural.procedure(),
        "today": timezone.localdate(),
    }
    suffix = f"-{entries[0].code}" if chosen else ""
    filename = f"giay-xac-nhan-ho-nlndn-{round_.unit.code}-{round_.year}{suffix}.pdf"
    return pdf_response(render_pdf("reviews/print/agricultural_certificates.html", context), filename)
