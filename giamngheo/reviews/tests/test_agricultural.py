"""Agricultural, forestry, fishery and salt-making households with an average living standard
(QĐ 24/2021/QĐ-TTg): exactly the planted households are listed, with the round's classification as
the reason; the workbook and the certificates say it in Vietnamese; 2026-2030 builds no list."""

import io
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_unit
from giamngheo.accounts.models import Role
from giamngheo.areas.models import AreaType, Level
from giamngheo.reviews import actions, agricultural
from giamngheo.reviews.tests.conftest import DEPRIVED_3, commune_round, walk_to_meeting


@pytest.fixture
def second_village(geography):
    return make_unit("22402-02", "Thôn Hai", Level.VILLAGE, geography["commune"], area_type=AreaType.RURAL)


@pytest.fixture
def planted(geography, surveyed, households, second_village, urban_household):
    """Agricultural households of every class (2022-2025, rural: poor line 1,500,000, average band
    1,500,001-2,250,000; urban average band 2,000,001-3,000,000), one average household that is not
    agricultural (the conftest's "average"), and one agricultural household of another province."""
    commune, village = geography["commune"], geography["village"]

    def plant(unit, income, place=None, **answers):
        household = surveyed(unit, income, **answers)
        household.agricultural = True
        household.village = place
        household.save()
        return household

    made = {
        "average_v1": plant(commune, 2_000_000, village),
        "average_v2": plant(commune, 1_600_000, second_village),
        "at_the_line": plant(commune, 2_250_000, second_village),  # ≤ the average line: average
        "at_the_poor_line": plant(commune, 1_500_000, village),  # ≤ the poverty line: near-poor
        "poor": plant(commune, 1_000_000, village, **DEPRIVED_3),
        "above": plant(commune, 2_250_001, village),  # above the band: not poor
        "urban_average": plant(geography["urban"], 2_500_000),
        "other_province": plant(geography["other_commune"], 2_000_000),
    }
    return made


def codes(found) -> list[str]:
    return [e.code for e in found.entries]


def test_exactly_the_planted_households_are_listed_with_the_rounds_class_as_reason(
    client, round_, officers, planted, households
):
    officer = officers["commune"]
    walk_to_meeting(round_, officer)
    # The meeting raises the agricultural household at the poverty line to average, with a reason.
    actions.record_meeting(
        round_, officer, held_on=timezone.localdate(), attendance=20,
        overrides={planted["at_the_poor_line"].pk: ("average", "Thu nhập thêm từ nuôi tôm")},
    )  # fmt: skip
    found = agricultural.identify(round_, officer)
    expected = ["average_v1", "average_v2", "at_the_line", "at_the_poor_line"]
    assert sorted(codes(found)) == sorted(planted[k].code for k in expected)
    assert households["average"].code not in codes(found)  # average but not agricultural
    reasons = {e.code: e.reason for e in found.entries}
    assert "do họp thôn quyết định" in reasons[planted["at_the_poor_line"].code]
    assert "theo phiếu khảo sát" in reasons[planted["average_v1"].code]
    assert "chuẩn 2022-2025" in reasons[planted["average_v1"].code]
    assert sorted(found.by_village) == [("Xã Phước Hà", "Thôn Hai", 2), ("Xã Phước Hà", "Thôn Một", 2)]

    client.force_login(officer)
    detail = client.get(reverse("reviews:detail", args=[round_.pk])).content.decode()
    url = reverse("reviews:agricultural", args=[round_.pk])
    assert f'href="{url}"' in detail  # one click from the round overview
    page = client.get(url).content.decode()
    assert "Quyết định 24/2021/QĐ-TTg" in page and "tối thiểu 30%" in page
    assert page.count('data-household="') == 4 and planted["urban_average"].code not in page
    assert "None" not in page and "average" not in page


def test_the_province_round_lists_every_commune_and_a_province_officer_sees_them(
    client, province_round, officers, planted
):
    for commune in ("commune", "urban"):
        child = commune_round(province_round, planted["average_v1"].commune if commune == "commune" else
                              planted["urban_average"].commune)  # fmt: skip
        walk_to_meeting(child, officers[commune])
    found = agricultural.identify(province_round, officers["province"])
    assert planted["urban_average"].code in codes(found) and len(found.entries) == 4
    client.force_login(officers["province"])
    page = client.get(reverse("reviews:agricultural", args=[province_round.pk])).content.decode()
    assert "Phường Phan Rang" in page and planted["other_province"].code not in page


def test_a_village_collaborator_sees_only_the_households_of_their_village(
    round_, officers, planted, make_user, geography
):
    walk_to_meeting(round_, officers["commune"])
    collaborator = make_user("congtacvien", Role.VILLAGE_COLLABORATOR, geography["village"])
    found = agricultural.identify(round_, collaborator)
    assert codes(found) == [planted["average_v1"].code]


