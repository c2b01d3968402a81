"""A page that follows one background job (django-tasks) until it ends: what it does, its
state in Vietnamese, and where to go when it is done. Used by buttons that start work an
authorised user asks for (loading the shipped catalogues, files that take seconds, ...).

A job whose worker died (its beat stopped, `core.recovery`) is shown as interrupted, and the
person who started it may run it again with the same arguments or cancel it; both are audited.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tasks import default_task_backend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from giamngheo.core.models import BulkChange
from giamngheo.core.recovery import abandon_tasks, is_silent, last_task_beat

STATES = {
    TaskResultStatus.READY: "Đang chờ đến lượt chạy",
    TaskResultStatus.RUNNING: "Đang chạy",
    TaskResultStatus.SUCCESSFUL: "Đã xong",
    TaskResultStatus.FAILED: "Không thành công",
}


def follow(
    request: HttpRequest, result: TaskResult, title: str, done_url: str, *, makes_file: bool = False
) -> HttpResponse:
    """After starting a job: straight back (or to the file) when it already ended (tests,
    small jobs), else to the page that follows it. A job that `makes_file` returns the
    stored name of the file the page then offers."""
    if result.status == TaskResultStatus.SUCCESSFUL:
        if makes_file:
            return redirect(reverse("core:job_file", args=[result.return_value]))
        messages.success(request, f"{title}: đã xong.")
        return redirect(done_url)
    if result.status == TaskResultStatus.FAILED:
        messages.error(request, f"{title}: không thành công. Hãy thử lại hoặc báo quản trị viên.")
        return redirect(done_url)
    request.session[f"job-{result.id}"] = {"title": title, "done_url": done_url, "file": makes_file}
    return redirect(reverse("core:job", args=[result.id]))


def job_file(request: HttpRequest, stored: str) -> HttpResponse:
    from giamngheo.core.filejobs import download

    return download(request.user, stored)


def _result(job_id: str) -> TaskResult | None:
    try:
        return default_task_backend.get_result(job_id)
    except (TaskResultDoesNotExist, NotImplementedError, ValueError):  # ValueError: not a job id
        return None


def is_interrupted(result: TaskResult | None) -> bool:
    """Running, but its beat (or, before the first beat, its start) is too old: the worker died."""
    if result is None or result.status != TaskResultStatus.RUNNING:
        return False
    return is_silent(last_task_beat(str(result.id)) or result.started_at)


def job_page(request: HttpRequest, job_id: str) -> HttpResponse:
    info = request.session.get(f"job-{job_id}")
    if info is None:  # only the person who started it follows it
        return render(request, "core/job.html", {"missing": True}, status=404)
    stored = ""
    result = _result(job_id)
    status = result.status if result else None
    if status == TaskResultStatus.SUCCESSFUL and info.get("file"):
        stored = result.return_value
    interrupted = is_interrupted(result)
    context = {
        "job_id": job_id,
        "title": info["title"],
        "done_url": info["done_url"],
        "state": "Bị gián đoạn" if interrupted else STATES.get(status, "Không còn thông tin về tác vụ này"),
        "interrupted": interrupted,
        "finished": interrupted or status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED, None),
        "failed": status == TaskResultStatus.FAILED,
        "file_url": reverse("core:job_file", args=[stored]) if stored else "",
    }
    template = "core/_job_state.html" if request.htmx else "core/job.html"
    return render(request, template, context)


def _interrupted_own_job(request: HttpRequest, job_id: str) -> tuple[dict, TaskResult]:
    info = request.session.get(f"job-{job_id}")
    result = _result(job_id)
    if info is None or not is_interrupted(result):  # only its starter, only once its worker died
        raise PermissionDenied
    return info, result


@require_POST
def job_retry(request: HttpRequest, job_id: str) -> HttpResponse:
    """Run an interrupted job again with the same arguments: each job re-reads everything
    and writes its result whole (a file, an idempotent load), so a retry equals a first run."""
    info, result = _interrupted_own_job(request, job_id)
    abandon_tasks(task_id=job_id)
    BulkChange.objects.create(user=request.user, action="job_retry", description=f"Chạy lại: {info['title']}")
    again = result.task.enqueue(*result.args, **result.kwargs)
    del request.session[f"job-{job_id}"]
    return follow(request, again, info["title"], info["done_url"], makes_file=info.get("file", False))


@require_POST
def job_cancel(request: HttpRequest, job_id: str) -> HttpResponse:
    info, _ = _interrupted_own_job(request, job_id)
    abandon_tasks(task_id=job_id)
    BulkChange.objects.create(user=request.user, action="job_cancel", description=f"Huỷ: {info['title']}")
    del request.session[f"job-{job_id}"]
    messages.info(request, f"{info['title']}: đã huỷ.")
    return redirect(info["done_url"])
