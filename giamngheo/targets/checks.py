"""Do a plan's parts add up? Allocations of a target to lower units, and budget lines
per dimension (by source, by nature) against the plan's total. A mismatch is
flagged with its difference, never corrected silently: plans quote their
documents, typos included (Quảng Nam 2020 prints 66,006,65 for 66,007)."""

from dataclasses import dataclass
from decimal import Decimal

from giamngheo.targets.models import BudgetDimension, Plan, Target


@dataclass(frozen=True)
class SumCheck:
    label: str
    expected: Decimal
    total: Decimal
    parts: int

    @property
    def difference(self) -> Decimal:
        return self.total - self.expected

    @property
    def ok(self) -> bool:
        return self.difference == 0


def allocation_checks(target: Target) -> list[SumCheck]:
    """The allocations' values (and baselines, when given) against the target's.
    Rates cannot be added up: targets in percent or points are not checked."""
    allocations = list(target.allocations.all())
    if not allocations or not target.indicator.is_additive:
        return []
    checks = [
        SumCheck(
            "Chỉ tiêu giao",
            target.target_value,
            sum((a.value for a in allocations), Decimal(0)),
            len(allocations),
        )
    ]
    baselines = [a.baseline for a in allocations if a.baseline is not None]
    if baselines and target.baseline is not None:
        checks.append(SumCheck("Giá trị gốc", target.baseline, sum(baselines, Decimal(0)), len(baselines)))
    return checks


def budget_checks(plan: Plan) -> list[SumCheck]:
    if plan.budget_total is None:
        return []
    checks = []
    for dimension, label in BudgetDimension.choices:
        lines = [line for line in plan.budget_lines.all() if line.dimension == dimension]
        if lines:
            total = sum((line.amount for line in lines), Decimal(0))
            checks.append(SumCheck(f"Kinh phí {label.lower()}", plan.budget_total, total, len(lines)))
    return checks


@dataclass(frozen=True)
class Mismatch:
    target: Target | None
    check: SumCheck


def plan_mismatches(plan: Plan) -> list[Mismatch]:
    """Every part of the plan that does not add up."""
    found = [Mismatch(None, check) for check in budget_checks(plan) if not check.ok]
    for target in plan.targets.select_related("indicator").prefetch_related("allocations"):
        found += [Mismatch(target, check) for check in allocation_checks(target) if not check.ok]
    return found
