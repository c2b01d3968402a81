"""Importing an agency's list of support delivered (health-insurance cards, bank loans,
training courses...) from Excel (.xlsx, .xls, .ods) or CSV.

The contract, as for the registry import:
- every cell is checked first; on any invalid cell nothing is imported and the user
  gets the same workbook back with the bad cells highlighted and a comment naming the
  row, the column and the problem (plus a sheet "Lỗi" listing them);
- a valid list is imported in one transaction;
- people are matched to members of the unit's registry by CCCD, then by folded name +
  birth date ("Nguyễn Văn An" = "nguyen van an"); a row that matches nobody, or more
  than one person, is kept in the unmatched list for an officer (never dropped);
- importing the same list twice creates no duplicate: each record (and each unmatched
  row) has a fingerprint of its content, and fingerprints are unique.

Matching is set-based (Polars joins over the unit's members); rows go in with COPY on
PostgreSQL (`core.frames.write_frame`) and one `BulkChange` audit entry.
"""

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import scoped, unit_in_scope
from giamngheo.core.frames import read_frame, write_frame
from giamngheo.core.models import BulkChange
from giamngheo.core.sheets import Sheet, SheetError, column_letter, read_sheets
from giamngheo.core.text import fold
from giamngheo.households.cccd import cccd_errors
from giamngheo.households.imports.errors_workbook import error_workbook as marked_workbook
from giamngheo.households.imports.problems import Problem
from giamngheo.households.models import Member
from giamngheo.programs.models import ImportState, Policy, SupportImport, SupportRecord, UnmatchedSupport

MAX_STORED_ERRORS = 1000

# Column → accepted headers (folded, punctuation removed).
HEADERS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "ho va ten nguoi duoc ho tro", "ten nguoi duoc ho tro"),
    "birth_date": ("ngay sinh", "ngay thang nam sinh", "ngay sinh dd mm yyyy"),
    "cccd": (
        "so cccd",
        "cccd",
        "so can cuoc",
        "so can cuoc cong dan",
        "so dinh danh",
        "so dinh danh ca nhan",
    ),
    "delivered_on": ("ngay ho tro", "ngay cap", "ngay cap the", "ngay giai ngan", "ngay nhan", "ngay"),
    "amount": (
        "so tien",
        "so tien dong",
        "so tien ho tro",
        "so tien vay",
        "so tien vnd",
        "so tien ho tro dong",
    ),
    "in_kind": ("hien vat", "hinh thuc", "noi dung ho tro", "hinh thuc ho tro"),
    "reference": (
        "so the",
        "ma the",
        "so the bhyt",
        "ma so bhxh",
        "so hop dong",
        "so chung tu",
        "so khe uoc",
    ),
}
LABELS = {
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "cccd": "Số CCCD",
    "delivered_on": "Ngày hỗ trợ",
    "amount": "Số tiền (đồng)",
    "in_kind": "Hiện vật/hình thức",
    "reference": "Số thẻ/hợp đồng",
}
TEMPLATE_COLUMNS = ["STT", *LABELS.values()]
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+$")
NOT_WORD = re.compile(r"[^a-z0-9 ]+")


class ImportFailed(Exception):
    """The file cannot be read at all (corrupt, protected, wrong type, empty)."""


@dataclass(frozen=True)
class CellError:
    row: int  # 1-based, as Excel shows it
    column: int  # 1-based
    header: str
    message: str

    @property
    def text(self) -> str:
        return f"Dòng {self.row}, cột {column_letter(self.column)} ({self.header}): {self.message}"


@dataclass
class ParsedList:
    frame: pl.DataFrame
    errors: list[CellError] = field(default_factory=list)
    header_row: int = 0


def _key(text) -> str:
    return " ".join(NOT_WORD.sub(" ", fold(str(text))).split())


_ALIASES = {_key(alias): column for column, aliases in HEADERS.items() for alias in aliases}


def read_sheet(data: bytes, file_name: str) -> Sheet:
    """The list's first visible sheet, read (within the limits) by the common reader."""
    try:
        return read_sheets(file_name, data, first_visible_only=True)[0]
    except SheetError as error:
        raise ImportFailed(error.message) from error


