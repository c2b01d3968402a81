from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.targets.models import Indicator, Plan, ProgressValue, Target
from giamngheo.targets.progress import (
    TargetStatus,
    approve_progress,
    assess,
    can_approve,
    progress_of,
    return_progress,
    save_progress,
    submit_progress,
    time_elapsed,
)

D = Decimal


@pytest.mark.parametrize(
    ("direction", "low", "high", "baseline", "value", "elapsed", "expected"),
    [
        ("decrease", D("8.5"), D("9.0"), None, D("8.9"), 1.0, TargetStatus.ACHIEVED),  # within "8.5-9.0%"
        ("decrease", D("8.5"), D("9.0"), None, D("9.1"), 1.0, TargetStatus.OFF_TRACK),  # deadline passed
        ("increase", D("1"), D("1.5"), None, D("1.0"), 1.0, TargetStatus.ACHIEVED),  # "1-1.5 points"
        ("increase", D("10"), D("10"), None, D("6"), 0.5, TargetStatus.ON_TRACK),  # 60% done at mid-year
        ("increase", D("10"), D("10"), None, D("3"), 0.5, TargetStatus.AT_RISK),  # 30% done at mid-year
        ("increase", D("10"), D("10"), None, D("1"), 0.5, TargetStatus.OFF_TRACK),  # 10% done at mid-year
        (
            "decrease",
            D("0.09"),
            D("0.09"),
            D("0.16"),
            D("0.12"),
            0.5,
            TargetStatus.ON_TRACK,
        ),  # 4/7 of the way
        ("decrease", D("0.09"), D("0.09"), D("0.16"), D("0.15"), 0.75, TargetStatus.OFF_TRACK),
        ("decrease", D("0"), D("0"), D("416"), D("0"), 0.25, TargetStatus.ACHIEVED),
        ("reach", D("95"), D("100"), None, D("101"), 1.0, TargetStatus.OFF_TRACK),
        ("increase", D("10"), D("10"), None, None, 0.5, TargetStatus.NO_DATA),
    ],
)
def test_status_rule(direction, low, high, baseline, value, elapsed, expected):
    status = assess(direction=direction, low=low, high=high, baseline=baseline, value=value, elapsed=elapsed)
    assert status == expected


def test_time_elapsed_counts_years_and_periods():
    assert time_elapsed(2013, 2015, 2013, "Y") == pytest.approx(1 / 3)
    assert time_elapsed(2013, 2015, 2014, "H1") == pytest.approx(1.5 / 3)
    assert time_elapsed(2022, 2022, 2022, "Q1") == 0.25
    assert time_elapsed(2022, 2022, 2023, "Y") == 1.0


@pytest.fixture
def commune_target(geography):
    commune = geography["commune"]
    plan = Plan.objects.create(
        unit=commune,
        province=geography["province"],
        commune=commune,
        title="Kế hoạch giảm nghèo xã Phước Hà năm 2025",
        period_start=2025,
        period_end=2025,
    )
    return Target.objects.create(
        plan=plan,
        indicator=Indicator.objects.get(code="houses_supported"),
        unit=commune,
        year=2025,
        target_value=20,
        direction="increase",
    )


def test_progress_goes_draft_submitted_approved_by_the_level_above(commune_target, geography, make_user):
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    colleague = make_user("xa2", Role.COMMUNE_OFFICER, geography["commune"])
    province = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    other_province = make_user("khac", Role.PROVINCE_OFFICER, geography["other_province"])
    value = save_progress(commune_target, officer, year=2025, period="H1", value=D(8))
    value = save_progress(commune_target, officer, year=2025, period="H1", value=D(9), note="sửa")
    assert value.state == "draft" and ProgressValue.objects.count() == 1
    assert progress_of(commune_target, officer).status == TargetStatus.NO_DATA  # drafts do not count
    submit_progress(value, officer)
    assert progress_of(commune_target, officer).actual.approved is False
    assert progress_of(commune_target, officer).status == TargetStatus.AT_RISK  # 45% done at mid-year
    for user in (officer, colleague, other_province):
        assert not can_approve(value, user)
        with pytest.raises(PermissionDenied):
            approve_progress(value, user)
    approve_progress(value, province)
    value.refresh_from_db()
    assert value.state == "approved" and value.approved_by == province
    with pytest.raises(ValidationError):
        save_progress(commune_target, officer, year=2025, period="H1", value=D(1))
    history = list(value.history.order_by("history_id").values_list("state", flat=True))
    assert history == ["draft", "draft", "submitted", "approved"]


def test_approver_can_send_a_value_back(commune_target, geography, make_user):
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    province = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    value = submit_progress(
        save_progress(commune_target, officer, year=2025, period="Y", value=D(25)), officer
    )
    return_progress(value, province, "Thiếu biên bản")
    value.refresh_from_db()
    assert value.state == "draft" and "Thiếu biên bản" in value.note
    assert value.history.first().history_change_reason == "Trả lại: Thiếu biên bản"


def test_users_outside_the_area_cannot_enter_values(commune_target, geography, make_user):
    outsider = make_user("xa-khac", Role.COMMUNE_OFFICER, geography["urban"])
    leader = make_user("ld", Role.LEADER, geography["province"])
    for user in (outsider, leader):
        with pytest.raises(PermissionDenied):
            save_progress(commune_target, user, year=2025, period="Y", value=D(1))


def test_province_targets_are_approved_by_administrators(geography, make_user):
    province = geography["province"]
    plan = Plan.objects.create(
        unit=province, province=province, title="KH tỉnh", period_start=2025, period_end=2025
    )
    target = Target.objects.create(
        plan=plan, indicator=Indicator.objects.get(code="poverty_models"), unit=province, year=2025,
        target_value=10, direction="increase",
    )  # fmt: skip
    officer = make_user("tinh", Role.PROVINCE_OFFICER, province)
    value = submit_progress(save_progress(target, officer, year=2025, period="Y", value=D(12)), officer)
    assert not can_approve(value, make_user("tinh2", Role.PROVINCE_OFFICER, province))
    approve_progress(value, make_user("qt", Role.ADMIN))
    assert progress_of(target, officer).status == TargetStatus.ACHIEVED


def test_progress_pages(client, commune_target, geography, make_user):
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    client.force_login(officer)
    url = reverse("targets:target_detail", args=[commune_target.pk])
    assert "Nhập số liệu thực hiện" in client.get(url).content.decode()
    response = client.post(
        reverse("targets:progress_save", args=[commune_target.pk]),
        {"year": 2025, "period": "Y", "value": "21", "note": "", "submit": "on"},
    )
    assert response.status_code == 302
    value = ProgressValue.objects.get()
    assert value.state == "submitted"
    assert client.post(reverse("targets:progress_action", args=[value.pk, "duyet"])).status_code == 403
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]))
    page = client.get(url).content.decode()
    assert "Duyệt" in page and "Đạt" in page
    assert client.post(reverse("targets:progress_action", args=[value.pk, "duyet"])).status_code == 302
    value.refresh_from_db()
    assert value.state == "approved"
    client.force_login(make_user("khac", Role.COMMUNE_OFFICER, geography["urban"]))
    assert client.get(url).status_code == 404
    bad = client.post(reverse("targets:progress_save", args=[commune_target.pk]), {"year": 2025})
    assert bad.status_code == 404
