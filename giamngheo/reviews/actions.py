"""Every state change of a review round, one function each.

Each action checks permission and area scope, then the legal order of the steps and
its own rules, and only then writes, inside one transaction, with the user recorded
in the history. A refusal raises `ValidationError` (or `PermissionDenied`) with a
Vietnamese message before anything is written.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.models import BulkChange
from giamngheo.core.text import address_with_units
from giamngheo.households.models import Household, Status, Survey, SurveyState
from giamngheo.reviews import listing, snapshots
from giamngheo.reviews.models import (
    BOARD_ROLES,
    Certificate,
    Complaint,
    ComplaintSource,
    ComplaintStatus,
    Decision,
    ListingReason,
    ListKind,
    ListRow,
    ListSnapshot,
    ListStage,
    MeetingOutcome,
    MeetingResult,
    Round,
    RoundHousehold,
    RoundKind,
    RoundStatus,
    RoundStep,
    ScreenResult,
    StepDocument,
    StepStatus,
    TeamMember,
    TeamRole,
    VillageMeeting,
)
from giamngheo.reviews.permissions import check_province, check_round, check_unit
from giamngheo.reviews.steps import (
    AD_HOC_STEPS,
    STEPS_WITH_OWN_ACTION,
    StepCode,
    ad_hoc_deadlines,
    default_deadlines,
    periodic_steps,
    working_days_end,
)
from giamngheo.standards import engine
from giamngheo.standards.runs import create_run, execute_run
from giamngheo.standards.survey_classification import classify_survey

CERTIFIED_KINDS = (ListKind.POOR, ListKind.NEAR_POOR)


def _today() -> dt.date:
    return timezone.localdate()


def _check_standard(standard_id: str, label: str = "Chuẩn nghèo") -> None:
    try:
        engine.load_standard(standard_id)
    except Exception as error:
        raise ValidationError(f"{label} “{standard_id}” không tồn tại.") from error


def _check_open(round_: Round) -> None:
    if not round_.is_open:
        raise ValidationError(f"Đợt rà soát đã kết thúc ({round_.get_status_display().lower()}).")


def _step(round_: Round, code: str) -> RoundStep:
    try:
        return round_.steps.get(code=code)
    except RoundStep.DoesNotExist as missing:
        raise ValidationError(f"Đợt rà soát này không có bước “{StepCode(code).label}”.") from missing


def _check_current_step(round_: Round, code: str) -> RoundStep:
    """The step must be pending and every step before it done."""
    _check_open(round_)
    step = _step(round_, code)
    if step.is_done:
        raise ValidationError(f"Bước “{step.get_code_display()}” đã hoàn thành; hãy mở lại bước này trước.")
    earlier = round_.steps.filter(position__lt=step.position).exclude(status=StepStatus.DONE).first()
    if earlier is not None:
        raise ValidationError(
            f"Phải hoàn thành bước “{earlier.get_code_display()}” trước bước “{step.get_code_display()}”."
        )
    return step


def _mark_done(step: RoundStep, user, note: str = "") -> RoundStep:
    step.status = StepStatus.DONE
    step.done_at = timezone.now()
    step.done_by = user
    if note:
        step.note = note
    step._history_user = user
    step.save()
    return step


def _save(instance, user, reason: str = ""):
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


# Opening rounds -------------------------------------------------------------------------


def _refuse_second_open_round(units: Iterable[AdminUnit], year: int) -> None:
    taken = Round.objects.filter(
        unit__in=list(units), year=year, kind=RoundKind.PERIODIC, status=RoundStatus.OPEN
    ).select_related("unit")
    names = [str(r.unit) for r in taken[:5]]
    if names:
        raise ValidationError(
            f"Đã có đợt rà soát định kỳ năm {year} đang thực hiện tại: {', '.join(names)}. "
            "Mỗi đơn vị chỉ có một đợt rà soát định kỳ đang mở trong một năm."
        )


def _create_steps(rounds: list[Round], codes: list[str], deadlines: Mapping[str, dt.date], user) -> None:
    steps = [
        RoundStep(
            round=r,
            code=code,
            position=position,
            planned_date=deadlines.get(code),
            deadline=deadlines.get(code),
        )
        for r in rounds
        for position, code in enumerate(codes, start=1)
    ]
    bulk_create_with_history(steps, RoundStep, default_user=user)


def open_province_round(
    province: AdminUnit,
    year: int,
    user,
    *,
    standard_id: str,
    second_standard_id: str = "",
    posting_days: int = 5,
    deadlines: Mapping[str, dt.date] | None = None,
    with_consultation: bool = False,
) -> Round:
    """Open a province's periodic round and, in the same action, one round per commune;
    `with_consultation` adds the consultation step before every commune's decision."""
    check_province(province, user)
    if province.level != Level.PROVINCE:
        raise ValidationError("Đợt rà soát cấp tỉnh phải mở cho một tỉnh/thành phố.")
    _check_round_settings(standard_id, second_standard_id, posting_days)
    communes = list(
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province=province).order_by("code")
    )
    if not communes:
        raise ValidationError(f"{province} chưa có xã/phường nào để rà soát.")
    _refuse_second_open_round([province, *communes], year)
    settings = {
        "year": year,
        "kind": RoundKind.PERIODIC,
        "standard_id": standard_id,
        "second_standard_id": second_standard_id,
        "posting_days": posting_days,
        "with_consultation": with_consultation,
        "opened_by": user,
    }
    dates = default_deadlines(year) | dict(deadlines or {})
    with transaction.atomic():
        parent = _save(Round(unit=province, province=province, **settings), user)
        children = bulk_create_with_history(
            [Round(unit=c, province=province, commune=c, parent=parent, **settings) for c in communes],
            Round,
            default_user=user,
        )
        if not all(child.pk for child in children):  # backends that do not return ids
            children = list(parent.children.order_by("pk"))
        _create_steps(children, periodic_steps(with_consultation), dates, user)
        BulkChange.objects.create(
            user=user,
            action="open_review_round",
            unit=province,
            description=f"Mở đợt rà soát định kỳ năm {year} cho {len(communes)} xã/phường",
            rows=len(communes),
        )
    return parent


