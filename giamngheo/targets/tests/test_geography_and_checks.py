from decimal import Decimal

import pytest

from giamngheo.areas.models import Level, UnitSuccession
from giamngheo.reports.summaries import refresh_commune_summary
from giamngheo.targets.checks import allocation_checks, plan_mismatches
from giamngheo.targets.geography import (
    allocation_items,
    current_commune_of,
    current_province_of,
    roll_up_targets,
    successor_communes,
)
from giamngheo.targets.models import Allocation, Indicator, Plan, Target
from giamngheo.targets.progress import progress_of
from giamngheo.targets.seeding import load_seed_plans
from giamngheo.targets.tests.conftest import make_unit


def _plan(unit, province, **extra) -> Plan:
    fields = {"title": "Kế hoạch thử", "period_start": 2024, "period_end": 2024} | extra
    return Plan.objects.create(unit=unit, province=province, **fields)


def _target(plan, code, unit=None, value=100, **extra) -> Target:
    return Target.objects.create(
        plan=plan,
        indicator=Indicator.objects.get(code=code),
        unit=unit or plan.unit,
        year=extra.pop("year", 2024),
        target_value=Decimal(value),
        direction=extra.pop("direction", "increase"),
        **extra,
    )


def test_allocation_check_flags_parts_that_do_not_add_up(geography):
    plan = _plan(geography["province"], geography["province"])
    target = _target(plan, "houses_supported", value=100, baseline=Decimal(40))
    Allocation.objects.create(
        target=target, unit=geography["commune"], label="Xã Phước Hà", value=60, baseline=25
    )
    Allocation.objects.create(
        target=target, unit=geography["urban"], label="Phường Phan Rang", value=30, baseline=15
    )
    value_check, baseline_check = allocation_checks(target)
    assert not value_check.ok and value_check.difference == -10 and value_check.parts == 2
    assert baseline_check.ok
    assert [m.check.label for m in plan_mismatches(plan)] == ["Chỉ tiêu giao"]
    Allocation.objects.filter(label="Phường Phan Rang").update(value=40)
    assert all(check.ok for check in allocation_checks(target)) and plan_mismatches(plan) == []


def test_rates_are_not_added_up(geography):
    plan = _plan(geography["province"], geography["province"])
    target = _target(plan, "poor_rate", value=2, direction="decrease")
    Allocation.objects.create(target=target, unit=geography["commune"], label="Xã Phước Hà", value=3)
    assert allocation_checks(target) == []


def test_allocation_must_go_to_a_unit_below(geography):
    from django.core.exceptions import ValidationError

    plan = _plan(geography["province"], geography["province"])
    target = _target(plan, "houses_supported")
    wrong = Allocation(target=target, unit=geography["other_commune"], label="Xã Bát Xát", value=1)
    with pytest.raises(ValidationError):
        wrong.clean()
    Allocation(target=target, unit=geography["commune"], label="Xã Phước Hà", value=1).clean()


def test_legacy_units_map_to_current_units_through_default_successions(legacy_world, geography):
    ninh_thuan = legacy_world["58"]
    assert successor_communes(ninh_thuan) == [geography["commune"].pk]
    assert current_province_of(ninh_thuan) == geography["province"]
    assert current_province_of(legacy_world["688"]).code == "75"
    old = legacy_world["58201"]
    UnitSuccession.objects.create(old_unit=old, new_unit=geography["urban"], is_default=False)
    assert successor_communes(ninh_thuan) == [geography["commune"].pk]  # the default one only
    assert current_commune_of(old) == geography["commune"]
    assert current_commune_of(geography["urban"]) == geography["urban"]
    assert current_commune_of(ninh_thuan) is None


