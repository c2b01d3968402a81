"""Every write of the programs app. Pages, the import and commands call these; each
checks write permission and the area scope, validates with Vietnamese messages naming
the field, and records who made the change (per-row history)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import unit_in_scope
from giamngheo.households.models import Household, Member
from giamngheo.programs.models import (
    Policy,
    ProgrammeBudgetLine,
    QuarantineState,
    ReductionModel,
    SupportRecord,
    Task,
    TaskNote,
    TaskStatus,
    UnmatchedSupport,
)
from giamngheo.programs.support_import import support_fingerprint
from giamngheo.targets.geography import current_commune_of, current_province_of
from giamngheo.targets.models import Plan


def check_unit(unit: AdminUnit, user) -> None:
    if not (user.can_write and unit_in_scope(unit, user)):
        raise PermissionDenied("Bạn không có quyền ghi dữ liệu của địa bàn này.")


def _household_unit(household: Household) -> AdminUnit:
    return household.village or household.commune


def placement(unit: AdminUnit | None, plan: Plan | None) -> tuple[AdminUnit, AdminUnit, AdminUnit | None]:
    """(unit, current province, current commune) of a row attached to a unit or a plan."""
    if unit is None and plan is None:
        raise ValidationError({"unit": "Phải chọn đơn vị hoặc kế hoạch."})
    if unit is None:
        return plan.unit, plan.province, plan.commune
    province = current_province_of(unit)
    if province is None:
        raise ValidationError({"unit": f"Chưa xác định được tỉnh hiện nay của {unit.name}."})
    return unit, province, current_commune_of(unit)


def _check_placed(province: AdminUnit, commune: AdminUnit | None, user) -> None:
    check_unit(commune or province, user)


# Support records -------------------------------------------------------------------


def record_support(
    user,
    *,
    policy: Policy,
    household: Household | None = None,
    member: Member | None = None,
    delivered_on: dt.date,
    amount: Decimal | int | None = None,
    in_kind: str = "",
    reference: str = "",
    agency: str = "",
    document: str = "",
    note: str = "",
) -> tuple[SupportRecord, bool]:
    """Record support delivered; returns (record, created). The same support recorded
    again (same policy, person, date, amount, kind, reference) returns the existing one."""
    if member is not None:
        if household is not None and member.household_id != household.pk:
            raise ValidationError({"member": "Thành viên không thuộc hộ đã chọn."})
        household = member.household
    if household is None:
        raise ValidationError({"household": "Phải chọn hộ hoặc thành viên nhận hỗ trợ."})
    if policy.is_member_policy and member is None:
        raise ValidationError(
            {"member": "Chính sách này hỗ trợ từng người: phải chọn thành viên nhận hỗ trợ."}
        )
    check_unit(_household_unit(household), user)
    errors = {}
    if amount is not None and Decimal(amount) < 0:
        errors["amount"] = "Số tiền không được âm."
    elif amount is not None and Decimal(amount) != Decimal(amount).to_integral_value():
        errors["amount"] = "Số tiền phải là số đồng chẵn."
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = "Ngày hỗ trợ ở tương lai."
    if errors:
        raise ValidationError(errors)
    fingerprint = support_fingerprint(
        policy.pk, household.pk, member.pk if member else None, delivered_on, amount, in_kind, reference
    )
    existing = SupportRecord.objects.filter(fingerprint=fingerprint).first()
    if existing is not None:
        return existing, False
    record = SupportRecord(
        policy=policy,
        household=household,
        member=member,
        delivered_on=delivered_on,
        amount=None if amount is None else Decimal(amount),
        in_kind=in_kind.strip(),
        reference=reference.strip(),
        agency=agency.strip() or policy.agency,
        document=document.strip(),
        note=note.strip(),
        fingerprint=fingerprint,
        created_by=user,
    )
    record.full_clean()
    record._history_user = user
    record.save()
    return record, True


def resolve_unmatched(user, row: UnmatchedSupport, member: Member, note: str = "") -> SupportRecord:
    """An officer found the person of an unmatched row: the support is recorded for them."""
    if row.state != QuarantineState.OPEN:
        raise ValidationError("Dòng này đã được xử lý.")
    with transaction.atomic():
        record, _ = record_support(
            user,
            policy=row.policy,
            member=member,
            delivered_on=row.delivered_on,
            amount=row.amount,
            in_kind=row.in_kind,
            reference=row.reference,
            agency=row.batch.agency,
            document=row.batch.document,
            note=f"Đối chiếu thủ công dòng {row.row_number} tệp {row.batch.file_name}. {note}".strip(),
        )
        row.state = QuarantineState.RESOLVED
        row.record = record
        row.resolution_note = note.strip()
        row.resolved_by = user
        row.resolved_at = timezone.now()
        row.save()
    return record


def dismiss_unmatched(user, row: UnmatchedSupport, note: str) -> UnmatchedSupport:
    """Set a row aside with a reason (kept, never deleted)."""
    check_unit(row.commune or row.province, user)
    if row.state != QuarantineState.OPEN:
        raise ValidationError("Dòng này đã được xử lý.")
    if not note.strip():
        raise ValidationError({"note": "Phải ghi lý do loại bỏ (vd. người không cư trú tại địa bàn)."})
    row.state = QuarantineState.DISMISSED
    row.resolution_note = note.strip()
    row.resolved_by = user
    row.resolved_at = timezone.now()
    row.save()
    return row


# Budget lines ------------------------------------------------------------------------

BUDGET_FIELDS = ("year", "project", "source", "nature", "label", "planned", "allocated", "disbursed", "note")


def save_budget_line(
    user,
    line: ProgrammeBudgetLine | None = None,
    *,
    unit: AdminUnit | None = None,
    plan: Plan | None = None,
    **fields,
) -> ProgrammeBudgetLine:
    """Create or change a budget line. Negative amounts and a disbursement above the
    allocation are refused with the field named; a second line for the same part of
    the same plan/unit and year is refused (change the existing one)."""
    if line is None:
        line = ProgrammeBudgetLine()
        line.unit, line.province, line.commune = placement(unit, plan)
        line.plan = plan
    _check_placed(line.province, line.commune, user)
    for name in BUDGET_FIELDS:
        if name in fields:
            setattr(line, name, fields[name])
    line.source = line.source or ""
    line.nature = line.nature or ""
    line.full_clean()
    twins = ProgrammeBudgetLine.objects.filter(
        year=line.year, project=line.project, source=line.source, nature=line.nature
    ).exclude(pk=line.pk)
    twins = twins.filter(plan=line.plan) if line.plan_id else twins.filter(plan__isnull=True, unit=line.unit)
    if twins.exists():
        raise ValidationError(
            f"Đã có dòng kinh phí {line.part_label} năm {line.year} cho kế hoạch/đơn vị này; hãy sửa dòng đó."
        )
    line._history_user = user
    line.save()
    return line


# Tasks --------------------------------------------------------------------------------

TASK_FIELDS = (
    "number",
    "title",
    "lead_agency",
    "coordinating_agencies",
    "timing",
    "deadline",
    "status",
    "output",
    "project",
)


def save_task(
    user, task: Task | None = None, *, unit: AdminUnit | None = None, plan: Plan | None = None, **fields
) -> Task:
    """Create or change a task. A task without a lead agency is refused."""
    if task is None:
        task = Task()
        task.unit, task.province, task.commune = placement(unit, plan)
        task.plan = plan
    _check_placed(task.province, task.commune, user)
    for name in TASK_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(task, name, value.strip() if isinstance(value, str) else value)
    _track_completion(task)
    task.full_clean()
    task._history_user = user
    task.save()
    return task


def _track_completion(task: Task) -> None:
    if task.status == TaskStatus.DONE and task.completed_on is None:
        task.completed_on = timezone.localdate()
    elif task.status != TaskStatus.DONE:
        task.completed_on = None


def set_task_status(user, task: Task, status: str, note: str = "") -> Task:
    if status not in TaskStatus.values:
        raise ValidationError({"status": "Trạng thái không hợp lệ."})
    with transaction.atomic():
        task = save_task(user, task, status=status)
        if note.strip():
            add_task_note(user, task, note)
    return task


def add_task_note(user, task: Task, text: str, noted_on: dt.date | None = None) -> TaskNote:
    _check_placed(task.province, task.commune, user)
    if not text.strip():
        raise ValidationError({"text": "Phải ghi nội dung tiến độ."})
    return TaskNote.objects.create(
        task=task, text=text.strip(), noted_on=noted_on or timezone.localdate(), author=user
    )


# Poverty-reduction models ---------------------------------------------------------------

MODEL_FIELDS = (
    "name",
    "plan",
    "project",
    "year",
    "budget",
    "commune_poor_share",
    "results",
    "households_escaped",
)


def save_reduction_model(
    user,
    model: ReductionModel | None = None,
    *,
    commune: AdminUnit | None = None,
    households: list[Household] | None = None,
    **fields,
) -> ReductionModel:
    if model is None:
        if commune is None or commune.level != Level.COMMUNE:
            raise ValidationError({"commune": "Phải chọn một xã/phường."})
        model = ReductionModel(commune=commune)
        _, model.province, model.current_commune = placement(commune, None)
    _check_placed(model.province, model.current_commune, user)
    for name in MODEL_FIELDS:
        if name in fields:
            setattr(model, name, fields[name])
    model.full_clean()
    with transaction.atomic():
        model._history_user = user
        model.save()
        if households is not None:
            outside = [
                h for h in households if h.commune_id != (model.current_commune_id or model.commune_id)
            ]
            if outside:
                raise ValidationError({"households": f"Hộ {outside[0].code} không thuộc xã của mô hình."})
            model.households.set(households)
    return model
