"""Transition matrices of comparison runs: how households classified under one
standard are classified under another, overall and by commune."""

import io
from dataclasses import dataclass, field

import xlsxwriter
from django.db.models import Sum

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import scoped_units
from giamngheo.core.workbooks import new_workbook
from giamngheo.households.models import Status
from giamngheo.standards.models import ClassificationRun, Transition

STATUSES = list(Status.values)
LABELS = dict(Status.choices)


@dataclass
class Matrix:
    """counts[from][to] = households."""

    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {f: dict.fromkeys(STATUSES, 0) for f in STATUSES}
    )

    def add(self, status_from: str, status_to: str, households: int) -> None:
        self.counts[status_from][status_to] += households

    def rows(self) -> list[tuple[str, list[int], int]]:
        return [
            (LABELS[f], [self.counts[f][t] for t in STATUSES], sum(self.counts[f].values())) for f in STATUSES
        ]

    def column_totals(self) -> list[int]:
        return [sum(self.counts[f][t] for f in STATUSES) for t in STATUSES]

    @property
    def total(self) -> int:
        return sum(self.column_totals())


def overall_matrix(run: ClassificationRun, user) -> Matrix:
    matrix = Matrix()
    rows = Transition.objects.filter(run=run, commune__in=_scoped_communes(run, user))
    for r in rows.values("status_from", "status_to").annotate(n=Sum("households")):
        matrix.add(r["status_from"], r["status_to"], r["n"])
    return matrix


def matrices_by_commune(run: ClassificationRun, user) -> list[tuple[str, Matrix]]:
    by_commune: dict[str, Matrix] = {}
    rows = Transition.objects.filter(run=run, commune__in=_scoped_communes(run, user)).select_related(
        "commune"
    )
    for t in rows.order_by("commune__code"):
        by_commune.setdefault(t.commune.name, Matrix()).add(t.status_from, t.status_to, t.households)
    return list(by_commune.items())


def _scoped_communes(run: ClassificationRun, user):
    return scoped_units(
        AdminUnit.objects.filter(level=Level.COMMUNE, province_id=run.province_id), user
    ).filter(pk__in=Transition.objects.filter(run=run).values("commune"))


def matrix_workbook(run: ClassificationRun, user) -> bytes:
    """The comparison as an Excel workbook: overall matrix, then one block per commune."""
    output = io.BytesIO()
    book = new_workbook(output, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "align": "center"}
    )
    cell = book.add_format({"border": 1, "num_format": "#,##0"})
    label = book.add_format({"border": 1, "bold": True})
    caption = f"So sánh phân loại: chuẩn {run.standard_id} (hàng) → chuẩn {run.second_standard_id} (cột)"
    sheet = book.add_worksheet("Tổng hợp")
    sheet.write(0, 0, caption, title)
    sheet.write(1, 0, f"Địa bàn: {run.commune or run.province}; năm khảo sát {run.year}")
    _write_matrix(sheet, 3, overall_matrix(run, user), head, cell, label)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, len(STATUSES) + 1, 16)
    detail = book.add_worksheet("Theo xã")
    detail.write(0, 0, caption, title)
    row = 2
    for commune, matrix in matrices_by_commune(run, user):
        detail.write(row, 0, commune, title)
        row = _write_matrix(detail, row + 1, matrix, head, cell, label) + 2
    detail.set_column(0, 0, 34)
    detail.set_column(1, len(STATUSES) + 1, 16)
    book.close()
    return output.getvalue()


def _write_matrix(sheet, top: int, matrix: Matrix, head, cell, label) -> int:
    sheet.write(top, 0, "Theo chuẩn thứ nhất \\ thứ hai", head)
    for j, status in enumerate(STATUSES, start=1):
        sheet.write(top, j, LABELS[status], head)
    sheet.write(top, len(STATUSES) + 1, "Tổng", head)
    for i, (name, counts, _total) in enumerate(matrix.rows(), start=top + 1):
        sheet.write(i, 0, name, label)
        sheet.write_row(i, 1, counts, cell)
        first, last = (
            xlsxwriter.utility.xl_rowcol_to_cell(i, 1),
            xlsxwriter.utility.xl_rowcol_to_cell(i, len(STATUSES)),
        )
        sheet.write_formula(i, len(STATUSES) + 1, f"=SUM({first}:{last})", cell, sum(counts))
    bottom = top + len(STATUSES) + 1
    sheet.write(bottom, 0, "Tổng", label)
    for j, value in enumerate(matrix.column_totals(), start=1):
        col_first = xlsxwriter.utility.xl_rowcol_to_cell(top + 1, j)
        col_last = xlsxwriter.utility.xl_rowcol_to_cell(bottom - 1, j)
        sheet.write_formula(bottom, j, f"=SUM({col_first}:{col_last})", cell, value)
    sheet.write_formula(
        bottom,
        len(STATUSES) + 1,
        f"=SUM({xlsxwriter.utility.xl_rowcol_to_cell(bottom, 1)}:{xlsxwriter.utility.xl_rowcol_to_cell(bottom, len(STATUSES))})",
        cell,
        matrix.total,
    )
    return bottom
