"""Documents of a round's steps and the meeting's scanned minutes: type by content, size cut off
while streaming, stored under MEDIA_ROOT with generated names, downloaded only through the round's
area scope under the officer's file name, upload and removal in the audit trail."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.audit import AuditFilter, recent_changes
from giamngheo.reviews import actions, documents
from giamngheo.reviews.models import RoundStatus, StepDocument, VillageMeeting
from giamngheo.reviews.steps import StepCode
from giamngheo.reviews.tests.conftest import step, walk_to_meeting

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def attach(client, round_, name: str, content: bytes, title: str = "Kế hoạch rà soát"):
    prepare_step = step(round_, StepCode.PREPARE)
    url = reverse("reviews:attach_document", args=[round_.pk, prepare_step.pk])
    return client.post(url, {"title": title, "file": SimpleUploadedFile(name, content)}, follow=True)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bien-ban.pdf", PNG, "có nội dung là tệp PNG nhưng tên tệp mang đuôi “.pdf”"),
        ("caidat.exe", EXE, "không phải tệp PDF, JPEG hoặc PNG"),
        ("hoa-don.pdf", EXE, "không phải tệp PDF, JPEG hoặc PNG"),
        ("ghi-chu.docx", b"PK\x03\x04" + b"\x00" * 40, "không phải tệp PDF, JPEG hoặc PNG"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_a_file_whose_content_is_not_allowed_is_refused_naming_it(
    client, round_, officers, media, name, content, expected
):
    client.force_login(officers["commune"])
    response = attach(client, round_, name, content)
    text = messages_of(response)
    assert f"Tệp “{name}”" in text and expected in text
    assert not StepDocument.objects.exists() and stored_files(media) == []


def test_an_oversize_upload_is_cut_off_while_it_streams(
    client, round_, officers, media, settings, monkeypatch
):
    """1 MB limit, a 5 MB PDF: Django's own handler is handed no more than the limit and one chunk."""
    settings.GIAMNGHEO_DOCUMENT_MAX_MB = 1
    handed = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        handed.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    client.force_login(officers["commune"])
    response = attach(client, round_, "Biên bản quét.pdf", PDF + b"0" * (5 * 1024 * 1024))
    assert "Tệp “Biên bản quét.pdf” lớn hơn 1 MB" in messages_of(response)
    assert sum(handed) <= 1024 * 1024  # the chunk that passed the limit never reached them
    assert not StepDocument.objects.exists() and stored_files(media) == []


class Stream(io.RawIOBase):
    """A file of `size` bytes made on demand, counting what was read from it (no `size` attribute,
    as a file handed to the CLI or the API may have none)."""

    def __init__(self, name: str, size: int):
        self.name, self.left, self.read_bytes = name, size, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        chunk = (PDF + b"0" * n)[:n] if self.read_bytes == 0 else b"0" * n
        self.left -= n
        self.read_bytes += n
        return chunk


def test_store_stops_reading_past_the_limit_whatever_the_file_says(settings, media):
    settings.GIAMNGHEO_DOCUMENT_MAX_MB = 1
    upload = Stream("quyet-dinh.pdf", 50 * 1024 * 1024)
    with pytest.raises(ValidationError, match="lớn hơn 1 MB"):
        documents.store(upload, 2024)
    assert upload.read_bytes <= 1024 * 1024 + 64 * 1024  # never the whole 50 MB
    assert stored_files(media) == []


