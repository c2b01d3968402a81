"""The 2026 season: the standard by rule and its guards, the calendar, phiếu A and the notes
every copy of a list carries."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from giamngheo.core.models import BulkChange
from giamngheo.households.models import Status
from giamngheo.reviews import actions, forms, listing, low_income, workdays
from giamngheo.reviews.exports import decision_notes, list_notes
from giamngheo.reviews.models import ListingReason, MeetingOutcome, ScreenResult
from giamngheo.reviews.steps import StepCode, default_deadlines
from giamngheo.reviews.tests.conftest import (
    STANDARD,
    YEAR,
    commune_round,
    prepare,
    refused,
    step,
    walk_to_decision,
    walk_to_meeting,
)


def test_a_year_without_a_standard_on_1_january_next_is_refused(geography, officers):
    refused(
        actions.open_province_round, geography["province"], 2030, officers["province"], standard_id="2026-2030",
        message="năm 2030",
    )  # fmt: skip
    refused(
        actions.open_commune_round, geography["commune"], 2030, officers["commune"], standard_id="2026-2030",
        message="Các chuẩn hiện có: 2011-2015",
    )  # fmt: skip


def test_the_2026_round_on_the_expiring_standard_needs_a_written_reason(geography, officers):
    officer = officers["province"]
    refused(
        actions.open_province_round, geography["province"], 2026, officer, standard_id="2022-2025",
        message="không có hiệu lực vào ngày 01/01/2027",
    )  # fmt: skip
    refused(
        actions.open_province_round, geography["province"], 2026, officer, standard_id="2022-2025",
        standard_override_reason="   ", message="phải ghi rõ lý do",
    )  # fmt: skip
    parent = actions.open_province_round(
        geography["province"], 2026, officer, standard_id="2022-2025",
        standard_override_reason="Chờ hướng dẫn của Bộ",
    )  # fmt: skip
    assert parent.standard_override_reason == "Chờ hướng dẫn của Bộ"
    assert all(c.standard_override_reason == "Chờ hướng dẫn của Bộ" for c in parent.children.all())
    audit = BulkChange.objects.get(action="review_standard_override")
    assert "Chờ hướng dẫn của Bộ" in audit.description and audit.user == officer


def test_the_2026_round_on_2026_2030_needs_no_reason(geography, officers):
    parent = actions.open_province_round(
        geography["province"],
        2026,
        officers["province"],
        standard_id="2026-2030",
        second_standard_id="2022-2025",
    )
    assert parent.standard_override_reason == ""
    assert not BulkChange.objects.filter(action="review_standard_override").exists()


def test_the_round_form_defaults_to_the_rule(officers, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 12, 6))
    form = forms.OpenRoundForm(user=officers["province"], level="province")
    assert form.fields["year"].initial == 2026
    assert form.fields["standard_id"].initial == "2026-2030"
    assert form.fields["second_standard_id"].initial == "2022-2025"
    assert "01/01/2027" in form.fields["standard_id"].help_text
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 3, 1))
    assert forms.OpenRoundForm(user=officers["province"], level="province").fields["standard_id"].initial == (
        "2022-2025"
    )


def test_a_plan_past_14_december_or_before_1_september_is_refused(geography, officers):
    refused(
        actions.open_province_round, geography["province"], YEAR, officers["province"], standard_id=STANDARD,
        deadlines={StepCode.SIGN_OFF: dt.date(YEAR, 12, 15)}, message="sau ngày 14/12/2024",
    )  # fmt: skip
    refused(
        actions.open_commune_round, geography["commune"], YEAR, officers["commune"], standard_id=STANDARD,
        deadlines={StepCode.PREPARE: dt.date(YEAR, 8, 30)}, message="trước ngày 01/09/2024",
    )  # fmt: skip


def test_default_deadlines_fall_on_working_days_inside_the_window():
    dates = default_deadlines(2024)
    assert dates[StepCode.SIGN_OFF] == dt.date(2024, 12, 13)  # 14/12/2024 is a Saturday
    assert dates[StepCode.PREPARE] == dt.date(2024, 9, 13)  # 15/9/2024 is a Sunday
    assert all(workdays.is_working_day(day) for day in default_deadlines(2026).values())


def test_working_days_skip_vietnamese_public_holidays():
    assert not workdays.is_working_day(dt.date(2026, 9, 2))  # National Day
    assert not workdays.is_working_day(dt.date(2026, 11, 24))  # Vietnam Cultural Day
    # Posting from Monday 23/11/2026 for 3 working days skips 24/11: 23, 25, 26.
    assert workdays.working_days_end(dt.date(2026, 11, 23), 3) == dt.date(2026, 11, 26)
    # After Friday 28/8/2026 come the substituted day off 31/8 and National Day 1-2/9.
    assert workdays.add_working_days(dt.date(2026, 8, 28), 1) == dt.date(2026, 9, 3)


def test_the_default_posting_length_and_majority_come_from_the_calendar_file(round_):
    assert round_.posting_days == workdays.default_posting_days() == 7
    assert workdays.meeting_agrees(11, 20) and not workdays.meeting_agrees(10, 20)


def test_a_tie_at_the_village_meeting_sends_the_household_back(round_, officers, households):
    walk_to_meeting(round_, officers["commune"])
    poor = households["poor"].pk
    actions.record_meeting(
        round_, officers["commune"], held_on=timezone.localdate(), attendance=20, votes={poor: 10}
    )
    assert round_.households.get(household_id=poor).meeting_outcome == MeetingOutcome.SENT_BACK


def test_phieu_a_is_refused_for_a_listed_household(round_, officers, households):
    officer = officers["commune"]
    prepare(round_, officer)
    actions.list_round_households(round_, officer)
    actions.complete_step(step(round_, StepCode.LIST), officer)
    listed = round_.households.get(household=households["escaping"])  # poor before the review
    refused(actions.record_quick_screen, listed, officer, excluded=True, message="phiếu B")
    not_requested = round_.households.exclude(previous_status__in=[Status.POOR, Status.NEAR_POOR]).first()
    refused(actions.record_quick_screen, not_requested, officer, excluded=True, message="mẫu 01")


def test_listing_again_adds_nothing_and_keeps_a_request(round_, officers, geography, surveyed):
    officer = officers["commune"]
    prepare(round_, officer)
    applicant = surveyed(geography["commune"], 9_000_000)  # surveyed this year: listing would detect it
    actions.add_household_to_round(round_, officer, applicant, ListingReason.REQUEST)
    listed = actions.list_round_households(round_, officer)
    assert actions.list_round_households(round_, officer) == 0
    assert round_.households.count() == listed + 1
    assert round_.households.get(household=applicant).reason == ListingReason.REQUEST


@pytest.mark.django_db(transaction=True)
def test_listing_outside_a_transaction_locks_its_rounds_in_one_of_its_own(round_, officers):
    """The demo lists rounds in autocommit: the rounds' lock must not need the caller's transaction."""
    prepare(round_, officers["commune"])
    assert listing.list_households([round_]) == round_.households.count() > 0


def test_phieu_a_for_a_household_that_asked_and_is_not_listed(round_, officers, geography, surveyed):
    officer = officers["commune"]
    prepare(round_, officer)
    actions.list_round_households(round_, officer)
    applicant = surveyed(geography["commune"], 9_000_000)
    entry = actions.add_household_to_round(round_, officer, applicant, ListingReason.REQUEST)
    actions.complete_step(step(round_, StepCode.LIST), officer)
    actions.record_quick_screen(entry, officer, excluded=True)
    entry.refresh_from_db()
    assert entry.screen_result == ScreenResult.EXCLUDED and entry.final_status == Status.NOT_POOR


def test_existing_phieu_a_records_against_the_rule_are_flagged_on_the_round_page(
    client, round_, province_round, officers, households
):
    officer = officers["commune"]
    prepare(round_, officer)
    actions.list_round_households(round_, officer)
    round_.households.filter(household=households["escaping"]).update(screen_result=ScreenResult.EXCLUDED)
    client.force_login(officer)
    page = client.get(reverse("reviews:detail", args=[round_.pk])).content.decode()
    assert 'id="screen-conflicts"' in page and households["escaping"].head_name in page
    client.force_login(officers["province"])
    page = client.get(reverse("reviews:detail", args=[province_round.pk])).content.decode()
    assert 'id="screen-conflicts"' in page


def test_a_decision_on_placeholder_tables_needs_a_name(round_, officers):
    officer = officers["commune"]
    walk_to_decision(round_, officer)
    today = timezone.localdate()
    details = {"number": "15/QĐ-UBND", "signed_on": today, "signer": "Nguyễn Văn Bình"}
    refused(actions.issue_decision, round_, officer, **details, message="họ tên người xác nhận")
    refused(
        actions.issue_decision, round_, officer, **details, placeholder_acknowledged_by="  ",
        message="họ tên người xác nhận",
    )  # fmt: skip
    decision = actions.issue_decision(round_, officer, **details, placeholder_acknowledged_by=" Lê  Văn Tâm ")
    assert decision.placeholder_acknowledged_by == "Lê Văn Tâm"
    assert BulkChange.objects.filter(
        action="review_placeholder_acknowledged", description__contains="Lê Văn Tâm"
    )
    notes = decision_notes(round_, decision)
    assert any("bảng tạm" in n and "Lê Văn Tâm" in n for n in notes)
    final = decision.snapshots.filter(version=decision.list_version).first()
    assert any("Lê Văn Tâm" in n for n in list_notes(final))


def test_a_decision_taking_effect_after_the_standard_expired_needs_a_reason(round_, officers):
    officer = officers["commune"]
    walk_to_decision(round_, officer)
    details = {
        "number": "15/QĐ-UBND", "signed_on": timezone.localdate(), "signer": "Nguyễn Văn Bình",
        "placeholder_acknowledged_by": "Nguyễn Văn Bình", "effective_on": dt.date(2027, 1, 1),
    }  # fmt: skip
    refused(
        actions.issue_decision, round_, officer, **details, message="không có hiệu lực vào ngày 01/01/2027"
    )
    decision = actions.issue_decision(round_, officer, **details, standard_override_reason="Tỉnh đề nghị")
    assert decision.standard_override_reason == "Tỉnh đề nghị"
    assert any("Tỉnh đề nghị" in n for n in decision_notes(round_, decision))
    assert BulkChange.objects.filter(action="review_standard_override", description__contains="Tỉnh đề nghị")


def test_pages_pdf_and_workbook_say_the_tables_are_placeholders(client, round_, officers):
    officer = officers["commune"]
    client.force_login(officer)
    page = client.get(reverse("reviews:detail", args=[round_.pk])).content.decode()
    assert 'id="standard-caveats"' in page and "bảng tạm" in page
    walk_to_decision(round_, officer)
    actions.issue_decision(
        round_, officer, number="15/QĐ-UBND", signed_on=timezone.localdate(), signer="Nguyễn Văn Bình",
        placeholder_acknowledged_by="Nguyễn Văn Bình",
    )  # fmt: skip
    snapshot = round_.decision.snapshots.filter(kind="poor").first()
    content = client.get(reverse("reviews:snapshot", args=[snapshot.pk]) + "?xuat=xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("bảng tạm" in t for t in texts)


@pytest.mark.parametrize("year", [2026])
def test_the_comparison_is_linked_from_the_round_page(client, geography, officers, households, year):
    parent = actions.open_province_round(
        geography["province"],
        year,
        officers["province"],
        standard_id="2026-2030",
        second_standard_id="2022-2025",
    )
    round_ = commune_round(parent, geography["commune"])
    officer = officers["commune"]
    prepare(round_, officer)
    actions.list_round_households(round_, officer)
    actions.complete_step(step(round_, StepCode.LIST), officer)
    actions.classify_round(round_, officer)
    client.force_login(officers["province"])
    page = client.get(reverse("reviews:detail", args=[parent.pk])).content.decode()
    assert 'id="comparison-link"' in page and "luot-phan-loai/" in page


def test_low_income_workers_are_identified_per_person_listed_and_exported(
    client, round_, officers, households
):
    officer = officers["commune"]
    walk_to_meeting(round_, officer)
    # Hand-computed: only the "average" household (2,000,000 VND rural ≤ 2,250,000, neither poor nor
    # near-poor) has its working member listed; the poor (1,234,567) and near-poor (1,200,000) are
    # excluded by status, the others (5,000,000) by income.
    workers = low_income.low_income_workers(round_)
    assert [w.head_name for w in workers] == [households["average"].head_name]
    client.force_login(officer)
    url = reverse("reviews:low_income_workers", args=[round_.pk])
    page = client.get(url).content.decode()
    assert workers[0].full_name in page and "Nghị định 30/2025/NĐ-CP" in page
    content = client.get(url + "?xuat=xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert any(c.value == workers[0].full_name for row in sheet.iter_rows() for c in row)
    client.force_login(officers["other"])
    assert client.get(url).status_code == 404
