import io

import openpyxl
from django.urls import reverse

from giamngheo.reviews import actions
from giamngheo.reviews.consolidation import SHEET_NAMES, consolidate, consolidation_workbook
from giamngheo.reviews.models import ListKind
from giamngheo.reviews.tests.conftest import commune_round, decide, walk_to_decision


def decided_rural_round(province_round, geography, officers):
    round_ = commune_round(province_round, geography["commune"])
    walk_to_decision(round_, officers["commune"])
    return round_, actions.final_lists(decide(round_, officers["commune"]))


def test_the_province_sees_each_communes_final_lists_and_which_have_not_decided(
    province_round, geography, officers, households
):
    round_, finals = decided_rural_round(province_round, geography, officers)
    result = consolidate(province_round)
    rural = next(c for c in result.communes if c.round == round_)
    urban = next(c for c in result.communes if c.round.commune == geography["urban"])
    assert {kind: rural.count(kind) for kind in ListKind.values} == {
        kind: finals[kind].households for kind in ListKind.values
    }
    assert rural.count(ListKind.POOR) == 1 and rural.count(ListKind.ESCAPED_POOR) == 1
    assert not urban.decided and urban.count(ListKind.POOR) is None
    assert result.decided == 1
    assert result.totals[ListKind.POOR] == finals[ListKind.POOR].households


def test_the_workbook_has_a_summary_and_every_communes_rows_per_list(
    province_round, geography, officers, households
):
    _, finals = decided_rural_round(province_round, geography, officers)
    book = openpyxl.load_workbook(io.BytesIO(consolidation_workbook(consolidate(province_round))))
    assert book.sheetnames == ["Tổng hợp", *SHEET_NAMES.values()]
    summary = [row for row in book["Tổng hợp"].iter_rows(min_row=9, values_only=True) if row[1]]
    assert summary[-1][1] == "Toàn tỉnh"
    assert summary[-1][3].startswith("=SUM(")
    decided = next(row for row in summary if row[1] == geography["commune"].name)
    assert decided[2].startswith("15/QĐ-UBND") and decided[3] == finals[ListKind.POOR].households
    undecided = next(row for row in summary if row[1] == geography["urban"].name)
    assert undecided[2] == "Chưa có quyết định" and undecided[3] is None
    poor = [row for row in book["Hộ nghèo"].iter_rows(min_row=9, values_only=True) if row[0]]
    assert [row[2] for row in poor] == list(
        finals[ListKind.POOR].rows.order_by("position").values_list("household_code", flat=True)
    )
    assert poor[0][1] == geography["commune"].name
    assert book["Hộ nghèo"]["A4"].value == f"DANH SÁCH HỘ NGHÈO NĂM {province_round.year} TOÀN TỈNH"


def test_the_consolidation_pages_are_for_the_province_only(
    client, province_round, geography, officers, households
):
    decided_rural_round(province_round, geography, officers)
    page = reverse("reviews:consolidation", args=[province_round.pk])
    workbook = reverse("reviews:consolidation_xlsx", args=[province_round.pk])
    client.force_login(officers["province"])
    response = client.get(page)
    assert response.status_code == 200
    assert "Đã có quyết định: <strong>1/" in response.content.decode()
    download = client.get(workbook)
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxml")
    client.force_login(officers["commune"])
    assert client.get(page).status_code == 404
    assert client.get(workbook).status_code == 404
    child = commune_round(province_round, geography["commune"])
    client.force_login(officers["province"])
    assert client.get(reverse("reviews:consolidation", args=[child.pk])).status_code == 404
