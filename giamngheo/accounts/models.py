from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    PROVINCE_OFFICER = "province_officer", "Cán bộ cấp tỉnh"
    COMMUNE_OFFICER = "commune_officer", "Cán bộ cấp xã"
    VILLAGE_COLLABORATOR = "village_collaborator", "Cộng tác viên thôn"
    LEADER = "leader", "Lãnh đạo (chỉ xem)"


READ_ONLY_ROLES = {Role.LEADER}


class User(AbstractUser):
    role = models.CharField("vai trò", max_length=24, choices=Role.choices, default=Role.COMMUNE_OFFICER)
    units = models.ManyToManyField(
        "areas.AdminUnit", through="AreaAssignment", related_name="users", verbose_name="địa bàn", blank=True
    )

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def can_write(self) -> bool:
        return self.is_active and self.role not in READ_ONLY_ROLES


class AreaAssignment(models.Model):
    user = models.ForeignKey(User, models.CASCADE, related_name="assignments", verbose_name="người dùng")
    unit = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="đơn vị")

    class Meta:
        verbose_name = "phân công địa bàn"
        verbose_name_plural = "phân công địa bàn"
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="unique_assignment")]

    def __str__(self) -> str:
        return f"{self.user} — {self.unit}"
