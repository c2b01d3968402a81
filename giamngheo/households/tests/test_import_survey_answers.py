"""Survey answers in the import file: causes of poverty (several, separated by ';'), the wish to
escape poverty, and each member's monthly social allowance and employer-certified training. A
filled cell goes into the household's open survey; a bad one is refused naming row and column."""

import datetime as dt

import pytest

from giamngheo.core.sheets import read_sheets
from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.imports.template import import_workbook
from giamngheo.households.imports.testing import (  # noqa: F401
    HOUSEHOLD_HEADERS,
    MEMBER_HEADERS,
    assert_refused,
    officer,
    sample_households,
    sample_members,
    snapshot,
    xlsx,
)
from giamngheo.households.models import Household, Survey
from giamngheo.households.survey import actions

HOUSEHOLDS = [*HOUSEHOLD_HEADERS, "Nguyên nhân nghèo", "Mong muốn thoát nghèo"]
MEMBERS = [*MEMBER_HEADERS, "Trợ cấp xã hội hằng tháng", "Đào tạo nghề tại chỗ"]


def _households(first_causes: str = "", first_wish: str = "", second_causes: str = "") -> list[list]:
    rows = sample_households()
    return [rows[0] + [first_causes, first_wish], rows[1] + [second_causes, ""]]


def _members(**cells: tuple[str, str]) -> list[list]:
    """Member rows with (allowance, training) cells by the member's name."""
    return [row + list(cells.get(row[1], ("", ""))) for row in sample_members()]


def _import(officer, households, members):  # noqa: F811
    content = xlsx(
        households,
        members or [],
        household_headers=HOUSEHOLDS,
        member_headers=MEMBERS,
        member_sheet=None if members is None else "Thành viên",
    )
    return import_file("ho.xlsx", content, officer)


def test_causes_and_member_answers_go_into_a_new_open_survey(officer):  # noqa: F811
    outcome = _import(
        officer,
        _households(
            "Thiếu vốn sản xuất, kinh doanh; thieu dat san xuat ;Có người ốm đau, bệnh nặng, tai nạn", "Có"
        ),
        _members(**{"Trần Thị Bình": ("Có", ""), "Nguyễn Văn Nam": ("", "x")}),
    )
    assert outcome.ok, outcome.problems
    assert outcome.counts.surveys == 2
    first = Survey.objects.get(household__code="NT-0001")
    assert first.state == "draft" and first.survey_date == dt.date.today()
    assert (first.cause_no_capital, first.cause_no_land, first.cause_illness) == (True, True, True)
    assert not (first.cause_no_labour or first.cause_other) and first.wishes_to_escape
    assert first.member_answers.count() == 3
    assert first.member_answers.get(member__full_name="Nguyễn Văn Nam").employer_certified_training
    assert not first.member_answers.filter(social_allowance=True).exists()
    second = Survey.objects.get(household__code="NT-0002")
    assert second.member_answers.get().social_allowance
    assert not any(
        getattr(second, name) for name in ("cause_no_land", "cause_no_capital", "wishes_to_escape")
    )
    assert first.history.first().history_user == officer
    again = _import(
        officer,
        _households(
            "Thiếu vốn sản xuất, kinh doanh; thieu dat san xuat ;Có người ốm đau, bệnh nặng, tai nạn", "Có"
        ),
        _members(**{"Trần Thị Bình": ("Có", ""), "Nguyễn Văn Nam": ("", "x")}),
    )
    assert again.ok and again.counts.surveys == 0 and Survey.objects.count() == 2


def test_empty_cells_leave_no_survey(officer):  # noqa: F811
    outcome = _import(officer, _households(), _members())
    assert outcome.ok and outcome.counts.surveys == 0
    assert not Survey.objects.exists()


