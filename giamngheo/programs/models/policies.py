"""Support policies of the catalogue (`programs/data/policies.yaml`)."""

import datetime as dt
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from giamngheo.households.models import Status

from .budgets import NtpProject


class Beneficiary(models.TextChoices):
    HOUSEHOLD = "household", "Hộ gia đình"
    MEMBER = "member", "Từng người"


class Coverage(models.TextChoices):
    COMPUTED = "computed", "Tính từ sổ hộ"
    UNIVERSAL = "universal", "Mọi người cùng diện được hưởng (không lập danh sách chưa nhận)"
    ON_NEED = "on_need", "Chỉ tính khi hộ có nhu cầu được ghi nhận"


class Policy(models.Model):
    """A support policy: its identity, agency and layer. What it grants, to whom and
    on which legal basis is dated: see `PolicyVersion` (`version_on(day)`). A policy
    with a `province` is a local policy of that province; with `tops_up` it adds to a
    national policy's benefit (e.g. a higher health-insurance premium share)."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên chính sách", max_length=255)
    category = models.CharField("nhóm", max_length=40)
    agency = models.CharField("cơ quan thực hiện", max_length=255)
    beneficiary = models.CharField("đối tượng nhận", max_length=10, choices=Beneficiary.choices)
    province = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tỉnh ban hành (chính sách địa phương)",
        help_text="Để trống: chính sách của Trung ương.",
    )
    tops_up = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="top_ups",
        verbose_name="bổ sung cho chính sách",
        help_text="Chính sách địa phương hỗ trợ thêm trên mức của chính sách Trung ương này.",
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
    def layer_label(self) -> str:
        return f"Địa phương ({self.province.name})" if self.province_id else "Trung ương"

    def version_on(self, day: dt.date) -> "PolicyVersion | None":
        """The version in force on `day`, None when the policy was not in force."""
        for version in self.sorted_versions:
            if version.covers(day):
                return version
        return None

    @cached_property
    def sorted_versions(self) -> list["PolicyVersion"]:
        return sorted(self.versions.all(), key=lambda v: v.valid_from)

    @cached_property
    def current_version(self) -> "PolicyVersion | None":
        """The version in force today, else the latest one (for listing the catalogue)."""
        versions = self.sorted_versions
        return self.version_on(dt.date.today()) or (versions[-1] if versions else None)

    def _current(self, name: str, default=None):
        version = self.current_version
        return getattr(version, name) if version is not None else default

    legal_basis = property(lambda self: self._current("legal_basis", ""))
    legal_reference = property(lambda self: self._current("legal_reference", ""))
    statuses = property(lambda self: self._current("statuses", []))
    escape_window_months = property(lambda self: self._current("escape_window_months"))
    escaped_from = property(lambda self: self._current("escaped_from", []))
    required_flags = property(lambda self: self._current("required_flags", []))
    min_age = property(lambda self: self._current("min_age"))
    max_age = property(lambda self: self._current("max_age"))
    benefit = property(lambda self: self._current("benefit", {}))
    benefit_text = property(lambda self: self._current("benefit_text", ""))
    reach_months = property(lambda self: self._current("reach_months"))
    status_labels = property(lambda self: self._current("status_labels", []))
    age_text = property(lambda self: self._current("age_text", ""))
    flag_labels = property(lambda self: self._current("flag_labels", []))


class PolicyVersion(models.Model):
    """What a policy grants, to whom and on which legal basis, from `valid_from` to
    `valid_to` (inclusive; empty: still in force). Eligibility is
    (status in `statuses` OR newly escaped within `escape_window_months`) AND every
    flag in `required_flags` AND (for member policies) age in [min_age, max_age).
    Versions of one policy never overlap (checked in `clean` and by the loader)."""

    policy = models.ForeignKey(Policy, models.CASCADE, related_name="versions", verbose_name="chính sách")
    label = models.CharField("phiên bản", max_length=120, help_text="Vd. theo Nghị định 188/2025/NĐ-CP.")
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=500)
    legal_reference = models.CharField("điều, khoản", max_length=255, blank=True)
    coverage = models.CharField(
        "cách tính độ bao phủ", max_length=10, choices=Coverage.choices, default=Coverage.COMPUTED
    )
    statuses = models.JSONField("phân loại được hưởng", default=list, blank=True)
    escape_window_months = models.PositiveSmallIntegerField(
        "hộ mới thoát nghèo được hưởng (tháng)",
        null=True,
        blank=True,
        help_text="Để trống: hộ mới thoát nghèo không thuộc diện.",
    )
    escaped_from = models.JSONField("thoát khỏi phân loại", default=list, blank=True)
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
    confirmed = models.BooleanField("đã đối chiếu văn bản", default=False)
    note = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "phiên bản chính sách"
        verbose_name_plural = "phiên bản chính sách"
        ordering = ["policy", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "valid_from"], name="unique_policy_version_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="policy_version_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy}: {self.label}"

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def period_text(self) -> str:
        end = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else "nay"
        return f"{self.valid_from:%d/%m/%Y} – {end}"

    @property
    def status_labels(self) -> list[str]:
        labels = dict(Status.choices)
        return [labels.get(s, s) for s in self.statuses]

    @property
    def flag_labels(self) -> list[str]:
        from giamngheo.programs.eligibility import MISSING_FLAGS, REGISTRY_FLAGS

        labels = REGISTRY_FLAGS | MISSING_FLAGS
        return [labels.get(flag, flag) for flag in self.required_flags]

    @property
    def age_text(self) -> str:
        if self.min_age is None and self.max_age is None:
            return ""
        if self.max_age is None:
            return f"từ {self.min_age} tuổi"
        if self.min_age is None:
            return f"dưới {self.max_age} tuổi"
        return f"từ {self.min_age} đến dưới {self.max_age} tuổi"

    def overlap_error(self, others) -> str:
        """Why this version cannot stand beside `others` (same policy), or ''."""
        end = self.valid_to or dt.date.max
        for other in others:
            if other.pk is not None and other.pk == self.pk:
                continue
            if self.valid_from <= (other.valid_to or dt.date.max) and other.valid_from <= end:
                return (
                    f"Phiên bản '{self.label}' ({self.period_text}) trùng thời gian hiệu lực với "
                    f"phiên bản '{other.label}' ({other.period_text}) của chính sách {self.policy.name}."
                )
        return ""

    def clean(self) -> None:
        if self.valid_to is not None and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})
        if self.policy_id and self.valid_from:
            error = self.overlap_error(PolicyVersion.objects.filter(policy_id=self.policy_id))
            if error:
                raise ValidationError({"valid_from": error})
