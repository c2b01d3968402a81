"""Writes to administrative units made by users: villages (thôn, tổ dân phố), and units
that no longer exist and that the bundled list lacks (administrators only, audited)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from giamngheo.areas.lineage import link
from giamngheo.areas.models import AdminUnit, AreaType, Era, Level
from giamngheo.areas.scope import unit_in_scope
from giamngheo.core.models import BulkChange


def create_village(commune: AdminUnit, name: str, user) -> AdminUnit:
    """Create a village under a current commune. Codes are `<commune code>-NN`."""
    if commune.level != Level.COMMUNE or commune.era != Era.CURRENT:
        raise ValidationError({"parent": "Thôn/tổ dân phố chỉ được tạo dưới một xã/phường hiện hành."})
    if not (unit_in_scope(commune, user) and user.can_write):
        raise PermissionDenied("Bạn không có quyền tạo thôn ở đơn vị này.")
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Tên thôn/tổ dân phố không được để trống."})
    with transaction.atomic():
        siblings = AdminUnit.objects.select_for_update().filter(parent=commune, level=Level.VILLAGE)
        if siblings.filter(name__iexact=name).exists():
            raise ValidationError({"name": f"Đã có thôn/tổ dân phố tên “{name}” trong {commune.name}."})
        number = siblings.count() + 1
        while siblings.filter(code=f"{commune.code}-{number:02d}").exists():
            number += 1
        kind = "Tổ dân phố" if commune.area_type == AreaType.URBAN else "Thôn"
        return AdminUnit.objects.create(
            code=f"{commune.code}-{number:02d}",
            name=name,
            short_name=name,
            kind=kind,
            level=Level.VILLAGE,
            era=Era.CURRENT,
            area_type=commune.area_type,
            parent=commune,
            province=commune.province,
            valid_from=commune.valid_from,
            latitude=commune.latitude,
            longitude=commune.longitude,
        )


def add_dissolved_unit(data: dict, user) -> AdminUnit:
    """Create a pre-2025 unit with its validity and successor (`DissolvedUnitForm` data).
    Refused with the reason (nothing written) when its code is taken, its successor or
    parent is unknown, or the succession would overlap or make a cycle."""
    if not user.sees_everything:
        raise PermissionDenied("Chỉ quản trị hệ thống được thêm đơn vị hành chính.")
    legacy = AdminUnit.objects.filter(era=Era.LEGACY)
    level, code, province = data["level"], data["code"].strip(), data["province"]
    if legacy.filter(level=level, code=code).exists():
        raise ValidationError({"code": f"Đã có đơn vị mã {code} ở cấp này."})
    successor = legacy.filter(level=level, code=data["successor_code"].strip()).first()
    if successor is None:
        raise ValidationError({"successor_code": f"Không có đơn vị cùng cấp mã {data['successor_code']}."})
    parent = province
    if level == Level.COMMUNE:
        parent = legacy.filter(level=Level.DISTRICT, code=(data.get("parent_code") or "").strip()).first()
        if parent is None:
            raise ValidationError({"parent_code": "Xã/phường phải thuộc một huyện có trong danh mục."})
    name = " ".join(data["name"].split())
    with transaction.atomic():
        unit = AdminUnit.objects.create(
            code=code, name=name, short_name=name.removeprefix(data["kind"]).strip() or name,
            kind=data["kind"], level=level, era=Era.LEGACY, parent=parent, province=province,
            valid_from=data.get("valid_from"), valid_to=data["valid_to"],
        )  # fmt: skip
        link(unit, successor, data["basis"])
        BulkChange.objects.create(
            user=user,
            action="Thêm đơn vị hành chính",
            unit=province,
            description=(
                f"{name} (mã {code}), hiệu lực đến {unit.valid_to:%d/%m/%Y}, "
                f"kế thừa bởi {successor.name}; căn cứ: {data['basis']}"
            ),
            rows=1,
        )
    return unit
