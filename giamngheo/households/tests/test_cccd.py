import datetime as dt

from giamngheo.households.cccd import cccd_errors, make_cccd


def test_valid_cccd_has_no_errors():
    number = make_cccd("056", 1985, "male", 123)
    assert len(number) == 12
    assert cccd_errors(number, dt.date(1985, 3, 1), "male") == []


def test_cccd_must_have_twelve_digits():
    assert any("12 chữ số" in e for e in cccd_errors("05608500012", dt.date(1985, 1, 1), "male"))


def test_unknown_province_code_is_refused():
    assert any("mã tỉnh" in e.lower() for e in cccd_errors("999085000123", dt.date(1985, 1, 1), "male"))


def test_century_and_sex_digit_must_match_birth_date_and_sex():
    number = make_cccd("056", 1985, "male", 1)
    assert cccd_errors(number, dt.date(1985, 1, 1), "female")
    assert cccd_errors(number, dt.date(2005, 1, 1), "male")
