"""The National Target Programme's projects and its budget lines."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups

from .base import money


class Programme(models.Model):
    """A national target programme for poverty reduction: 2012-2015 (QĐ 1489/QĐ-TTg),
    2016-2020 (QĐ 1722/QĐ-TTg), 2021-2025 (QĐ 90/QĐ-TTg), 2026-2035."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=300)
    first_year = models.PositiveSmallIntegerField("từ năm")
    last_year = models.PositiveSmallIntegerField("đến năm")
    legal_basis = models.CharField("căn cứ", max_length=500)
    confirmed = models.BooleanField("đã đối chiếu văn bản", default=False)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "chương trình MTQG"
        verbose_name_plural = "chương trình MTQG"
        ordering = ["-first_year"]

    def __str__(self) -> str:
        return self.name


class NtpProject(models.Model):
    """A project (dự án, hợp phần) or sub-project (tiểu dự án) of a national target
    programme for poverty reduction (codes of 2021-2025 as DA3.2; other programmes
    prefix their period, e.g. 1722-DA1)."""

    code = models.CharField(
        "mã", max_length=20, unique=True, help_text="DA3 (dự án 3), DA3.2 (tiểu dự án 2)."
    )
    programme = models.ForeignKey(
        Programme, models.PROTECT, null=True, blank=True, related_name="projects", verbose_name="chương trình"
    )
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="thuộc dự án"
    )
    number = models.PositiveSmallIntegerField("số dự án")
    sub_number = models.PositiveSmallIntegerField("số tiểu dự án", null=True, blank=True)
    name = models.CharField("tên", max_length=300)
    lead_ministry = models.CharField("cơ quan chủ trì ở trung ương", max_length=200, blank=True)
    confirmed = models.BooleanField(
        "đã đối chiếu văn bản",
        default=False,
        help_text="Bỏ chọn khi nội dung chưa được đối chiếu văn bản gốc.",
    )
    legal_basis = models.CharField("căn cứ", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "dự án thuộc Chương trình MTQG"
        verbose_name_plural = "dự án thuộc Chương trình MTQG"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.label}: {self.name}"

    @property
    def label(self) -> str:
        if self.sub_number:
            return f"Tiểu dự án {self.sub_number} (Dự án {self.number})"
        return f"Dự án {self.number}"


class Source(models.TextChoices):
    CENTRAL = "central", "Ngân sách trung ương"
    PROVINCE = "province", "Ngân sách tỉnh"
    LOCAL = "local", "Ngân sách huyện/xã"
    MOBILISED = "mobilised", "Vốn huy động"
    CREDIT = "credit", "Vốn tín dụng"


class Nature(models.TextChoices):
    INVESTMENT = "investment", "Vốn đầu tư phát triển"
    RECURRENT = "recurrent", "Vốn sự nghiệp"


class ProgrammeBudgetLine(models.Model):
    """Money for the programme in a unit and year, for one project/sub-project (or the
    whole programme), one source and one nature (blank = all): planned, allocated,
    disbursed. A plan's total is the line with no project, source or nature; its parts
    should add up to it (see `budgets.consistency_checks`)."""

    AREA_LOOKUPS = AreaLookups(province="province", commune="commune")

    plan = models.ForeignKey(
        "targets.Plan",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="programme_budget_lines",
        verbose_name="kế hoạch",
    )
    unit = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="đơn vị")
    province = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh hiện nay"
    )
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="xã hiện nay"
    )
    year = models.PositiveSmallIntegerField("năm")
    project = models.ForeignKey(
        NtpProject, models.PROTECT, null=True, blank=True, related_name="budget_lines", verbose_name="dự án"
    )
    source = models.CharField("nguồn vốn", max_length=10, choices=Source.choices, blank=True)
    nature = models.CharField("tính chất", max_length=10, choices=Nature.choices, blank=True)
    label = models.CharField("khoản (như văn bản)", max_length=255, blank=True)
    planned = money("kế hoạch (đồng)")
    allocated = money("đã giao (đồng)", null=True, blank=True)
    disbursed = money("đã giải ngân (đồng)", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    seed_key = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "dòng kinh phí chương trình"
        verbose_name_plural = "kinh phí chương trình"
        ordering = ["year", "unit", "project__position", "source", "nature", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned__gte=0), name="budget_planned_gte_0"),
            models.CheckConstraint(
                condition=Q(allocated__gte=0) | Q(allocated__isnull=True), name="budget_allocated_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(disbursed__gte=0) | Q(disbursed__isnull=True), name="budget_disbursed_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(disbursed__isnull=True)
                | Q(disbursed__lte=Coalesce(F("allocated"), F("planned"))),
                name="budget_disbursed_within_allocation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.part_label}"

    @property
    def part_label(self) -> str:
        parts = [self.project.label if self.project_id else "Toàn chương trình"]
        if self.source:
            parts.append(self.get_source_display())
        if self.nature:
            parts.append(self.get_nature_display())
        return " · ".join(parts)

    @property
    def disbursement_rate(self) -> float | None:
        base = self.allocated if self.allocated else None
        if base is None or self.disbursed is None:
            return None
        return float(self.disbursed) / float(base) * 100

    def clean(self) -> None:
        errors = {}
        for name in ("planned", "allocated", "disbursed"):
            value = getattr(self, name)
            if value is not None and value < 0:
                label = self._meta.get_field(name).verbose_name
                errors[name] = f"Số tiền {label} không được âm (đã nhập {value:,.0f}).".replace(",", ".")
        if not errors and self.disbursed is not None and self.planned is not None:
            ceiling, what = (
                (self.allocated, "đã giao") if self.allocated is not None else (self.planned, "kế hoạch")
            )
            if self.disbursed > ceiling:
                errors["disbursed"] = (
                    f"Số giải ngân ({_vnd(self.disbursed)} đồng) vượt số vốn {what} ({_vnd(ceiling)} đồng)."
                )
        if errors:
            raise ValidationError(errors)


def _vnd(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", ".")
