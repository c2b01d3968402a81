"""Review-quality checks: where a commune's review looks wrong. Each judges the province's frame
of the year (`standards.province_frame`, read once for every check) with Polars expressions,
or counts in the database what only the database holds (rounds, meetings, people), and
returns one row per flag (`key`, `commune_id`, `household_id`, `detail`); thresholds are the
province's own or the check's default."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from giamngheo.core.frames import is_postgres, ranges_read, read_arrow, read_frame
from giamngheo.households.models import Household, Member, Survey
from giamngheo.reviews.models import MeetingResult, Round, RoundHousehold, VillageMeeting
from giamngheo.standards import engine
from giamngheo.standards.province_frame import ProvinceFrame
from giamngheo.targets.geography import area_for
from giamngheo.targets.indicators import computed_value
from giamngheo.targets.models import IndicatorKind, ProgressValue, ValueSource
from giamngheo.targets.progress import meets

FLAG_SCHEMA = {"key": pl.String, "commune_id": pl.Int64, "household_id": pl.Int64, "detail": pl.String}
ACTIVE_LISTED = ("poor", "near_poor")


@dataclass(frozen=True)
class Check:
    code: str
    title: str
    why: str
    threshold_label: str
    default: float
    find: Callable[..., pl.DataFrame]  # (frame, threshold, user) -> flags


def _in(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def _vnd(amount: pl.Expr) -> pl.Expr:
    """Whole đồng with a dot between thousands (1.234.567)."""
    digits = amount.round(0).cast(pl.Int64).abs().cast(pl.String)
    grouped = digits.str.reverse().str.replace_all(r"(\d{3})", "$1.").str.reverse().str.strip_chars_start(".")
    return pl.when(amount < 0).then(pl.lit("-") + grouped).otherwise(grouped)


def _lines(year: int) -> dict[str, int]:
    """The poverty line per area of the standard the review of `year` applies."""
    standard = review_standard(year)
    return {area: standard.income_line(area) for area in ("rural", "urban")}


def review_standard(year: int) -> engine.Standard:
    """The standard the periodic review of `year` applies (the checks judge the surveys by it)."""
    return engine.standard_in_force(dt.date(year + 1, 1, 1))


# The survey answers the checks read from the frame, besides what the standards read.
FRAME_ANSWERS = ("income_per_capita_month", "area", "has_tv", "has_computer", "has_smartphone", "has_tablet")


def _surveys(frame: ProvinceFrame) -> pl.DataFrame:
    """The latest survey of each household, with the poverty line of its area."""
    lines = _lines(frame.year)
    return frame.households.select(
        pl.col("household_pk").alias("household_id"),
        "commune_id",
        pl.col("income_per_capita_month").alias("income"),
        "has_tv", "has_computer", "has_smartphone", "has_tablet", "current_status",
        pl.col("area").replace_strict(lines, default=None, return_dtype=pl.Int64).alias("line"),
    )  # fmt: skip


def income_bunching(frame: ProvinceFrame, ratio: float, _user=None) -> pl.DataFrame:
    surveys = _surveys(frame)
    above = (pl.col("income") > pl.col("line")) & (pl.col("income") <= pl.col("line") * 1.1)
    below = (pl.col("income") > pl.col("line") * 0.9) & (pl.col("income") <= pl.col("line"))
    counts = surveys.group_by("commune_id").agg(above.sum().alias("above"), below.sum().alias("below"))
    flagged = counts.filter(
        (pl.col("above") >= 10) & (pl.col("above") > ratio * pl.max_horizontal("below", 1))
    )
    return flagged.select(
        pl.format("commune:{}", "commune_id").alias("key"),
        "commune_id",
        pl.lit(None, pl.Int64).alias("household_id"),
        pl.format(
            "{} hộ có thu nhập ngay trên chuẩn nghèo (trong khoảng 10 % trên mức chuẩn), chỉ {} hộ ngay dưới",
            "above",
            "below",
        ).alias("detail"),
    )


def assets_versus_status(frame: ProvinceFrame, multiple: float, _user=None) -> pl.DataFrame:
    surveys = _surveys(frame)
    assets = pl.all_horizontal(
        pl.col(c).fill_null(False) for c in ("has_tv", "has_computer", "has_smartphone", "has_tablet")
    )
    high_income = pl.col("income") > pl.col("line") * multiple
    flagged = surveys.filter(pl.col("current_status").is_in(ACTIVE_LISTED) & (assets | high_income))
    detail = (
        pl.when(high_income)
        .then(pl.format("Đang trong danh sách nhưng thu nhập khai {} đồng/người/tháng", _vnd(pl.col("income"))))
        .otherwise(pl.lit("Đang trong danh sách nhưng có đủ ti vi, máy tính, điện thoại thông minh và máy tính bảng"))
    )  # fmt: skip
    return flagged.select(
        pl.format("household:{}", "household_id").alias("key"),
        "commune_id",
        "household_id",
        detail.alias("detail"),
    )


def status_without_survey(frame: ProvinceFrame, _threshold: float, _user=None) -> pl.DataFrame:
    commune_ids, year = frame.commune_ids, frame.year
    schema = {"household_id": pl.Int64, "commune_id": pl.Int64, "previous": pl.String, "final": pl.String}
    changed = read_frame(
        f"""SELECT rh.household_id, r.commune_id, rh.previous_status, rh.final_status
            FROM {RoundHousehold._meta.db_table} rh JOIN {Round._meta.db_table} r ON r.id = rh.round_id
            WHERE r.commune_id IN ({_in(commune_ids)}) AND r.year = %s
              AND rh.final_status <> '' AND rh.final_status <> rh.previous_status
              AND NOT EXISTS (SELECT 1 FROM {Survey._meta.db_table} s WHERE s.household_id = rh.household_id
                              AND s.state = 'submitted' AND s.survey_date BETWEEN %s AND %s)""",
        [*commune_ids, year, dt.date(year, 1, 1), dt.date(year, 12, 31)],
        schema,
    )
    labels = {"poor": "hộ nghèo", "near_poor": "hộ cận nghèo", "average": "hộ có mức sống trung bình", "not_poor": "hộ không nghèo", "": "chưa phân loại"}  # fmt: skip
    return changed.unique("household_id").select(
        pl.format("household:{}", "household_id").alias("key"),
        "commune_id",
        "household_id",
        pl.format(
            "Phân loại đổi từ {} sang {} trong đợt rà soát năm {} mà không có phiếu khảo sát của năm",
            pl.col("previous").replace_strict(labels, default="—"),
            pl.col("final").replace_strict(labels, default="—"),
            pl.lit(year),
        ).alias("detail"),
    )


def uniform_meetings(frame: ProvinceFrame, minimum: float, _user=None) -> pl.DataFrame:
    commune_ids, year = frame.commune_ids, frame.year
    schema = {"commune_id": pl.Int64, "meeting_id": pl.Int64, "attendance": pl.Int64, "dissent": pl.Int64}
    meetings = read_frame(
        f"""SELECT r.commune_id, m.id, m.attendance,
                   COALESCE((SELECT SUM(x.not_agreed) FROM {MeetingResult._meta.db_table} x WHERE x.meeting_id = m.id), 0)
            FROM {VillageMeeting._meta.db_table} m JOIN {Round._meta.db_table} r ON r.id = m.round_id
            WHERE r.commune_id IN ({_in(commune_ids)}) AND r.year = %s""",
        [*commune_ids, year],
        schema,
    )
    per_commune = meetings.group_by("commune_id").agg(
        pl.len().alias("meetings"),
        pl.col("attendance").n_unique().alias("attendances"),
        (pl.col("dissent") == 0).all().alias("unanimous"),
    )
    same = (pl.col("attendances") == 1) & (pl.col("meetings") >= minimum)
    unanimous = pl.col("unanimous") & (pl.col("meetings") >= minimum)
    detail = (
        pl.when(same & unanimous).then(pl.format("{} cuộc họp thôn cùng số người dự và 100 % đồng ý ở mọi cuộc", "meetings"))
        .when(same).then(pl.format("{} cuộc họp thôn có cùng số người tham dự", "meetings"))
        .otherwise(pl.format("{} cuộc họp thôn, cuộc nào cũng 100 % đồng ý", "meetings"))
    )  # fmt: skip
    return per_commune.filter(same | unanimous).select(
        pl.format("commune:{}", "commune_id").alias("key"),
        "commune_id",
        pl.lit(None, pl.Int64).alias("household_id"),
        detail.alias("detail"),
    )


# The present members of the active households of the communes' provinces, then those of
# households elsewhere who share a CCCD with the communes' people: two plain reads (an OR of
# the two in one query made PostgreSQL scan the members once per household).
_PEOPLE_SQL = """
SELECT h.id, h.commune_id, m.cccd, m.search_name, m.birth_date
FROM {members} m JOIN {households} h ON h.id = m.household_id
WHERE h.is_active AND m.status = 'present' AND h.province_id {provinces}
"""
_ELSEWHERE_SQL = """
SELECT h.id, NULL, m.cccd, m.search_name, m.birth_date
FROM {members} m JOIN {households} h ON h.id = m.household_id
WHERE h.is_active AND m.status = 'present' AND m.cccd <> '' AND NOT (h.province_id {provinces})
  AND m.cccd IN (SELECT o.cccd FROM {members} o JOIN {households} oh ON oh.id = o.household_id
                 WHERE oh.commune_id {communes} AND o.cccd <> '')
