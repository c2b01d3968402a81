"""Search shows the member that matched and ranks by relevance; name order is Vietnamese."""

import datetime as dt

from giamngheo.accounts.models import Role
from giamngheo.households.models import Household, Member
from giamngheo.households.ranking import rank


def _household(code, commune, head, *members):
    household = Household.objects.create(
        code=code, province=commune.province, commune=commune, head_name=head
    )
    for i, name in enumerate([head, *members]):
        Member.objects.create(
            household=household, full_name=name, birth_date=dt.date(1980 + i, 1, 1), sex="male",
            relation="head" if i == 0 else "child",
        )  # fmt: skip
    household.refresh_search_text()
    household.save()
    return household


def test_rank_prefers_code_then_head_then_member():
    assert rank("H1", "H1", "Lê Văn A", []) == 0
    assert rank("lan", "X", "Lan Nguyễn", []) == 1
    assert rank("nguyen thi lan", "X", "Bà Nguyễn Thị Lan", []) == 2
    assert rank("lan", "X", "Trần Văn Bình", ["Trần Thị Lan"]) == 3


def test_search_lists_head_matches_first_and_shows_the_matched_member(client, geography, make_user):
    commune = geography["commune"]
    _household("H1", commune, "Trần Văn Bình", "Trần Thị Lan")
    _household("H2", commune, "Lan Nguyễn Thị")
    _household("H3", commune, "Đỗ Văn Cường")
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, commune))

    page = client.get("/ho-gia-dinh/", {"q": "lan"})
    households = list(page.context["page"].object_list)

    assert [h.code for h in households] == ["H2", "H1"]
    text = page.content.decode()
    assert "Khớp: Trần Thị Lan (con)" in text


def test_sort_by_head_name_is_vietnamese(client, geography, make_user):
    commune = geography["commune"]
    for code, head in [
        ("1", "Đỗ Văn Ba"),
        ("2", "Ưng Văn Bảy"),
        ("3", "An Văn Một"),
        ("4", "Ân Thị Hai"),
        ("5", "Dương Văn Tư"),
    ]:
        _household(code, commune, head)
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, commune))
    page = client.get("/ho-gia-dinh/", {"sort": "head"})
    heads = [h.head_name for h in page.context["page"].object_list]
    assert heads == ["An Văn Một", "Ân Thị Hai", "Dương Văn Tư", "Đỗ Văn Ba", "Ưng Văn Bảy"]


def test_a_large_export_goes_through_a_job_and_downloads(client, geography, make_user, monkeypatch):
    from giamngheo.households import views

    monkeypatch.setattr(views, "EXPORT_INLINE", 1)
    commune = geography["commune"]
    _household("H1", commune, "An")
    _household("H2", commune, "Bình")
    _household("H9", geography["other_commune"], "Ngoài")
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, commune))
    response = client.get("/ho-gia-dinh/", {"xuat": "xlsx"})
    assert response.status_code == 302 and "/tai-ve/" in response["Location"]
    import io

    import openpyxl

    content = b"".join(client.get(response["Location"]).streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    codes = {row[0] for row in rows}
    assert {"H1", "H2"} <= codes and "H9" not in codes
