"""The audit trail: every change to an audited model, as recorded by
django-simple-history, read through the user's area scope.

A model takes part by having `history = HistoricalRecords()` and `AREA_LOOKUPS`
and by being listed in `audited_models()`. Bulk loads that bypass per-row
history (the generator, imports) write one `BulkChange` entry instead.
"""

import datetime as dt
import heapq
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import ForeignKey, Model, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.areas.scope import scope_for
from giamngheo.core.models import BulkChange
from giamngheo.core.text import vn_number

ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xoá"}
BULK = "core.BulkChange"
# What `BulkChange.action` codes mean (newer entries store the words themselves).
BULK_ACTIONS = {
    "import": "Nhập danh sách hộ",
    "import_support": "Nhập danh sách hỗ trợ",
    "generate": "Tạo dữ liệu minh họa",
    "classification_run": "Chạy phân loại",
    "open_review_round": "Mở đợt rà soát",
    "review_list_households": "Lập danh sách rà soát",
    "review_post_lists": "Niêm yết danh sách",
    "review_decision": "Ra quyết định công nhận",
}
# Where an object of a model is shown: (url name, attribute giving the argument).
OBJECT_PAGES = {
    "households.Household": ("households:detail", "id"),
    "households.Member": ("households:detail", "household_id"),
    "households.Survey": ("surveys:edit", "id"),
    "households.CurrentStatus": ("households:detail", "household_id"),
    "reviews.Round": ("reviews:detail", "id"),
    "reviews.RoundStep": ("reviews:detail", "round_id"),
    "reviews.TeamMember": ("reviews:detail", "round_id"),
    "reviews.RoundHousehold": ("reviews:detail", "round_id"),
    "reviews.VillageMeeting": ("reviews:detail", "round_id"),
    "reviews.Complaint": ("reviews:detail", "round_id"),
    "reviews.Decision": ("reviews:detail", "round_id"),
    "reviews.Certificate": ("reviews:detail", "round_id"),
    "targets.Plan": ("targets:plan_detail", "id"),
    "standards.ScorecardVersion": ("standards:scorecard", "standard_id"),
    "targets.Target": ("targets:plan_detail", "plan_id"),
}
AUDITED = [
    "households.Household",
    "households.CurrentStatus",
    "households.Member",
    "households.Survey",
    "households.DuplicatePair",
    "reviews.Round",
    "reviews.RoundStep",
    "reviews.StepDocument",
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
    "standards.ScorecardVersion",
    "programs.ReductionModel",
]


@dataclass
class AuditEntry:
    when: dt.datetime  # local time (Asia/Ho_Chi_Minh)
    who: str  # the person's name (login name when the account has none)
    action: str
    model_label: str
    object_label: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    role: str = ""
    url: str = ""


@dataclass(frozen=True)
class AuditFilter:
    """What the log page asks for; every part optional."""

    unit: AdminUnit | None = None
    user_id: int | None = None
    model: str = ""  # one of AUDITED
    since: dt.date | None = None
    until: dt.date | None = None


def audited_models() -> list[type[Model]]:
    return [apps.get_model(label) for label in AUDITED]


def model_choices() -> list[tuple[str, str]]:
    """(label, Vietnamese name) of every audited model, for the filter."""
    models = [(label, str(apps.get_model(label)._meta.verbose_name).capitalize()) for label in AUDITED]
    return [*models, (BULK, "Thay đổi hàng loạt (nhập tệp, chạy phân loại, lập danh sách)")]


def recent_changes(
    user, *, limit: int = 100, before: dt.datetime | None = None, criteria: AuditFilter | None = None
) -> list[AuditEntry]:
    """The latest changes the user may see, newest first, across every audited model."""
    criteria = criteria or AuditFilter()
    scope = scope_for(user)
    streams = []
    for label, model in zip(AUDITED, audited_models(), strict=True):
        if criteria.model and criteria.model != label:  # BULK or another model
            continue
        records = model.history.filter(scope.q(model.AREA_LOOKUPS)).select_related("history_user")
        records = records.filter(_criteria_q(model, criteria))
        if before:
            records = records.filter(history_date__lt=before)
        streams.append(records.order_by("-history_date")[:limit])
    if not criteria.model or criteria.model == BULK:
        streams.append(_bulk_changes(scope, criteria, before, limit))
    merged = heapq.merge(*streams, key=_when, reverse=True)
    return [_as_entry(record) for _, record in zip(range(limit), merged, strict=False)]


def _when(record) -> dt.datetime:
    return record.created_at if isinstance(record, BulkChange) else record.history_date


def _as_entry(record) -> AuditEntry:
    return _bulk_entry(record) if isinstance(record, BulkChange) else _entry(record)


