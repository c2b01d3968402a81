import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.areas.models import AdminUnit
from giamngheo.reports.summaries import refresh_commune_summary
from giamngheo.reports.workbook import FIRST_DATA_ROW
from giamngheo.targets.models import Indicator, Plan, Target


@pytest.fixture
def province_data(geography, surveyed, classify, resurvey):
    """Two years of official results in the first province, one in the other."""
    AdminUnit.objects.filter(pk=geography["commune"].pk).update(latitude=11.75, longitude=108.85)
    AdminUnit.objects.filter(pk=geography["urban"].pk).update(latitude=11.57, longitude=108.99)
    statuses = {
        "commune": ["poor", "poor", "near_poor", "average", "not_poor"],
        "urban": ["poor", "near_poor", "near_poor", "not_poor", "not_poor", "not_poor"],
        "other_commune": ["poor", "poor", "poor"],
    }
    for key, rows in statuses.items():
        for status in rows:
            household = surveyed(geography[key], 1_000_000)
            classify(
                household, "poor", standard="2022-2025", survey=resurvey(household, dt.date(2023, 10, 1))
            )
            classify(household, status, deprived=("water", "telecom", "latrine") if status == "poor" else ())
        refresh_commune_summary(geography[key].pk, 2023)
        refresh_commune_summary(geography[key].pk, 2024)
    plan = Plan.objects.create(
        unit=geography["province"],
        province=geography["province"],
        title="Kế hoạch giảm nghèo tỉnh Khánh Hòa năm 2024",
        period_start=2024,
        period_end=2024,
        standard_id="2022-2025",
    )
    Target.objects.create(
        plan=plan, indicator=Indicator.objects.get(code="poor_rate"), unit=geography["province"], year=2024,
        baseline=100, target_value=30, direction="decrease",
    )  # fmt: skip
    return statuses


