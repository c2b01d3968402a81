"""Do a plan's parts add up? Allocations of a target to lower units, and budget lines
per dimension (by source, by nature) against the plan's total. A mismatch is
flagged with its difference, never corrected silently: plans quote their
documents, typos included (Quảng Nam 2020 prints 66,006,65 for 66,007). Budget
figures printed to the million may miss their total by the rounding of each part; that
is tolerated, a part finer than the document's rounding is not."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from giamngheo.targets.models import BudgetDimension, Plan, Target


@dataclass(frozen=True)
class SumCheck:
    """`precision`: the unit the document rounds its figures to (1 for exact sums). Parts
    rounded each to that unit may miss the total by half a unit each; a part that is not
    itself rounded to it (66,006,65 billion where every other figure is to the million)
    is a typo, flagged whatever the sum."""

    label: str
    expected: Decimal
    total: Decimal
    parts: int
    precision: Decimal = Decimal(1)
    unrounded: tuple[Decimal, ...] = ()

    @property
    def difference(self) -> Decimal:
        return self.total - self.expected

    @property
    def tolerance(self) -> Decimal:
        return (self.precision / 2) * self.parts if self.precision > 1 else Decimal(0)

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= self.tolerance and not self.unrounded


def printed_precision(amount: Decimal, finest: int = 0, coarsest: int = 6) -> Decimal:
    """The power of ten a printed figure is rounded to, at most a million đồng (plans
    print billions with three decimals): 452,413 billion → 1 million."""
    precision = Decimal(1)
    for exponent in range(finest, coarsest + 1):
        if amount % (Decimal(10) ** exponent) == 0:
            precision = Decimal(10) ** exponent
    return precision


def rounded_check(label: str, expected: Decimal, parts: list[Decimal]) -> SumCheck:
    """Parts of a printed total, each expected rounded as most of the figures are (ties:
    the finer rounding), so that one odd figure stands out."""
    counts = Counter(printed_precision(amount) for amount in [expected, *parts])
    precision = min(counts, key=lambda p: (-counts[p], p))
    unrounded = tuple(part for part in parts if part % precision)
    return SumCheck(label, expected, sum(parts, Decimal(0)), len(parts), precision, unrounded)


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
            amounts = [line.amount for line in lines]
            checks.append(rounded_check(f"Kinh phí {label.lower()}", plan.budget_total, amounts))
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
