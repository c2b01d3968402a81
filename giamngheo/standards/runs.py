"""Classification runs: apply a standard to every latest survey of a year in a
province or commune, store the results append-only, and keep each household's
current status equal to its latest official classification.

A run works in batches of communes; each batch is one transaction that first
removes what an interrupted attempt of the same run left, so a killed run is
consistent. The run beats with every batch (`core.recovery`): one whose worker died
is shown as interrupted, and resuming it classifies only the communes that no
committed batch holds, so its result equals that of an uninterrupted run.
"""

import datetime as dt
from functools import partial

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.areas.scope import unit_in_scope
from giamngheo.core.frames import refresh_planner_statistics, upsert_from_frame, write_frame
from giamngheo.core.indexes import summarize_new_ranges
from giamngheo.core.models import BulkChange
from giamngheo.core.recovery import beats
from giamngheo.households.models import CurrentStatus, Household
from giamngheo.standards import engine
from giamngheo.standards.events import run_batch_stored
from giamngheo.standards.models import (
    RUN_AREA_INDEX,
    Classification,
    ClassificationRun,
    ReasonTemplate,
    RunKind,
    RunState,
    Transition,
)
from giamngheo.standards.province_frame import ProvinceFrame, read_province_frame
from giamngheo.standards.survey_frames import surveys_by_batch

RESULT_COLUMNS = ["status", "income_line", "deprivation_count", "deprived", "reason_template"]
BATCH_HOUSEHOLDS = settings.GIAMNGHEO_RUN_BATCH_HOUSEHOLDS


def create_run(
    unit: AdminUnit,
    year: int,
    user=None,
    *,
    standard_id: str = "",
    second_standard_id: str = "",
) -> ClassificationRun:
    """Record a run for a province or a commune; `execute_run` (or the task) does the work."""
    for sid in filter(None, (standard_id, second_standard_id)):
        engine.load_standard(sid)  # unknown ids fail here, before anything is queued
    kind = RunKind.COMPARISON if second_standard_id else RunKind.OFFICIAL
    if kind == RunKind.COMPARISON and not standard_id:
        raise ValueError("A comparison run names both standards.")
    province = unit if unit.level == Level.PROVINCE else unit.province
    commune = unit if unit.level == Level.COMMUNE else None
    return ClassificationRun.objects.create(
        kind=kind,
        province=province,
        commune=commune,
        year=year,
        standard_id=standard_id,
        second_standard_id=second_standard_id,
        engine_version=engine.ENGINE_VERSION,
        created_by=user,
    )


def run_communes(run: ClassificationRun) -> list[int]:
    if run.commune_id:
        return [run.commune_id]
    communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province_id=run.province_id)
    return list(communes.order_by("code").values_list("id", flat=True))


