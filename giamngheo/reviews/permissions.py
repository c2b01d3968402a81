"""Who may act on a round: a writer whose area covers the round's unit; province
sign-off and province rounds need a province officer (or an administrator)."""

from django.core.exceptions import PermissionDenied

from giamngheo.accounts.models import Role
from giamngheo.areas.models import AdminUnit
from giamngheo.areas.scope import unit_in_scope
from giamngheo.reviews.models import Round

PROVINCE_ROLES = {Role.ADMIN, Role.PROVINCE_OFFICER}
COMMUNE_ROLES = PROVINCE_ROLES | {Role.COMMUNE_OFFICER}


def is_province_officer(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role in PROVINCE_ROLES))


def can_act_on_unit(unit: AdminUnit, user) -> bool:
    if user is None or not user.is_authenticated or not user.can_write:
        return False
    if not (user.is_superuser or user.role in COMMUNE_ROLES):
        return False
    return unit_in_scope(unit, user)


def check_unit(unit: AdminUnit, user) -> None:
    if not can_act_on_unit(unit, user):
        raise PermissionDenied(f"Bạn không có quyền thực hiện rà soát tại {unit}.")


def check_round(round_: Round, user) -> None:
    check_unit(round_.unit, user)


def check_province(province: AdminUnit, user) -> None:
    if not (is_province_officer(user) and can_act_on_unit(province, user)):
        raise PermissionDenied(f"Chỉ cán bộ cấp tỉnh phụ trách {province} được thực hiện thao tác này.")