def open_commune_round(
    commune: AdminUnit,
    year: int,
    user,
    *,
    standard_id: str,
    second_standard_id: str = "",
    posting_days: int = 5,
    deadlines: Mapping[str, dt.date] | None = None,
    with_consultation: bool = False,
) -> Round:
    """Open a periodic round for one commune (when the province runs no round of its own)."""
    check_unit(commune, user)
    if commune.level != Level.COMMUNE:
        raise ValidationError("Đợt rà soát cấp xã phải mở cho một xã/phường.")
    _check_round_settings(standard_id, second_standard_id, posting_days)
    _refuse_second_open_round([commune], year)
    with transaction.atomic():
        round_ = _save(
            Round(
                unit=commune,
                province=commune.province,
                commune=commune,
                year=year,
                kind=RoundKind.PERIODIC,
                standard_id=standard_id,
                second_standard_id=second_standard_id,
                posting_days=posting_days,
                with_consultation=with_consultation,
                opened_by=user,
            ),
            user,
        )
        dates = default_deadlines(year) | dict(deadlines or {})
        _create_steps([round_], periodic_steps(with_consultation), dates, user)
    return round_


def _check_round_settings(standard_id: str, second_standard_id: str, posting_days: int) -> None:
    _check_standard(standard_id)
    if second_standard_id:
        _check_standard(second_standard_id, "Chuẩn so sánh")
        if second_standard_id == standard_id:
            raise ValidationError("Chuẩn so sánh phải khác chuẩn áp dụng.")
    if not 1 <= posting_days <= 30:
        raise ValidationError("Số ngày niêm yết phải từ 1 đến 30 ngày làm việc.")


