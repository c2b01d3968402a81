from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from giamngheo.planning.drafts import delete_draft, save_draft
from giamngheo.planning.forms import DraftForm
from giamngheo.planning.models import DraftStandard


@login_required
def draft_list(request):
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = save_draft(
                request.user,
                name=form.cleaned_data["name"],
                base_id=form.cleaned_data["base_id"],
                changes=form.changes(),
            )
        except ValidationError as error:
            for field, texts in (
                error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            ).items():
                for text in texts:
                    form.add_error(field if field in form.fields else None, text)
        else:
            messages.success(request, f"Đã lưu dự thảo “{draft.name}”. Chọn nó ở trang tác động để so sánh.")
            return redirect("planning:drafts")
    drafts = DraftStandard.objects.select_related("created_by")
    return render(request, "planning/drafts.html", {"form": form, "drafts": drafts})


@login_required
def draft_yaml(request, pk: int):
    draft = get_object_or_404(DraftStandard, pk=pk)
    response = HttpResponse(draft.yaml_text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{draft.standard_id}.yaml"'
    return response


@login_required
@require_POST
def draft_delete(request, pk: int):
    draft = get_object_or_404(DraftStandard, pk=pk)
    delete_draft(request.user, draft)
    messages.success(request, "Đã xóa dự thảo.")
    return redirect("planning:drafts")
