"""Every cell of reports 1-13 (and the lists 14-15) recounted one household at a time from
the registry (the ORM, not the report frame), for a generated province reviewed twice."""

from collections import defaultdict

import pytest

from giamngheo.areas.models import AdminUnit, Level
from giamngheo.households.models import Household, Member, SurveyMember
from giamngheo.programs.models import SupportRecord
from giamngheo.reports.models import CommuneSummary, StatusCount
from giamngheo.reports.official.build import build_report_set, cell_households
from giamngheo.reports.official.columns import CAUSES
from giamngheo.reports.official.layout import SUPPORT_GROUPS
from giamngheo.reports.tests.official_fixtures import PREVIOUS, YEAR
from giamngheo.standards import engine
from giamngheo.standards.models import Classification

STANDARD = "2022-2025"
pytestmark = pytest.mark.django_db


def _latest(rows):
    chosen = {}
    for key, row in rows:
        if key not in chosen or (row.created_at, row.pk) > (chosen[key].created_at, chosen[key].pk):
            chosen[key] = row
    return chosen


def _support_group(category: str) -> str:
    for group, categories in SUPPORT_GROUPS.items():
        if category in categories:
            return group
    return "other"


def household_records(province) -> list[dict]:
    """One dict per (commune, household) the reports count, built from the ORM."""
    official = Classification.objects.filter(province=province, official=True).select_related("survey")
    current = _latest(
        ((c.commune_id, c.household_id), c)
        for c in official
        if c.survey.survey_date.year == YEAR and c.standard_id == STANDARD
    )
    previous = _latest((c.household_id, c) for c in official if c.survey.survey_date.year == PREVIOUS)
    keys = set(current) | {(c.commune_id, h) for h, c in previous.items()}
    records = []
    for commune_id, household_id in sorted(keys):
        now = current.get((commune_id, household_id))
        before = previous.get(household_id)
        household = Household.objects.get(pk=household_id)
        head = Member.objects.filter(household=household, relation="head", status="present").first()
        children = list(SurveyMember.objects.filter(survey=now.survey, age__lt=16)) if now else []
        support = {
            _support_group(r.policy.category)
            for r in SupportRecord.objects.filter(household=household, delivered_on__year=YEAR)
        }
        poor_earlier = Classification.objects.filter(
            household=household, official=True, status="poor", survey__survey_date__year__lt=PREVIOUS
        ).exists()
        status = now.status if now else ""
        records.append(
            {
                "commune": commune_id,
                "household": household_id,
                "status": status,
                "from": before.status if before and before.commune_id == commune_id else "",
                "poor_earlier": poor_earlier,
                "people": now.survey.members if now else 0,
                "deprived": set(filter(None, now.deprived.split(";"))) if now else set(),
                "household_obj": household,
                "survey": now.survey if now else None,
                "ethnicity": head.ethnicity if head else None,
                "children": len(children),
                "child_no_insurance": sum(not a.has_health_insurance for a in children),
                "child_malnourished": sum(a.malnourished for a in children),
                "child_out_of_school": sum(a.age >= 3 and a.schooling != "right_level" for a in children),
                # Support is counted for the poor and near-poor only.
                "support": support if status in ("poor", "near_poor") else set(),
            }
        )
    return records


