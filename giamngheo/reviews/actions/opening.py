"""Opening a periodic round, for a province and its communes or for one commune."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.core.models import BulkChange
from giamngheo.reviews import guards
from giamngheo.reviews.actions._common import _check_standard, _create_steps, _save
from giamngheo.reviews.models import Round, RoundKind, RoundStatus
from giamngheo.reviews.permissions import check_province, check_unit
from giamngheo.reviews.steps import check_periodic_deadlines, default_deadlines, periodic_steps
from giamngheo.reviews.workdays import allowed_posting_days, default_posting_days


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


def open_province_round(
    province: AdminUnit,
    year: int,
    user,
    *,
    standard_id: str,
    second_standard_id: str = "",
    posting_days: int | None = None,
    deadlines: Mapping[str, dt.date] | None = None,
    with_consultation: bool = False,
    standard_override_reason: str = "",
) -> Round:
    """Open a province's periodic round and, in the same action, one round per commune;
    `with_consultation` adds the consultation step before every commune's decision."""
    check_province(province, user)
    if province.level != Level.PROVINCE:
        raise ValidationError("Đợt rà soát cấp tỉnh phải mở cho một tỉnh/thành phố.")
    posting_days = posting_days or default_posting_days()
    override = _check_round_settings(
        year, standard_id, second_standard_id, posting_days, standard_override_reason
    )
    dates = _plan(year, with_consultation, deadlines)
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
        "standard_override_reason": override,
        "opened_by": user,
    }
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
        _audit_override(parent, user, override)
    return parent


def open_commune_round(
    commune: AdminUnit,
    year: int,
    user,
    *,
    standard_id: str,
    second_standard_id: str = "",
    posting_days: int | None = None,
    deadlines: Mapping[str, dt.date] | None = None,
    with_consultation: bool = False,
    standard_override_reason: str = "",
) -> Round:
    """Open a periodic round for one commune (when the province runs no round of its own)."""
    check_unit(commune, user)
    if commune.level != Level.COMMUNE:
        raise ValidationError("Đợt rà soát cấp xã phải mở cho một xã/phường.")
    posting_days = posting_days or default_posting_days()
    override = _check_round_settings(
        year, standard_id, second_standard_id, posting_days, standard_override_reason
    )
    dates = _plan(year, with_consultation, deadlines)
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
                standard_override_reason=override,
                opened_by=user,
            ),
            user,
        )
        _create_steps([round_], periodic_steps(with_consultation), dates, user)
        _audit_override(round_, user, override)
    return round_


def _check_round_settings(
    year: int, standard_id: str, second_standard_id: str, posting_days: int, override_reason: str
) -> str:
    """Check a periodic round's settings; returns the override reason to record ('' if none)."""
    selection = guards.periodic_selection(year)
    _check_standard(standard_id)
    if second_standard_id:
        _check_standard(second_standard_id, "Chuẩn so sánh")
        if second_standard_id == standard_id:
            raise ValidationError("Chuẩn so sánh phải khác chuẩn áp dụng.")
    low, high = allowed_posting_days()
    if not low <= posting_days <= high:
        raise ValidationError(f"Số ngày niêm yết phải từ {low} đến {high} ngày làm việc.")
    return guards.check_standard_in_force(
        standard_id, selection.reference_date, override_reason, "danh sách của đợt rà soát"
    )


def _plan(year: int, with_consultation: bool, deadlines: Mapping[str, dt.date] | None) -> dict[str, dt.date]:
    """The step deadlines (defaults, then the round's own), refused outside the legal window."""
    codes = set(periodic_steps(with_consultation))
    dates = {
        code: day for code, day in (default_deadlines(year) | dict(deadlines or {})).items() if code in codes
    }
    check_periodic_deadlines(year, dates)
    return dates


def _audit_override(round_: Round, user, reason: str) -> None:
    if reason:
        BulkChange.objects.create(
            user=user,
            action="review_standard_override",
            unit=round_.unit,
            description=f"{round_}: áp dụng chuẩn {round_.standard_id} không có hiệu lực vào ngày danh sách "
            f"có hiệu lực. Lý do: {reason}",
            rows=1,
        )
