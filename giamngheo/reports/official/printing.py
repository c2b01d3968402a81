"""The signed-off report set as a PDF (A4 landscape), from the same `ReportSet` as the workbook."""

from django.utils import timezone

from giamngheo.core.pdf import render_pdf
from giamngheo.reports.official.build import standard_name
from giamngheo.reports.official.layout import SIGNATURES, UNCONFIRMED_NOTE
from giamngheo.reports.official.tables import ReportSet

TEMPLATE = "reports/print/official.html"
MAX_PRINTED_HOUSEHOLDS = 2000  # longer lists are only in the workbook


def official_pdf(report: ReportSet, *, signed: str = "") -> bytes:
    tables = [
        (table, [(row, _cells(table, row)) for row in table.rows], (table.total, _cells(table, table.total)))
        for table in report.tables
    ]
    printed = sum(len(households) for households in report.lists.values()) <= MAX_PRINTED_HOUSEHOLDS
    context = {
        "report": report,
        "standard_name": standard_name(report.standard_id),
        "tables": tables,
        "lists": report.lists if printed else {},
        "lists_in_workbook": not printed,
        "signatures": SIGNATURES,
        "note": UNCONFIRMED_NOTE,
        "signed": signed,
        "printed_on": timezone.localdate(),
    }
    return render_pdf(TEMPLATE, context)


def _cells(table, row) -> list[tuple[object, bool, str]]:
    return [(row.values.get(column.key, 0), column.is_rate, "") for column in table.shown]
