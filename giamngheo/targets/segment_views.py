"""The page where an officer sets the communes of a plan's segment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from giamngheo.targets import plans
from giamngheo.targets.models import Segment
from giamngheo.targets.segments import find_communes, segment_poor_rate, set_segment


@login_required
def segment_edit(request, pk: int):
    segment = get_object_or_404(
        Segment.objects.select_related("plan").filter(plan__in=plans.visible_plans(request.user)), pk=pk
    )
    errors: list[str] = []
    text = "\n".join(f"{c.code} {c.name}" for c in segment.communes.order_by("code"))
    if request.method == "POST":
        if not request.user.can_write:
            raise PermissionDenied("Tài khoản chỉ được xem.")
        text = request.POST.get("xa", "")
        names = [
            line.split(" ", 1)[0] if line.split(" ", 1)[0].isdigit() else line for line in text.splitlines()
        ]
        try:
            set_segment(segment.plan, segment.name, find_communes(segment.plan, names), request.user)
        except ValidationError as error:
            errors = [m for messages_ in error.message_dict.values() for m in messages_]
        else:
            messages.success(request, f"Đã cập nhật danh sách xã của {segment.name}.")
            return redirect("targets:segment_edit", pk=segment.pk)
    context = {"segment": segment, "text": text, "errors": errors, "rate": segment_poor_rate(segment)}
    return render(request, "targets/segment_edit.html", context, status=400 if errors else 200)