"""
_HOUSEHOLDS_SQL = (
    "SELECT h.id, h.commune_id FROM {households} h WHERE h.is_active AND h.province_id = ANY(%s)"
)
_MEMBERS_SQL = (
    "SELECT m.household_id, m.cccd, m.search_name, m.birth_date FROM {members} m "
    "WHERE m.status = 'present' AND m.household_id {{ids}}"
)
_PEOPLE_SCHEMA = {
    "household_id": pl.Int64, "commune_id": pl.Int64, "cccd": pl.String, "name": pl.String, "birth": pl.Date,
}  # fmt: skip


def read_people(commune_ids: list[int]) -> pl.DataFrame:
    """The people the same-person check compares (see `_PEOPLE_SQL`); the planning job starts
    this read beside the frame's (`quality.read_judged_frame`)."""
    provinces = list(
        Household.objects.filter(commune_id__in=commune_ids).values_list("province_id", flat=True).distinct()
    )
    if not provinces:
        return pl.DataFrame(schema=_PEOPLE_SCHEMA)
    if is_postgres():
        inside, communes, province_ids, ids = "= ANY(%s)", "= ANY(%s)", [provinces], [list(commune_ids)]
    else:
        inside, communes = f"IN ({_in(provinces)})", f"IN ({_in(commune_ids)})"
        province_ids, ids = provinces, list(commune_ids)
    tables = {"members": Member._meta.db_table, "households": Household._meta.db_table}
    if is_postgres():
        ours = _people_by_ids(provinces, tables)
    else:
        ours = read_frame(_PEOPLE_SQL.format(provinces=inside, **tables), province_ids, _PEOPLE_SCHEMA)
    if not Household.objects.exclude(province_id__in=provinces).filter(is_active=True).exists():
        return ours
    query = _ELSEWHERE_SQL.format(provinces=inside, communes=communes, **tables)
    elsewhere = read_frame(query, [*province_ids, *ids], _PEOPLE_SCHEMA)
    return pl.concat([ours, elsewhere])


