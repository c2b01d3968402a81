"""Excel exports of the coverage, budget and task pages (the same rows as the page)."""

import datetime as dt
import io
from collections.abc import Iterable

from giamngheo.core.workbooks import new_workbook
from giamngheo.programs.budgets import BudgetCheck, RateRow
from giamngheo.programs.coverage import CoverageReport, UnreachedRow
from giamngheo.programs.models import ProgrammeBudgetLine, Task
from giamngheo.programs.tasks import is_overdue


class _Book:
    def __init__(self):
        self.output = io.BytesIO()
        self.book = new_workbook(self.output, {"in_memory": True})
        self.title = self.book.add_format({"bold": True, "font_size": 13})
        self.head = self.book.add_format(
            {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = self.book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        self.integer = self.book.add_format({"border": 1, "num_format": "#,##0", "valign": "top"})
        self.percent = self.book.add_format({"border": 1, "num_format": "0.0", "valign": "top"})
        self.red = self.book.add_format(
            {"border": 1, "font_color": "#B3261E", "bold": True, "text_wrap": True}
        )
        self.date = self.book.add_format({"border": 1, "num_format": "dd/mm/yyyy", "valign": "top"})
        self.red_date = self.book.add_format(
            {"border": 1, "num_format": "dd/mm/yyyy", "valign": "top", "font_color": "#B3261E", "bold": True}
        )

    def sheet(self, name: str, title: str, subtitle: str, columns: list[tuple[str, int]]):
        sheet = self.book.add_worksheet(name)
        sheet.write(0, 0, title, self.title)
        sheet.write(1, 0, subtitle)
        for col, (label, width) in enumerate(columns):
            sheet.write(3, col, label, self.head)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(4, 0)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        return sheet

    def cell(self, sheet, row: int, col: int, value, fmt=None) -> None:
        if value is None:
            sheet.write_blank(row, col, None, fmt or self.text)
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt or self.date)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(row, col, value, fmt or self.integer)
        else:
            sheet.write_string(row, col, str(value), fmt or self.text)

    def close(self) -> bytes:
        self.book.close()
        return self.output.getvalue()


def _coverage_note(item) -> str:
    if item.missing_data:
        return "Chưa tính được: " + "; ".join(item.missing_data)
    if item.remark:
        return "Không lập danh sách chưa nhận: " + item.remark
    return item.layered.text if item.layered else ""


def coverage_workbook(report: CoverageReport) -> bytes:
    out = _Book()
    where = f"Địa bàn: {report.unit.name}; tính đến ngày {report.reference:%d/%m/%Y}; {report.households:,} hộ".replace(
        ",", "."
    )
    sheet = out.sheet(
        "Bao phủ",
        "ĐỘ BAO PHỦ CHÍNH SÁCH HỖ TRỢ",
        where,
        [("Chính sách", 48), ("Đối tượng", 12), ("Diện hưởng", 12), ("Đã nhận", 12), ("Tỷ lệ (%)", 10),
         ("Chưa nhận", 12), ("Nhận nhưng ngoài diện", 12), ("Ghi chú", 40), ("Lớp", 14),
         ("Căn cứ, phiên bản áp dụng", 60)],
    )  # fmt: skip
    for row, item in enumerate(report.policies, start=4):
        values = [
            item.policy.name,
            item.policy.get_beneficiary_display(),
            item.eligible if item.computable else None,
            item.reached if item.computable else None,
            round(item.rate, 1) if item.rate is not None else None,
            item.unreached if item.computable else None,
            item.received_not_eligible if item.computable else None,
            _coverage_note(item),
            item.policy.layer_label,
            f"{item.version.legal_basis} — {item.version.label} ({item.version.period_text})"
            if item.version
            else "",
        ]
        for col, value in enumerate(values):
            out.cell(sheet, row, col, value, out.percent if col == 4 and value is not None else None)
    detail = out.sheet(
        "Theo đơn vị",
        f"ĐỘ BAO PHỦ THEO {report.breakdown_label.upper() or 'ĐƠN VỊ'}",
        where,
        [("Chính sách", 48), (report.breakdown_label or "Đơn vị", 28), ("Diện hưởng", 12), ("Đã nhận", 12),
         ("Tỷ lệ (%)", 10), ("Chưa nhận", 12)],
    )  # fmt: skip
    row = 4
    for item in report.policies:
        for unit in item.by_unit:
            rate = round(unit.rate, 1) if unit.rate is not None else None
            for col, value in enumerate(
                [item.policy.name, unit.name, unit.eligible, unit.reached, rate, unit.unreached]
            ):
                out.cell(detail, row, col, value, out.percent if col == 4 and value is not None else None)
            row += 1
    return out.close()


def unreached_workbook(title: str, subtitle: str, rows: Iterable[UnreachedRow]) -> bytes:
    out = _Book()
    sheet = out.sheet(
        "Chưa nhận",
        title,
        subtitle,
        [
            ("Mã hộ", 18),
            ("Chủ hộ", 26),
            ("Xã/phường", 24),
            ("Thôn/tổ", 18),
            ("Phân loại", 20),
            ("Người chưa nhận", 50),
        ],
    )
    for row, item in enumerate(rows, start=4):
        h = item.household
        people = "; ".join(f"{m.full_name} ({m.birth_date:%d/%m/%Y})" for m in item.members)
        values = [
            h.code,
            h.head_name,
            h.commune.name,
            h.village.name if h.village else "",
            h.get_current_status_display(),
            people,
        ]
        for col, value in enumerate(values):
            out.cell(sheet, row, col, value)
    return out.close()


def budget_workbook(
    lines: list[ProgrammeBudgetLine],
    checks: list[BudgetCheck],
    by_project: list[RateRow],
    by_unit: list[RateRow],
) -> bytes:
    out = _Book()
    sheet = out.sheet(
        "Dòng kinh phí",
        "KINH PHÍ CHƯƠNG TRÌNH MTQG GIẢM NGHÈO BỀN VỮNG",
        "Đơn vị tính: đồng",
        [("Kế hoạch/đơn vị", 40), ("Năm", 7), ("Dự án", 26), ("Nguồn vốn", 20), ("Tính chất", 20), ("Khoản", 30),
         ("Kế hoạch", 18), ("Đã giao", 18), ("Đã giải ngân", 18), ("Tỷ lệ giải ngân (%)", 10), ("Ghi chú", 40)],
    )  # fmt: skip
    for row, line in enumerate(lines, start=4):
        rate = line.disbursement_rate
        values = [
            line.plan.title if line.plan_id else line.unit.name,
            line.year,
            line.project.label if line.project_id else "Toàn chương trình",
            line.get_source_display() if line.source else "Mọi nguồn",
            line.get_nature_display() if line.nature else "Đầu tư và sự nghiệp",
            line.label,
            _number(line.planned),
            _number(line.allocated),
            _number(line.disbursed),
            round(rate, 1) if rate is not None else None,
            line.note,
        ]
        for col, value in enumerate(values):
            out.cell(sheet, row, col, value, out.percent if col == 9 and value is not None else None)
    for name, title, rows in (
        ("Theo dự án", "GIẢI NGÂN THEO DỰ ÁN", by_project),
        ("Theo đơn vị", "GIẢI NGÂN THEO ĐƠN VỊ", by_unit),
    ):
        rates = out.sheet(name, title, "Đơn vị tính: đồng",
                          [("", 60), ("Kế hoạch", 18), ("Đã giao", 18), ("Đã giải ngân", 18), ("Tỷ lệ (%)", 10)])  # fmt: skip
        for row, item in enumerate(rows, start=4):
            f = item.figures
            values = [item.label, _number(f.planned), _number(f.allocated), _number(f.disbursed),
                      round(f.rate, 1) if f.rate is not None else None]  # fmt: skip
            for col, value in enumerate(values):
                out.cell(rates, row, col, value, out.percent if col == 4 and value is not None else None)
    check_sheet = out.sheet(
        "Kiểm tra cộng",
        "KIỂM TRA CÁC PHẦN CỘNG ĐÚNG TỔNG",
        "Chênh lệch khác 0 là chỗ văn bản không cộng đúng (giữ nguyên như văn bản, không tự sửa).",
        [("Kế hoạch/đơn vị", 40), ("Năm", 7), ("Phạm vi", 26), ("Phép kiểm tra", 40), ("Tổng", 18),
         ("Các phần cộng lại", 18), ("Chênh lệch", 16), ("Kết quả", 14)],
    )  # fmt: skip
    for row, item in enumerate(checks, start=4):
        c = item.check
        values = [item.group, item.year, item.scope, c.label, _number(c.expected), _number(c.total), _number(c.difference),
                  "Khớp" if c.ok else "KHÔNG KHỚP"]  # fmt: skip
        for col, value in enumerate(values):
            out.cell(check_sheet, row, col, value, out.red if col == 7 and not c.ok else None)
    return out.close()


def tasks_workbook(tasks: Iterable[Task], today: dt.date) -> bytes:
    out = _Book()
    sheet = out.sheet(
        "Nhiệm vụ",
        "DANH SÁCH NHIỆM VỤ",
        f"Tình trạng đến ngày {today:%d/%m/%Y}; nhiệm vụ quá hạn tô đỏ.",
        [("Kế hoạch", 36), ("STT", 7), ("Nhiệm vụ", 60), ("Cơ quan chủ trì", 30), ("Cơ quan phối hợp", 30),
         ("Thời gian", 20), ("Hạn", 12), ("Trạng thái", 16), ("Sản phẩm", 36), ("Quá hạn", 9)],
    )  # fmt: skip
    for row, task in enumerate(tasks, start=4):
        late = is_overdue(task, today)
        values = [task.plan.title if task.plan_id else task.unit.name, task.number, task.title, task.lead_agency,
                  task.coordinating_agencies, task.timing, task.deadline, task.get_status_display(), task.output,
                  "Quá hạn" if late else ""]  # fmt: skip
        for col, value in enumerate(values):
            fmt = (out.red_date if col == 6 else out.red if col in (2, 9) else None) if late else None
            out.cell(sheet, row, col, value, fmt)
    return out.close()


def _number(value):
    return None if value is None else int(value)
