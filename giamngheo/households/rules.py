"""One set of range and format rules for households, members and surveys.

Forms, the API, the import and the command line all apply these (the import as
Polars expressions built from the same patterns), so a value refused on one
entry point is refused on every other, with the same Vietnamese message.
"""

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError

from giamngheo.core.params import ascii_int  # noqa: F401 (one rule set: re-exported)
from giamngheo.households.cccd import cccd_errors

EARLIEST_BIRTH_YEAR = 1900
# 1 billion đồng a month per person is far above any household surveyed for poverty.
MAX_MONTHLY_INCOME = 1_000_000_000
MAX_FLOOR_AREA_M2 = 10_000
# C0 and C1 controls (tab, line feed and carriage return are whitespace, folded by
# `clean_text`) and the bidirectional controls that reorder what a reader sees.
CONTROL_PATTERN = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
CCCD_PATTERN = r"^[0-9]{12}$"
_CONTROL = re.compile(CONTROL_PATTERN)

CONTROL_MESSAGE = "Có ký tự điều khiển hoặc ký tự đảo chiều văn bản không được phép; hãy gõ lại."
CCCD_DIGITS_MESSAGE = "Số CCCD phải gồm đúng 12 chữ số."
FUTURE_BIRTH_MESSAGE = "Ngày sinh ở sau ngày hôm nay."
EARLY_BIRTH_MESSAGE = f"Năm sinh trước {EARLIEST_BIRTH_YEAR} không hợp lệ."
YOUNGER_MESSAGE = "Con/cháu phải sinh sau chủ hộ; hãy kiểm tra ngày sinh hoặc quan hệ với chủ hộ."
OLDER_MESSAGE = "Cha mẹ/ông bà phải sinh trước chủ hộ; hãy kiểm tra ngày sinh hoặc quan hệ với chủ hộ."
# A CCCD held outside the caller's area: neither the name nor the household is told.
OUTSIDE_CCCD_MESSAGE = "Số CCCD đã được dùng ở một hộ ngoài địa bàn của bạn."


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text))


def clean_text(text: str) -> str:
    """NFC, with runs of whitespace folded to one space: one name typed on two keyboards is one name."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_errors(text: str | None) -> list[str]:
    return [CONTROL_MESSAGE] if text and has_control(text) else []


def birth_date_errors(born: dt.date | None, today: dt.date | None = None) -> list[str]:
    if born is None:
        return []
    if born > (today or dt.date.today()):
        return [FUTURE_BIRTH_MESSAGE]
    if born.year < EARLIEST_BIRTH_YEAR:
        return [EARLY_BIRTH_MESSAGE]
    return []


def cccd_format_errors(number: str, born: dt.date | None = None, sex: str | None = None) -> list[str]:
    """The CCCD's structure; only the ASCII digits 0-9 count as digits."""
    if not number:
        return []
    if not re.fullmatch(CCCD_PATTERN, number):
        return [CCCD_DIGITS_MESSAGE]
    return cccd_errors(number, born, sex)


def income_errors(income: int | None) -> list[str]:
    if income is None:
        return []
    if income < 0:
        return ["Thu nhập không được âm."]
    if income > MAX_MONTHLY_INCOME:
        return [
            f"Thu nhập vượt mức hợp lý ({MAX_MONTHLY_INCOME:,} đồng một người một tháng).".replace(",", ".")
        ]
    return []


def floor_area_errors(area: float | None) -> list[str]:
    if area is None:
        return []
    if area < 0:
        return ["Diện tích ở không được âm."]
    if area > MAX_FLOOR_AREA_M2:
        return [f"Diện tích ở vượt mức hợp lý ({MAX_FLOOR_AREA_M2:,} m²).".replace(",", ".")]
    return []


def relation_age_errors(relation: str, born: dt.date | None, head_born: dt.date | None) -> list[str]:
    """A child or grandchild is younger than the head; a parent or grandparent older."""
    if born is None or head_born is None:
        return []
    if relation in ("child", "grandchild") and born <= head_born:
        return [YOUNGER_MESSAGE]
    if relation in ("parent", "grandparent") and born >= head_born:
        return [OLDER_MESSAGE]
    return []


def member_errors(fields: dict, head_born: dt.date | None = None) -> dict[str, list[str]]:
    """Every rule a member's values break, by field name (empty when valid)."""
    errors: dict[str, list[str]] = {}
    for name in ("full_name", "ethnicity"):
        if found := text_errors(fields.get(name)):
            errors[name] = found
    born = fields.get("birth_date")
    if isinstance(born, dt.date) and (found := birth_date_errors(born)):
        errors["birth_date"] = found
    born_date = born if isinstance(born, dt.date) else None
    if found := cccd_format_errors(fields.get("cccd") or "", born_date, fields.get("sex") or None):
        errors["cccd"] = found
    if (relation := fields.get("relation")) and (found := relation_age_errors(relation, born, head_born)):
        errors["relation"] = found
    return errors


def check_member(fields: dict, head_born: dt.date | None = None) -> None:
    if errors := member_errors(fields, head_born):
        raise ValidationError(errors)


def check_texts(fields: dict) -> None:
    """Control characters in any text value (household fields, addresses) are refused."""
    errors = {
        name: CONTROL_MESSAGE
        for name, value in fields.items()
        if isinstance(value, str) and has_control(value)
    }
    if errors:
        raise ValidationError(errors)