def _people_by_ids(provinces: list[int], tables: dict[str, str]) -> pl.DataFrame:
    """PostgreSQL: `_PEOPLE_SQL` as two reads joined here, the households' then their present
    members' by the households' ids (`core.frames.ranges_read`): the server's hash join of 3.5
    million members with a million households cost more than sending the rows."""
    households = read_arrow(
        _HOUSEHOLDS_SQL.format(**tables), [provinces], {"household_id": pl.Int64, "commune_id": pl.Int64}
    )
    schema = {name: _PEOPLE_SCHEMA[name] for name in ("household_id", "cccd", "name", "birth")}
    people = read_arrow(*ranges_read(_MEMBERS_SQL.format(**tables), [], households["household_id"], schema))
    return people.join(households, on="household_id").select(list(_PEOPLE_SCHEMA))


def same_person_twice(frame: ProvinceFrame, _threshold: float, _user=None) -> pl.DataFrame:
    """Members of the communes' provinces, and anyone anywhere sharing a CCCD with them; only the
    communes' own households are flagged, and the other household is never named."""
    commune_ids = frame.commune_ids
    people = frame.extra("people")
    if people is None:
        people = read_people(commune_ids)
    by_cccd = people.filter(pl.col("cccd") != "").with_columns(
        pl.col("household_id").n_unique().over("cccd").alias("n"), pl.lit("cùng số CCCD").alias("what")
    )
    by_name = people.filter(pl.col("name") != "").with_columns(
        pl.col("household_id").n_unique().over("name", "birth").alias("n"),
        pl.lit("cùng họ tên và ngày sinh").alias("what"),
    )
    twice = pl.concat([by_cccd.filter(pl.col("n") > 1), by_name.filter(pl.col("n") > 1)], how="diagonal")
    twice = twice.filter(pl.col("commune_id").is_in(commune_ids))
    return twice.unique("household_id", keep="first", maintain_order=True).select(
        pl.format("household:{}", "household_id").alias("key"),
        "commune_id",
        "household_id",
        pl.format("Một người của hộ này cũng có mặt ở một hộ khác đang hoạt động ({})", "what").alias(
            "detail"
        ),
    )