def test_an_officer_of_another_commune_gets_nothing(client, round_, officers, planted):
    walk_to_meeting(round_, officers["commune"])
    client.force_login(officers["other"])
    url = reverse("reviews:agricultural", args=[round_.pk])
    pdf = reverse("reviews:agricultural_certificates", args=[round_.pk])
    for response in (client.get(url), client.get(url + "?xuat=xlsx"), client.get(pdf)):
        assert response.status_code == 404
        assert planted["average_v1"].head_name.encode() not in response.content


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "giay.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_workbook_and_the_certificates_read_back_in_vietnamese(
    client, round_, officers, planted, tmp_path
):
    officer = officers["commune"]
    walk_to_meeting(round_, officer)
    client.force_login(officer)
    url = reverse("reviews:agricultural", args=[round_.pk])
    response = client.get(url + "?xuat=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    text = "\n".join(str(v) for v in cells)
    assert (
        "DANH SÁCH HỘ LÀM NÔNG NGHIỆP, LÂM NGHIỆP, NGƯ NGHIỆP VÀ DIÊM NGHIỆP CÓ MỨC SỐNG TRUNG BÌNH NĂM 2024"
        in text
    )
    assert planted["average_v2"].head_name in text and "Thôn Hai" in text
    assert "Quyết định 24/2021/QĐ-TTg" in text and "tối thiểu 30% mức đóng bảo hiểm y tế" in text
    assert "chưa đối chiếu" in text and "dự thảo" in text  # unconfirmed article, no decision yet
    assert "Bảng điểm phiếu B1" in text  # the standard's placeholder caveat
    assert "None" not in text and "average" not in text and "2_250_000" not in text

    pdf_url = reverse("reviews:agricultural_certificates", args=[round_.pk])
    whole = client.get(pdf_url)
    assert whole["Content-Type"] == "application/pdf"
    words = " ".join(_pdf_text(whole.content, tmp_path).split())
    assert words.count("GIẤY XÁC NHẬN HỘ LÀM NÔNG NGHIỆP") == 3
    assert "DỰ THẢO" in words and "Quyết định 24/2021/QĐ-TTg" in words and "None" not in words
    one = client.get(pdf_url, {"ho": planted["average_v1"].pk})
    words = " ".join(_pdf_text(one.content, tmp_path).split())
    assert planted["average_v1"].head_name in words and planted["average_v2"].head_name not in words
    assert words.count("GIẤY XÁC NHẬN HỘ LÀM NÔNG NGHIỆP") == 1 and "Thôn Một" in words
    # A household that is not on the list gets no certificate.
    assert client.get(pdf_url, {"ho": planted["poor"].pk}).status_code == 404
    assert client.get(pdf_url, {"ho": "²"}).status_code == 404


def test_a_standard_without_an_average_band_builds_no_list_and_says_why(client, geography, officers, planted):
    officer = officers["province"]
    parent = actions.open_province_round(geography["province"], 2026, officer, standard_id="2026-2030")
    round_ = commune_round(parent, geography["commune"])
    found = agricultural.identify(round_, officer)
    assert found.entries == [] and found.band is None
    assert "2026-2030" in found.undefined and "Nghị định 351/2025/NĐ-CP" in found.undefined
    client.force_login(officers["commune"])
    url = reverse("reviews:agricultural", args=[round_.pk])
    page = client.get(url).content.decode()
    assert 'id="average-undefined"' in page and "không quy định mức sống trung bình" in page
    assert "Không lập danh sách" in page and 'id="agricultural-households"' not in page
    assert client.get(url + "?xuat=xlsx").status_code == 404
    assert client.get(reverse("reviews:agricultural_certificates", args=[round_.pk])).status_code == 404


def test_the_api_gives_the_same_list_and_says_when_there_is_none(
    client, round_, officers, planted, geography
):
    from giamngheo.api.models import ApiToken

    walk_to_meeting(round_, officers["commune"])
    _token, key = ApiToken.issue(officers["commune"], "test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = client.get(f"/api/reviews/rounds/{round_.pk}/agricultural-households", **auth).json()
    assert body["defined"] is True and "tối thiểu 30%" in body["health_insurance"]
    assert sorted(h["code"] for h in body["households"]) == sorted(
        planted[k].code for k in ("average_v1", "average_v2", "at_the_line")
    )
    parent = actions.open_province_round(
        geography["province"], 2026, officers["province"], standard_id="2026-2030"
    )
    later = commune_round(parent, geography["commune"])
    body = client.get(f"/api/reviews/rounds/{later.pk}/agricultural-households", **auth).json()
    assert body["defined"] is False and body["households"] == [] and "2026-2030" in body["message"]
    _token, other = ApiToken.issue(officers["other"], "test")
    response = client.get(
        f"/api/reviews/rounds/{round_.pk}/agricultural-households", HTTP_AUTHORIZATION=f"Bearer {other}"
    )
    assert response.status_code == 404
