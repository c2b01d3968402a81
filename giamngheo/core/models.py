from django.conf import settings
from django.db import models


class BulkChange(models.Model):
    """One audit entry for a bulk write that bypasses per-row history
    (generating demo data, importing a workbook, a classification run)."""

    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    action = models.CharField("thao tác", max_length=40)
    unit = models.ForeignKey(
        "areas.AdminUnit", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="đơn vị"
    )
    description = models.TextField("mô tả")
    rows = models.PositiveIntegerField("số bản ghi", default=0)

    class Meta:
        verbose_name = "thay đổi hàng loạt"
        verbose_name_plural = "thay đổi hàng loạt"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action}: {self.description}"
