"""The periodic review report as a PDF (A4 landscape), drawn from the same
`ReviewReport` as the Excel workbook."""

import datetime as dt

from django.utils import timezone

from giamngheo.core.pdf import render_pdf
from giamngheo.reports.review_data import MOVEMENT_LABELS, ReviewReport

TEMPLATE = "reports/print/review.html"


def review_pdf(report: ReviewReport, *, signed: str = "", printed_on: dt.date | None = None) -> bytes:
    """`signed` is a line saying who signed the snapshot off and when (blank for a draft)."""
    context = {
        "report": report,
        "movement_headers": MOVEMENT_LABELS,
        "signed": signed,
        "printed_on": printed_on or timezone.localdate(),
    }
    return render_pdf(TEMPLATE, context)
