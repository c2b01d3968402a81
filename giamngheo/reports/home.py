"""The home page: headline figures, always within the user's area scope."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from giamngheo.areas import queries as area_queries
from giamngheo.areas.scope import scoped
from giamngheo.households.models import Household, Member, Status


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
    households = scoped(Household.objects.filter(is_active=True), user)
    counts = households.aggregate(
        total=Count("id"),
        poor=Count("id", filter=Q(current_status=Status.POOR)),
        near_poor=Count("id", filter=Q(current_status=Status.NEAR_POOR)),
        unclassified=Count("id", filter=Q(current_status="")),
    )
    members = scoped(Member.objects.filter(household__is_active=True, status="present"), user).count()
    return Overview(counts["total"], members, counts["poor"], counts["near_poor"], counts["unclassified"])


@login_required
def home(request):
    context = {"overview": overview_for(request.user), "units": area_queries.top_units(request.user)}
    return render(request, "reports/home.html", context)
