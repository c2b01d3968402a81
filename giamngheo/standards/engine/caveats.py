"""What a result resting on a standard must say about it: placeholder scorecard tables and
values not yet checked against the legal text. One Vietnamese sentence each, for the banner
on a page, a line on a PDF and a line in a workbook."""

from giamngheo.standards.engine.standard import Standard


def rests_on_placeholder_tables(standard: Standard) -> bool:
    """True when the standard's B1 scorecard tables are placeholders, not the official ones."""
    return standard.scorecard is not None and standard.scorecard.placeholder


def caveats(standard: Standard) -> list[str]:
    """The sentences a classification, list or certificate under `standard` must carry."""
    notes = []
    if rests_on_placeholder_tables(standard):
        notes.append(
            f"Bảng điểm phiếu B1 của chuẩn {standard.id} là bảng tạm, chưa phải bảng chính thức: "
            "kết quả chấm điểm chỉ là tạm tính."
        )
    unconfirmed_lines = [
        line.name for line in standard.income_lines.values() if line.defined and not line.confirmed
    ]
    if unconfirmed_lines:
        notes.append(
            f"Chuẩn {standard.id} có {len(unconfirmed_lines)} mức thu nhập chưa được xác nhận theo văn bản."
        )
    unconfirmed = [indicator for indicator in standard.indicators if not indicator.confirmed]
    if unconfirmed:
        notes.append(
            f"{len(unconfirmed)}/{len(standard.indicators)} chỉ số thiếu hụt của chuẩn {standard.id} "
            "là hiểu biết tốt nhất, chưa đối chiếu văn bản chính thức."
        )
    undefined = [
        line for name, line in standard.income_lines.items() if name == "average" and not line.defined
    ]
    if undefined:
        notes.append(
            f"Chuẩn {standard.id} chưa xác định mức sống trung bình: không phân loại hộ có mức sống trung bình."
        )
    return notes
