"""Who is eligible for a policy, computed over every household (and member) of a unit
at once with Polars: one read of the unit's households, members, official
classifications and support records (only the rows some rule may select, see
`narrowing`), then one expression per policy.

The rule is that of the policy version in force at the reference date; all parts must hold:
- status: the household's `current_status` (its latest official classification) is one
  of the policy's `statuses`, OR the household is newly escaped (below);
- flags: every flag in `required_flags` is set on the household; a flag the registry
  does not record yet (see `MISSING_FLAGS`; read as soon as `Household` has a column of
  that name) makes the policy not computable, said so on the pages rather than guessed;
- need (coverage `on_need`, e.g. credit): a need of the policy's category is recorded
  for the household (`SupportNeed`); eligibility alone is no gap;
- age (member policies): present members of active households whose age at the
  reference date is at least `min_age` and below `max_age` (the n-th birthday reached
  counts: born 16 years ago to the day is 16, not "under 16"). A birth on 29 February is
  taken as 28 February in other years.

Newly escaped ("hộ mới thoát nghèo"): the household was classified officially in one of
the policy's `escaped_from` statuses (default: poor) and its first official
classification after the last such one is in another status, with
- escape date = the local date (Asia/Ho_Chi_Minh) of that later classification
  (`Classification.created_at`: the date the official result was recorded),
- escape date ≤ reference date < escape date + `escape_window_months`,
- and the current status is not one of `escaped_from` (falling back ends it).
Classifications are ordered by (created_at, id).
"""

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.conf import settings
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Coalesce

from giamngheo.core.frames import is_postgres, read_arrows, read_frame
from giamngheo.households.models import Household, Member, MemberStatus
from giamngheo.programs.dates import months_before, years_before
from giamngheo.programs.models import Coverage, Policy, PolicyVersion, SupportNeed, SupportRecord
from giamngheo.programs.narrowing import escape_candidates, member_ages, wanted_households
from giamngheo.standards.models import Classification

REGISTRY_FLAGS = {
    "ethnic_minority": "hộ dân tộc thiểu số",
    "meritorious": "hộ có thành viên là người có công",
    "no_labour_capacity": "hộ không có khả năng lao động",
    "registered_to_escape": "hộ đăng ký thoát nghèo",
}
MISSING_FLAGS = {
    "agricultural": "hộ làm nông, lâm, ngư, diêm nghiệp",
    "poor_district": "hộ cư trú tại huyện nghèo",
    "extremely_difficult_area": "hộ cư trú tại xã, thôn đặc biệt khó khăn",
    "no_supporter": "người không có người có nghĩa vụ và quyền phụng dưỡng",
    "severe_disability": "mức độ khuyết tật của từng người",
    "single_parent": "người đơn thân đang nuôi con",
}
DEFAULT_ESCAPED_FROM = ("poor",)
UNIVERSAL_REMARK = (
    "áp dụng cho mọi người cùng diện (không phụ thuộc phân loại hộ) nên không lập danh sách chưa nhận"
)

CLASSIFICATION_SCHEMA = {"household_id": pl.Int64, "id": pl.Int64, "status": pl.String, "at": pl.String}
MEMBER_SCHEMA = {"member_id": pl.Int64, "household_id": pl.Int64, "birth_date": pl.Date}
SUPPORT_SCHEMA = {
    "policy_id": pl.Int64,
    "household_id": pl.Int64,
    "member_id": pl.Int64,
    "delivered_on": pl.Date,
}
NEED_SCHEMA = {"household_id": pl.Int64, "category": pl.String}


def registry_flags() -> dict[str, str]:
    """The flags the household registry records: the known ones, plus any flag of
    `MISSING_FLAGS` once a boolean column of that name exists on `Household`."""
    columns = {f.name for f in Household._meta.concrete_fields}
    return REGISTRY_FLAGS | {flag: label for flag, label in MISSING_FLAGS.items() if flag in columns}


def household_schema(flags: dict[str, str]) -> dict[str, pl.DataType]:
    return {
        "household_id": pl.Int64,
        "commune_id": pl.Int64,
        "village_id": pl.Int64,
        "status": pl.String,
        **dict.fromkeys(flags, pl.Boolean),
    }


