"""The home page: headline figures, always within the user's area scope."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from giamngheo.areas import queries as area_queries
from giamngheo.areas.scope import scoped
from giamngheo.core.collation import sorted_vi
from giamngheo.households.models import Member
from giamngheo.reports.breakdown import breakdown_of, status_sums
from giamngheo.reports.models import VillageCount
from giamngheo.reports.selection import default_unit


@dataclass(frozen=True)
class Overview:
    households: int
    members: int
    poor: int
    near_poor: int
    unclassified: int

    @property
    def poor_rate(self) -> float | None:
        return 100 * self.poor / self.households if self.households else None

    @property
    def near_poor_rate(self) -> float | None:
        return 100 * self.near_poor / self.households if self.households else None


def overview_for(user) -> Overview:
    counts = scoped(VillageCount.objects.all(), user).aggregate(**status_sums())
    members = scoped(Member.objects.filter(household__is_active=True, status="present"), user).count()
    return Overview(counts["total"], members, counts["poor"], counts["near_poor"], counts["unclassified"])


@login_required
def home(request):
    unit = default_unit(request.user)
    context = {
        "overview": overview_for(request.user),
        "units": _assigned_units(request.user),
        "unit": unit,
        "breakdown": breakdown_of(unit, request.user) if unit is not None else None,
    }
    return render(request, "reports/home.html", context)


def _assigned_units(user) -> list:
    """The units the user is assigned (every province for an administrator), in Vietnamese order."""
    units = (
        area_queries.top_units(user)
        if user.sees_everything
        else [a.unit for a in user.assignments.select_related("unit")]
    )
    return sorted_vi(units, key=lambda unit: unit.name)
