"""Summary tables: what every dashboard, report and export reads.

One `CommuneSummary` per commune, survey year and standard, computed from each
household's latest official classification of that year under that standard
(see `reports.summaries`). Its child rows hold the counts; figures for a province
(or any set of communes) are sums of these rows, never recounted from households.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups
from giamngheo.households.models import Status


class Group(models.TextChoices):
    ALL = "all", "Tất cả các hộ"
    ETHNIC_MINORITY = "ethnic_minority", "Hộ dân tộc thiểu số"
    MERITORIOUS = "meritorious", "Hộ có người có công"
    NO_LABOUR = "no_labour", "Hộ không có khả năng lao động"


class CommuneSummary(models.Model):
    AREA_LOOKUPS = AreaLookups(province="province", commune="commune")

    province = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh")
    commune = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="xã/phường")
    year = models.PositiveSmallIntegerField("năm khảo sát")
    standard_id = models.CharField("chuẩn", max_length=40)
    households = models.PositiveIntegerField("số hộ đã phân loại")
    people = models.PositiveIntegerField("số nhân khẩu")
    run = models.ForeignKey(
        "standards.ClassificationRun",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lượt phân loại gần nhất",
    )
    refreshed_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "tổng hợp theo xã"
        verbose_name_plural = "tổng hợp theo xã"
        constraints = [
            models.UniqueConstraint(fields=["commune", "year", "standard_id"], name="unique_commune_summary")
        ]
        indexes = [models.Index(fields=["province", "year", "standard_id"])]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.year} {self.standard_id}"


class StatusCount(models.Model):
    """Households and people of one status within a group of households."""

    AREA_LOOKUPS = AreaLookups(province="summary__province", commune="summary__commune")

    summary = models.ForeignKey(CommuneSummary, models.CASCADE, related_name="status_counts")
    group = models.CharField("nhóm hộ", max_length=16, choices=Group.choices)
    status = models.CharField("phân loại", max_length=10, choices=Status.choices)
    households = models.PositiveIntegerField("số hộ")
    people = models.PositiveIntegerField("số nhân khẩu")

    class Meta:
        verbose_name = "số hộ theo phân loại"
        verbose_name_plural = "số hộ theo phân loại"
        constraints = [
            models.UniqueConstraint(fields=["summary", "group", "status"], name="unique_status_count")
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.status}: {self.households}"


class DeprivationCount(models.Model):
    """Poor (or near-poor) households deprived in one indicator."""

    AREA_LOOKUPS = AreaLookups(province="summary__province", commune="summary__commune")

    summary = models.ForeignKey(CommuneSummary, models.CASCADE, related_name="deprivation_counts")
    status = models.CharField("phân loại", max_length=10, choices=Status.choices)
    indicator = models.CharField("chỉ số thiếu hụt", max_length=40)
    households = models.PositiveIntegerField("số hộ")

    class Meta:
        verbose_name = "số hộ thiếu hụt"
        verbose_name_plural = "số hộ thiếu hụt"
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "status", "indicator"], name="unique_deprivation_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.status} {self.indicator}: {self.households}"


class VillageCount(models.Model):
    """The registry's active households of one village (or of a commune's households with no
    village) in one current status: what the dashboards count by village and commune instead of
    reading the households' wide rows. Kept by `reports.village_counts` from the registry's facts."""

    AREA_LOOKUPS = AreaLookups(province="province", commune="commune", village="village")

    province = models.ForeignKey("areas.AdminUnit", models.CASCADE, related_name="+", verbose_name="tỉnh")
    commune = models.ForeignKey("areas.AdminUnit", models.CASCADE, related_name="+", verbose_name="xã/phường")
    village = models.ForeignKey(
        "areas.AdminUnit", models.CASCADE, null=True, blank=True, related_name="+", verbose_name="thôn/tổ"
    )
    status = models.CharField("phân loại hiện tại", max_length=10, choices=Status.choices, blank=True)
    households = models.PositiveIntegerField("số hộ")

    class Meta:
        verbose_name = "số hộ theo thôn"
        verbose_name_plural = "số hộ theo thôn"

    def __str__(self) -> str:
        return f"{self.commune_id}/{self.village_id} {self.status}: {self.households}"


class TransitionCount(models.Model):
    """Households whose latest official status of the previous year was `status_from`
    (blank: not classified that year) and is `status_to` in the summary's year."""

    AREA_LOOKUPS = AreaLookups(province="summary__province", commune="summary__commune")

    summary = models.ForeignKey(CommuneSummary, models.CASCADE, related_name="transition_counts")
    status_from = models.CharField("năm trước", max_length=10, choices=Status.choices, blank=True)
    status_to = models.CharField("năm nay", max_length=10, choices=Status.choices)
    households = models.PositiveIntegerField("số hộ")

    class Meta:
        verbose_name = "biến động giữa hai năm"
        verbose_name_plural = "biến động giữa hai năm"
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "status_from", "status_to"], name="unique_year_transition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.status_from or '—'} → {self.status_to}: {self.households}"


