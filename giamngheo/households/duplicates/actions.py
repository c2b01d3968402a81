"""Officers' decisions on duplicate pairs, and merging a confirmed pair.

Merging keeps both records: the duplicate stops being a present member, points to
the survivor (`MemberMerge`) and hands over its survey answers and support records;
history records who did it and why.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from giamngheo.areas.scope import scope_for
from giamngheo.households.actions import check_can_write, refresh_household, save_with_history
from giamngheo.households.duplicates.models import (
    DuplicatePair,
    EventKind,
    MemberEvent,
    MemberMerge,
    PairState,
)
from giamngheo.households.membership import close_if_empty
from giamngheo.households.models import Member, MemberStatus, Relation, SurveyMember


def pairs_in_scope(user) -> models.QuerySet:
    """Pairs with at least one of the two members inside the user's area."""
    scope = scope_for(user)
    condition = scope.q(DuplicatePair.AREA_LOOKUPS) | scope.q(DuplicatePair.B_LOOKUPS)
    return DuplicatePair.objects.filter(condition)


def _check_pair(pair: DuplicatePair, user) -> None:
    for member in (pair.member_a, pair.member_b):
        try:
            check_can_write(member.household, user)
        except PermissionDenied as denied:
            raise PermissionDenied("Cặp này có thành viên ngoài địa bàn bạn được ghi dữ liệu.") from denied


def _decide(pair: DuplicatePair, user, state: str, note: str) -> DuplicatePair:
    _check_pair(pair, user)
    if pair.state not in (PairState.OPEN, PairState.CONFIRMED, PairState.DISMISSED):
        raise ValidationError({"state": "Trạng thái: cặp đã gộp, không đổi được nữa."})
    pair.state, pair.note, pair.decided_by, pair.decided_at = state, note, user, timezone.now()
    save_with_history(pair, user, PairState(state).label)
    return pair


def confirm_pair(pair: DuplicatePair, user, note: str = "") -> DuplicatePair:
    return _decide(pair, user, PairState.CONFIRMED, note)


def dismiss_pair(pair: DuplicatePair, user, note: str = "") -> DuplicatePair:
    return _decide(pair, user, PairState.DISMISSED, note)


def merge_pair(pair: DuplicatePair, user, *, survivor: Member, note: str = "") -> MemberMerge:
    """Merge the confirmed pair into `survivor` (one of its two members)."""
    _check_pair(pair, user)
    if pair.state != PairState.CONFIRMED:
        raise ValidationError({"state": "Trạng thái: chỉ gộp được cặp đã xác nhận trùng."})
    if survivor.pk not in (pair.member_a_id, pair.member_b_id):
        raise ValidationError({"survivor": "Bản ghi giữ lại: phải là một trong hai thành viên của cặp."})
    duplicate = pair.member_b if survivor.pk == pair.member_a_id else pair.member_a
    survivor = pair.member_a if survivor.pk == pair.member_a_id else pair.member_b
    _check_mergeable(duplicate, survivor)
    reason = f"Gộp bản ghi trùng vào {survivor.full_name} (#{survivor.pk}, hộ {survivor.household.code})"
    with transaction.atomic():
        _adopt_missing_data(survivor, duplicate, user, reason)
        _repoint_references(duplicate, survivor, user, reason)
        merge = MemberMerge.objects.create(
            member=duplicate, survivor=survivor, pair=pair, previous_status=duplicate.status, merged_by=user
        )
        # The record stays, marked merged; MemberMerge says where the person is recorded now.
        duplicate.status = MemberStatus.MERGED
        save_with_history(duplicate, user, reason)
        MemberEvent.objects.create(
            member=duplicate,
            kind=EventKind.DUPLICATE_MERGED,
            on=dt.date.today(),
            note=note,
            from_household=duplicate.household,
            to_household=survivor.household,
            recorded_by=user,
        )
        pair.state, pair.note = PairState.MERGED, note or pair.note
        save_with_history(pair, user, reason)
        refresh_household(duplicate.household, user, reason)
        if duplicate.household_id != survivor.household_id:
            refresh_household(survivor.household, user, reason)
        close_if_empty(duplicate.household, user, reason)
    return merge


def _check_mergeable(duplicate: Member, survivor: Member) -> None:
    if hasattr(duplicate, "merged_into") or hasattr(survivor, "merged_into"):
        raise ValidationError({"survivor": "Bản ghi giữ lại: một trong hai bản ghi đã được gộp trước đó."})
    if duplicate.cccd and survivor.cccd and duplicate.cccd != survivor.cccd:
        raise ValidationError(
            {"survivor": "Bản ghi giữ lại: hai bản ghi có số CCCD khác nhau, không thể là một người."}
        )
    others = duplicate.household.members.filter(status=MemberStatus.PRESENT).exclude(
        pk__in=[duplicate.pk, survivor.pk]
    )
    if duplicate.relation == Relation.HEAD and duplicate.status == MemberStatus.PRESENT and others.exists():
        raise ValidationError(
            {
                "survivor": "Bản ghi giữ lại: bản ghi bị gộp đang là chủ hộ; hãy chọn giữ lại bản ghi chủ hộ "
                "hoặc đổi chủ hộ trước."
            }
        )


def _adopt_missing_data(survivor: Member, duplicate: Member, user, reason: str) -> None:
    if duplicate.cccd and not survivor.cccd:
        survivor.cccd = duplicate.cccd
        save_with_history(survivor, user, reason)


def _repoint_references(duplicate: Member, survivor: Member, user, reason: str) -> None:
    """Survey answers and any other record pointing to the duplicate (support records...)
    now point to the survivor, with history. A survey that already has the survivor keeps
    the duplicate's answer where it is."""
    for answer in SurveyMember.objects.filter(member=duplicate).exclude(
        survey__member_answers__member=survivor
    ):
        answer.member = survivor
        save_with_history(answer, user, reason, update_fields=["member"])
    for relation in Member._meta.related_objects:
        model = relation.related_model
        if not relation.many_to_one or model is SurveyMember or _is_bookkeeping(model):
            continue
        name = relation.field.name
        for record in model._default_manager.filter(**{name: duplicate}):
            setattr(record, name, survivor)
            if hasattr(model, "history"):
                save_with_history(record, user, reason, update_fields=[name])
            else:
                record.save(update_fields=[name])


def _is_bookkeeping(model) -> bool:
    """Historical rows, duplicate pairs, merges and events describe the past: never re-pointed."""
    return (
        model.__module__ in ("simple_history.models",)
        or model._meta.app_label == "households"
        and (model.__name__.startswith("Historical") or model in (DuplicatePair, MemberMerge, MemberEvent))
    )
