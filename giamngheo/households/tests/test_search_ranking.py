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


def test_search_order_across_pages_is_relevance_then_vietnamese_name_then_code(geography, monkeypatch):
    """Every position of `ordered_ids`, on every page (the members are asked only when a page
    reaches the households the head's name does not match), is the order of `rank`, the
    Vietnamese sort key and the code, computed here row by row."""
    import random

    from giamngheo.core.collation import sort_key
    from giamngheo.households import ranking

    commune = geography["commune"]
    rng = random.Random(7)
    heads = [
        "Nguyễn Văn An",
        "Nguyễn văn an",
        "Trần Thị Lan",
        "Lan Nguyễn",
        "Bà Nguyễn Lan",
        "Đỗ Cường",
        "Ân Hai",
    ]
    members = ["Trần Thị Lan", "Lê Lan", "Phạm Văn Bảy", "Hồ Thị Mai"]
    for n in range(60):
        code = "LAN" if n == 7 else f"H{n:03d}"
        _household(code, commune, rng.choice(heads), *rng.sample(members, rng.randint(0, 2)))
    households = Household.objects.filter(commune=commune)
    for query in ("lan", "LAN", "nguyen", "an", "bay", "xyz", "h00"):
        for lookup_ids in (1_000, 3):  # members by a list of ids, or by a subquery
            monkeypatch.setattr(ranking, "MEMBER_LOOKUP_IDS", lookup_ids)
            found = households.filter(search_text__contains=ranking.fold(query))
            expected = sorted(
                found,
                key=lambda h: (
                    rank(query, h.code, h.head_name, [m.full_name for m in h.members.all()]),
                    sort_key(h.head_name),
                    h.code,
                ),
            )
            ids = ranking.ordered_ids(found, query, "code")
            assert len(ids) == len(expected)
            for start in range(0, len(expected) + 10, 10):  # each page first, before the whole list
                fresh = ranking.ordered_ids(found, query, "code")
                assert list(fresh[start : start + 10]) == [h.pk for h in expected[start : start + 10]]
            assert list(ids) == [h.pk for h in expected]
    names = ranking.ordered_ids(households, "", "-head")
    assert (
        list(names) == [h.pk for h in sorted(households, key=lambda h: (sort_key(h.head_name), h.code))][::-1]
    )
