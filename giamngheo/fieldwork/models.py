"""What a device sent: one row per client key, so a resent survey is recognised,
never applied twice."""

from django.conf import settings
from django.db import models

from giamngheo.areas.scope import AreaLookups


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", "Đã nhận"
    REFUSED = "refused", "Bị từ chối"
    CONFLICT = "conflict", "Xung đột, chờ người chọn"


class Submission(models.Model):
    """A survey sent from a phone (or imported from ODK/KoboToolbox), keyed by the UUID
    the device gave it."""

    AREA_LOOKUPS = AreaLookups(
        province="household__province", commune="household__commune", village="household__village"
    )

    client_key = models.UUIDField("mã gửi của thiết bị", unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="người gửi"
    )
    household = models.ForeignKey(
        "households.Household", models.PROTECT, related_name="+", null=True, blank=True, verbose_name="hộ"
    )
    survey = models.ForeignKey(
        "households.Survey", models.PROTECT, related_name="+", null=True, blank=True, verbose_name="phiếu"
    )
    outcome = models.CharField("kết quả", max_length=10, choices=Outcome.choices)
    reason = models.TextField("lý do", blank=True)
    payload = models.JSONField("nội dung gửi")
    received_at = models.DateTimeField("nhận lúc", auto_now=True)

    class Meta:
        verbose_name = "phiếu gửi từ thiết bị"
        verbose_name_plural = "phiếu gửi từ thiết bị"

    def __str__(self) -> str:
        return f"{self.client_key} ({self.get_outcome_display()})"
