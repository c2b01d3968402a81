"""Set-based writes over a round's households: list them, take the classification
results of a run, carry the final statuses into the registry at the decision.

Each function works on many rounds at once with one SQL statement, so a province
of a million households closes in seconds; none loops over households in Python.
"""

import datetime as dt

from django.db import connection, transaction

from giamngheo.households.events import registry_changed
from giamngheo.households.models import Status
from giamngheo.reviews.models import Decision, Round, ScreenResult
from giamngheo.standards.models import ClassificationRun

LISTED_STATUSES = (Status.POOR, Status.NEAR_POOR)


def _ids(rounds: list[Round]) -> tuple[str, list[int]]:
    ids = [r.pk for r in rounds]
    return ", ".join(["%s"] * len(ids)), ids


def lock_rounds(rounds: list[Round]) -> None:
    """Hold the rounds until the transaction ends: whoever adds households to them waits."""
    list(
        Round.objects.select_for_update()
        .filter(pk__in=[r.pk for r in rounds])
        .order_by("pk")
        .values_list("pk")
    )


def list_households(rounds: list[Round]) -> int:
    """Put on each commune round's list every active household of its commune that is on the
    current poor or near-poor list, or that was surveyed during the round's year (detected by
    the reviewers). Households already listed (e.g. by request) are kept as they are."""
    if not rounds:
        return 0
    year = rounds[0].year
    marks, ids = _ids(rounds)
    # The surveys of the year are found with one hash join (an EXISTS inside the OR would probe
    # the survey index once per household). Rows already listed are left out by an anti-join, not
    # by ON CONFLICT, whose speculative insertion costs more per row (1M households: 7.4-7.8 s
    # against 5.5-6.1 s into an empty table, 8.9-9.8 s against 7.8-8.7 s beside last year's
    # rounds); the rounds' rows are locked first so that no one else lists the same households
    # meanwhile. Rows go in in (round, household) order, the order of both indexes that hold the
    # household: each index page is then filled once instead of being revisited at random.
    sql = f"""
        INSERT INTO reviews_roundhousehold
            (round_id, household_id, reason, screen_result, previous_status, computed_status,
             comparison_status, meeting_status, meeting_outcome, final_status)
        SELECT r.id, h.id,
               CASE WHEN cs.status IN (%s, %s) THEN 'on_list' ELSE 'detected' END,
               '', COALESCE(cs.status, ''), '', '', '', '', ''
        FROM reviews_round r
        JOIN households_household h ON h.commune_id = r.commune_id
        LEFT JOIN households_currentstatus cs ON cs.household_id = h.id
        LEFT JOIN (SELECT DISTINCT s.household_id FROM households_survey s
                   WHERE s.state = 'submitted' AND s.survey_date BETWEEN %s AND %s) surveyed
               ON surveyed.household_id = h.id
        WHERE r.id IN ({marks}) AND h.is_active
          AND (cs.status IN (%s, %s) OR surveyed.household_id IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM reviews_roundhousehold listed
                          WHERE listed.round_id = r.id AND listed.household_id = h.id)
        ORDER BY r.id, h.id
    """
    params = [*LISTED_STATUSES, dt.date(year, 1, 1), dt.date(year, 12, 31), *ids, *LISTED_STATUSES]
    with transaction.atomic(), connection.cursor() as cursor:
        lock_rounds(rounds)
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def apply_run(rounds: list[Round], run: ClassificationRun) -> int:
    """Copy the official results of a run onto the rounds' households. A household the meeting
    sent back loses its meeting result (it goes to a new meeting); a meeting override stands."""
    if not rounds:
        return 0
    marks, ids = _ids(rounds)
    sql = f"""
        UPDATE reviews_roundhousehold SET
            computed_status = c.status,
            meeting_status = CASE WHEN reviews_roundhousehold.meeting_outcome = 'sent_back'
                                  THEN '' ELSE reviews_roundhousehold.meeting_status END,
            meeting_outcome = CASE WHEN reviews_roundhousehold.meeting_outcome = 'sent_back'
                                   THEN '' ELSE reviews_roundhousehold.meeting_outcome END,
            final_status = CASE WHEN reviews_roundhousehold.meeting_outcome <> 'sent_back'
                                     AND reviews_roundhousehold.meeting_status <> ''
                                THEN reviews_roundhousehold.meeting_status ELSE c.status END
        FROM standards_classification c
        WHERE c.run_id = %s AND c.official AND c.household_id = reviews_roundhousehold.household_id
          AND reviews_roundhousehold.round_id IN ({marks})
          AND reviews_roundhousehold.screen_result <> %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [run.pk, *ids, ScreenResult.EXCLUDED])
        return max(cursor.rowcount, 0)


def apply_comparison(rounds: list[Round], run: ClassificationRun, standard_id: str) -> None:
    """Keep each household's status under the round's second standard, for side-by-side reading."""
    marks, ids = _ids(rounds)
    sql = f"""
        UPDATE reviews_roundhousehold SET comparison_status = c.status
        FROM standards_classification c
        WHERE c.run_id = %s AND c.standard_id = %s AND c.household_id = reviews_roundhousehold.household_id
          AND reviews_roundhousehold.round_id IN ({marks})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [run.pk, standard_id, *ids])


def carry_into_registry(decision: Decision) -> None:
    """The decision's statuses become the households' current statuses, and open a new status
    period from the effective date (closing each household's previous period the day before)."""
    round_id = decision.round_id
    effective = decision.effective_on
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO households_currentstatus (household_id, status)
            SELECT rh.household_id, rh.final_status FROM reviews_roundhousehold rh
            WHERE rh.round_id = %s AND rh.final_status <> ''
            ON CONFLICT (household_id) DO UPDATE SET status = excluded.status
            WHERE households_currentstatus.status <> excluded.status
            """,
            [round_id],
        )
        cursor.execute(
            """
            UPDATE reviews_statusperiod SET valid_to = %s
            WHERE valid_to IS NULL AND valid_from < %s AND household_id IN (
                SELECT household_id FROM reviews_roundhousehold WHERE round_id = %s AND final_status <> '')
            """,
            [effective - dt.timedelta(days=1), effective, round_id],
        )
        cursor.execute(
            """
            INSERT INTO reviews_statusperiod (household_id, status, valid_from, valid_to, decision_id)
            SELECT household_id, final_status, %s, NULL, %s
            FROM reviews_roundhousehold WHERE round_id = %s AND final_status <> ''
            """,
            [effective, decision.pk, round_id],
        )
    registry_changed.send(sender=Decision, commune_ids=[decision.round.commune_id])
