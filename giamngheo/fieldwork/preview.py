"""The status a survey would get, computed by the engine before anything is stored."""

import datetime as dt
from typing import Any

import polars as pl

from giamngheo.fieldwork.questionnaire import clean_answers, standard_on
from giamngheo.households.models import Household, MemberStatus, Status
from giamngheo.households.survey.actions import age_on
from giamngheo.standards import engine
from giamngheo.standards.survey_frames import HOUSEHOLD_SCHEMA, MEMBER_SCHEMA, with_region


def preview(
    household: Household, survey_date: dt.date, household_answers: dict, members: dict
) -> dict[str, Any]:
    """Check the answers with the server's forms and classify them; nothing is written."""
    present = {str(m.pk): m for m in household.members.filter(status=MemberStatus.PRESENT)}
    standard = standard_on(survey_date)
    names = {key: m.full_name for key, m in present.items()}
    answers, cleaned, errors = clean_answers(standard, household_answers, members, names)
    if errors:
        return {"errors": errors}
    values = {
        "household_id": 1,
        "household_pk": household.pk,
        "province_id": household.province_id,
        "commune_id": household.commune_id,
        "survey_date": survey_date,
        "version": 1,
        "members": len(present),
    }
    values |= {name: answers.get(name) for name in list(HOUSEHOLD_SCHEMA)[6:] if name != "members"}
    frame = with_region(pl.DataFrame([values], schema=HOUSEHOLD_SCHEMA))
    member_rows = [
        {"household_id": 1, "age": age_on(m.birth_date, survey_date), "sex": m.sex}
        | {name: cleaned.get(key, {}).get(name) for name in list(MEMBER_SCHEMA)[3:]}
        for key, m in present.items()
    ]
    row = engine.classify(standard, frame, pl.DataFrame(member_rows, schema=MEMBER_SCHEMA)).row(0, named=True)
    labels = dict(Status.choices)
    return {
        "status": row["status"],
        "status_label": labels.get(row["status"], ""),
        "reasons": row["reason"],
        "standard": standard.name,
    }
