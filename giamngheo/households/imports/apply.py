"""Write a validated file: one transaction, set-based, idempotent.

Households are upserted by their stable code, members by CCCD within the
household (or by name and birth date when there is no CCCD), so importing the
same file twice changes nothing the second time. Per-row history is skipped, as
for the generator; one `BulkChange` entry records who imported what.
"""

from dataclasses import dataclass

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from giamngheo.core.bulkload import indexes_deferred
from giamngheo.core.frames import is_postgres, write_frame
from giamngheo.core.models import BulkChange
from giamngheo.households.events import registry_changed
from giamngheo.households.imports import lookups, survey_answers
from giamngheo.households.imports.checks import fold_expr
from giamngheo.households.imports.columns import FLAG_FIELDS, SURVEY_HOUSEHOLD_FIELDS, SURVEY_MEMBER_FIELDS
from giamngheo.households.imports.staging import changed_only, timestamp, update_rows
from giamngheo.households.imports.validation import Checked
from giamngheo.households.models import Household, Member

HOUSEHOLD_TABLE = Household._meta.db_table
MEMBER_TABLE = Member._meta.db_table
MEMBER_VALUES = ["full_name", "birth_date", "sex", "relation", "status", "search_name"]
OPTIONAL_MEMBER_VALUES = ["ethnicity", "cccd"]


@dataclass(frozen=True)
class ImportCounts:
    households_created: int = 0
    households_updated: int = 0
    members_created: int = 0
    members_updated: int = 0
    surveys: int = 0  # open surveys the file's survey answers were written to

    @property
    def households(self) -> int:
        return self.households_created + self.households_updated

    @property
    def members(self) -> int:
        return self.members_created + self.members_updated


def apply_import(checked: Checked, user, *, source: str = "") -> ImportCounts:
    if not checked.ok:
        raise ValueError("Only a file without problems can be imported.")
    with transaction.atomic():
        if is_postgres():
            with connection.cursor() as cursor:
                # As in the generator: check foreign keys as rows arrive, not all at COMMIT.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        now = timezone.now()
        households = checked.households
        # Into a (nearly) empty registry: indexes and keys built once after the rows, not per row.
        with (
            indexes_deferred([HOUSEHOLD_TABLE], households.height),
            indexes_deferred([MEMBER_TABLE], checked.members.height),
        ):
            created, updated = _upsert_households(households, checked.members, checked.household_fields, now)
            ids = lookups.existing_households(households["code"].to_list()).select("code", "household_pk")
            members_created = members_updated = 0
            touched = updated
            if not checked.members.is_empty():
                members_created, members_updated, of = _upsert_members(
                    checked.members, ids, checked.member_fields
                )
                touched = pl.concat([touched, of])
            registered = households.filter(pl.col("household_pk").is_not_null())["household_pk"]
            _refresh_search_text(touched.filter(touched.is_in(registered.implode())).unique().to_list())
        if created or updated.len():
            registry_changed.send(sender=Household, commune_ids=_communes(households))
        surveys = _record_survey_answers(checked, ids, user)
        counts = ImportCounts(created, updated.len(), members_created, members_updated, surveys)
        _audit(user, households, counts, source)
    return counts


def _communes(households: pl.DataFrame) -> list[int]:
    """The communes the file's households are in now and were in before (a move between them)."""
    return pl.concat([households["commune_id"], households["db_commune_id"]]).drop_nulls().unique().to_list()


