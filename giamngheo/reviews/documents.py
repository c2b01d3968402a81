"""Files attached to a review round: a step's documents and a meeting's scanned minutes.

One set of rules for every way in (pages, API, CLI): the type is read from the file's first
bytes, never from its name or the browser's word (PDF, JPEG, PNG: official electronic
documents are PDF and signed paper ones are scanned, NĐ 30/2020/NĐ-CP on clerical work);
the name's extension must agree with the content; the size is counted while the file is
copied and the copy stops at the first chunk past the limit. Files are stored under
MEDIA_ROOT with generated names; the name the officer gave is kept only to be shown and
offered back in the download.
"""

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

from giamngheo.core.text import vn_number

# content type -> (the bytes a file of that type starts with, extensions its name may carry)
TYPES = {
    "application/pdf": ((b"%PDF-",), ("pdf",)),
    "image/jpeg": ((b"\xff\xd8\xff",), ("jpg", "jpeg")),
    "image/png": ((b"\x89PNG\r\n\x1a\n",), ("png",)),
}
EXTENSION = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
ALLOWED_TEXT = "PDF, JPEG hoặc PNG"
HEAD_BYTES = 16
NAME_LENGTH = 200
FOLDER = "ra-soat"


def max_bytes() -> int:
    return settings.GIAMNGHEO_DOCUMENT_MAX_MB * 1024 * 1024


def retention_years() -> int:
    return settings.GIAMNGHEO_DOCUMENT_RETENTION_YEARS


def kept_until(year: int) -> dt.date:
    """The last day a round's documents are kept: the end of the round's year plus the retention."""
    return dt.date(year + retention_years(), 12, 31)


def retention_text(year: int) -> str:
    return (
        f"Tài liệu của đợt rà soát được lưu giữ {retention_years()} năm sau năm rà soát "
        f"(đến hết ngày {kept_until(year):%d/%m/%Y}); khi đợt đã kết thúc, tài liệu không xoá được."
    )


def size_refusal(name: str) -> ValidationError:
    limit = vn_number(settings.GIAMNGHEO_DOCUMENT_MAX_MB)
    return ValidationError(
        f"Tệp “{name}” lớn hơn {limit} MB, giới hạn cho tài liệu rà soát; tệp không được lưu. "
        "Hãy quét lại với độ phân giải thấp hơn hoặc chia thành nhiều tệp."
    )


def clean_name(name: str) -> str:
    """The officer's file name, fit to show and to offer back: its last path part, NFC, without
    control characters, at most 200 characters (the extension kept)."""
    base = PurePath(str(name).replace("\\", "/")).name
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    base = " ".join(base.split()).strip(". ") or "tai-lieu"
    if len(base) > NAME_LENGTH:
        stem, dot, ext = base.rpartition(".")
        base = stem[: NAME_LENGTH - len(ext) - 1] + dot + ext if dot and len(ext) <= 5 else base[:NAME_LENGTH]
    return base


def detect_type(head: bytes) -> str | None:
    for content_type, (signatures, _) in TYPES.items():
        if any(head.startswith(signature) for signature in signatures):
            return content_type
    return None


def check_type(name: str, head: bytes) -> str:
    """The file's content type from its first bytes; refused when it is none of the allowed
    types or when the name's extension says another type."""
    content_type = detect_type(head)
    if content_type is None:
        raise ValidationError(
            f"Tệp “{name}” không phải tệp {ALLOWED_TEXT} (đã kiểm tra nội dung tệp, không chỉ phần đuôi tên)."
        )
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in TYPES[content_type][1]:
        kind = EXTENSION[content_type].upper()
        named = f"mang đuôi “.{extension}”" if extension else "không có đuôi"
        raise ValidationError(
            f"Tệp “{name}” có nội dung là tệp {kind} nhưng tên tệp {named}; "
            "hãy đặt lại tên tệp cho đúng loại rồi tải lên lại."
        )
    return content_type


@dataclass(frozen=True)
class StoredFile:
    name: str  # relative to MEDIA_ROOT, generated
    original_name: str
    content_type: str
    size: int


def _chunks(upload):
    if hasattr(upload, "chunks"):
        yield from upload.chunks()
        return
    while chunk := upload.read(64 * 1024):
        yield chunk


def store(upload, year: int) -> StoredFile:
    """Check `upload` (a Django UploadedFile or any binary file object with a `name`) and copy it
    under MEDIA_ROOT. Refused, with nothing left on disk, on a wrong type or past the size limit:
    the copy stops at the first chunk past the limit, whatever the file's declared size."""
    original = clean_name(getattr(upload, "name", "") or "")
    limit = max_bytes()
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise size_refusal(original)
    chunks = _chunks(upload)
    head = b""
    for chunk in chunks:
        head += chunk
        if len(head) >= HEAD_BYTES:
            break
    if not head:
        raise ValidationError(f"Tệp “{original}” rỗng.")
    content_type = check_type(original, head[:HEAD_BYTES])
    relative = f"{FOLDER}/{year}/{uuid.uuid4().hex}.{EXTENSION[content_type]}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with path.open("xb") as out:
            for chunk in _prepend(head, chunks):
                size += len(chunk)
                if size > limit:
                    raise size_refusal(original)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(relative, original, content_type, size)


def _prepend(first: bytes, rest):
    yield first
    yield from rest


def remove(relative: str) -> None:
    if relative:
        path = _path(relative)
        if path is not None:
            path.unlink(missing_ok=True)


def _path(relative: str) -> Path | None:
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    return path if path.is_relative_to(root) else None


def download(relative: str, original_name: str, content_type: str) -> FileResponse:
    """The stored file as an attachment under the name the officer gave it."""
    path = _path(relative) if relative else None
    if path is None or not path.is_file():
        raise Http404("Tệp không còn trên máy chủ.")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=original_name or path.name,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