def _bulk_changes(scope, criteria: AuditFilter, before: dt.datetime | None, limit: int):
    """Writes of many rows at once (imports, classification runs, review lists) in the scope."""
    changes = BulkChange.objects.select_related("user", "unit")
    if not scope.everything:
        units = scope.province_ids | scope.commune_ids | scope.village_ids
        changes = changes.filter(Q(unit_id__in=units) | Q(unit__province_id__in=scope.province_ids))
    if criteria.unit is not None:
        changes = changes.filter(
            Q(unit=criteria.unit) | Q(unit__province=criteria.unit) | Q(unit__parent=criteria.unit)
        )
    if criteria.user_id:
        changes = changes.filter(user_id=criteria.user_id)
    tz = timezone.get_current_timezone()
    if criteria.since:
        changes = changes.filter(created_at__gte=dt.datetime.combine(criteria.since, dt.time.min, tz))
    if criteria.until:
        end = dt.datetime.combine(criteria.until + dt.timedelta(days=1), dt.time.min, tz)
        changes = changes.filter(created_at__lt=end)
    if before:
        changes = changes.filter(created_at__lt=before)
    return changes.order_by("-created_at")[:limit]


def _bulk_entry(change: BulkChange) -> AuditEntry:
    person = change.user
    rows = f" ({vn_number(change.rows)} bản ghi)" if change.rows else ""
    return AuditEntry(
        when=timezone.localtime(change.created_at),
        who=(person.get_full_name() or person.get_username()) if person else "hệ thống",
        role=person.get_role_display() if person else "",
        action=BULK_ACTIONS.get(change.action, change.action),
        model_label="thay đổi hàng loạt",
        object_label=f"{change.description}{rows}",
    )


def _criteria_q(model: type[Model], criteria: AuditFilter) -> Q:
    condition = Q()
    if criteria.unit is not None:
        lookups = model.AREA_LOOKUPS
        lookup = {
            Level.PROVINCE: lookups.province,
            Level.COMMUNE: lookups.commune,
            Level.VILLAGE: lookups.village,
        }.get(criteria.unit.level)
        condition &= Q(**{lookup: criteria.unit}) if lookup else Q(pk__in=[])
    if criteria.user_id:
        condition &= Q(history_user_id=criteria.user_id)
    tz = timezone.get_current_timezone()
    if criteria.since:
        condition &= Q(history_date__gte=dt.datetime.combine(criteria.since, dt.time.min, tz))
    if criteria.until:
        condition &= Q(
            history_date__lt=dt.datetime.combine(criteria.until + dt.timedelta(days=1), dt.time.min, tz)
        )
    return condition


def object_history(instance: Model) -> list[AuditEntry]:
    return [
        _entry(record) for record in instance.history.select_related("history_user").order_by("-history_date")
    ]


def objects_history(*record_sets, limit: int = 50) -> list[AuditEntry]:
    """The newest `limit` changes among querysets of history records (one object's, the members'
    of a household), newest first. One query per set: each change is compared with its object's
    previous record from the same fetch, not with a query per record."""
    records = [r for rs in record_sets for r in rs.select_related("history_user").order_by("history_date")]
    records.sort(key=lambda r: r.history_date)
    previous, latest = {}, {}
    for record in records:
        key = (type(record), _object_pk(record))  # the historical model and the object's primary key
        previous[id(record)] = latest.get(key)
        latest[key] = record
    newest = sorted(records, key=lambda r: r.history_date, reverse=True)[:limit]
    return [_entry(record, previous[id(record)], light=True) for record in newest]


_UNKNOWN = object()


def _entry(record, before=_UNKNOWN, *, light: bool = False) -> AuditEntry:
    model = record.instance_type
    person = record.history_user
    entry = AuditEntry(
        when=timezone.localtime(record.history_date),
        who=(person.get_full_name() or person.get_username()) if person else "hệ thống",
        role=person.get_role_display() if person else "",
        action=ACTIONS.get(record.history_type, record.history_type),
        model_label=str(model._meta.verbose_name),
        object_label=_object_label(record, light),
        reason=record.history_change_reason or "",
        url=_object_url(model, record),
    )
    previous = None
    if record.history_type == "~":
        previous = record.prev_record if before is _UNKNOWN else before
    if previous is not None:
        delta = record.diff_against(previous)
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            entry.changes.append(
                (
                    str(model_field.verbose_name),
                    _show(model_field, change.old),
                    _show(model_field, change.new),
                )
            )
    return entry


def _object_label(record, light: bool = False) -> str:
    """The object's name; `light` names it from the recorded fields alone (simple-history's
    `instance` reads the fields kept out of history from the database, one query a record)."""
    try:
        if light:
            fields = {f.attname: getattr(record, f.attname) for f in record.tracked_fields}
            return str(record.instance_type(**fields))
        return str(record.instance)
    except Exception:  # a deleted object whose related rows are gone
        return f"bản ghi số {_object_pk(record)}"


def _object_pk(record):
    """The recorded object's primary key (a household's current status has the household's)."""
    return getattr(record, record.instance_type._meta.pk.attname)


def _object_url(model: type[Model], record) -> str:
    page = OBJECT_PAGES.get(model._meta.label)
    if page is None or record.history_type == "-":
        return ""
    name, attribute = page
    argument = getattr(record, attribute, None)
    if argument is None:
        return ""
    try:
        return reverse(name, args=[argument])
    except NoReverseMatch:
        return ""


def _show(model_field, value) -> str:
    """A stored value as the page shows it: the choice's label, the related object's name,
    a date as 25/11/2026, a number as 1.234,5."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"bản ghi số {value}"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return vn_number(value)
    if isinstance(value, float | Decimal):
        text = vn_number(float(value), 2)
        return text.rstrip("0").rstrip(",") if "," in text else text
    return str(value)
