"""Plans, their targets and the progress reported against them.

A plan and its targets stay attached to the unit they were set for, which may be a
unit of the pre-2025 geography (a legacy province or district). `Plan.province`
and `Plan.commune` are the CURRENT units the plan belongs to for area scope
(derived through `UnitSuccession` for legacy units, see `targets.geography`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", "Tính từ kết quả phân loại"
    ENTERED = "entered", "Nhập số liệu"


class Measure(models.TextChoices):
    HOUSEHOLDS = "households", "hộ"
    PEOPLE = "people", "người"
    PERCENT = "percent", "%"
    POINTS = "points", "điểm phần trăm"
    COUNT = "count", "số lượng"
    VND = "vnd", "đồng"
    KM = "km", "km"


ADDITIVE_MEASURES = {Measure.HOUSEHOLDS, Measure.PEOPLE, Measure.COUNT, Measure.VND, Measure.KM}


class Indicator(models.Model):
    code = models.CharField("mã", max_length=60, unique=True)
    name = models.CharField("tên chỉ số", max_length=255)
    kind = models.CharField("loại", max_length=10, choices=IndicatorKind.choices)
    measure = models.CharField("đơn vị tính", max_length=12, choices=Measure.choices)
    definition = models.TextField("định nghĩa")
    computation = models.CharField(
        "cách tính", max_length=40, blank=True, help_text="Tên phép tính (chỉ số tính từ bảng tổng hợp)."
    )
    parameter = models.CharField("tham số", max_length=40, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chỉ số"
        verbose_name_plural = "danh mục chỉ số"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.kind == IndicatorKind.COMPUTED

    @property
    def is_additive(self) -> bool:
        return self.measure in ADDITIVE_MEASURES


class Plan(models.Model):
    AREA_LOOKUPS = AreaLookups(province="province", commune="commune")

    seed_key = models.CharField("mã kế hoạch mẫu", max_length=60, unique=True, null=True, blank=True)
    unit = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="đơn vị ban hành/áp dụng"
    )
    province = models.ForeignKey(
        "areas.AdminUnit",
        models.PROTECT,
        related_name="+",
        verbose_name="tỉnh hiện nay",
        help_text="Tỉnh (sau 01/7/2025) của địa bàn kế hoạch, dùng cho phân quyền theo địa bàn.",
    )
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="xã hiện nay"
    )
    title = models.CharField("tên kế hoạch", max_length=500)
    document_number = models.CharField("số hiệu văn bản", max_length=80, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    legal_basis = models.TextField("căn cứ pháp lý", blank=True)
    period_start = models.PositiveSmallIntegerField("từ năm")
    period_end = models.PositiveSmallIntegerField("đến năm")
    standard_id = models.CharField("chuẩn nghèo áp dụng", max_length=40, blank=True)
    reporting = models.CharField("chế độ báo cáo", max_length=255, blank=True)
    budget_total = models.DecimalField(
        "tổng kinh phí (đồng)", max_digits=20, decimal_places=0, null=True, blank=True
    )
    notes = models.TextField("ghi chú", blank=True)
    source_file = models.CharField("tệp nguồn", max_length=255, blank=True)
    standard_periods = models.JSONField(
        "chuẩn nghèo theo năm",
        default=list,
        blank=True,
        help_text='Khi kế hoạch trải qua nhiều chuẩn: [{"from": 2022, "to": 2026, "standard": "2022-2025"}, ...].',
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "Năm kết thúc phải từ năm bắt đầu trở đi."})

    def standard_for(self, year: int) -> str:
        """The poverty standard that measures the plan's year (`standard_periods`, else
        the plan's single `standard_id`)."""
        for period in self.standard_periods or []:
            if period["from"] <= year <= period["to"]:
                return period["standard"]
        return self.standard_id


class BudgetDimension(models.TextChoices):
    SOURCE = "source", "Theo nguồn vốn"
    NATURE = "nature", "Theo tính chất (đầu tư/sự nghiệp)"


