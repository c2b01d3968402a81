"""The user's page of API tokens: issue one (the key is shown once), see when each
expires, revoke any. Administrators revoke anyone's in the admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from giamngheo.api import tokens
from giamngheo.api.models import ApiToken


@login_required
def token_list(request):
    key = None
    if request.method == "POST":
        name = " ".join(request.POST.get("name", "").split())[:100]
        if name:
            _token, key = ApiToken.issue(request.user, name)
        else:
            messages.error(request, "Hãy đặt tên cho khóa API (ví dụ: tên hệ thống sẽ dùng khóa).")
    rows = [
        (token, tokens.expires_at(token))
        for token in ApiToken.objects.filter(user=request.user).order_by("-pk")
    ]
    live = set(tokens.live_tokens().filter(user=request.user).values_list("pk", flat=True))
    context = {"rows": rows, "live": live, "key": key, "days": tokens.lifetime().days}
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke(token, request.user)
    messages.success(request, f"Đã thu hồi khóa API '{token.name}'.")
    return redirect("api_tokens:list")
