"""Segments of a plan (an editable list of communes) and the figures computed for them
from the registry; national figures for targets set against the national average.

A segment's communes may be pre-2025 communes (as the plan names them) or current ones;
households are read through the current communes that succeeded them
(`geography.successor_communes`). A commune outside the plan's province is refused,
naming it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.models import BulkChange
from giamngheo.households.models import Household, Status
from giamngheo.targets.geography import successor_communes
from giamngheo.targets.models import NationalFigure, Plan, Segment, Target

HUNDRED = Decimal(100)


def _plan_province_ids(plan: Plan) -> set[int]:
    """The plan's province in its own era and today."""
    unit = plan.unit
    own = unit if unit.level == Level.PROVINCE else unit.province
    return {pk for pk in (own.pk if own else None, plan.province_id) if pk}


def find_communes(plan: Plan, names: list[str]) -> list[AdminUnit]:
    """Communes by code or full name, in the plan's era first; an unknown name or a commune
    outside the plan's province is refused naming it."""
    inside, errors, found = _plan_province_ids(plan), [], []
    for name in (n.strip() for n in names):
        if not name:
            continue
        communes = AdminUnit.objects.filter(level=Level.COMMUNE).order_by(
            "-era" if plan.unit.era == Era.LEGACY else "era"
        )
        commune = (
            communes.filter(code=name).first()
            or communes.filter(name__iexact=name, province_id__in=inside).first()
        )
        commune = commune or communes.filter(name__iexact=name).first()
        if commune is None:
            errors.append(f"Không tìm thấy xã “{name}”.")
        elif commune.province_id not in inside:
            errors.append(f"{commune.name} ({commune.province.name}) không thuộc tỉnh của kế hoạch.")
        else:
            found.append(commune)
    if errors:
        raise ValidationError({"communes": errors})
    return found


def set_segment(plan: Plan, name: str, communes: list[AdminUnit], user, description: str = "") -> Segment:
    """Create or replace a segment's list of communes (audited)."""
    inside = _plan_province_ids(plan)
    outside = [c for c in communes if c.province_id not in inside]
    if outside:
        names = ", ".join(c.name for c in outside)
        raise ValidationError({"communes": f"Không thuộc tỉnh của kế hoạch: {names}."})
    with transaction.atomic():
        segment, _ = Segment.objects.get_or_create(plan=plan, name=name.strip())
        if description:
            segment.description = description
            segment.save(update_fields=["description"])
        segment.communes.set(communes)
        BulkChange.objects.create(
            user=user,
            action="Đặt xã của phạm vi riêng",
            unit=plan.province,
            description=f"{plan.title}: {segment.name} gồm {len(communes)} xã",
            rows=len(communes),
        )
    return segment


def segment_commune_ids(segment: Segment) -> list[int]:
    """The current communes whose households make up the segment."""
    ids: set[int] = set()
    for commune in segment.communes.all():
        ids.update([commune.pk] if commune.era == Era.CURRENT else successor_communes(commune))
    return sorted(ids)


def segment_poor_rate(segment: Segment) -> Decimal | None:
    """Poor households per 100 active households of the segment; None until its communes
    are set (or when they have no households)."""
    ids = segment_commune_ids(segment)
    if not ids:
        return None
    households = Household.objects.filter(is_active=True, commune_id__in=ids)
    total = households.count()
    if not total:
        return None
    poor = households.filter(current__status=Status.POOR).count()
    return (Decimal(poor) * HUNDRED / Decimal(total)).quantize(Decimal("0.01"))


def national_figure(target: Target, year: int | None = None) -> NationalFigure | None:
    return NationalFigure.objects.filter(indicator=target.indicator, year=year or target.year).first()


def meets_national(target: Target, value: Decimal, year: int | None = None) -> bool | None:
    """For a target set against the national average: is `value` below it (decrease) or
    above it (increase)? None when the year's national figure is not entered."""
    figure = national_figure(target, year)
    if figure is None:
        return None
    return value < figure.value if target.direction == "decrease" else value > figure.value