@dataclass(frozen=True)
class Rule:
    """A policy version's eligibility rule, detached from the ORM."""

    policy_id: int
    code: str
    member: bool
    statuses: tuple[str, ...]
    window_months: int | None
    escaped_from: tuple[str, ...]
    flags: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    reach_months: int | None
    coverage: str = Coverage.COMPUTED
    category: str = ""
    known_flags: tuple[str, ...] = tuple(REGISTRY_FLAGS)

    @classmethod
    def of(cls, policy: Policy, version: PolicyVersion | None = None) -> "Rule":
        """The rule of `version` (default: the version in force today)."""
        version = version or policy.current_version
        return cls(
            policy_id=policy.pk,
            code=policy.code,
            member=policy.is_member_policy,
            statuses=tuple(version.statuses or ()),
            window_months=version.escape_window_months or None,
            escaped_from=tuple(version.escaped_from or DEFAULT_ESCAPED_FROM),
            flags=tuple(version.required_flags or ()),
            min_age=version.min_age,
            max_age=version.max_age,
            reach_months=version.reach_months,
            coverage=version.coverage,
            category=policy.category,
            known_flags=tuple(registry_flags()),
        )

    @property
    def missing_data(self) -> list[str]:
        """Why the registry cannot tell who is eligible (empty when it can)."""
        if self.coverage == Coverage.UNIVERSAL:
            return []
        reasons = [MISSING_FLAGS.get(flag, flag) for flag in self.flags if flag not in self.known_flags]
        return [f"sổ hộ chưa ghi nhận {reason}" for reason in reasons]

    @property
    def remark(self) -> str:
        """Why the coverage is not counted although the registry could (empty when it is)."""
        return UNIVERSAL_REMARK if self.coverage == Coverage.UNIVERSAL else ""

    @property
    def computable(self) -> bool:
        return not self.missing_data and not self.remark


def rules_on(policies: list[Policy], day: dt.date) -> list[tuple[Policy, PolicyVersion, Rule]]:
    """Each policy in force on `day` with its version and rule (policies not in force left out)."""
    result = []
    for policy in policies:
        version = policy.version_on(day)
        if version is not None:
            result.append((policy, version, Rule.of(policy, version)))
    return result


@dataclass
class UnitFrames:
    """What eligibility and coverage need about a unit, read once: the households, present
    members and official classifications some rule may select (`narrowing`: not the whole
    unit), the support records and needs of the unit, and the unit's number of households."""

    households: pl.DataFrame
    members: pl.DataFrame
    classifications: pl.DataFrame
    support: pl.DataFrame
    reference: dt.date
    needs: pl.DataFrame | None = None
    household_count: int | None = None  # all the unit's households (None: `households.height`)

    @property
    def total_households(self) -> int:
        return self.households.height if self.household_count is None else self.household_count


Read = tuple[str, tuple, dict[str, pl.DataType]]
COUNT_SCHEMA = {"households": pl.Int64}


def _read(queryset: QuerySet, schema: dict[str, pl.DataType]) -> Read:
    sql, params = queryset.order_by().query.sql_with_params()
    return sql, params, schema


def load_frames(
    households: QuerySet, rules: list[Rule], reference: dt.date, *, large: bool = False
) -> UnitFrames:
    """`households`: the unit's active households, already area-scoped. `large` (a province):
    every frame the rules need is read at once, each on its own connection
    (`core.frames.read_arrows`); a smaller unit reads them in turn on the request's own
    connection, which costs less than opening one per frame."""
    ids = households.order_by().values("pk")
    flags = registry_flags()
    frames = UnitFrames(
        households=pl.DataFrame(schema=household_schema(flags)),
        members=pl.DataFrame(schema=MEMBER_SCHEMA),
        classifications=pl.DataFrame(schema=CLASSIFICATION_SCHEMA),
        support=pl.DataFrame(schema=SUPPORT_SCHEMA),
        reference=reference,
    )
    computable = [rule for rule in rules if rule.computable]
    candidates = escape_candidates(ids, computable, reference)
    if candidates is not None and large and is_postgres():
        # The candidates' histories first, then their ids as a list: a subquery inside the
        # households' OR would keep PostgreSQL from scanning the members in parallel (SQLite,
        # which has no parallel scan and a limit on parameters, keeps the subquery).
        frames.classifications = read_frame(*_classifications_read(candidates))
        candidates = frames.classifications["household_id"].unique().sort().to_list()
    reads = _reads(households, ids, computable, reference, flags, candidates)
    if rules:
        reads["support"] = _support_read(ids, rules, reference)
    read = read_arrows(list(reads.values())) if large else [read_frame(*r) for r in reads.values()]
    for name, frame in zip(reads, read, strict=True):
        if name == "count":
            frames.household_count = int(frame.item())
        else:
            setattr(frames, name, frame)
    frames.households = frames.households.with_columns(pl.col("status").fill_null(""))
    return frames


