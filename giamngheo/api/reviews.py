"""Review rounds: which standard a review applies, and how classes change between a round's
standard and its comparison standard, within the caller's area."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Path, Query, Router, Schema

from giamngheo.api.schemas import ERRORS
from giamngheo.reviews import agricultural, low_income, queries
from giamngheo.standards import engine

router = Router(tags=["Rà soát hộ nghèo, hộ cận nghèo"])
MAX_ID = 2**31 - 1


class ReviewYearQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2100)
    decision_date: dt.date | None = None


class StandardForReviewOut(Schema):
    standard_id: str
    kind: str
    reference_date: dt.date
    reason: str
    reference: str
    confirmed: bool


class ClassChange(Schema):
    commune_code: str
    commune: str
    status_before: str
    status_after: str
    households: int


class ClassChangesOut(Schema):
    round_id: int
    standard_id: str
    comparison_standard_id: str
    changes: list[ClassChange]


@router.get(
    "/standards/for-review",
    response={200: StandardForReviewOut, **ERRORS},
    summary="Chuẩn áp dụng cho một đợt rà soát",
    description="`year`: đợt rà soát định kỳ của năm đó (chuẩn có hiệu lực ngày 01/01 năm sau); "
    "`decision_date`: rà soát thường xuyên (chuẩn có hiệu lực vào ngày quyết định).",
)
def standard_for_review(request, filters: Query[ReviewYearQuery]):
    if (filters.year is None) == (filters.decision_date is None):
        raise ValidationError(
            {"year": ["Ghi năm rà soát định kỳ hoặc ngày quyết định rà soát thường xuyên."]}
        )
    try:
        if filters.year is not None:
            chosen = engine.standard_for_periodic_review(filters.year)
        else:
            chosen = engine.standard_for_adhoc_review(filters.decision_date)
    except engine.NoStandardForReview as error:
        raise ValidationError({"year": [str(error)]}) from None
    return chosen


@router.get(
    "/reviews/rounds/{round_id}/class-changes",
    response={200: ClassChangesOut, **ERRORS},
    summary="Số hộ đổi phân loại giữa chuẩn áp dụng và chuẩn so sánh, theo xã/phường",
)
def class_changes(request, round_id: int = Path(..., ge=1, le=MAX_ID)):
    round_ = queries.round_for(request.user, round_id)
    return {
        "round_id": round_.pk,
        "standard_id": round_.standard_id,
        "comparison_standard_id": round_.second_standard_id,
        "changes": queries.class_changes(round_),
    }


class LowIncomeWorker(Schema):
    full_name: str
    birth_year: int
    head_name: str
    village: str
    commune: str
    employment: str


@router.get(
    "/reviews/rounds/{round_id}/low-income-workers",
    response={200: list[LowIncomeWorker], **ERRORS},
    summary="Người lao động có thu nhập thấp của đợt rà soát (Nghị định 30/2025/NĐ-CP)",
)
def low_income_workers(request, round_id: int = Path(..., ge=1, le=MAX_ID)):
    return low_income.low_income_workers(queries.round_for(request.user, round_id))


class AgriculturalHousehold(Schema):
    household_id: int
    code: str
    head_name: str
    village: str
    commune: str
    reason: str


class AgriculturalOut(Schema):
    round_id: int
    standard_id: str
    defined: bool = Field(..., description="false khi chuẩn của đợt không quy định mức sống trung bình")
    message: str = Field("", description="lý do không lập danh sách (khi defined là false)")
    legal_basis: list[str]
    health_insurance: str
    notes: list[str]
    households: list[AgriculturalHousehold]


@router.get(
    "/reviews/rounds/{round_id}/agricultural-households",
    response={200: AgriculturalOut, **ERRORS},
    summary="Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình (QĐ 24/2021)",
)
def agricultural_households(request, round_id: int = Path(..., ge=1, le=MAX_ID)):
    round_ = queries.round_for(request.user, round_id)
    found = agricultural.identify(round_, request.user)
    procedure = agricultural.procedure()
    return {
        "round_id": round_.pk,
        "standard_id": round_.standard_id,
        "defined": not found.undefined,
        "message": found.undefined,
        "legal_basis": [c.text for c in procedure.legal_basis],
        "health_insurance": procedure.insurance_text,
        "notes": found.notes if not found.undefined else [],
        "households": found.entries,
    }
