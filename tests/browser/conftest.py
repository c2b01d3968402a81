"""Playwright driving Debian's chromium (never Playwright's own browser download).

GIAMNGHEO_CHROMIUM names the executable; scripts/run-tests sets it (installing
chromium with apt-get when missing). Without it the browser tests are skipped.
"""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(os.environ.get("GIAMNGHEO_TEST_ARTIFACTS", "test-artifacts"))


def _chromium() -> str | None:
    return os.environ.get("GIAMNGHEO_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    if not executable:
        pytest.skip("chromium is not installed")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-background-networking",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


def login(page, username: str, password: str = "mat-khau-thu-nghiem") -> None:
    page.goto(f"{page.base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{page.base_url}/")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
