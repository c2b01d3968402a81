"""Loading the programs data (`programs/data/*.yaml`) idempotently: the policy
catalogue, the NTP 2021-2025 projects, the seed plans' tasks and budget lines, and
the rules for poverty-reduction models. Everything is upserted on its natural key;
what officers enter in the app (task status, allocated and disbursed amounts) is kept.
Tasks and budget lines attach to the targets app's seed plans (`Plan.seed_key`); a
plan that is not loaded is reported, not invented."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from giamngheo.areas.models import AdminUnit
from giamngheo.programs.models import (
    Coverage,
    ModelRule,
    NtpProject,
    Policy,
    PolicyVersion,
    Programme,
    ProgrammeBudgetLine,
    Task,
)
from giamngheo.targets.models import Plan
from giamngheo.targets.seeding import find_unit

DATA_DIR = Path(__file__).resolve().parent / "data"
PROGRAMME_FILES = ("ntp_2012_2015.yaml", "ntp_2016_2020.yaml", "ntp_2021_2025.yaml", "ntp_2026_2035.yaml")


@dataclass
class LoadReport:
    projects: int = 0
    policies: int = 0
    tasks: int = 0
    budget_lines: int = 0
    rules: int = 0
    warnings: list[str] = field(default_factory=list)


def read_data(name: str, directory: Path) -> dict:
    return yaml.safe_load((directory / name).read_text(encoding="utf-8"))


def load_programs(directory: Path = DATA_DIR) -> LoadReport:
    report = LoadReport()
    with transaction.atomic():
        for name in PROGRAMME_FILES:
            load_projects(read_data(name, directory), report)
        catalogue = read_data("policies.yaml", directory)
        load_policies(catalogue, report)
        load_local_policies(directory, report)
        retired = [entry["code"] for entry in catalogue.get("retired") or []]
        Policy.objects.filter(code__in=retired).update(active=False)
        load_tasks(read_data("seed_tasks.yaml", directory), report)
        load_budgets(read_data("seed_budgets.yaml", directory), report)
        load_rules(read_data("model_rules.yaml", directory), report)
    return report


def load_projects(data: dict, report: LoadReport) -> None:
    meta = data["programme"]
    basis = meta["legal_basis"]
    programme, _ = Programme.objects.update_or_create(
        code=meta["code"],
        defaults={
            "name": meta["name"],
            "first_year": meta["first_year"],
            "last_year": meta["last_year"],
            "legal_basis": basis,
            "confirmed": bool(meta.get("confirmed", False)),
            "note": meta.get("note", ""),
        },
    )
    position = (meta["first_year"] - 2000) * 100
    confirmed = bool(meta.get("confirmed", False))
    for spec in data["projects"]:
        position += 1
        parent = _project(
            spec | {"confirmed": spec.get("confirmed", False) and confirmed}, None, position, basis, programme
        )
        report.projects += 1
        for sub in spec.get("sub_projects") or []:
            position += 1
            _project(sub | {"number": spec["number"]}, parent, position, basis, programme)
            report.projects += 1


def _project(
    spec: dict, parent: NtpProject | None, position: int, basis: str, programme: Programme
) -> NtpProject:
    project, _ = NtpProject.objects.update_or_create(
        code=spec["code"],
        defaults={
            "programme": programme,
            "parent": parent,
            "number": spec["number"],
            "sub_number": spec.get("sub_number"),
            "name": spec["name"],
            "lead_ministry": spec.get("lead_ministry", ""),
            "confirmed": bool(spec.get("confirmed", False)),
            "legal_basis": spec.get("legal_basis", basis),
            "note": spec.get("note", ""),
            "position": position,
        },
    )
    return project


class CatalogueError(ValueError):
    """The catalogue cannot be loaded as written (the message says which entry and why)."""


VERSION_FIELDS = {
    "legal_reference": "",
    "coverage": Coverage.COMPUTED,
    "escape_window_months": None,
    "min_age": None,
    "max_age": None,
    "reach_months": None,
    "note": "",
}


def load_policies(data: dict, report: LoadReport, province: AdminUnit | None = None) -> list[str]:
    """Upsert the file's policies and their versions; returns the codes loaded. Refuses
    (CatalogueError) a version overlapping another of the same policy."""
    projects = {p.code: p for p in NtpProject.objects.all()}
    codes = []
    for position, spec in enumerate(data["policies"], start=1):
        code = spec.get("ntp_project")
        if code and code not in projects:
            report.warnings.append(f"Chính sách {spec['code']}: không có dự án {code} trong danh mục.")
        tops_up = None
        if spec.get("tops_up"):
            tops_up = Policy.objects.filter(code=spec["tops_up"]).first()
            if tops_up is None:
                raise CatalogueError(
                    f"Chính sách {spec['code']}: không có chính sách {spec['tops_up']} để hỗ trợ thêm."
                )
        policy, _ = Policy.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "category": spec["category"],
                "agency": spec["agency"],
                "beneficiary": spec["beneficiary"],
                "province": province,
                "tops_up": tops_up,
                "ntp_project": projects.get(code) if code else None,
                "confirmed": all(v.get("confirmed", False) for v in spec["versions"]),
                "note": spec.get("note", ""),
                "active": True,
                "position": position + (1000 if province else 0),
            },
        )
        _load_versions(policy, spec["versions"])
        codes.append(policy.code)
        report.policies += 1
    return codes


def _load_versions(policy: Policy, specs: list[dict]) -> None:
    wanted = []
    for spec in specs:
        version = PolicyVersion.objects.filter(policy=policy, valid_from=_date(spec["valid_from"])).first()
        version = version or PolicyVersion(policy=policy, valid_from=_date(spec["valid_from"]))
        version.valid_to = _date(spec.get("valid_to"))
        version.label = spec["label"]
        version.legal_basis = spec["legal_basis"]
        version.statuses = list(spec.get("statuses") or [])
        version.escaped_from = list(
            spec.get("escaped_from") or (["poor"] if spec.get("escape_window_months") else [])
        )
        version.required_flags = list(spec.get("required_flags") or [])
        version.benefit = spec.get("benefit") or {}
        version.benefit_text = spec["benefit_text"]
        version.confirmed = bool(spec.get("confirmed", False))
        for name, default in VERSION_FIELDS.items():
            setattr(version, name, spec.get(name, default))
        error = version.overlap_error(wanted)
        if error:
            raise CatalogueError(error)
        wanted.append(version)
    kept = {v.valid_from for v in wanted}
    PolicyVersion.objects.filter(policy=policy).exclude(valid_from__in=kept).delete()
    for version in wanted:
        version.full_clean(exclude=["policy"], validate_unique=False, validate_constraints=False)
        version.save()


def load_local_policies(directory: Path, report: LoadReport) -> list[str]:
    """Every `local/*.yaml`: a province's own policies and top-ups."""
    codes = []
    for path in sorted((directory / "local").glob("*.yaml")):
        data = read_data(path.name, path.parent)
        province = find_unit(data["province"])
        if province is None:
            report.warnings.append(f"{path.name}: không tìm thấy tỉnh {data['province']}; bỏ qua.")
            continue
        codes += load_policies(data, report, province)
    return codes


