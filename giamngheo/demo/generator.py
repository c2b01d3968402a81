"""Writes a generated province into the database: villages, households, members,
one submitted survey per household and its member answers.

Everything happens in one transaction, so an interrupted run (Ctrl-C, kill)
leaves nothing half-written and can simply be rerun. Rows go in through COPY on
PostgreSQL and executemany on SQLite; per-row history is skipped and one
`BulkChange` audit entry records who generated what.
"""

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from giamngheo.areas.models import AdminUnit, AreaType, Era, Level
from giamngheo.core.bulkload import indexes_deferred, reserve_ids
from giamngheo.core.frames import refresh_planner_statistics, write_frame
from giamngheo.core.models import BulkChange
from giamngheo.core.text import fold
from giamngheo.demo.synthetic import CommuneSpec, synthetic_frames
from giamngheo.households.events import registry_changed
from giamngheo.households.models import (
    HOUSEHOLD_FLAGS,
    POVERTY_FACT_FIELDS,
    CurrentStatus,
    Household,
    Member,
    Survey,
    SurveyMember,
)

SURVEY_ANSWERS = [
    "area", "members", "income_per_capita_month", "floor_area_m2", "has_dwelling", "durable_walls",
    "durable_columns", "durable_roof", "water_source", "latrine", "uses_internet", "has_phone_subscription",
    "has_tv", "has_radio", "has_computer", "has_smartphone", "has_tablet", "hears_loudspeaker", "waste_treated",
    *POVERTY_FACT_FIELDS,
]  # fmt: skip
MEMBER_ANSWERS = [
    "age", "sex", "has_health_insurance", "schooling", "qualification", "employment",
    "severe_disability", "malnourished", "ill_untreated", "social_allowance", "employer_certified_training",
]  # fmt: skip


class GenerationError(Exception):
    pass


@dataclass(frozen=True)
class GenerationResult:
    households: int
    members: int
    villages_created: int
    build_seconds: float
    write_seconds: float


def generate_province(
    province: AdminUnit,
    n_households: int,
    *,
    seed: int,
    replace: bool = False,
    survey_date: dt.date = dt.date(2025, 10, 1),
    user=None,
    progress: Callable[[str], None] | None = None,
    by_commune: bool = False,
) -> GenerationResult:
    say = progress or (lambda _message: None)
    communes = list(
        AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province=province).order_by("code")
    )
    if not communes:
        raise GenerationError(f"{province.name} has no communes: run `giamngheo load_units` first.")
    with transaction.atomic():
        if Household.objects.filter(province=province).exists():
            if not replace:
                raise GenerationError(f"{province.name} already has households; use --replace to regenerate.")
            say("Deleting the province's existing households…")
            delete_province_households(province)
        villages_created = _ensure_villages(communes, seed)
        started = time.perf_counter()
        data = synthetic_frames(
            n_households,
            seed=seed,
            communes=_commune_specs(communes, seed),
            survey_date=survey_date,
            cccd_province=_cccd_province(province),
            by_commune=by_commune,
        )
        build_seconds = time.perf_counter() - started
        say(
            f"Built {data.households.height:,} households and {data.members.height:,} members in {build_seconds:.1f} s"
        )
        started = time.perf_counter()
        _write(province, data.households, data.members, survey_date, user)
        registry_changed.send(sender=Household, commune_ids=_province_communes(province))
        write_seconds = time.perf_counter() - started
        BulkChange.objects.create(
            user=user,
            action="generate",
            unit=province,
            description=f"Sinh dữ liệu mẫu: {data.households.height} hộ, {data.members.height} nhân khẩu (seed {seed})",
            rows=data.households.height,
        )
    say(f"Wrote them in {write_seconds:.1f} s")
    # Whatever reads the province next (a run, a page) needs the planner to know its size.
    refresh_planner_statistics(*_tables())
    return GenerationResult(
        data.households.height, data.members.height, villages_created, build_seconds, write_seconds
    )


