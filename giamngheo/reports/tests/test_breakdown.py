"""A commune by village and a province by commune, hand-counted."""

from conftest import make_unit
from giamngheo.accounts.models import Role
from giamngheo.households.events import registry_changed
from giamngheo.households.models import Household
from giamngheo.households.tests.statuses import set_status
from giamngheo.reports.breakdown import NO_VILLAGE, breakdown_of
from giamngheo.reviews.models import Round, RoundHousehold


def _household(code, commune, village, status):
    """A household written straight to the table, with the registry's fact as any writer sends it."""
    household = Household.objects.create(
        code=code, province=commune.province, commune=commune, village=village, head_name=f"Chủ hộ {code}",
    )  # fmt: skip
    if status:
        set_status(household, status)
    registry_changed.send(sender=Household, commune_ids=[commune.pk])
    return household


def _round(commune, year, entries):
    round_ = Round.objects.create(
        unit=commune, province=commune.province, commune=commune, year=year, standard_id="2022-2025"
    )
    for household, computed, final in entries:
        RoundHousehold.objects.create(
            round=round_, household=household, reason="on_list", computed_status=computed, final_status=final
        )
    return round_


def test_a_commune_by_village_with_last_year_and_this_years_round(geography, make_user):
    commune, v1 = geography["commune"], geography["village"]
    v2 = make_unit("22402-02", "Thôn Đông", "village", commune, kind="Thôn")
    make_unit("22402-03", "Thôn Ấp Bắc", "village", commune, kind="Thôn")
    a = _household("A", commune, v1, "poor")
    b = _household("B", commune, v1, "not_poor")
    c = _household("C", commune, v1, "near_poor")
    d = _household("D", commune, v2, "poor")
    _household("E", commune, None, "")
    _household("Z", geography["urban"], None, "poor")  # another commune: not counted
    # Last year: A and B poor, C near-poor, D not poor.
    _round(
        commune,
        2024,
        [(a, "poor", "poor"), (b, "poor", "poor"), (c, "near_poor", "near_poor"), (d, "", "not_poor")],
    )
    # This year: three households listed in Thôn Một (two surveyed, one decided), one in Thôn Đông.
    _round(commune, 2025, [(a, "poor", "poor"), (b, "not_poor", ""), (c, "", ""), (d, "", "")])
    officer = make_user("xa", Role.COMMUNE_OFFICER, commune)

    result = breakdown_of(commune, officer)

    assert result.part_label == "Thôn/Tổ dân phố" and result.year == 2025
    names = [row.name for row in result.rows]
    assert names == ["Thôn Ấp Bắc", "Thôn Đông", "Thôn Một", NO_VILLAGE]  # Vietnamese order, no-village last
    rows = {row.name: row for row in result.rows}
    mot, dong, ap_bac = rows["Thôn Một"], rows["Thôn Đông"], rows["Thôn Ấp Bắc"]
    assert (mot.households, mot.poor, mot.near_poor) == (3, 1, 1)
    assert round(mot.poor_rate, 2) == 33.33
    assert (mot.last_poor, mot.poor_change, mot.near_poor_change) == (2, -1, 0)
    assert (mot.listed, mot.surveyed, mot.decided) == (3, 2, 1)
    assert (dong.households, dong.poor, dong.poor_change, dong.listed, dong.surveyed) == (1, 1, 1, 1, 0)
    assert (ap_bac.households, ap_bac.poor_rate, ap_bac.listed) == (0, None, 0)
    assert rows[NO_VILLAGE].unclassified == 1


def test_a_province_by_commune_for_the_leader(geography, make_user):
    _household("A", geography["commune"], None, "poor")
    _household("B", geography["urban"], None, "near_poor")
    _household("C", geography["urban"], None, "not_poor")
    _household("X", geography["other_commune"], None, "poor")
    leader = make_user("lanhdao", Role.LEADER, geography["province"])

    result = breakdown_of(geography["province"], leader)

    assert result.part_label == "Xã/Phường"
    assert [(r.name, r.households, r.poor, r.near_poor) for r in result.rows] == [
        ("Phường Phan Rang", 2, 0, 1),
        ("Xã Phước Hà", 1, 1, 0),
    ]
    assert not result.has_last_year and not result.has_round


def test_a_collaborator_sees_only_their_village(geography, make_user):
    commune = geography["commune"]
    other = make_unit("22402-09", "Thôn Chín", "village", commune, kind="Thôn")
    _household("A", commune, geography["village"], "poor")
    _household("B", commune, other, "poor")
    collaborator = make_user("thon", Role.VILLAGE_COLLABORATOR, geography["village"])

    result = breakdown_of(geography["village"], collaborator)

    assert [(r.name, r.households) for r in result.rows] == [("Thôn Một", 1)]


def test_pages_show_the_village_breakdown_and_a_new_commune_says_what_is_missing(
    client, geography, make_user
):
    _household("A", geography["commune"], geography["village"], "poor")
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    for url in ("/", "/ke-hoach/bang-dieu-khien/", "/bao-cao/"):
        page = client.get(url).content.decode()
        assert "Xã Phước Hà theo thôn/tổ dân phố" in page and "Thôn Một" in page, url
    client.force_login(make_user("moi", Role.COMMUNE_OFFICER, geography["urban"]))
    page = client.get("/ke-hoach/bang-dieu-khien/").content.decode()
    assert "Phường Phan Rang chưa có hộ gia đình nào trong hệ thống." in page
    assert "Cán bộ giảm nghèo cấp xã nhập danh sách hộ" in page
    assert "giamngheo " not in page.replace("giamngheo ·", "")


def test_review_pdf_is_made_by_a_job_and_downloaded_by_its_owner_only(client, geography, make_user, surveyed):
    from giamngheo.standards.runs import create_run, execute_run

    surveyed(geography["commune"], 800_000)
    execute_run(create_run(geography["province"], 2024))
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    client.force_login(officer)
    response = client.post("/bao-cao/tao-tep/review-pdf/", {"don_vi": geography["commune"].pk})
    assert response.status_code == 302 and "/tai-ve/" in response["Location"]
    download = client.get(response["Location"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(make_user("khac", Role.COMMUNE_OFFICER, geography["commune"]))
    assert client.get(response["Location"]).status_code == 404