def _header(sheet: Sheet) -> tuple[int, dict[str, int]]:
    """Index of the header row and column → index, looking at the first 20 rows."""
    for index, row in enumerate(sheet.rows[:20]):
        found: dict[str, int] = {}
        for col, value in enumerate(row):
            column = _ALIASES.get(_key(value)) if value not in ("", None) else None
            if column and column not in found:
                found[column] = col
        if "full_name" in found and len(found) >= 2:
            return index, found
    raise ImportFailed(
        f"Trang '{sheet.name}': không tìm thấy dòng tiêu đề có cột 'Họ và tên' trong 20 dòng đầu. "
        f"Các cột cần có: {', '.join(LABELS.values())} (dùng tệp mẫu)."
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value) -> dt.date | None | str:
    """A date, None when blank, or an error message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for pattern in DATE_FORMATS:
            try:
                return dt.datetime.strptime(value.strip(), pattern).date()
            except ValueError:
                continue
    return f"'{_text(value)}' không phải ngày hợp lệ (ghi dạng ngày/tháng/năm, vd. 15/03/2025)."


def _cccd(value) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = str(int(value))
        return number.zfill(12) if len(number) <= 12 else number  # Excel drops leading zeros
    return re.sub(r"[\s.]", "", _text(value))


def _amount(value) -> int | None | str:
    if value in ("", None):
        return None
    if isinstance(value, bool):
        return "Số tiền phải là một số."
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = re.sub(r"(?i)\s|đồng|đ|vnd", "", str(value))
        if THOUSANDS.match(text):
            text = re.sub(r"[.,]", "", text)
        try:
            number = Decimal(text)
        except ArithmeticError:
            return f"'{_text(value)}' không phải số tiền (ghi số đồng, vd. 1500000)."
    if number < 0:
        return f"Số tiền không được âm (đã ghi {_text(value)})."
    if number != number.to_integral_value():
        return "Số tiền phải là số đồng chẵn."
    return int(number)


def _header_errors(columns: dict[str, int], header_index: int) -> list[CellError]:
    errors = []
    if "delivered_on" not in columns:
        errors.append(
            CellError(
                header_index + 1, 1, "Tiêu đề", "Thiếu cột 'Ngày hỗ trợ' (ngày cấp thẻ, ngày giải ngân...)."
            )
        )
    if "cccd" not in columns and "birth_date" not in columns:
        errors.append(
            CellError(
                header_index + 1, 1, "Tiêu đề", "Cần cột 'Số CCCD' hoặc 'Ngày sinh' để đối chiếu với sổ hộ."
            )
        )
    return errors


def _identity(cell, err, columns: dict[str, int], today: dt.date) -> tuple[str, dt.date | None, str]:
    """The row's name, birth date and CCCD, each checked (problems go to `err`)."""
    name = _text(cell("full_name"))
    if not name:
        err("full_name", "Thiếu họ và tên.")
    elif len(name) > 120:
        err("full_name", "Họ và tên dài quá 120 ký tự.")
    birth = _date(cell("birth_date"))
    birth_bad = isinstance(birth, str)
    if birth_bad:
        err("birth_date", birth)
        birth = None
    elif birth is not None and birth > today:
        err("birth_date", "Ngày sinh ở tương lai.")
    cccd = _cccd(cell("cccd"))
    if cccd and (problems := cccd_errors(cccd, birth)):
        err("cccd", " ".join(problems))
    if not cccd and birth is None and not birth_bad:
        err(
            "birth_date" if "birth_date" in columns else "cccd",
            "Cần số CCCD hoặc ngày sinh để đối chiếu với sổ hộ.",
        )
    return name, birth, cccd


