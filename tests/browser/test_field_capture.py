"""The village collaborator's path on a 390 px phone: household pages, the offline field app,
sync, conflicts and refusals."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from giamngheo.accounts.models import Role
from giamngheo.households.models import Survey
from giamngheo.households.survey import actions
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    # The test's own waits are evaluated JavaScript, which the site's CSP (no eval) would refuse;
    # the pages' CSP is checked by tests/browser/test_csp.py.
    # A phone whose clock is set to UTC: the app still shows Vietnam's times, as the officers' pages do.
    context = browser.new_context(
        locale="vi-VN", timezone_id="UTC", viewport=PHONE, has_touch=True, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def village(geography, surveyed, make_user):
    households = []
    for income in (3_000_000, 2_000_000):
        household = surveyed(geography["commune"], income, members=[{"age": 40}, {"age": 9}])
        household.village = geography["village"]
        household.address = "Xóm Bãi"
        household.save()
        households.append(household)
    make_user("ctv", Role.VILLAGE_COLLABORATOR, geography["village"])
    return households


def assert_fits(page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width} px wide"


def open_field_app(page) -> None:
    page.goto(f"{page.base_url}/thuc-dia/")
    page.locator("#field-app[data-ready='1']").wait_for()
    page.locator(".fw-villages a").first.wait_for()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def fill_survey(page, household, income: str) -> None:
    page.goto(f"{page.base_url}/thuc-dia/#/ho/{household.pk}")
    page.locator("#fw-date").fill("2025-10-02")
    page.get_by_role("button", name="Lập phiếu khảo sát mới").click()
    page.locator("#fw-step-title").wait_for()
    page.locator("#fw-income_per_capita_month").fill(income)
    page.locator("#fw-saved:has-text('Đã lưu trên máy')").wait_for()


def go_to_summary(page) -> None:
    total = page.locator(".fw-steps li").count()
    for step in range(2, total + 1):
        assert_fits(page, page.locator("#fw-step-title").inner_text())
        page.locator("#fw-next").click()
        page.locator(f"#fw-step-title:has-text('Phần {step}/{total}')").wait_for()
    page.locator("#fw-result").wait_for()


def submit(page) -> None:
    page.locator("#fw-confirm").check()
    page.locator("#fw-submit").click()
    page.locator("#fw-sync").wait_for()


def test_collaborator_pages_fit_a_phone_and_a_new_survey_starts(phone, village):
    login(phone, "ctv")
    assert not phone.locator(".mainnav").is_visible()  # the menu is folded
    phone.locator(".menu-button").click()
    assert phone.locator(".mainnav").is_visible()
    assert_fits(phone, "home page")
    phone.goto(f"{phone.base_url}/thuc-dia/nhap-odk/")
    assert_fits(phone, "ODK bridge")
    phone.goto(f"{phone.base_url}/ho-gia-dinh/")
    assert_fits(phone, "household list")
    phone.goto(f"{phone.base_url}/ho-gia-dinh/{village[0].pk}/")
    assert_fits(phone, "household page")
    value = phone.locator("#id_survey_date").input_value()
    assert dt.date.fromisoformat(value) == dt.date.today()  # an ISO value the date input shows
    phone.get_by_role("button", name="Lập phiếu khảo sát mới").click()
    phone.wait_for_url("**/phieu-khao-sat/*/")
    assert_fits(phone, "survey form")
    assert phone.locator("#id_income_per_capita_month").get_attribute("inputmode") == "numeric"
    assert Survey.objects.filter(household=village[0], survey_date=dt.date.today()).exists()
    assert phone.locator("#survey-where").inner_text().startswith("Phần 1/")  # one section at a time
    for _ in range(phone.locator(".survey-step").count() - 1):
        phone.locator("#survey-next").click()
        assert_fits(phone, phone.locator("#survey-where").inner_text())
    assert not phone.locator("#survey-next").is_visible()
    phone.locator("[data-preview-status]").wait_for()  # the engine's status before submitting
    assert phone.locator("#survey-submit").is_disabled()
    screenshot(phone, "field-survey-form-390")
    phone.locator("#id_confirm").check()
    phone.locator("#survey-submit").click()
    phone.locator("[data-classification]").wait_for()
    assert_fits(phone, "submitted survey")


def test_offline_start_fill_save_reload_then_sync(phone, village):
    login(phone, "ctv")
    open_field_app(phone)
    assert_fits(phone, "field home")
    shown = re.search(
        r"tải về lúc (\d+):(\d+):\d+ (\d+)/(\d+)/(\d+)", phone.locator("#field-app").inner_text()
    )
    hour, minute, day, month, year = map(int, shown.groups())
    downloaded = dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert abs(dt.datetime.now(dt.UTC) - downloaded) < dt.timedelta(minutes=5)
    phone.context.set_offline(True)
    phone.locator(".fw-villages a").first.click()
    phone.locator("#fw-search").fill("chu ho")  # without diacritics
    assert phone.locator("#fw-households li").count() == 2
    phone.locator("#fw-search").fill(village[1].code)
    assert phone.locator("#fw-households li").count() == 1
    assert_fits(phone, "village list")
    fill_survey(phone, village[0], "1200000")
    phone.reload()  # offline: the page and the answers come from the device
    phone.locator("#fw-step-title").wait_for()
    assert phone.locator("#fw-income_per_capita_month").input_value() == "1200000"
    go_to_summary(phone)
    assert phone.locator("#fw-offline-note").is_visible()
    assert_fits(phone, "summary")
    submit(phone)
    assert "Chờ gửi: 1" in phone.locator("#fw-sync").inner_text()
    screenshot(phone, "field-waiting-offline")
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.locator("#fw-sync li[data-state=accepted]").wait_for()
    survey = Survey.objects.get(household=village[0], survey_date=dt.date(2025, 10, 2))
    assert survey.is_submitted and survey.income_per_capita_month == 1_200_000
    assert "Hộ cận nghèo" in phone.locator("#fw-sync li[data-state=accepted]").inner_text()


def test_online_summary_shows_the_engine_status_before_submitting(phone, village):
    login(phone, "ctv")
    open_field_app(phone)
    fill_survey(phone, village[1], "900000")
    go_to_summary(phone)
    phone.locator("[data-preview-status]").wait_for()
    assert phone.locator("[data-preview-status]").inner_text() == "Hộ cận nghèo"
    assert "1.500.000" in phone.locator("#fw-result").inner_text()
    assert phone.locator("#fw-submit").is_disabled()  # until confirmed


def test_conflicts_resolved_both_ways(phone, village, make_user, geography):
    login(phone, "ctv")
    open_field_app(phone)
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    phone.context.set_offline(True)
    for household, income in zip(village, ("1100000", "1300000"), strict=True):
        fill_survey(phone, household, income)
        go_to_summary(phone)
        submit(phone)
    for household in village:  # meanwhile the commune officer starts drafts on the server
        actions.start_survey(household, officer, dt.date(2025, 10, 1))
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.locator("#fw-sync li[data-state=conflict] >> nth=1").wait_for()
    phone.locator(f"#fw-sync li[data-state=conflict]:has-text('{village[0].code}') a").click()
    phone.locator(".fw-compare-row.differs").first.wait_for()  # the comparison is drawn after the click
    assert_fits(phone, "conflict")
    screenshot(phone, "field-conflict")
    phone.locator("#fw-keep-mine").click()
    phone.locator("#fw-sync li[data-state=accepted]").wait_for()
    phone.locator("#fw-sync li[data-state=conflict] a").first.click()
    phone.locator("#fw-keep-server").click()
    phone.locator("#fw-sync li[data-state=kept_server]").wait_for()
    kept_mine = Survey.objects.get(household=village[0], state="submitted", survey_date=dt.date(2025, 10, 2))
    assert kept_mine.income_per_capita_month == 1_100_000
    server_kept = Survey.objects.get(household=village[1], survey_date=dt.date(2025, 10, 1))
    assert server_kept.state == "draft" and server_kept.income_per_capita_month == 2_000_000


def test_a_refused_survey_is_shown_with_its_reason(phone, village, geography):
    login(phone, "ctv")
    open_field_app(phone)
    phone.context.set_offline(True)
    fill_survey(phone, village[0], "1000000")
    go_to_summary(phone)
    submit(phone)
    village[0].village = None
    village[0].commune = geography["urban"]
    village[0].save()
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    refused = phone.locator("#fw-sync li[data-state=refused]")
    refused.wait_for()
    assert "không còn thuộc địa bàn" in refused.inner_text()
    assert phone.get_by_role("button", name="Xuất phiếu chưa gửi được").is_visible()
    assert not Survey.objects.filter(survey_date=dt.date(2025, 10, 2)).exists()
    phone.locator(".menu-button").click()
    phone.get_by_role("button", name="Đăng xuất").click()  # clears the device copy
    phone.wait_for_url("**/dang-nhap/**")
    assert phone.evaluate("indexedDB.databases().then(found => found.length)") == 0
