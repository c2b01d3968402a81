"""Support policies, coverage, the support ledger, programme budget lines and tasks:
read-only, area-scoped like every other endpoint."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from giamngheo.api.pagination import paginate
from giamngheo.api.schemas import ERRORS
from giamngheo.areas.models import AdminUnit, Era
from giamngheo.areas.scope import unit_in_scope
from giamngheo.programs import budgets, coverage, ledger, tasks
from giamngheo.programs.models import Policy
from giamngheo.reports.selection import default_unit

router = Router(tags=["Chính sách, hỗ trợ và chương trình"])


class PolicyOut(Schema):
    code: str
    name: str
    category: str
    legal_basis: str
    agency: str
    beneficiary: str
    statuses: list[str]
    escape_window_months: int | None
    required_flags: list[str]
    min_age: int | None
    max_age: int | None
    benefit_text: str
    confirmed: bool


class CoverageQuery(Schema):
    unit: int | None = Field(None, description="Mã số (id) đơn vị; mặc định: đơn vị được phân công")
    date: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Tính đến ngày (YYYY-MM-DD); mặc định: hôm nay"
    )


class UnitCoverageOut(Schema):
    unit_id: int | None
    name: str
    eligible: int
    reached: int


class PolicyCoverageOut(Schema):
    policy: str
    computable: bool
    missing_data: list[str]
    eligible: int
    reached: int
    rate: float | None
    by_unit: list[UnitCoverageOut]


class CoverageOut(Schema):
    unit: str
    reference: dt.date
    households: int
    policies: list[PolicyCoverageOut]


class PageQuery(Schema):
    cursor: str | None = None
    limit: int = Field(100, ge=1, le=500)


class SupportQuery(PageQuery):
    household: str | None = None
    policy: str | None = None


class SupportOut(Schema):
    id: int
    policy: str = Field(..., alias="policy.code")
    household: str = Field(..., alias="household.code")
    member_id: int | None
    delivered_on: dt.date
    amount: int | None
    in_kind: str
    reference: str
    agency: str
    document: str


class SupportPage(Schema):
    items: list[SupportOut]
    next_cursor: str | None = None


class BudgetQuery(PageQuery):
    year: int | None = Field(None, ge=2000, le=2100)


class BudgetLineOut(Schema):
    id: int
    year: int
    unit: str = Field(..., alias="unit.name")
    plan: str | None
    project: str | None
    source: str
    nature: str
    label: str
    planned: int
    allocated: int | None
    disbursed: int | None

    @staticmethod
    def resolve_plan(line) -> str | None:
        return line.plan.title if line.plan_id else None

    @staticmethod
    def resolve_project(line) -> str | None:
        return line.project.code if line.project_id else None


class BudgetPage(Schema):
    items: list[BudgetLineOut]
    next_cursor: str | None = None


class TaskQuery(PageQuery):
    overdue: bool | None = None
    agency: str | None = None


class TaskOut(Schema):
    id: int
    number: str
    title: str
    lead_agency: str
    coordinating_agencies: str
    deadline: dt.date | None
    status: str
    output: str
    overdue: bool

    @staticmethod
    def resolve_overdue(task) -> bool:
        return tasks.is_overdue(task)


class TaskPage(Schema):
    items: list[TaskOut]
    next_cursor: str | None = None


@router.get("/policies", response={200: list[PolicyOut], **ERRORS}, summary="Danh mục chính sách")
def list_policies(request):
    return list(Policy.objects.filter(active=True))


@router.get("/coverage", response={200: CoverageOut, **ERRORS}, summary="Độ bao phủ chính sách")
def policy_coverage(request, filters: Query[CoverageQuery]):
    if filters.unit is None:
        unit = default_unit(request.user)
    else:
        unit = AdminUnit.objects.filter(pk=filters.unit, era=Era.CURRENT).first()
    if unit is None or not unit_in_scope(unit, request.user):
        raise Http404("Địa bàn không thuộc phạm vi được phân công.")
    report = coverage.coverage_report(unit, request.user, _reference(filters.date))
    return {
        "unit": unit.name,
        "reference": report.reference,
        "households": report.households,
        "policies": [
            {
                "policy": row.policy.code,
                "computable": row.computable,
                "missing_data": row.missing_data,
                "eligible": row.eligible,
                "reached": row.reached,
                "rate": row.rate,
                "by_unit": row.by_unit,
            }
            for row in report.policies
        ],
    }


def _reference(text: str | None) -> dt.date:
    if not text:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValidationError({"date": [f"Ngày không hợp lệ: {text}."]}) from error


@router.get("/support-records", response={200: SupportPage, **ERRORS}, summary="Sổ theo dõi hỗ trợ")
def list_support(request, filters: Query[SupportQuery]):
    records = ledger.visible_records(request.user).select_related("policy", "household")
    if filters.household:
        records = records.filter(household__code=filters.household)
    if filters.policy:
        records = records.filter(policy__code=filters.policy)
    rows, following = paginate(records, filters.cursor, filters.limit)
    return {"items": rows, "next_cursor": following}


@router.get("/budget-lines", response={200: BudgetPage, **ERRORS}, summary="Kinh phí Chương trình MTQG")
def list_budget_lines(request, filters: Query[BudgetQuery]):
    lines = budgets.visible_lines(request.user)
    if filters.year:
        lines = lines.filter(year=filters.year)
    rows, following = paginate(lines, filters.cursor, filters.limit)
    return {"items": rows, "next_cursor": following}


@router.get("/tasks", response={200: TaskPage, **ERRORS}, summary="Nhiệm vụ của kế hoạch")
def list_tasks(request, filters: Query[TaskQuery]):
    rows = tasks.visible_tasks(request.user)
    if filters.overdue is not None:
        condition = tasks.overdue_condition(timezone.localdate())
        rows = rows.filter(condition) if filters.overdue else rows.exclude(condition)
    if filters.agency:
        rows = rows.filter(lead_agency__icontains=filters.agency)
    page, following = paginate(rows, filters.cursor, filters.limit)
    return {"items": page, "next_cursor": following}
