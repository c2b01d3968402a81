"""Working days and the periodic review window, read from `review_calendar.yaml`.

A working day is Monday to Friday and not a public holiday of Việt Nam (the `holidays`
package knows Tết and the substituted days off). Periodic step deadlines fall between
1 September and 14 December of the review year (QĐ 24/2021/QĐ-TTg, Điều 3).
"""

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import holidays
import yaml

CALENDAR_FILE = Path(__file__).resolve().parent / "review_calendar.yaml"
MORE_THAN_HALF = "more_than_half"
AT_LEAST_HALF = "at_least_half"


@lru_cache(maxsize=1)
def calendar() -> Mapping[str, Any]:
    return yaml.safe_load(CALENDAR_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    country = calendar()["working_days"]["country"]
    return frozenset(holidays.country_holidays(country, years=[year]))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_end(start: dt.date, days: int) -> dt.date:
    """The last day of a window of `days` working days starting on `start` (or on the first
    working day after it)."""
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted >= days:
                return day
        day += dt.timedelta(days=1)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The working day `days` working days after `start` (`start` itself when days is 0)."""
    return start if days <= 0 else working_days_end(start + dt.timedelta(days=1), days)


def previous_working_day(day: dt.date) -> dt.date:
    """`day` if it is a working day, else the working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def periodic_window(year: int) -> tuple[dt.date, dt.date]:
    window = calendar()["periodic_window"]
    start, end = window["from"], window["to"]
    return dt.date(year, start["month"], start["day"]), dt.date(year, end["month"], end["day"])


def default_posting_days() -> int:
    return int(calendar()["posting"]["working_days"])


def allowed_posting_days() -> tuple[int, int]:
    allowed = calendar()["posting"]["allowed"]
    return int(min(allowed)), int(max(allowed))


def meeting_agrees(agreed: int, attendance: int) -> bool:
    """Whether a household's result stands at the village meeting, by the configured majority."""
    if calendar()["meeting_majority"]["rule"] == AT_LEAST_HALF:
        return 2 * agreed >= attendance
    return 2 * agreed > attendance


def majority_text() -> str:
    if calendar()["meeting_majority"]["rule"] == AT_LEAST_HALF:
        return "từ 50% số người tham dự trở lên đồng ý"
    return "trên 50% số người tham dự đồng ý"
