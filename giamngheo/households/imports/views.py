from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from giamngheo.core.downloads import xlsx_response
from giamngheo.households.imports import batches
from giamngheo.households.imports.forms import UploadForm
from giamngheo.households.imports.models import ImportBatch
from giamngheo.households.imports.tasks import run_import
from giamngheo.households.imports.template import template_for

SHOWN_ERRORS = 500


def _visible(user):
    batches_ = ImportBatch.objects.defer("content", "error_workbook")
    return batches_ if user.sees_everything else batches_.filter(user=user)


@login_required
def upload(request):
    if not request.user.can_write:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        batch = batches.create_batch(request.user, file.name, file.read())
        if batch.file_size <= batches.INLINE_BYTES:
            batches.run_batch(batch.pk)
        else:
            run_import.enqueue(batch.pk)
            messages.info(request, "Tệp lớn: hệ thống đang nhập ở chế độ nền, trang sẽ tự cập nhật tiến độ.")
        return redirect("imports:detail", pk=batch.pk)
    recent = _visible(request.user).filter(user=request.user)[:20]
    status = 400 if request.method == "POST" else 200
    return render(request, "households/imports/upload.html", {"form": form, "recent": recent}, status=status)


@login_required
def detail(request, pk: int):
    batch = get_object_or_404(_visible(request.user), pk=pk)
    context = {
        "batch": batch,
        "errors": batch.errors[:SHOWN_ERRORS],
        "more_errors": max(0, batch.error_count - SHOWN_ERRORS),
        "has_error_file": ImportBatch.objects.filter(pk=pk, error_workbook__isnull=False).exists(),
    }
    template = "households/imports/_progress.html" if request.htmx else "households/imports/detail.html"
    return render(request, template, context)


@login_required
def error_file(request, pk: int):
    batch = get_object_or_404(_visible(request.user), pk=pk)
    content = ImportBatch.objects.filter(pk=batch.pk).values_list("error_workbook", flat=True).first()
    if not content:
        raise Http404
    stem = batch.file_name.rsplit(".", 1)[0]
    return xlsx_response(bytes(content), f"loi-{stem}.xlsx")


@login_required
def template_file(request):
    return xlsx_response(template_for(request.user), "mau-nhap-ho-gia-dinh.xlsx")


@login_required
@require_POST
def retry(request, pk: int):
    batch = get_object_or_404(_visible(request.user), pk=pk)
    if not (request.user.can_write and batch.is_interrupted):
        raise PermissionDenied
    batches.retry_batch(batch, request.user)
    if batch.file_size <= batches.INLINE_BYTES:
        batches.run_batch(batch.pk)
    else:
        run_import.enqueue(batch.pk)
    return redirect("imports:detail", pk=batch.pk)


@login_required
@require_POST
def cancel(request, pk: int):
    batch = get_object_or_404(_visible(request.user), pk=pk)
    if not (request.user.can_write and batch.is_interrupted):
        raise PermissionDenied
    batches.cancel_batch(batch, request.user)
    return redirect("imports:detail", pk=batch.pk)
