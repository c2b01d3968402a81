"""What `/healthz` reports: the database answers, a worker beat recently, how many jobs wait."""

from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from giamngheo.ops.heartbeat import STALE_AFTER, latest_beat


def health() -> dict:
    """Status counts and ages only: no names, no ids, nothing about a household."""
    report: dict = {"status": "ok", "database": "ok", "worker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return {"status": "error", "database": "error", "worker": "unknown"}
    now = timezone.now()
    seen = latest_beat()
    report["worker_last_seen_seconds"] = None if seen is None else round((now - seen).total_seconds())
    if seen is None or now - seen > STALE_AFTER:
        report["worker"] = "error"
    waiting = DBTaskResult.objects.ready()
    report["jobs_waiting"] = waiting.count()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    report["oldest_job_waiting_seconds"] = None if oldest is None else round((now - oldest).total_seconds())
    if report["worker"] != "ok":
        report["status"] = "error"
    return report