def _plan(key: str, report: LoadReport) -> Plan | None:
    plan = Plan.objects.filter(seed_key=key).select_related("unit", "province", "commune").first()
    if plan is None:
        report.warnings.append(
            f"Chưa có kế hoạch mẫu '{key}' (chạy `giamngheo load_seed_plans` sau khi nạp đơn vị hành chính); bỏ qua."
        )
    return plan


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_tasks(data: dict, report: LoadReport) -> None:
    projects = {p.code: p for p in NtpProject.objects.all()}
    for block in data["plans"]:
        plan = _plan(block["plan"], report)
        if plan is None:
            continue
        for spec in block["tasks"]:
            if "each_year" in spec:
                first, last = spec["each_year"]
                for year in range(first, last + 1):
                    deadline = dt.date.fromisoformat(f"{year}-{spec['deadline_md']}")
                    _task(plan, spec, f"{spec['key']}-{year}", deadline, projects, {"year": year})
                    report.tasks += 1
            else:
                _task(plan, spec, spec["key"], _date(spec.get("deadline")), projects, {})
                report.tasks += 1


def _task(plan: Plan, spec: dict, key: str, deadline, projects: dict, values: dict) -> None:
    described = {
        "plan": plan,
        "unit": plan.unit,
        "province": plan.province,
        "commune": plan.commune,
        "number": spec.get("number", ""),
        "title": spec["title"].format(**values),
        "lead_agency": spec["lead"],
        "coordinating_agencies": spec.get("coordinating", ""),
        "timing": spec.get("timing", ""),
        "deadline": deadline,
        "output": spec.get("output", "").format(**values),
        "project": projects.get(spec.get("project") or ""),
    }
    task = Task.objects.filter(seed_key=key).first()
    if task is None:
        task = Task(seed_key=key)
    for name, value in described.items():
        setattr(task, name, value)
    task.full_clean()
    task.save()


def load_budgets(data: dict, report: LoadReport) -> None:
    projects = {p.code: p for p in NtpProject.objects.all()}
    for block in data["plans"]:
        plan = _plan(block["plan"], report)
        if plan is None:
            continue
        for spec in block["lines"]:
            line = ProgrammeBudgetLine.objects.filter(seed_key=spec["key"]).first() or ProgrammeBudgetLine(
                seed_key=spec["key"]
            )
            line.plan, line.unit, line.province, line.commune = plan, plan.unit, plan.province, plan.commune
            line.year = spec.get("year", block["year"])
            line.project = projects.get(spec.get("project") or "")
            line.source = spec.get("source", "")
            line.nature = spec.get("nature", "")
            line.label = spec.get("label", "")
            line.planned = Decimal(str(spec["planned"]))
            line.note = spec.get("note", "")
            line.full_clean()
            line.save()
            report.budget_lines += 1


def load_rules(data: dict, report: LoadReport) -> None:
    for spec in data["rules"]:
        plan = Plan.objects.filter(seed_key=spec.get("plan", "")).first()
        ModelRule.objects.update_or_create(
            key=spec["key"],
            defaults={
                "plan": plan,
                "plan_key": spec.get("plan", ""),
                "title": spec["title"],
                "first_year": spec["first_year"],
                "last_year": spec["last_year"],
                "min_per_year": spec["min_per_year"],
                "max_per_year": spec.get("max_per_year"),
                "budget_per_model": spec.get("budget_per_model"),
                "min_poor_share": spec.get("min_poor_share"),
                "quote": spec.get("quote", ""),
                "unchecked": spec.get("unchecked", ""),
            },
        )
        report.rules += 1
