"""Member lifecycle: moving a member to another household, splitting and merging
households, recording a death or a departure. Every write keeps history (who, when,
why) and a dated `MemberEvent`; nothing is deleted.

The rule every function keeps: an active household with present members has exactly
one present head. When the head leaves, the caller names the new head among those who
stay; a household left with no present member becomes inactive.
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.households.actions import (
    check_can_write,
    create_household,
    present_head,
    refresh_household,
    save_with_history,
)
from giamngheo.households.duplicates.models import EventKind, HouseholdMerge, MemberEvent
from giamngheo.households.models import Household, Member, MemberStatus, Relation

DEPARTURES = {EventKind.DIED: MemberStatus.DECEASED, EventKind.MOVED_AWAY: MemberStatus.MOVED_AWAY}


def _check_date(on: dt.date, members: Sequence[Member] = ()) -> None:
    if on > dt.date.today():
        raise ValidationError({"on": "Ngày: không được sau ngày hôm nay."})
    if any(on < m.birth_date for m in members):
        raise ValidationError({"on": "Ngày: không được trước ngày sinh của thành viên."})


def _check_present(members: Sequence[Member], household: Household) -> None:
    for member in members:
        if member.household_id != household.pk:
            raise ValidationError(
                {"members": f"Thành viên: {member.full_name} không thuộc hộ {household.code}."}
            )
        if member.status != MemberStatus.PRESENT:
            raise ValidationError(
                {
                    "members": f"Thành viên: {member.full_name} không còn sinh sống trong hộ ({member.get_status_display()})."
                }
            )


def _check_active(household: Household, field: str) -> None:
    if not household.is_active:
        raise ValidationError({field: f"Hộ {household.code} đã ngừng theo dõi."})


def _check_same_commune(source: Household, target: Household, field: str) -> None:
    if source.commune_id != target.commune_id:
        raise ValidationError({field: f"Hộ {target.code} không cùng xã/phường với hộ {source.code}."})


def _stayers(household: Household, leaving: Sequence[Member]) -> list[Member]:
    gone = {m.pk for m in leaving}
    present = household.members.filter(status=MemberStatus.PRESENT).order_by("pk")
    return [m for m in present if m.pk not in gone]


def _check_new_head(household: Household, leaving: Sequence[Member], new_head: Member | None) -> None:
    """When the head leaves and others stay, one of those who stay must become head."""
    head_leaves = any(m.relation == Relation.HEAD for m in leaving)
    stayers = _stayers(household, leaving)
    if new_head is not None and new_head.pk not in {m.pk for m in stayers}:
        raise ValidationError({"new_head": "Chủ hộ mới: phải là thành viên còn ở lại trong hộ."})
    if head_leaves and stayers and new_head is None:
        raise ValidationError(
            {"new_head": "Chủ hộ mới: chủ hộ rời hộ nên phải chọn một thành viên ở lại làm chủ hộ."}
        )


def _install_head(new_head: Member | None, user, reason: str) -> None:
    if new_head is not None and new_head.relation != Relation.HEAD:
        new_head.relation = Relation.HEAD
        save_with_history(new_head, user, reason)


def close_if_empty(household: Household, user, reason: str) -> None:
    """A household with no present member left becomes inactive."""
    if household.is_active and not household.members.filter(status=MemberStatus.PRESENT).exists():
        household.is_active = False
        save_with_history(household, user, f"{reason}; hộ không còn thành viên đang sinh sống")


def _event(member: Member, kind: str, on: dt.date, note: str, user, source: Household, target=None) -> None:
    MemberEvent.objects.create(
        member=member,
        kind=kind,
        on=on,
        note=note,
        from_household=source,
        to_household=target,
        recorded_by=user,
    )


def _transfer(members: Sequence[Member], target: Household, user, reason: str, relation: str) -> None:
    for member in members:
        member.household = target
        member.relation = relation
        save_with_history(member, user, reason)


def move_member(
    member: Member,
    target: Household,
    user,
    *,
    relation: str,
    on: dt.date,
    note: str = "",
    new_head: Member | None = None,
) -> Member:
    """Move a present member to another active household of the same commune."""
    source = member.household
    check_can_write(source, user)
    check_can_write(target, user)
    if target.pk == source.pk:
        raise ValidationError({"target": "Hộ chuyển đến: phải khác hộ hiện tại."})
    _check_same_commune(source, target, "target")
    _check_active(target, "target")
    _check_present([member], source)
    _check_date(on, [member])
    if relation == Relation.HEAD and present_head(target) is not None:
        raise ValidationError({"relation": f"Quan hệ với chủ hộ: hộ {target.code} đã có chủ hộ."})
    _check_new_head(source, [member], new_head)
    reason = f"Chuyển từ hộ {source.code} sang hộ {target.code}"
    with transaction.atomic():
        _transfer([member], target, user, reason, relation=relation)
        _install_head(new_head, user, reason)
        _event(member, EventKind.MOVED_HOUSEHOLD, on, note, user, source, target)
        refresh_household(target, user, f"{member.full_name} chuyển đến từ hộ {source.code}")
        refresh_household(source, user, f"{member.full_name} chuyển sang hộ {target.code}")
        close_if_empty(source, user, reason)
    return member


def split_household(
    household: Household,
    user,
    *,
    members: Sequence[Member],
    head: Member,
    on: dt.date,
    note: str = "",
    code: str = "",
    address: str | None = None,
    new_head_for_source: Member | None = None,
) -> Household:
    """The selected present members form a new household of the same commune with `head`
    as head; the others keep the old one. Relations to the new head start as "Khác"."""
    check_can_write(household, user)
    _check_active(household, "members")
    members = list(members)
    if not members:
        raise ValidationError({"members": "Thành viên: chọn ít nhất một thành viên tách hộ."})
    _check_present(members, household)
    if head.pk not in {m.pk for m in members}:
        raise ValidationError({"head": "Chủ hộ mới: phải là một trong các thành viên tách hộ."})
    if not _stayers(household, members):
        raise ValidationError({"members": "Thành viên: phải để lại ít nhất một thành viên trong hộ cũ."})
    _check_date(on)
    _check_new_head(household, members, new_head_for_source)
    with transaction.atomic():
        new = create_household(
            user,
            code=code,
            commune=household.commune,
            village=household.village,
            reason=f"Tách từ hộ {household.code}",
            head_name=head.full_name,
            address=household.address if address is None else address,
        )
        reason = f"Tách hộ {household.code} thành hộ mới {new.code}"
        _transfer([m for m in members if m.pk != head.pk], new, user, reason, relation=Relation.OTHER)
        _transfer([head], new, user, reason, relation=Relation.HEAD)
        _install_head(new_head_for_source, user, reason)
        for member in members:
            _event(member, EventKind.SPLIT, on, note, user, household, new)
        refresh_household(new, user, reason)
        refresh_household(household, user, reason)
    return new


def merge_households(
    absorbed: Household, survivor: Household, user, *, on: dt.date, note: str = ""
) -> Household:
    """Move the absorbed household's present members into the survivor (relation "Khác"),
    mark it inactive and record which household it went into."""
    check_can_write(absorbed, user)
    check_can_write(survivor, user)
    if absorbed.pk == survivor.pk:
        raise ValidationError({"survivor": "Hộ tiếp nhận: không thể nhập một hộ vào chính nó."})
    _check_same_commune(absorbed, survivor, "survivor")
    _check_active(absorbed, "absorbed")
    _check_active(survivor, "survivor")
    _check_date(on)
    moving = list(absorbed.members.filter(status=MemberStatus.PRESENT).order_by("pk"))
    reason = f"Nhập hộ {absorbed.code} vào hộ {survivor.code}"
    with transaction.atomic():
        _transfer(moving, survivor, user, reason, relation=Relation.OTHER)
        for member in moving:
            _event(member, EventKind.HOUSEHOLD_MERGED, on, note, user, absorbed, survivor)
        HouseholdMerge.objects.create(absorbed=absorbed, survivor=survivor, note=note, merged_by=user)
        absorbed.is_active = False
        absorbed.refresh_search_text()
        save_with_history(absorbed, user, reason)
        refresh_household(survivor, user, reason)
    return survivor


def record_departure(
    member: Member,
    user,
    *,
    kind: str,
    on: dt.date,
    note: str = "",
    new_head: Member | None = None,
) -> Member:
    """Record a death or a move out of the registry; the member record stays, with its status."""
    household = member.household
    check_can_write(household, user)
    if kind not in DEPARTURES:
        raise ValidationError({"kind": "Sự kiện: chỉ ghi nhận chết hoặc chuyển đi."})
    _check_present([member], household)
    _check_date(on, [member])
    _check_new_head(household, [member], new_head)
    reason = f"{EventKind(kind).label} ngày {on:%d/%m/%Y}" + (f": {note}" if note else "")
    with transaction.atomic():
        member.status = DEPARTURES[kind]
        save_with_history(member, user, reason)
        _install_head(new_head, user, f"Đổi chủ hộ do {member.full_name} {EventKind(kind).label.lower()}")
        _event(member, kind, on, note, user, household)
        refresh_household(household, user, f"{member.full_name}: {reason}")
        close_if_empty(household, user, reason)
    return member