def test_a_submitted_survey_is_never_changed_the_answers_start_a_draft_from_it(officer, surveyed, geography):  # noqa: F811
    household = surveyed(geography["commune"], 1_200_000, members=[{"age": 70}])
    member = household.members.get()
    submitted = household.surveys.get()
    rows = [
        [
            household.code,
            "Xã Phước Hà",
            "",
            household.head_name,
            "",
            "",
            "",
            "",
            "",
            "Thiếu lao động",
            "Không",
        ]
    ]
    members = [
        [
            household.code,
            member.full_name,
            f"{member.birth_date:%d/%m/%Y}",
            "Nam",
            "Chủ hộ",
            "Kinh",
            "",
            "",
            "Có",
            "",
        ]
    ]
    outcome = _import(officer, rows, members)
    assert outcome.ok, outcome.problems
    submitted.refresh_from_db()
    assert submitted.state == "submitted" and not submitted.cause_no_labour
    draft = household.surveys.get(state="draft")
    assert (
        draft.cause_no_labour and draft.income_per_capita_month == 1_200_000
    )  # the rest from the last survey
    assert draft.member_answers.get().social_allowance


def test_answers_go_into_the_open_draft_when_there_is_one(officer, surveyed, geography):  # noqa: F811
    household = surveyed(geography["commune"], 1_200_000)
    draft = actions.start_survey(household, officer, dt.date(2026, 10, 5))
    rows = [[household.code, "Xã Phước Hà", "", household.head_name, "", "", "", "", "", "Khác", ""]]
    outcome = _import(officer, rows, None)
    assert outcome.ok, outcome.problems
    draft.refresh_from_db()
    assert draft.cause_other and household.surveys.count() == 2


def test_an_unknown_cause_is_refused_naming_row_and_column(officer, geography):  # noqa: F811
    before = snapshot()
    outcome = _import(officer, _households(second_causes="Thiếu vốn; Lười lao động"), _members())
    assert_refused(outcome, "'Lười lao động' không có trong danh mục", "Hộ gia đình", 3, "Nguyên nhân nghèo")
    assert "Thiếu đất sản xuất" in str(outcome.problems[0])
    assert snapshot() == before and not Survey.objects.exists()


def test_bad_yes_no_answers_and_answers_for_a_departed_member_are_refused(officer, geography):  # noqa: F811
    members = _members(**{"Lê Thị Hoa": ("có lẽ", ""), "Trần Thị Bình": ("", "Có")})
    members[3][7] = "Chuyển đi"
    outcome = _import(officer, _households(first_wish="chắc vậy"), members)
    assert_refused(outcome, "hãy ghi 'Có' hoặc 'Không'", "Hộ gia đình", 2, "Mong muốn thoát nghèo")
    assert_refused(outcome, "hãy ghi 'Có' hoặc 'Không'", "Thành viên", 3, "Trợ cấp xã hội hằng tháng")
    assert_refused(outcome, "thành viên đang sinh sống", "Thành viên", 5, "Đào tạo nghề tại chỗ")
    assert not Household.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8"])
def test_the_template_has_the_columns_and_the_list_of_causes(encoding):
    sheets = {sheet.name: sheet for sheet in read_sheets("mau.xlsx", import_workbook(["Xã A"], ["Thôn 1"]))}
    assert sheets["Hộ gia đình"].rows[0][-3:] == [
        "Dân tộc tại chỗ",
        "Nguyên nhân nghèo",
        "Mong muốn thoát nghèo",
    ]
    assert sheets["Thành viên"].rows[0][-2:] == ["Trợ cấp xã hội hằng tháng", "Đào tạo nghề tại chỗ"]
    lists = sheets["Danh mục"].rows
    column = lists[0].index("Nguyên nhân nghèo")
    listed = [row[column] for row in lists[1:9]]
    assert [row[0] for row in lists[:2]] == ["Xã/phường", "Xã A"] and lists[2][2] == "Nữ"  # every list kept
    assert listed[0] == "Thiếu đất sản xuất" and listed[-1] == "Nguyên nhân khác"
    instructions = " ".join(str(row[0]) for row in sheets["Hướng dẫn"].rows if row)
    assert "cách nhau bằng dấu chấm phẩy (;)" in instructions