def _support(cell, err, today: dt.date) -> tuple:
    """The row's delivery date, amount, in-kind support and reference, each checked."""
    delivered = _date(cell("delivered_on"))
    if delivered is None:
        err("delivered_on", "Thiếu ngày hỗ trợ.")
    elif isinstance(delivered, str):
        err("delivered_on", delivered)
    elif delivered > today:
        err("delivered_on", f"Ngày hỗ trợ {delivered:%d/%m/%Y} ở tương lai.")
    amount = _amount(cell("amount"))
    if isinstance(amount, str):
        err("amount", amount)
    in_kind = _text(cell("in_kind"))
    reference = _text(cell("reference"))
    if len(in_kind) > 255:
        err("in_kind", "Dài quá 255 ký tự.")
    if len(reference) > 80:
        err("reference", "Dài quá 80 ký tự.")
    return delivered, amount, in_kind, reference


def parse_sheet(sheet: Sheet, today: dt.date | None = None) -> ParsedList:
    """Every cell checked; `frame` holds the valid rows (meaningful only without errors)."""
    today = today or timezone.localdate()
    header_index, columns = _header(sheet)
    header_cells = sheet.rows[header_index]
    errors = _header_errors(columns, header_index)
    if errors:
        return ParsedList(pl.DataFrame(), errors, header_index)

    records = []
    for index in range(header_index + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if all(value in ("", None) for value in row):
            continue

        def cell(column: str, row=row):
            col = columns.get(column)
            return row[col] if col is not None and col < len(row) else ""

        def err(column: str, message: str, index=index) -> None:
            col = columns.get(column, 0)
            header = _text(header_cells[col]) if column in columns else LABELS[column]
            errors.append(CellError(index + 1, col + 1, header, message))

        name, birth, cccd = _identity(cell, err, columns, today)
        delivered, amount, in_kind, reference = _support(cell, err, today)
        records.append(
            (index + 1, name, fold(name), birth, cccd or None, delivered, amount, in_kind, reference)
        )
    if not records and not errors:
        errors.append(
            CellError(header_index + 2, 1, "Dữ liệu", "Danh sách không có dòng nào dưới dòng tiêu đề.")
        )
    if errors:
        return ParsedList(pl.DataFrame(), errors, header_index)
    frame = pl.DataFrame(
        records,
        schema={
            "row_number": pl.Int64,
            "full_name": pl.String,
            "name_key": pl.String,
            "birth_date": pl.Date,
            "cccd": pl.String,
            "delivered_on": pl.Date,
            "amount": pl.Int64,
            "in_kind": pl.String,
            "reference": pl.String,
        },
        orient="row",
    )
    return ParsedList(frame, [], header_index)


def support_fingerprint(
    policy_id: int,
    household_id: int,
    member_id: int | None,
    delivered_on: dt.date,
    amount: int | Decimal | None,
    in_kind: str,
    reference: str,
) -> str:
    """The identity of a support record: same policy, person, date, amount, kind and
    reference = the same record, however often it is entered or imported."""
    amount_text = "" if amount is None else str(int(amount))
    text = f"{policy_id}|{household_id}|{member_id or ''}|{delivered_on.isoformat()}|{amount_text}|{fold(in_kind)}|{reference.strip()}"
    return hashlib.sha1(text.encode()).hexdigest()


def unmatched_fingerprint(policy_id: int, row: dict) -> str:
    birth = row["birth_date"].isoformat() if row["birth_date"] else ""
    amount = "" if row["amount"] is None else str(row["amount"])
    text = (
        f"{policy_id}|{row['name_key']}|{birth}|{row['cccd'] or ''}|{row['delivered_on'].isoformat()}|"
        f"{amount}|{fold(row['in_kind'])}|{row['reference']}"
    )
    return hashlib.sha1(text.encode()).hexdigest()


def _unit_members(unit: AdminUnit, user) -> pl.DataFrame:
    lookup = {Level.PROVINCE: "province", Level.COMMUNE: "commune", Level.VILLAGE: "village"}[unit.level]
    members = scoped(Member.objects.filter(household__is_active=True, **{f"household__{lookup}": unit}), user)
    sql, params = (
        members.order_by()
        .values_list("pk", "household_id", "cccd", "search_name", "birth_date")
        .query.sql_with_params()
    )
    return read_frame(
        sql,
        params,
        {
            "member_id": pl.Int64,
            "household_id": pl.Int64,
            "cccd": pl.String,
            "name_key": pl.String,
            "birth_date": pl.Date,
        },
    )


MATCH_REASONS = {
    "not_found": "Không có người nào trong sổ hộ của địa bàn có số CCCD này, hoặc cùng họ tên và ngày sinh.",
    "many_cccd": "Số CCCD trùng với nhiều người trong sổ hộ; cần cán bộ xác định đúng người.",
    "many_name": "Có nhiều người cùng họ tên và ngày sinh trong sổ hộ; cần cán bộ xác định đúng người.",
}


def match_members(rows: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """rows + member_id, household_id (null when unmatched) and `problem`
    (null, "not_found", "many_cccd", "many_name"). CCCD first, then name + birth date."""
    by_cccd = (
        members.filter(pl.col("cccd").is_not_null() & (pl.col("cccd") != ""))
        .group_by("cccd")
        .agg(
            pl.len().alias("n_cccd"),
            pl.col("member_id").first().alias("m1"),
            pl.col("household_id").first().alias("h1"),
        )
    )
    by_name = members.group_by("name_key", "birth_date").agg(
        pl.len().alias("n_name"),
        pl.col("member_id").first().alias("m2"),
        pl.col("household_id").first().alias("h2"),
    )
    joined = rows.join(by_cccd, on="cccd", how="left").join(
        by_name, on=["name_key", "birth_date"], how="left"
    )
    cccd_hit = pl.col("n_cccd") == 1
    name_hit = pl.col("n_cccd").is_null() & (pl.col("n_name") == 1)
    return joined.with_columns(
        pl.when(cccd_hit).then("m1").when(name_hit).then("m2").otherwise(None).alias("member_id"),
        pl.when(cccd_hit).then("h1").when(name_hit).then("h2").otherwise(None).alias("household_id"),
        pl.when(cccd_hit | name_hit)
        .then(None)
        .when(pl.col("n_cccd") > 1)
        .then(pl.lit("many_cccd"))
        .when(pl.col("n_name") > 1)
        .then(pl.lit("many_name"))
        .otherwise(pl.lit("not_found"))
        .alias("problem"),
    ).drop("n_cccd", "m1", "h1", "n_name", "m2", "h2")


def db_timestamp(now: dt.datetime):
    if connection.vendor == "postgresql":
        return now
    return now.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")


def existing_fingerprints(model, fingerprints: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(fingerprints), 5000):
        chunk = fingerprints[start : start + 5000]
        found.update(model.objects.filter(fingerprint__in=chunk).values_list("fingerprint", flat=True))
    return found


def import_support_list(
    user,
    *,
    data: bytes,
    file_name: str,
    policy: Policy,
    unit: AdminUnit,
    agency: str,
    document: str = "",
) -> SupportImport:
    """Check, match and import a list; returns the batch (state IMPORTED or REJECTED).
    Raises ImportFailed when the file cannot be read at all."""
    if not (user.can_write and unit_in_scope(unit, user)):
        raise PermissionDenied("Bạn không có quyền nhập dữ liệu cho địa bàn này.")
    province = unit if unit.level == Level.PROVINCE else unit.province
    commune = unit if unit.level == Level.COMMUNE else (unit.parent if unit.level == Level.VILLAGE else None)
    sheet = read_sheet(data, file_name)
    parsed = parse_sheet(sheet)
    batch = SupportImport(
        policy=policy,
        province=province,
        commune=commune,
        agency=agency.strip() or policy.agency,
        document=document.strip(),
        file_name=Path(file_name).name[:255],
        created_by=user,
    )
    if parsed.errors:
        batch.state = ImportState.REJECTED
        batch.errors = [e.text for e in parsed.errors[:MAX_STORED_ERRORS]]
        batch.rows = max(len(sheet.rows) - parsed.header_row - 1, 0)
        batch.error_workbook = error_workbook(data, sheet, parsed.errors)
        batch.save()
        return batch
    with transaction.atomic():
        batch.state = ImportState.IMPORTED
        batch.rows = parsed.frame.height
        batch.save()
        matched = match_members(parsed.frame, _unit_members(unit, user))
        _store_records(batch, matched.filter(pl.col("problem").is_null()), user)
        _store_unmatched(batch, matched.filter(pl.col("problem").is_not_null()))
        batch.save(update_fields=["created", "duplicates", "quarantined"])
        BulkChange.objects.create(
            user=user,
            action="import_support",
            unit=unit,
            description=(
                f"Nhập danh sách hỗ trợ '{policy.name}' từ {batch.file_name}: {batch.created} bản ghi mới, "
                f"{batch.duplicates} trùng, {batch.quarantined} chưa khớp sổ hộ"
            ),
            rows=batch.created,
        )
    return batch


def _store_records(batch: SupportImport, rows: pl.DataFrame, user) -> None:
    if rows.is_empty():
        return
    fingerprints = [
        support_fingerprint(batch.policy_id, h, m, d, a, k, r)
        for h, m, d, a, k, r in rows.select(
            "household_id", "member_id", "delivered_on", "amount", "in_kind", "reference"
        ).iter_rows()
    ]
    rows = rows.with_columns(pl.Series("fingerprint", fingerprints))
    unique = rows.unique("fingerprint", keep="first", maintain_order=True)
    existing = existing_fingerprints(SupportRecord, unique["fingerprint"].to_list())
    new = unique.filter(~pl.col("fingerprint").is_in(list(existing)))
    batch.duplicates += rows.height - new.height
    batch.created = new.height
    now = db_timestamp(timezone.now())
    write_frame(
        SupportRecord._meta.db_table,
        new.select(
            pl.lit(batch.policy_id).alias("policy_id"),
            "household_id",
            "member_id",
            "delivered_on",
            pl.col("amount").cast(pl.Int64),
            "in_kind",
            "reference",
            pl.lit(batch.agency).alias("agency"),
            pl.lit(batch.document).alias("document"),
            pl.lit(batch.pk).alias("batch_id"),
            "fingerprint",
            pl.lit("").alias("note"),
            pl.lit(getattr(user, "pk", None), pl.Int64).alias("created_by_id"),
            pl.lit(now).alias("created_at"),
        ),
    )


def _store_unmatched(batch: SupportImport, rows: pl.DataFrame) -> None:
    if rows.is_empty():
        return
    entries = []
    seen: set[str] = set()
    for row in rows.iter_rows(named=True):
        fingerprint = unmatched_fingerprint(batch.policy_id, row)
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        entries.append((fingerprint, row))
    existing = existing_fingerprints(UnmatchedSupport, [f for f, _ in entries])
    new = [
        UnmatchedSupport(
            batch=batch,
            policy_id=batch.policy_id,
            province_id=batch.province_id,
            commune_id=batch.commune_id,
            row_number=row["row_number"],
            full_name=row["full_name"],
            birth_date=row["birth_date"],
            cccd=row["cccd"] or "",
            delivered_on=row["delivered_on"],
            amount=row["amount"],
            in_kind=row["in_kind"],
            reference=row["reference"],
            reason=MATCH_REASONS[row["problem"]],
            fingerprint=fingerprint,
        )
        for fingerprint, row in entries
        if fingerprint not in existing
    ]
    UnmatchedSupport.objects.bulk_create(new, batch_size=2000)
    batch.quarantined = len(new)
    batch.duplicates += rows.height - len(new)


def error_workbook(data: bytes, sheet: Sheet, errors: list[CellError]) -> bytes:
    """The user's list handed back with each bad cell marked, as the registry import does
    (same colours, comments and summary sheet)."""
    problems = [Problem(sheet.name, e.row, e.header, e.message, col_index=e.column - 1) for e in errors]
    return marked_workbook(f"danh-sach.{sheet.kind}", data, [sheet], problems)


def template_workbook() -> bytes:
    """An empty list with the expected headers and one example row."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(TEMPLATE_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [1, "Nguyễn Văn An", "15/03/1985", "056085000123", "10/01/2025", "", "Thẻ BHYT", "HN4560012345"]
    )
    for column, width in zip("ABCDEFGH", (6, 28, 14, 16, 14, 16, 20, 18), strict=True):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
