import datetime as dt

from django.utils import timezone

from giamngheo.households.tests.statuses import status_of
from giamngheo.reviews import actions
from giamngheo.reviews.models import (
    Certificate,
    ComplaintStatus,
    ListKind,
    ListStage,
    MeetingOutcome,
    RoundStatus,
    StatusPeriod,
    StepStatus,
)
from giamngheo.reviews.steps import PERIODIC_STEPS, StepCode
from giamngheo.reviews.tests.conftest import YEAR, commune_round, decide, prepare, step, walk_to_decision


def test_province_round_opens_one_round_per_commune_with_steps_in_legal_order(province_round, geography):
    children = list(province_round.children.order_by("unit__code"))
    assert [c.commune for c in children] == [geography["urban"], geography["commune"]]
    for child in children:
        assert list(child.steps.values_list("code", flat=True)) == PERIODIC_STEPS
        assert step(child, StepCode.SIGN_OFF).deadline == dt.date(YEAR, 12, 13)  # 14/12/2024: a Saturday


def test_full_round_from_opening_to_province_sign_off(province_round, geography, officers, households, today):
    officer = officers["commune"]
    round_ = commune_round(province_round, geography["commune"])
    prepare(round_, officer)
    assert actions.list_round_households(round_, officer) == 5
    assert round_.households.get(household=households["escaping"]).reason == "on_list"
    actions.complete_step(step(round_, StepCode.LIST), officer)
    assert actions.classify_round(round_, officer) == 5
    actions.complete_step(step(round_, StepCode.SURVEY), officer)

    # The meeting disagrees on one household (9 of 20) and raises another's class with a reason.
    poor, near = households["poor"].pk, households["near_poor"].pk
    meeting = actions.record_meeting(
        round_, officer, held_on=today, attendance=20, votes={near: 9},
        overrides={households["average"].pk: ("near_poor", "Chủ hộ mới mất việc")},
    )  # fmt: skip
    assert meeting.results.count() == 5
    entry = round_.households.get(household_id=near)
    assert entry.meeting_outcome == MeetingOutcome.SENT_BACK
    average = round_.households.get(household=households["average"])
    assert (average.computed_status, average.final_status) == ("average", "near_poor")

    # The sent-back household goes back to the survey step, with the reason kept.
    actions.reopen_step(step(round_, StepCode.SURVEY), officer, "Hộ bị trả lại tại họp thôn")
    assert step(round_, StepCode.SURVEY).history.first().history_change_reason.startswith("Mở lại")
    actions.classify_round(round_, officer)
    actions.complete_step(step(round_, StepCode.SURVEY), officer)
    actions.record_meeting(round_, officer, held_on=today, attendance=18, votes={near: 12})
    actions.complete_step(step(round_, StepCode.MEETING), officer)

    start = today - dt.timedelta(days=20)
    actions.post_preliminary_lists(round_, officer, starts_on=start)
    complaint = actions.receive_complaint(
        round_, officer, complainant_name="Trần Thị Cúc", text="Hộ tôi khó khăn hơn kết quả",
        round_household=round_.households.get(household_id=near), received_on=start + dt.timedelta(days=1),
    )  # fmt: skip
    actions.complete_step(step(round_, StepCode.POSTING), officer)
    actions.answer_complaint(complaint, officer, answer="Đã phúc tra, đồng ý", new_status="poor")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED
    assert (complaint.status_before, complaint.status_after) == ("near_poor", "poor")
    actions.complete_step(step(round_, StepCode.COMPLAINTS), officer)

    decision = decide(round_, officer)
    lists = actions.final_lists(decision)
    assert set(lists) == set(ListKind.values)
    names = {kind: sorted(lists[kind].rows.values_list("household_id", flat=True)) for kind in lists}
    assert names[ListKind.POOR] == sorted([poor, near])
    assert names[ListKind.NEAR_POOR] == [households["average"].pk]
    assert names[ListKind.ESCAPED_POOR] == [households["escaping"].pk]
    assert names[ListKind.NEWLY_POOR] == sorted([poor, near])
    assert all(s.stage == ListStage.FINAL and s.households == len(names[s.kind]) for s in lists.values())
    assert status_of(near) == "poor"
    period = StatusPeriod.objects.get(household_id=near)
    assert (period.status, period.valid_from, period.valid_to) == ("poor", dt.date(YEAR + 1, 1, 1), None)

    certificates = actions.issue_certificates(round_, officer)
    assert len(certificates) == 3
    assert Certificate.objects.filter(decision=decision).count() == 3
    assert actions.issue_certificates(round_, officer) == []  # already issued

    actions.submit_report(round_, officer)
    other = commune_round(province_round, geography["urban"])
    walk_to_decision(other, officers["urban"])
    decide(other, officers["urban"])
    actions.submit_report(other, officers["urban"])

    actions.province_sign_off(province_round, officers["province"])
    province_round.refresh_from_db()
    round_.refresh_from_db()
    assert province_round.status == RoundStatus.CLOSED and round_.status == RoundStatus.CLOSED
    assert not round_.steps.exclude(status=StepStatus.DONE).exists()
    assert timezone.now() >= round_.closed_at