# ---------------------------------------------------------------- signed-off reports


class ReportKind(models.TextChoices):
    REVIEW = "review", "Báo cáo kết quả rà soát"
    PLAN_PROGRESS = "plan_progress", "Báo cáo tiến độ thực hiện kế hoạch"
    OFFICIAL = "official", "Bộ 15 biểu báo cáo kết quả rà soát"


class SignOffState(models.TextChoices):
    SUBMITTED = "submitted", "Đã ký, chờ tỉnh duyệt"
    APPROVED = "approved", "Đã duyệt"
    RETURNED = "returned", "Bị trả lại"


class SignedReport(models.Model):
    """A report as signed off by a unit: a dated snapshot of its figures (`data`) and of
    the files generated from them, locked against later changes to households, sent up
    for approval. A returned report stays as it was; signing off again makes a new version."""

    AREA_LOOKUPS = AreaLookups(province="province", commune="commune")
    STATE_FIELDS = frozenset({"state", "reviewed_by", "reviewed_at", "return_reason"})

    kind = models.CharField("loại báo cáo", max_length=16, choices=ReportKind.choices)
    key = models.CharField(
        "mã kỳ báo cáo",
        max_length=120,
        help_text="Loại, đơn vị/kế hoạch và kỳ: một bản đang hiệu lực mỗi kỳ.",
    )
    version = models.PositiveSmallIntegerField("lần ký", default=1)
    unit = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="đơn vị báo cáo"
    )
    province = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh")
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="xã/phường"
    )
    plan = models.ForeignKey(
        "targets.Plan", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="kế hoạch"
    )
    year = models.PositiveSmallIntegerField("năm")
    period = models.CharField("kỳ", max_length=2, blank=True)
    standard_id = models.CharField("chuẩn", max_length=40, blank=True)
    title = models.CharField("tên báo cáo", max_length=600)
    data = models.JSONField("số liệu đã chốt")
    xlsx = models.BinaryField("tệp Excel")
    pdf = models.BinaryField("tệp PDF")
    state = models.CharField(
        "trạng thái", max_length=10, choices=SignOffState.choices, default=SignOffState.SUBMITTED
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="người ký"
    )
    signed_at = models.DateTimeField("ký lúc")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người duyệt/trả lại",
    )
    reviewed_at = models.DateTimeField("duyệt/trả lại lúc", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại", blank=True)
    history = HistoricalRecords(excluded_fields=["data", "xlsx", "pdf"])

    class Meta:
        verbose_name = "báo cáo đã ký duyệt"
        verbose_name_plural = "báo cáo đã ký duyệt"
        ordering = ["-signed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(state="returned"), name="one_signed_report_per_period"
            ),
            models.UniqueConstraint(fields=["key", "version"], name="unique_signed_report_version"),
        ]
        indexes = [models.Index(fields=["province", "state"])]

    def __str__(self) -> str:
        return f"{self.title} (lần {self.version})"

    def save(self, *args, **kwargs) -> None:
        """Once stored, only the approval fields change: the snapshot is locked."""
        update_fields = kwargs.get("update_fields")
        changes_snapshot = update_fields is None or not set(update_fields) <= self.STATE_FIELDS
        if self.pk is not None and not self._state.adding and changes_snapshot:
            raise ValueError("Báo cáo đã ký duyệt bị khoá: chỉ thay đổi được trạng thái duyệt.")
        super().save(*args, **kwargs)