def _reads(
    households: QuerySet,
    ids: QuerySet,
    rules: list[Rule],
    reference: dt.date,
    flags: dict[str, str],
    candidates: QuerySet | list[int] | None,
) -> dict[str, Read]:
    """The unit's household count, and the rows the computable rules may select (the
    classifications too while `candidates` is a query, not yet read)."""
    sql, params = ids.query.sql_with_params()
    reads: dict[str, Read] = {"count": (f"SELECT count(*) FROM ({sql}) AS unit", params, COUNT_SCHEMA)}
    wanted = wanted_households(rules, reference, candidates)
    if wanted is None:
        return reads
    reads["households"] = _read(
        households.filter(wanted)
        .annotate(status=Coalesce("current__status", Value("")))
        .values_list("pk", "commune_id", "village_id", "status", *flags),
        household_schema(flags),
    )
    member_rules = [rule for rule in rules if rule.member]
    of_households = wanted_households(member_rules, reference, candidates)
    if of_households is not None:
        present = Member.objects.filter(
            household__in=households.filter(of_households).order_by().values("pk"),
            status=MemberStatus.PRESENT,
        )
        ages = member_ages(member_rules, reference)
        present = present if ages is None else present.filter(ages)
        reads["members"] = _read(present.values_list("pk", "household_id", "birth_date"), MEMBER_SCHEMA)
    if isinstance(candidates, QuerySet):
        reads["classifications"] = _classifications_read(candidates)
    if any(rule.coverage == Coverage.ON_NEED for rule in rules):
        needs = SupportNeed.objects.filter(household__in=ids, noted_on__lte=reference)
        reads["needs"] = _read(needs.values_list("household_id", "category"), NEED_SCHEMA)
    return reads


def _support_read(ids: QuerySet, rules: list[Rule], reference: dt.date) -> Read:
    """Every support record of the rules' policies in the unit (eligible or not: coverage
    counts what was received outside the eligible too)."""
    earliest = min(
        (months_before(reference, rule.reach_months) for rule in rules if rule.reach_months), default=None
    )
    records = SupportRecord.objects.filter(
        household__in=ids, policy_id__in=[rule.policy_id for rule in rules], delivered_on__lte=reference
    )
    if earliest is not None and all(rule.reach_months for rule in rules):
        records = records.filter(delivered_on__gt=earliest)
    return _read(
        records.values_list("policy_id", "household_id", "member_id", "delivered_on"), SUPPORT_SCHEMA
    )


def _classifications_read(households: QuerySet) -> Read:
    official = Classification.objects.filter(household__in=households, official=True)
    official = official.annotate(at=Cast("created_at", CharField()))
    return _read(official.values_list("household_id", "pk", "status", "at"), CLASSIFICATION_SCHEMA)


def official_classifications(households: QuerySet) -> pl.DataFrame:
    """household_id, id, status, at (created_at as text, UTC) of the households' official
    classifications."""
    return read_frame(*_classifications_read(households))


