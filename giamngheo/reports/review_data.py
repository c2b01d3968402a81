"""The figures of the periodic review report, built once from the summary tables.

The Excel workbook (`reports.workbook`), the PDF (`reports.print_report`) and a
signed-off snapshot (`reports.actions`) all read a `ReviewReport`; none of them
counts anything again. `to_dict`/`from_dict` turn it into JSON for the snapshot.
"""

import dataclasses
from dataclasses import dataclass, field

from giamngheo.households.models import Status
from giamngheo.reports import queries
from giamngheo.reports.labels import indicator_label
from giamngheo.reports.models import Group
from giamngheo.reports.queries import Area, StatusFigures

TITLE = "BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {year}"
GROUP_TABLES = [
    (Group.ALL, "Theo đơn vị", "Biểu 1. Số hộ, nhân khẩu nghèo và cận nghèo theo đơn vị"),
    (Group.ETHNIC_MINORITY, "Dân tộc thiểu số", "Biểu 2. Hộ nghèo, cận nghèo là hộ dân tộc thiểu số"),
    (Group.MERITORIOUS, "Người có công", "Biểu 3. Hộ nghèo, cận nghèo có thành viên là người có công"),
]
DEPRIVATION_CAPTION = "Biểu 4. Hộ nghèo, cận nghèo theo chỉ số thiếu hụt"
MOVEMENT_CAPTION = "Biểu 5. Biến động so với kết quả chính thức năm {previous}"


def _share(part: int, total: int) -> float:
    """A fraction (0..1), 0 when the total is 0 — as the workbook's IF(total=0,0,part/total)."""
    return part / total if total else 0.0


@dataclass(frozen=True)
class UnitLine:
    """One unit (or the total) of a status table."""

    name: str
    households: int
    people: int
    poor: int
    poor_people: int
    near_poor: int
    near_poor_people: int
    no_labour_poor: int = 0

    @classmethod
    def of(cls, name: str, figures: StatusFigures, no_labour_poor: int = 0) -> "UnitLine":
        return cls(
            name,
            figures.total_households,
            figures.total_people,
            figures.households[Status.POOR],
            figures.people[Status.POOR],
            figures.households[Status.NEAR_POOR],
            figures.people[Status.NEAR_POOR],
            no_labour_poor,
        )

    @property
    def poor_and_near_poor(self) -> int:
        return self.poor + self.near_poor

    @property
    def poor_share(self) -> float:
        return _share(self.poor, self.households)

    @property
    def near_poor_share(self) -> float:
        return _share(self.near_poor, self.households)

    @property
    def poor_and_near_poor_share(self) -> float:
        return _share(self.poor_and_near_poor, self.households)


def _sum_lines(name: str, lines: list[UnitLine]) -> UnitLine:
    numbers = [f.name for f in dataclasses.fields(UnitLine) if f.name != "name"]
    return UnitLine(name, **{n: sum(getattr(line, n) for line in lines) for n in numbers})


@dataclass(frozen=True)
class StatusTable:
    group: str
    sheet: str
    caption: str
    lines: list[UnitLine]
    with_no_labour: bool = False

    @property
    def total(self) -> UnitLine:
        return _sum_lines("Tổng cộng", self.lines)


@dataclass(frozen=True)
class DeprivationLine:
    label: str
    poor: int
    near_poor: int

    @property
    def total(self) -> int:
        return self.poor + self.near_poor


@dataclass(frozen=True)
class MovementLine:
    name: str
    escaped_poor: int
    poor_to_near_poor: int
    newly_poor: int
    escaped_near_poor: int
    newly_near_poor: int

    @property
    def values(self) -> list[int]:
        return [
            self.escaped_poor,
            self.poor_to_near_poor,
            self.newly_poor,
            self.escaped_near_poor,
            self.newly_near_poor,
        ]


MOVEMENT_LABELS = [
    "Hộ thoát nghèo",
    "Trong đó: chuyển thành hộ cận nghèo",
    "Hộ nghèo phát sinh",
    "Hộ thoát cận nghèo",
    "Hộ cận nghèo phát sinh",
]
MOVEMENT_FIELDS = [f.name for f in dataclasses.fields(MovementLine) if f.name != "name"]


@dataclass(frozen=True)
class ReviewReport:
    area_name: str
    year: int
    standard_id: str
    tables: list[StatusTable] = field(default_factory=list)
    deprivations: list[DeprivationLine] = field(default_factory=list)
    movements: list[MovementLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        return TITLE.format(year=self.year)

    @property
    def subtitle(self) -> str:
        return f"Địa bàn: {self.area_name}. Chuẩn áp dụng: {self.standard_id}"

    @property
    def by_unit(self) -> StatusTable:
        return self.tables[0]

    @property
    def poor_total(self) -> int:
        """Denominators of the deprivation table: the poor and near-poor of table 1."""
        return self.by_unit.total.poor

    @property
    def near_poor_total(self) -> int:
        return self.by_unit.total.near_poor

    @property
    def deprivation_shares(self) -> list[tuple[DeprivationLine, float, float]]:
        """Each indicator with its share of the poor and of the near-poor households."""
        poor, near = self.poor_total, self.near_poor_total
        return [(item, _share(item.poor, poor), _share(item.near_poor, near)) for item in self.deprivations]

    @property
    def deprivation_caption(self) -> str:
        return DEPRIVATION_CAPTION

    @property
    def movement_caption(self) -> str:
        return MOVEMENT_CAPTION.format(previous=self.year - 1)

    @property
    def movement_total(self) -> MovementLine:
        return MovementLine(
            "Tổng cộng", *(sum(getattr(m, name) for m in self.movements) for name in MOVEMENT_FIELDS)
        )

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ReviewReport":
        tables = [
            StatusTable(**(t | {"lines": [UnitLine(**line) for line in t["lines"]]})) for t in data["tables"]
        ]
        return cls(
            data["area_name"],
            data["year"],
            data["standard_id"],
            tables,
            [DeprivationLine(**d) for d in data["deprivations"]],
            [MovementLine(**m) for m in data["movements"]],
        )


def build_review_report(area: Area, year: int, standard_id: str, user) -> ReviewReport:
    """Every figure of the report, within the user's area scope."""
    args = (area, year, standard_id, user)
    groups = (Group.NO_LABOUR, *(group for group, _sheet, _caption in GROUP_TABLES))
    by_group = queries.commune_rows_by_group(*args, groups)
    no_labour = {r.commune_id: r.figures.households[Status.POOR] for r in by_group[Group.NO_LABOUR]}
    tables = []
    communes: list[tuple[int, str]] = []
    for group, sheet, caption in GROUP_TABLES:
        rows = by_group[group]
        is_all = group == Group.ALL
        if is_all:
            communes = [(r.commune_id, r.name) for r in rows]
        lines = [
            UnitLine.of(r.name, r.figures, no_labour.get(r.commune_id, 0) if is_all else 0) for r in rows
        ]
        tables.append(StatusTable(str(group), sheet, caption, lines, with_no_labour=is_all))
    deprivations = [
        DeprivationLine(indicator_label(item.indicator, standard_id), item.poor, item.near_poor)
        for item in queries.deprivation_rows(*args)
    ]
    by_commune = queries.commune_movements(*args)
    movements = []
    for commune_id, name in communes:
        moves = by_commune.get(commune_id, queries.Movements())
        movements.append(
            MovementLine(
                name,
                moves.escaped_poor,
                moves.poor_to_near_poor,
                moves.newly_poor,
                moves.escaped_near_poor,
                moves.newly_near_poor,
            )
        )
    return ReviewReport(area.name, year, standard_id, tables, deprivations, movements)
