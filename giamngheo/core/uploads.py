"""Uploads checked while they stream in: a file over its limit stops being stored at the first
chunk past the limit (the rest of the request is read and thrown away, never kept in memory or
on disk), and the view learns which file it was so it can name it in the refusal.

A view opts in with `@limit_uploads(max_bytes)`. Django parses an upload when the CSRF check
first reads `request.POST`, so the decorator puts the handler in place before that check runs
(the documented pattern: exempt the outer view, protect the inner one).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.views.decorators.csrf import csrf_exempt, csrf_protect


@dataclass(frozen=True)
class RefusedUpload:
    field_name: str
    file_name: str
    limit: int


class SizeLimitHandler(FileUploadHandler):
    """First in the chain: passes each chunk on to Django's own handlers until a file passes
    `limit` bytes, then skips that file and records it on `request.refused_uploads`."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        request.refused_uploads = []

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.refused_uploads.append(RefusedUpload(self.field_name, self.file_name, self.limit))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file


def limit_uploads(limit: Callable[[], int]) -> Callable:
    """Decorate a view so every file of its request is cut off past `limit()` bytes."""

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        @csrf_exempt
        def wrapped(request, *args, **kwargs):
            request.upload_handlers.insert(0, SizeLimitHandler(request, limit()))
            return protected(request, *args, **kwargs)

        return wrapped

    return decorator


def refused_uploads(request) -> list[RefusedUpload]:
    """The files of the request cut off for their size (parsing the request if not done yet)."""
    if request.method == "POST":
        request.FILES  # noqa: B018 - the handler records refusals while the body is parsed
    return list(getattr(request, "refused_uploads", []))
