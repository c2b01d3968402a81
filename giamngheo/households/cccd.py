"""Citizen ID (căn cước công dân, CCCD) structure, per Thông tư 59/2021/TT-BCA Điều 7.

12 digits: 3 for the province of birth registration, 1 for century and sex,
2 for the last digits of the birth year, 6 random.
"""

import datetime as dt

# Province codes used in CCCD numbers: the 63 provinces before the 2025 reform.
PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)

_CENTURY_BASE = {1900: 0, 2000: 2, 2100: 4, 2200: 6, 2300: 8}


def century_sex_digit(birth_year: int, sex: str) -> int:
    century = birth_year // 100 * 100
    return _CENTURY_BASE[century] + (1 if sex == "female" else 0)


def make_cccd(province_code: str, birth_year: int, sex: str, serial: int) -> str:
    return (
        f"{province_code}{century_sex_digit(birth_year, sex)}{birth_year % 100:02d}{serial % 1_000_000:06d}"
    )


def cccd_errors(number: str, birth_date: dt.date | None = None, sex: str | None = None) -> list[str]:
    """Reasons, in Vietnamese, why a CCCD is invalid for this person; empty when valid."""
    if not (len(number) == 12 and number.isascii() and number.isdigit()):
        return ["Số CCCD phải gồm đúng 12 chữ số."]
    errors = []
    if number[:3] not in PROVINCE_CODES:
        errors.append(f"Mã tỉnh '{number[:3]}' trong số CCCD không tồn tại.")
    if birth_date is not None:
        if birth_date.year // 100 * 100 not in _CENTURY_BASE:
            errors.append("Năm sinh nằm ngoài phạm vi mã hóa của số CCCD.")
            return errors
        expected = century_sex_digit(birth_date.year, sex or "male")
        digit = int(number[3])
        if sex is None:
            if digit // 2 != expected // 2:
                errors.append("Chữ số thứ 4 của CCCD (thế kỷ) không khớp với năm sinh.")
        elif digit != expected:
            errors.append("Chữ số thứ 4 của CCCD (thế kỷ và giới tính) không khớp với năm sinh và giới tính.")
        if number[4:6] != f"{birth_date.year % 100:02d}":
            errors.append("Chữ số thứ 5-6 của CCCD không khớp với năm sinh.")
    return errors