def _upsert_households(
    households: pl.DataFrame, members: pl.DataFrame, fields: frozenset[str], now
) -> tuple[int, pl.Series]:
    """Inserts the new households, updates the registered ones that changed; returns how
    many were new and the ids of those updated."""
    frame = households.with_columns(
        pl.col("address").fill_null("").str.strip_chars(),
        *(pl.col(f"{name}_value").alias(name) for name in FLAG_FIELDS),
    )
    new = frame.filter(pl.col("household_pk").is_null())
    new = new.join(search_texts(new, _members_of(members, new["code"])), on="code", how="left")
    write_frame(
        HOUSEHOLD_TABLE,
        new.select(
            "code", "province_id", "commune_id", "village_id", "head_name", "address", *FLAG_FIELDS,
            pl.lit(True).alias("is_active"), "search_text",
            timestamp(now).alias("created_at"), timestamp(now).alias("updated_at"),
        ),
    )  # fmt: skip
    columns = ["head_name", "province_id", "commune_id", "village_id"]
    columns += [name for name in ("address", *FLAG_FIELDS) if name in fields]
    existing = frame.filter(pl.col("household_pk").is_not_null())
    if "village" not in fields:  # keep the village unless the household moved commune
        same_commune = pl.col("commune_id") == pl.col("db_commune_id")
        existing = existing.with_columns(
            pl.when(same_commune).then(pl.col("db_village_id")).alias("village_id")
        )
    changed = changed_only(
        HOUSEHOLD_TABLE,
        existing.select(pl.col("household_pk").alias("id"), *columns, timestamp(now).alias("updated_at")),
    )
    update_rows(HOUSEHOLD_TABLE, changed)
    return new.height, changed["id"]


def _prepared(members: pl.DataFrame, ids: pl.DataFrame) -> pl.DataFrame:
    return members.join(ids.rename({"code": "household_code"}), on="household_code", how="left").with_columns(
        pl.col("birth").alias("birth_date"),
        pl.col("sex_value").alias("sex"),
        pl.col("relation_value").alias("relation"),
        pl.col("status_value").alias("status"),
        pl.col("ethnicity").fill_null("Kinh"),
        pl.col("cccd").fill_null(""),
    )


def _upsert_members(
    members: pl.DataFrame, ids: pl.DataFrame, fields: frozenset[str]
) -> tuple[int, int, pl.Series]:
    """Inserts the new members, updates the matched ones that changed; returns how many of
    each and the households they belong to."""
    existing = lookups.existing_members(ids["household_pk"].to_list())
    frame = _match_members(_prepared(members, ids), existing)
    new = frame.filter(pl.col("member_pk").is_null())
    write_frame(
        MEMBER_TABLE,
        new.select("household_pk", *MEMBER_VALUES, *OPTIONAL_MEMBER_VALUES).rename(
            {"household_pk": "household_id"}
        ),
    )
    kept = [name for name in OPTIONAL_MEMBER_VALUES if name in fields]
    matched = frame.filter(pl.col("member_pk").is_not_null())
    values = [*MEMBER_VALUES, *kept]
    current = existing.select(
        pl.col("member_pk").alias("id"), *(pl.col(f"db_{name}").alias(f"{name}__db") for name in values)
    )
    changed = changed_only(
        MEMBER_TABLE, matched.select(pl.col("member_pk").alias("id"), *values), current=current
    )
    update_rows(MEMBER_TABLE, changed)
    of = matched.filter(pl.col("member_pk").is_in(changed["id"].implode()))["household_pk"]
    return new.height, changed.height, pl.concat([new["household_pk"], of])


def _match_members(frame: pl.DataFrame, existing: pl.DataFrame) -> pl.DataFrame:
    """The registered member each row stands for: same CCCD in the household, else the
    same name and birth date (unless both have different CCCDs)."""
    by_cccd = (
        existing.filter(pl.col("db_cccd") != "")
        .select("household_pk", pl.col("db_cccd").alias("cccd"), "member_pk")
        .unique(["household_pk", "cccd"], keep="first")
    )
    frame = frame.join(by_cccd, on=["household_pk", "cccd"], how="left")
    taken = frame["member_pk"].drop_nulls().to_list()
    by_name = (
        existing.filter(~pl.col("member_pk").is_in(taken))
        .sort("member_pk")
        .select(
            "household_pk", pl.col("db_search_name").alias("search_name"), pl.col("db_birth_date").alias("birth_date"),
            pl.col("member_pk").alias("name_pk"), "db_cccd",
        )
        .unique(["household_pk", "search_name", "birth_date"], keep="first")
    )  # fmt: skip
    frame = frame.join(by_name, on=["household_pk", "search_name", "birth_date"], how="left")
    compatible = (pl.col("cccd") == "") | (pl.col("db_cccd") == "")
    frame = frame.with_columns(
        pl.coalesce("member_pk", pl.when(compatible).then(pl.col("name_pk"))).alias("member_pk")
    )
    # Two rows never update the same member: the later one becomes a new member.
    return frame.with_columns(
        pl.when(pl.col("member_pk").is_first_distinct()).then(pl.col("member_pk")).alias("member_pk")
    )


