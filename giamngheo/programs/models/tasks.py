"""Plans' tasks and their progress notes."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from giamngheo.areas.scope import AreaLookups

from .budgets import NtpProject


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
    def leads_today(self) -> list:
        """Lead agencies with, for those that no longer exist, who took over their work."""
        from giamngheo.programs.agencies import agencies_today

        return agencies_today(self.lead_agency, dt.date.today())

    @property
    def coordinating_today(self) -> list:
        from giamngheo.programs.agencies import agencies_today

        return agencies_today(self.coordinating_agencies, dt.date.today())

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
