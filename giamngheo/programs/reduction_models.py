"""Poverty-reduction models (mô hình giảm nghèo) and the rules plans set for them.

`check_rule` checks, for each year of a rule (e.g. Bắc Giang 2013-2015: 3-5 models a
year, 500 million VND each, in communes with ≥ 25% poor households):
- the number of models of the rule's plan that year is within [min, max];
- each model's budget equals the set amount;
- each model's commune has at least the minimum share of poor households: the share
  recorded with the model (from the approving document) when given, else the share in
  the registry now (poor / classified active households of the current commune).
Conditions the registry cannot check are listed with the result (`rule.unchecked`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from giamngheo.areas.scope import scoped
from giamngheo.households.models import Household, Status
from giamngheo.programs.models import ModelRule, ReductionModel


def visible_models(user) -> QuerySet:
    models = ReductionModel.objects.select_related(
        "commune", "current_commune", "province", "plan", "project"
    )
    return scoped(models, user).annotate(n_households=Count("households"))


def registry_poor_shares(commune_ids: list[int]) -> dict[int, Decimal]:
    """Poor households as a percentage of classified active households, per commune."""
    rows = (
        Household.objects.filter(commune_id__in=commune_ids, is_active=True)
        .filter(current__isnull=False)
        .values("commune_id")
        .annotate(total=Count("id"), poor=Count("id", filter=Q(current__status=Status.POOR)))
    )
    return {
        row["commune_id"]: (Decimal(100 * row["poor"]) / row["total"]).quantize(Decimal("0.01"))
        for row in rows
        if row["total"]
    }


@dataclass(frozen=True)
class ModelCheck:
    model: ReductionModel
    poor_share: Decimal | None
    share_source: str  # "văn bản", "sổ hộ", or "" when unknown
    budget_ok: bool | None
    share_ok: bool | None

    @property
    def problems(self) -> list[str]:
        found = []
        if self.budget_ok is False:
            found.append("kinh phí khác mức quy định")
        if self.share_ok is False:
            found.append("xã có tỷ lệ hộ nghèo dưới mức quy định")
        if self.share_ok is None:
            found.append("chưa có tỷ lệ hộ nghèo của xã")
        return found


@dataclass
class YearCheck:
    year: int
    count: int
    min_count: int
    max_count: int | None
    models: list[ModelCheck] = field(default_factory=list)

    @property
    def count_ok(self) -> bool:
        return self.count >= self.min_count and (self.max_count is None or self.count <= self.max_count)

    @property
    def ok(self) -> bool:
        return self.count_ok and all(not m.problems for m in self.models)


@dataclass
class RuleCheck:
    rule: ModelRule
    years: list[YearCheck]

    @property
    def ok(self) -> bool:
        return all(year.ok for year in self.years)


def check_rule(rule: ModelRule, models: QuerySet | None = None) -> RuleCheck:
    """Check a rule against the models of its plan (or the models given)."""
    if models is None:
        models = (
            ReductionModel.objects.filter(plan=rule.plan) if rule.plan_id else ReductionModel.objects.none()
        )
    models = list(
        models.filter(year__gte=rule.first_year, year__lte=rule.last_year).select_related("commune")
    )
    shares = registry_poor_shares(sorted({m.current_commune_id for m in models if m.current_commune_id}))
    years = []
    for year in range(rule.first_year, rule.last_year + 1):
        check = YearCheck(year, 0, rule.min_per_year, rule.max_per_year)
        for model in (m for m in models if m.year == year):
            check.count += 1
            check.models.append(_check_model(rule, model, shares))
        years.append(check)
    return RuleCheck(rule, years)


def _check_model(rule: ModelRule, model: ReductionModel, shares: dict[int, Decimal]) -> ModelCheck:
    if model.commune_poor_share is not None:
        share, source = model.commune_poor_share, "văn bản"
    elif model.current_commune_id in shares:
        share, source = shares[model.current_commune_id], "sổ hộ"
    else:
        share, source = None, ""
    budget_ok = None if rule.budget_per_model is None else model.budget == rule.budget_per_model
    if rule.min_poor_share is None:
        share_ok = True
    else:
        share_ok = None if share is None else share >= rule.min_poor_share
    return ModelCheck(model, share, source, budget_ok, share_ok)
