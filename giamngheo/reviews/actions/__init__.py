"""Every state change of a review round, one function each, one module per step.

Each action checks permission and area scope, then the legal order of the steps and
its own rules, and only then writes, inside one transaction, with the user recorded
in the history. A refusal raises `ValidationError` (or `PermissionDenied`) with a
Vietnamese message before anything is written. Callers import the actions from here.
"""

from giamngheo.reviews.actions._common import CERTIFIED_KINDS
from giamngheo.reviews.actions.adhoc import open_adhoc_review, refuse_adhoc_review
from giamngheo.reviews.actions.decisions import final_lists, issue_certificates, issue_decision
from giamngheo.reviews.actions.meetings import record_meeting
from giamngheo.reviews.actions.opening import open_commune_round, open_province_round
from giamngheo.reviews.actions.posting import (
    answer_complaint,
    latest_posting,
    post_preliminary_lists,
    receive_complaint,
)
from giamngheo.reviews.actions.reporting import province_sign_off, submit_report
from giamngheo.reviews.actions.steps import attach_document, complete_step, delete_document, reopen_step
from giamngheo.reviews.actions.surveys import (
    add_household_to_round,
    classify_round,
    classify_rounds,
    list_round_households,
    record_quick_screen,
)
from giamngheo.reviews.actions.team import add_team_member, remove_team_member

__all__ = [
    "CERTIFIED_KINDS",
    "add_household_to_round",
    "add_team_member",
    "answer_complaint",
    "attach_document",
    "classify_round",
    "classify_rounds",
    "complete_step",
    "delete_document",
    "final_lists",
    "issue_certificates",
    "issue_decision",
    "latest_posting",
    "list_round_households",
    "open_adhoc_review",
    "open_commune_round",
    "open_province_round",
    "post_preliminary_lists",
    "province_sign_off",
    "receive_complaint",
    "record_meeting",
    "record_quick_screen",
    "refuse_adhoc_review",
    "remove_team_member",
    "reopen_step",
    "submit_report",
]
