"""The upload page, the progress/result page, the error workbook and the template."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from giamngheo.accounts.models import Role
from giamngheo.households.imports import batches
from giamngheo.households.imports.forms import UploadForm
from giamngheo.households.imports.models import ImportBatch, ImportState
from giamngheo.households.imports.testing import officer, sample_members, xlsx  # noqa: F401
from giamngheo.households.models import Household, Member


def _upload(client, content: bytes, name: str = "ho.xlsx"):
    return client.post(reverse("imports:upload"), {"file": SimpleUploadedFile(name, content)}, follow=True)


def test_upload_with_errors_shows_them_and_offers_the_error_workbook(client, geography, officer):  # noqa: F811
    members = sample_members()
    members[1][2] = "1984-11-02"
    client.force_login(officer)
    page = _upload(client, xlsx(members=members)).content.decode()
    assert "Tệp có 1 lỗi nên chưa nhập dữ liệu nào" in page
    assert "không đúng dạng dd/mm/yyyy" in page and "Ngày sinh" in page
    assert not Household.objects.exists()
    batch = ImportBatch.objects.get()
    response = client.get(reverse("imports:error_file", args=[batch.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Danh sách lỗi"
    assert list(book["Danh sách lỗi"].iter_rows(min_row=2, values_only=True))[0][:3] == (
        "Thành viên",
        3,
        "Ngày sinh",
    )
    bad = book["Thành viên"]["C3"]
    assert bad.fill.fgColor.rgb.endswith("FFC7CE") and "dd/mm/yyyy" in bad.comment.text
    assert book["Thành viên"]["C2"].comment is None


def test_valid_upload_imports_and_shows_the_counts(client, geography, officer):  # noqa: F811
    client.force_login(officer)
    page = _upload(client, xlsx()).content.decode()
    assert "Đã nhập xong: 2 hộ mới" in page and Member.objects.count() == 4


def test_large_file_runs_as_a_background_job(client, geography, officer, monkeypatch):  # noqa: F811
    monkeypatch.setattr(batches, "INLINE_BYTES", 10)
    client.force_login(officer)
    page = _upload(client, xlsx()).content.decode()
    assert "chế độ nền" in page
    batch = ImportBatch.objects.get()
    assert batch.state == ImportState.DONE and batch.progress == 100 and batch.members_created == 4
    partial = client.get(reverse("imports:detail", args=[batch.pk]), headers={"HX-Request": "true"})
    assert 'id="import-progress"' in partial.content.decode() and "hx-trigger" not in partial.content.decode()


def test_progress_page_polls_while_the_batch_runs(client, geography, officer):  # noqa: F811
    batch = batches.create_batch(officer, "ho.xlsx", xlsx())
    client.force_login(officer)
    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Đang chờ" in page


def test_form_refuses_a_file_over_50_mb_without_reading_it(geography):
    upload = SimpleUploadedFile("lon.xlsx", b"")
    upload.size = 50 * 1024 * 1024 + 1
    form = UploadForm(files={"file": upload})
    assert not form.is_valid() and "vượt giới hạn 50 MB" in str(form.errors)


def test_batches_of_other_users_are_not_visible(client, geography, officer, make_user):  # noqa: F811
    batch = batches.create_batch(officer, "ho.xlsx", xlsx())
    client.force_login(make_user("xa-khac", Role.COMMUNE_OFFICER, geography["urban"]))
    assert client.get(reverse("imports:detail", args=[batch.pk])).status_code == 404
    assert client.get(reverse("imports:error_file", args=[batch.pk])).status_code == 404


def test_leader_cannot_open_the_upload_page(client, geography, make_user):
    client.force_login(make_user("ld", Role.LEADER, geography["province"]))
    assert client.get(reverse("imports:upload")).status_code == 403


@pytest.mark.parametrize("role", [Role.COMMUNE_OFFICER])
def test_template_lists_the_users_units_and_imports_once_filled(client, geography, make_user, role):
    user = make_user("xa", role, geography["commune"])
    client.force_login(user)
    response = client.get(reverse("imports:template"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Hướng dẫn", "Danh mục", "Hộ gia đình", "Thành viên"]
    lists = book["Danh mục"]
    assert [c.value for c in lists["A"][1:] if c.value] == ["Xã Phước Hà"]
    assert "Phường Phan Rang" not in str([c.value for c in lists["A"]])
    formulas = {dv.formula1 for dv in book["Thành viên"].data_validations.dataValidation}
    assert "'Danh mục'!$C$2:$C$3" in formulas  # Nam, Nữ
    households, members = book["Hộ gia đình"], book["Thành viên"]
    households.append(["T-1", "Xã Phước Hà", "Thôn Một", "", "", "Không", "Không", "Không", "Không"])
    members.append(
        ["T-1", "Phạm Thị Hạnh", "03/04/1990", "Nữ", "Chủ hộ", "Kinh", "056190000321", "Đang sinh sống"]
    )
    filled = io.BytesIO()
    book.save(filled)
    page = _upload(client, filled.getvalue()).content.decode()
    assert "Đã nhập xong: 1 hộ mới" in page
    assert Household.objects.get(code="T-1").head_name == "Phạm Thị Hạnh"


def test_large_files_error_workbook_is_rebuilt_with_the_same_marks(geography, officer, monkeypatch):  # noqa: F811
    from giamngheo.households.imports import errors_workbook
    from giamngheo.households.imports.pipeline import import_file

    monkeypatch.setattr(errors_workbook, "ANNOTATE_IN_PLACE_BYTES", 10)
    members = sample_members()
    members[1][2] = "1984-11-02"
    outcome = import_file("ho.xlsx", xlsx(members=members), officer)
    book = load_workbook(io.BytesIO(outcome.error_workbook))
    assert book.sheetnames == ["Danh sách lỗi", "Hộ gia đình", "Thành viên"]
    bad = book["Thành viên"]["C3"]
    assert (
        bad.value == "1984-11-02"
        and bad.fill.fgColor.rgb.endswith("FFC7CE")
        and "dd/mm/yyyy" in bad.comment.text
    )
    assert book["Thành viên"]["B3"].value == "Lê Thị Hoa"


def test_upload_page_lists_recent_batches_and_links_the_template(client, geography, officer):  # noqa: F811
    batches.run_batch(batches.create_batch(officer, "ho-thang-9.xlsx", xlsx()).pk)
    client.force_login(officer)
    page = client.get(reverse("imports:upload")).content.decode()
    assert reverse("imports:template") in page and "ho-thang-9.xlsx" in page and "Đã nhập xong" in page