class BudgetLine(models.Model):
    """A part of a plan's budget; the parts of each dimension should add up to the total."""

    AREA_LOOKUPS = AreaLookups(province="plan__province", commune="plan__commune")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="budget_lines", verbose_name="kế hoạch")
    dimension = models.CharField("cách chia", max_length=8, choices=BudgetDimension.choices)
    label = models.CharField("khoản", max_length=255)
    amount = models.DecimalField("số tiền (đồng)", max_digits=20, decimal_places=0)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "dòng kinh phí"
        verbose_name_plural = "dòng kinh phí"
        constraints = [
            models.UniqueConstraint(fields=["plan", "dimension", "label"], name="unique_budget_line")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount}"


class Direction(models.TextChoices):
    DECREASE = "decrease", "Giảm xuống (không quá)"
    INCREASE = "increase", "Tăng lên (ít nhất)"
    REACH = "reach", "Đạt (trong khoảng)"


class Target(models.Model):
    AREA_LOOKUPS = AreaLookups(province="plan__province", commune="plan__commune")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="targets", verbose_name="kế hoạch")
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="targets", verbose_name="chỉ số")
    unit = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="đơn vị")
    segment = models.CharField(
        "phạm vi riêng",
        max_length=120,
        blank=True,
        help_text="Nhóm địa bàn/đối tượng riêng (vd. vùng miền núi); khi có, số thực hiện phải nhập.",
    )
    year = models.PositiveSmallIntegerField("năm phải đạt")
    start_year = models.PositiveSmallIntegerField(
        "tính từ năm",
        null=True,
        blank=True,
        help_text="Để trống: từ năm đầu của kế hoạch (chỉ tiêu hằng năm: năm đó).",
    )
    baseline = models.DecimalField("giá trị gốc", max_digits=20, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField("năm gốc", null=True, blank=True)
    target_value = models.DecimalField("chỉ tiêu", max_digits=20, decimal_places=4)
    target_high = models.DecimalField(
        "chỉ tiêu (cận trên của khoảng)", max_digits=20, decimal_places=4, null=True, blank=True
    )
    direction = models.CharField("hướng", max_length=8, choices=Direction.choices)
    quote = models.TextField("trích dẫn văn bản", blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    versus_national = models.BooleanField(
        "so với bình quân cả nước",
        default=False,
        help_text="Chỉ tiêu đạt khi thấp hơn (hoặc cao hơn) số bình quân cả nước của năm, nhập ở Số liệu cả nước.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["plan", "position", "year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "unit", "year", "segment"], name="unique_target"
            )
        ]

    def __str__(self) -> str:
        where = f"{self.unit}" + (f" ({self.segment})" if self.segment else "")
        return f"{self.indicator.name} — {where} — {self.year}"

    @property
    def bounds(self) -> tuple[Decimal, Decimal]:
        high = self.target_high if self.target_high is not None else self.target_value
        return min(self.target_value, high), max(self.target_value, high)

    @property
    def is_computed(self) -> bool:
        return self.indicator.is_computed and not self.segment

    @property
    def direction_symbol(self) -> str:
        return {Direction.DECREASE: "≤", Direction.INCREASE: "≥"}.get(self.direction, "=")

    @property
    def first_year(self) -> int:
        return self.start_year or self.plan.period_start


