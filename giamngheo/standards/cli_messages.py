"""The `classify` command's refusals in Vietnamese, the engine's English after each.

The engine (`engine.csvio`) words every problem of a CSV file as `line N, column NAME: reason`
(the shared format's contract); an officer at the command line reads
`Dòng N, cột NAME: lý do (line N, column NAME: reason)`. Only refused files pass through here,
so the path of a valid file costs nothing more.
"""

import re

_PROBLEM = re.compile(r"^line (?P<line>\d+), column (?P<column>[^:]+): (?P<reason>.*)$", re.DOTALL)
_GOT = re.compile(r', got "(?P<value>.*)"$', re.DOTALL)

# (English pattern, Vietnamese), the first match wins; groups carry names and numbers over.
_REASONS = [
    (r"is empty$", "đang để trống"),
    (
        r"is empty, and so is (?P<other>\S+) to derive it from$",
        "đang để trống, cột {other} dùng để suy ra cũng để trống",
    ),
    (
        r"is empty, and there is no (?P<flag>\S+) column: it is needed to derive .*$",
        "đang để trống, mà tệp không có cột {flag}: cần giá trị này để suy ra {flag}",
    ),
    (r"is empty \(give (?P<other>\S+) to derive it\)$", "đang để trống (hãy điền {other} để suy ra)"),
    (r"duplicate household_id, first on line (?P<first>\d+)$", "household_id bị trùng, đã có ở dòng {first}"),
    (r'must be "rural" or "urban"$', 'phải là "rural" (nông thôn) hoặc "urban" (thành thị)'),
    (r"must be a whole number ≥ 1$", "phải là số nguyên ≥ 1"),
    (r"must be a whole number of VND ≥ 0$", "phải là số đồng nguyên ≥ 0 (không âm, không dấu cách)"),
    (r"must be a number ≥ 0 \(m²\)$", "phải là một số ≥ 0 (m²)"),
    (r"must be 0 or 1$", "phải là 0 hoặc 1"),
    (r"required column is missing$", "thiếu cột bắt buộc"),
    (
        r"required column is missing \(or give (?P<other>\S+) to derive it\)$",
        "thiếu cột bắt buộc (hoặc thêm cột {other} để suy ra)",
    ),
    (r"the column appears more than once$", "cột xuất hiện nhiều lần"),
    (
        r"the row has more fields than the header \((?P<width>\d+)\)$",
        "dòng có nhiều ô hơn dòng tiêu đề ({width})",
    ),
    (r"(the file is )?not UTF-8 text.*$", "tệp không phải văn bản UTF-8"),
    (r"cannot read .*$", "không đọc được tệp"),
    (r"cannot be read as CSV.*$", "không đọc được như một tệp CSV"),
]
_COMPILED = [(re.compile(pattern, re.DOTALL), text) for pattern, text in _REASONS]


def _column(column: str) -> str:
    if column == "-":
        return ""
    if column.isdigit():  # a field past the header's last column
        return f", ô thứ {column}"
    return f", cột {column}"


def _reason(reason: str) -> str:
    got = _GOT.search(reason)
    core = reason[: got.start()] if got else reason
    for pattern, text in _COMPILED:
        found = pattern.match(core)
        if found:
            vietnamese = text.format(**found.groupdict())
            break
    else:
        vietnamese = "giá trị không hợp lệ"
    return vietnamese + (f', nhận được "{got["value"]}"' if got else "")


def csv_problem(problem: str) -> str:
    """One refused value (or file) in Vietnamese, the engine's English wording after it."""
    found = _PROBLEM.match(problem)
    if found is None:
        return f"Lỗi trong tệp ({problem})"
    where = f"Dòng {found['line']}{_column(found['column'])}"
    return f"{where}: {_reason(found['reason'])} ({problem})"


def unknown_standard(given: str, valid: list[str]) -> str:
    ids = ", ".join(valid)
    return (
        f"Không có chuẩn nghèo mang mã {given!r}; các mã hợp lệ: {ids}"
        f" (unknown standard {given!r}; valid ids: {ids})"
    )
