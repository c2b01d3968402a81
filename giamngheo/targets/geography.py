"""Targets set for pre-2025 units, compared with current results.

Successions are recorded commune by commune (old commune → new commune, one of
them the default); a district or province that disappeared before the reform is
first followed to the legacy unit that took it (`areas.lineage.latest_legacy`). A legacy province or district therefore maps to the current
communes that are the default successors of its old communes, and to the current
province most of them belong to. This is an approximation when a new commune took
in parts of old communes outside the legacy unit: results of the whole new commune
count.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from giamngheo.areas.lineage import latest_legacy
from giamngheo.areas.models import AdminUnit, Era, Level, UnitSuccession
from giamngheo.reports.queries import Area, area_of


def legacy_communes(unit: AdminUnit) -> list[int]:
    """Old communes of a legacy province, district or commune."""
    if unit.level == Level.COMMUNE:
        return [unit.pk]
    old = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE)
    if unit.level == Level.PROVINCE:
        return list(old.filter(province=unit).values_list("pk", flat=True))
    return list(old.filter(parent=unit).values_list("pk", flat=True))


def successor_communes(unit: AdminUnit) -> list[int]:
    """Current communes covering the unit: for a legacy unit, the default successor of each
    of its old communes (any successor when an old commune has no default)."""
    if unit.era == Era.CURRENT:
        if unit.level == Level.PROVINCE:
            communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province=unit)
            return list(communes.values_list("pk", flat=True))
        return [unit.parent_id] if unit.level == Level.VILLAGE else [unit.pk]
    old_ids = legacy_communes(latest_legacy(unit))
    chosen: dict[int, int] = {}
    successions = UnitSuccession.objects.filter(old_unit_id__in=old_ids).order_by("-is_default", "pk")
    for old_id, new_id in successions.values_list("old_unit_id", "new_unit_id"):
        chosen.setdefault(old_id, new_id)
    return sorted(set(chosen.values()))


def current_province_of(unit: AdminUnit) -> AdminUnit | None:
    """The current province of a unit: for a legacy unit, the province most of its
    successor communes belong to."""
    if unit.era == Era.CURRENT:
        return unit if unit.level == Level.PROVINCE else unit.province
    provinces = Counter(
        AdminUnit.objects.filter(pk__in=successor_communes(unit)).values_list("province_id", flat=True)
    )
    if not provinces:
        return None
    province_id = sorted(provinces.items(), key=lambda item: (-item[1], item[0]))[0][0]
    return AdminUnit.objects.get(pk=province_id)


def current_commune_of(unit: AdminUnit) -> AdminUnit | None:
    """The current commune a commune (or village) corresponds to; None above commune level."""
    if unit.level == Level.VILLAGE:
        return unit.parent if unit.era == Era.CURRENT else None
    if unit.level != Level.COMMUNE:
        return None
    if unit.era == Era.CURRENT:
        return unit
    ids = successor_communes(unit)
    return AdminUnit.objects.get(pk=ids[0]) if ids else None


def area_for(unit: AdminUnit) -> Area:
    """The current communes whose summaries stand for the unit."""
    if unit.era == Era.CURRENT:
        return area_of(unit)
    return Area(f"{unit.name} (địa giới trước 01/7/2025)", Q(commune_id__in=successor_communes(unit)), unit)


@dataclass
class RolledUpTarget:
    """Targets on several (legacy) units added up for one current unit."""

    unit: AdminUnit
    indicator_code: str
    year: int
    target_value: Decimal
    baseline: Decimal | None
    sources: list = field(default_factory=list)


def roll_up_targets(targets: Iterable, level: str = Level.PROVINCE) -> list[RolledUpTarget]:
    """Sum additive targets (households, people, counts, VND, km) per current unit of the
    level (province or commune), indicator, year and segment. Rates cannot be added up:
    targets in percent or points are left out. Each item needs `.unit`, `.indicator`,
    `.year`, `.target_value`, `.baseline` and optionally `.segment` (Target and Allocation
    rows adapted by `allocation_items` both fit)."""
    groups: dict[tuple, RolledUpTarget] = {}
    mapped: dict[int, AdminUnit | None] = {}
    for item in targets:
        if not item.indicator.is_additive or item.unit is None:
            continue
        if item.unit.pk not in mapped:
            mapped[item.unit.pk] = (
                current_province_of(item.unit) if level == Level.PROVINCE else current_commune_of(item.unit)
            )
        current = mapped[item.unit.pk]
        if current is None:
            continue
        key = (current.pk, item.indicator.code, item.year, getattr(item, "segment", ""))
        group = groups.get(key)
        if group is None:
            group = groups[key] = RolledUpTarget(current, item.indicator.code, item.year, Decimal(0), None)
        group.target_value += item.target_value
        if item.baseline is not None:
            group.baseline = (group.baseline or Decimal(0)) + item.baseline
        group.sources.append(item)
    return sorted(groups.values(), key=lambda g: (g.unit.code, g.indicator_code, g.year))


@dataclass(frozen=True)
class AllocationItem:
    """An allocation seen as a target of its own unit (for `roll_up_targets`)."""

    unit: AdminUnit | None
    indicator: object
    year: int
    target_value: Decimal
    baseline: Decimal | None
    segment: str = ""


def allocation_items(target) -> list[AllocationItem]:
    return [
        AllocationItem(a.unit, target.indicator, target.year, a.value, a.baseline, target.segment)
        for a in target.allocations.select_related("unit", "unit__province", "unit__parent")
    ]