def _province_communes(province: AdminUnit) -> list[int]:
    """Every commune of the province, of any era: the households deleted may lie in any."""
    return list(AdminUnit.objects.filter(province=province, level=Level.COMMUNE).values_list("pk", flat=True))


def delete_province_households(province: AdminUnit) -> None:
    """Remove a province's households and everything hanging from them, history included.

    Set-based SQL: the ORM's delete would load every row and write a history
    record for each, which takes minutes for a province."""
    from giamngheo.standards.models import Classification

    _refuse_to_orphan(province, deleted={Classification})
    households = f"SELECT id FROM {Household._meta.db_table} WHERE province_id = %s"
    surveys = f"SELECT id FROM {Survey._meta.db_table} WHERE household_id IN ({households})"
    statements = [
        (Classification, "household_id", households),
        (SurveyMember.history.model, "survey_id", surveys),
        (SurveyMember, "survey_id", surveys),
        (Survey.history.model, "household_id", households),
        (Survey, "household_id", households),
        (Member.history.model, "household_id", households),
        (Member, "household_id", households),
        (CurrentStatus.history.model, "household_id", households),
        (CurrentStatus, "household_id", households),
        (Household.history.model, "province_id", "SELECT %s"),
        (Household, "province_id", "SELECT %s"),
    ]
    with connection.cursor() as cursor:
        for model, column, subquery in statements:
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE {column} IN ({subquery})", [province.pk]
            )


def _refuse_to_orphan(province: AdminUnit, deleted: set[type]) -> None:
    """Rows that point at a household through a key not declared in the database (bulk-written
    tables such as the review lists) would survive the DELETEs without an error: refuse while
    any of them points at the province's households. History rows are meant to outlive them."""
    for relation in Household._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.one_to_many):
            continue
        model, field = relation.related_model, relation.field
        if field.db_constraint or model in deleted or hasattr(model, "instance_type"):
            continue
        if model.objects.filter(**{f"{field.name}__province": province}).exists():
            raise GenerationError(
                f"Không thể sinh lại dữ liệu mẫu: hộ của {province.name} đang được dùng trong "
                f"«{model._meta.verbose_name}»."
            )


def _cccd_province(province: AdminUnit) -> str:
    return f"{int(province.code):03d}"


def _commune_specs(communes: list[AdminUnit], seed: int) -> list[CommuneSpec]:
    villages: dict[int, list[tuple[int, str]]] = {}
    for pk, parent_id, name in (
        AdminUnit.objects.filter(level=Level.VILLAGE, parent__in=communes)
        .values_list("pk", "parent_id", "name")
        .order_by("code")
    ):
        villages.setdefault(parent_id, []).append((pk, name))
    specs = []
    for commune in communes:
        # Poorer where rural and further from the centre; a stable pseudo-random spread per commune.
        spread = (int(commune.code) * 7919 + seed) % 1000 / 1000
        rural = commune.area_type != AreaType.URBAN
        level = (0.25 + 0.55 * spread) if rural else 0.05 + 0.2 * spread
        own = villages.get(commune.pk, [])
        specs.append(
            CommuneSpec(
                id=commune.pk,
                code=commune.code,
                area=AreaType.URBAN if not rural else AreaType.RURAL,
                village_ids=tuple(pk for pk, _ in own),
                village_names=tuple(name for _, name in own),
                poverty_level=level,
                name=commune.name,
                minority_share=0.35 * spread if rural else 0.02,
            )
        )
    return specs


