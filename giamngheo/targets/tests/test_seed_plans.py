from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from giamngheo.targets.checks import allocation_checks, budget_checks, plan_mismatches
from giamngheo.targets.models import Allocation, BudgetLine, Indicator, Plan, Target
from giamngheo.targets.seeding import load_seed_plans, seed_files


def _counts() -> tuple[int, ...]:
    return (
        Plan.objects.count(),
        Target.objects.count(),
        Allocation.objects.count(),
        BudgetLine.objects.count(),
        Indicator.objects.count(),
    )


def test_there_is_one_seed_file_per_seed_plan():
    assert len(seed_files()) == 5


def test_seed_plans_load_twice_without_duplicates(legacy_world):
    first = load_seed_plans()
    assert first.plans == 5 and first.warnings == []
    counts = _counts()
    ids = set(Target.objects.values_list("pk", flat=True))
    second = load_seed_plans()
    assert _counts() == counts and set(Target.objects.values_list("pk", flat=True)) == ids
    assert second.targets == first.targets
    assert counts[0] == 5


def test_seed_plans_keep_their_legacy_units_and_find_the_current_province(legacy_world):
    load_seed_plans()
    plans = {p.seed_key: p for p in Plan.objects.select_related("unit", "province")}
    expected = {
        "quang-nam-2020": ("49", "48"),
        "phuoc-long-2021": ("688", "75"),
        "ninh-thuan-2022": ("58", "56"),
        "nghe-an-2030": ("40", "40"),
        "bac-giang-2013-2015": ("24", "27"),
    }
    for key, (legacy_code, current_code) in expected.items():
        assert plans[key].unit.era == "legacy" and plans[key].unit.code == legacy_code
        assert plans[key].province.era == "2025" and plans[key].province.code == current_code
    assert plans["phuoc-long-2021"].unit.level == "district"
    assert plans["ninh-thuan-2022"].document_number == "1335/KH-UBND"


def test_seed_numbers_are_quoted_from_the_documents(legacy_world):
    load_seed_plans()
    phuoc_long = Target.objects.get(plan__seed_key="phuoc-long-2021", indicator__code="poor_rate")
    assert (phuoc_long.baseline, phuoc_long.target_value, phuoc_long.direction) == (
        Decimal("0.16"),
        Decimal("0.09"),
        "decrease",
    )
    ninh_thuan = {t.indicator.code: t for t in Target.objects.filter(plan__seed_key="ninh-thuan-2022")}
    assert ninh_thuan["poor_rate_reduction"].target_value == Decimal("1.5")
    assert ninh_thuan["houses_supported"].target_value == 200
    assert ninh_thuan["poverty_models"].target_value == 10
    assert (
        ninh_thuan["poor_children_out_of_school_rate"].baseline,
        ninh_thuan["poor_children_out_of_school_rate"].target_value,
    ) == (
        Decimal("11.24"),
        Decimal("9.24"),
    )
    assert ninh_thuan["health_insurance_near_poor_rate"].target_value == 98
    nghe_an = Target.objects.filter(plan__seed_key="nghe-an-2030", indicator__code="poor_rate_reduction")
    assert sorted(nghe_an.values_list("year", flat=True)) == list(range(2022, 2031))
    assert {(t.target_value, t.target_high) for t in nghe_an} == {(Decimal(1), Decimal("1.5"))}
    mountains = Target.objects.filter(plan__seed_key="nghe-an-2030", segment="Vùng miền núi")
    assert mountains.count() == 9 and not mountains.first().is_computed
    bac_giang = Target.objects.filter(plan__seed_key="bac-giang-2013-2015")
    assert bac_giang.get(indicator__code="poor_rate").bounds == (Decimal("8.5"), Decimal("9.0"))
    son_dong = bac_giang.filter(indicator__code="poor_rate_reduction")
    assert {t.unit.code for t in son_dong} == {"220"} and son_dong.count() == 3
    assert bac_giang.get(indicator__code="commune_road_paved_rate").target_value == 90
    assert bac_giang.get(indicator__code="village_road_hardened_rate").target_value == 65
    quang_nam = {t.indicator.code: t for t in Target.objects.filter(plan__seed_key="quang-nam-2020")}
    assert quang_nam["poor_households_reduction"].target_value == 2700
    assert quang_nam["near_poor_households_reduction"].target_value == 3000


def test_quang_nam_budget_typo_is_flagged_and_meritorious_allocations_add_up(legacy_world):
    load_seed_plans()
    plan = Plan.objects.get(seed_key="quang-nam-2020")
    assert plan.budget_total == Decimal("452413000000")
    checks = {c.label: c for c in budget_checks(plan)}
    by_nature = next(c for label, c in checks.items() if "tính chất" in label)
    by_source = next(c for label, c in checks.items() if "nguồn" in label)
    assert by_nature.ok
    assert not by_source.ok and by_source.difference == Decimal("-350000")
    meritorious = Target.objects.get(plan=plan, indicator__code="meritorious_poor_households")
    assert meritorious.allocations.count() == 12
    assert all(check.ok for check in allocation_checks(meritorious))
    baseline = next(c for c in allocation_checks(meritorious) if c.label == "Giá trị gốc")
    assert baseline.total == 416
    nong_son = meritorious.allocations.get(label="Huyện Nông Sơn")
    assert nong_son.unit == legacy_world["519"] and nong_son.baseline == 6
    assert meritorious.allocations.get(label="Huyện Tây Giang").unit == legacy_world["504"]
    assert len(plan_mismatches(plan)) == 1


def test_plans_whose_units_are_missing_are_skipped_with_a_warning(db):
    report = load_seed_plans()
    assert report.plans == 0 and len(report.warnings) == 5
    assert Indicator.objects.filter(code="poor_rate").exists()


def test_load_seed_plans_command_is_idempotent(legacy_world):
    out = StringIO()
    call_command("load_seed_plans", stdout=out, stderr=StringIO())
    counts = _counts()
    call_command("load_seed_plans", stdout=out, stderr=StringIO())
    assert _counts() == counts
    assert "5 plans" in out.getvalue()


def test_indicator_catalogue_is_seeded_by_the_migration(db):
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {
        "poor_rate",
        "near_poor_rate",
        "poor_households",
        "poor_people",
        "ethnic_minority_poor_rate",
    } <= codes
    assert {"meritorious_poor_rate", "escaped_poor_households", "newly_poor_households"} <= codes
    assert {"deprivation_rate_health_insurance", "houses_supported", "poverty_models", "road_km"} <= codes
    assert {"staff_trained", "budget_spent", "health_insurance_people"} <= codes
    measures = set(Indicator.objects.values_list("measure", flat=True))
    assert measures == {"households", "people", "percent", "points", "count", "vnd", "km"}
    assert not Indicator.objects.filter(definition="").exists()
    assert not Indicator.objects.filter(kind="computed", computation="").exists()
