"""Support policies of the catalogue (`programs/data/policies.yaml`)."""

from django.db import models
from simple_history.models import HistoricalRecords

from giamngheo.households.models import Status

from .budgets import NtpProject


class Beneficiary(models.TextChoices):
    HOUSEHOLD = "household", "Hộ gia đình"
    MEMBER = "member", "Từng người"


class Policy(models.Model):
    """A support policy: who is eligible and what they get. Eligibility is
    (status in `statuses` OR newly escaped within `escape_window_months`) AND every
    flag in `required_flags` AND (for member policies) age in [min_age, max_age)."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên chính sách", max_length=255)
    category = models.CharField("nhóm", max_length=40)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=500)
    legal_reference = models.CharField("điều, khoản", max_length=255, blank=True)
    agency = models.CharField("cơ quan thực hiện", max_length=255)
    beneficiary = models.CharField("đối tượng nhận", max_length=10, choices=Beneficiary.choices)
    statuses = models.JSONField("phân loại được hưởng", default=list, blank=True)
    escape_window_months = models.PositiveSmallIntegerField(
        "hộ mới thoát nghèo được hưởng (tháng)",
        null=True,
        blank=True,
        help_text="Để trống: hộ mới thoát nghèo không thuộc diện.",
    )
    escaped_from = models.JSONField(
        "thoát khỏi phân loại",
        default=list,
        blank=True,
        help_text='Mặc định ["poor"]: hộ đã từng là hộ nghèo.',
    )
    required_flags = models.JSONField("điều kiện đặc thù (phải có tất cả)", default=list, blank=True)
    min_age = models.PositiveSmallIntegerField("từ tuổi", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("dưới tuổi", null=True, blank=True)
    benefit = models.JSONField("mức hưởng (dữ liệu)", default=dict, blank=True)
    benefit_text = models.CharField("mức hưởng", max_length=500)
    reach_months = models.PositiveSmallIntegerField(
        "hỗ trợ được tính trong (tháng)",
        null=True,
        blank=True,
        help_text="Một lần hỗ trợ được coi là đã đến được người hưởng trong bao nhiêu tháng; trống: mãi mãi.",
    )
    ntp_project = models.ForeignKey(
        NtpProject, models.SET_NULL, null=True, blank=True, related_name="policies", verbose_name="dự án MTQG"
    )
    confirmed = models.BooleanField("đã đối chiếu văn bản", default=False)
    note = models.TextField("ghi chú", blank=True)
    active = models.BooleanField("đang áp dụng", default=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "chính sách"
        verbose_name_plural = "danh mục chính sách"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_member_policy(self) -> bool:
        return self.beneficiary == Beneficiary.MEMBER

    @property
    def status_labels(self) -> list[str]:
        labels = dict(Status.choices)
        return [labels.get(s, s) for s in self.statuses]

    @property
    def age_text(self) -> str:
        if self.min_age is None and self.max_age is None:
            return ""
        if self.max_age is None:
            return f"từ {self.min_age} tuổi"
        if self.min_age is None:
            return f"dưới {self.max_age} tuổi"
        return f"từ {self.min_age} đến dưới {self.max_age} tuổi"
