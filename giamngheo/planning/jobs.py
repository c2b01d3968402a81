"""The planning overview of a province as a background job (django-tasks): the province's frame
is read once, the impact of the standard change and every review-quality check are computed
from it, and the job returns what the result page shows. A commune is small enough to be
computed inside the request (`views.impact_page`)."""

import polars as pl
from django_tasks import task

from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit
from giamngheo.planning.impact import Impact
from giamngheo.planning.parameters import health_insurance
from giamngheo.planning.quality import communes_in_view, read_judged_frame, run_checks
from giamngheo.planning.reading import NoSurveys, effective_day, impact_for


@task()
def province_overview(unit_id: int, year: int, standard_from: str, standard_to: str, user_id: int) -> dict:
    """{"impact": cells as columns (or None), "missing": communes without surveys, "checks": {code: open flags}}."""
    user = User.objects.get(pk=user_id)
    unit = AdminUnit.objects.get(pk=unit_id)
    frame = read_judged_frame(communes_in_view(unit, user), year, [standard_from, standard_to])
    result: dict = {"impact": None, "missing": "", "standard_from": standard_from, "standard_to": standard_to}
    try:
        impact = impact_for(unit, year, standard_from, standard_to, user, frame=frame)
        result |= {"impact": impact.cells.to_dict(as_series=False), "standard_from": impact.standard_from}
        result["standard_to"] = impact.standard_to
    except NoSurveys as missing:
        result["missing"] = str(missing)
    result["checks"] = check_counts(unit, year, user, frame)
    return result


def check_counts(unit: AdminUnit, year: int, user, frame=None) -> dict[str, int]:
    """Open (not dismissed) flags per review-quality check."""
    return {r.check.code: r.open_count for r in run_checks(unit, year, user, frame=frame)}


def impact_from_result(result: dict, year: int) -> Impact | None:
    if result.get("impact") is None:
        return None
    cells = pl.DataFrame(result["impact"], schema_overrides={"village_id": pl.Int64, "commune_id": pl.Int64})
    return Impact(
        result["standard_from"], result["standard_to"], year, cells, health_insurance(effective_day(year))
    )
