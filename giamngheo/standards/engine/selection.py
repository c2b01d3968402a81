"""Which standard a review applies, by rule (`review_rule.yaml` beside this module).

A periodic review held in year Y sets the lists that take effect on 1 January of Y+1, so it
uses the standard in force on that day; an ad-hoc (regular) review uses the standard in force
on its decision date. The rule is data: guidance from the ministry that says otherwise is an
edit of the file, not of code. Pure functions: callers may pass the standards and the rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from giamngheo.standards.engine.catalogue import SAFE_LOADER
from giamngheo.standards.engine.errors import StandardFileError, UnknownStandardError
from giamngheo.standards.engine.standard import Standard

RULE_FILE = Path(__file__).resolve().parent / "review_rule.yaml"
PERIODIC = "periodic"
AD_HOC = "ad_hoc"


class NoStandardForReview(UnknownStandardError):
    """No national standard is in force on the review's reference date (message in Vietnamese)."""


@dataclass(frozen=True)
class ReviewRule:
    years_after_review: int
    month: int
    day: int
    periodic_reason: str
    periodic_reference: str
    ad_hoc_reason: str
    ad_hoc_reference: str
    confirmed: bool
    year_overrides: Mapping[int, Mapping[str, str]]

    def reference_date(self, year: int) -> dt.date:
        """The day the lists of the periodic review of `year` take effect."""
        return dt.date(year + self.years_after_review, self.month, self.day)


@dataclass(frozen=True)
class Selection:
    """The standard a review applies, with the date that decided it and why (in Vietnamese)."""

    standard_id: str
    kind: str
    reference_date: dt.date
    reason: str
    reference: str
    confirmed: bool


@lru_cache(maxsize=1)
def load_rule(path: Path = RULE_FILE) -> ReviewRule:
    try:
        data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        periodic, ad_hoc = data[PERIODIC], data[AD_HOC]
        when = periodic["reference_date"]
        overrides = {int(year): dict(value) for year, value in (data.get("year_overrides") or {}).items()}
        return ReviewRule(
            years_after_review=int(when["years_after_review"]),
            month=int(when["month"]),
            day=int(when["day"]),
            periodic_reason=" ".join(str(periodic["reason"]).split()),
            periodic_reference=" ".join(str(periodic["reference"]).split()),
            ad_hoc_reason=" ".join(str(ad_hoc["reason"]).split()),
            ad_hoc_reference=" ".join(str(ad_hoc["reference"]).split()),
            confirmed=bool(periodic.get("confirmed", False)),
            year_overrides=overrides,
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise StandardFileError(f"{path.name}: the review rule cannot be read ({error})") from None


def _in_force(standards: Sequence[Standard], day: dt.date) -> Standard | None:
    candidates = [s for s in standards if s.national and s.in_force_on(day)]
    return max(candidates, key=lambda s: s.valid_from) if candidates else None


def _all_standards() -> list[Standard]:
    from giamngheo.standards.engine.catalogue import available_standards

    return available_standards()


def _vn_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _existing(standards: Sequence[Standard]) -> str:
    return ", ".join(
        f"{s.id} ({_vn_date(s.valid_from)}–{_vn_date(s.valid_to)})" for s in standards if s.national
    )


def standard_for_periodic_review(
    year: int, standards: Sequence[Standard] | None = None, rule: ReviewRule | None = None
) -> Selection:
    """The standard of the periodic review held in `year`; `NoStandardForReview` when none is in
    force on the day its lists take effect."""
    standards = list(standards) if standards is not None else _all_standards()
    rule = rule or load_rule()
    try:
        day = rule.reference_date(year)
    except (ValueError, OverflowError):
        raise NoStandardForReview(
            f"Năm rà soát {year} không hợp lệ. Các chuẩn hiện có: {_existing(standards)}."
        ) from None
    override = rule.year_overrides.get(year)
    if override:
        known = {s.id for s in standards}
        if override.get("standard") not in known:
            raise NoStandardForReview(
                f"Quy tắc chọn chuẩn năm {year} chỉ định chuẩn “{override.get('standard')}” không tồn tại. "
                f"Các chuẩn hiện có: {_existing(standards)}."
            )
        reason = f"Rà soát định kỳ năm {year} áp dụng chuẩn {override['standard']} theo {override.get('reference', '')}."
        return Selection(
            override["standard"], PERIODIC, day, reason, str(override.get("reference", "")), True
        )
    standard = _in_force(standards, day)
    if standard is None:
        raise NoStandardForReview(
            f"Không có chuẩn nghèo quốc gia nào có hiệu lực vào ngày {_vn_date(day)} cho rà soát định kỳ "
            f"năm {year}. Các chuẩn hiện có: {_existing(standards)}."
        )
    reason = rule.periodic_reason.format(year=year, date=_vn_date(day), standard=standard.id)
    return Selection(standard.id, PERIODIC, day, reason, rule.periodic_reference, rule.confirmed)


def standard_for_adhoc_review(
    decision_date: dt.date, standards: Sequence[Standard] | None = None, rule: ReviewRule | None = None
) -> Selection:
    """The standard of an ad-hoc review decided on `decision_date`."""
    standards = list(standards) if standards is not None else _all_standards()
    rule = rule or load_rule()
    standard = _in_force(standards, decision_date)
    if standard is None:
        raise NoStandardForReview(
            f"Không có chuẩn nghèo quốc gia nào có hiệu lực vào ngày {_vn_date(decision_date)}. "
            f"Các chuẩn hiện có: {_existing(standards)}."
        )
    reason = rule.ad_hoc_reason.format(date=_vn_date(decision_date), standard=standard.id)
    return Selection(standard.id, AD_HOC, decision_date, reason, rule.ad_hoc_reference, rule.confirmed)


def current_season_year(today: dt.date) -> int:
    """The year of the latest periodic review season that has started (1 September) by `today`."""
    return today.year if today >= dt.date(today.year, 9, 1) else today.year - 1
