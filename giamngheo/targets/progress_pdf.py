"""A plan's progress report as a PDF (A4 landscape), from the same `ProgressReport`
as the Excel workbook."""

import datetime as dt

from django.utils import timezone

from giamngheo.core.pdf import render_pdf
from giamngheo.targets.progress_report import ProgressReport

TEMPLATE = "targets/print/progress_report.html"


def progress_pdf(report: ProgressReport, *, signed: str = "", printed_on: dt.date | None = None) -> bytes:
    context = {"report": report, "signed": signed, "printed_on": printed_on or timezone.localdate()}
    return render_pdf(TEMPLATE, context)
