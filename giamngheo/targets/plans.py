"""Read side of plans and targets for pages; every queryset goes through the scope."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from giamngheo.areas.models import Era
from giamngheo.areas.scope import scoped
from giamngheo.targets.checks import SumCheck, allocation_checks, budget_checks, plan_mismatches
from giamngheo.targets.geography import RolledUpTarget, roll_up_targets
from giamngheo.targets.models import Plan, ProgressValue, Target
from giamngheo.targets.progress import TargetProgress, allocation_progress, progress_of


def visible_plans(user) -> QuerySet:
    plans = scoped(Plan.objects.select_related("unit", "unit__parent", "province", "commune"), user)
    return plans.annotate(n_targets=Count("targets")).order_by("-period_start", "title")


def visible_targets(user) -> QuerySet:
    return scoped(Target.objects.select_related("plan", "plan__province", "indicator", "unit"), user)


def visible_progress(user) -> QuerySet:
    return scoped(ProgressValue.objects.select_related("target", "target__plan", "target__unit"), user)


@dataclass
class TargetRow:
    progress: TargetProgress
    checks: list[SumCheck]
    allocations: list[TargetProgress]

    @property
    def mismatched(self) -> bool:
        return any(not check.ok for check in self.checks)


@dataclass
class PlanOverview:
    plan: Plan
    rows: list[TargetRow] = field(default_factory=list)
    budget_checks: list[SumCheck] = field(default_factory=list)
    rolled_up: list[RolledUpTarget] = field(default_factory=list)
    mismatches: int = 0

    @property
    def is_legacy(self) -> bool:
        return self.plan.unit.era != Era.CURRENT


def plan_overview(plan: Plan, user) -> PlanOverview:
    overview = PlanOverview(plan, budget_checks=budget_checks(plan))
    targets = (
        plan.targets.select_related("plan", "indicator", "unit", "unit__province")
        .prefetch_related("progress", "allocations__unit")
        .order_by("position", "year", "pk")
    )
    legacy = []
    for target in targets:
        allocations = [allocation_progress(a, user) for a in target.allocations.all()]
        overview.rows.append(TargetRow(progress_of(target, user), allocation_checks(target), allocations))
        if target.unit.era != Era.CURRENT:
            legacy.append(target)
    overview.rolled_up = roll_up_targets(legacy)
    overview.mismatches = len(plan_mismatches(plan))
    return overview
