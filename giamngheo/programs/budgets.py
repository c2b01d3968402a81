"""Programme budgets: disbursement rates by project and by unit, and the check that a
plan's parts add up to its totals.

Budget lines are grouped by owner (a plan, or a unit when the line has no plan) and
year. Within a group, for the whole programme and for each project:
- the total is the line with no source and no nature;
- its parts are the lines split by source, the lines split by nature, and the lines
  split by both; each kind of split should add up to the total;
- the projects' totals should add up to the programme's total, and sub-projects' to
  their project's; the programme total should equal the plan's `budget_total`.
A mismatch is flagged with its difference, never corrected (Quảng Nam 2020 prints its
provincial share as "66,006,65" billion, which leaves 350,000 VND unexplained).

Figures of a group (for rates) are taken at the most aggregate level that exists:
the total line, else the sum of the source split, else of the nature split, else of
the cells; a project without lines of its own adds up its sub-projects.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from giamngheo.areas.scope import scoped
from giamngheo.programs.models import NtpProject, ProgrammeBudgetLine
from giamngheo.targets.checks import SumCheck, rounded_check

ZERO = Decimal(0)
AMOUNTS = ("planned", "allocated", "disbursed")
AMOUNT_LABELS = {"planned": "kế hoạch", "allocated": "đã giao", "disbursed": "đã giải ngân"}


def visible_lines(user) -> QuerySet:
    lines = ProgrammeBudgetLine.objects.select_related(
        "plan", "unit", "province", "project", "project__parent"
    )
    return scoped(lines, user)


@dataclass
class Figures:
    planned: Decimal = ZERO
    allocated: Decimal | None = None
    disbursed: Decimal | None = None

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.planned + other.planned,
            _add(self.allocated, other.allocated),
            _add(self.disbursed, other.disbursed),
        )

    @property
    def rate(self) -> float | None:
        """Disbursed as a share of allocated (of planned when nothing is allocated yet)."""
        base = self.allocated if self.allocated else self.planned
        if not base or self.disbursed is None:
            return None
        return float(self.disbursed) / float(base) * 100


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None and b is None:
        return None
    return (a or ZERO) + (b or ZERO)


def _sum(lines: list[ProgrammeBudgetLine]) -> Figures:
    total = Figures()
    for line in lines:
        total = total + Figures(line.planned, line.allocated, line.disbursed)
    return total


def _split(lines: list[ProgrammeBudgetLine]) -> dict[str, list[ProgrammeBudgetLine]]:
    kinds: dict[str, list[ProgrammeBudgetLine]] = defaultdict(list)
    for line in lines:
        if line.source and line.nature:
            kinds["cells"].append(line)
        elif line.source:
            kinds["source"].append(line)
        elif line.nature:
            kinds["nature"].append(line)
        else:
            kinds["total"].append(line)
    return kinds


SPLIT_LABELS = {
    "source": "theo nguồn vốn",
    "nature": "theo tính chất vốn",
    "cells": "theo nguồn và tính chất",
}


def level_figures(lines: list[ProgrammeBudgetLine]) -> Figures | None:
    kinds = _split(lines)
    for kind in ("total", "source", "nature", "cells"):
        if kinds.get(kind):
            return _sum(kinds[kind])
    return None


@dataclass
class Group:
    """The lines of one plan (or unit) and year."""

    label: str
    year: int
    plan_total: Decimal | None
    lines: list[ProgrammeBudgetLine] = field(default_factory=list)

    def by_project(self) -> dict[int | None, list[ProgrammeBudgetLine]]:
        grouped: dict[int | None, list[ProgrammeBudgetLine]] = defaultdict(list)
        for line in self.lines:
            grouped[line.project_id].append(line)
        return grouped

    def project_figures(self, project: NtpProject, projects: list[NtpProject]) -> Figures | None:
        own = self.by_project().get(project.pk)
        if own:
            return level_figures(own)
        parts = [self.project_figures(child, projects) for child in projects if child.parent_id == project.pk]
        parts = [p for p in parts if p is not None]
        return sum(parts[1:], parts[0]) if parts else None

    def programme_figures(self, projects: list[NtpProject]) -> Figures | None:
        own = self.by_project().get(None)
        if own:
            return level_figures(own)
        parts = [self.project_figures(p, projects) for p in projects if p.parent_id is None]
        parts = [p for p in parts if p is not None]
        return sum(parts[1:], parts[0]) if parts else None


def groups(lines: QuerySet | list[ProgrammeBudgetLine]) -> list[Group]:
    found: dict[tuple, Group] = {}
    for line in lines:
        if line.plan_id:
            key = ("plan", line.plan_id, line.year)
            label, plan_total = line.plan.title, line.plan.budget_total
        else:
            key = ("unit", line.unit_id, line.year)
            label, plan_total = line.unit.name, None
        group = found.setdefault(key, Group(label, line.year, plan_total))
        group.lines.append(line)
    return sorted(found.values(), key=lambda g: (g.label, g.year))


@dataclass(frozen=True)
class BudgetCheck:
    group: str
    year: int
    scope: str  # "Toàn chương trình" or a project label
    check: SumCheck

    @property
    def ok(self) -> bool:
        return self.check.ok


def _checks_of_level(lines: list[ProgrammeBudgetLine], scope: str, group: Group) -> list[BudgetCheck]:
    kinds = _split(lines)
    totals = kinds.get("total", [])
    checks = []
    if len(totals) > 1:
        count = Decimal(len(totals))
        checks.append(
            BudgetCheck(
                group.label,
                group.year,
                scope,
                SumCheck("Số dòng tổng (phải là 1)", Decimal(1), count, len(totals)),
            )
        )
    if not totals:
        return checks
    total = totals[0]
    for kind, label in SPLIT_LABELS.items():
        parts = kinds.get(kind)
        if not parts:
            continue
        for amount in AMOUNTS:
            expected = getattr(total, amount)
            values = [getattr(line, amount) for line in parts]
            if expected is None or any(v is None for v in values):
                continue
            check = rounded_check(f"Kinh phí {AMOUNT_LABELS[amount]} {label}", expected, values)
            checks.append(BudgetCheck(group.label, group.year, scope, check))
    return checks


def consistency_checks(lines: QuerySet | list[ProgrammeBudgetLine]) -> list[BudgetCheck]:
    """Every check of every group; `check.ok` False marks a plan whose parts do not add up."""
    projects = list(NtpProject.objects.all())
    labels = {p.pk: p.label for p in projects}
    checks: list[BudgetCheck] = []
    for group in groups(lines):
        by_project = group.by_project()
        for project_id, project_lines in by_project.items():
            scope = labels.get(project_id, "Toàn chương trình")
            checks += _checks_of_level(project_lines, scope, group)
        programme_total = level_figures(by_project.get(None, []))
        top = [(p, group.project_figures(p, projects)) for p in projects if p.parent_id is None]
        top = [(p, f) for p, f in top if f is not None]
        if by_project.get(None) and top:
            check = SumCheck(
                "Tổng các dự án so với tổng chương trình",
                programme_total.planned,
                sum((f.planned for _, f in top), ZERO),
                len(top),
            )
            checks.append(BudgetCheck(group.label, group.year, "Toàn chương trình", check))
        for project in projects:
            if project.parent_id is not None or project.pk not in by_project:
                continue
            children = [
                (c, group.project_figures(c, projects)) for c in projects if c.parent_id == project.pk
            ]
            children = [(c, f) for c, f in children if f is not None]
            if children:
                own = level_figures(by_project[project.pk])
                check = SumCheck(
                    "Tổng các tiểu dự án so với dự án",
                    own.planned,
                    sum((f.planned for _, f in children), ZERO),
                    len(children),
                )
                checks.append(BudgetCheck(group.label, group.year, project.label, check))
        if group.plan_total is not None:
            figures = group.programme_figures(projects)
            if figures is not None:
                check = SumCheck(
                    "Tổng kinh phí so với tổng của kế hoạch", group.plan_total, figures.planned, 1
                )
                checks.append(BudgetCheck(group.label, group.year, "Toàn chương trình", check))
    return checks


@dataclass(frozen=True)
class RateRow:
    label: str
    figures: Figures


def rates_by_project(lines: QuerySet | list[ProgrammeBudgetLine]) -> list[RateRow]:
    """Planned, allocated, disbursed and rate per project and sub-project, over all groups."""
    projects = list(NtpProject.objects.all())
    totals: dict[int, Figures] = {}
    for group in groups(lines):
        for project in projects:
            figures = group.project_figures(project, projects)
            if figures is not None:
                totals[project.pk] = totals[project.pk] + figures if project.pk in totals else figures
    return [RateRow(f"{p.label}: {p.name}", totals[p.pk]) for p in projects if p.pk in totals]


def rates_by_unit(lines: QuerySet | list[ProgrammeBudgetLine]) -> list[RateRow]:
    """The programme's figures per unit (the current province/commune a line belongs to)."""
    projects = list(NtpProject.objects.all())
    by_unit: dict[str, list[ProgrammeBudgetLine]] = defaultdict(list)
    for line in lines:
        by_unit[line.unit.name].append(line)
    rows = []
    for name, unit_lines in sorted(by_unit.items()):
        figures = [g.programme_figures(projects) for g in groups(unit_lines)]
        figures = [f for f in figures if f is not None]
        if figures:
            rows.append(RateRow(name, sum(figures[1:], figures[0])))
    return rows
