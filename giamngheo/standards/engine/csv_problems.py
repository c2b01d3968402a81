"""What can be wrong with a classification CSV, worded once in each language.

The format (`/work/shared/formats/household-csv.md`) words a problem `line N, column NAME:
reason` in English; an officer reads it in Vietnamese. Each problem is a code with its values,
and both wordings come from `REASONS`: a new check adds one row here, never a translation of
the English after the fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WHOLE_FILE = "-"  # the column of a problem that is the file's, not one value's


@dataclass(frozen=True)
class Reason:
    english: str
    vietnamese: str


REASONS = {
    "empty": Reason("is empty", "đang để trống"),
    "empty_and_stand_in": Reason(
        "is empty, and so is {other} to derive it from",
        "đang để trống, cột {other} dùng để suy ra cũng để trống",
    ),
    "empty_stand_in_without_flag": Reason(
        "is empty, and there is no {flag} column: it is needed to derive {flag}",
        "đang để trống, mà tệp không có cột {flag}: cần giá trị này để suy ra {flag}",
    ),
    "empty_give_stand_in": Reason(
        "is empty (give {other} to derive it)", "đang để trống (hãy điền {other} để suy ra)"
    ),
    "duplicate_household": Reason(
        "duplicate household_id, first on line {first}", "household_id bị trùng, đã có ở dòng {first}"
    ),
    "area": Reason('must be "rural" or "urban"', 'phải là "rural" (nông thôn) hoặc "urban" (thành thị)'),
    "members": Reason("must be a whole number ≥ 1", "phải là số nguyên ≥ 1"),
    "income": Reason(
        "must be a whole number of VND ≥ 0", "phải là số đồng nguyên ≥ 0 (không âm, không dấu cách)"
    ),
    "floor_area": Reason("must be a number ≥ 0 (m²)", "phải là một số ≥ 0 (m²)"),
    "flag": Reason("must be 0 or 1", "phải là 0 hoặc 1"),
    "missing_column": Reason("required column is missing", "thiếu cột bắt buộc"),
    "missing_column_or_stand_in": Reason(
        "required column is missing (or give {other} to derive it)",
        "thiếu cột bắt buộc (hoặc thêm cột {other} để suy ra)",
    ),
    "repeated_column": Reason("the column appears more than once", "cột xuất hiện nhiều lần"),
    "extra_field": Reason(
        "the row has more fields than the header ({width})", "dòng có nhiều ô hơn dòng tiêu đề ({width})"
    ),
    "unreadable": Reason("cannot read {path}: {error}", "không đọc được tệp {path}"),
    "not_utf8": Reason("the file is not UTF-8 text", "tệp không phải văn bản UTF-8"),
    "not_utf8_at": Reason("not UTF-8 text (byte {byte})", "tệp không phải văn bản UTF-8 (byte {byte})"),
    "not_csv": Reason("cannot be read as CSV ({error})", "không đọc được như một tệp CSV"),
}
_GOT = Reason(', got "{value}"', ', nhận được "{value}"')


@dataclass(frozen=True)
class CsvProblem:
    """One refused value (or the file itself): where, which rule, and the values the wording needs."""

    line: int
    column: str  # a column's name, a field's position past the header, or WHOLE_FILE
    code: str
    params: dict[str, object] = field(default_factory=dict)
    value: str | None = None  # the value refused, where the wording shows it

    def english(self) -> str:
        """The format's wording: `line N, column NAME: reason`."""
        return f"line {self.line}, column {self.column}: {self._reason('english')}"

    def vietnamese(self) -> str:
        """`Dòng N, cột NAME: lý do`, for an officer."""
        return f"Dòng {self.line}{self._where()}: {self._reason('vietnamese')}"

    def _where(self) -> str:
        if self.column == WHOLE_FILE:
            return ""
        if self.column.isdigit():  # a field past the header's last column
            return f", ô thứ {self.column}"
        return f", cột {self.column}"

    def _reason(self, language: str) -> str:
        text = getattr(REASONS[self.code], language).format(**self.params)
        if self.value is not None:
            text += getattr(_GOT, language).format(value=self.value)
        return text