@beats(ClassificationRun)
def execute_run(run: ClassificationRun) -> ClassificationRun:
    """Do the work of a run in batches of communes, updating its progress. Communes that an
    interrupted attempt of the same run already stored (their batch committed) are kept."""
    communes = run_communes(run)
    stored = stored_communes(run)
    todo = [commune for commune in communes if commune not in stored]
    province_wide = not run.commune_id  # a commune's run moves too little for statistics to matter
    if province_wide:
        refresh_planner_statistics(
            "households_household",
            "households_currentstatus",
            "households_survey",
            "households_surveymember",
            "standards_classification",
        )
    classified = _households_stored(run, stored)
    done = len(communes) - len(todo)
    ClassificationRun.objects.filter(pk=run.pk).update(
        state=RunState.RUNNING,
        started_at=run.started_at or timezone.now(),
        heartbeat_at=timezone.now(),
        total_communes=len(communes),
        done_communes=done,
        households=classified,
        error="",
    )
    # Each batch is one transaction and a resumed run skips the communes already stored, so
    # rows to clear are only a safeguard, for a run that stored anything before.
    resumed = bool(stored)
    try:
        batches = commune_batches(todo)
        read = partial(read_province_frame, year=run.year, standards=run_standards(run))
        for batch, frames in zip(batches, surveys_by_batch(batches, read), strict=True):
            with transaction.atomic():
                classified += _classify_communes(run, batch, frames, resumed=resumed)
            done += len(batch)
            ClassificationRun.objects.filter(pk=run.pk).update(
                done_communes=done, households=classified, heartbeat_at=timezone.now()
            )
    except Exception as error:
        ClassificationRun.objects.filter(pk=run.pk).update(
            state=RunState.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    # What reads the run's rows next (a round taking its results, a commune's report) finds them
    # through the block ranges summarized here, and plans by the counts refreshed here.
    summarize_new_ranges(RUN_AREA_INDEX)
    if province_wide:
        refresh_planner_statistics("standards_classification", "households_currentstatus")
    ClassificationRun.objects.filter(pk=run.pk).update(state=RunState.DONE, finished_at=timezone.now())
    BulkChange.objects.create(
        user=run.created_by,
        action="classification_run",
        unit=run.commune or run.province,
        description=f"{run}: {classified} hộ",
        rows=classified,
    )
    run.refresh_from_db()
    return run


def claim_run(run_id: int) -> ClassificationRun | None:
    """Take a run for this worker, unless it is finished or another live worker has it
    (a resumed run's task and its first task both in the queue: the first one works)."""
    with transaction.atomic():
        run = ClassificationRun.objects.select_for_update().get(pk=run_id)
        if run.is_finished or (run.state == RunState.RUNNING and not run.is_interrupted):
            return None
        ClassificationRun.objects.filter(pk=run_id).update(
            state=RunState.RUNNING, heartbeat_at=timezone.now()
        )
    return run


def stored_communes(run: ClassificationRun) -> set[int]:
    """Communes whose batch of this run committed: their rows are complete (one transaction)."""
    rows = Classification.objects.filter(run=run).values_list("commune_id", flat=True).distinct()
    transitions = Transition.objects.filter(run=run).values_list("commune_id", flat=True).distinct()
    return set(rows) | set(transitions)


def _households_stored(run: ClassificationRun, communes: set[int]) -> int:
    if not communes:
        return 0
    rows = Classification.objects.filter(run=run, commune_id__in=communes)
    return rows.values("survey_id").distinct().count()


def may_act_on(run: ClassificationRun, user) -> bool:
    """Resume or cancel: who may start a run for its unit (a writer assigned to it or above)."""
    unit = run.commune or run.province
    return bool(user.is_authenticated and user.can_write and unit_in_scope(unit, user))


def resume_run(run: ClassificationRun, user) -> None:
    """Put an interrupted (or failed) run back in the queue; the task then continues it."""
    run.abandon_task()
    ClassificationRun.objects.filter(pk=run.pk).update(
        state=RunState.QUEUED, error="", finished_at=None, heartbeat_at=timezone.now()
    )
    BulkChange.objects.create(
        user=user,
        action="classification_resume",
        unit=run.commune or run.province,
        description=f"Chạy tiếp {run}",
    )


def cancel_run(run: ClassificationRun, user) -> None:
    """End an interrupted run. Communes already stored keep this run's results (each is whole);
    the others keep their earlier classification."""
    run.abandon_task()
    stored = len(stored_communes(run))
    ClassificationRun.objects.filter(pk=run.pk).update(
        state=RunState.FAILED,
        done_communes=stored,
        error=f"Đã huỷ sau khi bị gián đoạn; {stored}/{run.total_communes} xã đã được phân loại trước đó.",
        finished_at=timezone.now(),
    )
    BulkChange.objects.create(
        user=user, action="classification_cancel", unit=run.commune or run.province, description=f"Huỷ {run}"
    )


def commune_batches(communes: list[int], households_per_batch: int | None = None) -> list[list[int]]:
    """Group communes so each batch holds about `households_per_batch` households:
    big enough for whole-frame speed, small enough to show progress and bound memory."""
    counts = dict(
        Household.objects.filter(commune_id__in=communes, is_active=True)
        .values_list("commune_id")
        .annotate(n=Count("id"))
    )
    limit = households_per_batch or BATCH_HOUSEHOLDS
    batches: list[list[int]] = [[]]
    size = 0
    for commune_id in communes:
        if batches[-1] and size + counts.get(commune_id, 0) > limit:
            batches.append([])
            size = 0
        batches[-1].append(commune_id)
        size += counts.get(commune_id, 0)
    return [batch for batch in batches if batch]


def run_standards(run: ClassificationRun) -> list[engine.Standard] | None:
    """The standards a run applies, whose answers its batches read; None (every answer) when
    each survey is classified under the standard in force on its date."""
    if not run.standard_id:
        return None
    return [engine.load_standard(sid) for sid in filter(None, (run.standard_id, run.second_standard_id))]


def classify_frames(frames: ProvinceFrame, standard_id: str = "") -> pl.DataFrame:
    """Classify surveys under one named standard, or each under the standard in force on its date."""
    households = frames.households
    if households.is_empty():
        return households.select("household_id").with_columns(
            pl.lit(None, pl.String).alias("standard"),
            *(pl.lit(None).alias(c) for c in RESULT_COLUMNS),
            pl.lit(None, pl.Float64).alias("score"),
        )
    if standard_id:
        groups = {standard_id: households}
    else:
        by_date = {d: engine.standard_in_force(d).id for d in households["survey_date"].unique().to_list()}
        tagged = households.with_columns(pl.col("survey_date").replace_strict(by_date).alias("_standard"))
        groups = {sid: group.drop("_standard") for (sid,), group in tagged.group_by("_standard")}
    results = []
    for sid, group in groups.items():
        members = frames.members.filter(pl.col("household_id").is_in(group["household_id"].implode()))
        result = engine.classify(engine.load_standard(sid), group, members, reasons="template")
        # The score each household was judged on under this standard (given or computed from B1).
        score = pl.col("score") if "score" in result.columns else pl.lit(None, pl.Float64).alias("score")
        results.append(result.select("household_id", "standard", *RESULT_COLUMNS, score))
    return pl.concat(results)


def _classify_communes(
    run: ClassificationRun, commune_ids: list[int], frames: ProvinceFrame, *, resumed: bool = True
) -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # see demo.generator
    if resumed:
        Classification.objects.filter(run=run, commune_id__in=commune_ids).delete()
        Transition.objects.filter(run=run, commune_id__in=commune_ids).delete()
    if frames.households.is_empty():
        return 0
    first = classify_frames(frames, run.standard_id)
    if run.kind == RunKind.OFFICIAL:
        _store(run, frames, first, official=True)
        classified = frames.households.join(first, on="household_id")
        _refresh_current_status(classified)
        run_batch_stored.send(sender=ClassificationRun, run=run, year=run.year, classified=classified)
        return frames.households.height
    second = classify_frames(frames, run.second_standard_id)
    _store(run, frames, first, official=False)
    _store(run, frames, second, official=False)
    _store_transitions(run, frames, first, second)
    return frames.households.height


def _store(run: ClassificationRun, frames: ProvinceFrame, result: pl.DataFrame, *, official: bool) -> None:
    keys = frames.households.select(
        "household_id", "household_pk", "province_id", "commune_id", "income_per_capita_month"
    )
    templates = ReasonTemplate.objects.ids_for(result["reason_template"].unique().to_list())
    # In the order of the (household, survey) index: each batch then sweeps it once. By commune,
    # a registry whose communes interleave swept it once per commune (1M households: 8.7-8.9 s
    # against 6.2-6.4 s to store). A batch's communes are neighbours, so its block ranges still
    # keep a commune's reads of the (run, province, commune) index to its own batch.
    rows = (
        result.join(keys, on="household_id", how="left")
        .sort("household_pk")
        .select(
            pl.col("household_id").alias("survey_id"),
            pl.col("household_pk").alias("household_id"),
            "province_id",
            "commune_id",
            pl.lit(run.pk).alias("run_id"),
            pl.lit(official).alias("official"),
            pl.col("standard").alias("standard_id"),
            pl.lit(run.engine_version or engine.ENGINE_VERSION).alias("engine_version"),
            "status",
            pl.col("income_line").cast(pl.Int64),
            pl.col("deprivation_count").cast(pl.Int64),
            pl.col("deprived").fill_null(""),
            pl.col("reason_template")
            .replace_strict(templates, return_dtype=pl.Int64)
            .alias("reason_template_id"),
            pl.col("income_per_capita_month").alias("income"),
            "score",
            pl.lit(run.created_by_id, pl.Int64).alias("created_by_id"),
        )
    )
    write_frame(Classification._meta.db_table, rows)


def _refresh_current_status(classified: pl.DataFrame) -> None:
    """A household's current status is its latest official classification: this run's."""
    changed = classified.filter(pl.col("status") != pl.col("current_status").fill_null(""))
    upsert_from_frame(
        CurrentStatus._meta.db_table,
        changed.select(pl.col("household_pk").alias("household_id"), "status"),
        key="household_id",
    )


def _store_transitions(
    run: ClassificationRun, frames: ProvinceFrame, first: pl.DataFrame, second: pl.DataFrame
) -> None:
    pairs = (
        first.select("household_id", pl.col("status").alias("status_from"))
        .join(second.select("household_id", pl.col("status").alias("status_to")), on="household_id")
        .join(frames.households.select("household_id", "commune_id"), on="household_id")
    )
    counts = pairs.group_by("commune_id", "status_from", "status_to").len().sort("commune_id", "status_from")
    Transition.objects.bulk_create(
        Transition(run=run, commune_id=c, status_from=f, status_to=t, households=n)
        for c, f, t, n in counts.iter_rows()
    )


def survey_year_default(today: dt.date | None = None) -> int:
    return (today or dt.date.today()).year
