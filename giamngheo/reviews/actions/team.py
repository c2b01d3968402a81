"""Step 0, preparation: the review board and its reviewers.

The team is the commune's decision forming the board, so it changes only while preparation is
the current step; changing it later means reopening that step, with a reason kept in its history."""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.reviews.actions._common import _check_current_step, _save
from giamngheo.reviews.models import BOARD_ROLES, Round, TeamMember, TeamRole
from giamngheo.reviews.permissions import check_round
from giamngheo.reviews.steps import StepCode


def _check_team_formed(round_: Round) -> None:
    roles = set(round_.team.values_list("role", flat=True))
    missing = []
    if not roles & set(BOARD_ROLES):
        missing.append("thành viên Ban chỉ đạo rà soát (Trưởng ban hoặc thành viên)")
    if TeamRole.REVIEWER not in roles:
        missing.append("rà soát viên")
    if missing:
        raise ValidationError(
            f"Chưa thể hoàn thành bước “{StepCode.PREPARE.label}”: chưa có {' và chưa có '.join(missing)}. "
            "Hãy lập Ban chỉ đạo và phân công rà soát viên trước."
        )


def _check_villages(round_: Round, villages: list[AdminUnit]) -> None:
    outside = [v for v in villages if v.level != Level.VILLAGE or v.parent_id != round_.commune_id]
    if outside:
        names = ", ".join(str(v) for v in outside[:5])
        raise ValidationError(f"Thôn/tổ không thuộc {round_.commune}: {names}.")


def add_team_member(
    round_: Round,
    user,
    *,
    full_name: str,
    role: str,
    position: str = "",
    phone: str = "",
    villages: Iterable[AdminUnit] = (),
) -> TeamMember:
    """Step 0: a member of the commune's review board, or a reviewer, with the villages they cover."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.PREPARE)
    villages = list(villages)
    name, phone = " ".join(full_name.split()), phone.strip()
    if not name:
        raise ValidationError("Phải ghi họ và tên thành viên.")
    if role not in TeamRole.values:
        raise ValidationError("Vai trò trong Ban chỉ đạo không hợp lệ.")
    if phone and not re.fullmatch(r"\+?[0-9][0-9 .-]{7,18}", phone):
        raise ValidationError(f"Số điện thoại “{phone}” không hợp lệ.")
    _check_villages(round_, villages)
    chair = round_.team.filter(role=TeamRole.CHAIR).first() if role == TeamRole.CHAIR else None
    if chair is not None:
        raise ValidationError(f"Ban chỉ đạo đã có Trưởng ban ({chair.full_name}); hãy xoá trước khi thay.")
    with transaction.atomic():
        member = _save(
            TeamMember(
                round=round_, full_name=name[:120], role=role, position=position.strip()[:200], phone=phone
            ),
            user,
        )
        if villages:
            member.villages.set(villages)  # a second history row, holding the villages
    return member


def remove_team_member(member: TeamMember, user) -> None:
    """Step 0: take a member off the board or a reviewer off the team; the history keeps them."""
    round_ = member.round
    check_round(round_, user)
    _check_current_step(round_, StepCode.PREPARE)
    member._history_user = user
    with transaction.atomic():
        member.delete()
