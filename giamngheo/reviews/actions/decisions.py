"""Step 5: the chairman's decision and the certificates (form 03)."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from giamngheo.core.text import address_with_units
from giamngheo.reviews import guards, listing, snapshots
from giamngheo.reviews.actions._common import (
    CERTIFIED_KINDS,
    _bulk_audit,
    _check_current_step,
    _check_open,
    _close,
    _mark_done,
    _save,
    _today,
)
from giamngheo.reviews.actions.posting import latest_posting
from giamngheo.reviews.models import (
    Certificate,
    ComplaintStatus,
    Decision,
    ListRow,
    ListSnapshot,
    ListStage,
    Round,
    RoundKind,
)
from giamngheo.reviews.permissions import check_round
from giamngheo.reviews.steps import StepCode


def issue_decision(
    round_: Round,
    user,
    *,
    number: str,
    signed_on: dt.date,
    signer: str,
    effective_on: dt.date | None = None,
    standard_override_reason: str = "",
    placeholder_acknowledged_by: str = "",
) -> Decision:
    """Step 5: the chairman's decision; freezes the final lists it points to and carries the
    statuses into the registry from the effective date. A round standard not in force on the
    effective date needs `standard_override_reason`; placeholder B1 tables need the name of who
    acknowledged them (`placeholder_acknowledged_by`); both are printed on the decision."""
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
    override = guards.check_standard_in_force(
        round_.standard_id, effective_on, standard_override_reason, "quyết định công nhận"
    )
    acknowledged_by = guards.check_placeholder_acknowledged(round_.standard_id, placeholder_acknowledged_by)
    with transaction.atomic():
        decision = _save(
            Decision(
                round=round_,
                number=number.strip(),
                signed_on=signed_on,
                signer=signer.strip(),
                effective_on=effective_on,
                standard_override_reason=override,
                placeholder_acknowledged_by=acknowledged_by,
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
        if override:
            _bulk_audit(
                user,
                "review_standard_override",
                round_,
                f"{decision}: áp dụng chuẩn {round_.standard_id} không có hiệu lực vào ngày "
                f"{effective_on:%d/%m/%Y}. Lý do: {override}",
                1,
            )
        if acknowledged_by:
            _bulk_audit(
                user,
                "review_placeholder_acknowledged",
                round_,
                f"{decision}: ban hành trên bảng điểm B1 tạm, người xác nhận: {acknowledged_by}",
                1,
            )
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
