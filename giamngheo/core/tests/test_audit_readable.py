"""The audit log reads like a register: names and roles, labels, local time, links, filters."""

import datetime as dt
import io

import openpyxl
from django.utils import timezone

from giamngheo.accounts.audit import AuditFilter, recent_changes
from giamngheo.accounts.models import Role
from giamngheo.households.actions import set_current_status
from giamngheo.households.models import Household


def _save(instance, user):
    instance._history_user = user
    instance.save()
    return instance


def _officer(make_user, geography):
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    officer.first_name, officer.last_name = "Lan", "Nguyễn Thị"
    officer.save()
    return officer


def test_an_entry_names_the_person_role_labels_and_local_time(geography, make_user):
    officer = _officer(make_user, geography)
    household = _save(
        Household(code="H1", province=geography["province"], commune=geography["commune"], head_name="An"),
        officer,
    )
    household.village = geography["village"]
    household.meritorious = True
    _save(household, officer)
    set_current_status(household, "near_poor", officer, "Phân loại khi nộp phiếu")
    set_current_status(household, "poor", officer, "Quyết định công nhận")

    status, first_status, latest = recent_changes(officer)[:3]

    assert status.who == "Lan Nguyễn Thị" and status.role == "Cán bộ cấp xã"
    assert status.url == latest.url == f"/ho-gia-dinh/{household.pk}/"
    assert (first_status.action, first_status.object_label) == ("Tạo mới", "H1: Hộ cận nghèo")
    assert status.changes == [("phân loại hiện tại", "Hộ cận nghèo", "Hộ nghèo")]  # labels, not codes
    assert status.reason == "Quyết định công nhận"
    changes = {name: (old, new) for name, old, new in latest.changes}
    assert changes["thôn/tổ"][1] == str(geography["village"])  # the village, not its id
    assert ("không", "có") in changes.values()
    assert latest.when.utcoffset() == dt.timedelta(hours=7)


def test_a_change_after_a_bulk_written_status_reads_old_to_new(geography, make_user):
    from giamngheo.accounts.audit import object_history, objects_history
    from giamngheo.households.actions import BULK_STATUS_REASON
    from giamngheo.households.models import CurrentStatus

    officer = _officer(make_user, geography)
    household = Household.objects.create(
        code="H1", province=geography["province"], commune=geography["commune"]
    )
    CurrentStatus.objects.bulk_create([CurrentStatus(household=household, status="poor")])  # as a run writes
    household.refresh_from_db()

    set_current_status(household, "near_poor", officer, "Phân loại khi nộp phiếu")

    for entries in (object_history(household.current), objects_history(household.current.history.all())):
        change, before = entries
        assert change.who == "Lan Nguyễn Thị" and change.reason == "Phân loại khi nộp phiếu"
        assert change.changes == [("phân loại hiện tại", "Hộ nghèo", "Hộ cận nghèo")]
        assert (before.who, before.object_label, before.reason) == (
            "hệ thống",
            "H1: Hộ nghèo",
            BULK_STATUS_REASON,
        )
    set_current_status(household, "poor", officer, "Quyết định công nhận")
    assert household.current.history.count() == 3  # recorded as it stood once only


def test_filters_by_unit_user_type_and_date(geography, make_user):
    officer = _officer(make_user, geography)
    other = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    _save(Household(code="H1", province=geography["province"], commune=geography["commune"]), officer)
    _save(Household(code="H2", province=geography["province"], commune=geography["urban"]), other)

    def codes(**criteria):
        return {e.object_label.split(" ")[0] for e in recent_changes(other, criteria=AuditFilter(**criteria))}

    assert codes() == {"H1", "H2"}
    assert codes(unit=geography["commune"]) == {"H1"}
    assert codes(user_id=other.pk) == {"H2"}
    assert codes(model="households.Member") == set()
    today = timezone.localdate()
    assert codes(since=today, until=today) == {"H1", "H2"}
    assert codes(until=today - dt.timedelta(days=1)) == set()


def test_page_filters_and_excel_export(client, geography, make_user):
    officer = _officer(make_user, geography)
    household = _save(
        Household(code="H1", province=geography["province"], commune=geography["commune"]), officer
    )
    set_current_status(household, "near_poor", officer, "")
    client.force_login(officer)

    page = client.get("/nhat-ky/", {"loai": "households.CurrentStatus", "don_vi": geography["commune"].pk})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Lan Nguyễn Thị" in text and "Cán bộ cấp xã" in text and "Hộ cận nghèo" in text
    assert "near_poor" not in text and "None" not in text
    assert f'href="/ho-gia-dinh/{household.pk}/"' in text

    export = client.get("/nhat-ky/", {"xuat": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Thời điểm", "Người thực hiện", "Vai trò", "Thao tác")
    assert rows[1][1] == "Lan Nguyễn Thị" and rows[1][5] == "H1: Hộ cận nghèo"


def test_the_user_filter_offers_only_people_of_the_area_sorted(client, geography, make_user):
    officer = _officer(make_user, geography)
    make_user("ngoai", Role.COMMUNE_OFFICER, geography["other_commune"])
    client.force_login(officer)
    form = client.get("/nhat-ky/").context["form"]
    people = [label for value, label in form.fields["nguoi"].choices if value]
    assert people == ["Lan Nguyễn Thị (Cán bộ cấp xã)"]


def test_bulk_changes_show_in_words_within_the_area(geography, make_user):
    from giamngheo.core.models import BulkChange

    officer = _officer(make_user, geography)
    BulkChange.objects.create(
        user=officer, action="import", unit=geography["commune"], description="Tệp hộ", rows=1200
    )
    BulkChange.objects.create(
        action="import", unit=geography["other_commune"], description="Tỉnh khác", rows=3
    )
    entries = recent_changes(officer, criteria=AuditFilter(model="core.BulkChange"))
    assert [(e.action, e.object_label, e.who) for e in entries] == [
        ("Nhập danh sách hộ", "Tệp hộ (1.200 bản ghi)", "Lan Nguyễn Thị")
    ]