def expected_cells(r: dict, ethnic_groups: list[str]) -> dict[tuple[int, str], int]:
    """What one household adds to each cell of reports 1-13."""
    h, s, f, now = r["household_obj"], r["survey"], r["from"], r["status"]
    cells: dict[tuple[int, str], int] = defaultdict(int)
    classified = now != ""
    people = r["people"]
    if classified:
        for number in (1, 12, 13):
            cells[(number, "households")] += 1
            cells[(number, "people")] += people
        cells[(2, "households")] += 1
        cells[(3, "households")] += 1
    if now == "average":
        cells[(1, "average")] += 1
        cells[(1, "average_people")] += people
        if h.agricultural:
            cells[(1, "agricultural")] += 1
            cells[(1, "agricultural_people")] += people
    # 2: poor movements
    if f == "poor":
        cells[(2, "start")] += 1
        if now != "poor":
            cells[(2, "down")] += 1
            key = {"near_poor": "to_near_poor", "average": "escaped", "not_poor": "escaped", "": "left"}[now]
            cells[(2, key)] += 1
    if now == "poor":
        cells[(2, "end")] += 1
        if f != "poor":
            cells[(2, "up")] += 1
            if r["poor_earlier"]:
                cells[(2, "fell_back")] += 1
            elif f == "":
                cells[(2, "arrived")] += 1
            else:
                cells[(2, "new")] += 1
    # 3: near-poor movements
    if f == "near_poor":
        cells[(3, "start")] += 1
        if now != "near_poor":
            cells[(3, "down")] += 1
            key = {"poor": "to_poor", "average": "escaped", "not_poor": "escaped", "": "left"}[now]
            cells[(3, key)] += 1
    if now == "near_poor":
        cells[(3, "end")] += 1
        if f != "near_poor":
            cells[(3, "up")] += 1
            cells[(3, {"poor": "from_poor", "": "arrived"}.get(f, "new"))] += 1
    if now not in ("poor", "near_poor"):
        return cells
    # 4-7: deprivations
    first = 4 if now == "poor" else 6
    for number in (first, first + 1):
        cells[(number, "households")] += 1
        for code in r["deprived"]:
            cells[(number, f"d_{code}")] += 1
    # 8: groups and support
    cells[(8, now)] += 1
    for flag, key in (
        ("no_labour_capacity", "no_labour"),
        ("meritorious", "meritorious"),
        ("indigenous", "indigenous"),
    ):
        cells[(8, f"{now}_{key}")] += getattr(h, flag)
    for group in r["support"]:
        cells[(8, f"{now}_support_{group}")] += 1
    # 9: ethnicity of the head
    cells[(9, now)] += 1
    ethnicity = r["ethnicity"]
    if ethnicity is None:
        cells[(9, f"{now}_unknown")] += 1
    elif ethnicity == "Kinh":
        cells[(9, f"{now}_kinh")] += 1
    else:
        cells[(9, f"{now}_minority")] += 1
        assert ethnicity in ethnic_groups
        cells[(9, f"{now}_eth_{ethnicity}")] += 1
    # 10: causes
    cells[(10, now)] += 1
    ticked = [cause for cause in CAUSES if getattr(s, cause)]
    cells[(10, f"{now}_with_cause" if ticked else f"{now}_no_cause")] += 1
    for cause in ticked:
        cells[(10, f"{now}_{cause}")] += 1
    # 11: children
    for name, key in (("children", "children"), ("child_no_insurance", "no_insurance"),
                      ("child_malnourished", "malnourished"), ("child_out_of_school", "out_of_school")):  # fmt: skip
        cells[(11, f"{now}_{key}")] += r[name]
    # 12/13: results
    number = 12 if now == "poor" else 13
    cells[(number, "count")] += 1
    cells[(number, "count_people")] += people
    cells[(number, "minority")] += h.ethnic_minority
    cells[(number, "meritorious")] += h.meritorious
    cells[(number, "no_labour")] += h.no_labour_capacity
    cells[(number, "wish")] += s.wishes_to_escape
    return cells


@pytest.fixture
def recounted(reviewed_province):
    report = build_report_set(reviewed_province, YEAR, STANDARD, None)
    records = household_records(reviewed_province)
    groups = [c.label for c in report.table(9).columns if c.key.startswith("poor_eth_")]
    expected: dict[int | None, dict] = defaultdict(lambda: defaultdict(int))
    for record in records:
        for cell, value in expected_cells(record, groups).items():
            expected[record["commune"]][cell] += value
            expected[None][cell] += value
    return reviewed_province, report, records, expected


def _every_cell_of_every_report_recounts_from_the_households(recounted):
    _province, report, _records, expected = recounted
    checked = 0
    assert [t.number for t in report.tables] == list(range(1, 14))
    for table in report.tables:
        for row in [*table.rows, table.total]:
            wanted = expected[row.unit_id]
            for column in table.columns:
                value = row.values[column.key]
                if column.is_rate:
                    numerator, denominator = (row.values[k] for k in column.rate)
                    assert value == pytest.approx(numerator / denominator if denominator else 0.0)
                else:
                    assert value == wanted[(table.number, column.key)], (table.number, row.name, column.key)
                checked += 1
    assert checked > 500


def _totals_are_the_sum_of_the_communes_and_match_the_registry_summaries(recounted):
    province, report, _records, _expected = recounted
    for table in report.tables:
        for column in table.columns:
            if not column.is_rate:
                assert table.total.values[column.key] == sum(r.values[column.key] for r in table.rows)
    summaries = CommuneSummary.objects.filter(province=province, year=YEAR, standard_id=STANDARD)
    counts = StatusCount.objects.filter(summary__in=summaries, group="all")
    poor = sum(c.households for c in counts if c.status == "poor")
    near = sum(c.households for c in counts if c.status == "near_poor")
    assert report.table(12).total.values["households"] == sum(s.households for s in summaries)
    assert report.table(12).total.values["people"] == sum(s.people for s in summaries)
    assert report.table(12).total.values["count"] == poor == report.table(2).total.values["end"]
    assert report.table(13).total.values["count"] == near == report.table(3).total.values["end"]
    assert len(report.lists["poor"]) == poor and len(report.lists["near_poor"]) == near


