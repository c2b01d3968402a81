"""Tables for member lifecycle and duplicate people.

They live here, imported by one line at the end of `households/models.py`, because that
file is shared by several engineers. `MemberEvent` and `HouseholdMerge` belong to member
lifecycle rather than duplicates and can move to `households/models.py` later with no
migration change (the app label is the same).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups


class PairState(models.TextChoices):
    OPEN = "open", "Chờ xem xét"
    CONFIRMED = "confirmed", "Xác nhận trùng"
    DISMISSED = "dismissed", "Không trùng"
    MERGED = "merged", "Đã gộp"


class DuplicatePair(models.Model):
    """Two member records that may be the same person; `member_a` has the lower id."""

    AREA_LOOKUPS = AreaLookups(
        province="member_a__household__province",
        commune="member_a__household__commune",
        village="member_a__household__village",
    )
    B_LOOKUPS = AreaLookups(
        province="member_b__household__province",
        commune="member_b__household__commune",
        village="member_b__household__village",
    )

    member_a = models.ForeignKey(
        "households.Member", models.PROTECT, related_name="+", verbose_name="thành viên thứ nhất"
    )
    member_b = models.ForeignKey(
        "households.Member", models.PROTECT, related_name="+", verbose_name="thành viên thứ hai"
    )
    score = models.FloatField("điểm giống nhau")
    reason = models.CharField("căn cứ", max_length=255)
    state = models.CharField(
        "trạng thái", max_length=10, choices=PairState.choices, default=PairState.OPEN, db_index=True
    )
    found_at = models.DateTimeField("ngày phát hiện", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người quyết định",
    )
    decided_at = models.DateTimeField("ngày quyết định", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "cặp nghi trùng"
        verbose_name_plural = "cặp nghi trùng"
        constraints = [
            models.UniqueConstraint(fields=["member_a", "member_b"], name="unique_duplicate_pair"),
            models.CheckConstraint(condition=Q(member_a__lt=F("member_b")), name="duplicate_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.member_a} ≈ {self.member_b} ({self.score:.0f})"


class MemberMerge(models.Model):
    """A member record found to duplicate another person's record: kept, pointing to the survivor."""

    member = models.OneToOneField(
        "households.Member", models.PROTECT, related_name="merged_into", verbose_name="bản ghi trùng"
    )
    survivor = models.ForeignKey(
        "households.Member",
        models.PROTECT,
        related_name="absorbed_duplicates",
        verbose_name="bản ghi giữ lại",
    )
    pair = models.ForeignKey(DuplicatePair, models.PROTECT, null=True, blank=True, related_name="+")
    previous_status = models.CharField("tình trạng trước khi gộp", max_length=10)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    merged_at = models.DateTimeField("ngày gộp", auto_now_add=True)

    class Meta:
        verbose_name = "gộp bản ghi trùng"
        verbose_name_plural = "gộp bản ghi trùng"

    def __str__(self) -> str:
        return f"{self.member} → {self.survivor}"


class HouseholdMerge(models.Model):
    """A household absorbed into another: inactive, its present members moved to the survivor."""

    absorbed = models.OneToOneField(
        "households.Household", models.PROTECT, related_name="merged_into", verbose_name="hộ nhập vào"
    )
    survivor = models.ForeignKey(
        "households.Household",
        models.PROTECT,
        related_name="absorbed_households",
        verbose_name="hộ tiếp nhận",
    )
    note = models.TextField("ghi chú", blank=True)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    merged_at = models.DateTimeField("ngày nhập hộ", auto_now_add=True)

    class Meta:
        verbose_name = "nhập hộ"
        verbose_name_plural = "nhập hộ"

    def __str__(self) -> str:
        return f"{self.absorbed} → {self.survivor}"


class EventKind(models.TextChoices):
    DIED = "died", "Chết"
    MOVED_AWAY = "moved_away", "Chuyển đi nơi khác"
    MOVED_HOUSEHOLD = "moved_household", "Chuyển sang hộ khác"
    SPLIT = "split", "Tách hộ"
    HOUSEHOLD_MERGED = "household_merged", "Nhập hộ"
    DUPLICATE_MERGED = "duplicate_merged", "Gộp bản ghi trùng"


class MemberEvent(models.Model):
    """A dated event in a member's life in the registry, with the officer's note."""

    member = models.ForeignKey(
        "households.Member", models.PROTECT, related_name="events", verbose_name="thành viên"
    )
    kind = models.CharField("sự kiện", max_length=20, choices=EventKind.choices)
    on = models.DateField("ngày")
    note = models.TextField("ghi chú", blank=True)
    from_household = models.ForeignKey(
        "households.Household", models.PROTECT, related_name="+", verbose_name="từ hộ"
    )
    to_household = models.ForeignKey(
        "households.Household",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sang hộ",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("ngày ghi", auto_now_add=True)

    class Meta:
        verbose_name = "biến động thành viên"
        verbose_name_plural = "biến động thành viên"
        indexes = [models.Index(fields=["member", "on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.member} ({self.on:%d/%m/%Y})"
