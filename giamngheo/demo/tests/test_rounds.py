import datetime as dt

from giamngheo.demo.rounds import build_demo_rounds
from giamngheo.reviews.models import Round, RoundStatus, TeamRole
from giamngheo.reviews.steps import StepCode
from giamngheo.standards.runs import create_run, execute_run


def test_demo_builds_a_finished_round_and_one_in_progress_once(geography, surveyed):
    for income in (900_000, 1_200_000, 5_000_000):
        surveyed(
            geography["commune"],
            income,
            survey_date=dt.date(2025, 10, 1),
            water_source="surface",
            latrine="none",
        )
        surveyed(geography["urban"], income, survey_date=dt.date(2025, 10, 1))
    execute_run(create_run(geography["province"], 2025))
    finished, in_progress = build_demo_rounds(geography["province"], 2025)
    assert finished.status == RoundStatus.CLOSED and finished.year == 2024
    assert all(child.status == RoundStatus.CLOSED for child in finished.children.all())
    assert in_progress.status == RoundStatus.OPEN
    done = sorted(child.steps.filter(status="done").count() for child in in_progress.children.all())
    assert done[0] < done[-1]
    for child in [*finished.children.all(), *in_progress.children.all()]:
        assert child.team.get(role=TeamRole.CHAIR).position.startswith("Phó Chủ tịch UBND")
        assert child.team.filter(role=TeamRole.MEMBER).count() == 2
        assert child.team.filter(role=TeamRole.REVIEWER).exists()
    rural = in_progress.children.get(commune=geography["commune"])
    assert list(rural.team.get(role=TeamRole.REVIEWER).villages.all()) == [geography["village"]]
    assert all(
        c.steps.filter(code=StepCode.CONSULTATION, status="done").exists() for c in finished.children.all()
    )
    assert not in_progress.children.filter(steps__code=StepCode.CONSULTATION).exists()
    assert build_demo_rounds(geography["province"], 2025) == []
    assert Round.objects.filter(parent__isnull=True).count() == 2


def test_the_2026_demo_round_classifies_under_2026_2030_with_2022_2025_compared(geography, surveyed):
    from giamngheo.reviews import queries

    for income in (1_000_000, 2_000_000, 5_000_000):
        surveyed(geography["commune"], income, survey_date=dt.date(2026, 10, 1))
        surveyed(geography["commune"], income, survey_date=dt.date(2025, 10, 1))
        surveyed(geography["urban"], income, survey_date=dt.date(2025, 10, 1))
        surveyed(geography["urban"], income, survey_date=dt.date(2026, 10, 1))
    execute_run(create_run(geography["province"], 2025))
    finished, in_progress = build_demo_rounds(geography["province"], 2026)
    assert (finished.standard_id, finished.second_standard_id) == ("2022-2025", "")
    assert (in_progress.standard_id, in_progress.second_standard_id) == ("2026-2030", "2022-2025")
    assert in_progress.standard_override_reason == ""
    assert all(s.deadline <= dt.date(2026, 12, 14) for c in in_progress.children.all() for s in c.steps.all())
    run = queries.comparison_run(in_progress)
    assert run is not None and run.second_standard_id == "2022-2025"
    assert queries.comparison_run(in_progress.children.get(commune=geography["commune"])) == run
