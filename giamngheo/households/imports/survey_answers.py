"""Survey answers an import file may carry beside the registry: the causes of poverty and the
wish to escape poverty (household sheet), the monthly social allowance and employer-certified
on-the-job training (member sheet).

They belong to a survey, not to the registry: a filled cell is written to the household's open
survey (its draft), started from its latest survey as the survey page starts one when none is
open, through the same survey actions (so history records who changed what). An empty cell
leaves the survey as it is. Submitting the survey classifies it, as on the page.
"""

import datetime as dt
from dataclasses import dataclass

import polars as pl

from giamngheo.core.text import fold
from giamngheo.households.imports import checks
from giamngheo.households.imports.columns import (
    CAUSE_ALIASES,
    CAUSE_LABELS,
    CAUSE_SEPARATORS,
    SURVEY_MEMBER_FIELDS,
)
from giamngheo.households.imports.problems import Problem
from giamngheo.households.imports.tables import Table
from giamngheo.households.models import CAUSE_FIELDS, Household, MemberStatus, SurveyMember, SurveyState
from giamngheo.households.survey import actions

CAUSE_KEYS = {fold(label): name for name, label in CAUSE_LABELS.items()} | CAUSE_ALIASES
CAUSE_LIST = "; ".join(CAUSE_LABELS.values())


def with_causes(frame: pl.DataFrame) -> pl.DataFrame:
    """`causes_value`: the cause fields a `causes` cell names (null when the cell is empty), and
    `causes_unknown`: the names in it that are no cause, for the message."""
    parts = (
        frame.select(
            "_row", pl.col("causes").str.replace_all(CAUSE_SEPARATORS, ";").str.split(";").alias("part")
        )
        .explode("part")
        .with_columns(pl.col("part").str.strip_chars())
        .filter(pl.col("part").is_not_null() & (pl.col("part") != ""))
        .with_columns(
            checks.fold_expr(pl.col("part"))
            .str.strip_chars(" .")
            .replace_strict(CAUSE_KEYS, default=None, return_dtype=pl.String)
            .alias("code")
        )
    )
    named = parts.group_by("_row").agg(
        pl.col("code").drop_nulls().unique(maintain_order=True).alias("causes_value"),
        pl.col("part").filter(pl.col("code").is_null()).str.join("; ").alias("causes_unknown"),
    )
    frame = frame.join(named, on="_row", how="left")
    return frame.with_columns(
        pl.when(pl.col("causes_unknown") != "").then(pl.col("causes_unknown")).alias("causes_unknown")
    )


def household_problems(table: Table) -> list[Problem]:
    message = pl.format(
        "Nguyên nhân nghèo '{}' không có trong danh mục. Ghi một hay nhiều nguyên nhân, cách nhau bằng "
        f"dấu ';', trong số: {CAUSE_LIST}.",
        pl.col("causes_unknown"),
    )
    problems = checks.failing(table, "causes", pl.col("causes_unknown").is_not_null(), message)
    return problems + checks.flag_problems(table, "wishes_to_escape")


def member_problems(table: Table) -> list[Problem]:
    problems = []
    for name in SURVEY_MEMBER_FIELDS:
        problems += checks.flag_problems(table, name)
        problems += checks.failing(
            table,
            name,
            pl.col(name).is_not_null() & (pl.col("status_value") != "present"),
            "Câu trả lời khảo sát chỉ ghi cho thành viên đang sinh sống trong hộ.",
        )
    return problems


@dataclass(frozen=True)
class HouseholdAnswers:
    answers: dict  # survey field -> value
    members: dict[int, dict]  # member pk -> {field: value}


def collect(households: pl.DataFrame, members: pl.DataFrame) -> dict[int, HouseholdAnswers]:
    """household pk -> the answers the file gives for its survey (only households with any).
    `households` has `household_pk`, `causes`, `causes_value`, `wishes_to_escape`; `members` has
    `household_pk`, `member_pk` and the member answer columns."""
    found: dict[int, HouseholdAnswers] = {}
    given = households.filter(pl.col("causes").is_not_null() | pl.col("wishes_to_escape").is_not_null())
    for row in given.iter_rows(named=True):
        answers = {}
        if row["causes"] is not None:
            ticked = set(row["causes_value"] or [])
            answers |= {name: name in ticked for name in CAUSE_FIELDS}
        if row["wishes_to_escape"] is not None:
            answers["wishes_to_escape"] = bool(row["wishes_to_escape_value"])
        found[row["household_pk"]] = HouseholdAnswers(answers, {})
    if members.is_empty():
        return found
    present = [name for name in SURVEY_MEMBER_FIELDS if name in members.columns]
    if not present:
        return found
    rows = members.filter(pl.any_horizontal(pl.col(name).is_not_null() for name in present))
    for row in rows.iter_rows(named=True):
        values = {name: bool(row[f"{name}_value"]) for name in present if row[name] is not None}
        entry = found.setdefault(row["household_pk"], HouseholdAnswers({}, {}))
        entry.members[row["member_pk"]] = values
    return found


def record(found: dict[int, HouseholdAnswers], user, today: dt.date) -> int:
    """Write each household's answers to its open survey; returns how many surveys changed (an
    open survey that already holds the answers is left alone, so a second import writes nothing)."""
    households = Household.objects.in_bulk(list(found))
    written = 0
    for pk, given in found.items():
        household = households[pk]
        survey = household.surveys.order_by("-survey_date", "-version", "-pk").first()
        if survey is not None and survey.state == SurveyState.DRAFT and _holds(survey, given):
            continue
        if survey is None or survey.state != SurveyState.DRAFT:
            survey = actions.start_survey(household, user, today)
        answer_ids = _answer_ids(survey, set(given.members), user)
        member_answers = {answer_ids[member]: values for member, values in given.members.items()}
        actions.save_answers(survey, user, given.answers, member_answers)
        written += 1
    return written


def _holds(survey, given: HouseholdAnswers) -> bool:
    if any(getattr(survey, name) != value for name, value in given.answers.items()):
        return False
    answers = {a.member_id: a for a in survey.member_answers.filter(member_id__in=list(given.members))}
    return all(
        member in answers and all(getattr(answers[member], n) == v for n, v in values.items())
        for member, values in given.members.items()
    )


def _answer_ids(survey, member_pks: set[int], user) -> dict[int, int]:
    """member pk -> its answers' id in the survey; a present member the open draft does not list
    yet (added to the household since) gets a row, as a new draft would give it."""
    known = dict(survey.member_answers.filter(member_id__in=member_pks).values_list("member_id", "pk"))
    for member in survey.household.members.filter(
        pk__in=member_pks - set(known), status=MemberStatus.PRESENT
    ):
        answer = SurveyMember(
            survey=survey,
            member=member,
            sex=member.sex,
            age=actions.age_on(member.birth_date, survey.survey_date),
        )
        answer._history_user = user
        answer.save()
        known[member.pk] = answer.pk
    return known
