"""The phone's API (under /api/field/): questionnaire, offline download, preview and sync.
Session (with CSRF) or bearer-token auth, like the rest of the API."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from giamngheo.api.schemas import ERRORS
from giamngheo.areas.scope import scoped
from giamngheo.fieldwork import package, preview, sync
from giamngheo.fieldwork.questionnaire import questionnaire
from giamngheo.households.models import Household

router = Router(tags=["field"])


class PreviewIn(Schema):
    household_id: int
    survey_date: dt.date
    household: dict[str, Any] = {}
    members: dict[str, dict[str, Any]] = {}


class SyncIn(Schema):
    submissions: list[dict[str, Any]]


@router.get(
    "/questionnaire",
    response={200: dict[str, Any], **ERRORS},
    summary="Phiếu khảo sát (câu hỏi và điều kiện)",
)
def get_questionnaire(request, date: dt.date | None = None):
    return questionnaire(on=date)


@router.get("/package", response={200: dict[str, Any], **ERRORS}, summary="Dữ liệu tải về điện thoại")
def get_package(request, village: int | None = None):
    if not request.user.can_write:
        raise ValidationError("Tài khoản chỉ được xem không tải dữ liệu khảo sát về máy.")
    return package.field_package(request.user, village) | {"questionnaire": questionnaire()}


@router.post("/preview", response={200: dict[str, Any], **ERRORS}, summary="Kết quả dự kiến của phiếu")
def post_preview(request, body: PreviewIn):
    household = get_object_or_404(
        scoped(Household.objects.filter(is_active=True), request.user), pk=body.household_id
    )
    return preview.preview(household, body.survey_date, body.household, body.members)


@router.post("/sync", response={200: dict[str, Any], **ERRORS}, summary="Gửi phiếu từ điện thoại")
def post_sync(request, body: SyncIn):
    return {"results": sync.apply_in_order(request.user, body.submissions)}
