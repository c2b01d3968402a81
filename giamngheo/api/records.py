"""Surveys and classifications, read-only."""

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from giamngheo.api.pagination import paginate
from giamngheo.api.schemas import ERRORS, ClassificationOut, SurveyOut
from giamngheo.areas.scope import scoped
from giamngheo.households.models import Survey, SurveyMember
from giamngheo.standards.models import Classification

router = Router(tags=["Phiếu khảo sát và phân loại"])


class RecordQuery(Schema):
    household: str | None = None
    cursor: str | None = None
    limit: int = Field(100, ge=1, le=500)


class SurveyQuery(RecordQuery):
    year: int | None = Field(None, ge=2000, le=2100)


class ClassificationQuery(RecordQuery):
    standard: str | None = None
    official: bool | None = None


class SurveyPage(Schema):
    items: list[SurveyOut]
    next_cursor: str | None = None


class ClassificationPage(Schema):
    items: list[ClassificationOut]
    next_cursor: str | None = None


@router.get("/surveys", response={200: SurveyPage, **ERRORS}, summary="Phiếu khảo sát")
def list_surveys(request, filters: Query[SurveyQuery]):
    answers = Prefetch("member_answers", queryset=SurveyMember.objects.order_by("pk"))
    surveys = scoped(Survey.objects.select_related("household").prefetch_related(answers), request.user)
    if filters.household:
        surveys = surveys.filter(household__code=filters.household)
    if filters.year:
        surveys = surveys.filter(survey_date__year=filters.year)
    rows, following = paginate(surveys, filters.cursor, filters.limit)
    return {"items": rows, "next_cursor": following}


@router.get("/classifications", response={200: ClassificationPage, **ERRORS}, summary="Kết quả phân loại")
def list_classifications(request, filters: Query[ClassificationQuery]):
    rows = scoped(Classification.objects.select_related("household"), request.user)
    if filters.household:
        rows = rows.filter(household__code=filters.household)
    if filters.standard:
        rows = rows.filter(standard_id=filters.standard)
    if filters.official is not None:
        rows = rows.filter(official=filters.official)
    page, following = paginate(rows, filters.cursor, filters.limit)
    return {"items": page, "next_cursor": following}
