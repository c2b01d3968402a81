"""Pages that change households and members. Each reads through the area scope
(another commune's record is a 404), then hands the write to an action."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import scoped, scoped_units
from giamngheo.core.params import is_digits
from giamngheo.households import actions, lookups, membership, rules
from giamngheo.households.forms import (
    DepartureForm,
    HouseholdForm,
    MemberForm,
    MergeForm,
    MoveMemberForm,
    NewHouseholdForm,
    SetHeadForm,
    SplitForm,
    apply_errors,
)
from giamngheo.households.models import HOUSEHOLD_FLAGS, Household, Member

HOUSEHOLD_EDIT_FIELDS = ("village", "address", *HOUSEHOLD_FLAGS)


def _household(request, pk: int, *, active: bool = False) -> Household:
    households = scoped(Household.objects.select_related("commune", "village", "province"), request.user)
    household = get_object_or_404(households, pk=pk)
    _require_write(request)
    if active and not household.is_active:
        messages.error(request, f"Hộ {household.code} đã ngừng theo dõi; không thể thay đổi.")
        raise PermissionDenied
    return household


def _member(request, pk: int) -> Member:
    members = scoped(Member.objects.select_related("household__commune", "household__village"), request.user)
    member = get_object_or_404(members, pk=pk)
    _require_write(request)
    return member


def _require_write(request) -> None:
    if not request.user.can_write:
        raise PermissionDenied("Bạn chỉ có quyền xem.")


def _done(request, household: Household, text: str):
    messages.success(request, text)
    return redirect("households:detail", pk=household.pk)


def _form_page(request, form, act, context: dict, template: str = "households/form_page.html"):
    """A page whose form, once valid, is handed to `act(cleaned_data)`, which writes and returns
    the household to show and what to tell the officer; a refusal is shown on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            household, text = act(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _done(request, household, text)
    return render(request, template, {**context, "form": form})


@login_required
def create_household(request):
    _require_write(request)
    form = NewHouseholdForm(request.POST or None, user=request.user)
    head_form = MemberForm(request.POST or None, prefix="head", head=True)
    if request.method == "POST" and form.is_valid() and head_form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in HOUSEHOLD_EDIT_FIELDS if name != "village"}
        try:
            household = actions.create_household_with_head(
                request.user,
                commune=data["commune"],
                village=data["village"],
                code=data["code"],
                head=head_form.cleaned_data,
                **fields,
            )
        except ValidationError as error:
            apply_errors(head_form if _about_member(error) else form, error)
        else:
            return _done(request, household, f"Đã lập hộ {household.code}.")
    return render(request, "households/household_form.html", {"form": form, "head_form": head_form})


def _about_member(error: ValidationError) -> bool:
    return hasattr(error, "error_dict") and bool(set(error.error_dict) & set(actions.MEMBER_FIELDS))


@login_required
def village_options(request):
    """HTMX: the villages of the chosen commune, as <option>s."""
    commune = request.GET.get("commune", "")
    villages = AdminUnit.objects.none()
    if is_digits(commune):
        villages = scoped_units(
            AdminUnit.objects.filter(level=Level.VILLAGE, parent_id=int(commune)), request.user
        )
    return render(request, "households/_village_options.html", {"villages": villages.order_by("code")})


@login_required
def edit_household(request, pk: int):
    household = _household(request, pk)
    initial = {name: getattr(household, name) for name in HOUSEHOLD_EDIT_FIELDS}
    form = HouseholdForm(request.POST or None, initial=initial, user=request.user, commune=household.commune)

    def act(data):
        actions.update_household(household, request.user, reason="Sửa thông tin hộ", **data)
        return household, "Đã lưu thông tin hộ."

    context = {"household": household, "title": "Sửa thông tin hộ", "button": "Lưu"}
    return _form_page(request, form, act, context)


@login_required
def add_member(request, pk: int):
    household = _household(request, pk, active=True)

    def act(data):
        member = actions.add_member(household, request.user, **data)
        return household, f"Đã thêm thành viên {member.full_name}."

    context = {"household": household, "title": "Thêm thành viên", "button": "Thêm thành viên"}
    return _form_page(request, MemberForm(request.POST or None), act, context, "households/member_form.html")


