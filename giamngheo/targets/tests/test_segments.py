"""Segments as editable lists of communes, their targets computed from households; a
target against the national average; the standard that measures each year of a plan."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from giamngheo.core.models import BulkChange
from giamngheo.households.models import Household
from giamngheo.households.tests.statuses import set_status
from giamngheo.targets.models import NationalFigure, Plan, Segment, Target
from giamngheo.targets.seeding import load_seed_plans
from giamngheo.targets.segments import find_communes, meets_national, segment_poor_rate, set_segment
from giamngheo.targets.tests.conftest import legacy


def _households(commune, poor: int, others: int) -> None:
    for i in range(poor + others):
        household = Household.objects.create(
            code=f"{commune.code}-{i}", province=commune.province, commune=commune, head_name=f"Chủ hộ {i}"
        )
        set_status(household, "poor" if i < poor else "not_poor")


def test_a_segment_target_is_computed_from_the_households_of_its_communes(legacy_world, admin_user):
    load_seed_plans()
    plan = Plan.objects.get(seed_key="bac-giang-2013-2015")
    segment = Segment.objects.get(plan=plan, name="13 xã nghèo huyện Lục Ngạn")
    assert segment_poor_rate(segment) is None  # not computable until its communes are set
    second = legacy("21902", "Xã Cũ Hai", "commune", legacy_world["219"])
    from giamngheo.areas.models import UnitSuccession
    from giamngheo.targets.tests.conftest import make_unit

    other_new = make_unit("27002", "Xã Mới Hai", "commune", legacy_world["current"]["27"])
    UnitSuccession.objects.create(old_unit=second, new_unit=other_new, is_default=True)
    _households(legacy_world["new_communes"]["27"], poor=3, others=17)  # 15 %
    _households(other_new, poor=1, others=9)  # 10 %
    communes = find_communes(plan, ["21901", "Xã Cũ Hai"])
    set_segment(plan, segment.name, communes, admin_user)
    # 4 poor of 30 households = 13.33 per hundred, hand-computed
    assert segment_poor_rate(segment) == Decimal("13.33")
    assert BulkChange.objects.filter(action="Đặt xã của phạm vi riêng").count() == 1
    # loading the seed plans again keeps the officers' list
    load_seed_plans()
    assert segment.communes.count() == 2


def test_a_commune_outside_the_plans_province_is_refused_naming_it(legacy_world, admin_user):
    load_seed_plans()
    plan = Plan.objects.get(seed_key="bac-giang-2013-2015")
    with pytest.raises(ValidationError) as error:
        find_communes(plan, ["21901", "58201"])
    assert error.value.message_dict["communes"] == [
        "Xã Cũ 582 (Tỉnh Ninh Thuận) không thuộc tỉnh của kế hoạch."
    ]
    with pytest.raises(ValidationError, match="Xã Cũ 582"):
        set_segment(plan, "16 xã ATK huyện Hiệp Hòa", [legacy_world["58201"]], admin_user)
    assert not Segment.objects.get(plan=plan, name="16 xã ATK huyện Hiệp Hòa").communes.exists()


def test_below_the_national_average_compares_with_the_years_national_figure(legacy_world):
    load_seed_plans()
    target = Target.objects.get(plan__seed_key="nghe-an-2030", indicator__code="poor_rate", year=2030)
    assert target.versus_national
    assert meets_national(target, Decimal("1.5")) is None  # no 2030 figure entered yet
    NationalFigure.objects.create(indicator=target.indicator, year=2030, value=Decimal("0.9"), source="thử")
    assert meets_national(target, Decimal("0.8")) is True
    assert meets_national(target, Decimal("0.9")) is False
    assert meets_national(target, Decimal("2.0"), year=2024) is False  # 2024: 1.93 %


def test_nghe_an_names_the_standard_of_each_year(legacy_world):
    load_seed_plans()
    plan = Plan.objects.get(seed_key="nghe-an-2030")
    assert [plan.standard_for(y) for y in (2022, 2026, 2027, 2030)] == [
        "2022-2025",
        "2022-2025",
        "2026-2030",
        "2026-2030",
    ]
    assert Plan.objects.get(seed_key="bac-giang-2013-2015").standard_for(2014) == "2011-2015"


def test_an_officer_sets_the_communes_of_a_segment_on_its_page(legacy_world, client, admin_user):
    load_seed_plans()
    plan = Plan.objects.get(seed_key="bac-giang-2013-2015")
    segment = Segment.objects.get(plan=plan, name="13 xã nghèo huyện Lục Ngạn")
    client.force_login(admin_user)
    page = client.get(f"/ke-hoach/danh-sach/{plan.pk}/").content.decode()
    assert "13 xã nghèo huyện Lục Ngạn" in page and "chưa có danh sách xã" in page
    refused = client.post(f"/ke-hoach/pham-vi/{segment.pk}/", {"xa": "21901\n58201"})
    assert refused.status_code == 400 and "Xã Cũ 582 (Tỉnh Ninh Thuận)" in refused.content.decode()
    assert not segment.communes.exists()
    done = client.post(f"/ke-hoach/pham-vi/{segment.pk}/", {"xa": "21901 Xã Cũ 219"})
    assert done.status_code == 302 and list(segment.communes.values_list("code", flat=True)) == ["21901"]
