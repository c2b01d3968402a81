"""Support policies and who received what, the National Target Programme's projects
and budget lines, plans' tasks, and poverty-reduction models.

The law is data: policies and NTP projects are loaded from `programs/data/*.yaml`
by `giamngheo load_programs` and an administrator may correct them in the admin
without a code change. Plans are the targets app's `Plan` (nullable links: a budget
line, a task or a model may also stand on its own, attached to a unit).
Writes go through `giamngheo.programs.actions` (and `support_import` for lists).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups
from giamngheo.households.models import Status

ZERO = Decimal(0)


def money(verbose_name: str, **extra) -> models.DecimalField:
    """An amount in VND, whole đồng; never negative (checked in `clean` with a message
    naming the field, and by a database constraint)."""
    return models.DecimalField(verbose_name, max_digits=20, decimal_places=0, **extra)


class NtpProject(models.Model):
    """A project (dự án) or sub-project (tiểu dự án) of the National Target Programme
    for Sustainable Poverty Reduction 2021-2025 (QĐ 90/QĐ-TTg)."""

    code = models.CharField(
        "mã", max_length=20, unique=True, help_text="DA3 (dự án 3), DA3.2 (tiểu dự án 2)."
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
    def flag_labels(self) -> list[str]:
        """The conditions in words ("hộ có người có công", not `meritorious`)."""
        return [FLAG_LABELS.get(flag, flag) for flag in self.required_flags or ()]

    @property
    def age_text(self) -> str:
        if self.min_age is None and self.max_age is None:
            return ""
        if self.max_age is None:
            return f"từ {self.min_age} tuổi"
        if self.min_age is None:
            return f"dưới {self.max_age} tuổi"
        return f"từ {self.min_age} đến dưới {self.max_age} tuổi"


FLAG_LABELS = {
    "ethnic_minority": "hộ dân tộc thiểu số",
    "meritorious": "hộ có người có công",
    "no_labour_capacity": "hộ không có khả năng lao động",
    "registered_to_escape": "hộ đăng ký thoát nghèo",
    "agricultural": "hộ làm nông, lâm, ngư, diêm nghiệp",
    "poor_district": "ở huyện nghèo",
    "extremely_difficult_area": "ở vùng đặc biệt khó khăn",
}


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


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    CANCELLED = "cancelled", "Dừng/hủy"


CLOSED_TASK_STATUSES = (TaskStatus.DONE, TaskStatus.CANCELLED)


class Task(models.Model):
    """A task of a plan: who leads it (required), who coordinates, when, what it delivers."""

    AREA_LOOKUPS = AreaLookups(province="province", commune="commune")

    plan = models.ForeignKey(
        "targets.Plan",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="programme_tasks",
        verbose_name="kế hoạch",
    )
    unit = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="đơn vị")
    province = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh hiện nay"
    )
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="xã hiện nay"
    )
    number = models.CharField("số thứ tự (như văn bản)", max_length=20, blank=True)
    title = models.TextField("nhiệm vụ")
    lead_agency = models.CharField(
        "cơ quan chủ trì",
        max_length=500,
        help_text="Nhiều cơ quan cùng chủ trì: ngăn cách bằng dấu chấm phẩy.",
    )
    coordinating_agencies = models.TextField(
        "cơ quan phối hợp", blank=True, help_text="Ngăn cách bằng dấu chấm phẩy."
    )
    timing = models.CharField("thời gian (như văn bản)", max_length=255, blank=True)
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    output = models.TextField("sản phẩm", blank=True)
    project = models.ForeignKey(
        NtpProject, models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name="dự án MTQG"
    )
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    seed_key = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["plan", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(lead_agency=""), name="task_has_lead_agency"),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def lead_agencies(self) -> list[str]:
        return split_agencies(self.lead_agency)

    @property
    def coordinating_list(self) -> list[str]:
        return split_agencies(self.coordinating_agencies)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_TASK_STATUSES

    def clean(self) -> None:
        if not (self.lead_agency or "").strip():
            raise ValidationError({"lead_agency": "Nhiệm vụ phải có cơ quan chủ trì."})
        if not (self.title or "").strip():
            raise ValidationError({"title": "Phải ghi nội dung nhiệm vụ."})


def split_agencies(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace("\n", ";").split(";") if part.strip()]


class TaskNote(models.Model):
    """A progress note on a task."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="notes", verbose_name="nhiệm vụ")
    noted_on = models.DateField("ngày")
    text = models.TextField("nội dung")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "ghi nhận tiến độ"
        verbose_name_plural = "ghi nhận tiến độ"
        ordering = ["-noted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.noted_on:%d/%m/%Y}: {self.text[:60]}"


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