def open_adhoc_review(household: Household, user, *, applied_on: dt.date, note: str = "") -> Round:
    """Regular review of one household that filed form 01 (to enter or to leave the lists)."""
    check_unit(household.commune, user)
    if not note.strip():
        raise ValidationError("Phải ghi nội dung đề nghị của hộ (mẫu 01).")
    if applied_on > _today():
        raise ValidationError("Ngày nộp giấy đề nghị không được sau ngày hôm nay.")
    if Round.objects.filter(kind=RoundKind.AD_HOC, household=household, status=RoundStatus.OPEN).exists():
        raise ValidationError("Hộ này đang có một đợt rà soát thường xuyên chưa kết thúc.")
    try:
        standard = engine.standard_in_force(applied_on)
    except Exception as error:
        raise ValidationError("Không có chuẩn nghèo nào có hiệu lực vào ngày nộp đơn.") from error
    commune = household.commune
    with transaction.atomic():
        round_ = _save(
            Round(
                unit=commune,
                province=commune.province,
                commune=commune,
                year=applied_on.year,
                kind=RoundKind.AD_HOC,
                standard_id=standard.id,
                household=household,
                applied_on=applied_on,
                application_note=note.strip(),
                posting_days=3,
                opened_by=user,
            ),
            user,
        )
        _create_steps([round_], AD_HOC_STEPS, ad_hoc_deadlines(applied_on), user)
        _mark_done(_step(round_, StepCode.APPLICATION), user, "Đã tiếp nhận giấy đề nghị (mẫu 01).")
        _save(
            RoundHousehold(
                round=round_,
                household=household,
                reason=ListingReason.REQUEST,
                previous_status=household.current_status,
            ),
            user,
        )
    return round_


def refuse_adhoc_review(round_: Round, user, reason: str) -> Round:
    """Answer the applicant in writing, with reasons, instead of a decision."""
    check_round(round_, user)
    _check_open(round_)
    if round_.kind != RoundKind.AD_HOC:
        raise ValidationError("Chỉ đợt rà soát thường xuyên mới có thể từ chối bằng văn bản.")
    if not reason.strip():
        raise ValidationError("Phải ghi rõ lý do từ chối.")
    round_.status = RoundStatus.REFUSED
    round_.refusal_reason = reason.strip()
    round_.closed_at = timezone.now()
    return _save(round_, user, "Từ chối bằng văn bản")


# Steps ------------------------------------------------------------------------------------


def complete_step(step: RoundStep, user, note: str = "") -> RoundStep:
    """Mark a step done once every step before it is done and its own work is finished."""
    round_ = step.round
    check_round(round_, user)
    if step.code in STEPS_WITH_OWN_ACTION:
        raise ValidationError(
            f"Bước “{step.get_code_display()}” được hoàn thành bằng thao tác riêng của bước."
        )
    step = _check_current_step(round_, step.code)
    _check_step_work_done(round_, step.code)
    with transaction.atomic():
        return _mark_done(step, user, note)


def _check_step_work_done(round_: Round, code: str) -> None:
    households = round_.households.exclude(screen_result=ScreenResult.EXCLUDED)
    if code == StepCode.PREPARE:
        _check_team_formed(round_)
    if code == StepCode.LIST and not round_.households.exists():
        raise ValidationError("Danh sách hộ cần rà soát đang trống; hãy lập danh sách trước.")
    if code == StepCode.SURVEY:
        missing = households.filter(computed_status="").count()
        if missing:
            raise ValidationError(f"Còn {missing} hộ chưa có kết quả phân loại; hãy khảo sát và phân loại.")
    if code == StepCode.MEETING:
        missing = households.exclude(meeting_outcome=MeetingOutcome.AGREED).count()
        if missing:
            raise ValidationError(f"Còn {missing} hộ chưa được họp thôn thống nhất (hoặc phải khảo sát lại).")
    if code == StepCode.POSTING:
        posting = latest_posting(round_)
        if posting is None:
            raise ValidationError("Chưa niêm yết danh sách dự kiến.")
        if posting.posted_until >= _today():
            raise ValidationError(
                f"Danh sách còn niêm yết đến hết ngày {posting.posted_until:%d/%m/%Y}; "
                "chưa thể kết thúc bước niêm yết."
            )
    if code == StepCode.COMPLAINTS:
        waiting = round_.complaints.filter(status=ComplaintStatus.RECEIVED).count()
        if waiting:
            raise ValidationError(f"Còn {waiting} khiếu nại chưa được trả lời.")


