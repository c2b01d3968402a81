"""Surveys exported from ODK Central or KoboToolbox (CSV, or xlsx with the member repeat
on its own sheet) imported through the same rules as the phone's sync. Every row is
checked first; on any problem nothing is imported and the file comes back marked, as
with the household import."""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.areas.scope import scoped
from giamngheo.core.sheets import Sheet, SheetError
from giamngheo.core.sheets import read_sheets as read_spreadsheet
from giamngheo.core.text import fold
from giamngheo.fieldwork import package, sync
from giamngheo.fieldwork.models import Outcome
from giamngheo.fieldwork.odk.xlsform import CODE, DATE, MEMBER_NAME, MEMBER_REPEAT, YES_NO
from giamngheo.fieldwork.questionnaire import as_form_data, questionnaire, standard_on
from giamngheo.households.imports.errors_workbook import error_workbook
from giamngheo.households.imports.problems import FileProblem, Problem
from giamngheo.households.models import Household, MemberStatus
from giamngheo.households.survey.forms import HouseholdAnswersForm, MemberAnswersForm

KEY_COLUMNS = ("instanceID", "KEY", "_uuid", "uuid")
INDEX_COLUMNS = ("_index", "KEY")
PARENT_COLUMNS = ("_parent_index", "PARENT_KEY")


@dataclass
class ImportResult:
    imported: int = 0
    problems: list[Problem] = field(default_factory=list)
    workbook: bytes | None = None


def read_sheets(name: str, content: bytes) -> list[Sheet]:
    """The one place the file is read: the shared spreadsheet reader, within its limits."""
    try:
        return read_spreadsheet(name, content)
    except SheetError as error:
        raise FileProblem(error.message, error.sheet or "Tệp") from None


def _name(header: Any) -> str:
    """`ho_1/income…` (Kobo), `ho_1-income…` (ODK Central), `meta/instanceID` → the answer's name."""
    return str(header or "").strip().split("/")[-1].split("-")[-1]


@dataclass
class Table:
    sheet: str
    columns: dict[str, int]
    rows: list[tuple[int, list]]  # (Excel row number, cells)

    def get(self, cells: list, name: str) -> Any:
        index = self.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def first(self, cells: list, names: tuple[str, ...]) -> Any:
        return next((self.get(cells, n) for n in names if self.get(cells, n) not in (None, "")), None)


def _table(sheet: Sheet) -> Table:
    header = sheet.rows[0] if sheet.rows else []
    columns = {}
    for index, cell in enumerate(header):
        columns.setdefault(_name(cell), index)
    rows = [(n + 2, row) for n, row in enumerate(sheet.rows[1:]) if any(c not in (None, "") for c in row)]
    return Table(sheet.name, columns, rows)


def _value(described: dict, cell: Any) -> Any:
    if cell is None or cell == "":
        return False if described["kind"] == "bool" else None
    if described["kind"] == "bool":
        return {"co": True, "khong": False, "1": True, "0": False, "true": True, "false": False}.get(
            str(cell).strip().lower(), str(cell)
        )
    if described["kind"] == "multi":
        return str(cell).split()
    if isinstance(cell, float) and cell.is_integer() and described["kind"] == "int":
        return int(cell)
    return cell


def _form_problems(form, table: Table, row: int, prefix: str = "") -> list[Problem]:
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else name
        for error in errors:
            problems.append(
                Problem(table.sheet, row, name, f"{prefix}{label}: {error}", table.columns.get(name))
            )
    return problems


def _answers(fields: list[dict], table: Table, cells: list) -> dict[str, Any]:
    return {f["name"]: _value(f, table.get(cells, f["name"])) for f in fields if f["name"] in table.columns}


def _survey_date(cell: Any) -> dt.date | None:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    try:
        return dt.date.fromisoformat(str(cell or "").strip()[:10])
    except ValueError:
        return None


def _client_key(table: Table, cells: list, code: str, date: dt.date) -> str:
    """The form's own instance id (so importing the same export twice changes nothing)."""
    instance = str(table.first(cells, KEY_COLUMNS) or "").replace("uuid:", "")
    try:
        return str(uuid.UUID(instance))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"giamngheo-odk:{code}:{date}:{cells}"))


