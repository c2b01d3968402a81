"""A unit broken down one level down, for the pages an officer opens every day: a commune
by village, a province by commune. For each part: the households on the registry and
their current status, last year's result of the periodic review, and how far this
year's review has got (households listed, surveyed and decided).

Read through the user's area scope; names in Vietnamese order."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped, scoped_units
from giamngheo.core.collation import sort_key
from giamngheo.households.models import Status
from giamngheo.reports.models import VillageCount
from giamngheo.reviews.models import Round, RoundHousehold, RoundKind

NO_VILLAGE = "Chưa gắn thôn/tổ dân phố"


@dataclass
class PartRow:
    """One village of a commune (or commune of a province)."""

    unit: AdminUnit | None
    name: str
    households: int = 0
    poor: int = 0
    near_poor: int = 0
    unclassified: int = 0
    last_poor: int | None = None
    last_near_poor: int | None = None
    listed: int = 0
    surveyed: int = 0
    decided: int = 0

    @property
    def poor_rate(self) -> float | None:
        return 100 * self.poor / self.households if self.households else None

    @property
    def near_poor_rate(self) -> float | None:
        return 100 * self.near_poor / self.households if self.households else None

    @property
    def poor_change(self) -> int | None:
        return None if self.last_poor is None else self.poor - self.last_poor

    @property
    def near_poor_change(self) -> int | None:
        return None if self.last_near_poor is None else self.near_poor - self.last_near_poor

    @property
    def survey_progress(self) -> float | None:
        return 100 * self.surveyed / self.listed if self.listed else None


@dataclass
class Breakdown:
    unit: AdminUnit
    part_label: str  # "Thôn/Tổ dân phố" or "Xã/Phường"
    year: int | None  # this year's review
    rows: list[PartRow] = field(default_factory=list)

    @property
    def has_households(self) -> bool:
        return any(row.households for row in self.rows)

    @property
    def has_last_year(self) -> bool:
        return any(row.last_poor is not None for row in self.rows)

    @property
    def has_round(self) -> bool:
        return any(row.listed for row in self.rows)


def breakdown_of(unit: AdminUnit, user) -> Breakdown:
    """A commune by village, a province by commune (a village shows itself)."""
    if unit.level == Level.PROVINCE:
        parts, key, label = _parts(unit, Level.COMMUNE, user), "commune_id", "Xã/Phường"
    elif unit.level == Level.COMMUNE:
        parts, key, label = _parts(unit, Level.VILLAGE, user), "village_id", "Thôn/Tổ dân phố"
    else:
        parts, key, label = [unit], "village_id", "Thôn/Tổ dân phố"
    rows = {part.pk: PartRow(part, part.name) for part in parts}
    counts = scoped(VillageCount.objects.all(), user).filter(_within(unit, ""))
    for values in counts.values(key).annotate(**status_sums()).order_by():
        row = rows.get(values[key])
        if row is None:
            row = rows.setdefault(values[key], PartRow(None, NO_VILLAGE))
        row.households, row.poor = values["total"], values["poor"]
        row.near_poor, row.unclassified = values["near_poor"], values["unclassified"]
    year = _review_year(unit, user)
    if year is not None:
        _add_review(rows, unit, user, year, key)
    ordered = sorted(rows.values(), key=lambda r: (r.unit is None, sort_key(r.name)))
    return Breakdown(unit, label, year, ordered)


def status_sums() -> dict[str, Coalesce]:
    """Sums of the kept counts (`VillageCount`) to annotate or aggregate with: all households,
    poor, near-poor and not yet classified."""
    return {
        "total": _sum(Q()),
        "poor": _sum(Q(status=Status.POOR)),
        "near_poor": _sum(Q(status=Status.NEAR_POOR)),
        "unclassified": _sum(Q(status="")),
    }


def _sum(condition: Q) -> Coalesce:
    return Coalesce(Sum("households", filter=condition or None), 0)


def _parts(unit: AdminUnit, level: str, user) -> list[AdminUnit]:
    parts = AdminUnit.objects.filter(era=Era.CURRENT, level=level, parent=unit)
    if level == Level.COMMUNE:
        parts = AdminUnit.objects.filter(era=Era.CURRENT, level=level, province=unit)
    return list(scoped_units(parts, user))


def _within(unit: AdminUnit, prefix: str) -> Q:
    field_name = {Level.PROVINCE: "province", Level.COMMUNE: "commune"}.get(unit.level, "village")
    return Q(**{f"{prefix}{field_name}": unit})


def _periodic_rounds(unit: AdminUnit, user):
    rounds = Round.objects.filter(kind=RoundKind.PERIODIC, commune__isnull=False)
    rounds = (
        rounds.filter(province=unit)
        if unit.level == Level.PROVINCE
        else rounds.filter(commune=unit if unit.level == Level.COMMUNE else unit.parent)
    )
    return scoped(rounds, user)


def _review_year(unit: AdminUnit, user) -> int | None:
    return _periodic_rounds(unit, user).order_by("-year").values_list("year", flat=True).first()


def _add_review(rows: dict, unit: AdminUnit, user, year: int, key: str) -> None:
    """Per part, last year's final statuses (only when last year's review decided them) and how
    far this year's review has got, from one query over both years' rounds."""
    rounds = _periodic_rounds(unit, user).filter(year__in=[year - 1, year])
    entries = scoped(
        RoundHousehold.objects.filter(round__in=rounds).filter(_within(unit, "household__")), user
    )
    last_year: Counter = Counter()
    this_year: dict[int | None, Counter] = {}
    for round_year, part, status, n, surveyed in entries.values_list(
        "round__year", f"household__{key}", "final_status"
    ).annotate(n=Count("id"), surveyed=Count("id", filter=~Q(computed_status=""))):
        if round_year == year - 1:
            if status:
                last_year[(part, status)] += n
            continue
        counts = this_year.setdefault(part, Counter())
        counts["listed"] += n
        counts["surveyed"] += surveyed
        counts["decided"] += n if status else 0
    for part_id, row in rows.items():
        if last_year:
            row.last_poor = last_year[(part_id, Status.POOR)]
            row.last_near_poor = last_year[(part_id, Status.NEAR_POOR)]
        if part_id in this_year:
            counts = this_year[part_id]
            row.listed, row.surveyed, row.decided = counts["listed"], counts["surveyed"], counts["decided"]