def test_the_right_officer_downloads_under_the_original_name_and_another_commune_cannot(
    client, round_, officers, media
):
    client.force_login(officers["commune"])
    response = attach(client, round_, "Kế hoạch rà soát xã.pdf", PDF)
    assert "Đã đính kèm tài liệu" in messages_of(response)
    document = StepDocument.objects.get()
    assert document.original_name == "Kế hoạch rà soát xã.pdf" and document.content_type == "application/pdf"
    assert document.size == len(PDF)
    # Stored outside the database under a generated name, never the officer's.
    path = Path(media) / document.file.name
    assert path.read_bytes() == PDF and "Kế hoạch" not in document.file.name
    assert document.file.name.startswith(f"ra-soat/{round_.year}/") and path.suffix == ".pdf"

    page = client.get(reverse("reviews:detail", args=[round_.pk])).content.decode()
    url = reverse("reviews:document", args=[round_.pk, document.pk])
    assert f'href="{url}"' in page and "/media/" not in page and "lưu giữ 10 năm" in page
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert "filename*=utf-8''K%E1%BA%BF%20ho%E1%BA%A1ch" in download["Content-Disposition"]
    assert client.get(f"/media/{document.file.name}").status_code == 404  # no public address

    client.force_login(officers["other"])
    assert client.get(url).status_code == 404
    assert client.post(reverse("reviews:delete_document", args=[round_.pk, document.pk])).status_code == 404
    assert StepDocument.objects.filter(pk=document.pk).exists()


def test_upload_and_delete_are_in_the_audit_trail_and_a_closed_round_keeps_its_files(
    client, round_, officers, media
):
    officer = officers["commune"]
    client.force_login(officer)
    attach(client, round_, "anh-hop.jpg", JPEG, title="Ảnh buổi họp")
    attach(client, round_, "so-do.png", PNG, title="Sơ đồ thôn")
    photo, plan = StepDocument.objects.order_by("pk")
    photo_path = Path(media) / photo.file.name
    response = client.post(reverse("reviews:delete_document", args=[round_.pk, photo.pk]), follow=True)
    assert "Đã xoá tài liệu “Ảnh buổi họp”" in messages_of(response)
    assert not StepDocument.objects.filter(pk=photo.pk).exists() and not photo_path.exists()

    entries = recent_changes(officer, criteria=AuditFilter(model="reviews.StepDocument"), limit=10)
    assert sorted(e.action for e in entries) == ["Tạo mới", "Tạo mới", "Xoá"]
    assert {e.who for e in entries} == {officer.get_full_name() or officer.username}
    assert any("anh-hop.jpg" in e.reason for e in entries if e.action == "Xoá")
    history = photo.history.order_by("history_date")
    assert [h.history_type for h in history] == ["+", "-"] and history.last().history_user == officer

    round_.status = RoundStatus.CLOSED
    round_.save()
    with pytest.raises(ValidationError, match="được lưu giữ theo thời hạn"):
        actions.delete_document(plan, officer)
    assert (Path(media) / plan.file.name).exists()


def test_scanned_minutes_are_checked_stored_and_downloaded_through_the_round(client, round_, officers, media):
    officer = officers["commune"]
    walk_to_meeting(round_, officer)
    client.force_login(officer)
    url = reverse("reviews:meeting", args=[round_.pk])
    data = {"held_on": timezone.localdate().isoformat(), "attendance": 25, "chaired_by": "Lê Văn Cường"}
    refused = client.post(url, data | {"minutes": SimpleUploadedFile("bien-ban.pdf", PNG)}, follow=True)
    assert "Tệp “bien-ban.pdf” có nội dung là tệp PNG" in messages_of(refused)
    assert not VillageMeeting.objects.exists() and stored_files(media) == []

    client.post(url, data | {"minutes": SimpleUploadedFile("Biên bản họp thôn.png", PNG)})
    meeting = VillageMeeting.objects.get()
    assert meeting.minutes_name == "Biên bản họp thôn.png" and meeting.minutes.name.endswith(".png")
    scan = reverse("reviews:minutes_scan", args=[round_.pk, meeting.pk])
    assert scan in client.get(reverse("reviews:detail", args=[round_.pk])).content.decode()
    response = client.get(scan)
    assert b"".join(response.streaming_content) == PNG and response["Content-Type"] == "image/png"
    client.force_login(officers["other"])
    assert client.get(scan).status_code == 404


def test_file_names_are_cleaned_before_they_are_kept():
    assert documents.clean_name("C:\\Users\\a\\..\\bien ban.pdf") == "bien ban.pdf"
    assert documents.clean_name("../../etc/passwd") == "passwd"
    assert documents.clean_name("Bie\u0302\u0301n\x00 ba\u0309n.pdf") == "Biến bản.pdf"
    long = documents.clean_name("a" * 500 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")
