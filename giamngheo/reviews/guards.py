"""The checks that keep a round on the standard the law expects, shared by the actions.

A periodic round's lists take effect on 1 January of the next year, an ad-hoc round's on its
decision date; the standard must be in force on that day unless an officer overrides it with a
written reason (kept in the round's or decision's history, in the audit log and on the decision).
Issuing a decision on placeholder B1 tables needs a named acknowledgement.
"""

import datetime as dt

from django.core.exceptions import ValidationError

from giamngheo.standards import engine


def periodic_selection(year: int) -> engine.Selection:
    """The standard of the periodic review of `year`, or a refusal naming the year and the standards."""
    try:
        return engine.standard_for_periodic_review(year)
    except engine.NoStandardForReview as error:
        raise ValidationError(str(error)) from None


def check_standard_in_force(standard_id: str, effective_on: dt.date, reason: str, what: str) -> str:
    """The override reason to record ('' when none is needed); refused when the standard is not
    in force on `effective_on` and no reason is written."""
    standard = engine.load_standard(standard_id)
    if standard.in_force_on(effective_on):
        return ""
    if not reason.strip():
        raise ValidationError(
            f"Chuẩn {standard_id} không có hiệu lực vào ngày {effective_on:%d/%m/%Y}, ngày {what} có hiệu lực "
            f"(chuẩn này áp dụng từ {standard.valid_from:%d/%m/%Y} đến {standard.valid_to:%d/%m/%Y}). "
            "Muốn vẫn áp dụng chuẩn này, phải ghi rõ lý do (sẽ được lưu vết và in trên quyết định)."
        )
    return reason.strip()


def check_placeholder_acknowledged(standard_id: str, acknowledged_by: str) -> str:
    """The name of who acknowledged issuing on placeholder B1 tables ('' when the tables are official)."""
    if not engine.rests_on_placeholder_tables(engine.load_standard(standard_id)):
        return ""
    if not " ".join(acknowledged_by.split()):
        raise ValidationError(
            f"Bảng điểm phiếu B1 của chuẩn {standard_id} là bảng tạm, chưa phải bảng chính thức. "
            "Muốn ban hành quyết định, phải ghi họ tên người xác nhận đã biết điều này."
        )
    return " ".join(acknowledged_by.split())[:120]


def rests_on_placeholder_tables(standard_id: str) -> bool:
    """Whether issuing a decision under this standard needs the placeholder acknowledgement."""
    try:
        return engine.rests_on_placeholder_tables(engine.load_standard(standard_id))
    except engine.EngineError:
        return False


def caveats_for(standard_id: str) -> list[str]:
    """The caveat sentences of a round's standard, for banners, PDFs and workbooks."""
    try:
        return engine.caveats(engine.load_standard(standard_id))
    except engine.EngineError:
        return []