def escape_dates(classifications: pl.DataFrame, escaped_from: tuple[str, ...]) -> pl.DataFrame:
    """household_id, escaped_on: the local date of the first official classification
    outside `escaped_from` after the last one inside it."""
    parsed = classifications.with_columns(
        pl.col("at").str.slice(0, 19).str.to_datetime("%Y-%m-%d %H:%M:%S", time_zone="UTC").alias("at"),
        pl.col("status").is_in(escaped_from).alias("inside"),
    ).sort("household_id", "at", "id")
    parsed = parsed.with_columns(pl.int_range(pl.len()).over("household_id").alias("seq"))
    last_inside = (
        parsed.filter("inside").group_by("household_id").agg(pl.col("seq").max().alias("last_inside"))
    )
    after = parsed.join(last_inside, on="household_id").filter(
        (pl.col("seq") > pl.col("last_inside")) & ~pl.col("inside")
    )
    first = after.group_by("household_id").agg(pl.col("at").sort_by("seq").first())
    local = pl.col("at").dt.convert_time_zone(settings.TIME_ZONE).dt.date()
    return first.select("household_id", local.alias("escaped_on"))


def newly_escaped(frames: UnitFrames, rule: Rule) -> pl.DataFrame:
    """household_id of households newly escaped under the rule at the reference date."""
    if not rule.window_months or frames.classifications.is_empty():
        return pl.DataFrame(schema={"household_id": pl.Int64})
    dates = escape_dates(frames.classifications, rule.escaped_from)
    ref = frames.reference
    window = pl.col("escaped_on").dt.offset_by(f"{rule.window_months}mo")
    recent = dates.filter((pl.col("escaped_on") <= ref) & (pl.lit(ref) < window))
    now = frames.households.filter(~pl.col("status").is_in(rule.escaped_from) & (pl.col("status") != ""))
    return recent.join(now.select("household_id"), on="household_id").select("household_id")


def eligible_households(frames: UnitFrames, rule: Rule) -> pl.DataFrame:
    """household_id, commune_id, village_id of the households meeting the status and
    flag conditions (for a member policy: the households whose members may qualify)."""
    households = frames.households
    condition = pl.col("status").is_in(rule.statuses)
    escaped = newly_escaped(frames, rule)
    if not escaped.is_empty():
        condition = condition | pl.col("household_id").is_in(escaped["household_id"].implode())
    for flag in rule.flags:
        condition = condition & pl.col(flag)
    if rule.coverage == Coverage.ON_NEED:
        needs = frames.needs if frames.needs is not None else pl.DataFrame(schema={"household_id": pl.Int64})
        if "category" in needs.columns:
            needs = needs.filter(pl.col("category") == rule.category)
        condition = condition & pl.col("household_id").is_in(needs["household_id"].implode())
    return households.filter(condition).select("household_id", "commune_id", "village_id")


def eligible(frames: UnitFrames, rule: Rule) -> pl.DataFrame:
    """The beneficiaries: household_id, member_id (null for household policies),
    commune_id, village_id."""
    households = eligible_households(frames, rule)
    if not rule.member:
        return households.with_columns(pl.lit(None, pl.Int64).alias("member_id")).select(
            "household_id", "member_id", "commune_id", "village_id"
        )
    members = frames.members
    ref = frames.reference
    if rule.min_age is not None:
        members = members.filter(pl.col("birth_date") <= years_before(ref, rule.min_age))
    if rule.max_age is not None:
        members = members.filter(pl.col("birth_date") > years_before(ref, rule.max_age))
    return members.join(households, on="household_id").select(
        "household_id", "member_id", "commune_id", "village_id"
    )


def reached(frames: UnitFrames, rule: Rule) -> pl.DataFrame:
    """Beneficiaries with a support record under the policy within `reach_months` before
    the reference date: one column, member_id for member policies, else household_id."""
    records = frames.support.filter(pl.col("policy_id") == rule.policy_id)
    records = records.filter(pl.col("delivered_on") <= frames.reference)
    if rule.reach_months:
        records = records.filter(pl.col("delivered_on") > months_before(frames.reference, rule.reach_months))
    key = "member_id" if rule.member else "household_id"
    return records.filter(pl.col(key).is_not_null()).select(key).unique()


def with_reached(frames: UnitFrames, rule: Rule) -> pl.DataFrame:
    """`eligible` with a boolean `reached` column."""
    key = "member_id" if rule.member else "household_id"
    got = reached(frames, rule).with_columns(pl.lit(True).alias("reached"))
    return (
        eligible(frames, rule).join(got, on=key, how="left").with_columns(pl.col("reached").fill_null(False))
    )