def reopen_step(step: RoundStep, user, reason: str) -> RoundStep:
    """Reopen a done step; the reason stays in its history."""
    round_ = step.round
    check_round(round_, user)
    _check_open(round_)
    if not reason.strip():
        raise ValidationError("Phải ghi lý do mở lại bước.")
    if not step.is_done:
        raise ValidationError("Bước này chưa hoàn thành nên không cần mở lại.")
    if step.code in STEPS_WITH_OWN_ACTION:
        raise ValidationError(f"Không thể mở lại bước “{step.get_code_display()}”.")
    later = round_.steps.filter(position__gt=step.position, status=StepStatus.DONE).last()
    if later is not None:
        raise ValidationError(
            f"Bước sau (“{later.get_code_display()}”) đã hoàn thành; hãy mở lại bước đó trước."
        )
    step.status = StepStatus.PENDING
    step.reopen_reason = reason.strip()
    step.done_at = None
    step.done_by = None
    with transaction.atomic():
        return _save(step, user, f"Mở lại: {reason.strip()}")


def attach_document(step: RoundStep, user, *, title: str, file) -> StepDocument:
    check_round(step.round, user)
    if not title.strip():
        raise ValidationError("Phải ghi tên tài liệu.")
    return _save(StepDocument(step=step, title=title.strip(), file=file, uploaded_by=user), user)


# 0. Preparation: the review board and its reviewers ----------------------------------------
# The team is the commune's decision forming the board, so it changes only while preparation is
# the current step; changing it later means reopening that step, with a reason kept in its history.


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


# 1. Listing and 2. classification ---------------------------------------------------------


def list_round_households(round_: Round, user) -> int:
    """Step 1: list households on the current lists and those surveyed this year."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.LIST)
    if round_.kind != RoundKind.PERIODIC:
        raise ValidationError("Đợt rà soát thường xuyên chỉ có hộ đã nộp giấy đề nghị.")
    with transaction.atomic():
        added = listing.list_households([round_])
        _bulk_audit(user, "review_list_households", round_, f"Lập danh sách rà soát: {added} hộ", added)
    return added


def add_household_to_round(round_: Round, user, household: Household, reason: str) -> RoundHousehold:
    """Step 1: a household that filed a request or that reviewers detected."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.LIST)
    if household.commune_id != round_.commune_id:
        raise ValidationError("Hộ không thuộc xã/phường của đợt rà soát.")
    if reason not in (ListingReason.REQUEST, ListingReason.DETECTED):
        raise ValidationError("Lý do đưa vào danh sách không hợp lệ.")
    if round_.households.filter(household=household).exists():
        raise ValidationError("Hộ đã có trong danh sách rà soát.")
    return _save(
        RoundHousehold(
            round=round_, household=household, reason=reason, previous_status=household.current_status
        ),
        user,
    )


def record_quick_screen(entry: RoundHousehold, user, *, excluded: bool) -> RoundHousehold:
    """Quick screening (phiếu A): a clearly non-poor household skips the full survey."""
    round_ = entry.round
    check_round(round_, user)
    _check_current_step(round_, StepCode.SURVEY)
    entry.screen_result = ScreenResult.EXCLUDED if excluded else ScreenResult.PASSED
    if excluded:
        entry.computed_status = entry.final_status = Status.NOT_POOR
        entry.meeting_outcome = MeetingOutcome.AGREED
    return _save(entry, user, "Sàng lọc nhanh (phiếu A)")


