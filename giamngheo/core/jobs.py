"""A page that follows one background job (django-tasks) until it ends: what it does, its
state in Vietnamese, and where to go when it is done. Used by buttons that start work an
authorised user asks for (loading the shipped catalogues, ...)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_tasks import default_task_backend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

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


def job_page(request: HttpRequest, job_id: str) -> HttpResponse:
    info = request.session.get(f"job-{job_id}")
    if info is None:  # only the person who started it follows it
        return render(request, "core/job.html", {"missing": True}, status=404)
    stored = ""
    try:
        result = default_task_backend.get_result(job_id)
        status = result.status
        if status == TaskResultStatus.SUCCESSFUL and info.get("file"):
            stored = result.return_value
    except (TaskResultDoesNotExist, NotImplementedError):
        status = None
    context = {
        "job_id": job_id,
        "title": info["title"],
        "done_url": info["done_url"],
        "state": STATES.get(status, "Không còn thông tin về tác vụ này"),
        "finished": status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED, None),
        "failed": status == TaskResultStatus.FAILED,
        "file_url": reverse("core:job_file", args=[stored]) if stored else "",
    }
    template = "core/_job_state.html" if request.htmx else "core/job.html"
    return render(request, template, context)
