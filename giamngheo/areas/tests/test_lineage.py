"""Dated units and their lineage: successor on a date, refused cycles and overlaps."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from giamngheo.areas.lineage import latest_legacy, link, successor_on
from giamngheo.areas.models import AdminUnit, Era, Level


def unit(code: str, name: str, valid_from=None, valid_to=None, level=Level.DISTRICT) -> AdminUnit:
    return AdminUnit.objects.create(
        code=code, name=name, short_name=name, kind="Huyện", level=level, era=Era.LEGACY,
        valid_from=valid_from, valid_to=valid_to,
    )  # fmt: skip


@pytest.fixture
def chain(db):
    """A (to 2019) → B (2020 to 2024) → C (from 2025)."""
    a = unit("901", "Huyện A", valid_to=dt.date(2019, 12, 31))
    b = unit("902", "Huyện B", dt.date(2020, 1, 1), dt.date(2024, 12, 31))
    c = unit("903", "Huyện C", dt.date(2025, 1, 1))
    link(a, b, "Nghị quyết thử 1")
    link(b, c, "Nghị quyết thử 2")
    return a, b, c


def test_a_unit_rolls_up_to_the_unit_of_any_later_date(chain):
    a, b, c = chain
    assert successor_on(a, dt.date(2019, 12, 31)) == a
    assert successor_on(a, dt.date(2020, 1, 1)) == b
    assert successor_on(a, dt.date(2026, 6, 1)) == c
    assert latest_legacy(a) == c
    assert a.successions.get().effective == dt.date(2020, 1, 1)


def test_a_successor_cycle_is_refused_naming_the_chain(chain):
    a, b, c = chain
    c.valid_to = dt.date(2025, 12, 31)
    c.save()
    with pytest.raises(ValidationError) as error:
        link(c, a)
    message = error.value.message_dict["successor"][0]
    assert "vòng lặp" in message or "hết hiệu lực trước" in message
    d = unit("904", "Huyện D", valid_to=dt.date(2030, 1, 1))
    link(c, d)
    d2 = AdminUnit.objects.get(pk=a.pk)
    d2.valid_to = dt.date(2031, 1, 1)  # pretend A lived on, to isolate the cycle check
    d2.save()
    d.valid_to = dt.date(2030, 1, 1)
    with pytest.raises(ValidationError, match="vòng lặp: Huyện D → Huyện A → Huyện B → Huyện C → Huyện D"):
        link(d, d2)


def test_a_validity_overlapping_its_successor_is_refused(db):
    old = unit("911", "Huyện Cũ", valid_to=dt.date(2025, 3, 31))
    new = unit("912", "Huyện Mới", valid_from=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="trùng với đơn vị kế thừa Huyện Mới"):
        link(old, new)
    still = unit("913", "Huyện Còn", valid_from=None, valid_to=None)
    with pytest.raises(ValidationError, match="chưa có ngày hết hiệu lực"):
        link(still, new)
    assert not old.successions.exists()


def test_an_administrator_adds_a_missing_unit_from_a_page_audited(db, client, make_user):
    from giamngheo.accounts.models import Role
    from giamngheo.core.models import BulkChange

    province = AdminUnit.objects.create(
        code="49", name="Tỉnh Quảng Nam", short_name="Quảng Nam", kind="Tỉnh", level=Level.PROVINCE,
        era=Era.LEGACY, valid_to=dt.date(2025, 6, 30),
    )  # fmt: skip
    que_son = AdminUnit.objects.create(
        code="509", name="Huyện Quế Sơn", short_name="Quế Sơn", kind="Huyện", level=Level.DISTRICT,
        era=Era.LEGACY, parent=province, province=province, valid_to=dt.date(2025, 6, 30),
    )  # fmt: skip
    form = {
        "name": "Huyện Thử", "kind": "Huyện", "level": "district", "code": "599",
        "province": province.pk, "valid_to": "2024-12-31", "successor_code": "509",
        "basis": "Nghị quyết thử",
    }  # fmt: skip
    client.force_login(make_user("xa", Role.PROVINCE_OFFICER, province))
    assert client.post("/don-vi/them-don-vi-da-giai-the/", form).status_code == 403
    client.force_login(make_user("admin", Role.ADMIN))
    response = client.post("/don-vi/them-don-vi-da-giai-the/", form)
    added = AdminUnit.objects.get(era=Era.LEGACY, level=Level.DISTRICT, code="599")
    assert response.status_code == 302 and successor_on(added, dt.date(2025, 1, 1)) == que_son
    entry = BulkChange.objects.get(action="Thêm đơn vị hành chính")
    assert "Huyện Thử (mã 599)" in entry.description and "Huyện Quế Sơn" in entry.description
    overlapping = form | {"code": "598", "name": "Huyện Chồng", "valid_to": "2025-03-31"}
    que_son.valid_from = dt.date(2025, 1, 1)
    que_son.save()
    page = client.post("/don-vi/them-don-vi-da-giai-the/", overlapping)
    assert page.status_code == 400 and "trùng với đơn vị kế thừa Huyện Quế Sơn" in page.content.decode()
    assert not AdminUnit.objects.filter(code="598").exists()
