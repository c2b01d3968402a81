"""Writes to households and members. Pages, the API and imports all call these;
each checks the area scope and write permission, validates with the model's
rules (Vietnamese messages naming the field) and records who made the change.

Moving members between households, splitting, merging and recording deaths or
departures are in `giamngheo.households.membership`.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import unit_in_scope
from giamngheo.core.params import is_digits
from giamngheo.households import rules
from giamngheo.households.models import (
    HOUSEHOLD_FLAGS,
    CurrentStatus,
    Household,
    Member,
    MemberStatus,
    Relation,
)

HOUSEHOLD_FIELDS = ("head_name", "address", *HOUSEHOLD_FLAGS)
MEMBER_FIELDS = ("full_name", "birth_date", "sex", "ethnicity", "relation", "cccd")
CODE_DIGITS = 6


def check_can_write(household: Household, user) -> None:
    _check_unit(household.village or household.commune, user)


def _check_unit(unit: AdminUnit, user) -> None:
    if not (user.can_write and unit_in_scope(unit, user)):
        raise PermissionDenied("Bạn không có quyền ghi dữ liệu của địa bàn này.")


def save_with_history(instance: models.Model, user, reason: str = "", **save_kwargs) -> None:
    """Save and let django-simple-history record who made the change and why."""
    instance._history_user = user
    instance._change_reason = reason or None
    instance.save(**save_kwargs)


# A run or a decision writes a province's statuses at once, with no record per household.
BULK_STATUS_REASON = (
    "Phân loại đã có trước khi sửa, do lượt phân loại hoặc quyết định công nhận ghi cho nhiều hộ "
    "cùng lúc (xem thay đổi hàng loạt trong nhật ký)"
)


def set_current_status(household: Household, status: str, user, reason: str) -> None:
    """Record one household's new current status (a run writes a province's at once,
    `standards.runs`), with who set it and why. A status written in bulk is recorded first as it
    stood, so that the change reads old → new."""
    try:
        current = household.current
    except CurrentStatus.DoesNotExist:
        current = CurrentStatus(household=household)
    if current.status == status and not current._state.adding:
        return
    if not current._state.adding and not current.history.exists():
        current._history_user = None  # the system's record, not the request's user
        CurrentStatus.history.bulk_history_create(
            [current], update=True, default_change_reason=BULK_STATUS_REASON
        )
    current.status = status
    save_with_history(current, user, reason)


def next_household_code(commune: AdminUnit) -> str:
    """The commune's next free code in the registry's form, e.g. 22402-000123."""
    prefix = f"{commune.code}-"
    serials = [
        int(code[len(prefix) :])
        for code in Household.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        if is_digits(code[len(prefix) :])
    ]
    return f"{prefix}{max(serials, default=0) + 1:0{CODE_DIGITS}d}"


def _check_village(village: AdminUnit | None, commune: AdminUnit) -> None:
    if village is not None and village.parent_id != commune.pk:
        raise ValidationError({"village": "Thôn/tổ dân phố không thuộc xã/phường đã chọn."})


def create_household(
    user, *, code: str, commune: AdminUnit, village: AdminUnit | None = None, reason: str = "", **fields
) -> Household:
    if commune.level != Level.COMMUNE:
        raise ValidationError({"commune": "Phải chọn một xã/phường."})
    _check_village(village, commune)
    _check_unit(village or commune, user)
    code = code.strip() or next_household_code(commune)
    household = Household(code=code, province=commune.province, commune=commune, village=village)
    for name in HOUSEHOLD_FIELDS:
        if name in fields:
            setattr(household, name, fields[name])
    household.full_clean()
    household.refresh_search_text()
    save_with_history(household, user, reason)
    return household


def create_household_with_head(
    user, *, commune: AdminUnit, head: dict, code: str = "", village: AdminUnit | None = None, **fields
) -> Household:
    """A new household and its head as first member, in one transaction."""
    head = head | {"relation": Relation.HEAD}
    _validate_new_member(Member(household=Household(commune=commune), **_member_fields(head)), user)
    with transaction.atomic():
        household = create_household(
            user,
            code=code,
            commune=commune,
            village=village,
            reason="Lập hộ mới",
            **(fields | {"head_name": head["full_name"]}),
        )
        add_member(household, user, **head)
    return household


def update_household(household: Household, user, **changes) -> Household:
    check_can_write(household, user)
    if "village" in changes:
        _check_village(changes["village"], household.commune)
        household.village = changes["village"]
        check_can_write(household, user)
    for name, value in changes.items():
        if name in HOUSEHOLD_FIELDS:
            setattr(household, name, value)
    household.full_clean()
    household.refresh_search_text()
    save_with_history(household, user, changes.get("reason", ""))
    return household


def cccd_conflict(cccd: str, *, excluding_member: int | None = None) -> Member | None:
    """The present member of an active household who already holds this CCCD, if any."""
    if not cccd:
        return None
    others = Member.objects.filter(cccd=cccd, status=MemberStatus.PRESENT, household__is_active=True)
    if excluding_member:
        others = others.exclude(pk=excluding_member)
    return others.select_related("household").order_by("pk").first()


def duplicate_cccd_errors(cccd: str, user, *, excluding_member: int | None = None) -> list[str]:
    """The same CCCD may not be a present member of two active households. Who holds it
    is told only when that household lies in the user's area."""
    other = cccd_conflict(cccd, excluding_member=excluding_member)
    if other is None:
        return []
    household = other.household
    if user is None or not unit_in_scope(household.village or household.commune, user):
        return [rules.OUTSIDE_CCCD_MESSAGE]
    return [f"Số CCCD {cccd} đã có ở thành viên {other.full_name} của hộ {household.code}."]


