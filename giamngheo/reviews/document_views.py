"""Files of a review round: attaching a step's document, downloading it or the meeting's scanned
minutes through the round's area scope (never a public media address), removing a document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from giamngheo.core.uploads import limit_uploads, refused_uploads
from giamngheo.reviews import actions, documents, forms, queries
from giamngheo.reviews.models import StepDocument


def _attempt(request, work, success: str) -> None:
    try:
        work()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    messages.success(request, success)


def _back(round_):
    return redirect("reviews:detail", pk=round_.pk)


def _step_of(request, pk: int, step_pk: int):
    round_ = queries.round_for(request.user, pk)
    return round_, get_object_or_404(round_.steps, pk=step_pk)


def refuse_oversize(request) -> bool:
    """Tell the officer which file was over the size limit (cut off while it streamed in)."""
    refused = refused_uploads(request)
    for upload in refused:
        messages.error(
            request, " ".join(documents.size_refusal(documents.clean_name(upload.file_name)).messages)
        )
    return bool(refused)


@login_required
@require_POST
@limit_uploads(documents.max_bytes)
def attach_document(request, pk: int, step_pk: int):
    round_, step = _step_of(request, pk, step_pk)
    if refuse_oversize(request):
        return _back(round_)
    form = forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Phải chọn tệp và ghi tên tài liệu.")
        return _back(round_)
    data = form.cleaned_data
    _attempt(
        request,
        lambda: actions.attach_document(step, request.user, title=data["title"], file=data["file"]),
        f"Đã đính kèm tài liệu “{data['title']}”.",
    )
    return _back(round_)


def _document_of(request, pk: int, document_pk: int) -> tuple:
    round_ = queries.round_for(request.user, pk)
    document = get_object_or_404(StepDocument.objects.filter(step__round=round_), pk=document_pk)
    return round_, document


@login_required
def step_document(request, pk: int, document_pk: int):
    """A step's document, to whoever may see the round (never through a public media address)."""
    _, document = _document_of(request, pk, document_pk)
    return documents.download(document.file.name, document.original_name, document.content_type)


@login_required
@require_POST
def delete_document(request, pk: int, document_pk: int):
    round_, document = _document_of(request, pk, document_pk)
    _attempt(
        request,
        lambda: actions.delete_document(document, request.user),
        f"Đã xoá tài liệu “{document.title}”.",
    )
    return _back(round_)


@login_required
def minutes_scan(request, pk: int, meeting_pk: int):
    """The scanned minutes of a meeting, to whoever may see the round."""
    round_ = queries.round_for(request.user, pk)
    meeting = get_object_or_404(round_.meetings.exclude(minutes=""), pk=meeting_pk)
    return documents.download(meeting.minutes.name, meeting.minutes_name, meeting.minutes_type)