def _ensure_villages(communes: list[AdminUnit], seed: int) -> int:
    have = set(
        AdminUnit.objects.filter(level=Level.VILLAGE, parent__in=communes).values_list("parent_id", flat=True)
    )
    new = []
    for commune in communes:
        if commune.pk in have:
            continue
        urban = commune.area_type == AreaType.URBAN
        kind = "Tổ dân phố" if urban else "Thôn"
        for number in range(1, 4 + (int(commune.code) * 31 + seed) % 9 + 1):
            name = f"{kind} {number}"
            new.append(
                AdminUnit(
                    code=f"{commune.code}-{number:02d}", name=name, short_name=name, kind=kind,
                    level=Level.VILLAGE, era=Era.CURRENT, area_type=commune.area_type, parent=commune,
                    province_id=commune.province_id, valid_from=commune.valid_from,
                    latitude=commune.latitude, longitude=commune.longitude, search_name=fold(name),
                )
            )  # fmt: skip
    AdminUnit.objects.bulk_create(new, batch_size=2000)
    return len(new)


def _timestamp(now: dt.datetime) -> pl.Expr:
    if connection.vendor == "postgresql":
        return pl.lit(now)
    return pl.lit(now.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" "))


def _tables() -> list[str]:
    return [model._meta.db_table for model in (Household, Member, Survey, SurveyMember)]


def _write(province: AdminUnit, households: pl.DataFrame, members: pl.DataFrame, survey_date, user) -> None:
    now = timezone.now()
    tables = _tables()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checking millions of
            # them at COMMIT from the deferred-trigger queue is far slower than checking as rows arrive
            # (or, below, once per key after the load).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # The rows get their ids here, so nothing is read back to link members, surveys and answers.
    first_household = reserve_ids(Household._meta.db_table, households.height)
    first_member = reserve_ids(Member._meta.db_table, members.height)
    first_survey = reserve_ids(Survey._meta.db_table, households.height)
    households = households.with_columns(
        pl.int_range(first_household, first_household + pl.len(), dtype=pl.Int64).alias("household_pk"),
        pl.int_range(first_survey, first_survey + pl.len(), dtype=pl.Int64).alias("survey_pk"),
    )
    members = (
        members.join(
            households.select("household_id", "household_pk", "survey_pk"), on="household_id", how="left"
        )
        .sort("household_pk", "member_no")
        .with_columns(pl.int_range(first_member, first_member + pl.len(), dtype=pl.Int64).alias("member_pk"))
    )
    with indexes_deferred(tables, households.height):
        _write_rows(province, households, members, survey_date, user, now)


def _write_rows(
    province: AdminUnit, households: pl.DataFrame, members: pl.DataFrame, survey_date, user, now
) -> None:
    write_frame(
        Household._meta.db_table,
        households.select(
            pl.col("household_pk").alias("id"),
            pl.col("household_id").alias("code"),
            pl.lit(province.pk).alias("province_id"),
            "commune_id",
            "village_id",
            "head_name",
            "address",
            *HOUSEHOLD_FLAGS,
            pl.lit(True).alias("is_active"),
            "search_text",
            _timestamp(now).alias("created_at"),
            _timestamp(now).alias("updated_at"),
        ),
    )
    write_frame(
        Member._meta.db_table,
        members.select(
            pl.col("member_pk").alias("id"),
            pl.col("household_pk").alias("household_id"),
            "full_name",
            "birth_date",
            "sex",
            "ethnicity",
            "relation",
            pl.col("cccd").fill_null(""),
            pl.lit("present").alias("status"),
            "search_name",
        ),  # fmt: skip
    )
    write_frame(
        Survey._meta.db_table,
        households.select(
            pl.col("survey_pk").alias("id"),
            pl.col("household_pk").alias("household_id"),
            pl.lit(survey_date).alias("survey_date"),
            pl.lit(1).alias("version"),
            pl.lit("").alias("correction_reason"),
            pl.lit("submitted").alias("state"),
            _timestamp(now).alias("submitted_at"),
            pl.lit(getattr(user, "pk", None), pl.Int64).alias("submitted_by_id"),
            *SURVEY_ANSWERS,
        ),
    )
    write_frame(
        SurveyMember._meta.db_table,
        members.select(
            pl.col("survey_pk").alias("survey_id"), pl.col("member_pk").alias("member_id"), *MEMBER_ANSWERS
        ),
    )
