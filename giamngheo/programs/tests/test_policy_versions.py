"""Policies as dated versions, the local layer on top of the national one, and loading the
catalogues twice."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError

from giamngheo.programs.coverage import coverage_report
from giamngheo.programs.layers import layered_share
from giamngheo.programs.loading import (
    DATA_DIR,
    CatalogueError,
    LoadReport,
    load_local_policies,
    load_policies,
    read_data,
)
from giamngheo.programs.models import Policy, PolicyVersion, SupportRecord
from giamngheo.programs.support_import import support_fingerprint
from giamngheo.programs.tests.conftest import REFERENCE


def test_the_version_in_force_follows_the_date(catalogue):
    insurance = catalogue["bhyt-ho-ngheo"]
    assert "146/2018" in insurance.version_on(dt.date(2025, 6, 30)).legal_basis
    assert "188/2025" in insurance.version_on(dt.date(2025, 7, 1)).legal_basis
    assert insurance.version_on(dt.date(2018, 11, 30)) is None  # before the first version
    housing = catalogue["nha-o-du-an-5"]
    assert housing.version_on(dt.date(2025, 12, 31)).required_flags == ["poor_district"]
    assert housing.version_on(dt.date(2026, 1, 1)).coverage == "on_need"


def test_a_support_record_reads_the_version_of_its_own_date(catalogue, geography, household):
    policy = catalogue["mien-hoc-phi-ho-ngheo"]
    h = household(geography["commune"], "poor", ages=(40, 9))
    child = h.members.order_by("pk").last()

    def record(on):
        return SupportRecord.objects.create(
            policy=policy,
            household=h,
            member=child,
            delivered_on=on,
            agency=policy.agency,
            fingerprint=support_fingerprint(policy.pk, h.pk, child.pk, on, None, "", ""),
        )

    assert record(dt.date(2024, 9, 5)).policy_version.legal_basis == "Nghị định 81/2021/NĐ-CP"
    assert "238/2025" in record(dt.date(2025, 9, 5)).policy_version.legal_basis


def test_a_coverage_figure_uses_the_version_in_force_on_its_reference_date(
    catalogue, geography, household, province_officer
):
    """The 2021-2025 housing project needs the poor-district flag (not computable); the
    2026-2035 programme counts a gap only where a need is recorded."""
    policy = catalogue["nha-o-du-an-5"]
    household(geography["commune"], "poor")
    before = coverage_report(geography["commune"], province_officer, dt.date(2025, 6, 1), [policy])
    after = coverage_report(geography["commune"], province_officer, REFERENCE, [policy])
    assert not before.policies[0].computable and before.policies[0].version.valid_to == dt.date(2025, 12, 31)
    assert after.policies[0].computable and after.policies[0].eligible == 0
    # a policy not yet in force on the date is not listed at all
    early = coverage_report(geography["commune"], province_officer, dt.date(2020, 1, 1), [policy])
    assert early.policies == []


def test_overlapping_versions_are_refused_with_the_reason(catalogue):
    policy = catalogue["bhyt-ho-ngheo"]
    clash = PolicyVersion(
        policy=policy,
        label="Bản thử",
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        legal_basis="Thử",
        benefit_text="Thử",
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    message = error.value.message_dict["valid_from"][0]
    assert "trùng thời gian hiệu lực" in message and "Theo Nghị định 146/2018/NĐ-CP" in message


def test_a_catalogue_file_with_overlapping_versions_is_refused_whole(catalogue, tmp_path: Path):
    data = read_data("policies.yaml", DATA_DIR)
    spec = next(p for p in data["policies"] if p["code"] == "bhyt-ho-can-ngheo")
    spec["versions"][0]["valid_to"] = dt.date(2025, 12, 31)
    spec["versions"][0]["benefit_text"] = "đã sửa"
    with pytest.raises(CatalogueError, match="trùng thời gian hiệu lực"):
        load_policies(data, LoadReport())
    assert not PolicyVersion.objects.filter(benefit_text="đã sửa").exists()


def test_loading_twice_gives_the_same_rows_and_keeps_what_officers_changed(catalogue):
    before = sorted(PolicyVersion.objects.values_list("pk", "policy__code", "valid_from", "valid_to"))
    Policy.objects.filter(code="tien-dien-ho-ngheo").update(active=False)
    load_policies(read_data("policies.yaml", DATA_DIR), LoadReport())
    after = sorted(PolicyVersion.objects.values_list("pk", "policy__code", "valid_from", "valid_to"))
    assert before == after
    assert Policy.objects.count() == len(catalogue)


@pytest.fixture
def ninh_thuan_top_up(catalogue, legacy_world):
    report = LoadReport()
    codes = load_local_policies(DATA_DIR, report)
    assert report.warnings == [] and codes == ["ninh-thuan-bhyt-can-ngheo-ho-tro-them"]
    return Policy.objects.get(code=codes[0])


def test_the_local_top_up_is_layered_on_the_national_rate(ninh_thuan_top_up):
    share = layered_share(ninh_thuan_top_up, REFERENCE)
    assert (share.national, share.low, share.high) == (Decimal("0.7"), Decimal("0.85"), Decimal("0.9"))
    assert share.text == "Trung ương 70% + địa phương 15%–20% = 85%–90% mức đóng"
    assert ninh_thuan_top_up.province.code == "58" and ninh_thuan_top_up.tops_up.code == "bhyt-ho-can-ngheo"


def test_the_coverage_page_shows_the_national_and_the_local_layer(
    ninh_thuan_top_up, geography, household, province_officer, client
):
    household(geography["commune"], "near_poor", ages=(40, 12))
    report = coverage_report(geography["province"], province_officer, REFERENCE)
    layers = [item.policy.layer_label for item in report.policies]
    assert layers[0] == "Trung ương" and layers[-1] == "Địa phương (Tỉnh Ninh Thuận)"
    local = report.policies[-1]
    assert (local.eligible, local.layered.low) == (2, Decimal("0.85"))
    client.force_login(province_officer)
    page = client.get("/chuong-trinh/bao-phu/", {"don_vi": geography["province"].pk}).content.decode()
    assert "Chính sách địa phương (tỉnh ninh thuận)" in page
    assert "Trung ương 70% + địa phương 15%–20% = 85%–90% mức đóng" in page
    assert "Phiên bản: Theo Nghị định 188/2025/NĐ-CP" in page


def test_another_province_does_not_see_the_local_layer(ninh_thuan_top_up, geography, make_user):
    from giamngheo.accounts.models import Role

    officer = make_user("laocai", Role.PROVINCE_OFFICER, geography["other_province"])
    report = coverage_report(geography["other_province"], officer, REFERENCE)
    assert all(item.policy.province_id is None for item in report.policies)


def test_a_province_adds_its_policy_with_a_data_file(catalogue, legacy_world, tmp_path: Path):
    (tmp_path / "local").mkdir()
    data = {
        "province": {"era": "legacy", "level": "province", "code": "58"},
        "policies": [
            {
                "code": "thu-bhyt-moi-thoat-ngheo",
                "name": "Tỉnh hỗ trợ bảo hiểm y tế cho hộ mới thoát nghèo",
                "category": "health_insurance",
                "agency": "Sở Tài chính",
                "beneficiary": "member",
                "versions": [
                    {
                        "label": "Nghị quyết thử",
                        "valid_from": "2024-01-01",
                        "legal_basis": "Nghị quyết của HĐND tỉnh (thử)",
                        "statuses": [],
                        "escape_window_months": 24,
                        "benefit_text": "Hỗ trợ 50% mức đóng",
                    }
                ],
            }
        ],
    }
    (tmp_path / "local" / "thu.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for _ in range(2):
        load_local_policies(tmp_path, LoadReport())
    policy = Policy.objects.get(code="thu-bhyt-moi-thoat-ngheo")
    assert policy.layer_label == "Địa phương (Tỉnh Ninh Thuận)"
    assert policy.versions.count() == 1 and policy.version_on(REFERENCE).escape_window_months == 24
