"""The main round page in a real browser (Debian's chromium, see tests/browser/conftest.py)."""

import pytest

from giamngheo.reviews import actions
from giamngheo.reviews.steps import StepCode
from giamngheo.reviews.tests.conftest import STANDARD, YEAR, households, officers  # noqa: F401 (fixtures)
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_team_member(page, name: str, role: str, position: str, villages: tuple[str, ...] = ()) -> None:
    form = page.locator("#team-form")
    form.get_by_label("Họ và tên").fill(name)
    form.get_by_label("Vai trò").select_option(label=role)
    form.get_by_label("Chức vụ, đơn vị công tác").fill(position)
    for village in villages:
        form.get_by_label(village).check()
    form.get_by_role("button", name="Thêm thành viên").click()
    page.get_by_text(f"Đã thêm {name}").wait_for()


def test_commune_officer_walks_the_first_steps_of_a_round(page, geography, officers, households):  # noqa: F811
    round_ = actions.open_commune_round(geography["commune"], YEAR, officers["commune"], standard_id=STANDARD)
    login(page, "xa")
    page.get_by_role("link", name="Rà soát").first.click()
    page.get_by_role("link", name=str(geography["commune"])).first.click()
    prepare = page.locator(f'tr[data-step="{StepCode.PREPARE}"]')
    prepare.get_by_role("button", name="Hoàn thành bước").click()
    page.locator(".error").filter(has_text="chưa có rà soát viên").wait_for()  # no team yet
    add_team_member(page, "Nguyễn Văn An", "Trưởng ban", "Phó Chủ tịch UBND xã")
    add_team_member(page, "Trần Thị Bích", "Rà soát viên", "Hội Phụ nữ xã", villages=("Thôn Một",))
    reviewer = page.locator("#team tbody tr").filter(has_text="Trần Thị Bích")
    assert "Thôn Một" in reviewer.inner_text()
    screenshot(page, "reviews-team")
    prepare.get_by_label("Ghi chú").fill("Đã thành lập Ban chỉ đạo")
    prepare.get_by_role("button", name="Hoàn thành bước").click()
    page.get_by_text("Đã hoàn thành bước").wait_for()
    assert page.locator("#team-form").count() == 0  # the team is settled with the step
    page.get_by_role("button", name="Lập danh sách hộ cần rà soát").click()
    page.get_by_text("Đã lập danh sách hộ cần rà soát").wait_for()
    assert page.locator("table").filter(has_text="Mã hộ").locator("tbody tr").count() == 5
    survey = page.locator(f'tr[data-step="{StepCode.SURVEY}"]')
    assert survey.get_by_role("button", name="Hoàn thành bước").count() == 0  # not its turn yet
    screenshot(page, "reviews-round")
    assert round_.steps.get(code=StepCode.PREPARE).is_done
    assert round_.team.count() == 2
