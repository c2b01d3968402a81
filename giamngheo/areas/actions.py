"""Writes to administrative units made by users: only villages (thôn, tổ dân phố)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from giamngheo.areas.models import AdminUnit, AreaType, Era, Level
from giamngheo.areas.scope import unit_in_scope


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
