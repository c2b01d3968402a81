"""Writes to households and members. Pages, the API and imports all call these;
each checks the area scope and write permission, validates with the model's
rules (Vietnamese messages naming the field) and records who made the change."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import unit_in_scope
from giamngheo.households.models import Household, Member, MemberStatus

HOUSEHOLD_FIELDS = (
    "head_name",
    "address",
    "ethnic_minority",
    "meritorious",
    "no_labour_capacity",
    "registered_to_escape",
)
MEMBER_FIELDS = ("full_name", "birth_date", "sex", "ethnicity", "relation", "cccd")


def _check_unit(unit: AdminUnit, user) -> None:
    if not (user.can_write and unit_in_scope(unit, user)):
        raise PermissionDenied("Bạn không có quyền ghi dữ liệu của địa bàn này.")


def create_household(
    user, *, code: str, commune: AdminUnit, village: AdminUnit | None = None, **fields
) -> Household:
    if commune.level != Level.COMMUNE:
        raise ValidationError({"commune": "Phải chọn một xã/phường."})
    if village is not None and village.parent_id != commune.pk:
        raise ValidationError({"village": "Thôn/tổ dân phố không thuộc xã/phường đã chọn."})
    _check_unit(village or commune, user)
    household = Household(code=code.strip(), province=commune.province, commune=commune, village=village)
    for name in HOUSEHOLD_FIELDS:
        if name in fields:
            setattr(household, name, fields[name])
    household.full_clean()
    household.refresh_search_text()
    household._history_user = user
    household.save()
    return household


def update_household(household: Household, user, **changes) -> Household:
    _check_unit(household.village or household.commune, user)
    for name, value in changes.items():
        if name in HOUSEHOLD_FIELDS:
            setattr(household, name, value)
    household.full_clean()
    household.refresh_search_text()
    household._history_user = user
    household.save()
    return household


def duplicate_cccd_errors(cccd: str, *, excluding_member: int | None = None) -> list[str]:
    """The same CCCD may not be a present member of two active households."""
    if not cccd:
        return []
    others = Member.objects.filter(cccd=cccd, status=MemberStatus.PRESENT, household__is_active=True)
    if excluding_member:
        others = others.exclude(pk=excluding_member)
    other = others.select_related("household").first()
    if other is None:
        return []
    return [f"Số CCCD {cccd} đã có ở thành viên {other.full_name} của hộ {other.household.code}."]


def add_member(household: Household, user, **fields) -> Member:
    _check_unit(household.village or household.commune, user)
    member = Member(household=household, **{k: v for k, v in fields.items() if k in MEMBER_FIELDS})
    if isinstance(member.birth_date, str):
        member.birth_date = dt.date.fromisoformat(member.birth_date)
    member.full_clean()
    errors = duplicate_cccd_errors(member.cccd)
    if errors:
        raise ValidationError({"cccd": errors})
    with transaction.atomic():
        member._history_user = user
        member.save()
        household.refresh_search_text()
        household._history_user = user
        household.save(update_fields=["search_text", "updated_at"])
    return member