def _the_parts_of_each_report_add_up(recounted):
    _province, report, _records, _expected = recounted
    for row in [*report.table(2).rows, report.table(2).total]:
        v = row.values
        assert v["down"] == v["to_near_poor"] + v["escaped"] + v["left"]
        assert v["up"] == v["new"] + v["fell_back"] + v["arrived"]
        assert v["end"] == v["start"] - v["down"] + v["up"]
    for row in [*report.table(3).rows, report.table(3).total]:
        v = row.values
        assert v["down"] == v["to_poor"] + v["escaped"] + v["left"]
        assert v["up"] == v["from_poor"] + v["new"] + v["arrived"]
        assert v["end"] == v["start"] - v["down"] + v["up"]
    for status in ("poor", "near_poor"):
        v = report.table(9).total.values
        groups = sum(value for key, value in v.items() if key.startswith(f"{status}_eth_"))
        assert v[status] == v[f"{status}_kinh"] + v[f"{status}_minority"] + v[f"{status}_unknown"]
        assert v[f"{status}_minority"] == groups
        v = report.table(10).total.values
        assert v[status] == v[f"{status}_with_cause"] + v[f"{status}_no_cause"]
    moved = report.table(2).total.values
    assert moved["left"] > 0 and moved["arrived"] + moved["new"] > 0  # the fixture exercises movements


def _causes_ticked_for_a_household_that_is_not_poor_are_kept_but_not_counted(recounted):
    _province, report, records, _expected = recounted
    ticked_not_poor = [
        r
        for r in records
        if r["survey"] and r["status"] not in ("poor", "near_poor") and r["survey"].cause_other
    ]
    assert ticked_not_poor
    counted = sum(
        r["survey"].cause_other for r in records if r["survey"] and r["status"] in ("poor", "near_poor")
    )
    totals = report.table(10).total.values
    assert totals["poor_cause_other"] + totals["near_poor_cause_other"] == counted


def _a_cell_opens_exactly_the_households_it_counts(recounted):
    province, report, _records, _expected = recounted
    commune = report.table(2).rows[0]
    for number, key, row in ((12, "count", report.table(12).total), (2, "left", commune), (8, "poor_support_housing", report.table(8).total)):  # fmt: skip
        ids = cell_households(province, YEAR, STANDARD, None, number, key, row.unit_id)
        assert len(ids) == row.values[key]


def _lists_hold_each_poor_household_with_its_present_members(recounted):
    _province, report, records, _expected = recounted
    poor = {r["household"] for r in records if r["status"] == "poor"}
    listed = report.lists["poor"]
    assert {h["household_id"] for h in listed} == poor
    first = listed[0]
    members = Member.objects.filter(household_id=first["household_id"], status="present")
    assert len(first["members"]) == members.count()
    assert first["members"][0]["relation"] == "Chủ hộ"


def _a_commune_report_equals_its_row_of_the_province_report(recounted):
    province, report, _records, _expected = recounted
    commune = AdminUnit.objects.get(pk=report.table(1).rows[1].unit_id, level=Level.COMMUNE)
    alone = build_report_set(commune, YEAR, STANDARD, None, with_lists=False)
    for table in alone.tables:
        row = report.table(table.number).rows[1]
        for column in table.columns:
            if not column.is_rate and not column.key.startswith(("poor_eth_", "near_poor_eth_")):
                assert table.total.values[column.key] == row.values.get(column.key, 0)


def _deprivation_columns_follow_the_standard(recounted):
    _province, report, _records, _expected = recounted
    codes = [i.code for i in engine.load_standard(STANDARD).indicators]
    assert [c.key for c in report.table(4).columns][1:] == [f"d_{code}" for code in codes]


def test_official_reports_recount_add_up_and_open_their_households(recounted):
    """One generated province (two reviews, slow to build) checked every way at once."""
    _every_cell_of_every_report_recounts_from_the_households(recounted)
    _totals_are_the_sum_of_the_communes_and_match_the_registry_summaries(recounted)
    _the_parts_of_each_report_add_up(recounted)
    _causes_ticked_for_a_household_that_is_not_poor_are_kept_but_not_counted(recounted)
    _a_cell_opens_exactly_the_households_it_counts(recounted)
    _lists_hold_each_poor_household_with_its_present_members(recounted)
    _a_commune_report_equals_its_row_of_the_province_report(recounted)
    _deprivation_columns_follow_the_standard(recounted)
