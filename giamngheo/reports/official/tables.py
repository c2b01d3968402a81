"""Reports 1-13 as tables: one row per commune and a total row, counted from the report
frame in one group-by; the report set (`ReportSet`) that pages, the workbook, the CLI
and the signed-off snapshots read, with `to_dict`/`from_dict` for the snapshot."""

import dataclasses
from dataclasses import dataclass, field

import polars as pl

from giamngheo.reports.official.columns import Column, ethnicities, report_columns
from giamngheo.reports.official.layout import SHEETS, TABLE_NUMBERS, TOTAL_LABEL


@dataclass(frozen=True)
class ColumnInfo:
    key: str
    label: str
    group: str = ""
    rate: tuple[str, str] | None = None
    hidden: bool = False

    @property
    def is_rate(self) -> bool:
        return self.rate is not None


@dataclass(frozen=True)
class Row:
    unit_id: int | None
    name: str
    values: dict[str, float]


@dataclass(frozen=True)
class Table:
    number: int
    columns: list[ColumnInfo]
    rows: list[Row]
    total: Row

    @property
    def sheet(self):
        return SHEETS[self.number]

    @property
    def shown(self) -> list[ColumnInfo]:
        return [c for c in self.columns if not c.hidden]

    @property
    def groups(self) -> list[tuple[str, int, ColumnInfo]]:
        """Header groups of the shown columns, in order: (group, width, first column);
        a column without a group is a group of its own with a blank name."""
        spans: list[tuple[str, int, ColumnInfo]] = []
        for column in self.shown:
            if spans and column.group and spans[-1][0] == column.group:
                spans[-1] = (column.group, spans[-1][1] + 1, spans[-1][2])
            else:
                spans.append((column.group, 1, column))
        return spans


@dataclass(frozen=True)
class ReportSet:
    unit_id: int
    unit_name: str
    year: int
    standard_id: str
    tables: list[Table] = field(default_factory=list)
    lists: dict[str, list[dict]] = field(default_factory=dict)
    consolidated_from: list[str] = field(default_factory=list)

    def table(self, number: int) -> Table:
        return next(t for t in self.tables if t.number == number)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ReportSet":
        def row(item: dict) -> Row:
            return Row(**item)

        tables = [
            Table(
                t["number"],
                [ColumnInfo(**(c | {"rate": tuple(c["rate"]) if c["rate"] else None})) for c in t["columns"]],
                [row(r) for r in t["rows"]],
                row(t["total"]),
            )
            for t in data["tables"]
        ]
        return cls(
            data["unit_id"],
            data["unit_name"],
            data["year"],
            data["standard_id"],
            tables,
            data.get("lists") or {},
            data.get("consolidated_from") or [],
        )


def share(values: dict[str, float], rate: tuple[str, str]) -> float:
    numerator, denominator = values.get(rate[0], 0), values.get(rate[1], 0)
    return numerator / denominator if denominator else 0.0


def with_rates(values: dict[str, float], columns: list[ColumnInfo]) -> dict[str, float]:
    return values | {c.key: share(values, c.rate) for c in columns if c.rate is not None}


def summed(name: str, rows: list[Row], columns: list[ColumnInfo], unit_id: int | None = None) -> Row:
    """A total row: the sum of the rows' counts, its rates from those sums."""
    values = {c.key: sum(r.values.get(c.key, 0) for r in rows) for c in columns if not c.is_rate}
    return Row(unit_id, name, with_rates(values, columns))


def columns_of(standard_id: str, frame: pl.DataFrame) -> dict[int, dict[str, Column]]:
    groups = ethnicities(frame)
    return {
        number: {c.key: c for c in report_columns(number, standard_id, groups)} for number in TABLE_NUMBERS
    }


def info(column: Column) -> ColumnInfo:
    return ColumnInfo(column.key, column.label, column.group, column.rate, column.hidden)


def build_tables(
    frame: pl.DataFrame, standard_id: str, communes: dict[int, str], total_name: str = TOTAL_LABEL
) -> list[Table]:
    """Reports 1-13 for the communes (id → name, in report order) from the report frame."""
    specs = columns_of(standard_id, frame)
    aggregates = [
        column.value().cast(pl.Int64).alias(f"{number}|{key}")
        for number, columns in specs.items()
        for key, column in columns.items()
        if column.rate is None
    ]
    counted = frame.group_by("commune_id").agg(aggregates) if aggregates else frame
    by_commune = {row["commune_id"]: row for row in counted.iter_rows(named=True)}
    tables = []
    for number, columns in specs.items():
        infos = [info(c) for c in columns.values()]
        rows = []
        for commune_id, name in communes.items():
            found = by_commune.get(commune_id, {})
            values = {c.key: found.get(f"{number}|{c.key}") or 0 for c in infos if not c.is_rate}
            rows.append(Row(commune_id, name, with_rates(values, infos)))
        tables.append(Table(number, infos, rows, summed(total_name, rows, infos)))
    return tables
