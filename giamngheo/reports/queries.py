"""Read side of the summary tables. Every figure on a dashboard, in a report or in
an export comes from here, so they agree to the household. Each function applies
the user's area scope; figures for a province are sums of its commune rows."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped
from giamngheo.households.models import Status
from giamngheo.reports.models import CommuneSummary, DeprivationCount, Group, StatusCount, TransitionCount

STATUSES: list[str] = list(Status.values)
STATUS_LABELS: dict[str, str] = dict(Status.choices)


@dataclass(frozen=True)
class Area:
    """A set of current communes figures are summed over: a current unit, or the
    successors of a legacy unit (see `targets.geography`)."""

    name: str
    condition: Q
    unit: AdminUnit | None = None


def area_of(unit: AdminUnit) -> Area:
    """The communes of a current province, a current commune, or a village's commune."""
    if unit.era != Era.CURRENT:
        raise ValueError("Legacy units go through targets.geography.legacy_area().")
    if unit.level == Level.PROVINCE:
        return Area(unit.name, Q(province_id=unit.pk), unit)
    if unit.level == Level.VILLAGE:
        return Area(unit.name, Q(commune_id=unit.parent_id), unit)
    return Area(unit.name, Q(commune_id=unit.pk), unit)


def summaries(area: Area, year: int, standard_id: str, user) -> QuerySet:
    rows = CommuneSummary.objects.filter(area.condition, year=year, standard_id=standard_id)
    return scoped(rows, user)


@dataclass
class StatusFigures:
    households: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    people: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    @property
    def total_households(self) -> int:
        return sum(self.households.values())

    @property
    def total_people(self) -> int:
        return sum(self.people.values())

    def rate(self, *statuses: str) -> float | None:
        """Percent of households with one of the statuses."""
        total = self.total_households
        return 100 * sum(self.households[s] for s in statuses) / total if total else None

    def people_rate(self, *statuses: str) -> float | None:
        total = self.total_people
        return 100 * sum(self.people[s] for s in statuses) / total if total else None

    @property
    def poor_rate(self) -> float | None:
        return self.rate(Status.POOR)

    @property
    def near_poor_rate(self) -> float | None:
        return self.rate(Status.NEAR_POOR)

    def add(self, status: str, households: int, people: int) -> None:
        self.households[status] += households
        self.people[status] += people


def status_figures(area: Area, year: int, standard_id: str, user, group: str = Group.ALL) -> StatusFigures:
    return status_figures_by_group(area, year, standard_id, user, (group,))[group]


def status_figures_by_group(
    area: Area, year: int, standard_id: str, user, groups: tuple[str, ...]
) -> dict[str, StatusFigures]:
    """`status_figures` of several groups of households in one query."""
    figures = {group: StatusFigures() for group in groups}
    rows = StatusCount.objects.filter(summary__in=summaries(area, year, standard_id, user), group__in=groups)
    for row in rows.values("group", "status").annotate(h=Sum("households"), p=Sum("people")):
        figures[row["group"]].add(row["status"], row["h"], row["p"])
    return figures


@dataclass
class CommuneRow:
    commune_id: int
    code: str
    name: str
    latitude: float | None
    longitude: float | None
    figures: StatusFigures


def commune_rows(area: Area, year: int, standard_id: str, user, group: str = Group.ALL) -> list[CommuneRow]:
    """One row per commune with a summary, ordered by commune code."""
    return commune_rows_by_group(area, year, standard_id, user, (group,))[group]


def commune_rows_by_group(
    area: Area, year: int, standard_id: str, user, groups: tuple[str, ...]
) -> dict[str, list[CommuneRow]]:
    """`commune_rows` of several groups of households in two queries."""
    chosen = summaries(area, year, standard_id, user).order_by("commune__code")
    columns = (
        "pk",
        "commune_id",
        "commune__code",
        "commune__name",
        "commune__latitude",
        "commune__longitude",
    )
    communes = list(chosen.values_list(*columns))
    by_group: dict[str, dict[int, CommuneRow]] = {
        group: {pk: CommuneRow(*unit, StatusFigures()) for pk, *unit in communes} for group in groups
    }
    counts = StatusCount.objects.filter(summary_id__in=[c[0] for c in communes], group__in=groups)
    for group, summary_id, status, households, people in counts.values_list(
        "group", "summary_id", "status", "households", "people"
    ):
        by_group[group][summary_id].figures.add(status, households, people)
    return {group: list(rows.values()) for group, rows in by_group.items()}


@dataclass(frozen=True)
class DeprivationRow:
    indicator: str
    poor: int
    near_poor: int

    @property
    def total(self) -> int:
        return self.poor + self.near_poor


