"""Household and member editing: the actions (with their refusals) and the pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.households import actions, membership
from giamngheo.households.duplicates.models import EventKind, HouseholdMerge, MemberEvent
from giamngheo.households.models import Household, Member, MemberStatus, Relation

DAY = dt.date(2025, 3, 1)


@pytest.fixture
def officer(geography, make_user):
    return make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])


def person(name: str, born: str = "1980-05-02", sex: str = "male", **extra) -> dict:
    return {
        "full_name": name,
        "birth_date": dt.date.fromisoformat(born),
        "sex": sex,
        "ethnicity": "Kinh",
    } | extra


@pytest.fixture
def family(geography, officer):
    """An active household: head, spouse and child."""
    household = actions.create_household_with_head(
        officer,
        commune=geography["commune"],
        head=person("Nguyễn Văn An", cccd="056080000123"),
        address="Thôn Một",
    )
    spouse = actions.add_member(
        household, officer, **person("Trần Thị Bình", "1982-02-03", "female", relation="spouse")
    )
    child = actions.add_member(
        household, officer, **person("Nguyễn Văn Cường", "2010-07-08", relation="child")
    )
    return household, household.members.get(relation=Relation.HEAD), spouse, child


@pytest.fixture
def neighbour(geography, officer):
    return actions.create_household_with_head(
        officer, commune=geography["commune"], head=person("Lê Văn Dũng")
    )


@pytest.fixture
def far_away(geography, make_user):
    admin = make_user("admin", Role.ADMIN)
    return actions.create_household_with_head(
        admin, commune=geography["other_commune"], head=person("Lò Văn Páo")
    )


def snapshot() -> tuple:
    """Everything a refused action must leave as it was."""
    members = tuple(
        Member.objects.order_by("pk").values_list("pk", "household_id", "relation", "status", "cccd")
    )
    households = tuple(Household.objects.order_by("pk").values_list("pk", "is_active", "head_name"))
    return members, households, MemberEvent.objects.count(), HouseholdMerge.objects.count()


# --- creating and editing ------------------------------------------------------------------------


def test_new_household_gets_a_code_its_head_and_history(family):
    household, head, _spouse, _child = family
    assert household.code == "22402-000001" and household.head_name == "Nguyễn Văn An"
    assert head.relation == Relation.HEAD
    assert household.history.first().history_user.username == "xa"
    assert head.history.first().history_change_reason == "Thêm thành viên"


def test_a_second_head_is_refused(family, officer):
    household = family[0]
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        actions.add_member(household, officer, **person("Phạm Văn Em", relation="head"))
    assert "Quan hệ với chủ hộ" in refused.value.message_dict["relation"][0]
    assert snapshot() == before


def test_removing_the_only_head_by_editing_is_refused(family, officer):
    _household, head, _spouse, _child = family
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        actions.update_member(head, officer, relation=Relation.OTHER)
    assert "chủ hộ duy nhất" in refused.value.message_dict["relation"][0]
    assert snapshot() == before


def test_invalid_cccd_is_refused_naming_the_field(family, officer):
    household = family[0]
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        actions.add_member(household, officer, **person("Phạm Văn Em", relation="child", cccd="12345"))
    assert refused.value.message_dict["cccd"] == ["Số CCCD phải gồm đúng 12 chữ số."]
    assert snapshot() == before


def test_cccd_already_active_elsewhere_is_refused(family, neighbour, officer):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        actions.add_member(
            neighbour, officer, **person("Nguyễn Văn An", relation="other", cccd="056080000123")
        )
    assert "22402-000001" in refused.value.message_dict["cccd"][0]
    assert snapshot() == before


def test_editing_the_heads_name_renames_the_household(family, officer):
    household, head, _spouse, _child = family
    actions.update_member(head, officer, full_name="Nguyễn Văn Ân")
    household.refresh_from_db()
    assert household.head_name == "Nguyễn Văn Ân"
    assert head.history.first().history_change_reason == "Sửa thông tin thành viên"


def test_set_head_swaps_the_head(family, officer):
    household, head, spouse, _child = family
    actions.set_head(spouse, officer, former_head_relation=Relation.SPOUSE)
    head.refresh_from_db()
    household.refresh_from_db()
    assert head.relation == Relation.SPOUSE and household.head_name == "Trần Thị Bình"
    assert household.members.filter(relation=Relation.HEAD, status=MemberStatus.PRESENT).count() == 1


# --- moving, splitting, merging, leaving ---------------------------------------------------------


def test_move_member_to_a_household_of_the_same_commune(family, neighbour, officer):
    household, _head, _spouse, child = family
    membership.move_member(
        child, neighbour, officer, relation=Relation.GRANDCHILD, on=DAY, note="ở với ông bà"
    )
    child.refresh_from_db()
    assert child.household == neighbour and child.relation == Relation.GRANDCHILD
    assert child.history.first().history_change_reason == "Chuyển từ hộ 22402-000001 sang hộ 22402-000002"
    event = MemberEvent.objects.get(member=child)
    assert (event.kind, event.from_household, event.to_household, event.on) == (
        EventKind.MOVED_HOUSEHOLD, household, neighbour, DAY,
    )  # fmt: skip


def test_move_to_another_communes_household_is_refused(family, far_away, geography, make_user):
    province = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"], geography["other_province"])
    child = family[3]
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        membership.move_member(child, far_away, province, relation=Relation.OTHER, on=DAY)
    assert "không cùng xã/phường" in refused.value.message_dict["target"][0]
    assert snapshot() == before


def test_move_outside_the_officers_area_is_denied(family, far_away, officer):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        membership.move_member(family[3], far_away, officer, relation=Relation.OTHER, on=DAY)
    assert snapshot() == before


def test_moving_the_head_out_without_a_new_head_is_refused(family, neighbour, officer):
    household, head, spouse, _child = family
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        membership.move_member(head, neighbour, officer, relation=Relation.OTHER, on=DAY)
    assert "Chủ hộ mới" in refused.value.message_dict["new_head"][0]
    assert snapshot() == before
    membership.move_member(head, neighbour, officer, relation=Relation.OTHER, on=DAY, new_head=spouse)
    household.refresh_from_db()
    assert household.head_name == "Trần Thị Bình"


def test_split_makes_a_new_household_with_its_own_head(family, officer):
    household, _head, spouse, child = family
    new = membership.split_household(
        household, officer, members=[child], head=child, on=DAY, note="lập gia đình"
    )
    assert (
        new.code == "22402-000002"
        and new.head_name == "Nguyễn Văn Cường"
        and new.commune == household.commune
    )
    assert list(new.members.values_list("relation", flat=True)) == [Relation.HEAD]
    assert household.members.filter(status=MemberStatus.PRESENT).count() == 2
    assert MemberEvent.objects.get(member=child).kind == EventKind.SPLIT
    assert new.history.first().history_change_reason == f"Tách từ hộ {household.code}"
    assert child.history.first().history_change_reason == f"Tách hộ {household.code} thành hộ mới {new.code}"


def test_split_taking_everyone_or_the_head_without_replacement_is_refused(family, officer):
    household, head, spouse, child = family
    before = snapshot()
    with pytest.raises(ValidationError):
        membership.split_household(household, officer, members=[head, spouse, child], head=head, on=DAY)
    with pytest.raises(ValidationError) as refused:
        membership.split_household(household, officer, members=[head], head=head, on=DAY)
    assert "new_head" in refused.value.message_dict
    assert snapshot() == before


def test_merge_moves_members_and_leaves_the_absorbed_household_inactive(family, neighbour, officer):
    household = family[0]
    membership.merge_households(neighbour, household, officer, on=DAY, note="về ở chung")
    neighbour.refresh_from_db()
    assert not neighbour.is_active
    assert HouseholdMerge.objects.get(absorbed=neighbour).survivor == household
    assert household.members.filter(status=MemberStatus.PRESENT).count() == 4
    assert household.members.filter(relation=Relation.HEAD, status=MemberStatus.PRESENT).count() == 1
    assert neighbour.history.first().history_change_reason == "Nhập hộ 22402-000002 vào hộ 22402-000001"


def test_merging_a_household_into_itself_is_refused(family, officer):
    household = family[0]
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        membership.merge_households(household, household, officer, on=DAY)
    assert "chính nó" in refused.value.message_dict["survivor"][0]
    assert snapshot() == before


def test_death_is_recorded_with_date_and_note_and_the_head_passes_on(family, officer):
    household, head, spouse, _child = family
    before = snapshot()
    with pytest.raises(ValidationError):
        membership.record_departure(head, officer, kind=EventKind.DIED, on=DAY)
    assert snapshot() == before
    membership.record_departure(head, officer, kind=EventKind.DIED, on=DAY, note="ốm nặng", new_head=spouse)
    head.refresh_from_db()
    household.refresh_from_db()
    assert head.status == MemberStatus.DECEASED and household.head_name == "Trần Thị Bình"
    assert head.history.first().history_change_reason == "Chết ngày 01/03/2025: ốm nặng"
    event = MemberEvent.objects.get(member=head)
    assert (event.kind, event.on, event.note) == (EventKind.DIED, DAY, "ốm nặng")


def test_last_member_moving_away_closes_the_household(neighbour, officer):
    head = neighbour.members.get()
    membership.record_departure(head, officer, kind=EventKind.MOVED_AWAY, on=DAY, note="vào Bình Dương")
    neighbour.refresh_from_db()
    assert not neighbour.is_active


def test_a_date_in_the_future_is_refused(family, officer):
    with pytest.raises(ValidationError) as refused:
        membership.record_departure(
            family[3], officer, kind=EventKind.MOVED_AWAY, on=dt.date.today() + dt.timedelta(1)
        )
    assert refused.value.message_dict["on"][0].startswith("Ngày")


# --- pages ---------------------------------------------------------------------------------------


def test_create_household_page_makes_the_household_and_its_head(client, geography, officer):
    client.force_login(officer)
    response = client.post(
        reverse("households:create"),
        {"commune": geography["commune"].pk, "village": geography["village"].pk, "address": "Số 1",
         "head-full_name": "Hoàng Thị Mai", "head-birth_date": "1990-01-02", "head-sex": "female",
         "head-ethnicity": "Tày", "head-cccd": ""},
    )  # fmt: skip
    household = Household.objects.get()
    assert response.status_code == 302 and response.url == reverse("households:detail", args=[household.pk])
    assert household.head_name == "Hoàng Thị Mai" and household.village == geography["village"]
    page = client.get(response.url).content.decode()
    assert "Thêm thành viên" in page and "Tách hộ" in page


def test_member_page_shows_the_cccd_error_beside_the_field(client, family, officer):
    client.force_login(officer)
    household = family[0]
    data = {"full_name": "Phạm Văn Em", "birth_date": "1980-06-01", "sex": "male", "ethnicity": "Kinh",
            "relation": "other", "cccd": "056080000123"}  # fmt: skip
    page = client.post(reverse("households:add_member", args=[household.pk]), data).content.decode()
    assert "Số CCCD 056080000123 đã có ở thành viên Nguyễn Văn An của hộ 22402-000001" in page
    assert household.members.count() == 3


def test_cccd_check_links_to_the_household_holding_it(client, family, officer):
    client.force_login(officer)
    household = family[0]
    fragment = client.get(reverse("households:check_cccd"), {"cccd": "056080000123"}).content.decode()
    assert reverse("households:detail", args=[household.pk]) in fragment
    fragment = client.get(reverse("households:check_cccd"), {"head-cccd": "999"}).content.decode()
    assert "12 chữ số" in fragment


def test_move_page_refuses_an_unknown_code_and_moves_by_code(client, family, neighbour, officer):
    client.force_login(officer)
    child = family[3]
    url = reverse("households:move_member", args=[child.pk])
    data = {"target": "02716-000001", "relation": "other", "on": "2025-03-01", "note": ""}
    assert "không tìm thấy hộ" in client.post(url, data).content.decode()
    assert client.post(url, data | {"target": neighbour.code}).status_code == 302
    child.refresh_from_db()
    assert child.household == neighbour


def test_editing_pages_of_another_commune_are_not_found(client, far_away, officer):
    client.force_login(officer)
    member = far_away.members.get()
    for name, pk in [
        ("households:edit", far_away.pk), ("households:add_member", far_away.pk), ("households:split", far_away.pk),
        ("households:merge", far_away.pk), ("households:edit_member", member.pk),
        ("households:move_member", member.pk), ("households:departure", member.pk),
        ("households:set_head", member.pk),
    ]:  # fmt: skip
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
        assert client.post(reverse(name, args=[pk]), {}).status_code == 404, name


def test_leaders_cannot_open_editing_pages(client, family, geography, make_user):
    client.force_login(make_user("ld", Role.LEADER, geography["province"]))
    assert client.get(reverse("households:edit", args=[family[0].pk])).status_code == 403
    assert client.get(reverse("households:create")).status_code == 403
