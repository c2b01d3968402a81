"""An import batch: one uploaded file, its progress and its outcome.

Defined here and registered in the households app by the import at the end of
`giamngheo/households/models.py`.
"""

from django.conf import settings
from django.db import models

from giamngheo.core.recovery import RecoverableJob


class ImportState(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang xử lý"
    DONE = "done", "Đã nhập xong"
    INVALID = "invalid", "Tệp có lỗi, chưa nhập"
    FAILED = "failed", "Lỗi hệ thống"


class ImportBatch(RecoverableJob):
    """Written with every progress step (`heartbeat_at`): a batch whose beat stops lost its worker."""

    task_path = "giamngheo.households.imports.tasks.run_import"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="người nhập"
    )
    file_name = models.CharField("tên tệp", max_length=255)
    file_size = models.PositiveBigIntegerField("dung lượng (byte)", default=0)
    content = models.BinaryField("nội dung tệp", editable=False)
    state = models.CharField(
        "trạng thái", max_length=8, choices=ImportState.choices, default=ImportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    stage = models.CharField("bước", max_length=80, blank=True)
    household_rows = models.PositiveIntegerField("số dòng hộ", default=0)
    member_rows = models.PositiveIntegerField("số dòng thành viên", default=0)
    households_created = models.PositiveIntegerField("hộ mới", default=0)
    households_updated = models.PositiveIntegerField("hộ cập nhật", default=0)
    members_created = models.PositiveIntegerField("thành viên mới", default=0)
    members_updated = models.PositiveIntegerField("thành viên cập nhật", default=0)
    errors = models.JSONField("lỗi", default=list, blank=True)
    error_count = models.PositiveIntegerField("số lỗi", default=0)
    error_workbook = models.BinaryField("tệp báo lỗi", null=True, blank=True, editable=False)
    failure = models.TextField("lỗi hệ thống", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)

    class Meta:
        app_label = "households"
        verbose_name = "lượt nhập dữ liệu"
        verbose_name_plural = "lượt nhập dữ liệu"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Nhập {self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.INVALID, ImportState.FAILED)
