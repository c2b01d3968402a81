"""The real mix of a province's working day, as commune officers of different communes.

Each simulated officer has their own account and session (opened before the run), then, with 5 s of
think time between pages: lists and searches the commune's households, opens a household,
saves a survey draft, looks at the dashboard and now and then downloads the review report.
A static file in the same run is the server's floor (the peer). Accounts come from the JSON
file named by GIAMNGHEO_LOAD_USERS (written by `benchmarks/load.py`).
"""

import itertools
import json
import os
import random
import re
import threading
from pathlib import Path

from locust import HttpUser, between, task
from locustfile_forms import form_fields

ACCOUNTS = json.loads(Path(os.environ["GIAMNGHEO_LOAD_USERS"]).read_text(encoding="utf-8"))
STATIC_PATH = ACCOUNTS["static_path"]
_next_account = itertools.cycle(ACCOUNTS["users"])
_lock = threading.Lock()
SEARCHES = ["nguyen", "Trần", "thi", "văn", "le thi", "Phạm", "hoang", "ngọc"]
HOUSEHOLD_LINK = re.compile(r'href="/ho-gia-dinh/(\d+)/"')
THINK = float(os.environ.get("GIAMNGHEO_LOAD_THINK", "5"))


def csrf_token(html: str) -> str:
    """The token of the page's forms, or the one the base template gives htmx."""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html
    )
    return match.group(1) if match else ""


class CommuneOfficer(HttpUser):
    wait_time = between(THINK * 0.5, THINK * 1.5)  # 5 s on average

    def on_start(self) -> None:
        with _lock:
            self.account = next(_next_account)
        domain = self.host.split("://", 1)[1].split(":")[0]
        self.client.cookies.set(ACCOUNTS["session_cookie"], self.account["session"], domain=domain, path="/")
        self.households = self._household_ids(self.client.get("/ho-gia-dinh/", name="household list").text)
        self.survey_url = None

    @staticmethod
    def _household_ids(html: str) -> list[int]:
        return [int(pk) for pk in HOUSEHOLD_LINK.findall(html)]

    @task(4)
    def household_list(self) -> None:
        page = random.randint(1, 5)
        self.client.get(f"/ho-gia-dinh/?trang={page}", name="household list")

    @task(3)
    def household_search(self) -> None:
        response = self.client.get(
            "/ho-gia-dinh/", params={"q": random.choice(SEARCHES)}, name="household search"
        )
        self.households = self._household_ids(response.text) or self.households

    @task(4)
    def household_page(self) -> None:
        if self.households:
            self.client.get(f"/ho-gia-dinh/{random.choice(self.households)}/", name="household page")

    @task(2)
    def survey_save(self) -> None:
        if self.survey_url is None:
            self._start_survey()
            return
        page = self.client.get(self.survey_url, name="survey page")
        fields = [(k, v) for k, v in form_fields(page.text) if k != "submit"]
        with self.client.post(
            self.survey_url,
            fields + [("save", "")],
            headers={"Referer": f"{self.host}{self.survey_url}"},
            name="survey save",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"survey not saved ({response.status_code})")

    def _start_survey(self) -> None:
        if not self.households:
            return
        household = random.choice(self.households)
        detail = self.client.get(f"/ho-gia-dinh/{household}/", name="household page")
        response = self.client.post(
            f"/phieu-khao-sat/ho/{household}/moi/",
            {"survey_date": ACCOUNTS["survey_date"], "csrfmiddlewaretoken": csrf_token(detail.text)},
            headers={"Referer": f"{self.host}/ho-gia-dinh/{household}/"},
            name="survey start",
        )
        if response.ok and "/moi/" not in response.url:
            self.survey_url = response.url.removeprefix(self.host)

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/ke-hoach/bang-dieu-khien/", name="dashboard")

    @task(1)
    def report_download(self) -> None:
        self.client.get("/bao-cao/ra-soat.xlsx", name="report download")

    @task(2)
    def static_file(self) -> None:
        self.client.get(STATIC_PATH, name="static file (peer)")
