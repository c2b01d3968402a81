import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command

from giamngheo.households.models import Household, Survey
from giamngheo.reports import queries
from giamngheo.reports.models import CommuneSummary, DeprivationCount, Group, StatusCount, TransitionCount
from giamngheo.reports.queries import area_of
from giamngheo.reports.summaries import refresh_commune_summary
from giamngheo.standards.models import Classification

ADULTS = [{"age": 40}, {"age": 38}]
FAMILY = [{"age": 40}, {"age": 38}, {"age": 10}]


@pytest.fixture
def commune_2024(geography, surveyed, classify):
    """Households of the first commune classified under 2022-2025 in 2024, with traps:
    a reclassification (the latest counts), a non-official result and another standard."""
    commune = geography["commune"]
    made = {}
    made["poor_em"] = surveyed(commune, 1_000_000, members=FAMILY)
    Household.objects.filter(pk=made["poor_em"].pk).update(ethnic_minority=True, no_labour_capacity=True)
    classify(made["poor_em"], "poor", deprived=("water", "latrine", "telecom"))
    made["reclassified"] = surveyed(commune, 1_200_000, members=ADULTS)
    Household.objects.filter(pk=made["reclassified"].pk).update(meritorious=True)
    classify(made["reclassified"], "poor", deprived=("water", "floor_area", "telecom"))
    classify(made["reclassified"], "near_poor", deprived=("water",))  # later: this one counts
    made["near_poor"] = surveyed(commune, 1_300_000)
    classify(made["near_poor"], "near_poor", deprived=("health_insurance",))
    classify(made["near_poor"], "poor", official=False, deprived=("a", "b", "c"))  # what-if: ignored
    made["average"] = surveyed(commune, 2_000_000, members=FAMILY)
    Household.objects.filter(pk=made["average"].pk).update(ethnic_minority=True)
    classify(made["average"], "average")
    made["not_poor"] = surveyed(commune, 5_000_000)
    classify(made["not_poor"], "not_poor")
    classify(made["not_poor"], "average", standard="2016-2020")  # another standard: its own summary
    made["unclassified"] = surveyed(commune, 900_000)
    return made


def direct_counts(
    commune, year: int, standard_id: str, flag: str | None = None
) -> dict[str, tuple[int, int]]:
    """Oracle, one household at a time: latest official classification of the year."""
    latest = {}
    rows = Classification.objects.filter(
        commune=commune, official=True, standard_id=standard_id, survey__survey_date__year=year
    ).select_related("household", "survey")
    for c in rows.order_by("created_at", "id"):
        latest[c.household_id] = c
    result: dict[str, list[int]] = {}
    for c in latest.values():
        if flag and not getattr(c.household, flag):
            continue
        households, people = result.setdefault(c.status, [0, 0])
        result[c.status] = [households + 1, people + c.survey.members]
    return {status: tuple(v) for status, v in result.items()}


def summary_counts(
    commune, year: int, standard_id: str, group: str = Group.ALL
) -> dict[str, tuple[int, int]]:
    rows = StatusCount.objects.filter(
        summary__commune=commune, summary__year=year, summary__standard_id=standard_id, group=group
    )
    return {r.status: (r.households, r.people) for r in rows}


def test_summary_equals_direct_count_for_every_group(geography, commune_2024):
    commune = geography["commune"]
    refresh_commune_summary(commune.pk, 2024)
    assert summary_counts(commune, 2024, "2022-2025") == direct_counts(commune, 2024, "2022-2025")
    assert summary_counts(commune, 2024, "2022-2025", Group.ETHNIC_MINORITY) == direct_counts(
        commune, 2024, "2022-2025", "ethnic_minority"
    )
    assert summary_counts(commune, 2024, "2022-2025", Group.MERITORIOUS) == direct_counts(
        commune, 2024, "2022-2025", "meritorious"
    )
    assert summary_counts(commune, 2024, "2022-2025", Group.NO_LABOUR) == direct_counts(
        commune, 2024, "2022-2025", "no_labour_capacity"
    )
    assert summary_counts(commune, 2024, "2022-2025") == {
        "poor": (1, 3),
        "near_poor": (2, 3),
        "average": (1, 3),
        "not_poor": (1, 1),
    }
    summary = CommuneSummary.objects.get(commune=commune, year=2024, standard_id="2022-2025")
    assert (summary.households, summary.people) == (5, 10)
    other = CommuneSummary.objects.get(commune=commune, year=2024, standard_id="2016-2020")
    assert other.households == 1


