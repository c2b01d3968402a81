"""Running the review-quality checks for a province: thresholds, dismissals, counts."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped_units, unit_in_scope
from giamngheo.core.frames import in_background
from giamngheo.planning.checks import BY_CODE, CHECKS, FRAME_ANSWERS, Check, read_people, review_standard
from giamngheo.planning.drafts import resolve_standard
from giamngheo.planning.models import CheckThreshold, Dismissal
from giamngheo.standards.province_frame import ProvinceFrame, read_province_frame


@dataclass
class CheckResult:
    check: Check
    threshold: float
    flags: pl.DataFrame  # key, commune_id, household_id, detail, dismissed (reason or null)

    @property
    def open_count(self) -> int:
        return self.flags.filter(pl.col("dismissed").is_null()).height


def _province_of(unit: AdminUnit) -> AdminUnit:
    return unit if unit.level == Level.PROVINCE else unit.province


def communes_in_view(unit: AdminUnit, user) -> list[int]:
    if not unit_in_scope(unit, user):
        raise PermissionDenied("Đơn vị này nằm ngoài địa bàn của bạn.")
    if unit.level == Level.COMMUNE:
        return [unit.pk]
    communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province=_province_of(unit))
    return list(scoped_units(communes, user).values_list("pk", flat=True))


def read_judged_frame(commune_ids: list[int], year: int, compared: Sequence[str] = ()) -> ProvinceFrame:
    """The communes' frame of the year with the answers the checks and the `compared`
    standards (ids, or drafts as `draft:<number>`) read, and the people the same-person check compares read beside it on
    another connection (every member of the province), so that the impact and the other
    checks are computed while it arrives."""
    people = in_background(read_people, list(commune_ids))
    standards = [*(resolve_standard(key) for key in compared), review_standard(year)]
    frame = read_province_frame(commune_ids, year, standards, FRAME_ANSWERS)
    frame.extras["people"] = people
    return frame


def _frame_fits(frame: ProvinceFrame | None, year: int, communes: list[int]) -> bool:
    return (
        frame is not None
        and frame.year == year
        and set(frame.commune_ids) == set(communes)
        and frame.can_classify(review_standard(year))
        and set(FRAME_ANSWERS) <= set(frame.households.columns)
    )


def threshold_of(province: AdminUnit, check: Check) -> float:
    own = CheckThreshold.objects.filter(province=province, check_code=check.code).first()
    return own.value if own else check.default


def run_checks(
    unit: AdminUnit, year: int, user, codes: list[str] | None = None, frame: ProvinceFrame | None = None
) -> list[CheckResult]:
    """`frame`: the province's frame of the year when the caller has read it already (the
    province's planning job shares it with the impact); only the user's communes are judged."""
    communes = communes_in_view(unit, user)
    province = _province_of(unit)
    if not _frame_fits(frame, year, communes):
        frame = read_judged_frame(communes, year)
    dismissed = {
        (d.check_code, d.key): d.reason
        for d in Dismissal.objects.filter(province=province, year=year, commune_id__in=communes)
    }
    results = []
    for check in CHECKS if codes is None else [BY_CODE[c] for c in codes]:
        threshold = threshold_of(province, check)
        flags = check.find(frame, threshold, user) if communes else pl.DataFrame()
        if flags.is_empty():
            flags = pl.DataFrame(
                schema={
                    "key": pl.String,
                    "commune_id": pl.Int64,
                    "household_id": pl.Int64,
                    "detail": pl.String,
                }
            )
        reasons = {key: dismissed.get((check.code, key)) for key in flags["key"].to_list()}
        flags = flags.with_columns(
            pl.col("key").replace_strict(reasons, default=None, return_dtype=pl.String).alias("dismissed")
        )
        results.append(CheckResult(check, threshold, flags.sort("commune_id", "key")))
    return results


def dismiss_flag(
    user, unit: AdminUnit, year: int, code: str, key: str, commune_id: int, reason: str
) -> Dismissal:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Phải ghi lý do bỏ qua cảnh báo."})
    if code not in BY_CODE:
        raise ValidationError({"check": "Không có phép kiểm tra này."})
    commune = AdminUnit.objects.filter(pk=commune_id, level=Level.COMMUNE).first()
    if commune is None or not user.can_write or not unit_in_scope(commune, user):
        raise PermissionDenied("Bạn không có quyền bỏ qua cảnh báo của xã này.")
    with transaction.atomic():
        dismissal = Dismissal(
            province=commune.province, commune=commune, year=year, check_code=code, key=key[:60],
            reason=reason, dismissed_by=user,
        )  # fmt: skip
        dismissal._history_user = user
        dismissal.save()
    return dismissal


def set_threshold(user, province: AdminUnit, code: str, value: float) -> CheckThreshold:
    if code not in BY_CODE:
        raise ValidationError({"check": "Không có phép kiểm tra này."})
    if not (user.can_write and province.level == Level.PROVINCE and unit_in_scope(province, user)):
        raise PermissionDenied("Chỉ cán bộ cấp tỉnh được đặt ngưỡng kiểm tra của tỉnh.")
    if not math.isfinite(value) or value < 0:
        raise ValidationError({"value": "Ngưỡng phải là một số không âm."})
    threshold, _ = CheckThreshold.objects.get_or_create(
        province=province, check_code=code, defaults={"value": value}
    )
    threshold.value = value
    threshold._history_user = user
    threshold.save()
    return threshold
