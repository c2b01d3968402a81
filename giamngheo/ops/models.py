from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running `giamngheo db_worker`, touched every few seconds, removed on exit."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "nhịp tiến trình nền"
        verbose_name_plural = "nhịp tiến trình nền"

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"