def test_legacy_targets_roll_up_to_the_current_province(legacy_world):
    da_nang = legacy_world["current"]["48"]
    plan = _plan(legacy_world["49"], da_nang, period_start=2020, period_end=2020)
    _target(plan, "poor_households_reduction", unit=legacy_world["504"], value=120, year=2020)
    _target(plan, "poor_households_reduction", unit=legacy_world["515"], value=80, year=2020)
    _target(plan, "poor_households_reduction", year=2020, value=5, segment="Hộ người có công")
    _target(plan, "poor_rate", unit=legacy_world["504"], value=2, year=2020, direction="decrease")
    rolled = roll_up_targets(Target.objects.filter(plan=plan).select_related("indicator", "unit"))
    assert [(r.unit, r.indicator_code, r.year, r.target_value) for r in rolled] == [
        (da_nang, "poor_households_reduction", 2020, Decimal(200)),
        (da_nang, "poor_households_reduction", 2020, Decimal(5)),
    ]
    assert {s.unit.code for s in rolled[0].sources} == {"504", "515"}


def test_legacy_allocations_roll_up_with_their_baselines(legacy_world):
    load_seed_plans()
    target = Target.objects.get(
        plan__seed_key="quang-nam-2020", indicator__code="meritorious_poor_households"
    )
    rolled = roll_up_targets(allocation_items(target))
    assert len(rolled) == 1 and rolled[0].unit.code == "48"
    assert rolled[0].baseline == 416  # Nông Sơn (6 households) rolls up through Quế Sơn
    assert rolled[0].target_value == 0


def test_commune_level_roll_up_uses_the_default_successor(legacy_world, geography):
    plan = _plan(legacy_world["58"], geography["province"])
    _target(plan, "houses_supported", unit=legacy_world["58201"], value=7)
    rolled = roll_up_targets(Target.objects.filter(plan=plan), level=Level.COMMUNE)
    assert [(r.unit, r.target_value) for r in rolled] == [(geography["commune"], Decimal(7))]


def test_legacy_target_is_measured_on_the_successor_communes(
    legacy_world, geography, surveyed, classify, make_user
):
    from giamngheo.accounts.models import Role

    for status in ("poor", "poor", "not_poor", "near_poor"):
        classify(surveyed(geography["commune"], 1_000_000), status)  # successor of Ninh Thuận
    for status in ("poor", "not_poor"):
        classify(surveyed(geography["urban"], 1_000_000), status)  # not a successor
    refresh_commune_summary(geography["commune"].pk, 2024)
    refresh_commune_summary(geography["urban"].pk, 2024)
    plan = _plan(legacy_world["58"], geography["province"], standard_id="2022-2025")
    count = _target(plan, "poor_households", value=1, direction="decrease")
    rate = _target(plan, "poor_rate", value=40, direction="decrease")
    officer = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    assert progress_of(count, officer).actual.value == 2
    state = progress_of(rate, officer)
    assert state.actual.value == Decimal("50.0000") and state.status == "off_track"
    later = _target(plan, "poor_households", value=2, direction="decrease", year=2025)
    assert progress_of(later, officer).status == "achieved"
    assert successor_communes(make_unit("99", "Tỉnh Khác", Level.PROVINCE)) == []


def test_budget_parts_rounded_to_the_million_pass_and_a_finer_typo_is_flagged():
    from giamngheo.targets.checks import printed_precision, rounded_check

    million = Decimal(1_000_000)
    assert printed_precision(Decimal("452413000000")) == million
    # three thirds of 1 billion printed to the million: 333 + 333 + 333 = 999 (rounding)
    thirds = rounded_check("Ba phần", Decimal("1000000000"), [Decimal("333000000")] * 3)
    assert thirds.difference == -million and thirds.tolerance == Decimal("1500000") and thirds.ok
    # Quảng Nam 2020: "66,006,65" is finer than the million the document prints to
    sources = rounded_check(
        "Nguồn", Decimal("452413000000"), [Decimal("386406000000"), Decimal("66006650000")]
    )
    assert sources.difference == Decimal("-350000") and not sources.ok
    assert sources.unrounded == (Decimal("66006650000"),)
    # a real gap larger than the rounding is flagged too
    assert not rounded_check("Lệch", Decimal("1000000000"), [Decimal("500000000"), Decimal("497000000")]).ok
