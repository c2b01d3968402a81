"""What a unit still lacks before its pages can show figures, and who provides it: the
sentence a page shows instead of an empty table (a new commune has no households, a
commune with households has no surveys yet, surveys not yet classified officially)."""

from dataclasses import dataclass

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import scoped
from giamngheo.households.models import Household, Survey
from giamngheo.standards.models import Classification


@dataclass(frozen=True)
class MissingStep:
    what: str  # what is missing, in Vietnamese
    who: str  # who provides it
    url_name: str = ""  # where that person does it
    link_text: str = ""


def _unit_filter(unit: AdminUnit, prefix: str = "") -> dict:
    field = {Level.PROVINCE: "province", Level.COMMUNE: "commune"}.get(unit.level, "village")
    return {f"{prefix}{field}": unit}


def missing_steps(unit: AdminUnit, user) -> list[MissingStep]:
    """The first thing missing for the unit (empty when it has classified households)."""
    households = scoped(Household.objects.filter(is_active=True, **_unit_filter(unit)), user)
    if not households.exists():
        return [
            MissingStep(
                f"{unit.name} chưa có hộ gia đình nào trong hệ thống.",
                "Cán bộ giảm nghèo cấp xã nhập danh sách hộ (từ tệp Excel theo mẫu, hoặc lập từng hộ).",
                "imports:upload",
                "Nhập danh sách hộ",
            )
        ]
    surveys = scoped(Survey.objects.filter(**_unit_filter(unit, "household__")), user)
    if not surveys.exists():
        return [
            MissingStep(
                f"Các hộ của {unit.name} chưa có phiếu khảo sát.",
                "Cộng tác viên thôn hoặc cán bộ xã nhập phiếu khảo sát của từng hộ (trang của hộ → Phiếu khảo sát).",
                "households:list",
                "Danh sách hộ",
            )
        ]
    official = scoped(Classification.objects.filter(official=True, **_unit_filter(unit, "household__")), user)
    if not official.exists():
        return [
            MissingStep(
                f"Phiếu khảo sát của {unit.name} chưa được phân loại chính thức.",
                "Cán bộ giảm nghèo cấp xã hoặc cấp tỉnh chạy lượt phân loại chính thức; số liệu tổng hợp "
                "được tính ngay khi lượt phân loại xong.",
                "standards:runs",
                "Chạy lượt phân loại",
            )
        ]
    return []