def deprivation_rows(area: Area, year: int, standard_id: str, user) -> list[DeprivationRow]:
    """Poor and near-poor households deprived in each indicator, most frequent first."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {Status.POOR: 0, Status.NEAR_POOR: 0})
    rows = DeprivationCount.objects.filter(summary__in=summaries(area, year, standard_id, user))
    for row in rows.values("indicator", "status").annotate(h=Sum("households")):
        counts[row["indicator"]][row["status"]] += row["h"]
    result = [DeprivationRow(code, c[Status.POOR], c[Status.NEAR_POOR]) for code, c in counts.items()]
    return sorted(result, key=lambda r: (-r.total, r.indicator))


@dataclass
class Movements:
    """Households between the latest official status of the previous year and of this one."""

    cells: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, from_statuses, to_statuses) -> int:
        return sum(n for (f, t), n in self.cells.items() if f in from_statuses and t in to_statuses)

    @property
    def escaped_poor(self) -> int:
        """Thoát nghèo: poor last year, not poor this year (including those now near-poor)."""
        return self.count({Status.POOR}, set(STATUSES) - {Status.POOR})

    @property
    def poor_to_near_poor(self) -> int:
        return self.count({Status.POOR}, {Status.NEAR_POOR})

    @property
    def newly_poor(self) -> int:
        """Nghèo phát sinh: poor this year, not poor (or not classified) last year."""
        return self.count({"", Status.NEAR_POOR, Status.AVERAGE, Status.NOT_POOR}, {Status.POOR})

    @property
    def escaped_near_poor(self) -> int:
        return self.count({Status.NEAR_POOR}, {Status.AVERAGE, Status.NOT_POOR})

    @property
    def newly_near_poor(self) -> int:
        return self.count({"", Status.AVERAGE, Status.NOT_POOR}, {Status.NEAR_POOR})

    @property
    def has_previous_year(self) -> bool:
        return any(f for (f, _t) in self.cells)


def movements(area: Area, year: int, standard_id: str, user) -> Movements:
    result = Movements()
    rows = TransitionCount.objects.filter(summary__in=summaries(area, year, standard_id, user))
    for row in rows.values("status_from", "status_to").annotate(h=Sum("households")):
        result.cells[(row["status_from"], row["status_to"])] = row["h"]
    return result


def available_years(user, area: Area | None = None) -> list[int]:
    rows = scoped(CommuneSummary.objects.all(), user)
    if area is not None:
        rows = rows.filter(area.condition)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def standards_by_size(area: Area, year: int, user) -> list[str]:
    """Standards with results for the area and year, the one covering most households first."""
    rows = scoped(CommuneSummary.objects.filter(area.condition, year=year), user)
    sizes = rows.values("standard_id").annotate(n=Sum("households")).order_by("-n", "standard_id")
    return [row["standard_id"] for row in sizes]


def main_standard(area: Area, year: int, user) -> str | None:
    found = standards_by_size(area, year, user)
    return found[0] if found else None


@dataclass(frozen=True)
class TrendPoint:
    year: int
    standard_id: str
    households: int
    poor_rate: float | None
    near_poor_rate: float | None


def trend(area: Area, user, preferred_standard: str = "") -> list[TrendPoint]:
    """Rates per year: under the preferred standard when the year has it, otherwise
    under the standard covering most households that year (two queries for all the years)."""
    rows = scoped(CommuneSummary.objects.filter(area.condition), user)
    sizes = (
        rows.values("year", "standard_id").annotate(n=Sum("households")).order_by("year", "-n", "standard_id")
    )
    by_year: dict[int, list[str]] = defaultdict(list)
    for row in sizes:
        by_year[row["year"]].append(row["standard_id"])
    chosen = {
        year: preferred_standard if preferred_standard in standards else standards[0]
        for year, standards in by_year.items()
    }
    figures: dict[int, StatusFigures] = {year: StatusFigures() for year in chosen}
    counts = StatusCount.objects.filter(summary__in=rows, group=Group.ALL)
    by_standard = Q()
    for year, standard_id in chosen.items():
        by_standard |= Q(summary__year=year, summary__standard_id=standard_id)
    if chosen:
        counts = counts.filter(by_standard).values("summary__year", "status")
        for row in counts.annotate(h=Sum("households"), p=Sum("people")):
            figures[row["summary__year"]].add(row["status"], row["h"], row["p"])
    return [
        TrendPoint(year, chosen[year], f.total_households, f.poor_rate, f.near_poor_rate)
        for year, f in sorted(figures.items())
    ]


def commune_movements(area: Area, year: int, standard_id: str, user) -> dict[int, Movements]:
    """Movements per commune id (communes with a summary)."""
    chosen = summaries(area, year, standard_id, user)
    result: dict[int, Movements] = {
        commune_id: Movements() for commune_id in chosen.values_list("commune_id", flat=True)
    }
    rows = TransitionCount.objects.filter(summary__in=chosen).values_list(
        "summary__commune_id", "status_from", "status_to", "households"
    )
    for commune_id, status_from, status_to, households in rows:
        result[commune_id].cells[(status_from, status_to)] = households
    return result
