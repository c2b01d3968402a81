"""Loading the seed plans (`seed_plans/*.yaml`) idempotently: everything is upserted
on its natural key, so a second load changes nothing and duplicates nothing.
Rows that disappeared from a file are kept (they may carry entered progress)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from giamngheo.areas.models import AdminUnit, Era
from giamngheo.core.text import fold
from giamngheo.targets.geography import current_commune_of, current_province_of
from giamngheo.targets.indicators import sync_indicators
from giamngheo.targets.models import Allocation, BudgetLine, Indicator, NationalFigure, Plan, Segment, Target

SEED_DIR = Path(__file__).resolve().parent / "seed_plans"
NATIONAL_FIGURES = Path(__file__).resolve().parent / "national_figures.yaml"


@dataclass
class SeedReport:
    plans: int = 0
    targets: int = 0
    allocations: int = 0
    budget_lines: int = 0
    warnings: list[str] = field(default_factory=list)


def seed_files(directory: Path = SEED_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def find_unit(spec: dict, default_era: str = Era.LEGACY) -> AdminUnit | None:
    """By era, level and code; else by name within the era and level."""
    era = spec.get("era", default_era)
    units = AdminUnit.objects.filter(era=era, level=spec["level"])
    unit = units.filter(code=str(spec.get("code", ""))).first() if spec.get("code") else None
    if unit is None and spec.get("name"):
        unit = units.filter(search_name=fold(spec["name"])).first()
    return unit


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load_national_figures(path: Path = NATIONAL_FIGURES) -> int:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    indicators = {i.code: i for i in Indicator.objects.all()}
    for row in data["figures"]:
        NationalFigure.objects.update_or_create(
            indicator=indicators[row["indicator"]],
            year=row["year"],
            defaults={
                "value": _decimal(row["value"]),
                "source": row["source"],
                "confirmed": row["confirmed"],
            },
        )
    return len(data["figures"])


def load_seed_plans(directory: Path = SEED_DIR) -> SeedReport:
    sync_indicators()
    load_national_figures()
    report = SeedReport()
    for path in seed_files(directory):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        with transaction.atomic():
            _load_plan(data, path.name, report)
    return report


def _load_plan(data: dict, filename: str, report: SeedReport) -> None:
    unit = find_unit(data["unit"])
    if unit is None:
        report.warnings.append(f"{filename}: không tìm thấy đơn vị {data['unit']}; bỏ qua kế hoạch.")
        return
    province = current_province_of(unit)
    if province is None:
        report.warnings.append(
            f"{filename}: chưa xác định được tỉnh hiện nay của {unit.name}; bỏ qua kế hoạch."
        )
        return
    start, end = data["period"]
    budget = data.get("budget") or {}
    issued = data.get("issued_on")
    plan, _ = Plan.objects.update_or_create(
        seed_key=data["key"],
        defaults={
            "unit": unit,
            "province": province,
            "commune": current_commune_of(unit),
            "title": data["title"],
            "document_number": data.get("document_number") or "",
            "issued_on": issued
            if isinstance(issued, dt.date) or issued is None
            else dt.date.fromisoformat(issued),
            "legal_basis": (data.get("legal_basis") or "").strip(),
            "period_start": start,
            "period_end": end,
            "standard_id": data.get("standard_id") or "",
            "reporting": data.get("reporting") or "",
            "budget_total": _decimal(budget.get("total")),
            "notes": (data.get("notes") or "").strip(),
            "source_file": data.get("source_file", filename),
            "standard_periods": data.get("standard_periods") or [],
        },
    )
    report.plans += 1
    for segment in data.get("segments") or []:
        # The list of communes is the officers' to edit: created once, never overwritten.
        Segment.objects.get_or_create(
            plan=plan, name=segment["name"], defaults={"description": segment.get("description", "")}
        )
    for line in budget.get("lines") or []:
        BudgetLine.objects.update_or_create(
            plan=plan,
            dimension=line["dimension"],
            label=line["label"],
            defaults={"amount": _decimal(line["amount"]), "note": line.get("note", "")},
        )
        report.budget_lines += 1
    indicators = {i.code: i for i in Indicator.objects.all()}
    for position, spec in enumerate(data.get("targets") or [], start=1):
        _load_target(plan, unit, spec, position, indicators, filename, report)


def _load_target(
    plan: Plan, plan_unit: AdminUnit, spec: dict, position: int, indicators, filename, report
) -> None:
    indicator = indicators.get(spec["indicator"])
    if indicator is None:
        report.warnings.append(f"{filename}: chỉ số {spec['indicator']!r} không có trong danh mục.")
        return
    unit = plan_unit
    if spec.get("unit"):
        unit = find_unit(spec["unit"], default_era=plan_unit.era)
        if unit is None:
            report.warnings.append(f"{filename}: không tìm thấy đơn vị {spec['unit']}; bỏ qua chỉ tiêu.")
            return
    if "each_year" in spec:
        first, last = spec["each_year"]
        years = [(year, year) for year in range(first, last + 1)]
    else:
        years = [(spec["year"], None)]
    for year, start_year in years:
        target, _ = Target.objects.update_or_create(
            plan=plan,
            indicator=indicator,
            unit=unit,
            year=year,
            segment=spec.get("segment", ""),
            defaults={
                "start_year": start_year,
                "baseline": _decimal(spec.get("baseline")),
                "baseline_year": spec.get("baseline_year"),
                "target_value": _decimal(spec["value"]),
                "target_high": _decimal(spec.get("high")),
                "direction": spec["direction"],
                "quote": spec.get("quote", ""),
                "position": position,
                "versus_national": bool(spec.get("versus_national", False)),
            },
        )
        report.targets += 1
        for allocation in spec.get("allocations") or []:
            part_unit = None
            if allocation.get("unit"):
                part_unit = find_unit(
                    {"name": allocation["label"]} | allocation["unit"], default_era=unit.era
                )
            if allocation.get("unit") and part_unit is None:
                report.warnings.append(f"{filename}: {allocation['label']} không có trong danh mục đơn vị.")
            Allocation.objects.update_or_create(
                target=target,
                label=allocation["label"],
                defaults={
                    "unit": part_unit,
                    "value": _decimal(allocation["value"]),
                    "baseline": _decimal(allocation.get("baseline")),
                    "note": allocation.get("note", ""),
                },
            )
            report.allocations += 1
