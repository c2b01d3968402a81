"""Every bad input is refused with a Vietnamese message and changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from giamngheo.reviews import actions
from giamngheo.reviews.steps import StepCode
from giamngheo.reviews.tests.conftest import (
    STANDARD,
    YEAR,
    commune_round,
    decide,
    fingerprint,
    prepare,
    refused,
    step,
    walk_to_decision,
    walk_to_meeting,
    walk_to_posting,
)


def test_step_out_of_order_is_refused(round_, officers):
    refused(
        actions.complete_step, step(round_, StepCode.SURVEY), officers["commune"],
        message="Phải hoàn thành bước “Chuẩn bị rà soát” trước",
    )  # fmt: skip
    refused(actions.classify_round, round_, officers["commune"], message="Phải hoàn thành bước")


def test_listing_cannot_be_completed_empty(round_, officers):
    prepare(round_, officers["commune"])
    refused(actions.complete_step, step(round_, StepCode.LIST), officers["commune"], message="đang trống")


def test_reopen_needs_a_reason_and_no_later_step_done(round_, officers):
    officer = officers["commune"]
    prepare(round_, officer)
    refused(actions.reopen_step, step(round_, StepCode.PREPARE), officer, "  ", message="Phải ghi lý do")
    actions.list_round_households(round_, officer)
    actions.complete_step(step(round_, StepCode.LIST), officer)
    refused(actions.reopen_step, step(round_, StepCode.PREPARE), officer, "sửa", message="hãy mở lại bước đó")


def test_second_open_periodic_round_is_refused(province_round, geography, officers):
    refused(
        actions.open_province_round, geography["province"], YEAR, officers["province"], standard_id=STANDARD,
        message="Đã có đợt rà soát định kỳ năm 2024 đang thực hiện",
    )  # fmt: skip
    refused(
        actions.open_commune_round, geography["commune"], YEAR, officers["commune"], standard_id=STANDARD,
        message="Mỗi đơn vị chỉ có một đợt rà soát định kỳ đang mở",
    )  # fmt: skip


def test_unknown_standard_is_refused(geography, officers):
    refused(
        actions.open_commune_round, geography["commune"], YEAR, officers["commune"], standard_id="1990",
        message="không tồn tại",
    )  # fmt: skip


def test_meeting_refuses_bad_votes_and_overrides_without_reason(round_, officers, households, today):
    officer = officers["commune"]
    walk_to_meeting(round_, officer)
    poor = households["poor"].pk
    refused(actions.record_meeting, round_, officer, held_on=today, attendance=0, message="lớn hơn 0")
    refused(
        actions.record_meeting, round_, officer, held_on=today, attendance=10, votes={poor: 11},
        message="phải từ 0 đến 10",
    )  # fmt: skip
    refused(
        actions.record_meeting, round_, officer, held_on=today, attendance=10, overrides={poor: ("average", "")},
        message="Phải ghi lý do điều chỉnh",
    )  # fmt: skip
    refused(actions.complete_step, step(round_, StepCode.MEETING), officer, message="chưa được họp thôn")


def test_decision_during_posting_window_is_refused(round_, officers, today):
    officer = officers["commune"]
    walk_to_posting(round_, officer)
    actions.post_preliminary_lists(round_, officer, starts_on=today)
    refused(decide, round_, officer, message="còn trong thời gian niêm yết")
    refused(actions.complete_step, step(round_, StepCode.POSTING), officer, message="còn niêm yết")


def test_complaint_after_the_posting_window_is_refused(round_, officers, today):
    officer = officers["commune"]
    walk_to_posting(round_, officer)
    start = today - dt.timedelta(days=20)
    actions.post_preliminary_lists(round_, officer, starts_on=start)
    refused(
        actions.receive_complaint, round_, officer, complainant_name="Lê Văn Dũng", text="Không đúng",
        message="Đã hết thời hạn tiếp nhận khiếu nại",
    )  # fmt: skip
    refused(
        actions.receive_complaint, round_, None, complainant_name="Lê Văn Dũng", text="Không đúng",
        source="portal", message="Đã hết thời hạn",
    )  # fmt: skip


def test_complaint_before_posting_is_refused(round_, officers):
    refused(
        actions.receive_complaint, round_, officers["commune"], complainant_name="A", text="B",
        message="chưa được niêm yết",
    )  # fmt: skip


def test_decision_with_unanswered_complaint_is_refused(round_, officers, today):
    officer = officers["commune"]
    walk_to_posting(round_, officer)
    start = today - dt.timedelta(days=20)
    actions.post_preliminary_lists(round_, officer, starts_on=start)
    actions.receive_complaint(
        round_, officer, complainant_name="A", text="B", received_on=start + dt.timedelta(days=1)
    )
    actions.complete_step(step(round_, StepCode.POSTING), officer)
    refused(actions.complete_step, step(round_, StepCode.COMPLAINTS), officer, message="chưa được trả lời")
    refused(decide, round_, officer, message="Phải hoàn thành bước “Phúc tra khiếu nại”")


def test_certificate_for_a_household_not_on_the_final_list_is_refused(round_, officers, households):
    officer = officers["commune"]
    walk_to_decision(round_, officer)
    refused(actions.issue_certificates, round_, officer, message="Chưa có quyết định")
    decide(round_, officer)
    refused(
        actions.issue_certificates, round_, officer, [households["poor"].pk, households["not_poor"].pk],
        message="không có trong danh sách hộ nghèo, hộ cận nghèo chính thức",
    )  # fmt: skip
    assert len(actions.issue_certificates(round_, officer, [households["poor"].pk])) == 1


def test_no_change_of_class_after_the_decision(round_, officers, today):
    officer = officers["commune"]
    walk_to_decision(round_, officer)
    decide(round_, officer)
    refused(decide, round_, officer, message="đã hoàn thành")
    refused(actions.receive_complaint, round_, officer, complainant_name="A", text="B", message="đã ban hành")


def test_sign_off_refused_until_every_commune_reported(province_round, geography, officers):
    round_ = commune_round(province_round, geography["commune"])
    walk_to_decision(round_, officers["commune"])
    decide(round_, officers["commune"])
    actions.submit_report(round_, officers["commune"])
    refused(actions.province_sign_off, province_round, officers["province"], message="chưa báo cáo kết quả")


def test_officer_of_another_commune_may_not_act(province_round, geography, officers):
    round_ = commune_round(province_round, geography["commune"])
    before = fingerprint()
    with pytest.raises(PermissionDenied):
        actions.complete_step(step(round_, StepCode.PREPARE), officers["urban"])
    with pytest.raises(PermissionDenied):
        actions.province_sign_off(province_round, officers["commune"])
    with pytest.raises(PermissionDenied):
        actions.open_province_round(
            geography["province"], YEAR + 1, officers["commune"], standard_id=STANDARD
        )
    assert fingerprint() == before
