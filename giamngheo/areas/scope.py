"""Area scope: the one place that decides which units and records a user may see.

Every queryset behind a page, an API call, an export or a job goes through
`scoped(queryset, user)`. A model takes part by declaring `AREA_LOOKUPS`: the
lookups, from the model, of its province, commune and village foreign keys
(any of them may be None when the model has no such link).
"""

from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet

from giamngheo.areas.models import AdminUnit, Level


@dataclass(frozen=True)
class AreaLookups:
    province: str | None = None
    commune: str | None = None
    village: str | None = None


@dataclass(frozen=True)
class AreaScope:
    everything: bool = False
    province_ids: frozenset[int] = field(default_factory=frozenset)
    commune_ids: frozenset[int] = field(default_factory=frozenset)
    village_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.province_ids or self.commune_ids or self.village_ids)

    def q(self, lookups: AreaLookups) -> Q:
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        for ids, lookup in (
            (self.province_ids, lookups.province),
            (self.commune_ids, lookups.commune),
            (self.village_ids, lookups.village),
        ):
            if ids and lookup:
                condition |= Q(**{f"{lookup}__in": sorted(ids)})
        return condition

    def covers(self, unit: AdminUnit) -> bool:
        """True when the unit is inside the scope (the unit itself or below an assigned unit)."""
        if self.everything:
            return True
        ids = {unit.pk}
        if unit.province_id:
            ids.add(unit.province_id)
        if unit.level == Level.VILLAGE and unit.parent_id:
            ids.add(unit.parent_id)
        return bool(ids & (self.province_ids | self.commune_ids | self.village_ids))


def scope_for(user) -> AreaScope:
    if user is None or not user.is_authenticated or not user.is_active:
        return AreaScope()
    if user.sees_everything:
        return AreaScope(everything=True)
    cached = getattr(user, "_area_scope", None)
    if cached is not None:
        return cached
    by_level: dict[str, set[int]] = {Level.PROVINCE: set(), Level.COMMUNE: set(), Level.VILLAGE: set()}
    for unit_id, level in user.assignments.values_list("unit_id", "unit__level"):
        by_level.setdefault(level, set()).add(unit_id)
    scope = AreaScope(
        province_ids=frozenset(by_level[Level.PROVINCE]),
        commune_ids=frozenset(by_level[Level.COMMUNE]),
        village_ids=frozenset(by_level[Level.VILLAGE]),
    )
    user._area_scope = scope
    return scope


UNIT_LOOKUPS = AreaLookups(province="province", commune="parent", village="pk")


def scoped(queryset: QuerySet, user) -> QuerySet:
    """Filter any area-bound queryset to what the user may see."""
    model: type[Model] = queryset.model
    if model is AdminUnit:
        return scoped_units(queryset, user)
    lookups: AreaLookups = model.AREA_LOOKUPS
    return queryset.filter(scope_for(user).q(lookups))


def scoped_units(queryset: QuerySet, user) -> QuerySet:
    """Units the user may see: those assigned, everything below them and the path above them."""
    scope = scope_for(user)
    if scope.everything:
        return queryset
    assigned = scope.province_ids | scope.commune_ids | scope.village_ids
    below = Q(pk__in=sorted(assigned)) | Q(province_id__in=sorted(scope.province_ids))
    below |= Q(parent_id__in=sorted(scope.commune_ids))
    return queryset.filter(below | Q(pk__in=sorted(_units_above(user, assigned))))


def _units_above(user, assigned: frozenset[int]) -> frozenset[int]:
    """The parents and provinces of the assigned units, asked once per user object (a request)
    like the scope itself: a page calls `scoped_units` several times."""
    cached = getattr(user, "_area_above", None)
    if cached is not None and cached[0] == assigned:
        return cached[1]
    above = AdminUnit.objects.filter(pk__in=sorted(assigned)).values_list("parent_id", "province_id")
    ids = frozenset(i for pair in above for i in pair if i)
    user._area_above = (assigned, ids)
    return ids


def unit_in_scope(unit: AdminUnit, user) -> bool:
    return scope_for(user).covers(unit)


def workable_units(queryset: QuerySet, user) -> list[AdminUnit]:
    """The units of `queryset` the user may act on: those assigned and below them, not the path
    above an assignment that `scoped_units` also shows (a commune officer sees their province)."""
    return [unit for unit in scoped_units(queryset, user) if unit_in_scope(unit, user)]
