"""Duplicate people: the finder, officers' decisions, merging with history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.households.duplicates import actions
from giamngheo.households.duplicates.finding import find_duplicates
from giamngheo.households.duplicates.models import DuplicatePair, MemberMerge, PairState
from giamngheo.households.models import Household, Member, MemberStatus, Survey, SurveyMember

BORN = dt.date(1980, 5, 2)


@pytest.fixture
def officer(geography, make_user):
    return make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])


@pytest.fixture
def add(geography):
    """Make a household (in the main commune unless told) with one member per name."""
    counter = iter(range(1, 1000))

    def make(*people, commune=None, **household_fields):
        commune = commune or geography["commune"]
        household = Household.objects.create(
            code=f"{commune.code}-{next(counter):06d}", province=commune.province, commune=commune,
            head_name=people[0][0], **household_fields,
        )  # fmt: skip
        members = [
            Member.objects.create(
                household=household,
                full_name=name,
                birth_date=born,
                sex=extra.get("sex", "male"),
                relation="head" if i == 0 else "child",
                cccd=extra.get("cccd", ""),
            )  # fmt: skip
            for i, (name, born, *rest) in enumerate(people)
            for extra in [rest[0] if rest else {}]
        ]
        return members if len(members) > 1 else members[0]

    return make


def pairs() -> set[tuple[str, str]]:
    return {(p.member_a.full_name, p.member_b.full_name) for p in DuplicatePair.objects.all()}


# --- finding -------------------------------------------------------------------------------------


def test_finds_the_same_name_with_and_without_diacritics(geography, add):
    add(("Nguyễn Văn An", BORN))
    add(("Nguyen Van An", BORN))
    result = find_duplicates([geography["commune"].pk])
    assert pairs() == {("Nguyễn Văn An", "Nguyen Van An")}
    assert result.pairs_new == 1 and DuplicatePair.objects.get().state == PairState.OPEN


def test_finds_a_typo_and_a_mistyped_birth_day(geography, add):
    add(("Trần Thị Hoa", BORN, {"sex": "female"}))
    add(("Tran Thi Hoaa", BORN, {"sex": "female"}))
    add(("Lê Văn Tám", dt.date(1975, 1, 1)))
    add(("Le Van Tam", dt.date(1975, 8, 19)))
    find_duplicates([geography["commune"].pk])
    assert pairs() == {("Trần Thị Hoa", "Tran Thi Hoaa"), ("Lê Văn Tám", "Le Van Tam")}


def test_different_people_are_not_paired(geography, add):
    add(("Nguyễn Văn An", BORN))
    add(("Nguyễn Văn Bình", BORN))  # same birth date, another given name
    add(("Lê Văn An", BORN))  # another family
    add(("Nguyễn Văn An", dt.date(1981, 5, 2)))  # another year
    add(("Nguyễn Văn An", BORN), commune=geography["urban"])  # another commune
    add(("Nguyen Van An", BORN, {"cccd": "056080000001"}), ("Nguyễn Thị Lan", BORN, {"sex": "female"}))
    add(("Nguyen Van An", BORN, {"cccd": "056080000002"}))  # two different CCCDs: two people
    find_duplicates([geography["commune"].pk, geography["urban"].pk])
    assert pairs() == {("Nguyễn Văn An", "Nguyen Van An")}


def test_the_same_cccd_in_two_active_households_is_always_a_pair(geography, add):
    add(("Phạm Minh Tuấn", BORN, {"cccd": "056080000009"}))
    add(("Hoàng Văn Sơn", dt.date(1990, 1, 1), {"cccd": "056080000009"}), commune=geography["other_commune"])
    find_duplicates([geography["commune"].pk])
    pair = DuplicatePair.objects.get()
    assert pair.score == 100 and "056080000009" in pair.reason


def test_running_again_keeps_decisions(geography, add, officer):
    add(("Nguyễn Văn An", BORN))
    add(("Nguyen Van An", BORN))
    find_duplicates([geography["commune"].pk])
    actions.dismiss_pair(DuplicatePair.objects.get(), officer, "hai anh em sinh đôi")
    assert find_duplicates([geography["commune"].pk]).pairs_new == 0
    assert DuplicatePair.objects.get().state == PairState.DISMISSED


def test_command_and_task_find_pairs(geography, add):
    from giamngheo.households.duplicates.tasks import find_duplicate_members

    add(("Nguyễn Văn An", BORN))
    add(("Nguyen Van An", BORN))
    call_command("find_duplicates", "--commune", "22402")
    assert DuplicatePair.objects.count() == 1
    DuplicatePair.objects.all().delete()
    find_duplicate_members.enqueue([geography["commune"].pk])
    assert DuplicatePair.objects.count() == 1


# --- deciding and merging ------------------------------------------------------------------------


@pytest.fixture
def confirmed(geography, add, officer):
    survivor = add(("Nguyễn Văn An", BORN))
    _spouse, duplicate = add(
        ("Trần Thị Bình", BORN, {"sex": "female"}), ("Nguyen Van An", BORN, {"cccd": "056080000123"})
    )
    survey = Survey.objects.create(
        household=duplicate.household, survey_date=dt.date(2024, 10, 1), area="rural", members=2,
        water_source="piped", latrine="septic",
    )  # fmt: skip
    SurveyMember.objects.create(survey=survey, member=duplicate, age=44, sex="male")
    find_duplicates([geography["commune"].pk])
    pair = DuplicatePair.objects.get()
    actions.confirm_pair(pair, officer, "cùng một người, nhập hai lần")
    return pair, survivor, duplicate


def test_merge_keeps_both_records_and_history(confirmed, officer):
    pair, survivor, duplicate = confirmed
    merge = actions.merge_pair(pair, officer, survivor=survivor)
    duplicate.refresh_from_db()
    survivor.refresh_from_db()
    pair.refresh_from_db()
    assert MemberMerge.objects.get(member=duplicate) == merge and merge.survivor == survivor
    assert duplicate.status == MemberStatus.MERGED and pair.state == PairState.MERGED
    assert survivor.cccd == "056080000123"  # taken over from the duplicate
    assert SurveyMember.objects.get().member == survivor
    reason = duplicate.history.first().history_change_reason
    assert reason.startswith("Gộp bản ghi trùng vào Nguyễn Văn An")
    assert pair.history.filter(state=PairState.CONFIRMED).exists()
    assert SurveyMember.history.filter(member=duplicate).exists()  # the old pointer stays in history
    assert Member.objects.filter(pk=duplicate.pk).exists()


def test_merge_needs_a_confirmed_pair_and_changes_nothing_when_refused(geography, add, officer):
    add(("Nguyễn Văn An", BORN))
    add(("Nguyen Van An", BORN))
    find_duplicates([geography["commune"].pk])
    pair = DuplicatePair.objects.get()
    with pytest.raises(ValidationError):
        actions.merge_pair(pair, officer, survivor=pair.member_a)
    assert not MemberMerge.objects.exists()
    assert Member.objects.filter(status=MemberStatus.PRESENT).count() == 2


def test_officer_of_one_commune_cannot_decide_a_pair_reaching_another(geography, add, officer):
    add(("Phạm Minh Tuấn", BORN, {"cccd": "056080000009"}))
    add(("Phạm Minh Tuấn", BORN, {"cccd": "056080000009"}), commune=geography["other_commune"])
    find_duplicates([geography["commune"].pk])
    with pytest.raises(PermissionDenied):
        actions.confirm_pair(DuplicatePair.objects.get(), officer)


# --- pages ---------------------------------------------------------------------------------------


def test_pages_list_decide_and_merge(client, confirmed, officer):
    pair, survivor, duplicate = confirmed
    client.force_login(officer)
    listing = client.get(reverse("households:duplicates"), {"trang-thai": "confirmed"}).content.decode()
    assert "Nguyen Van An" in listing
    url = reverse("households:duplicate", args=[pair.pk])
    assert "Gộp bản ghi" in client.get(url).content.decode()
    response = client.post(url, {"action": "merge", "survivor": survivor.pk, "note": ""})
    assert response.status_code == 302
    assert MemberMerge.objects.get().survivor == survivor
    page = client.get(reverse("households:detail", args=[duplicate.household_id])).content.decode()
    assert "đã gộp vào" in page


def test_pairs_of_another_commune_are_not_listed_nor_found(client, geography, add, make_user):
    add(("Lò Văn Páo", BORN), commune=geography["other_commune"])
    add(("Lo Van Pao", BORN), commune=geography["other_commune"])
    find_duplicates([geography["other_commune"].pk])
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    assert "Lo Van Pao" not in client.get(reverse("households:duplicates")).content.decode()
    pair = DuplicatePair.objects.get()
    assert client.get(reverse("households:duplicate", args=[pair.pk])).status_code == 404


def test_find_button_queues_the_job_for_the_officers_communes(client, geography, add, officer):
    add(("Nguyễn Văn An", BORN))
    add(("Nguyen Van An", BORN))
    client.force_login(officer)
    assert client.post(reverse("households:find_duplicates")).status_code == 302
    assert DuplicatePair.objects.count() == 1
