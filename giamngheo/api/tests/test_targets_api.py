# ruff: noqa: F811 — fixtures imported from the reports and targets tests are used as parameters
"""Indicators, plans, targets, progress and report downloads through the API, within the area."""

import io

import openpyxl
import pytest

from giamngheo.accounts.models import Role
from giamngheo.api.models import ApiToken
from giamngheo.reports import actions
from giamngheo.reports.tests.conftest import classify, province_2024, resurvey  # noqa: F401 (fixtures)
from giamngheo.targets.models import Plan
from giamngheo.targets.tests.test_progress_report import commune_plan  # noqa: F401 (fixture)


def _bearer(user) -> dict:
    _token, key = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def officers(geography, make_user):
    return {
        "commune": make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]),
        "urban": make_user("phuong", Role.COMMUNE_OFFICER, geography["urban"]),
        "province": make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]),
        "other": make_user("khac", Role.PROVINCE_OFFICER, geography["other_province"]),
    }


@pytest.fixture
def other_plan(geography):
    return Plan.objects.create(
        unit=geography["other_province"],
        province=geography["other_province"],
        title="Kế hoạch tỉnh khác",
        period_start=2025,
        period_end=2025,
    )


def test_indicator_catalogue_needs_a_token(client, officers):
    assert client.get("/api/indicators").status_code == 401
    items = client.get("/api/indicators", **_bearer(officers["commune"])).json()["items"]
    codes = {item["code"] for item in items}
    assert {"poor_rate", "houses_supported"} <= codes


def test_plans_targets_and_progress_are_scoped(client, officers, commune_plan, other_plan):
    mine = _bearer(officers["commune"])
    plans = client.get("/api/plans", **mine).json()["items"]
    assert [p["id"] for p in plans] == [commune_plan.pk]
    assert plans[0]["commune"] == "22402" and plans[0]["province"] == "56"
    assert client.get(f"/api/plans/{other_plan.pk}", **mine).status_code == 404
    targets = client.get("/api/targets", {"plan": commune_plan.pk, "limit": 1}, **mine).json()
    assert targets["items"][0]["indicator"] == "houses_supported" and targets["next_cursor"]
    second = client.get(
        "/api/targets", {"plan": commune_plan.pk, "cursor": targets["next_cursor"]}, **mine
    ).json()
    assert second["items"][0]["target_value"] == 9.24 and second["next_cursor"] is None
    target_id = targets["items"][0]["id"]
    status = client.get(f"/api/targets/{target_id}/status", **mine).json()
    assert status["actual"]["value"] == 14 and status["status"] == "at_risk"
    progress = client.get("/api/progress", {"target": target_id, "year": 2025}, **mine).json()["items"]
    assert [p["period"] for p in progress] == ["Q1", "H1", "9M"]
    outsider = _bearer(officers["urban"])
    assert client.get("/api/plans", **outsider).json()["items"] == []
    assert client.get(f"/api/targets/{target_id}/status", **outsider).status_code == 404
    assert client.get("/api/progress", **outsider).json()["items"] == []


def test_plan_progress_report_downloads_and_empty_periods(client, officers, commune_plan):
    mine = _bearer(officers["commune"])
    url = f"/api/plans/{commune_plan.pk}/progress-report"
    excel = client.get(f"{url}.xlsx", {"year": 2025, "period": "H1"}, **mine)
    assert excel.status_code == 200 and excel["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(excel.content))["Tiến độ"]
    assert sheet["A3"].value == "Kỳ báo cáo: 6 tháng đầu năm 2025"
    pdf = client.get(f"{url}.pdf", {"year": 2025}, **mine)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    empty = client.get(f"{url}.xlsx", {"year": 2024, "period": "Q1"}, **mine)
    assert empty.status_code == 404 and "Chưa có số liệu thực hiện" in empty.json()["detail"]
    assert client.get(f"{url}.xlsx", {"year": 2025, "period": "Q7"}, **mine).status_code == 422
    assert client.get(f"{url}.xlsx", {"year": 2025}, **_bearer(officers["other"])).status_code == 404


def test_review_report_downloads_are_scoped(client, geography, officers, province_2024):
    province = _bearer(officers["province"])
    excel = client.get("/api/reports/review.xlsx", {"unit": "56", "year": 2024}, **province)
    values = list(
        openpyxl.load_workbook(io.BytesIO(excel.content), data_only=True)["Theo đơn vị"].iter_rows(
            values_only=True
        )
    )
    assert values[9][1] == "Tổng cộng" and values[9][2] == 9
    pdf = client.get("/api/reports/review.pdf", {"unit": "22402"}, **province)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    commune = _bearer(officers["commune"])
    assert client.get("/api/reports/review.xlsx", {"unit": "56"}, **commune).status_code == 404
    assert client.get("/api/reports/review.xlsx", {"unit": "22333"}, **commune).status_code == 404
    assert client.get("/api/reports/review.xlsx", {"unit": "nope"}, **commune).status_code == 404
    assert (
        client.get("/api/reports/review.xlsx", {"unit": "22402", "year": 2020}, **commune).status_code == 200
    )


def test_signed_reports_serve_the_stored_files(client, geography, officers, province_2024):
    report = actions.sign_off_review(officers["commune"], geography["commune"], 2024, "2022-2025")
    listing = client.get("/api/signed-reports", **_bearer(officers["province"])).json()["items"]
    assert [(r["id"], r["state"], r["unit"]) for r in listing] == [(report.pk, "submitted", "22402")]
    stored = client.get(f"/api/signed-reports/{report.pk}/file.pdf", **_bearer(officers["province"]))
    assert stored.content == bytes(report.pdf)
    assert client.get("/api/signed-reports", **_bearer(officers["urban"])).json()["items"] == []
    assert (
        client.get(f"/api/signed-reports/{report.pk}/file.xlsx", **_bearer(officers["urban"])).status_code
        == 404
    )
