"""What a province sets for its review-quality checks, and the flags an officer dismissed."""

import yaml
from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups


class CheckThreshold(models.Model):
    """A province's own threshold for one check (the check's default applies otherwise)."""

    province = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh")
    check_code = models.CharField("phép kiểm tra", max_length=40)
    value = models.FloatField("ngưỡng")
    history = HistoricalRecords()

    AREA_LOOKUPS = AreaLookups(province="province")

    class Meta:
        verbose_name = "ngưỡng kiểm tra rà soát"
        verbose_name_plural = "ngưỡng kiểm tra rà soát"
        constraints = [
            models.UniqueConstraint(fields=["province", "check_code"], name="one_threshold_per_check")
        ]

    def __str__(self) -> str:
        return f"{self.check_code}: {self.value}"


class Dismissal(models.Model):
    """A flag an officer looked at and dismissed, with the reason."""

    province = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh")
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, related_name="+", verbose_name="xã/phường"
    )
    year = models.PositiveSmallIntegerField("năm rà soát")
    check_code = models.CharField("phép kiểm tra", max_length=40)
    key = models.CharField("đối tượng", max_length=60)
    reason = models.TextField("lý do bỏ qua")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="người bỏ qua"
    )
    dismissed_at = models.DateTimeField("lúc", auto_now_add=True)
    history = HistoricalRecords()

    AREA_LOOKUPS = AreaLookups(province="province", commune="commune")

    class Meta:
        verbose_name = "cảnh báo đã bỏ qua"
        verbose_name_plural = "cảnh báo đã bỏ qua"
        constraints = [
            models.UniqueConstraint(fields=["check_code", "year", "key"], name="one_dismissal_per_flag")
        ]

    def __str__(self) -> str:
        return f"{self.check_code} {self.key}: {self.reason[:60]}"


class DraftStandard(models.Model):
    """An analyst's what-if variant of a standard: compared, never applied."""

    name = models.CharField("tên dự thảo", max_length=120)
    base_id = models.CharField("dựa trên chuẩn", max_length=40)
    changes = models.JSONField("thay đổi", default=dict)
    yaml_text = models.TextField("tệp chuẩn (YAML)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="người lập"
    )
    created_at = models.DateTimeField("ngày lập", auto_now_add=True)
    history = HistoricalRecords()

    AREA_LOOKUPS = AreaLookups()

    class Meta:
        verbose_name = "chuẩn dự thảo"
        verbose_name_plural = "chuẩn dự thảo"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def standard_id(self) -> str:
        return yaml.safe_load(self.yaml_text)["id"]
