"""Classifying one survey (on submit, or in an ad-hoc review): the same engine as the province
runs, called with one-row frames."""

import polars as pl

from giamngheo.households.actions import set_current_status
from giamngheo.households.models import Survey
from giamngheo.standards import engine
from giamngheo.standards.events import classification_recorded
from giamngheo.standards.models import Classification, ReasonTemplate
from giamngheo.standards.survey_frames import HOUSEHOLD_SCHEMA, MEMBER_SCHEMA, with_region


def survey_frames(survey: Survey) -> tuple[pl.DataFrame, pl.DataFrame]:
    household = survey.household
    values = {
        "household_id": survey.pk,
        "household_pk": household.pk,
        "province_id": household.province_id,
        "commune_id": household.commune_id,
        "survey_date": survey.survey_date,
        **{name: getattr(survey, name) for name in list(HOUSEHOLD_SCHEMA)[5:]},
    }
    households = with_region(pl.DataFrame([values], schema=HOUSEHOLD_SCHEMA))
    members = pl.DataFrame(
        [
            {"household_id": survey.pk, **{name: getattr(answer, name) for name in list(MEMBER_SCHEMA)[1:]}}
            for answer in survey.member_answers.all()
        ],
        schema=MEMBER_SCHEMA,
    )
    return households, members


def classify_survey(survey: Survey, user, *, standard_id: str = "", official: bool = True) -> Classification:
    """Classify a submitted survey and store the result (append-only)."""
    standard = (
        engine.load_standard(standard_id) if standard_id else engine.standard_in_force(survey.survey_date)
    )
    households, members = survey_frames(survey)
    row = engine.classify(standard, households, members, reasons="template").row(0, named=True)
    return Classification.objects.create(
        survey=survey,
        household=survey.household,
        province_id=survey.household.province_id,
        commune_id=survey.household.commune_id,
        official=official,
        standard_id=standard.id,
        engine_version=engine.ENGINE_VERSION,
        status=row["status"],
        income_line=row["income_line"],
        deprivation_count=row["deprivation_count"],
        deprived=row["deprived"] or "",
        reason_template_id=ReasonTemplate.objects.ids_for([row["reason_template"]])[row["reason_template"]],
        income=survey.income_per_capita_month,
        score=row.get("score", survey.score),
        created_by=user,
    )


def classify_submitted_survey(survey: Survey, user) -> Classification:
    """A submitted survey is classified under the standard in force on its date, and that
    classification becomes the household's current status."""
    classification = classify_survey(survey, user)
    household = survey.household
    set_current_status(
        household,
        classification.status,
        user,
        f"Phân loại theo chuẩn {classification.standard_id} khi nộp phiếu",
    )
    classification_recorded.send(
        sender=Classification, commune_id=household.commune_id, year=survey.survey_date.year
    )
    return classification
