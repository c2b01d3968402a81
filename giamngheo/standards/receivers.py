"""What the standards app does when the registry records a fact."""

from giamngheo.households.events import survey_submitted
from giamngheo.households.models import Survey
from giamngheo.standards.survey_classification import classify_submitted_survey


def _classify_on_submit(sender, survey, user, **kwargs):
    return classify_submitted_survey(survey, user)


def connect() -> None:
    survey_submitted.connect(_classify_on_submit, sender=Survey, dispatch_uid="standards.classify_on_submit")
