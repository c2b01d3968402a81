"""Files that take seconds to make (PDF reports, large exports) made by a background job:
the page starts the job, follows its progress (`core.jobs`), and offers the download when
it is ready. The file is kept under the data folder, readable only by the person who asked.

A kind of file is a producer registered here: a function of the page's query parameters
and the user returning (content, filename). The job re-reads everything through the
user's area scope, exactly as the page would."""

import mimetypes
import re
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404, QueryDict
from django_tasks import task

# kind -> "module:function"; the function takes (QueryDict, user) and returns (bytes, filename).
PRODUCERS: dict[str, str] = {
    "review-pdf": "giamngheo.reports.views:review_pdf_file",
    "review-xlsx": "giamngheo.reports.views:review_workbook_file",
    "households-xlsx": "giamngheo.households.views:household_export_file",
    "official-xlsx": "giamngheo.reports.official_views:workbook_file",
    "planning-impact-xlsx": "giamngheo.planning.views:impact_workbook_file",
    "planning-checks-xlsx": "giamngheo.planning.check_views:checks_workbook_file",
}
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def _folder(user_id: int) -> Path:
    return Path(settings.DATA_DIR) / "exports" / str(int(user_id))


def _producer(kind: str) -> Callable:
    module, name = PRODUCERS[kind].split(":")
    return getattr(import_module(module), name)


@task(takes_context=True)
def make_file(context, kind: str, query: str, user_id: int) -> str:
    """Make the file of `kind` for the user; returns its name (the download's key)."""
    user = get_user_model().objects.get(pk=user_id)
    content, filename = _producer(kind)(QueryDict(query), user)
    folder = _folder(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{context.task_result.id}-{SAFE_NAME.sub('-', filename)}"
    (folder / stored).write_bytes(content)
    return stored


def stored_file(user, stored: str) -> Path:
    """The user's made file by its stored name (404 for anyone else's, or a bad name)."""
    if not stored or SAFE_NAME.sub("", stored) != stored.replace("/", "") or "/" in stored:
        raise Http404
    path = _folder(user.pk) / stored
    if not path.is_file():
        raise Http404("Tệp không còn trên máy chủ; hãy tạo lại.")
    return path


def download(user, stored: str) -> FileResponse:
    path = stored_file(user, stored)
    filename = stored.split("-", 5)[-1] if stored.count("-") >= 5 else stored
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