def test_deprivations_count_poor_and_near_poor_households_per_indicator(geography, commune_2024):
    commune = geography["commune"]
    refresh_commune_summary(commune.pk, 2024)
    rows = {
        r.indicator: (r.poor, r.near_poor)
        for r in queries.deprivation_rows(area_of(commune), 2024, "2022-2025", _admin())
    }
    assert rows == {
        "water": (1, 1),
        "latrine": (1, 0),
        "telecom": (1, 0),
        "health_insurance": (0, 1),
    }


def _admin():
    from giamngheo.accounts.models import Role, User

    return User.objects.get_or_create(username="qt", defaults={"role": Role.ADMIN})[0]


def test_province_figures_are_sums_of_commune_rows(geography, surveyed, classify, commune_2024):
    urban = geography["urban"]
    for status in ["poor", "poor", "not_poor"]:
        classify(surveyed(urban, 1_000_000), status)
    classify(surveyed(geography["other_commune"], 1_000_000), "poor")  # another province
    for commune in (geography["commune"], urban, geography["other_commune"]):
        refresh_commune_summary(commune.pk, 2024)
    admin = _admin()
    province = queries.status_figures(area_of(geography["province"]), 2024, "2022-2025", admin)
    parts = [
        queries.status_figures(area_of(c), 2024, "2022-2025", admin) for c in (geography["commune"], urban)
    ]
    for status in queries.STATUSES:
        assert province.households[status] == sum(p.households[status] for p in parts)
        assert province.people[status] == sum(p.people[status] for p in parts)
    direct = [direct_counts(c, 2024, "2022-2025") for c in (geography["commune"], urban)]
    assert province.total_households == sum(h for counts in direct for h, _ in counts.values()) == 8
    assert province.households["poor"] == 3 and province.poor_rate == pytest.approx(100 * 3 / 8)


def test_transitions_compare_with_the_latest_official_status_of_the_previous_year(
    geography, surveyed, classify, resurvey
):
    commune = geography["commune"]
    escaped = surveyed(commune, 2_000_000)
    classify(escaped, "poor", standard="2016-2020", survey=resurvey(escaped, dt.date(2023, 10, 1)))
    classify(escaped, "near_poor")
    newly = surveyed(commune, 1_000_000)
    classify(newly, "not_poor", standard="2016-2020", survey=resurvey(newly, dt.date(2023, 10, 1)))
    classify(newly, "poor")
    new_household = surveyed(commune, 1_000_000)
    classify(new_household, "poor")
    refresh_commune_summary(commune.pk, 2023)
    refresh_commune_summary(commune.pk, 2024)
    moves = queries.movements(area_of(commune), 2024, "2022-2025", _admin())
    assert moves.escaped_poor == 1 and moves.poor_to_near_poor == 1
    assert moves.newly_poor == 2 and moves.has_previous_year


def test_refreshing_a_year_refreshes_the_next_years_transitions(geography, surveyed, classify, resurvey):
    commune = geography["commune"]
    household = surveyed(commune, 2_000_000)
    last_year = resurvey(household, dt.date(2023, 10, 1))
    classify(household, "near_poor")
    refresh_commune_summary(commune.pk, 2024)
    assert not queries.movements(area_of(commune), 2024, "2022-2025", _admin()).has_previous_year
    classify(household, "poor", survey=last_year)
    refresh_commune_summary(commune.pk, 2023)
    assert queries.movements(area_of(commune), 2024, "2022-2025", _admin()).escaped_poor == 1


