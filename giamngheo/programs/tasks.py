"""Plans' tasks: the ones a user may see, which are overdue, and the overdue list per
agency. A task is overdue when its deadline has passed and it is neither done nor
cancelled; a task led by several agencies is listed under each of them."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from giamngheo.areas.scope import scoped
from giamngheo.core.text import fold
from giamngheo.programs.models import CLOSED_TASK_STATUSES, Task


def visible_tasks(user) -> QuerySet:
    tasks = Task.objects.select_related("plan", "unit", "province", "project")
    return scoped(tasks, user)


def overdue_condition(today: dt.date) -> Q:
    return Q(deadline__lt=today) & ~Q(status__in=CLOSED_TASK_STATUSES)


def is_overdue(task: Task, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return task.deadline is not None and task.deadline < today and task.status not in CLOSED_TASK_STATUSES


def filter_tasks(tasks: QuerySet, *, agency: str = "", status: str = "", plan_id: int | None = None,
                 overdue: bool = False, today: dt.date | None = None) -> QuerySet:  # fmt: skip
    if plan_id:
        tasks = tasks.filter(plan_id=plan_id)
    if status:
        tasks = tasks.filter(status=status)
    if overdue:
        tasks = tasks.filter(overdue_condition(today or timezone.localdate()))
    if agency:
        wanted = fold(agency)
        ids = [t.pk for t in tasks.only("pk", "lead_agency", "coordinating_agencies")
               if wanted in fold(t.lead_agency) or wanted in fold(t.coordinating_agencies)]  # fmt: skip
        tasks = tasks.filter(pk__in=ids)
    return tasks


@dataclass(frozen=True)
class AgencyOverdue:
    agency: str
    tasks: list[Task]


def overdue_by_agency(tasks: QuerySet, today: dt.date | None = None) -> list[AgencyOverdue]:
    """Overdue tasks grouped by lead agency, most overdue agencies first."""
    today = today or timezone.localdate()
    grouped: dict[str, list[Task]] = defaultdict(list)
    for task in tasks.filter(overdue_condition(today)).order_by("deadline", "pk"):
        for agency in task.lead_agencies:
            grouped[agency].append(task)
    return sorted(
        (AgencyOverdue(a, ts) for a, ts in grouped.items()), key=lambda g: (-len(g.tasks), g.agency)
    )
