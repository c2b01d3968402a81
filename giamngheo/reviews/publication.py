"""What the public portal may show: lists during their posting window and final lists
after the decision, with the minimum fields only; statistics with small cells suppressed."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from giamngheo.households.models import Household
from giamngheo.reviews.models import ListKind, ListRow, ListSnapshot, ListStage, RoundKind, RoundStatus

PUBLIC_ROW_FIELDS = ("position", "head_name", "village_name", "status")
SMALL_CELL = 5


def public_snapshots(today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    posted = Q(
        stage=ListStage.PRELIMINARY,
        posted_from__lte=today,
        posted_until__gte=today,
        round__status=RoundStatus.OPEN,
    )
    final = Q(stage=ListStage.FINAL, decision__isnull=False, version=F("decision__list_version"))
    return ListSnapshot.objects.filter(posted | final).select_related(
        "unit", "unit__province", "decision", "round"
    )


def public_rows(snapshot: ListSnapshot) -> QuerySet:
    """Only the head's name, the village and the status: never ids, dates, income or members."""
    return ListRow.objects.filter(snapshot=snapshot).order_by("position").values(*PUBLIC_ROW_FIELDS)


def open_postings(commune_id: int, today: dt.date | None = None) -> QuerySet:
    return public_snapshots(today).filter(unit_id=commune_id, stage=ListStage.PRELIMINARY)


@dataclass
class Cell:
    value: int | None  # None when suppressed

    @property
    def shown(self) -> str:
        return "<5" if self.value is None else f"{self.value:,}".replace(",", ".")


@dataclass
class CommuneFigures:
    commune: str
    province: str
    year: int
    total: Cell
    poor: Cell
    near_poor: Cell

    @property
    def poor_rate(self) -> str:
        return self.rate(self.poor)

    @property
    def near_poor_rate(self) -> str:
        return self.rate(self.near_poor)

    def rate(self, cell: Cell) -> str:
        if cell.value is None or self.total.value is None or not self.total.value:
            return "—"
        return f"{100 * cell.value / self.total.value:.2f}".replace(".", ",") + "%"


def _cell(value: int) -> Cell:
    return Cell(None if value < SMALL_CELL else value)


def suppressed_count(value: int) -> str:
    """A count as every public page shows it: below SMALL_CELL it is "<5"."""
    return _cell(value).shown


def public_statistics() -> list[CommuneFigures]:
    """Per commune, the latest decided periodic round: households, poor and near-poor."""
    finals = (
        public_snapshots()
        .filter(
            stage=ListStage.FINAL,
            round__kind=RoundKind.PERIODIC,
            kind__in=[ListKind.POOR, ListKind.NEAR_POOR],
        )
        .order_by("unit_id", "-year", "-version")
    )
    latest: dict[int, dict] = {}
    for snapshot in finals:
        entry = latest.setdefault(snapshot.unit_id, {"snapshot": snapshot, "year": snapshot.year})
        if snapshot.year == entry["year"] and snapshot.round_id == entry["snapshot"].round_id:
            entry[snapshot.kind] = snapshot.households
    totals = dict(
        Household.objects.filter(commune_id__in=list(latest), is_active=True)
        .values_list("commune_id")
        .annotate(n=Count("id"))
    )
    rows = [
        CommuneFigures(
            commune=entry["snapshot"].unit.name,
            province=entry["snapshot"].unit.province.name if entry["snapshot"].unit.province else "",
            year=entry["year"],
            total=_cell(totals.get(unit_id, 0)),
            poor=_cell(entry.get(ListKind.POOR, 0)),
            near_poor=_cell(entry.get(ListKind.NEAR_POOR, 0)),
        )
        for unit_id, entry in latest.items()
    ]
    return sorted(rows, key=lambda r: (r.province, r.commune))