def _record_survey_answers(checked: Checked, ids: pl.DataFrame, user) -> int:
    """The file's survey answers (causes of poverty, wish to escape, per-member answers) into each
    household's open survey; the members are matched again now that new ones have ids."""
    households = checked.households.drop("household_pk", strict=False).join(ids, on="code", how="left")
    members = checked.members
    answered = [n for n in SURVEY_MEMBER_FIELDS if n in checked.member_fields]
    if not members.is_empty() and any(members[n].is_not_null().any() for n in answered):
        members = _match_members(
            _prepared(members, ids), lookups.existing_members(ids["household_pk"].to_list())
        ).filter(pl.col("member_pk").is_not_null())
    else:
        members = pl.DataFrame()
    if not any(n in checked.household_fields for n in SURVEY_HOUSEHOLD_FIELDS) and members.is_empty():
        return 0
    found = survey_answers.collect(households, members)
    return survey_answers.record(found, user, timezone.localdate()) if found else 0


def _members_of(members: pl.DataFrame, codes: pl.Series) -> pl.DataFrame:
    """The file's members of new households, in the order they are inserted (their ids' order)."""
    if members.is_empty():
        return pl.DataFrame(schema={"code": pl.String, "full_name": pl.String, "cccd": pl.String})
    return members.filter(pl.col("household_code").is_in(codes.implode())).select(
        pl.col("household_code").alias("code"), "full_name", pl.col("cccd").fill_null("")
    )


def search_texts(households: pl.DataFrame, members: pl.DataFrame, key: str = "code") -> pl.DataFrame:
    """`key` -> `search_text`: `Household.refresh_search_text` for many households at once.
    `households` has `key`, head_name, address and code; `members` has `key`, full_name and
    cccd, in the members' id order."""
    names = members.group_by(key, maintain_order=True).agg(
        pl.concat_str(["full_name", pl.col("cccd").fill_null("")], separator=" ").str.join(" ").alias("names")
    )
    columns = list(dict.fromkeys([key, "head_name", "address", "code"]))
    joined = households.select(columns).join(names, on=key, how="left")
    text = pl.concat_str(["head_name", "address", "code", "names"], separator=" ", ignore_nulls=True)
    return joined.select(key, fold_expr(text).alias("search_text"))


def _refresh_search_text(household_pks: list[int]) -> None:
    """The search text of households already registered whose row or members this import
    changed, written only where it differs from the stored one (a household the import left
    as it was keeps its text: every writer keeps it current)."""
    members = lookups.read_in(
        "SELECT household_id, id, full_name, cccd FROM households_member WHERE {condition}",
        "household_id",
        household_pks,
        {"id": pl.Int64, "member_pk": pl.Int64, "full_name": pl.String, "cccd": pl.String},
    ).sort("member_pk")
    households = lookups.read_in(
        "SELECT id, head_name, address, code, search_text FROM households_household WHERE {condition}",
        "id",
        household_pks,
        {
            "id": pl.Int64,
            "head_name": pl.String,
            "address": pl.String,
            "code": pl.String,
            "stored": pl.String,
        },
    )
    texts = search_texts(households, members, key="id").join(households.select("id", "stored"), on="id")
    update_rows(
        HOUSEHOLD_TABLE, texts.filter(pl.col("search_text").ne_missing(pl.col("stored"))).drop("stored")
    )


def _audit(user, households: pl.DataFrame, counts: ImportCounts, source: str) -> None:
    communes = households["commune_id"].unique().to_list()
    provinces = households["province_id"].unique().to_list()
    unit_id = communes[0] if len(communes) == 1 else provinces[0] if len(provinces) == 1 else None
    BulkChange.objects.create(
        user=user,
        action="import",
        unit_id=unit_id,
        description=(
            f"Nhập dữ liệu từ tệp {source}: {counts.households_created} hộ mới, {counts.households_updated} hộ cập nhật, "
            f"{counts.members_created} thành viên mới, {counts.members_updated} thành viên cập nhật"
            + (f", ghi câu trả lời khảo sát vào {counts.surveys} phiếu đang mở" if counts.surveys else "")
        ),
        rows=counts.households + counts.members,
    )