def classify_round(round_: Round, user) -> int:
    """Step 2: classify the latest surveys under the round's standard (and the comparison
    standard when the round has one); returns the households given a result."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.SURVEY)
    with transaction.atomic():
        if round_.kind == RoundKind.AD_HOC:
            return _classify_applicant(round_, user)
        return classify_rounds([round_], round_.commune, user)


def classify_rounds(rounds: list[Round], unit: AdminUnit, user) -> int:
    """One official run over the unit (a commune, or the province for all its commune rounds)."""
    first = rounds[0]
    run = execute_run(create_run(unit, first.year, user, standard_id=first.standard_id))
    applied = listing.apply_run(rounds, run)
    if first.second_standard_id:
        comparison = execute_run(
            create_run(
                unit,
                first.year,
                user,
                standard_id=first.standard_id,
                second_standard_id=first.second_standard_id,
            )
        )
        listing.apply_comparison(rounds, comparison, first.second_standard_id)
    return applied


def _classify_applicant(round_: Round, user) -> int:
    entry = round_.households.get()
    survey = (
        Survey.objects.filter(
            household=entry.household, state=SurveyState.SUBMITTED, survey_date__gte=round_.applied_on
        )
        .order_by("-survey_date", "-version")
        .first()
    )
    if survey is None:
        raise ValidationError("Hộ chưa có phiếu khảo sát đã nộp từ ngày nộp giấy đề nghị.")
    result = classify_survey(survey, user, standard_id=round_.standard_id)
    entry.computed_status = result.status
    if entry.meeting_outcome == MeetingOutcome.SENT_BACK:
        entry.meeting_outcome, entry.meeting_status = "", ""
    entry.final_status = entry.meeting_status or result.status
    _save(entry, user, "Phân loại theo phiếu khảo sát")
    return 1


# 3. Village meeting -----------------------------------------------------------------------


def record_meeting(
    round_: Round,
    user,
    *,
    held_on: dt.date,
    attendance: int,
    village: AdminUnit | None = None,
    votes: Mapping[int, int] | None = None,
    overrides: Mapping[int, tuple[str, str]] | None = None,
    chaired_by: str = "",
    note: str = "",
    minutes=None,
) -> VillageMeeting:
    """Step 3: the meeting's vote on each household of the village still waiting for one.

    `votes` maps a household id to the number of attendees who agreed (a household not in it
    was agreed by everyone); `overrides` maps a household id to (class decided by the meeting,
    reason). A household with fewer than half the attendees agreeing goes back to the survey."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.MEETING)
    votes, overrides = dict(votes or {}), dict(overrides or {})
    if attendance < 1:
        raise ValidationError("Số người tham dự phải lớn hơn 0.")
    if held_on > _today():
        raise ValidationError("Ngày họp không được sau ngày hôm nay.")
    if village is not None and village.parent_id != round_.commune_id:
        raise ValidationError("Thôn/tổ không thuộc xã/phường của đợt rà soát.")
    waiting = round_.households.exclude(screen_result=ScreenResult.EXCLUDED).exclude(
        meeting_outcome=MeetingOutcome.AGREED
    )
    if village is not None:
        waiting = waiting.filter(household__village=village)
    entries = list(waiting.select_related("household"))
    if not entries:
        raise ValidationError("Không còn hộ nào chờ họp thôn ở địa bàn này.")
    by_household = {e.household_id: e for e in entries}
    unknown = (set(votes) | set(overrides)) - set(by_household)
    if unknown:
        raise ValidationError("Có hộ không thuộc danh sách chờ họp của thôn này.")
    for household_id, agreed in votes.items():
        if not 0 <= agreed <= attendance:
            raise ValidationError(
                f"Số người đồng ý của hộ {by_household[household_id].household.head_name} "
                f"phải từ 0 đến {attendance}."
            )
    for household_id, (status, reason) in overrides.items():
        if status not in Status.values:
            raise ValidationError("Phân loại do cuộc họp quyết định không hợp lệ.")
        if not reason.strip():
            raise ValidationError(
                f"Phải ghi lý do điều chỉnh phân loại của hộ {by_household[household_id].household.head_name}."
            )
    unclassified = [e for e in entries if not e.computed_status]
    if unclassified:
        raise ValidationError(f"Còn {len(unclassified)} hộ chưa có kết quả phân loại để đưa ra họp.")

    with transaction.atomic():
        meeting = _save(
            VillageMeeting(
                round=round_,
                village=village,
                held_on=held_on,
                attendance=attendance,
                chaired_by=chaired_by.strip(),
                note=note.strip(),
                recorded_by=user,
                **({"minutes": minutes} if minutes else {}),
            ),
            user,
        )
        results = []
        for entry in entries:
            agreed = votes.get(entry.household_id, attendance)
            proposed, reason = overrides.get(entry.household_id, (entry.computed_status, ""))
            outcome = MeetingOutcome.AGREED if 2 * agreed >= attendance else MeetingOutcome.SENT_BACK
            results.append(
                MeetingResult(
                    meeting=meeting,
                    round_household=entry,
                    computed_status=entry.computed_status,
                    proposed_status=proposed,
                    override_reason=reason.strip(),
                    agreed=agreed,
                    not_agreed=attendance - agreed,
                    outcome=outcome,
                )
            )
            entry.meeting_outcome = outcome
            if outcome == MeetingOutcome.AGREED:
                entry.meeting_status = proposed if proposed != entry.computed_status else ""
                entry.final_status = proposed
        bulk_create_with_history(results, MeetingResult, default_user=user)
        RoundHousehold.objects.bulk_update(entries, ["meeting_outcome", "meeting_status", "final_status"])
    return meeting


