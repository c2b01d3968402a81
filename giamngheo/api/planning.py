"""The impact of a standard change for a unit within the caller's area."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema

from giamngheo.api.schemas import ERRORS
from giamngheo.areas.models import AdminUnit
from giamngheo.planning.reading import NoSurveys, impact_for
from giamngheo.standards import engine

router = Router(tags=["Dự báo tác động của chuẩn mới"])


class ImpactQuery(Schema):
    unit: int = Field(..., description="Mã số (id) tỉnh hoặc xã/phường")
    year: int = Field(..., ge=2011, le=2100, description="Năm rà soát (năm của phiếu khảo sát)")
    standard_from: str = Field("2022-2025", max_length=20)
    standard_to: str = Field("2026-2030", max_length=20)


class StatusRow(Schema):
    status: str
    households_from: int
    households_to: int
    people_from: int
    people_to: int


class CommuneRow(Schema):
    commune_id: int
    households: int
    people: int
    changed: int
    poor_from: int
    poor_to: int
    near_poor_from: int
    near_poor_to: int
    cost_from: int
    cost_to: int
    cost_change: int


class ImpactOut(Schema):
    standard_from: str
    standard_to: str
    year: int
    households: int
    yearly_premium: int = Field(description="Mức đóng BHYT một người một năm (đồng)")
    cost_from: int
    cost_to: int
    by_status: list[StatusRow]
    matrix: dict[str, dict[str, int]]
    communes: list[CommuneRow]


@router.get("/impact", response={200: ImpactOut, **ERRORS}, summary="Tác động của việc đổi chuẩn nghèo")
def impact(request, query: Query[ImpactQuery]):
    unit = AdminUnit.objects.filter(pk=query.unit).first()
    if unit is None:
        raise Http404("Không có đơn vị này.")
    known = {s.id for s in engine.available_standards()}
    if query.standard_from not in known or query.standard_to not in known:
        raise ValidationError({"standard": f"Chuẩn không có. Các chuẩn: {', '.join(sorted(known))}."})
    try:
        result = impact_for(unit, query.year, query.standard_from, query.standard_to, request.user)
    except NoSurveys as missing:
        raise Http404(f"Chưa có phiếu khảo sát nào đã nộp của năm {query.year} ở: {missing}.") from None
    return {
        "standard_from": result.standard_from,
        "standard_to": result.standard_to,
        "year": result.year,
        "households": result.households,
        "yearly_premium": result.insurance.yearly_premium,
        "cost_from": result.cost_from,
        "cost_to": result.cost_to,
        "by_status": result.by_status(),
        "matrix": result.matrix(),
        "communes": list(result.by_commune().iter_rows(named=True)),
    }
