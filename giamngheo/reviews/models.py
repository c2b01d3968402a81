"""Review rounds (rà soát): the round and its steps, the commune's review board and
reviewers, the households reviewed, village meetings, complaints, the decision,
certificates and the dated list snapshots.

Every write goes through `giamngheo.reviews.actions`; django-simple-history keeps who
changed what and why (a reopened step carries its reason as the change reason).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups
from giamngheo.households.models import Status
from giamngheo.reviews.steps import StepCode


class RoundKind(models.TextChoices):
    PERIODIC = "periodic", "Rà soát định kỳ"
    AD_HOC = "ad_hoc", "Rà soát thường xuyên"


class RoundStatus(models.TextChoices):
    OPEN = "open", "Đang thực hiện"
    CLOSED = "closed", "Đã hoàn thành"
    REFUSED = "refused", "Từ chối (có văn bản trả lời)"


class Round(models.Model):
    """A review of a province (which holds one round per commune) or of a commune.
    An ad-hoc round reviews one household that applied (form 01)."""

    AREA_LOOKUPS = AreaLookups(province="province", commune="commune")

    unit = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="đơn vị")
    province = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="tỉnh")
    commune = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="xã/phường"
    )
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="đợt cấp tỉnh"
    )
    year = models.PositiveSmallIntegerField("năm rà soát")
    kind = models.CharField("loại", max_length=10, choices=RoundKind.choices, default=RoundKind.PERIODIC)
    standard_id = models.CharField("chuẩn áp dụng", max_length=40)
    second_standard_id = models.CharField("chuẩn so sánh", max_length=40, blank=True)
    standard_override_reason = models.TextField(
        "lý do áp dụng chuẩn không có hiệu lực vào ngày danh sách có hiệu lực", blank=True
    )
    posting_days = models.PositiveSmallIntegerField("số ngày làm việc niêm yết", default=5)
    complaint_answer_days = models.PositiveSmallIntegerField("số ngày trả lời khiếu nại", default=5)
    with_consultation = models.BooleanField("có bước xin ý kiến trước khi quyết định", default=False)
    status = models.CharField(
        "trạng thái", max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    household = models.ForeignKey(
        "households.Household",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="hộ đề nghị (rà soát thường xuyên)",
    )
    applied_on = models.DateField("ngày nộp giấy đề nghị", null=True, blank=True)
    application_note = models.TextField("nội dung đề nghị", blank=True)
    refusal_reason = models.TextField("lý do từ chối", blank=True)
    opened_at = models.DateTimeField("ngày mở", default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người mở",
    )
    closed_at = models.DateTimeField("ngày kết thúc", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "đợt rà soát"
        verbose_name_plural = "đợt rà soát"
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(kind="periodic", status="open"),
                name="one_open_periodic_round_per_unit_year",
            )
        ]

    def __str__(self) -> str:
        if self.kind == RoundKind.AD_HOC and self.household_id:
            return f"Rà soát thường xuyên hộ {self.household.head_name} ({self.unit}) năm {self.year}"
        return f"{self.get_kind_display()} {self.unit} năm {self.year}"

    @property
    def is_province_round(self) -> bool:
        return self.commune_id is None

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class StepStatus(models.TextChoices):
    PENDING = "pending", "Chưa hoàn thành"
    DONE = "done", "Đã hoàn thành"


class RoundStep(models.Model):
    AREA_LOOKUPS = AreaLookups(province="round__province", commune="round__commune")

    round = models.ForeignKey(Round, models.CASCADE, related_name="steps", verbose_name="đợt")
    code = models.CharField("bước", max_length=12, choices=StepCode.choices)
    position = models.PositiveSmallIntegerField("thứ tự")
    planned_date = models.DateField("ngày dự kiến", null=True, blank=True)
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=8, choices=StepStatus.choices, default=StepStatus.PENDING
    )
    done_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xác nhận",
    )
    note = models.TextField("ghi chú", blank=True)
    reopen_reason = models.TextField("lý do mở lại", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bước rà soát"
        verbose_name_plural = "bước rà soát"
        ordering = ["round", "position"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="unique_step_per_round")]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_code_display()}"

    @property
    def is_done(self) -> bool:
        return self.status == StepStatus.DONE

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return not self.is_done and self.deadline is not None and self.deadline < today


class StepDocument(models.Model):
    """A file attached to a step, stored under MEDIA_ROOT with a generated name by
    `reviews.documents` (PDF, JPEG or PNG by content) and downloaded through the round's pages."""

    AREA_LOOKUPS = AreaLookups(province="step__round__province", commune="step__round__commune")

    step = models.ForeignKey(RoundStep, models.CASCADE, related_name="documents", verbose_name="bước")
    title = models.CharField("tên tài liệu", max_length=200)
    file = models.FileField("tệp", upload_to="ra-soat/%Y/", max_length=200)
    original_name = models.CharField("tên tệp khi tải lên", max_length=200, blank=True)
    content_type = models.CharField("loại tệp", max_length=40, blank=True)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0)
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="người tải lên"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tài liệu của bước"
        verbose_name_plural = "tài liệu của bước"

    def __str__(self) -> str:
        return self.title