def present_head(household: Household, *, excluding: int | None = None) -> Member | None:
    heads = household.members.filter(relation=Relation.HEAD, status=MemberStatus.PRESENT)
    if excluding:
        heads = heads.exclude(pk=excluding)
    return heads.first()


def _member_fields(fields: dict) -> dict:
    values = {k: v for k, v in fields.items() if k in MEMBER_FIELDS}
    if isinstance(values.get("birth_date"), str):
        values["birth_date"] = dt.date.fromisoformat(values["birth_date"])
    values["cccd"] = (values.get("cccd") or "").strip()
    for name in ("full_name", "ethnicity"):
        if isinstance(values.get(name), str):
            values[name] = rules.clean_text(values[name])
    return values


def _check_relation_age(household: Household, member: Member) -> None:
    if member.relation == Relation.HEAD or not household.pk:
        return
    head = present_head(household, excluding=member.pk)
    errors = rules.relation_age_errors(member.relation, member.birth_date, head.birth_date if head else None)
    if errors:
        raise ValidationError({"relation": errors})


def _validate_new_member(member: Member, user) -> None:
    member.full_clean(exclude=["household"])
    errors = duplicate_cccd_errors(member.cccd, user, excluding_member=member.pk)
    if errors:
        raise ValidationError({"cccd": errors})


def _refuse_second_head(household: Household, member: Member) -> None:
    if member.relation != Relation.HEAD or not household.pk:
        return
    head = present_head(household, excluding=member.pk)
    if head is not None:
        raise ValidationError(
            {
                "relation": f"Quan hệ với chủ hộ: hộ đã có chủ hộ {head.full_name}; mỗi hộ chỉ có một chủ hộ "
                "(dùng “Đặt làm chủ hộ” để đổi)."
            }
        )


def refresh_household(household: Household, user, reason: str = "") -> None:
    """Keep the head's name and the search text in step with the members. Only a new
    head name is a change worth a history row; the search text is derived."""
    head = present_head(household)
    renamed = head is not None and household.head_name != head.full_name
    if renamed:
        household.head_name = head.full_name
    household.refresh_search_text()
    fields = ["head_name", "search_text", "updated_at"]
    if renamed:
        save_with_history(household, user, reason, update_fields=fields)
    else:
        household.save_without_historical_record(update_fields=fields)


def add_member(household: Household, user, reason: str = "", **fields) -> Member:
    check_can_write(household, user)
    member = Member(household=household, **_member_fields(fields))
    _validate_new_member(member, user)
    _refuse_second_head(household, member)
    _check_relation_age(household, member)
    with transaction.atomic():
        save_with_history(member, user, reason or "Thêm thành viên")
        refresh_household(household, user, reason or f"Thêm thành viên {member.full_name}")
    return member


def update_member(member: Member, user, reason: str = "", **changes) -> Member:
    """Correct a member's personal data. The head changes only through `set_head`."""
    household = member.household
    check_can_write(household, user)
    was_head = member.relation == Relation.HEAD
    for name, value in _member_fields(changes).items():
        if name in changes:
            setattr(member, name, value)
    member.full_clean(exclude=["household"])
    if member.status == MemberStatus.PRESENT:
        errors = duplicate_cccd_errors(member.cccd, user, excluding_member=member.pk)
        if errors:
            raise ValidationError({"cccd": errors})
    if was_head and member.relation != Relation.HEAD and member.status == MemberStatus.PRESENT:
        raise ValidationError(
            {
                "relation": "Quan hệ với chủ hộ: không thể bỏ chủ hộ duy nhất của hộ; "
                "hãy đặt một thành viên khác làm chủ hộ trước."
            }
        )
    _refuse_second_head(household, member)
    _check_relation_age(household, member)
    with transaction.atomic():
        save_with_history(member, user, reason or "Sửa thông tin thành viên")
        refresh_household(household, user, reason)
    return member


def set_head(member: Member, user, *, former_head_relation: str = Relation.OTHER) -> Member:
    """Make a present member the head; the former head keeps living in the household."""
    household = member.household
    check_can_write(household, user)
    if member.status != MemberStatus.PRESENT or not household.is_active:
        raise ValidationError("Chỉ thành viên đang sinh sống trong hộ đang hoạt động mới làm chủ hộ được.")
    if former_head_relation == Relation.HEAD or former_head_relation not in Relation.values:
        raise ValidationError({"former_head_relation": "Quan hệ của chủ hộ cũ không hợp lệ."})
    former = present_head(household, excluding=member.pk)
    reason = f"Đổi chủ hộ: {member.full_name}"
    with transaction.atomic():
        if former is not None:
            former.relation = former_head_relation
            save_with_history(former, user, reason)
        member.relation = Relation.HEAD
        save_with_history(member, user, reason)
        refresh_household(household, user, reason)
    return member
