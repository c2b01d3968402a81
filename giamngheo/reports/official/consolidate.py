"""A province's report set consolidated from its communes' signed-off sets: each
commune's total row becomes the province's row for that commune, totals and rates are
recomputed from them, and the lists are put end to end. Nothing is recounted."""

from giamngheo.areas.models import AdminUnit
from giamngheo.reports.official.layout import LIST_NUMBERS, TOTAL_LABEL
from giamngheo.reports.official.tables import ColumnInfo, ReportSet, Row, Table, summed, with_rates


def _union(tables: list[Table]) -> list[ColumnInfo]:
    """Every column of the communes' tables (report 9's ethnic groups differ), in first-seen order."""
    seen: dict[str, ColumnInfo] = {}
    for table in tables:
        for column in table.columns:
            seen.setdefault(column.key, column)
    return list(seen.values())


def consolidate(
    province: AdminUnit, year: int, standard_id: str, sets: list[tuple[str, ReportSet]]
) -> ReportSet:
    """`sets`: (commune code, its signed set) pairs, in any order; rows follow commune codes."""
    ordered = [report for _code, report in sorted(sets, key=lambda pair: pair[0])]
    numbers = sorted({table.number for report in ordered for table in report.tables})
    tables = []
    for number in numbers:
        parts = [(report, report.table(number)) for report in ordered]
        columns = _union([table for _report, table in parts])
        rows = [
            Row(report.unit_id, report.unit_name, with_rates(dict(table.total.values), columns))
            for report, table in parts
        ]
        tables.append(Table(number, columns, rows, summed(TOTAL_LABEL, rows, columns)))
    lists = {
        status: [h for report in ordered for h in report.lists.get(status, [])]
        for status in LIST_NUMBERS.values()
    }
    return ReportSet(
        province.pk,
        province.name,
        year,
        standard_id,
        tables,
        lists,
        consolidated_from=[report.unit_name for report in ordered],
    )