# 4. Posting and complaints ---------------------------------------------------------------


def latest_posting(round_: Round) -> ListSnapshot | None:
    return round_.snapshots.filter(stage=ListStage.PRELIMINARY).order_by("-version", "kind").first()


def post_preliminary_lists(round_: Round, user, *, starts_on: dt.date | None = None) -> int:
    """Step 4: freeze and post the six lists for the round's posting window; returns the version."""
    check_round(round_, user)
    _check_current_step(round_, StepCode.POSTING)
    start = starts_on or _today()
    current = latest_posting(round_)
    if current is not None and current.posted_until >= _today():
        raise ValidationError(f"Danh sách đang niêm yết đến hết ngày {current.posted_until:%d/%m/%Y}.")
    if start > _today():
        raise ValidationError("Ngày bắt đầu niêm yết không được sau ngày hôm nay.")
    until = working_days_end(start, round_.posting_days)
    with transaction.atomic():
        version = snapshots.build_snapshots(
            [round_], ListStage.PRELIMINARY, posted_from=start, posted_until=until
        )
        _bulk_audit(
            user, "review_post_lists", round_, f"Niêm yết danh sách phiên bản {version[round_.pk]}", 6
        )
    return version[round_.pk]


def receive_complaint(
    round_: Round,
    user,
    *,
    complainant_name: str,
    text: str,
    source: str = ComplaintSource.OFFICE,
    complainant_phone: str = "",
    household_text: str = "",
    round_household: RoundHousehold | None = None,
    received_on: dt.date | None = None,
) -> Complaint:
    """A complaint received during the posting window (at the office, or from the public
    portal, where `user` is None)."""
    if user is not None:
        check_round(round_, user)
    _check_open(round_)
    received = received_on or _today()
    if Decision.objects.filter(round=round_).exists():
        raise ValidationError("Quyết định công nhận đã ban hành; không tiếp nhận khiếu nại trong đợt này.")
    posting = latest_posting(round_)
    if posting is None:
        raise ValidationError("Danh sách chưa được niêm yết; chưa tiếp nhận khiếu nại.")
    if not posting.posted_from <= received <= posting.posted_until:
        raise ValidationError(
            f"Đã hết thời hạn tiếp nhận khiếu nại: danh sách niêm yết từ {posting.posted_from:%d/%m/%Y} "
            f"đến {posting.posted_until:%d/%m/%Y}."
        )
    if not complainant_name.strip() or not text.strip():
        raise ValidationError("Phải ghi họ tên người khiếu nại và nội dung khiếu nại.")
    if round_household is not None and round_household.round_id != round_.pk:
        raise ValidationError("Hộ được khiếu nại không thuộc đợt rà soát này.")
    complaint = Complaint(
        round=round_,
        round_household=round_household,
        source=source,
        complainant_name=complainant_name.strip()[:120],
        complainant_phone=complainant_phone.strip()[:20],
        household_text=household_text.strip()[:200],
        text=text.strip(),
        received_on=received,
        deadline=working_days_end(received + dt.timedelta(days=1), round_.complaint_answer_days),
    )
    return _save(complaint, user)


