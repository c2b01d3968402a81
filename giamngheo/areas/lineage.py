"""Dated units and their lineage: which unit took an old unit's territory, and from when.

A unit is valid from `valid_from` to `valid_to` (inclusive; empty: open). A succession
old → new takes effect on `effective`, the day after the old unit's last day. Anything
keyed to an old unit (a plan's allocation, a target, a historic figure) rolls up to the
unit of a later date by following the default successions in force on that date
(`successor_on`). A succession is refused when it would make a cycle or when the old
unit's validity overlaps that of a successor created to replace it.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from giamngheo.areas.models import AdminUnit, Level, UnitSuccession
from giamngheo.core.text import fold

LINEAGE_FILE = Path(__file__).resolve().parent / "data" / "lineage.yaml"
ONE_DAY = dt.timedelta(days=1)


def _period(unit: AdminUnit) -> str:
    start = f"{unit.valid_from:%d/%m/%Y}" if unit.valid_from else "…"
    end = f"{unit.valid_to:%d/%m/%Y}" if unit.valid_to else "nay"
    return f"{start} – {end}"


def succession_error(old: AdminUnit, new: AdminUnit) -> str:
    """Why `new` cannot succeed `old` (empty when it can)."""
    if old.pk is not None and old.pk == new.pk:
        return f"{old.name} không thể kế thừa chính nó."
    if old.valid_to is None:
        return f"{old.name} chưa có ngày hết hiệu lực nên không thể có đơn vị kế thừa."
    if new.valid_to is not None and new.valid_to <= old.valid_to:
        return f"{new.name} ({_period(new)}) hết hiệu lực trước {old.name} ({_period(old)}) nên không thể kế thừa."
    if new.valid_from is not None and new.valid_from <= old.valid_to:
        return (
            f"Thời gian hiệu lực của {old.name} ({_period(old)}) trùng với đơn vị kế thừa "
            f"{new.name} ({_period(new)}): đơn vị cũ phải hết hiệu lực trước ngày đơn vị mới có hiệu lực."
        )
    chain = _cycle(old, new)
    if chain:
        return "Kế thừa tạo thành vòng lặp: " + " → ".join(unit.name for unit in chain) + "."
    return ""


def _cycle(old: AdminUnit, new: AdminUnit) -> list[AdminUnit]:
    """The chain new → … → old when `new` already descends into `old` (else [])."""
    if old.pk is None:
        return []
    path, frontier, seen = {new.pk: [old, new]}, [new], {new.pk}
    while frontier:
        unit = frontier.pop()
        for succession in unit.successions.select_related("new_unit"):
            nxt = succession.new_unit
            chain = path[unit.pk] + [nxt]
            if nxt.pk == old.pk:
                return chain
            if nxt.pk not in seen:
                seen.add(nxt.pk)
                path[nxt.pk] = chain
                frontier.append(nxt)
    return []


def link(old: AdminUnit, new: AdminUnit, basis: str = "", default: bool = True) -> UnitSuccession:
    """Record that `new` took `old`'s territory the day after `old.valid_to`; refused
    (ValidationError naming both units) on a cycle or overlapping validity."""
    error = succession_error(old, new)
    if error:
        raise ValidationError({"successor": error})
    succession, _ = UnitSuccession.objects.update_or_create(
        old_unit=old,
        new_unit=new,
        defaults={"is_default": default, "effective": old.valid_to + ONE_DAY, "basis": basis},
    )
    return succession


def successor_on(unit: AdminUnit, day: dt.date) -> AdminUnit:
    """The unit that stands for `unit` on `day`: follow default successions in force
    on that day (all levels) until none applies. A commune of the 1 July 2025 reform
    is followed commune by commune; higher legacy levels stop at the last legacy unit
    (see `targets.geography` for their current communes)."""
    seen = {unit.pk}
    while True:
        nxt = (
            UnitSuccession.objects.filter(old_unit=unit, effective__lte=day, new_unit__level=unit.level)
            .order_by("-is_default", "pk")
            .select_related("new_unit")
            .first()
        )
        if nxt is None or nxt.new_unit_id in seen:
            return unit
        unit = nxt.new_unit
        seen.add(unit.pk)


def latest_legacy(unit: AdminUnit) -> AdminUnit:
    """A legacy district or province followed through the rearrangements before the
    2025 reform (e.g. Huyện Nông Sơn → Huyện Quế Sơn on 1 January 2025)."""
    if unit.level not in (Level.PROVINCE, Level.DISTRICT):
        return unit
    return successor_on(unit, dt.date.max)


@dataclass(frozen=True)
class LineageEntry:
    era: str
    level: str
    code: str
    name: str
    short_name: str
    kind: str
    province: str
    parent: str
    valid_from: dt.date | None
    valid_to: dt.date
    successor_level: str
    successor_code: str
    basis: str


def read_lineage(path: Path = LINEAGE_FILE) -> list[LineageEntry]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        LineageEntry(
            era=row["era"], level=row["level"], code=str(row["code"]), name=row["name"],
            short_name=row.get("short_name", row["name"]), kind=row.get("kind", row["name"].split(" ")[0]),
            province=str(row["province"]), parent=str(row.get("parent", row["province"])),
            valid_from=row.get("valid_from"), valid_to=row["valid_to"],
            successor_level=row["successor"]["level"], successor_code=str(row["successor"]["code"]),
            basis=row.get("basis", ""),
        )
        for row in data["units"]
    ]  # fmt: skip


def load_lineage(path: Path = LINEAGE_FILE) -> tuple[int, list[str]]:
    """Upsert the file's units and successions; returns (units loaded, warnings)."""
    loaded, warnings = 0, []
    for entry in read_lineage(path):
        in_era = AdminUnit.objects.filter(era=entry.era)
        province = in_era.filter(level=Level.PROVINCE, code=entry.province).first()
        successor = in_era.filter(level=entry.successor_level, code=entry.successor_code).first()
        if province is None or successor is None:
            warnings.append(
                f"{entry.name}: chưa có tỉnh {entry.province} hoặc đơn vị kế thừa {entry.successor_code}."
            )
            continue
        parent = in_era.filter(code=entry.parent).exclude(level=entry.level).first() or province
        unit, _ = AdminUnit.objects.update_or_create(
            era=entry.era,
            level=entry.level,
            code=entry.code,
            defaults={
                "name": entry.name, "short_name": entry.short_name, "kind": entry.kind,
                "parent": parent, "province": province, "valid_from": entry.valid_from,
                "valid_to": entry.valid_to, "search_name": fold(entry.name),
            },
        )  # fmt: skip
        link(unit, successor, entry.basis)
        loaded += 1
    return loaded, warnings
