"""Pages for officers: the likely duplicate people in their area, decide, merge."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped, scoped_units
from giamngheo.households import queries
from giamngheo.households.duplicates import actions
from giamngheo.households.duplicates.models import PairState
from giamngheo.households.duplicates.tasks import find_duplicate_members
from giamngheo.households.models import Household

PAGE_SIZE = 50


class DecisionForm(forms.Form):
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(DecisionForm):
    survivor = forms.TypedChoiceField(label="Bản ghi giữ lại", coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (m.pk, f"{m.full_name} — hộ {m.household.code}") for m in (pair.member_a, pair.member_b)
        ]
        self.fields["survivor"].initial = pair.member_a_id


def _pairs(user):
    return actions.pairs_in_scope(user).select_related("member_a__household", "member_b__household")


@login_required
def pair_list(request):
    state = request.GET.get("trang-thai", PairState.OPEN)
    pairs = _pairs(request.user)
    if state in PairState.values:
        pairs = pairs.filter(state=state)
    page = Paginator(pairs.order_by("-score", "pk"), PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {"page": page, "state": state, "states": PairState.choices}
    return render(request, "households/duplicate_list.html", context)


@login_required
@require_POST
def find(request):
    """Queue the finder for the communes the user may write to."""
    if not request.user.can_write:
        raise PermissionDenied
    communes = scoped_units(AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE), request.user)
    ids = list(communes.values_list("pk", flat=True))
    find_duplicate_members.enqueue(ids)
    messages.success(
        request, f"Đã giao việc tìm trùng lặp cho {len(ids)} xã/phường; kết quả hiện ở đây khi xong."
    )
    return redirect("households:duplicates")


def _side(member, user) -> dict:
    visible = scoped(Household.objects.filter(pk=member.household_id), user).exists()
    return {
        "member": member,
        "cccd": queries.mask_cccd(member.cccd, user) if visible else "",
        "visible": visible,
    }


@login_required
def pair_detail(request, pk: int):
    pair = get_object_or_404(_pairs(request.user), pk=pk)
    decision = DecisionForm(request.POST or None)
    merge = MergeForm(request.POST or None, pair=pair)
    if request.method == "POST":
        try:
            response = _act(request, pair, request.POST.get("action"), decision, merge)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            if response is not None:
                return response
    context = {
        "pair": pair,
        "sides": [_side(pair.member_a, request.user), _side(pair.member_b, request.user)],
        "decision": DecisionForm(),
        "merge": merge,
        "can_write": request.user.can_write,
    }
    return render(request, "households/duplicate_detail.html", context)


def _act(request, pair, action: str, decision: DecisionForm, merge: MergeForm):
    if action in ("confirm", "dismiss") and decision.is_valid():
        decide = actions.confirm_pair if action == "confirm" else actions.dismiss_pair
        decide(pair, request.user, decision.cleaned_data["note"])
        messages.success(request, f"Đã ghi nhận: {pair.get_state_display()}.")
        return redirect("households:duplicate", pk=pair.pk)
    if action == "merge" and merge.is_valid():
        survivor = pair.member_a if merge.cleaned_data["survivor"] == pair.member_a_id else pair.member_b
        actions.merge_pair(pair, request.user, survivor=survivor, note=merge.cleaned_data["note"])
        messages.success(request, f"Đã gộp bản ghi trùng vào {survivor.full_name}.")
        return redirect("households:detail", pk=survivor.household_id)
    return None
