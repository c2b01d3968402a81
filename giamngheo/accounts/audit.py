"""The audit trail: every change to an audited model, as recorded by
django-simple-history, read through the user's area scope.

A model takes part by having `history = HistoricalRecords()` and `AREA_LOOKUPS`
and by being listed in `audited_models()`. Bulk loads that bypass per-row
history (the generator, imports) write one `BulkChange` entry instead.
"""

import datetime as dt
import heapq
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Model

from giamngheo.areas.scope import scope_for

ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xoá"}
AUDITED = [
    "households.Household",
    "households.Member",
    "households.Survey",
    "households.DuplicatePair",
    "reviews.Round",
    "reviews.RoundStep",
    "reviews.TeamMember",
    "reviews.RoundHousehold",
    "reviews.VillageMeeting",
    "reviews.Complaint",
    "reviews.Decision",
    "reviews.Certificate",
    "targets.Plan",
    "targets.Target",
    "targets.Allocation",
    "targets.ProgressValue",
    "reports.SignedReport",
    "programs.SupportRecord",
    "programs.ProgrammeBudgetLine",
    "programs.Task",
    "planning.CheckThreshold",
    "planning.Dismissal",
    "planning.DraftStandard",
    "programs.ReductionModel",
]


@dataclass
class AuditEntry:
    when: dt.datetime
    who: str
    action: str
    model_label: str
    object_label: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def audited_models() -> list[type[Model]]:
    return [apps.get_model(label) for label in AUDITED]


def recent_changes(user, *, limit: int = 100, before: dt.datetime | None = None) -> list[AuditEntry]:
    """The latest changes the user may see, newest first, across every audited model."""
    scope = scope_for(user)
    streams = []
    for model in audited_models():
        records = model.history.filter(scope.q(model.AREA_LOOKUPS)).select_related("history_user")
        if before:
            records = records.filter(history_date__lt=before)
        streams.append(records.order_by("-history_date")[:limit])
    merged = heapq.merge(*streams, key=lambda r: r.history_date, reverse=True)
    return [_entry(record) for _, record in zip(range(limit), merged, strict=False)]


def object_history(instance: Model) -> list[AuditEntry]:
    return [
        _entry(record) for record in instance.history.select_related("history_user").order_by("-history_date")
    ]


def _entry(record) -> AuditEntry:
    model = record.instance_type
    entry = AuditEntry(
        when=record.history_date,
        who=record.history_user.get_username() if record.history_user else "hệ thống",
        action=ACTIONS.get(record.history_type, record.history_type),
        model_label=str(model._meta.verbose_name),
        object_label=str(record.instance) if record.history_type != "-" else f"#{record.id}",
        reason=record.history_change_reason or "",
    )
    previous = record.prev_record if record.history_type == "~" else None
    if previous is not None:
        delta = record.diff_against(previous)
        for change in delta.changes:
            verbose = model._meta.get_field(change.field).verbose_name
            entry.changes.append((str(verbose), _show(change.old), _show(change.new)))
    return entry


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)
