"""The steps of a review round, in legal order (QĐ 24/2021/QĐ-TTg), and their default
deadlines. Deadlines are data of each round: these defaults only prefill them."""

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models

from giamngheo.reviews.workdays import add_working_days, periodic_window, previous_working_day


class StepCode(models.TextChoices):
    APPLICATION = "application", "Tiếp nhận giấy đề nghị (mẫu 01)"
    PREPARE = "prepare", "Chuẩn bị rà soát"
    LIST = "list", "Lập danh sách hộ cần rà soát"
    SURVEY = "survey", "Khảo sát, chấm điểm và phân loại"
    MEETING = "meeting", "Họp dân thôn thống nhất kết quả"
    POSTING = "posting", "Niêm yết công khai danh sách"
    COMPLAINTS = "complaints", "Phúc tra khiếu nại"
    CONSULTATION = "consultation", "Xin ý kiến trước khi ra quyết định"
    DECISION = "decision", "Quyết định công nhận và cấp giấy chứng nhận"
    REPORT = "report", "Báo cáo kết quả lên tỉnh"
    SIGN_OFF = "sign_off", "Tỉnh tổng hợp và phê duyệt"


# Without the optional consultation: `periodic_steps` gives a round's own list.
PERIODIC_STEPS = [
    StepCode.PREPARE,
    StepCode.LIST,
    StepCode.SURVEY,
    StepCode.MEETING,
    StepCode.POSTING,
    StepCode.COMPLAINTS,
    StepCode.DECISION,
    StepCode.REPORT,
    StepCode.SIGN_OFF,
]
AD_HOC_STEPS = [
    StepCode.APPLICATION,
    StepCode.SURVEY,
    StepCode.MEETING,
    StepCode.POSTING,
    StepCode.COMPLAINTS,
    StepCode.DECISION,
]

# Periodic review runs 1 September to 14 December; (month, day) of each step's default deadline.
PERIODIC_DEADLINES: dict[str, tuple[int, int]] = {
    StepCode.PREPARE: (9, 15),
    StepCode.LIST: (9, 30),
    StepCode.SURVEY: (10, 31),
    StepCode.MEETING: (11, 10),
    StepCode.POSTING: (11, 20),
    StepCode.COMPLAINTS: (11, 30),
    StepCode.CONSULTATION: (12, 3),
    StepCode.DECISION: (12, 5),
    StepCode.REPORT: (12, 10),
    StepCode.SIGN_OFF: (12, 14),
}
# Regular (ad-hoc) review: about 7 working days from application to decision.
AD_HOC_DAYS: dict[str, int] = {
    StepCode.APPLICATION: 0,
    StepCode.SURVEY: 3,
    StepCode.MEETING: 5,
    StepCode.POSTING: 8,
    StepCode.COMPLAINTS: 9,
    StepCode.DECISION: 10,
}
# Steps completed by their own action, not by "complete step".
STEPS_WITH_OWN_ACTION = {StepCode.DECISION, StepCode.SIGN_OFF}


def periodic_steps(with_consultation: bool = False) -> list[str]:
    """The periodic steps in order. Before July 2025 the commune chairman asked the district
    chairman's opinion before deciding; districts are gone, so a round takes that consultation
    step (right before the decision) only when it was opened with it."""
    if not with_consultation:
        return list(PERIODIC_STEPS)
    at = PERIODIC_STEPS.index(StepCode.DECISION)
    return [*PERIODIC_STEPS[:at], StepCode.CONSULTATION, *PERIODIC_STEPS[at:]]


def default_deadlines(year: int) -> dict[str, dt.date]:
    """Each step's default deadline, moved back to a working day so it stays in the window."""
    return {
        code: previous_working_day(dt.date(year, month, day))
        for code, (month, day) in PERIODIC_DEADLINES.items()
    }


def ad_hoc_deadlines(applied_on: dt.date) -> dict[str, dt.date]:
    """Deadlines of a regular review, in working days from the application."""
    return {code: add_working_days(applied_on, days) for code, days in AD_HOC_DAYS.items()}


def check_periodic_deadlines(year: int, deadlines: Mapping[str, dt.date | None]) -> None:
    """Refuse a plan with a step deadline outside 1 September - 14 December of the review year."""
    start, end = periodic_window(year)
    for code, day in deadlines.items():
        if day is None:
            continue
        label = StepCode(code).label if code in StepCode.values else code
        if day > end:
            raise ValidationError(
                f"Hạn của bước “{label}” ({day:%d/%m/%Y}) sau ngày {end:%d/%m/%Y}: rà soát định kỳ phải "
                f"hoàn thành từ {start:%d/%m} đến hết {end:%d/%m} hằng năm (Quyết định 24/2021/QĐ-TTg, Điều 3)."
            )
        if day < start:
            raise ValidationError(
                f"Hạn của bước “{label}” ({day:%d/%m/%Y}) trước ngày {start:%d/%m/%Y}, ngày bắt đầu rà soát "
                "định kỳ (Quyết định 24/2021/QĐ-TTg, Điều 3)."
            )
