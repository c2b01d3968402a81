from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from giamngheo.api.pagination import paginate
from giamngheo.api.schemas import ERRORS, HouseholdIn, HouseholdOut, HouseholdPatch, MemberIn, MemberOut
from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import scoped
from giamngheo.households import actions
from giamngheo.households.models import Household
from giamngheo.households.models import Status as HouseholdStatus
from giamngheo.households.queries import FLAGS, HouseholdFilter, household_list

router = Router(tags=["Hộ gia đình"])


# Filters outside these values are refused (422) instead of silently matching nothing.
StatusFilter = Literal[("", *HouseholdStatus.values)]
FlagFilter = Literal[FLAGS]


class HouseholdQuery(Schema):
    q: str = ""
    commune: str | None = Field(None, pattern=r"^\d{5}$", description="mã xã/phường (5 chữ số)")
    village: str | None = None
    status: StatusFilter = ""
    flag: list[FlagFilter] = []
    active: bool = True
    cursor: str | None = None
    limit: int = Field(100, ge=1, le=500)


class HouseholdPage(Schema):
    items: list[HouseholdOut]
    next_cursor: str | None = None


class MemberPage(Schema):
    items: list[MemberOut]


def _unit(code: str | None, level: str) -> AdminUnit | None:
    if not code:
        return None
    return AdminUnit.objects.filter(era=Era.CURRENT, level=level, code=code).first()


def _household(request, code: str) -> Household:
    visible = scoped(
        Household.objects.select_related("province", "commune", "village", "current"), request.user
    )
    return get_object_or_404(visible, code=code)


@router.get("", response={200: HouseholdPage, **ERRORS}, summary="Danh sách hộ trong địa bàn")
def list_households(request, filters: Query[HouseholdQuery]):
    commune, village = _unit(filters.commune, Level.COMMUNE), _unit(filters.village, Level.VILLAGE)
    if (filters.commune and commune is None) or (filters.village and village is None):
        return {"items": [], "next_cursor": None}
    criteria = HouseholdFilter(
        q=filters.q,
        commune=commune.pk if commune else None,
        village=village.pk if village else None,
        status=filters.status,
        flags=tuple(filters.flag),
        active=filters.active,
    )
    rows, following = paginate(
        household_list(request.user, criteria).select_related("province"), filters.cursor, filters.limit
    )
    return {"items": rows, "next_cursor": following}


@router.get("/{code}", response={200: HouseholdOut, **ERRORS}, summary="Một hộ")
def get_household(request, code: str):
    return _household(request, code)


@router.post("", response={201: HouseholdOut, **ERRORS}, summary="Thêm hộ")
def create_household(request, payload: HouseholdIn):
    commune = _unit(payload.commune, Level.COMMUNE)
    village = _unit(payload.village, Level.VILLAGE)
    if commune is None:
        raise ValidationError({"commune": f"Không có xã/phường mã {payload.commune}."})
    fields = payload.dict(exclude={"code", "commune", "village"})
    household = actions.create_household(
        request.user, code=payload.code, commune=commune, village=village, **fields
    )
    return Status(201, household)


@router.patch("/{code}", response={200: HouseholdOut, **ERRORS}, summary="Sửa thông tin hộ")
def update_household(request, code: str, payload: HouseholdPatch):
    changes = payload.dict(exclude_none=True)
    return actions.update_household(_household(request, code), request.user, **changes)


@router.get("/{code}/members", response={200: MemberPage, **ERRORS}, summary="Thành viên của hộ")
def list_members(request, code: str):
    return {"items": list(_household(request, code).members.order_by("pk"))}


@router.post("/{code}/members", response={201: MemberOut, **ERRORS}, summary="Thêm thành viên")
def add_member(request, code: str, payload: MemberIn):
    return Status(201, actions.add_member(_household(request, code), request.user, **payload.dict()))
