import datetime as dt

import pytest

from giamngheo.areas.lineage import load_lineage
from giamngheo.areas.models import AdminUnit, Era, Level, UnitSuccession
from giamngheo.reports.tests.conftest import classify, resurvey  # noqa: F401 (fixtures)

LEGACY = {"era": Era.LEGACY, "valid_from": None, "valid_to": dt.date(2025, 6, 30)}


def make_unit(code: str, name: str, level: str, parent=None, **extra) -> AdminUnit:
    province = None if parent is None else (parent if parent.level == Level.PROVINCE else parent.province)
    fields = {"short_name": name.split(" ", 1)[-1], "kind": name.split(" ", 1)[0], "era": Era.CURRENT}
    return AdminUnit.objects.create(
        code=code, name=name, level=level, parent=parent, province=province, **(fields | extra)
    )


def legacy(code: str, name: str, level: str, parent=None):
    return make_unit(code, name, level, parent, **LEGACY)


@pytest.fixture
def legacy_world(geography):
    """The pre-2025 units the seed plans name, each with old communes succeeded by current
    communes: Ninh Thuận (58) → Khánh Hòa (56); Quảng Nam (49) → Đà Nẵng (48); Bắc Giang (24)
    → Bắc Ninh (27); Phước Long (688, Bình Phước 70) → Đồng Nai (75); Nghệ An (40) → Nghệ An (40)."""
    khanh_hoa = geography["province"]
    current = {
        "48": make_unit("48", "Thành phố Đà Nẵng", Level.PROVINCE),
        "27": make_unit("27", "Tỉnh Bắc Ninh", Level.PROVINCE),
        "75": make_unit("75", "Tỉnh Đồng Nai", Level.PROVINCE),
        "40": make_unit("40", "Tỉnh Nghệ An", Level.PROVINCE),
        "56": khanh_hoa,
    }
    new_communes = {
        code: make_unit(f"{code}001", f"Xã Mới {code}", Level.COMMUNE, p) for code, p in current.items()
    }
    new_communes["56"] = geography["commune"]
    world = {"current": current, "new_communes": new_communes}
    provinces = {
        "58": ("Tỉnh Ninh Thuận", "56", [("582", "Huyện Ninh Phước")]),
        "49": (
            "Tỉnh Quảng Nam",
            "48",
            [
                ("504", "Huyện Tây Giang"),
                ("505", "Huyện Đông Giang"),
                ("509", "Huyện Quế Sơn"),
                ("510", "Huyện Nam Giang"),
                ("511", "Huyện Phước Sơn"),
                ("512", "Huyện Hiệp Đức"),
                ("513", "Huyện Thăng Bình"),
                ("514", "Huyện Tiên Phước"),
                ("515", "Huyện Bắc Trà My"),
                ("516", "Huyện Nam Trà My"),
                ("517", "Huyện Núi Thành"),
            ],
        ),
        "24": ("Tỉnh Bắc Giang", "27", [("219", "Huyện Lục Ngạn"), ("220", "Huyện Sơn Động")]),
        "70": ("Tỉnh Bình Phước", "75", [("688", "Thị xã Phước Long")]),
        "40": ("Tỉnh Nghệ An", "40", [("417", "Huyện Kỳ Sơn")]),
    }
    for code, (name, successor, districts) in provinces.items():
        province = legacy(code, name, Level.PROVINCE)
        world[code] = province
        for d_code, d_name in districts:
            district = legacy(d_code, d_name, Level.DISTRICT, province)
            world[d_code] = district
            old = legacy(f"{d_code}01", f"Xã Cũ {d_code}", Level.COMMUNE, district)
            world[f"{d_code}01"] = old
            UnitSuccession.objects.create(old_unit=old, new_unit=new_communes[successor], is_default=True)
    assert load_lineage() == (1, [])  # Huyện Nông Sơn → Huyện Quế Sơn (1 January 2025)
    world["519"] = AdminUnit.objects.get(era=Era.LEGACY, level=Level.DISTRICT, code="519")
    return world
