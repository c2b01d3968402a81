"""Which unit, year and standard a dashboard or report shows, from the query string
(`don_vi`, `nam`, `chuan`), checked against the user's area scope."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404, QueryDict

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped, scoped_units, unit_in_scope
from giamngheo.core.params import is_digits
from giamngheo.reports import queries
from giamngheo.reports.models import CommuneSummary
from giamngheo.reports.queries import Area


@dataclass(frozen=True)
class Selection:
    unit: AdminUnit
    area: Area
    year: int | None
    standard_id: str | None
    years: list[int]
    standards: list[str]

    @property
    def has_data(self) -> bool:
        return self.year is not None and self.standard_id is not None

    @property
    def is_province(self) -> bool:
        return self.unit.level == Level.PROVINCE

    def query(self, **extra) -> str:
        params = {"don_vi": self.unit.pk, "nam": self.year or "", "chuan": self.standard_id or ""}
        return urlencode(params | extra)


def default_unit(user) -> AdminUnit | None:
    current = AdminUnit.objects.filter(era=Era.CURRENT)
    if user.sees_everything:
        with_data = scoped(CommuneSummary.objects.all(), user).values("province_id")
        return (
            current.filter(level=Level.PROVINCE, pk__in=with_data).order_by("code").first()
            or current.filter(level=Level.PROVINCE).order_by("code").first()
        )
    assigned = current.filter(
        pk__in=user.assignments.values("unit_id"), level__in=[Level.PROVINCE, Level.COMMUNE, Level.VILLAGE]
    )
    rank = {Level.PROVINCE: 0, Level.COMMUNE: 1, Level.VILLAGE: 2}
    return min(assigned, key=lambda unit: (rank[unit.level], unit.code), default=None)


def resolve_selection(params: QueryDict, user) -> Selection:
    """The selection asked for, or the defaults; 404 when the unit is outside the scope."""
    unit_id = params.get("don_vi", "")
    if unit_id:
        if not is_digits(unit_id):
            raise Http404
        unit = AdminUnit.objects.filter(pk=int(unit_id), era=Era.CURRENT).first()
    else:
        unit = default_unit(user)
    if unit is None or not unit_in_scope(unit, user):
        raise Http404("Địa bàn không thuộc phạm vi được phân công.")
    area = queries.area_of(unit)
    years = queries.available_years(user, area)
    asked_year = params.get("nam", "")
    year = (
        int(asked_year)
        if is_digits(asked_year) and int(asked_year) in years
        else (years[0] if years else None)
    )
    standards = queries.standards_by_size(area, year, user) if year else []
    asked_standard = params.get("chuan", "")
    standard_id = asked_standard if asked_standard in standards else (standards[0] if standards else None)
    return Selection(unit, area, year, standard_id, years, standards)


def selectable_units(user, selected: AdminUnit | None = None) -> list[AdminUnit]:
    """Provinces in scope, and communes in scope that have summaries (plus the selected unit)."""
    with_data = scoped(CommuneSummary.objects.all(), user).values("commune_id")
    units = scoped_units(
        AdminUnit.objects.filter(era=Era.CURRENT).filter(
            Q(level=Level.PROVINCE) | Q(level=Level.COMMUNE, pk__in=with_data)
        ),
        user,
    ).filter(level__in=[Level.PROVINCE, Level.COMMUNE])
    chosen = list(units.select_related("province").order_by("province__code", "code", "level"))
    if not user.sees_everything:
        chosen = [u for u in chosen if unit_in_scope(u, user)]
    chosen.sort(
        key=lambda u: ((u.province.code if u.province else u.code), u.level != Level.PROVINCE, u.code)
    )
    if selected is not None and selected not in chosen:
        chosen.insert(0, selected)
    return chosen
