"""Step 0: the commune forms its review board and assigns reviewers to villages before the round starts."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse

from conftest import make_unit
from giamngheo.areas.models import Level
from giamngheo.reviews import actions, views
from giamngheo.reviews.models import TeamMember, TeamRole
from giamngheo.reviews.steps import StepCode
from giamngheo.reviews.tests.conftest import (
    fingerprint,
    form_team,
    prepare,
    refused,
    step,
    walk_to_meeting,
)


def add(round_, user, name: str, role: str, **extra) -> TeamMember:
    return actions.add_team_member(round_, user, full_name=name, role=role, **extra)


def test_preparation_needs_a_board_member_and_a_reviewer(round_, officers):
    officer = officers["commune"]
    prepare_step = step(round_, StepCode.PREPARE)
    refused(
        actions.complete_step, prepare_step, officer,
        message="chưa có thành viên Ban chỉ đạo rà soát (Trưởng ban hoặc thành viên) và chưa có rà soát viên",
    )  # fmt: skip
    add(round_, officer, "Lê Thị Hồng", TeamRole.MEMBER, position="Hội Phụ nữ xã")
    refused(
        actions.complete_step, prepare_step, officer, message="Chưa thể hoàn thành bước “Chuẩn bị rà soát”"
    )
    add(round_, officer, "Phạm Văn Đức", TeamRole.REVIEWER)
    actions.complete_step(prepare_step, officer)
    assert step(round_, StepCode.PREPARE).is_done


def test_reviewer_alone_does_not_make_a_board(round_, officers):
    add(round_, officers["commune"], "Phạm Văn Đức", TeamRole.REVIEWER)
    refused(
        actions.complete_step, step(round_, StepCode.PREPARE), officers["commune"],
        message="chưa có thành viên Ban chỉ đạo rà soát",
    )  # fmt: skip


def test_village_outside_the_commune_is_refused(round_, officers, geography):
    elsewhere = make_unit("22333-01", "Tổ dân phố 1", Level.VILLAGE, geography["urban"], kind="Tổ dân phố")
    refused(
        add, round_, officers["commune"], "Phạm Văn Đức", TeamRole.REVIEWER,
        villages=[geography["village"], elsewhere], message="Thôn/tổ không thuộc Xã Phước Hà: Tổ dân phố 1",
    )  # fmt: skip
    refused(
        add, round_, officers["commune"], "Phạm Văn Đức", TeamRole.REVIEWER, villages=[geography["commune"]],
        message="Thôn/tổ không thuộc",
    )  # fmt: skip


def test_bad_member_details_are_refused(round_, officers):
    officer = officers["commune"]
    refused(add, round_, officer, "   ", TeamRole.MEMBER, message="Phải ghi họ và tên")
    refused(
        add, round_, officer, "Lê Thị Hồng", "secretary", message="Vai trò trong Ban chỉ đạo không hợp lệ"
    )
    refused(add, round_, officer, "Lê Thị Hồng", TeamRole.MEMBER, phone="gọi sau", message="không hợp lệ")
    add(round_, officer, "Nguyễn Văn An", TeamRole.CHAIR)
    refused(add, round_, officer, "Lê Thị Hồng", TeamRole.CHAIR, message="đã có Trưởng ban (Nguyễn Văn An)")


def test_adding_and_removing_members_is_audited(round_, officers, geography):
    officer = officers["commune"]
    member = add(
        round_,
        officer,
        "Phạm Văn Đức",
        TeamRole.REVIEWER,
        phone="0905 123 456",
        villages=[geography["village"]],
    )
    assert member.history.filter(history_type="+", history_user=officer).exists()
    latest = member.history.first()
    assert [row.adminunit for row in latest.villages.all()] == [geography["village"]]
    assert latest.history_user == officer
    pk = member.pk
    actions.remove_team_member(member, officer)
    assert not TeamMember.objects.filter(pk=pk).exists()
    removal = TeamMember.history.get(id=pk, history_type="-")
    assert (removal.history_user, removal.full_name) == (officer, "Phạm Văn Đức")


def test_team_changes_only_while_preparing(round_, officers):
    officer = officers["commune"]
    prepare(round_, officer)
    member = round_.team.get(role=TeamRole.REVIEWER)
    message = "Bước “Chuẩn bị rà soát” đã hoàn thành; hãy mở lại bước này trước"
    refused(add, round_, officer, "Lê Thị Hồng", TeamRole.MEMBER, message=message)
    refused(actions.remove_team_member, member, officer, message=message)
    actions.reopen_step(step(round_, StepCode.PREPARE), officer, "Bổ sung thành viên Hội Nông dân")
    add(round_, officer, "Lê Thị Hồng", TeamRole.MEMBER)
    assert round_.team.count() == 3


def test_ad_hoc_round_has_no_team(geography, officers, households, today):
    adhoc = actions.open_adhoc_review(
        households["near_poor"], officers["commune"], applied_on=today, note="Hộ xin vào danh sách cận nghèo"
    )
    refused(add, adhoc, officers["commune"], "Lê Thị Hồng", TeamRole.MEMBER, message="không có bước")


def test_officer_of_another_commune_may_not_change_the_team(client, round_, officers):
    form_team(round_, officers["commune"])
    member = round_.team.first()
    before = fingerprint()
    with pytest.raises(PermissionDenied):
        add(round_, officers["urban"], "Lê Thị Hồng", TeamRole.MEMBER)
    with pytest.raises(PermissionDenied):
        actions.remove_team_member(member, officers["urban"])
    client.force_login(officers["urban"])
    data = {"full_name": "Lê Thị Hồng", "role": TeamRole.MEMBER}
    assert client.post(reverse("reviews:add_team_member", args=[round_.pk]), data).status_code == 404
    target = reverse("reviews:remove_team_member", args=[round_.pk, member.pk])
    assert client.post(target).status_code == 404
    assert fingerprint() == before


def test_page_lists_the_team_and_its_form_adds_and_removes(client, round_, officers, geography):
    client.force_login(officers["commune"])
    url = reverse("reviews:detail", args=[round_.pk])
    page = client.get(url).content.decode()
    assert "Ban chỉ đạo và rà soát viên" in page and "Chưa lập Ban chỉ đạo" in page
    assert 'id="team-form"' in page and "Thôn/tổ chưa có rà soát viên phụ trách: Thôn Một" in page

    add_url = reverse("reviews:add_team_member", args=[round_.pk])
    data = {
        "full_name": "Phạm Văn Đức",
        "role": TeamRole.REVIEWER,
        "position": "Chi hội trưởng Hội Nông dân",
        "phone": "0905123456",
        "villages": [geography["village"].pk],
    }
    page = client.post(add_url, data, follow=True).content.decode()
    assert "Đã thêm Phạm Văn Đức (rà soát viên)." in page
    member = round_.team.get()
    assert list(member.villages.all()) == [geography["village"]]
    assert "Chi hội trưởng Hội Nông dân" in page and "Thôn/tổ chưa có rà soát viên" not in page

    page = client.post(add_url, {"full_name": "", "role": TeamRole.CHAIR}, follow=True).content.decode()
    assert "Thông tin thành viên chưa hợp lệ" in page

    complete = reverse("reviews:complete_step", args=[round_.pk, step(round_, StepCode.PREPARE).pk])
    page = client.post(complete, follow=True).content.decode()
    assert "chưa có thành viên Ban chỉ đạo rà soát" in page
    assert not step(round_, StepCode.PREPARE).is_done

    remove_url = reverse("reviews:remove_team_member", args=[round_.pk, member.pk])
    page = client.post(remove_url, follow=True).content.decode()
    assert "Đã xoá Phạm Văn Đức" in page and not round_.team.exists()


def test_team_is_settled_on_the_page_once_preparation_is_done(client, round_, officers):
    prepare(round_, officers["commune"])
    client.force_login(officers["commune"])
    page = client.get(reverse("reviews:detail", args=[round_.pk])).content.decode()
    assert "Nguyễn Văn An" in page and "Phó Chủ tịch UBND xã" in page
    assert 'id="team-form"' not in page and "hãy mở lại bước “Chuẩn bị rà soát”" in page


def test_meeting_minutes_name_the_board_and_the_village_reviewers(
    client, round_, officers, geography, today, monkeypatch
):
    officer = officers["commune"]
    walk_to_meeting(round_, officer)
    meeting = actions.record_meeting(
        round_, officer, held_on=today, attendance=30, village=geography["village"]
    )
    printed = {}

    def render_html(template_name: str, context: dict) -> bytes:
        printed["html"] = render_to_string(template_name, context)
        return b"%PDF-"

    monkeypatch.setattr(views, "render_pdf", render_html)
    client.force_login(officer)
    assert client.get(reverse("reviews:minutes", args=[round_.pk, meeting.pk])).status_code == 200
    assert "Nguyễn Văn An (trưởng ban, Phó Chủ tịch UBND xã)" in printed["html"]
    assert "Rà soát viên phụ trách: Trần Thị Bích." in printed["html"]
