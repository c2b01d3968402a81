"""Coverage of each policy in a unit: eligible beneficiaries vs those reached by a
support record, overall and per commune (per village inside a commune), and the list
of eligible households not yet reached. Everything is computed from one read of the
unit's data (see `eligibility`), over the households the user may see."""

import datetime as dt
from dataclasses import dataclass, field

import polars as pl
from django.db.models import QuerySet

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import scoped
from giamngheo.households.models import Household, Member
from giamngheo.programs.eligibility import Rule, UnitFrames, load_frames, reached, rules_on, with_reached
from giamngheo.programs.layers import LayeredShare, layered_share
from giamngheo.programs.models import Policy, PolicyVersion
from giamngheo.targets.geography import current_province_of


class Reach:
    """Rate and shortfall of anything with `eligible` and `reached` counts."""

    eligible: int
    reached: int

    @property
    def rate(self) -> float | None:
        return 100 * self.reached / self.eligible if self.eligible else None

    @property
    def unreached(self) -> int:
        return self.eligible - self.reached


@dataclass(frozen=True)
class UnitCoverage(Reach):
    unit_id: int | None
    name: str
    eligible: int
    reached: int


@dataclass
class PolicyCoverage(Reach):
    policy: Policy
    version: PolicyVersion | None = None
    remark: str = ""
    layered: LayeredShare | None = None
    eligible: int = 0
    reached: int = 0
    received: int = 0
    missing_data: list[str] = field(default_factory=list)
    by_unit: list[UnitCoverage] = field(default_factory=list)

    @property
    def computable(self) -> bool:
        return not self.missing_data and not self.remark

    @property
    def received_not_eligible(self) -> int:
        return self.received - self.reached


@dataclass
class CoverageReport:
    unit: AdminUnit
    reference: dt.date
    households: int
    policies: list[PolicyCoverage]
    breakdown_label: str


def unit_households(unit: AdminUnit, user) -> QuerySet:
    """The unit's active households the user may see."""
    lookup = {Level.PROVINCE: "province", Level.COMMUNE: "commune", Level.VILLAGE: "village"}[unit.level]
    return scoped(Household.objects.filter(is_active=True, **{lookup: unit}), user)


def _breakdown(unit: AdminUnit) -> tuple[str | None, str]:
    if unit.level == Level.PROVINCE:
        return "commune_id", "Xã/phường"
    if unit.level == Level.COMMUNE:
        return "village_id", "Thôn/tổ dân phố"
    return None, ""


def active_policies(unit: AdminUnit | None = None) -> list[Policy]:
    """National policies, then the local policies of the unit's province (a local policy
    of a pre-2025 province applies to the part of it now in the unit's province: the
    households' own rows decide, as their `province` is the current one)."""
    policies = Policy.objects.filter(active=True).select_related("ntp_project", "province", "tops_up")
    policies = policies.prefetch_related("versions")
    national = [p for p in policies if p.province_id is None]
    if unit is None:
        return national
    province_ids = local_province_ids(unit)
    local = [p for p in policies if p.province_id in province_ids]
    return national + local


def local_province_ids(unit: AdminUnit) -> set[int]:
    """The unit's current province and the pre-2025 provinces whose territory went into it."""
    province = unit if unit.level == Level.PROVINCE else unit.province
    if province is None:
        return set()
    ids = {province.pk}
    issuers = Policy.objects.filter(province__isnull=False).exclude(province=province)
    for issuer in AdminUnit.objects.filter(pk__in=issuers.values("province")).distinct():
        current = current_province_of(issuer)
        if current is not None and current.pk == province.pk:
            ids.add(issuer.pk)
    return ids


def coverage_report(
    unit: AdminUnit, user, reference: dt.date | None = None, policies: list[Policy] | None = None
) -> CoverageReport:
    """Coverage of every policy in force on the reference date, each with its version."""
    reference = reference or dt.date.today()
    policies = active_policies(unit) if policies is None else policies
    in_force = rules_on(policies, reference)
    rules = [rule for _, _, rule in in_force]
    frames = load_frames(unit_households(unit, user), rules, reference, large=unit.level == Level.PROVINCE)
    column, label = _breakdown(unit)
    names = _unit_names(frames, column)
    results = []
    for policy, version, rule in in_force:
        result = PolicyCoverage(policy, version, remark=rule.remark, missing_data=rule.missing_data)
        result.layered = layered_share(policy, reference)
        if rule.computable:
            _fill(result, frames, rule, column, names)
        results.append(result)
    return CoverageReport(unit, reference, frames.total_households, results, label)


def _unit_names(frames: UnitFrames, column: str | None) -> dict[int | None, str]:
    if column is None:
        return {}
    ids = [i for i in frames.households[column].unique().to_list() if i is not None]
    names = dict(AdminUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
    names[None] = "(chưa ghi thôn/tổ)"
    return names


def _fill(result: PolicyCoverage, frames: UnitFrames, rule: Rule, column: str | None, names: dict) -> None:
    beneficiaries = with_reached(frames, rule)
    result.eligible = beneficiaries.height
    result.reached = int(beneficiaries["reached"].sum())
    result.received = reached(frames, rule).height
    if column is None:
        return
    grouped = (
        beneficiaries.group_by(column)
        .agg(pl.len().alias("eligible"), pl.col("reached").sum().alias("reached"))
        .sort(column, nulls_last=True)
    )
    result.by_unit = sorted(
        (
            UnitCoverage(unit_id, names.get(unit_id, str(unit_id)), eligible, int(got))
            for unit_id, eligible, got in grouped.iter_rows()
        ),
        key=lambda row: row.name,
    )


def unreached_beneficiaries(
    unit: AdminUnit, user, policy: Policy, reference: dt.date | None = None
) -> pl.DataFrame:
    """household_id, member_id of eligible beneficiaries not yet reached, by household."""
    reference = reference or dt.date.today()
    version = policy.version_on(reference)
    rule = Rule.of(policy, version) if version is not None else None
    if rule is None or not rule.computable:
        return pl.DataFrame(schema={"household_id": pl.Int64, "member_id": pl.Int64})
    frames = load_frames(unit_households(unit, user), [rule], reference, large=unit.level == Level.PROVINCE)
    rows = with_reached(frames, rule).filter(~pl.col("reached"))
    return rows.select("household_id", "member_id").sort("household_id", "member_id", nulls_last=False)


@dataclass(frozen=True)
class UnreachedRow:
    household: Household
    members: list[Member]


def unreached_rows(frame: pl.DataFrame, offset: int, limit: int) -> list[UnreachedRow]:
    """One page of the unreached list as households (with their unreached members)."""
    household_ids = frame["household_id"].unique(maintain_order=True).slice(offset, limit).to_list()
    households = Household.objects.filter(pk__in=household_ids).select_related(
        "commune", "village", "current"
    )
    by_id = {h.pk: h for h in households}
    member_ids = frame.filter(pl.col("household_id").is_in(household_ids))["member_id"].drop_nulls().to_list()
    members: dict[int, list[Member]] = {}
    for member in Member.objects.filter(pk__in=member_ids).order_by("household_id", "birth_date"):
        members.setdefault(member.household_id, []).append(member)
    return [UnreachedRow(by_id[i], members.get(i, [])) for i in household_ids if i in by_id]