@login_required
def edit_member(request, pk: int):
    member = _member(request, pk)
    initial = {name: getattr(member, name) for name in actions.MEMBER_FIELDS}
    form = MemberForm(request.POST or None, initial=initial)

    def act(data):
        actions.update_member(member, request.user, **data)
        return member.household, f"Đã lưu thông tin của {member.full_name}."

    title = f"Sửa thông tin {member.full_name}"
    context = {"household": member.household, "member": member, "title": title, "button": "Lưu"}
    return _form_page(request, form, act, context, "households/member_form.html")


@login_required
def check_cccd(request):
    """HTMX: flags an invalid CCCD, or one already held in another active household, as it is typed."""
    number, birth_date, sex = (_param(request, suffix) for suffix in ("cccd", "birth_date", "sex"))
    member_pk = request.GET.get("member", "")
    problems = rules.cccd_format_errors(number, _date(birth_date), sex or None) if number else []
    holder = None
    if number and not problems:
        member = rules.ascii_int(member_pk)
        try:
            holder = lookups.find_holder(request.user, number, excluding_member=member)
        except lookups.TooManyLookups as refused:
            problems = [refused.message]  # shown in place: htmx swaps only successful answers
    context = {"problems": problems, "holder": holder, "outside_message": rules.OUTSIDE_CCCD_MESSAGE}
    return render(request, "households/_cccd_check.html", context)


def _param(request, suffix: str) -> str:
    """A GET value by field name, whatever the form's prefix ("cccd" or "head-cccd")."""
    return next((value.strip() for key, value in request.GET.items() if key.endswith(suffix)), "")


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@login_required
def move_member(request, pk: int):
    member = _member(request, pk)
    form = MoveMemberForm(request.POST or None, member=member, user=request.user)
    source = member.household

    def act(data):
        membership.move_member(
            member,
            data["target"],
            request.user,
            relation=data["relation"],
            on=data["on"],
            note=data["note"],
            new_head=data["new_head"],
        )
        return source, f"Đã chuyển {member.full_name} sang hộ {data['target'].code}."

    title = f"Chuyển {member.full_name} sang hộ khác"
    context = {"household": source, "member": member, "title": title, "button": "Chuyển hộ"}
    return _form_page(request, form, act, context)


@login_required
def record_departure(request, pk: int):
    member = _member(request, pk)
    form = DepartureForm(request.POST or None, member=member)

    def act(data):
        membership.record_departure(
            member,
            request.user,
            kind=data["kind"],
            on=data["on"],
            note=data["note"],
            new_head=data["new_head"],
        )
        return member.household, f"Đã ghi nhận biến động của {member.full_name}."

    title = f"Ghi nhận {member.full_name} chết hoặc chuyển đi"
    context = {"household": member.household, "member": member, "title": title, "button": "Ghi nhận"}
    return _form_page(request, form, act, context)


@login_required
def set_head(request, pk: int):
    member = _member(request, pk)

    def act(data):
        actions.set_head(member, request.user, **data)
        return member.household, f"{member.full_name} là chủ hộ mới."

    title = f"Đặt {member.full_name} làm chủ hộ"
    context = {"household": member.household, "member": member, "title": title, "button": "Đặt làm chủ hộ"}
    return _form_page(request, SetHeadForm(request.POST or None), act, context)


@login_required
def split_household(request, pk: int):
    household = _household(request, pk, active=True)
    form = SplitForm(request.POST or None, household=household)

    def act(data):
        new = membership.split_household(
            household,
            request.user,
            members=list(data["members"]),
            head=data["head"],
            on=data["on"],
            note=data["note"],
            code=data["code"],
            address=data["address"],
            new_head_for_source=data["new_head_for_source"],
        )
        messages.info(
            request, "Quan hệ với chủ hộ của các thành viên hộ mới đang là “Khác”; hãy sửa lại nếu cần."
        )
        return new, f"Đã tách hộ mới {new.code} từ hộ {household.code}."

    return _form_page(request, form, act, {"household": household, "title": "Tách hộ", "button": "Tách hộ"})


@login_required
def merge_household(request, pk: int):
    household = _household(request, pk, active=True)
    form = MergeForm(request.POST or None, user=request.user)

    def act(data):
        survivor = membership.merge_households(
            household, data["survivor"], request.user, on=data["on"], note=data["note"]
        )
        messages.info(
            request, "Quan hệ với chủ hộ của các thành viên chuyển đến đang là “Khác”; hãy sửa lại nếu cần."
        )
        return survivor, f"Đã nhập hộ {household.code} vào hộ {survivor.code}."

    title = f"Nhập hộ {household.code} vào hộ khác"
    return _form_page(request, form, act, {"household": household, "title": title, "button": "Nhập hộ"})