def answer_complaint(
    complaint: Complaint, user, *, answer: str, recheck_note: str = "", new_status: str = ""
) -> Complaint:
    """Re-check and answer a complaint; the re-check may change the household's class before the decision."""
    round_ = complaint.round
    check_round(round_, user)
    _check_open(round_)
    if Decision.objects.filter(round=round_).exists():
        raise ValidationError("Quyết định công nhận đã ban hành; không thể thay đổi kết quả.")
    if complaint.status == ComplaintStatus.ANSWERED:
        raise ValidationError("Khiếu nại này đã được trả lời.")
    if not answer.strip():
        raise ValidationError("Phải ghi nội dung trả lời.")
    if new_status and new_status not in Status.values:
        raise ValidationError("Phân loại sau phúc tra không hợp lệ.")
    if new_status and complaint.round_household is None:
        raise ValidationError("Khiếu nại chưa gắn với hộ cụ thể nên không thể đổi phân loại.")
    with transaction.atomic():
        entry = complaint.round_household
        if new_status and entry is not None and new_status != entry.final_status:
            complaint.status_before, complaint.status_after = entry.final_status, new_status
            entry.final_status = new_status
            _save(entry, user, f"Phúc tra khiếu nại #{complaint.pk}")
        complaint.answer = answer.strip()
        complaint.recheck_note = recheck_note.strip()
        complaint.status = ComplaintStatus.ANSWERED
        complaint.answered_on = _today()
        complaint.answered_by = user
        return _save(complaint, user)


# 5. Decision and certificates -------------------------------------------------------------


def issue_decision(
    round_: Round,
    user,
    *,
    number: str,
    signed_on: dt.date,
    signer: str,
    effective_on: dt.date | None = None,
) -> Decision:
    """Step 5: the chairman's decision; freezes the final lists it points to and carries the
    statuses into the registry from the effective date."""
    check_round(round_, user)
    _check_open(round_)
    posting = latest_posting(round_)
    if posting is not None and posting.posted_until >= _today():
        raise ValidationError(
            f"Danh sách còn trong thời gian niêm yết (đến hết ngày {posting.posted_until:%d/%m/%Y}); "
            "chưa được ban hành quyết định công nhận."
        )
    step = _check_current_step(round_, StepCode.DECISION)
    if posting is None:
        raise ValidationError("Danh sách chưa được niêm yết công khai.")
    waiting = round_.complaints.filter(status=ComplaintStatus.RECEIVED).count()
    if waiting:
        raise ValidationError(f"Còn {waiting} khiếu nại chưa được trả lời.")
    if not number.strip() or not signer.strip():
        raise ValidationError("Phải ghi số quyết định và người ký.")
    if signed_on > _today():
        raise ValidationError("Ngày ký không được sau ngày hôm nay.")
    if signed_on < posting.posted_until:
        raise ValidationError("Ngày ký quyết định phải sau khi kết thúc niêm yết.")
    if effective_on is None:
        effective_on = dt.date(round_.year + 1, 1, 1) if round_.kind == RoundKind.PERIODIC else signed_on
    with transaction.atomic():
        decision = _save(
            Decision(
                round=round_,
                number=number.strip(),
                signed_on=signed_on,
                signer=signer.strip(),
                effective_on=effective_on,
                list_version=0,
                created_by=user,
            ),
            user,
        )
        versions = snapshots.build_snapshots([round_], ListStage.FINAL, decision=decision)
        decision.list_version = versions[round_.pk]
        _save(decision, user)
        listing.carry_into_registry(decision)
        _mark_done(step, user, f"Quyết định số {decision.number}")
        if step == round_.steps.order_by("-position").first():
            _close(round_, user)
        _bulk_audit(user, "review_decision", round_, str(decision), round_.households.count())
    return decision