class TeamRole(models.TextChoices):
    # The values sort in the order the board is listed: chair, members, reviewers.
    CHAIR = "chair", "Trưởng ban"
    MEMBER = "member", "Thành viên Ban chỉ đạo"
    REVIEWER = "reviewer", "Rà soát viên"


BOARD_ROLES = (TeamRole.CHAIR, TeamRole.MEMBER)


class TeamMember(models.Model):
    """A member of the commune's review board (Ban chỉ đạo rà soát) or a reviewer, with the
    villages they cover; formed in the preparation step of a periodic round."""

    AREA_LOOKUPS = AreaLookups(province="round__province", commune="round__commune")

    round = models.ForeignKey(Round, models.CASCADE, related_name="team", verbose_name="đợt")
    full_name = models.CharField("họ và tên", max_length=120)
    role = models.CharField("vai trò", max_length=10, choices=TeamRole.choices)
    position = models.CharField("chức vụ, đơn vị công tác", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    villages = models.ManyToManyField(
        "areas.AdminUnit", blank=True, related_name="+", verbose_name="thôn/tổ phụ trách"
    )
    history = HistoricalRecords(m2m_fields=[villages])

    class Meta:
        verbose_name = "thành viên Ban chỉ đạo, rà soát viên"
        verbose_name_plural = "Ban chỉ đạo và rà soát viên"
        ordering = ["round_id", "role", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class ListingReason(models.TextChoices):
    ON_LIST = "on_list", "Đang trong danh sách hộ nghèo, cận nghèo"
    REQUEST = "request", "Có giấy đề nghị"
    DETECTED = "detected", "Phát hiện qua rà soát"


class ScreenResult(models.TextChoices):
    NOT_SCREENED = "", "Chưa sàng lọc"
    PASSED = "passed", "Cần khảo sát đầy đủ"
    EXCLUDED = "excluded", "Loại (rõ ràng không nghèo)"


class MeetingOutcome(models.TextChoices):
    NONE = "", "Chưa họp"
    AGREED = "agreed", "Thống nhất"
    SENT_BACK = "sent_back", "Không đủ 50% đồng ý — khảo sát lại"


class RoundHousehold(models.Model):
    """A household on a round's review list, with each stage of its result."""

    AREA_LOOKUPS = AreaLookups(
        province="round__province", commune="round__commune", village="household__village"
    )

    # Every row is rewritten several times in a round (classification, meeting, complaints):
    # no index holds a status, and the table leaves half of each page free (migration 0003),
    # so those rewrites are heap-only updates. The unique (round, household) index serves
    # every lookup by round.
    # Rows are written set-based (`listing`) from the rounds and households they join in the
    # same statement, so, as for `Classification`, the keys are not declared in the database:
    # each declared one is a trigger that locks the referenced row, and locking a province's
    # million household rows was about a third of closing its round. Django still cascades
    # a round's deletion and refuses to delete a listed household (`PROTECT`).
    round = models.ForeignKey(
        Round,
        models.CASCADE,
        related_name="households",
        verbose_name="đợt",
        db_index=False,
        db_constraint=False,
    )
    household = models.ForeignKey(
        "households.Household", models.PROTECT, related_name="+", verbose_name="hộ", db_constraint=False
    )
    reason = models.CharField("lý do đưa vào danh sách", max_length=10, choices=ListingReason.choices)
    screen_result = models.CharField(
        "kết quả sàng lọc (phiếu A)", max_length=10, choices=ScreenResult.choices, blank=True, default=""
    )
    previous_status = models.CharField(
        "phân loại trước rà soát", max_length=10, choices=Status.choices, blank=True, default=""
    )
    computed_status = models.CharField(
        "phân loại theo phiếu", max_length=10, choices=Status.choices, blank=True, default=""
    )
    comparison_status = models.CharField(
        "phân loại theo chuẩn so sánh", max_length=10, choices=Status.choices, blank=True, default=""
    )
    meeting_status = models.CharField(
        "phân loại do họp thôn quyết định", max_length=10, choices=Status.choices, blank=True, default=""
    )
    meeting_outcome = models.CharField(
        "kết quả họp thôn", max_length=10, choices=MeetingOutcome.choices, blank=True, default=""
    )
    final_status = models.CharField(
        "phân loại cuối cùng", max_length=10, choices=Status.choices, blank=True, default=""
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "hộ trong đợt rà soát"
        verbose_name_plural = "hộ trong đợt rà soát"
        constraints = [
            models.UniqueConstraint(fields=["round", "household"], name="unique_household_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.household_id} trong đợt {self.round_id}"


class VillageMeeting(models.Model):
    AREA_LOOKUPS = AreaLookups(province="round__province", commune="round__commune", village="village")

    round = models.ForeignKey(Round, models.CASCADE, related_name="meetings", verbose_name="đợt")
    village = models.ForeignKey(
        "areas.AdminUnit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="thôn/tổ"
    )
    held_on = models.DateField("ngày họp")
    chaired_by = models.CharField("chủ trì", max_length=120, blank=True)
    attendance = models.PositiveIntegerField("số người tham dự")
    minutes = models.FileField(
        "biên bản (bản quét)", upload_to="ra-soat/bien-ban/%Y/", blank=True, max_length=200
    )
    minutes_name = models.CharField("tên tệp biên bản khi tải lên", max_length=200, blank=True)
    minutes_type = models.CharField("loại tệp biên bản", max_length=40, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="người ghi"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "cuộc họp thôn"
        verbose_name_plural = "cuộc họp thôn"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Họp {self.village or 'toàn xã'} ngày {self.held_on:%d/%m/%Y}"


class MeetingResult(models.Model):
    meeting = models.ForeignKey(
        VillageMeeting, models.CASCADE, related_name="results", verbose_name="cuộc họp"
    )
    round_household = models.ForeignKey(
        RoundHousehold, models.CASCADE, related_name="meeting_results", verbose_name="hộ"
    )
    computed_status = models.CharField("phân loại theo phiếu", max_length=10, choices=Status.choices)
    proposed_status = models.CharField("phân loại đưa ra họp", max_length=10, choices=Status.choices)
    override_reason = models.TextField("lý do điều chỉnh phân loại", blank=True)
    agreed = models.PositiveIntegerField("số người đồng ý")
    not_agreed = models.PositiveIntegerField("số người không đồng ý")
    outcome = models.CharField("kết quả", max_length=10, choices=MeetingOutcome.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kết quả họp của hộ"
        verbose_name_plural = "kết quả họp của hộ"

    def __str__(self) -> str:
        return f"{self.round_household_id}: {self.agreed}/{self.agreed + self.not_agreed} đồng ý"

    @property
    def agreed_percent(self) -> float:
        total = self.agreed + self.not_agreed
        return 100 * self.agreed / total if total else 0.0


class ComplaintSource(models.TextChoices):
    OFFICE = "office", "Trực tiếp tại UBND xã"
    PORTAL = "portal", "Qua cổng công khai"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận"
    ANSWERED = "answered", "Đã trả lời"


class Complaint(models.Model):
    AREA_LOOKUPS = AreaLookups(province="round__province", commune="round__commune")

    round = models.ForeignKey(Round, models.CASCADE, related_name="complaints", verbose_name="đợt")
    round_household = models.ForeignKey(
        RoundHousehold,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="hộ được khiếu nại",
    )
    source = models.CharField("nguồn", max_length=8, choices=ComplaintSource.choices)
    complainant_name = models.CharField("người khiếu nại", max_length=120)
    complainant_phone = models.CharField("điện thoại", max_length=20, blank=True)
    household_text = models.CharField("hộ được nêu (theo người khiếu nại)", max_length=200, blank=True)
    text = models.TextField("nội dung")
    received_on = models.DateField("ngày tiếp nhận")
    deadline = models.DateField("hạn trả lời")
    status = models.CharField(
        "trạng thái", max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    recheck_note = models.TextField("kết quả phúc tra", blank=True)
    answer = models.TextField("trả lời", blank=True)
    status_before = models.CharField(
        "phân loại trước phúc tra", max_length=10, choices=Status.choices, blank=True
    )
    status_after = models.CharField(
        "phân loại sau phúc tra", max_length=10, choices=Status.choices, blank=True
    )
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người trả lời",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "khiếu nại"
        verbose_name_plural = "khiếu nại"
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"Khiếu nại của {self.complainant_name} ngày {self.received_on:%d/%m/%Y}"


class Decision(models.Model):
    AREA_LOOKUPS = AreaLookups(province="round__province", commune="round__commune")

    round = models.OneToOneField(Round, models.PROTECT, related_name="decision", verbose_name="đợt")
    number = models.CharField("số quyết định", max_length=40)
    signed_on = models.DateField("ngày ký")
    signer = models.CharField("người ký", max_length=120)
    effective_on = models.DateField("ngày có hiệu lực")
    standard_override_reason = models.TextField(
        "lý do áp dụng chuẩn không có hiệu lực vào ngày quyết định có hiệu lực", blank=True
    )
    placeholder_acknowledged_by = models.CharField(
        "người xác nhận ban hành trên bảng điểm B1 tạm", max_length=120, blank=True
    )
    list_version = models.PositiveIntegerField("phiên bản danh sách chính thức")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="người nhập"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "quyết định công nhận"
        verbose_name_plural = "quyết định công nhận"

    def __str__(self) -> str:
        return f"Quyết định số {self.number} ngày {self.signed_on:%d/%m/%Y}"


class Certificate(models.Model):
    """Giấy chứng nhận hộ nghèo, hộ cận nghèo (mẫu 03)."""

    AREA_LOOKUPS = AreaLookups(
        province="decision__round__province", commune="decision__round__commune", village="household__village"
    )

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="certificates", verbose_name="quyết định"
    )
    household = models.ForeignKey("households.Household", models.PROTECT, related_name="+", verbose_name="hộ")
    number = models.CharField("số giấy chứng nhận", max_length=40)
    status = models.CharField("loại hộ", max_length=10, choices=Status.choices)
    head_name = models.CharField("chủ hộ", max_length=120)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    valid_from = models.DateField("có giá trị từ")
    valid_to = models.DateField("có giá trị đến")
    issued_at = models.DateTimeField("cấp lúc", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "giấy chứng nhận"
        verbose_name_plural = "giấy chứng nhận"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "household"], name="one_certificate_per_household"),
            models.UniqueConstraint(fields=["decision", "number"], name="unique_certificate_number"),
        ]

    def __str__(self) -> str:
        return f"Giấy chứng nhận số {self.number}"


class ListKind(models.TextChoices):
    POOR = "poor", "Hộ nghèo"
    NEAR_POOR = "near_poor", "Hộ cận nghèo"
    AVERAGE = "average", "Hộ có mức sống trung bình"
    ESCAPED_POOR = "escaped_poor", "Hộ thoát nghèo"
    NEWLY_POOR = "newly_poor", "Hộ nghèo phát sinh"
    ESCAPED_NEAR_POOR = "escaped_near_poor", "Hộ thoát cận nghèo"


class ListStage(models.TextChoices):
    PRELIMINARY = "preliminary", "Danh sách niêm yết (dự kiến)"
    FINAL = "final", "Danh sách chính thức"


class ListSnapshot(models.Model):
    """A dated, frozen list: its rows copy what they show, so later registry edits never change it."""

    AREA_LOOKUPS = AreaLookups(province="unit__province", commune="unit")

    round = models.ForeignKey(Round, models.PROTECT, related_name="snapshots", verbose_name="đợt")
    unit = models.ForeignKey("areas.AdminUnit", models.PROTECT, related_name="+", verbose_name="đơn vị")
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("danh sách", max_length=20, choices=ListKind.choices)
    stage = models.CharField("giai đoạn", max_length=12, choices=ListStage.choices)
    version = models.PositiveIntegerField("phiên bản")
    created_at = models.DateTimeField("lập lúc", default=timezone.now)
    posted_from = models.DateField("niêm yết từ", null=True, blank=True)
    posted_until = models.DateField("niêm yết đến", null=True, blank=True)
    decision = models.ForeignKey(
        Decision, models.PROTECT, null=True, blank=True, related_name="snapshots", verbose_name="quyết định"
    )
    households = models.PositiveIntegerField("số hộ", default=0)

    class Meta:
        verbose_name = "danh sách (bản chốt)"
        verbose_name_plural = "danh sách (bản chốt)"
        ordering = ["round", "version", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["round", "kind", "version"], name="unique_snapshot_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit} năm {self.year} (phiên bản {self.version})"

    def is_in_posting_window(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.posted_from and self.posted_until and self.posted_from <= today <= self.posted_until)


class ListRow(models.Model):
    # Copied in bulk (`snapshots`) from the snapshots and households just read: keys not
    # declared in the database, for the reason given at `RoundHousehold`.
    snapshot = models.ForeignKey(
        ListSnapshot,
        models.CASCADE,
        related_name="rows",
        verbose_name="danh sách",
        db_constraint=False,
        db_index=False,  # the (snapshot, position) index serves
    )
    position = models.PositiveIntegerField("STT")
    household = models.ForeignKey(
        "households.Household", models.PROTECT, related_name="+", verbose_name="hộ", db_constraint=False
    )
    household_code = models.CharField("mã hộ", max_length=40)
    head_name = models.CharField("chủ hộ", max_length=120)
    village_name = models.CharField("thôn/tổ", max_length=150, blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    previous_status = models.CharField("phân loại trước", max_length=10, choices=Status.choices, blank=True)
    status = models.CharField("phân loại", max_length=10, choices=Status.choices, blank=True)

    class Meta:
        verbose_name = "dòng danh sách"
        verbose_name_plural = "dòng danh sách"
        ordering = ["snapshot", "position"]
        indexes = [models.Index(fields=["snapshot", "position"])]

    def __str__(self) -> str:
        return f"{self.position}. {self.head_name}"


class StatusPeriod(models.Model):
    """A household's recognised status from a decision's effective date until the next decision:
    benefits use the status on their service date."""

    AREA_LOOKUPS = AreaLookups(
        province="household__province", commune="household__commune", village="household__village"
    )

    household = models.ForeignKey(
        "households.Household", models.PROTECT, related_name="status_periods", verbose_name="hộ"
    )
    status = models.CharField("phân loại", max_length=10, choices=Status.choices)
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    decision = models.ForeignKey(Decision, models.PROTECT, related_name="+", verbose_name="quyết định")

    class Meta:
        verbose_name = "giai đoạn phân loại"
        verbose_name_plural = "giai đoạn phân loại"
        indexes = [models.Index(fields=["household", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.status} từ {self.valid_from}"
