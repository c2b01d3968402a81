"""Support policies and who received what, the National Target Programme's projects
and budget lines, plans' tasks, and poverty-reduction models.

The law is data: policies and NTP projects are loaded from `programs/data/*.yaml`
by `giamngheo load_programs` and an administrator may correct them in the admin
without a code change. Plans are the targets app's `Plan` (nullable links: a budget
line, a task or a model may also stand on its own, attached to a unit).
Writes go through `giamngheo.programs.actions` (and `support_import` for lists).
"""

from .base import ZERO, money
from .budgets import Nature, NtpProject, Programme, ProgrammeBudgetLine, Source
from .models import ModelRule, ReductionModel
from .policies import Beneficiary, Coverage, Policy, PolicyVersion
from .support import ImportState, QuarantineState, SupportImport, SupportNeed, SupportRecord, UnmatchedSupport
from .tasks import CLOSED_TASK_STATUSES, Task, TaskNote, TaskStatus, split_agencies

__all__ = [
    "CLOSED_TASK_STATUSES",
    "ZERO",
    "Beneficiary",
    "Coverage",
    "ImportState",
    "ModelRule",
    "Nature",
    "NtpProject",
    "Policy",
    "PolicyVersion",
    "Programme",
    "ProgrammeBudgetLine",
    "QuarantineState",
    "ReductionModel",
    "Source",
    "SupportImport",
    "SupportNeed",
    "SupportRecord",
    "Task",
    "TaskNote",
    "TaskStatus",
    "UnmatchedSupport",
    "money",
    "split_agencies",
]
