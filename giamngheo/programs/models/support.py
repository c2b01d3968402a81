"""Support delivered (records), agency lists imported and rows kept aside."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups

from .base import money
from .policies import Policy


class ImportState(models.TextChoices):
    IMPORTED = "imported", "Đã nhập"
    REJECTED = "rejected", "Bị từ chối (có ô lỗi)"


class SupportImport(models.Model):
    """One agency list imported (or rejected): what came in and what was kept aside."""

    AREA_LOOKUPS = AreaLookups(province="province", commune="commune")

    policy = models.ForeignKey(Policy, models.PROTECT, related_name="imports", verbose_name="chính sách")
    province = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh")
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="xã/phường"
    )
    agency = models.CharField("cơ quan lập danh sách", max_length=255)
    document = models.CharField("văn bản/chứng từ", max_length=255, blank=True)
    file_name = models.CharField("tệp", max_length=255)
    state = models.CharField("kết quả", max_length=10, choices=ImportState.choices)
    rows = models.PositiveIntegerField("số dòng", default=0)
    created = models.PositiveIntegerField("bản ghi mới", default=0)
    duplicates = models.PositiveIntegerField("trùng (đã có)", default=0)
    quarantined = models.PositiveIntegerField("chưa khớp sổ hộ", default=0)
    errors = models.JSONField("lỗi", default=list, blank=True)
    error_workbook = models.BinaryField("tệp đánh dấu lỗi", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "lượt nhập danh sách hỗ trợ"
        verbose_name_plural = "lượt nhập danh sách hỗ trợ"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"


class SupportRecord(models.Model):
    """Support delivered to a household, or to one member, under a policy."""

    AREA_LOOKUPS = AreaLookups(
        province="household__province", commune="household__commune", village="household__village"
    )

    policy = models.ForeignKey(Policy, models.PROTECT, related_name="records", verbose_name="chính sách")
    household = models.ForeignKey(
        "households.Household", models.PROTECT, related_name="support_records", verbose_name="hộ"
    )
    member = models.ForeignKey(
        "households.Member",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="support_records",
        verbose_name="thành viên",
    )
    delivered_on = models.DateField("ngày hỗ trợ")
    amount = money("số tiền (đồng)", null=True, blank=True)
    in_kind = models.CharField("hiện vật/hình thức", max_length=255, blank=True)
    reference = models.CharField("số thẻ/hợp đồng", max_length=80, blank=True)
    agency = models.CharField("cơ quan thực hiện", max_length=255)
    document = models.CharField("văn bản/chứng từ", max_length=255, blank=True)
    batch = models.ForeignKey(
        SupportImport, models.PROTECT, null=True, blank=True, related_name="records", verbose_name="lượt nhập"
    )
    fingerprint = models.CharField(max_length=40, unique=True, editable=False)
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    created_at = models.DateTimeField("thời điểm nhập", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["fingerprint"])

    class Meta:
        verbose_name = "hỗ trợ đã nhận"
        verbose_name_plural = "sổ theo dõi hỗ trợ"
        ordering = ["-delivered_on", "-pk"]
        indexes = [
            models.Index(fields=["policy", "delivered_on"]),
            models.Index(fields=["household", "policy"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(amount__isnull=True), name="support_amount_gte_0"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy} — {self.member or self.household} — {self.delivered_on:%d/%m/%Y}"

    @property
    def policy_version(self):
        """The version of the policy in force on the day the support was delivered."""
        return self.policy.version_on(self.delivered_on)


class QuarantineState(models.TextChoices):
    OPEN = "open", "Chờ đối chiếu"
    RESOLVED = "resolved", "Đã khớp"
    DISMISSED = "dismissed", "Không thuộc địa bàn/loại bỏ có lý do"


class UnmatchedSupport(models.Model):
    """A row of an agency list that matched nobody in the registry (or more than one
    person): kept for an officer to resolve, never dropped."""

    AREA_LOOKUPS = AreaLookups(province="province", commune="commune")

    batch = models.ForeignKey(
        SupportImport, models.PROTECT, related_name="unmatched", verbose_name="lượt nhập"
    )
    policy = models.ForeignKey(Policy, models.PROTECT, related_name="+", verbose_name="chính sách")
    province = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh")
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="xã/phường"
    )
    row_number = models.PositiveIntegerField("dòng trong tệp")
    full_name = models.CharField("họ và tên", max_length=120)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    cccd = models.CharField("số CCCD", max_length=12, blank=True)
    delivered_on = models.DateField("ngày hỗ trợ")
    amount = money("số tiền (đồng)", null=True, blank=True)
    in_kind = models.CharField("hiện vật/hình thức", max_length=255, blank=True)
    reference = models.CharField("số thẻ/hợp đồng", max_length=80, blank=True)
    reason = models.CharField("lý do", max_length=255)
    state = models.CharField(
        "trạng thái", max_length=10, choices=QuarantineState.choices, default=QuarantineState.OPEN
    )
    record = models.ForeignKey(
        SupportRecord, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="bản ghi hỗ trợ"
    )
    resolution_note = models.TextField("ghi chú xử lý", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xử lý",
    )
    resolved_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    fingerprint = models.CharField(max_length=40, unique=True, editable=False)

    class Meta:
        verbose_name = "dòng hỗ trợ chưa khớp sổ hộ"
        verbose_name_plural = "dòng hỗ trợ chưa khớp sổ hộ"
        ordering = ["state", "batch", "row_number"]
        indexes = [models.Index(fields=["state", "province"])]

    def __str__(self) -> str:
        return f"{self.full_name} (dòng {self.row_number})"


class SupportNeed(models.Model):
    """A need recorded for a household (e.g. it asked for a preferential loan): policies
    whose coverage counts only recorded needs (credit) count a gap only here."""

    AREA_LOOKUPS = AreaLookups(
        province="household__province", commune="household__commune", village="household__village"
    )

    household = models.ForeignKey(
        "households.Household", models.CASCADE, related_name="support_needs", verbose_name="hộ"
    )
    category = models.CharField("nhóm chính sách", max_length=40)
    noted_on = models.DateField("ngày ghi nhận")
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "nhu cầu hỗ trợ"
        verbose_name_plural = "nhu cầu hỗ trợ"
        ordering = ["-noted_on", "-pk"]
        indexes = [models.Index(fields=["category", "noted_on"])]

    def __str__(self) -> str:
        return f"{self.household} — {self.category} — {self.noted_on:%d/%m/%Y}"
