"""Loads the administrative units into the database: one transaction, idempotent.

Rows are upserted on their natural key (era, level, code), so a second run
updates in place and keeps primary keys; successions no longer in the source are
removed. Units that disappeared before mid-2025 come from `data/lineage.yaml`
(`areas.lineage`). An interrupted load rolls back and leaves the previous set intact.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from giamngheo.areas import sources
from giamngheo.areas.lineage import load_lineage
from giamngheo.areas.models import AdminUnit, Era, Level, UnitSuccession
from giamngheo.core.text import fold

REFORM = dt.date(2025, 7, 1)
LAST_LEGACY_DAY = dt.date(2025, 6, 30)
UPDATED_FIELDS = [
    "name", "short_name", "kind", "area_type", "parent", "province",
    "valid_from", "valid_to", "latitude", "longitude", "search_name",
]  # fmt: skip


@dataclass(frozen=True)
class LoadSummary:
    current_provinces: int
    current_communes: int
    legacy_provinces: int
    legacy_districts: int
    legacy_communes: int
    successions: int
    earlier_units: int = 0
    warnings: tuple[str, ...] = ()


def load_units() -> LoadSummary:
    with transaction.atomic():
        _upsert(Era.CURRENT, sources.current_units(), valid_from=REFORM, valid_to=None)
        _upsert(Era.LEGACY, sources.legacy_units(), valid_from=None, valid_to=LAST_LEGACY_DAY)
        n_successions = _sync_successions(sources.successions())
        lineage_units, warnings = load_lineage()
    count = AdminUnit.objects.filter
    on_eve = AdminUnit.objects.filter(era=Era.LEGACY, valid_to__gte=LAST_LEGACY_DAY).filter
    return LoadSummary(
        current_provinces=count(era=Era.CURRENT, level=Level.PROVINCE).count(),
        current_communes=count(era=Era.CURRENT, level=Level.COMMUNE).count(),
        legacy_provinces=on_eve(level=Level.PROVINCE).count(),
        legacy_districts=on_eve(level=Level.DISTRICT).count(),
        legacy_communes=on_eve(level=Level.COMMUNE).count(),
        successions=n_successions,
        earlier_units=lineage_units,
        warnings=tuple(warnings),
    )


def _ids(era: str, level: str) -> dict[str, int]:
    return dict(AdminUnit.objects.filter(era=era, level=level).values_list("code", "id"))


def _upsert(era: str, rows: Iterable[sources.UnitRow], *, valid_from, valid_to) -> None:
    by_level: dict[str, list[sources.UnitRow]] = {}
    for row in rows:
        by_level.setdefault(row.level, []).append(row)
    parent_level = {Level.DISTRICT: Level.PROVINCE, Level.COMMUNE: Level.DISTRICT}
    if era == Era.CURRENT:
        parent_level[Level.COMMUNE] = Level.PROVINCE
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        province_ids = _ids(era, Level.PROVINCE)
        parent_ids = _ids(era, parent_level[level]) if level in parent_level else {}
        units = [
            AdminUnit(
                code=row.code, name=row.name, short_name=row.short_name, kind=row.kind, level=level,
                era=era, area_type=row.area_type, parent_id=parent_ids.get(row.parent_code),
                province_id=province_ids.get(row.province_code), valid_from=valid_from, valid_to=valid_to,
                latitude=row.latitude, longitude=row.longitude, search_name=fold(row.name),
            )
            for row in by_level.get(level, [])
        ]  # fmt: skip
        AdminUnit.objects.bulk_create(
            units,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["era", "level", "code"],
            update_fields=UPDATED_FIELDS,
        )


def _sync_successions(pairs: Iterable[tuple[str, str, bool]]) -> int:
    old_ids = _ids(Era.LEGACY, Level.COMMUNE)
    new_ids = _ids(Era.CURRENT, Level.COMMUNE)
    wanted = {(old_ids[old], new_ids[new]): default for old, new, default in pairs}
    reform = UnitSuccession.objects.filter(
        old_unit__era=Era.LEGACY, old_unit__level=Level.COMMUNE, new_unit__era=Era.CURRENT
    )
    existing = set(reform.values_list("old_unit_id", "new_unit_id"))
    stale = existing - wanted.keys()
    for old_id, new_id in stale:
        UnitSuccession.objects.filter(old_unit_id=old_id, new_unit_id=new_id).delete()
    UnitSuccession.objects.bulk_create(
        [
            UnitSuccession(old_unit_id=o, new_unit_id=n, is_default=d, effective=REFORM)
            for (o, n), d in wanted.items()
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["old_unit", "new_unit"],
        update_fields=["is_default", "effective"],
    )
    return len(wanted)