class Allocation(models.Model):
    """The part of a target given to a unit below it (a province target to its
    districts or communes, a commune target to its villages)."""

    AREA_LOOKUPS = AreaLookups(province="target__plan__province", commune="unit", village="unit")

    target = models.ForeignKey(Target, models.CASCADE, related_name="allocations", verbose_name="chỉ tiêu")
    unit = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="đơn vị nhận"
    )
    label = models.CharField("tên đơn vị (như trong văn bản)", max_length=150)
    value = models.DecimalField("chỉ tiêu giao", max_digits=20, decimal_places=4)
    baseline = models.DecimalField("giá trị gốc", max_digits=20, decimal_places=4, null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phân bổ chỉ tiêu"
        verbose_name_plural = "phân bổ chỉ tiêu"
        ordering = ["target", "pk"]
        constraints = [models.UniqueConstraint(fields=["target", "label"], name="unique_allocation")]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"

    def clean(self) -> None:
        if self.unit_id and self.target_id:
            parent = self.target.unit
            unit = self.unit
            below = unit.parent_id == parent.pk or unit.province_id == parent.pk
            if not below or unit.pk == parent.pk:
                raise ValidationError(
                    {"unit": "Đơn vị nhận phải là đơn vị cấp dưới của đơn vị được giao chỉ tiêu."}
                )


class Period(models.TextChoices):
    Q1 = "Q1", "Quý I"
    H1 = "H1", "6 tháng đầu năm"
    M9 = "9M", "9 tháng"
    YEAR = "Y", "Cả năm"


PERIOD_FRACTION = {Period.Q1: 0.25, Period.H1: 0.5, Period.M9: 0.75, Period.YEAR: 1.0}


class ValueSource(models.TextChoices):
    ENTERED = "entered", "Nhập"
    COMPUTED = "computed", "Tính từ bảng tổng hợp"


class ProgressState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã gửi duyệt"
    APPROVED = "approved", "Đã duyệt"


class ProgressValue(models.Model):
    """The value reached for a target at the end of a period (cumulative within the year)."""

    AREA_LOOKUPS = AreaLookups(province="target__plan__province", commune="target__plan__commune")

    target = models.ForeignKey(Target, models.CASCADE, related_name="progress", verbose_name="chỉ tiêu")
    year = models.PositiveSmallIntegerField("năm")
    period = models.CharField("kỳ", max_length=2, choices=Period.choices)
    value = models.DecimalField("giá trị thực hiện", max_digits=20, decimal_places=4)
    source = models.CharField("nguồn", max_length=8, choices=ValueSource.choices, default=ValueSource.ENTERED)
    state = models.CharField(
        "trạng thái", max_length=10, choices=ProgressState.choices, default=ProgressState.DRAFT
    )
    note = models.TextField("ghi chú", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    submitted_at = models.DateTimeField("gửi duyệt lúc", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người duyệt",
    )
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "số liệu thực hiện"
        verbose_name_plural = "số liệu thực hiện"
        ordering = ["target", "year", "period"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year", "period"], name="unique_progress_value")
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.year} {self.period}: {self.value}"

    @property
    def fraction(self) -> float:
        return PERIOD_FRACTION[self.period]


class Segment(models.Model):
    """A group of communes a plan sets targets for (Nghệ An's mountainous area, Lục Ngạn's
    13 poor communes): an editable list; targets with this `segment` name are computed
    from the households of these communes once the list is set."""

    AREA_LOOKUPS = AreaLookups(province="plan__province", commune="plan__commune")

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="segments", verbose_name="kế hoạch")
    name = models.CharField("tên phạm vi", max_length=120)
    description = models.TextField("mô tả (như văn bản)", blank=True)
    communes = models.ManyToManyField(
        "areas.AdminUnit", blank=True, related_name="+", verbose_name="xã thuộc phạm vi"
    )

    class Meta:
        verbose_name = "phạm vi riêng"
        verbose_name_plural = "phạm vi riêng"
        ordering = ["plan", "name"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="unique_segment")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.name}"


class NationalFigure(models.Model):
    """A national figure of a year (e.g. the national multidimensional poverty rate), for
    targets set "below the national average"."""

    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="national_figures", verbose_name="chỉ số"
    )
    year = models.PositiveSmallIntegerField("năm")
    value = models.DecimalField("giá trị cả nước", max_digits=20, decimal_places=4)
    source = models.CharField("nguồn", max_length=500)
    confirmed = models.BooleanField("đã đối chiếu văn bản", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "số liệu cả nước"
        verbose_name_plural = "số liệu cả nước"
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="unique_national_figure")]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.year}: {self.value}"
