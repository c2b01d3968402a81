"""The dashboard of a province or commune for a year and standard: headline figures,
rate trend, poor and near-poor by commune, deprivation profile, a map of communes
and the progress of targets. Every number comes from `reports.queries` (summary
tables) under the user's scope; each chart also exists as a table for Excel."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.safestring import SafeString

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped
from giamngheo.households.models import Status
from giamngheo.reports import queries
from giamngheo.reports.labels import indicator_label
from giamngheo.reports.models import Group
from giamngheo.reports.queries import Movements, StatusFigures
from giamngheo.reports.selection import Selection
from giamngheo.targets import charts
from giamngheo.targets.models import Allocation, Target
from giamngheo.targets.progress import TargetProgress, allocation_progress, progress_of

CHARTS = {
    "chi-so-chinh": "Các chỉ số chính",
    "xu-huong": "Tỷ lệ hộ nghèo, cận nghèo qua các năm",
    "theo-xa": "Hộ nghèo, cận nghèo theo xã",
    "thieu-hut": "Hộ nghèo, cận nghèo theo chỉ số thiếu hụt",
    "ban-do": "Bản đồ tỷ lệ hộ nghèo theo xã",
    "chi-tieu": "Tiến độ thực hiện chỉ tiêu",
}


@dataclass
class ChartData:
    name: str
    title: str
    columns: list[str]
    rows: list[list]
    svg: SafeString | None = None
    note: str = ""  # a sentence shown instead of a chart that would say nothing


@dataclass
class Dashboard:
    selection: Selection
    figures: StatusFigures = field(default_factory=StatusFigures)
    ethnic: StatusFigures = field(default_factory=StatusFigures)
    meritorious: StatusFigures = field(default_factory=StatusFigures)
    no_labour_poor: int = 0
    movements: Movements = field(default_factory=Movements)
    charts: dict[str, ChartData] = field(default_factory=dict)
    progress: list[TargetProgress] = field(default_factory=list)

    @property
    def headline(self) -> ChartData | None:
        return self.charts.get("chi-so-chinh")

    @property
    def trend(self) -> ChartData | None:
        return self.charts.get("xu-huong")

    @property
    def by_commune(self) -> ChartData | None:
        return self.charts.get("theo-xa")

    @property
    def deprivation(self) -> ChartData | None:
        return self.charts.get("thieu-hut")

    @property
    def map(self) -> ChartData | None:
        return self.charts.get("ban-do")

    @property
    def targets(self) -> ChartData | None:
        return self.charts.get("chi-tieu")


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def build_dashboard(selection: Selection, user, *, draw: bool = True) -> Dashboard:
    board = Dashboard(selection)
    progress = target_progress(selection, user)
    board.progress = progress
    board.charts["chi-tieu"] = _progress_table(progress)
    if not selection.has_data:
        return board
    args = (selection.area, selection.year, selection.standard_id, user)
    groups = (Group.ALL, Group.ETHNIC_MINORITY, Group.MERITORIOUS, Group.NO_LABOUR)
    by_group = queries.status_figures_by_group(*args, groups)
    board.figures = by_group[Group.ALL]
    board.ethnic = by_group[Group.ETHNIC_MINORITY]
    board.meritorious = by_group[Group.MERITORIOUS]
    board.no_labour_poor = by_group[Group.NO_LABOUR].households[Status.POOR]
    board.movements = queries.movements(*args)
    board.charts["chi-so-chinh"] = _headline_table(board)
    board.charts["xu-huong"] = _trend(selection, user, draw)
    rows = queries.commune_rows(*args)
    board.charts["theo-xa"] = _by_commune(rows, draw)
    board.charts["thieu-hut"] = _deprivations(selection, user, board.figures, draw)
    board.charts["ban-do"] = _map(selection, rows, user, draw)
    return board


def _headline_table(board: Dashboard) -> ChartData:
    f, e, m, moves = board.figures, board.ethnic, board.meritorious, board.movements
    rows = [
        ["Tổng số hộ đã phân loại", f.total_households, "hộ"],
        ["Tổng số nhân khẩu", f.total_people, "người"],
        ["Số hộ nghèo", f.households[Status.POOR], "hộ"],
        ["Tỷ lệ hộ nghèo", _rate(f.poor_rate), "%"],
        ["Số nhân khẩu hộ nghèo", f.people[Status.POOR], "người"],
        ["Số hộ cận nghèo", f.households[Status.NEAR_POOR], "hộ"],
        ["Tỷ lệ hộ cận nghèo", _rate(f.near_poor_rate), "%"],
        ["Số nhân khẩu hộ cận nghèo", f.people[Status.NEAR_POOR], "người"],
        ["Hộ nghèo dân tộc thiểu số", e.households[Status.POOR], "hộ"],
        ["Tỷ lệ hộ nghèo trong hộ dân tộc thiểu số", _rate(e.poor_rate), "%"],
        ["Hộ nghèo có người có công", m.households[Status.POOR], "hộ"],
        ["Tỷ lệ hộ nghèo trong hộ có người có công", _rate(m.poor_rate), "%"],
        ["Hộ nghèo không có khả năng lao động", board.no_labour_poor, "hộ"],
    ]
    if moves.has_previous_year:
        rows += [
            ["Hộ thoát nghèo so với năm trước", moves.escaped_poor, "hộ"],
            ["Hộ nghèo phát sinh", moves.newly_poor, "hộ"],
        ]
    return ChartData("chi-so-chinh", CHARTS["chi-so-chinh"], ["Chỉ số", "Giá trị", "Đơn vị tính"], rows)


def _trend(selection: Selection, user, draw: bool) -> ChartData:
    points = queries.trend(selection.area, user, selection.standard_id or "")
    rows = [
        [p.year, p.standard_id, p.households, _rate(p.poor_rate), _rate(p.near_poor_rate)] for p in points
    ]
    data = ChartData(
        "xu-huong",
        CHARTS["xu-huong"],
        ["Năm", "Chuẩn", "Số hộ", "Tỷ lệ hộ nghèo (%)", "Tỷ lệ hộ cận nghèo (%)"],
        rows,
    )
    if len(points) < 2:
        data.note = (
            "Chưa vẽ được xu hướng: mới có số liệu của một năm "
            f"({points[0].year}: tỷ lệ hộ nghèo {charts.vn_number(points[0].poor_rate or 0, 2)}%, "
            f"hộ cận nghèo {charts.vn_number(points[0].near_poor_rate or 0, 2)}%). "
            "Biểu đồ xuất hiện khi có kết quả phân loại chính thức của năm thứ hai."
            if points
            else "Chưa có số liệu của năm nào."
        )
    elif draw:
        data.svg = charts.line_chart(
            "chart-xu-huong",
            data.title,
            [f"{p.year}" for p in points],
            [
                charts.Series("Tỷ lệ hộ nghèo", [p.poor_rate for p in points], charts.POOR_COLOUR),
                charts.Series(
                    "Tỷ lệ hộ cận nghèo", [p.near_poor_rate for p in points], charts.NEAR_POOR_COLOUR
                ),
            ],
        )
    return data


def _by_commune(rows: list[queries.CommuneRow], draw: bool) -> ChartData:
    table = [
        [
            r.code,
            r.name,
            r.figures.total_households,
            r.figures.households[Status.POOR],
            _rate(r.figures.poor_rate),
            r.figures.households[Status.NEAR_POOR],
            _rate(r.figures.near_poor_rate),
        ]
        for r in rows
    ]
    data = ChartData(
        "theo-xa",
        CHARTS["theo-xa"],
        [
            "Mã xã",
            "Xã/phường",
            "Tổng số hộ",
            "Hộ nghèo",
            "Tỷ lệ hộ nghèo (%)",
            "Hộ cận nghèo",
            "Tỷ lệ hộ cận nghèo (%)",
        ],
        table,
    )
    if len(rows) < 2:
        data.note = (
            "Biểu đồ so sánh các xã khi có số liệu của từ hai xã trở lên; xem số liệu theo thôn bên dưới."
        )
    elif draw:
        ordered = sorted(
            rows, key=lambda r: -(r.figures.households[Status.POOR] + r.figures.households[Status.NEAR_POOR])
        )
        data.svg = charts.hbar_chart(
            "chart-theo-xa",
            data.title,
            [r.name for r in ordered],
            [
                charts.Series(
                    "Hộ nghèo", [r.figures.households[Status.POOR] for r in ordered], charts.POOR_COLOUR
                ),
                charts.Series(
                    "Hộ cận nghèo",
                    [r.figures.households[Status.NEAR_POOR] for r in ordered],
                    charts.NEAR_POOR_COLOUR,
                ),
            ],
            unit="hộ",
        )
    return data


def _deprivations(selection: Selection, user, figures: StatusFigures, draw: bool) -> ChartData:
    items = queries.deprivation_rows(selection.area, selection.year, selection.standard_id, user)
    poor, near = figures.households[Status.POOR], figures.households[Status.NEAR_POOR]
    table = [
        [
            indicator_label(i.indicator, selection.standard_id),
            i.poor,
            _rate(100 * i.poor / poor) if poor else None,
            i.near_poor,
            _rate(100 * i.near_poor / near) if near else None,
        ]
        for i in items
    ]
    data = ChartData(
        "thieu-hut",
        CHARTS["thieu-hut"],
        ["Chỉ số thiếu hụt", "Hộ nghèo thiếu hụt", "% hộ nghèo", "Hộ cận nghèo thiếu hụt", "% hộ cận nghèo"],
        table,
    )
    if not any(i.poor or i.near_poor for i in items):
        data.note = (
            "Không có hộ nghèo, cận nghèo nào thiếu hụt chỉ số dịch vụ xã hội cơ bản trong lựa chọn này."
        )
    elif draw:
        data.svg = charts.hbar_chart(
            "chart-thieu-hut",
            data.title,
            [row[0] for row in table],
            [
                charts.Series("Hộ nghèo", [i.poor for i in items], charts.POOR_COLOUR),
                charts.Series("Hộ cận nghèo", [i.near_poor for i in items], charts.NEAR_POOR_COLOUR),
            ],
            unit="hộ",
            stacked=False,
        )
    return data


def _map(selection: Selection, rows: list[queries.CommuneRow], user, draw: bool) -> ChartData:
    """Communes of the province (a commune's dashboard shows it among the communes its user sees)."""
    unit = selection.unit
    province_id = unit.pk if unit.level == Level.PROVINCE else unit.province_id
    by_id = {r.commune_id: r for r in rows}
    communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province_id=province_id)
    if unit.level != Level.PROVINCE:
        communes = communes.filter(pk__in=list(by_id) or [unit.pk])
    points = []
    table = []
    for commune in communes.order_by("code"):
        row = by_id.get(commune.pk)
        rate = row.figures.poor_rate if row else None
        households = row.figures.total_households if row else 0
        poor = row.figures.households[Status.POOR] if row else None
        table.append(
            [commune.code, commune.name, commune.latitude, commune.longitude, households, poor, _rate(rate)]
        )
        if commune.latitude is not None and commune.longitude is not None:
            points.append(
                charts.MapPoint(
                    commune.name, commune.latitude, commune.longitude, rate, households, commune.pk == unit.pk
                )
            )
    data = ChartData(
        "ban-do",
        CHARTS["ban-do"],
        ["Mã xã", "Xã/phường", "Vĩ độ", "Kinh độ", "Tổng số hộ", "Hộ nghèo", "Tỷ lệ hộ nghèo (%)"],
        table,
    )
    if len(points) < 2:
        data.note = _one_unit_note(table, "Bản đồ so sánh các xã khi có số liệu của từ hai xã trở lên")
    elif draw:
        data.svg = charts.bubble_map("chart-ban-do", data.title, points)
    return data