def _check_row(user, table: Table, row: int, cells: list, members: list[tuple[int, list]], member_table):
    """One submission checked like a phone's: a payload, or the problems that stop it."""
    problems: list[Problem] = []
    code = str(table.get(cells, CODE) or "").strip()
    household = scoped(Household.objects.filter(code=code, is_active=True), user).first() if code else None
    if household is None:
        message = (
            "Thiếu mã hộ."
            if not code
            else f"Mã hộ '{code}' không có trong địa bàn của bạn (hoặc đã ngừng theo dõi)."
        )
        return None, [Problem(table.sheet, row, CODE, message, table.columns.get(CODE))]
    date = _survey_date(table.get(cells, DATE))
    if date is None:
        return None, [Problem(table.sheet, row, DATE, "Ngày khảo sát không hợp lệ.", table.columns.get(DATE))]
    try:
        standard = standard_on(date)
    except ValidationError as error:
        return None, [Problem(table.sheet, row, DATE, error.messages[0], table.columns.get(DATE))]
    closed = package.closed_round_reason(household, date)
    if closed:
        problems.append(Problem(table.sheet, row, DATE, closed, table.columns.get(DATE)))
    definition = questionnaire(standard)
    fields = [f for s in definition["sections"] for f in s["fields"]]
    previous = package.latest_survey(household)
    before = package.survey_answers(previous) if previous else {"household": {}, "members": {}}
    # A column the export leaves out keeps the household's latest answer.
    answers = before["household"] | _answers(fields, table, cells)
    form = HouseholdAnswersForm(data=as_form_data(answers), standard=standard)
    if not form.is_valid():
        problems += _form_problems(form, table, row)
    present = {fold(m.full_name): m for m in household.members.filter(status=MemberStatus.PRESENT)}
    member_answers: dict[str, dict] = {}
    for member_row, member_cells in members:
        name = str(member_table.get(member_cells, MEMBER_NAME) or "").strip()
        member = present.get(fold(name))
        if member is None:
            problems.append(Problem(member_table.sheet, member_row, MEMBER_NAME,
                f"'{name}' không phải thành viên đang sinh sống của hộ {code}.", member_table.columns.get(MEMBER_NAME)))  # fmt: skip
            continue
        values = before["members"].get(str(member.pk), {}) | _answers(
            definition["member_fields"], member_table, member_cells
        )
        member_form = MemberAnswersForm(data=as_form_data(values))
        if not member_form.is_valid():
            problems += _form_problems(member_form, member_table, member_row, f"{member.full_name} — ")
        member_answers[str(member.pk)] = values
    if problems:
        return None, problems
    base = before["members"]
    payload = {
        "client_key": _client_key(table, cells, code, date),
        "household_id": household.pk,
        "survey_date": date.isoformat(),
        "base_stamp": package.current_stamp(household),
        "household": answers,
        "members": {k: base.get(k, {}) | v for k, v in member_answers.items()}
        | {
            k: v
            for k, v in base.items()
            if k not in member_answers and k in {str(m.pk) for m in present.values()}
        },
    }
    return payload, []


def _members_by_parent(sheets: list[Sheet]) -> tuple[Table | None, dict[str, list]]:
    sheet = next((s for s in sheets if s.name.strip().lower() == MEMBER_REPEAT), None)
    if sheet is None:
        return None, {}
    table = _table(sheet)
    grouped: dict[str, list] = {}
    for row, cells in table.rows:
        grouped.setdefault(str(table.first(cells, PARENT_COLUMNS)), []).append((row, cells))
    return table, grouped


def import_submissions(user, name: str, content: bytes) -> ImportResult:
    """Check every submission, then import all of them in one transaction, or none."""
    try:
        sheets = read_sheets(name, content)
    except FileProblem as problem:
        return ImportResult(problems=[problem.problem])
    main = next((s for s in sheets if s.name.strip().lower() != MEMBER_REPEAT), None)
    if main is None or not main.rows:
        return ImportResult(problems=[Problem("Tệp", None, None, "Tệp không có dòng phiếu nào.")])
    table = _table(main)
    if CODE not in table.columns:
        return ImportResult(problems=[Problem(table.sheet, 1, CODE, f"Thiếu cột '{CODE}' (mã hộ).", None)])
    member_table, members = _members_by_parent(sheets)
    payloads, problems = [], []
    for row, cells in table.rows:
        parent = str(table.first(cells, INDEX_COLUMNS))
        payload, found = _check_row(user, table, row, cells, members.get(parent, []), member_table)
        problems += found
        if payload:
            payloads.append((row, payload))
    if problems:
        return ImportResult(problems=problems, workbook=error_workbook(name, content, sheets, problems))
    with transaction.atomic():
        for row, payload in payloads:
            result = sync.apply_submission(user, payload)
            if result["outcome"] != Outcome.ACCEPTED:
                problems.append(Problem(table.sheet, row, CODE, result["reason"], table.columns.get(CODE)))
        if problems:
            transaction.set_rollback(True)
            return ImportResult(problems=problems, workbook=error_workbook(name, content, sheets, problems))
    return ImportResult(imported=len(payloads))


__all__ = ["YES_NO", "ImportResult", "import_submissions"]
