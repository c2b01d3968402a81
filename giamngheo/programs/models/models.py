"""Poverty-reduction models and the plans' rules about them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups

from .base import money
from .budgets import NtpProject


class ModelRule(models.Model):
    """A plan's rule for poverty-reduction models, e.g. Bắc Giang 2013-2015: 3-5 models a
    year at 500 million VND each in communes with ≥ 25% poor households."""

    key = models.SlugField("mã", max_length=60, unique=True)
    plan = models.ForeignKey(
        "targets.Plan", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="kế hoạch"
    )
    plan_key = models.CharField("mã kế hoạch mẫu", max_length=60, blank=True)
    title = models.CharField("tên", max_length=255)
    first_year = models.PositiveSmallIntegerField("từ năm")
    last_year = models.PositiveSmallIntegerField("đến năm")
    min_per_year = models.PositiveSmallIntegerField("số mô hình tối thiểu/năm")
    max_per_year = models.PositiveSmallIntegerField("số mô hình tối đa/năm", null=True, blank=True)
    budget_per_model = money("kinh phí mỗi mô hình (đồng)", null=True, blank=True)
    min_poor_share = models.DecimalField(
        "tỷ lệ hộ nghèo tối thiểu của xã (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    quote = models.TextField("trích dẫn văn bản", blank=True)
    unchecked = models.TextField("điều kiện chưa kiểm tra được", blank=True)

    class Meta:
        verbose_name = "quy định về mô hình giảm nghèo"
        verbose_name_plural = "quy định về mô hình giảm nghèo"

    def __str__(self) -> str:
        return self.title


class ReductionModel(models.Model):
    """A poverty-reduction model (mô hình giảm nghèo) in a commune."""

    AREA_LOOKUPS = AreaLookups(province="province", commune="current_commune")

    name = models.CharField("tên mô hình", max_length=255)
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="xã (như văn bản)"
    )
    province = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh hiện nay"
    )
    current_commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="xã hiện nay"
    )
    plan = models.ForeignKey(
        "targets.Plan", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="kế hoạch"
    )
    project = models.ForeignKey(
        NtpProject, models.SET_NULL, null=True, blank=True, related_name="models", verbose_name="dự án MTQG"
    )
    year = models.PositiveSmallIntegerField("năm")
    budget = money("kinh phí (đồng)")
    commune_poor_share = models.DecimalField(
        "tỷ lệ hộ nghèo của xã khi chọn (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Theo văn bản phê duyệt; trống: tính từ sổ hộ hiện nay.",
    )
    households = models.ManyToManyField(
        "households.Household", blank=True, related_name="reduction_models", verbose_name="hộ tham gia"
    )
    results = models.TextField("kết quả", blank=True)
    households_escaped = models.PositiveIntegerField(
        "số hộ tham gia đã thoát nghèo (báo cáo)", null=True, blank=True
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "mô hình giảm nghèo"
        verbose_name_plural = "mô hình giảm nghèo"
        ordering = ["-year", "name"]
        constraints = [models.CheckConstraint(condition=Q(budget__gte=0), name="model_budget_gte_0")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def clean(self) -> None:
        if self.budget is not None and self.budget < 0:
            raise ValidationError({"budget": "Kinh phí không được âm."})
