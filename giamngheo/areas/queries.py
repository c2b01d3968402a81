"""Read-side helpers for pages and the API; every one applies the user's area scope."""

from django.db.models import Count, QuerySet

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped_units
from giamngheo.core.collation import sort_key
from giamngheo.core.text import fold

SEARCH_LIMIT = 50


def top_units(user, era: str = Era.CURRENT) -> QuerySet:
    return scoped_units(AdminUnit.objects.filter(era=era, level=Level.PROVINCE), user).order_by("code")


def children(unit: AdminUnit, user) -> QuerySet:
    return (
        scoped_units(unit.children.all(), user)
        .annotate(n_children=Count("children"))
        .order_by("level", "code")
    )


def search_units(query: str, user, era: str | None = Era.CURRENT) -> list[AdminUnit]:
    """Name search, insensitive to case and diacritics: "Phuoc Long" finds "Phước Long"."""
    folded = fold(query)
    if not folded:
        return []
    units = AdminUnit.objects.filter(search_name__contains=folded).select_related("parent", "province")
    if era:
        units = units.filter(era=era)
    found = scoped_units(units, user).order_by("level", "search_name")[:SEARCH_LIMIT]
    levels = {level: position for position, level in enumerate(Level.values)}
    return sorted(found, key=lambda unit: (levels.get(unit.level, 9), sort_key(unit.name)))