def rate_versus_surveys(frame: ProvinceFrame, points: float, _user=None) -> pl.DataFrame:
    """The share of listed (poor or near-poor) households in the registry against the share the
    year's surveys give under the review's standard."""
    if frame.is_empty:
        return pl.DataFrame(schema=FLAG_SCHEMA)
    standard = review_standard(frame.year)
    joined = frame.households.select("household_id", "commune_id", "current_status").join(
        frame.statuses(standard), on="household_id"
    )
    listed = pl.col("status").is_in(ACTIVE_LISTED)
    official = pl.col("current_status").is_in(ACTIVE_LISTED)
    rates = joined.group_by("commune_id").agg(
        (official.mean() * 100).alias("official"), (listed.mean() * 100).alias("surveys"), pl.len().alias("n")
    )
    gap = (pl.col("official") - pl.col("surveys")).abs()
    return rates.filter((gap > points) & (pl.col("n") >= 20)).select(
        pl.format("commune:{}", "commune_id").alias("key"),
        "commune_id",
        pl.lit(None, pl.Int64).alias("household_id"),
        pl.format(
            "Tỷ lệ hộ nghèo và cận nghèo trong sổ là {} %, trong khi phiếu khảo sát năm nay cho {} % ({} hộ)",
            pl.col("official").round(1),
            pl.col("surveys").round(1),
            "n",
        ).alias("detail"),
    )


def targets_unsupported(frame: ProvinceFrame, points: float, user=None) -> pl.DataFrame:
    """Entered values that meet a target the household data (the summaries) do not meet."""
    year = frame.year
    values = ProgressValue.objects.filter(
        year=year,
        source=ValueSource.ENTERED,
        target__unit_id__in=frame.commune_ids,
        target__indicator__kind=IndicatorKind.COMPUTED,
    ).select_related("target", "target__indicator", "target__plan", "target__unit")
    rows = []
    for value in values:
        target = value.target
        low, high = target.target_value, target.target_high or target.target_value
        if not meets(target.direction, value.value, low, high):
            continue
        actual = computed_value(target.indicator, area_for(target.unit), year, user, target.plan.standard_id)
        if (
            actual is None
            or meets(target.direction, actual, low, high)
            or abs(actual - value.value) <= points
        ):
            continue
        rows.append({
            "key": f"target:{target.pk}:{value.period}", "commune_id": target.unit_id, "household_id": None,
            "detail": f"“{target.indicator.name}” báo cáo {value.value:g} (đạt chỉ tiêu) nhưng số liệu hộ cho {actual:g}",
        })  # fmt: skip
    return pl.DataFrame(rows, schema=FLAG_SCHEMA)


CHECKS = [
    Check("income_bunching", "Thu nhập dồn ngay trên chuẩn nghèo",
          "Nhiều hộ khai thu nhập vừa vượt chuẩn hơn hẳn số hộ ngay dưới chuẩn: dấu hiệu thu nhập bị khai để đưa hộ ra khỏi (hoặc giữ ngoài) danh sách.",
          "Tỷ lệ số hộ ngay trên / ngay dưới chuẩn", 2.0, income_bunching),
    Check("assets_versus_status", "Tài sản hoặc thu nhập không khớp với phân loại",
          "Hộ nghèo, cận nghèo có đủ các tài sản đắt tiền hoặc khai thu nhập cao hơn nhiều so với chuẩn: cần xem lại phiếu hoặc quyết định.",
          "Thu nhập gấp bao nhiêu lần chuẩn nghèo", 1.5, assets_versus_status),
    Check("status_without_survey", "Đổi phân loại mà không có phiếu khảo sát",
          "Phân loại của hộ chỉ được đổi sau khi khảo sát bằng phiếu; đổi mà không có phiếu của năm là sai quy trình.",
          "(không có ngưỡng)", 0.0, status_without_survey),
    Check("uniform_meetings", "Họp thôn giống hệt nhau",
          "Các cuộc họp thôn có cùng số người dự hoặc 100 % đồng ý ở mọi cuộc thường là biên bản làm cho có.",
          "Số cuộc họp tối thiểu để xét", 3.0, uniform_meetings),
    Check("same_person_twice", "Một người ở hai hộ",
          "Một người (cùng số CCCD, hoặc cùng họ tên và ngày sinh) có mặt ở hai hộ đang hoạt động làm sai số nhân khẩu và chính sách.",
          "(không có ngưỡng)", 0.0, same_person_twice),
    Check("rate_versus_surveys", "Tỷ lệ nghèo không khớp với phiếu khảo sát",
          "Tỷ lệ hộ nghèo, cận nghèo của xã thay đổi nhiều hơn điều mà thu nhập và thiếu hụt ghi trong phiếu giải thích.",
          "Chênh lệch tối đa (điểm phần trăm)", 5.0, rate_versus_surveys),
    Check("targets_unsupported", "Chỉ tiêu báo cáo đạt nhưng số liệu hộ không cho thấy",
          "Số báo cáo nhập tay đạt chỉ tiêu trong khi số tính từ danh sách hộ chưa đạt: cần đối chiếu trước khi tổng hợp.",
          "Chênh lệch tối đa giữa số báo cáo và số tính", 0.5, targets_unsupported),
]  # fmt: skip
BY_CODE = {check.code: check for check in CHECKS}
