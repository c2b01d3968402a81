"""Fixtures shared by every app's tests: a small geography and users per role."""

import datetime as dt

import pytest

from giamngheo.accounts.models import AreaAssignment, Role, User
from giamngheo.areas.models import AdminUnit, AreaType, Era, Level


def make_unit(code: str, name: str, level: str, parent: AdminUnit | None = None, **extra) -> AdminUnit:
    province = None if parent is None else (parent if parent.level == Level.PROVINCE else parent.province)
    defaults = {
        "short_name": name.split(" ", 1)[-1],
        "kind": name.split(" ", 1)[0],
        "era": Era.CURRENT,
        "valid_from": dt.date(2025, 7, 1),
    }
    return AdminUnit.objects.create(
        code=code, name=name, level=level, parent=parent, province=province, **(defaults | extra)
    )


@pytest.fixture
def geography(db):
    """Two provinces; the first has two communes (one rural, one urban) and a village."""
    p1 = make_unit("56", "Tỉnh Khánh Hòa", Level.PROVINCE)
    p2 = make_unit("15", "Tỉnh Lào Cai", Level.PROVINCE)
    c1 = make_unit("22402", "Xã Phước Hà", Level.COMMUNE, p1, area_type=AreaType.RURAL)
    c2 = make_unit("22333", "Phường Phan Rang", Level.COMMUNE, p1, area_type=AreaType.URBAN)
    c3 = make_unit("02716", "Xã Bát Xát", Level.COMMUNE, p2, area_type=AreaType.RURAL)
    v1 = make_unit("22402-01", "Thôn Một", Level.VILLAGE, c1, kind="Thôn", area_type=AreaType.RURAL)
    return {
        "province": p1,
        "other_province": p2,
        "commune": c1,
        "urban": c2,
        "other_commune": c3,
        "village": v1,
    }


@pytest.fixture
def make_user(db):
    def make(username: str, role: str = Role.COMMUNE_OFFICER, *units: AdminUnit) -> User:
        user = User.objects.create_user(username=username, password="mat-khau-thu-nghiem", role=role)
        for unit in units:
            AreaAssignment.objects.create(user=user, unit=unit)
        return user

    return make