def _one_unit_note(table: list[list], why: str) -> str:
    """The sentence shown instead of a chart of a single commune (or none)."""
    if not table:
        return f"{why}; chưa có số liệu."
    _code, name, *_rest, households, poor, rate = table[0]
    rate_text = "chưa có số liệu" if rate is None else f"{charts.vn_number(rate, 2)}%"
    return f"{why}. {name}: {charts.vn_number(households)} hộ, {charts.vn_number(poor or 0)} hộ nghèo, tỷ lệ {rate_text}."


# ---------------------------------------------------------------- targets


def dashboard_targets(selection: Selection, user) -> tuple[list[Target], list[Allocation]]:
    """Targets of the unit's plans that are running in the selected year (for each
    indicator, unit and segment the nearest deadline), and allocations to the unit."""
    unit = selection.unit
    year = selection.year
    plans = Q(plan__province=unit) if unit.level == Level.PROVINCE else Q(plan__commune=unit)
    targets = scoped(Target.objects.filter(plans), user).select_related("plan", "indicator", "unit")
    targets = targets.prefetch_related("progress")
    if year is not None:
        targets = targets.filter(year__gte=year, plan__period_start__lte=year)
    chosen: dict[tuple, Target] = {}
    for target in targets.order_by("plan_id", "position", "year", "pk"):
        if year is not None and target.first_year > year:
            continue
        key = (target.plan_id, target.indicator_id, target.unit_id, target.segment)
        if key not in chosen:
            chosen[key] = target
    allocations = scoped(Allocation.objects.filter(unit=unit), user).select_related(
        "target", "target__plan", "target__indicator", "unit"
    )
    if year is not None:
        allocations = allocations.filter(target__year__gte=year, target__plan__period_start__lte=year)
    return list(chosen.values()), list(allocations)


def target_progress(selection: Selection, user) -> list[TargetProgress]:
    targets, allocations = dashboard_targets(selection, user)
    rows = [progress_of(t, user, as_of=selection.year) for t in targets]
    rows += [allocation_progress(a, user, as_of=selection.year) for a in allocations]
    return rows


def _progress_table(progress: list[TargetProgress]) -> ChartData:
    rows = []
    for item in progress:
        target = item.target
        low, high = target.bounds
        goal = item.value if item.value is not None else (low if low == high else f"{low}–{high}")
        rows.append(
            [
                target.plan.title,
                target.indicator.name + (f" ({target.segment})" if target.segment else ""),
                item.label or target.unit.name,
                target.year,
                target.get_direction_display(),
                target.baseline,
                goal,
                target.indicator.get_measure_display(),
                item.actual.value,
                item.actual.year,
                item.status_label,
            ]
        )
    return ChartData(
        "chi-tieu",
        CHARTS["chi-tieu"],
        [
            "Kế hoạch",
            "Chỉ số",
            "Đơn vị",
            "Năm phải đạt",
            "Hướng",
            "Giá trị gốc",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Thực hiện",
            "Năm số liệu",
            "Đánh giá",
        ],
        rows,
    )