def test_refresh_summaries_command_rebuilds_and_drops_stale_rows(geography, commune_2024, classify, surveyed):
    classify(surveyed(geography["other_commune"], 1_000_000), "poor")
    call_command("refresh_summaries", province="56", year=2024)
    assert set(CommuneSummary.objects.values_list("commune_id", "standard_id")) == {
        (geography["commune"].pk, "2022-2025"),
        (geography["commune"].pk, "2016-2020"),
    }
    Classification.objects.filter(standard_id="2016-2020").delete()
    call_command("refresh_summaries")
    assert set(CommuneSummary.objects.values_list("commune_id", "standard_id")) == {
        (geography["commune"].pk, "2022-2025"),
        (geography["other_commune"].pk, "2022-2025"),
    }


def test_official_run_refreshes_the_commune_summary(geography, surveyed, make_user):
    from giamngheo.standards import engine
    from giamngheo.standards.runs import create_run, execute_run

    if not hasattr(engine, "classify"):
        pytest.skip("engine not available yet")
    commune = geography["commune"]
    deprived = {"water_source": "surface", "latrine": "none", "uses_internet": False}
    surveyed(commune, 1_200_000, **deprived)
    surveyed(commune, 1_200_000)
    surveyed(commune, 2_000_000)
    surveyed(commune, 5_000_000)
    execute_run(create_run(commune, 2024, standard_id="2022-2025"))
    summary = CommuneSummary.objects.get(commune=commune, year=2024, standard_id="2022-2025")
    current = Counter(Household.objects.filter(commune=commune).values_list("current__status", flat=True))
    assert summary_counts(commune, 2024, "2022-2025") == {
        status: (n, n) for status, n in current.items()
    }  # one member each
    assert summary.households == 4 and summary.run is not None
    profile = {
        r.indicator: r.poor for r in queries.deprivation_rows(area_of(commune), 2024, "2022-2025", _admin())
    }
    assert profile == {"water": 1, "latrine": 1, "telecom": 1}


def _summary_rows(commune, year: int) -> list[tuple]:
    summaries = CommuneSummary.objects.filter(commune=commune, year=year)
    return sorted(
        [("total", s.standard_id, s.households, s.people) for s in summaries]
        + [
            ("status", c.summary.standard_id, c.group, c.status, c.households, c.people)
            for c in StatusCount.objects.filter(summary__in=summaries).select_related("summary")
        ]
        + [
            ("deprivation", d.summary.standard_id, d.status, d.indicator, d.households)
            for d in DeprivationCount.objects.filter(summary__in=summaries).select_related("summary")
        ]
        + [
            ("transition", t.summary.standard_id, t.status_from, t.status_to, t.households)
            for t in TransitionCount.objects.filter(summary__in=summaries).select_related("summary")
        ]
    )


def test_a_runs_summaries_counted_in_memory_equal_those_read_back_from_the_database(
    geography, surveyed, resurvey
):
    from giamngheo.standards.runs import create_run, execute_run

    commune = geography["commune"]
    deprived = {"water_source": "surface", "latrine": "none", "uses_internet": False}
    families = [
        surveyed(commune, 1_200_000, members=FAMILY, **deprived),
        surveyed(commune, 1_200_000, members=ADULTS),
        surveyed(commune, 2_000_000),
        surveyed(commune, 5_000_000, members=FAMILY),
    ]
    Household.objects.filter(pk=families[0].pk).update(ethnic_minority=True, meritorious=True)
    Household.objects.filter(pk=families[1].pk).update(no_labour_capacity=True)
    execute_run(create_run(commune, 2024, standard_id="2022-2025"))
    for household, income in zip(families, (900_000, 3_000_000, 1_100_000, 5_000_000), strict=True):
        survey = resurvey(household, dt.date(2025, 10, 1), members=2)
        Survey.objects.filter(pk=survey.pk).update(income_per_capita_month=income)
    execute_run(create_run(commune, 2025, standard_id="2022-2025"))
    from_memory = _summary_rows(commune, 2025)
    assert any(row[0] == "transition" and row[2] == "poor" for row in from_memory)
    assert any(row[0] == "status" and row[2] == Group.ETHNIC_MINORITY for row in from_memory)
    refresh_commune_summary(commune.pk, 2025)
    assert _summary_rows(commune, 2025) == from_memory
