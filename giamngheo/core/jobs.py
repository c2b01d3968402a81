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


def follow(request: HttpRequest, result: TaskResult, title: str, done_url: str) -> HttpResponse:
    """After starting a job: straight back when it already ended (tests, small jobs), else
    to the page that follows it."""
    if result.status == TaskResultStatus.SUCCESSFUL:
        messages.success(request, f"{title}: đã xong.")
        return redirect(done_url)
    if result.status == TaskResultStatus.FAILED:
        messages.error(request, f"{title}: không thành công. Hãy thử lại hoặc báo quản trị viên.")
        return redirect(done_url)
    request.session[f"job-{result.id}"] = {"title": title, "done_url": done_url}
    return redirect(reverse("core:job", args=[result.id]))


def job_page(request: HttpRequest, job_id: str) -> HttpResponse:
    info = request.session.get(f"job-{job_id}")
    if info is None:  # only the person who started it follows it
        return render(request, "core/job.html", {"missing": True}, status=404)
    try:
        result = default_task_backend.get_result(job_id)
        status = result.status
    except (TaskResultDoesNotExist, NotImplementedError):
        status = None
    context = {
        "job_id": job_id,
        "title": info["title"],
        "done_url": info["done_url"],
        "state": STATES.get(status, "Không còn thông tin về tác vụ này"),
        "finished": status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED, None),
        "failed": status == TaskResultStatus.FAILED,
    }
    template = "core/_job_state.html" if request.htmx else "core/job.html"
    return render(request, template, context)
