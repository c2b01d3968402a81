"""Budgets add up (or are flagged), disbursement rates, tasks with their lead agency
and overdue list, and the Bắc Giang rule for poverty-reduction models."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from giamngheo.programs import actions
from giamngheo.programs.budgets import consistency_checks, rates_by_project
from giamngheo.programs.loading import load_programs
from giamngheo.programs.models import ModelRule, NtpProject, ProgrammeBudgetLine, ReductionModel, Task
from giamngheo.programs.reduction_models import check_rule
from giamngheo.programs.tasks import overdue_by_agency
from giamngheo.targets.models import Plan
from giamngheo.targets.seeding import load_seed_plans


@pytest.fixture
def seeded(legacy_world):
    load_seed_plans()
    report = load_programs()
    return report


def test_quang_nam_2020_provincial_share_printed_as_66_006_65_is_flagged(seeded):
    plan = Plan.objects.get(seed_key="quang-nam-2020")
    checks = consistency_checks(ProgrammeBudgetLine.objects.filter(plan=plan))
    failing = [c for c in checks if not c.ok]
    assert len(failing) == 1
    (check,) = failing
    assert "nguồn" in check.check.label
    assert check.check.expected == Decimal(452_413_000_000)
    assert check.check.difference == Decimal(-350_000)
    by_nature = [c for c in checks if "tính chất" in c.check.label and c.ok]
    assert by_nature, "investment + recurrent = total holds in the document"


def test_loading_twice_changes_nothing_and_keeps_entered_figures(seeded):
    line = ProgrammeBudgetLine.objects.get(seed_key="quang-nam-2020-tong")
    ProgrammeBudgetLine.objects.filter(pk=line.pk).update(allocated=400_000_000_000)
    counts = (ProgrammeBudgetLine.objects.count(), Task.objects.count(), NtpProject.objects.count())
    load_programs()
    assert (ProgrammeBudgetLine.objects.count(), Task.objects.count(), NtpProject.objects.count()) == counts
    assert ProgrammeBudgetLine.objects.get(pk=line.pk).allocated == 400_000_000_000


def test_nghe_an_task_matrix_is_loaded_with_a_lead_agency_for_every_task(seeded):
    tasks = Task.objects.filter(plan__seed_key="nghe-an-2030")
    assert tasks.count() >= 8
    assert all(task.lead_agencies for task in tasks)


def test_a_task_without_lead_agency_is_refused(geography, make_user):
    user = make_user("tinh", "province_officer", geography["province"])
    with pytest.raises(ValidationError) as error:
        actions.save_task(user, unit=geography["province"], title="Rà soát hộ nghèo", lead_agency="  ")
    assert "cơ quan chủ trì" in str(error.value)
    assert Task.objects.count() == 0


def test_overdue_tasks_are_listed_per_lead_agency(geography, make_user):
    user = make_user("tinh", "province_officer", geography["province"])
    today = dt.date(2026, 6, 1)
    late = {"deadline": today - dt.timedelta(days=1)}
    actions.save_task(
        user, unit=geography["province"], title="A", lead_agency="Sở Y tế; Sở Tài chính", **late
    )
    actions.save_task(user, unit=geography["province"], title="B", lead_agency="Sở Y tế", **late)
    actions.save_task(user, unit=geography["province"], title="C", lead_agency="Sở Y tế", deadline=today)
    done = actions.save_task(user, unit=geography["province"], title="D", lead_agency="Sở Tài chính", **late)
    actions.set_task_status(user, done, "done")
    overdue = {row.agency: len(row.tasks) for row in overdue_by_agency(Task.objects.all(), today)}
    assert overdue == {"Sở Y tế": 2, "Sở Tài chính": 1}


def test_budget_line_refuses_negative_amounts_and_disbursement_above_allocation(geography, make_user):
    user = make_user("tinh", "province_officer", geography["province"])
    with pytest.raises(ValidationError) as negative:
        actions.save_budget_line(user, unit=geography["province"], year=2025, planned=-1)
    assert "không được âm" in str(negative.value)
    with pytest.raises(ValidationError) as above:
        actions.save_budget_line(
            user, unit=geography["province"], year=2025, planned=100, allocated=80, disbursed=90
        )
    assert "vượt" in str(above.value)
    assert ProgrammeBudgetLine.objects.count() == 0


def test_disbursement_rate_by_project(geography, make_user, seeded):
    user = make_user("tinh", "province_officer", geography["province"])
    project = NtpProject.objects.get(code="DA4")
    actions.save_budget_line(
        user, unit=geography["province"], year=2025, project=project, planned=200, allocated=100, disbursed=40
    )
    rows = {row.label: row for row in rates_by_project(ProgrammeBudgetLine.objects.filter(year=2025))}
    assert rows[f"{project.label}: {project.name}"].figures.rate == pytest.approx(40.0)


def test_bac_giang_rule_flags_years_with_too_few_models_and_wrong_budget(seeded, legacy_world):
    rule = ModelRule.objects.get(key="bac-giang-2013-2015")
    commune = legacy_world["new_communes"]["27"]
    for year, budget, share in [(2013, 500_000_000, 30), (2013, 500_000_000, 26), (2013, 500_000_000, 40)]:
        ReductionModel.objects.create(
            name=f"Mô hình {year}",
            commune=commune,
            current_commune=commune,
            province=commune.province,
            plan=rule.plan,
            year=year,
            budget=budget,
            commune_poor_share=share,
        )
    ReductionModel.objects.create(
        name="Mô hình 2014",
        commune=commune,
        current_commune=commune,
        province=commune.province,
        plan=rule.plan,
        year=2014,
        budget=300_000_000,
        commune_poor_share=12,
    )
    result = check_rule(rule)
    years = {year.year: year for year in result.years}
    assert years[2013].ok
    assert not years[2014].ok and not years[2015].ok
    (model_2014,) = years[2014].models
    assert model_2014.budget_ok is False and model_2014.share_ok is False
    assert not result.ok


def test_every_seed_plan_has_its_tasks_with_lead_timing_and_output(seeded):
    expected = {
        "quang-nam-2020": {"4.1", "4.11", "IV.1", "IV.1.c", "IV.6"},
        "phuoc-long-2021": {"V.1", "V.13"},
        "bac-giang-2013-2015": {"VI.2.1", "VI.2.12"},
    }
    for key, numbers in expected.items():
        tasks = Task.objects.filter(plan__seed_key=key)
        assert numbers <= set(tasks.values_list("number", flat=True)), key
        assert all(t.lead_agencies and t.timing and t.output for t in tasks), key
    audit = Task.objects.get(seed_key="quang-nam-2020-iv-1c")
    assert "Kiểm toán nhà nước" in audit.title


def test_loading_twice_keeps_the_officers_task_status_and_notes(seeded):
    from giamngheo.programs.models import TaskNote, TaskStatus

    task = Task.objects.get(seed_key="bac-giang-2013-2015-vi-2-8")
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE)
    TaskNote.objects.create(task=task, noted_on=task.deadline, text="Đã hoàn thành")
    load_programs()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.notes.count() == 1


def test_an_agency_that_no_longer_exists_shows_its_successors():
    import datetime as dt

    from giamngheo.programs.agencies import agencies_today

    (labour, finance) = agencies_today(
        "Sở Lao động - Thương binh và Xã hội; Sở Tài chính", dt.date(2026, 1, 1)
    )
    assert labour[1].text == "nay: Sở Nội vụ / Sở Nông nghiệp và Môi trường" and finance[1] is None
    assert agencies_today("Sở Lao động - Thương binh và Xã hội", dt.date(2024, 1, 1))[0][1] is None


def test_the_programmes_stand_side_by_side_with_their_components(seeded):
    from giamngheo.programs.models import Programme

    programmes = {p.code: p for p in Programme.objects.all()}
    assert set(programmes) == {"ntp-2012-2015", "ntp-2016-2020", "ntp-2021-2025", "ntp-2026-2035"}
    new = programmes["ntp-2026-2035"]
    assert "417/QĐ-BNNMT" in new.legal_basis and not new.confirmed and "chưa được đối chiếu" in new.note
    assert new.projects.count() == 7 and not new.projects.filter(confirmed=True).exists()
    assert programmes["ntp-2016-2020"].projects.filter(code="1722-DA1.1").exists()
    assert "Sơn Động" in programmes["ntp-2012-2015"].projects.get(code="1489-DA1").name
    assert NtpProject.objects.get(code="DA5").programme == programmes["ntp-2021-2025"]


def test_demo_budgets_from_2026_are_booked_under_the_2026_2035_programme():
    from giamngheo.programs.demo import programme_code

    assert programme_code("DA3", 2025) == "DA3" and programme_code("DA3", 2026) == "2635-HP3"
