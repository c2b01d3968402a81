"""Demo accounts, one per role, for the generated demo province."""

from dataclasses import dataclass

from django.db import transaction

from giamngheo.accounts.models import AreaAssignment, Role, User
from giamngheo.areas.models import AdminUnit, Level

DEMO_PASSWORD = "giamngheo-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    unit: str


def ensure_demo_users(province: AdminUnit) -> list[DemoLogin]:
    """Create (or reset) the demo users of a province; returns their logins."""
    commune = _busiest_commune(province)
    village = commune.children.filter(level=Level.VILLAGE).order_by("code").first()
    plan = [
        ("quantri", Role.ADMIN, None, "Quản trị Hệ thống"),
        ("tinh", Role.PROVINCE_OFFICER, province, "Cán bộ Sở"),
        ("xa", Role.COMMUNE_OFFICER, commune, "Cán bộ Xã"),
        ("thon", Role.VILLAGE_COLLABORATOR, village or commune, "Cộng tác viên Thôn"),
        ("lanhdao", Role.LEADER, province, "Lãnh đạo Tỉnh"),
    ]
    logins = []
    with transaction.atomic():
        for username, role, unit, full_name in plan:
            user, _ = User.objects.get_or_create(username=username)
            user.role = role
            user.first_name, user.last_name = full_name, ""  # Vietnamese names read family-first
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.assignments.all().delete()
            if unit is not None:
                AreaAssignment.objects.create(user=user, unit=unit)
            logins.append(DemoLogin(username, DEMO_PASSWORD, role.label, unit.name if unit else "toàn quốc"))
    return logins


def _busiest_commune(province: AdminUnit) -> AdminUnit:
    from django.db.models import Count

    from giamngheo.households.models import Household

    busiest = (
        Household.objects.filter(province=province)
        .values("commune")
        .annotate(n=Count("id"))
        .order_by("-n", "commune")
        .first()
    )
    if busiest:
        return AdminUnit.objects.get(pk=busiest["commune"])
    return province.children.filter(level=Level.COMMUNE).order_by("code").first()