def _figure(page: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', page).group(1)


def test_province_dashboard_shows_figures_charts_map_and_targets(client, geography, province_data, make_user):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    page = client.get(reverse("targets:dashboard")).content.decode()
    assert (_figure(page, "households"), _figure(page, "poor"), _figure(page, "near_poor")) == (
        "11",
        "3",
        "3",
    )
    for chart in ("chart-xu-huong", "chart-theo-xa", "chart-thieu-hut", "chart-ban-do"):
        assert f'id="{chart}"' in page and f'data-png="{chart}"' in page
    assert page.count("<circle") >= 2 + 2  # two communes on the map, two points on the trend
    assert "Xã Bát Xát" not in page
    assert "Kế hoạch giảm nghèo tỉnh Khánh Hòa năm 2024" in page and "Đạt" in page  # 27.27% ≤ 30%
    assert "Thoát nghèo" in page


def test_dashboard_report_and_exports_agree_to_the_household(client, geography, province_data, make_user):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    query = {"don_vi": geography["province"].pk, "nam": 2024, "chuan": "2022-2025"}
    page = client.get(reverse("targets:dashboard"), query).content.decode()
    report = client.get(reverse("reports:index"), query).content.decode()
    assert _figure(page, "poor") == _figure(report, "poor") == "3"
    assert _figure(page, "households") == _figure(report, "households") == "11"
    workbook = client.get(reverse("reports:review_workbook"), query).content
    total = list(
        openpyxl.load_workbook(io.BytesIO(workbook), data_only=True)["Theo đơn vị"].iter_rows(
            values_only=True
        )
    )[FIRST_DATA_ROW + 2]
    headline = _export(client, "chi-so-chinh", query)
    by_name = {row[0]: row[1] for row in headline[4:]}
    assert by_name["Số hộ nghèo"] == total[4] == 3
    assert by_name["Tổng số hộ đã phân loại"] == total[2] == 11
    by_commune = _export(client, "theo-xa", query)
    assert sum(row[3] for row in by_commune[4:]) == 3
    direct = sum(len([s for s in province_data[key] if s == "poor"]) for key in ("commune", "urban"))
    assert direct == 3


def _export(client, chart: str, query: dict) -> list[tuple]:
    response = client.get(reverse("targets:chart_data", args=[chart]), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_every_chart_downloads_as_excel(client, geography, province_data, make_user):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    query = {"don_vi": geography["province"].pk}
    trend = _export(client, "xu-huong", query)
    assert [row[0] for row in trend[4:]] == [2023, 2024] and trend[5][3] == pytest.approx(27.27)
    deprivations = _export(client, "thieu-hut", query)
    assert {row[0]: row[1] for row in deprivations[4:]}["Nguồn nước sinh hoạt"] == 3
    map_rows = _export(client, "ban-do", query)
    assert {row[1] for row in map_rows[4:]} == {"Xã Phước Hà", "Phường Phan Rang"}
    targets = _export(client, "chi-tieu", query)
    assert targets[4][-1] == "Đạt"
    assert client.get(reverse("targets:chart_data", args=["khong-co"]), query).status_code == 404


def test_commune_officer_sees_only_their_commune_on_the_dashboard(
    client, geography, province_data, make_user
):
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    page = client.get(reverse("targets:dashboard")).content.decode()
    assert (_figure(page, "households"), _figure(page, "poor")) == ("5", "2")
    assert "Phường Phan Rang" not in page
    for unit in ("province", "urban", "other_commune"):
        query = {"don_vi": geography[unit].pk}
        assert client.get(reverse("targets:dashboard"), query).status_code == 404
        assert client.get(reverse("targets:chart_data", args=["theo-xa"]), query).status_code == 404
    rows = _export(client, "theo-xa", {})
    assert [row[1] for row in rows[4:]] == ["Xã Phước Hà"]
    assert "Kế hoạch giảm nghèo tỉnh Khánh Hòa" not in page  # a province plan is above the commune


def test_dashboard_without_data_and_navigation(client, geography, make_user):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    page = client.get(reverse("targets:dashboard")).content.decode()
    assert "Chưa có số liệu tổng hợp" in page
    for label in ("Bảng điều khiển", "Kế hoạch", "Báo cáo"):
        assert f">{label}</a>" in page
    assert client.get(reverse("targets:plans")).status_code == 200
    assert client.get(reverse("targets:indicators")).status_code == 200


def test_plan_pages_show_checks_and_roll_up(client, legacy_world, geography, make_user):
    from giamngheo.targets.seeding import load_seed_plans

    load_seed_plans()
    client.force_login(make_user("qt", Role.ADMIN))
    listing = client.get(reverse("targets:plans")).content.decode()
    assert listing.count("trước 01/7/2025") == 5
    plan = Plan.objects.get(seed_key="quang-nam-2020")
    page = client.get(reverse("targets:plan_detail", args=[plan.pk])).content.decode()
    assert 'data-flag="budget"' in page and "-350.000" in page
    assert 'data-flag="allocation"' not in page and "Huyện Nông Sơn" in page
    assert "Quy đổi sang đơn vị hành chính hiện nay" in page and "Thành phố Đà Nẵng" in page
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    assert client.get(reverse("targets:plan_detail", args=[plan.pk])).status_code == 404
    ninh_thuan = Plan.objects.get(seed_key="ninh-thuan-2022")
    assert client.get(reverse("targets:plan_detail", args=[ninh_thuan.pk])).status_code == 200


def test_commune_dashboard_shows_the_share_allocated_to_the_commune(
    client, geography, province_data, make_user
):
    from giamngheo.targets.models import Allocation

    target = Target.objects.get(indicator__code="poor_rate")
    households = Target.objects.create(
        plan=target.plan, indicator=Indicator.objects.get(code="poor_households"), unit=geography["province"],
        year=2024, target_value=4, direction="decrease",
    )  # fmt: skip
    Allocation.objects.create(target=households, unit=geography["commune"], label="Xã Phước Hà", value=1)
    Allocation.objects.create(target=households, unit=geography["urban"], label="Phường Phan Rang", value=3)
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    rows = _export(client, "chi-tieu", {})
    assert [(row[2], row[6], row[8], row[10]) for row in rows[4:]] == [
        ("Xã Phước Hà", 1, 2, "Chậm tiến độ / không đạt")
    ]