def final_lists(decision: Decision) -> dict[str, ListSnapshot]:
    return {s.kind: s for s in decision.snapshots.filter(version=decision.list_version)}


def issue_certificates(round_: Round, user, household_ids: Iterable[int] | None = None) -> list[Certificate]:
    """Form 03 for households on the final poor and near-poor lists (all of them when no ids
    are given); households already certified by this decision are skipped."""
    check_round(round_, user)
    decision = Decision.objects.filter(round=round_).first()
    if decision is None:
        raise ValidationError("Chưa có quyết định công nhận; chưa thể cấp giấy chứng nhận.")
    rows = ListRow.objects.filter(
        snapshot__decision=decision,
        snapshot__version=decision.list_version,
        snapshot__kind__in=CERTIFIED_KINDS,
    )
    eligible = {r.household_id: r for r in rows}
    wanted = list(eligible) if household_ids is None else list(dict.fromkeys(household_ids))
    outside = [pk for pk in wanted if pk not in eligible]
    if outside:
        raise ValidationError(
            f"{len(outside)} hộ không có trong danh sách hộ nghèo, hộ cận nghèo chính thức; "
            "không cấp giấy chứng nhận."
        )
    done = set(decision.certificates.values_list("household_id", flat=True))
    todo = sorted((pk for pk in wanted if pk not in done), key=lambda pk: eligible[pk].position)
    first_number = decision.certificates.count() + 1
    commune = round_.commune
    valid_to = dt.date(decision.effective_on.year, 12, 31)
    certificates = [
        Certificate(
            decision=decision,
            household_id=pk,
            number=f"{first_number + i:04d}/{round_.year}/GCN-{commune.code}",
            status=eligible[pk].status,
            head_name=eligible[pk].head_name,
            address=address_with_units(eligible[pk].address, eligible[pk].village_name, commune.name),
            valid_from=decision.effective_on,
            valid_to=valid_to,
        )
        for i, pk in enumerate(todo)
    ]
    with transaction.atomic():
        return bulk_create_with_history(certificates, Certificate, default_user=user)


# 6. Reporting up --------------------------------------------------------------------------


def submit_report(round_: Round, user, note: str = "") -> RoundStep:
    """The commune reports its results to the province."""
    check_round(round_, user)
    step = _check_current_step(round_, StepCode.REPORT)
    with transaction.atomic():
        return _mark_done(step, user, note or "Đã báo cáo kết quả lên tỉnh")


def province_sign_off(round_: Round, user, note: str = "") -> Round:
    """The province consolidates and approves: every commune round must have reported."""
    check_province(round_.province, user)
    _check_open(round_)
    if round_.parent_id:
        raise ValidationError("Xã/phường này thuộc đợt rà soát cấp tỉnh; hãy phê duyệt ở đợt cấp tỉnh.")
    children = [round_] if not round_.is_province_round else list(round_.children.select_related("unit"))
    missing = [
        child
        for child in children
        if not child.steps.filter(code=StepCode.REPORT, status=StepStatus.DONE).exists()
    ]
    if missing:
        names = ", ".join(str(child.unit) for child in missing[:5])
        more = f" và {len(missing) - 5} đơn vị khác" if len(missing) > 5 else ""
        raise ValidationError(f"Chưa thể phê duyệt: {names}{more} chưa báo cáo kết quả.")
    with transaction.atomic():
        for child in children:
            _mark_done(_check_current_step(child, StepCode.SIGN_OFF), user, note or "Tỉnh đã phê duyệt")
            if child.pk != round_.pk:
                _close(child, user)
        _close(round_, user)
    return round_


def _close(round_: Round, user) -> None:
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    _save(round_, user, "Kết thúc đợt rà soát")


def _bulk_audit(user, action: str, round_: Round, description: str, rows: int) -> None:
    BulkChange.objects.create(
        user=user, action=action, unit=round_.unit, description=f"{round_}: {description}", rows=rows
    )
