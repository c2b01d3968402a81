"""Each review-quality check flags exactly the households or communes planted for it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from giamngheo.households.models import Member
from giamngheo.households.tests.statuses import set_status
from giamngheo.planning.models import CheckThreshold, Dismissal
from giamngheo.planning.quality import dismiss_flag, run_checks, set_threshold
from giamngheo.reviews.models import Round, RoundHousehold, VillageMeeting

YEAR = 2026
ON = dt.date(YEAR, 10, 1)
LINE = 2_200_000  # rural poverty line of 2026-2030, the standard of the 2026 review


@pytest.fixture
def province_officer(geography, make_user):
    return make_user("tinh", "province_officer", geography["province"])


def flagged(results, code):
    result = next(r for r in results if r.check.code == code)
    return set(result.flags["key"].to_list())


def test_incomes_bunched_above_the_line_flag_the_commune_only(geography, surveyed, province_officer):
    for _ in range(12):
        surveyed(geography["commune"], LINE + 50_000, survey_date=ON)
    surveyed(geography["commune"], LINE - 100_000, survey_date=ON)
    for _ in range(5):  # too few to judge
        surveyed(geography["urban"], 2_850_000, survey_date=ON)
    results = run_checks(geography["province"], YEAR, province_officer)
    assert flagged(results, "income_bunching") == {f"commune:{geography['commune'].pk}"}


def test_listed_households_with_every_asset_or_a_high_income_are_flagged(
    geography, surveyed, province_officer
):
    rich = surveyed(
        geography["commune"],
        1_000_000,
        survey_date=ON,
        has_computer=True,
        has_smartphone=True,
        has_tablet=True,
    )
    earning = surveyed(geography["commune"], 4_000_000, survey_date=ON)
    plain = surveyed(geography["commune"], 1_000_000, survey_date=ON)
    unlisted = surveyed(geography["commune"], 9_000_000, survey_date=ON)
    set_status([rich, plain], "poor")
    set_status(earning, "near_poor")
    set_status(unlisted, "not_poor")
    results = run_checks(geography["province"], YEAR, province_officer)
    assert flagged(results, "assets_versus_status") == {f"household:{rich.pk}", f"household:{earning.pk}"}


def _round(commune, officer):
    return Round.objects.create(
        unit=commune,
        province=commune.province,
        commune=commune,
        year=YEAR,
        standard_id="2026-2030",
        opened_by=officer,
    )


def test_a_status_changed_in_the_round_without_a_survey_of_the_year_is_flagged(
    geography, surveyed, province_officer
):
    old = surveyed(geography["commune"], 1_000_000, survey_date=dt.date(2025, 10, 1))
    surveyed_now = surveyed(geography["commune"], 1_000_000, survey_date=ON)
    round_ = _round(geography["commune"], province_officer)
    for household in (old, surveyed_now):
        RoundHousehold.objects.create(
            round=round_,
            household=household,
            reason="on_list",
            previous_status="poor",
            final_status="not_poor",
        )
    results = run_checks(geography["province"], YEAR, province_officer)
    assert flagged(results, "status_without_survey") == {f"household:{old.pk}"}


def test_village_meetings_all_alike_flag_the_commune(geography, province_officer):
    alike = _round(geography["commune"], province_officer)
    varied = _round(geography["urban"], province_officer)
    for attendance in (40, 40, 40):
        VillageMeeting.objects.create(
            round=alike, held_on=ON, attendance=attendance, recorded_by=province_officer
        )
    for attendance in (31, 44, 52):
        VillageMeeting.objects.create(
            round=varied, held_on=ON, attendance=attendance, recorded_by=province_officer
        )
    results = run_checks(geography["province"], YEAR, province_officer)
    assert flagged(results, "uniform_meetings") >= {f"commune:{geography['commune'].pk}"}
    assert f"commune:{geography['urban'].pk}" in flagged(
        results, "uniform_meetings"
    )  # no dissent recorded anywhere
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValidationError):
            set_threshold(province_officer, geography["province"], "uniform_meetings", bad)
    set_threshold(province_officer, geography["province"], "uniform_meetings", 4)
    assert flagged(run_checks(geography["province"], YEAR, province_officer), "uniform_meetings") == set()


def test_the_same_person_in_two_active_households_flags_both(geography, surveyed, province_officer):
    first = surveyed(geography["commune"], 1_000_000, survey_date=ON)
    second = surveyed(geography["urban"], 1_000_000, survey_date=ON)
    alone = surveyed(geography["commune"], 1_000_000, survey_date=ON)
    Member.objects.filter(household__in=[first, second]).update(cccd="056090001234")
    results = run_checks(geography["province"], YEAR, province_officer)
    assert flagged(results, "same_person_twice") == {f"household:{first.pk}", f"household:{second.pk}"}
    assert f"household:{alone.pk}" not in flagged(results, "same_person_twice")


def test_a_flag_is_dismissed_with_a_reason_and_stays_dismissed(geography, surveyed, province_officer, client):
    first = surveyed(geography["commune"], 1_000_000, survey_date=ON)
    second = surveyed(geography["commune"], 1_000_000, survey_date=ON)
    Member.objects.filter(household__in=[first, second]).update(cccd="056090001234")
    key = f"household:{first.pk}"
    with pytest.raises(ValidationError):
        dismiss_flag(
            province_officer,
            geography["province"],
            YEAR,
            "same_person_twice",
            key,
            geography["commune"].pk,
            " ",
        )
    dismiss_flag(
        province_officer,
        geography["province"],
        YEAR,
        "same_person_twice",
        key,
        geography["commune"].pk,
        "Hai người trùng tên, đã đối chiếu",
    )
    assert Dismissal.objects.get().history.count() == 1
    result = next(
        r
        for r in run_checks(geography["province"], YEAR, province_officer)
        if r.check.code == "same_person_twice"
    )
    assert result.open_count == 1
    client.force_login(province_officer)
    page = client.get(
        reverse("planning:checks"), {"unit": geography["province"].pk, "year": YEAR}
    ).content.decode()
    assert "Đã bỏ qua: Hai người trùng tên, đã đối chiếu" in page
    job = client.get(reverse("planning:checks_xlsx"), {"unit": geography["province"].pk, "year": YEAR})
    assert job.status_code == 302 and "/tai-ve/" in job["Location"]
    workbook = b"".join(client.get(job["Location"]).streaming_content)
    assert workbook[:2] == b"PK"
    assert "Hai người trùng tên, đã đối chiếu" in _cells(workbook, "Một người ở hai hộ")


def test_a_commune_officer_sees_only_their_commune(geography, surveyed, make_user, client):
    first = surveyed(geography["commune"], 1_000_000, survey_date=ON)
    second = surveyed(geography["urban"], 1_000_000, survey_date=ON)
    Member.objects.filter(household__in=[first, second]).update(cccd="056090001234")
    officer = make_user("xa", "commune_officer", geography["commune"])
    results = run_checks(geography["commune"], YEAR, officer)
    assert flagged(results, "same_person_twice") == {f"household:{first.pk}"}
    client.force_login(officer)
    assert (
        client.get(reverse("planning:checks"), {"unit": geography["province"].pk, "year": YEAR}).status_code
        == 200
    )


def test_a_registry_rate_far_from_what_the_surveys_give_flags_the_commune(
    geography, surveyed, province_officer
):
    listed = [surveyed(geography["commune"], 9_000_000, survey_date=ON) for _ in range(20)]
    set_status(listed[:10], "poor")
    honest = [surveyed(geography["urban"], 9_000_000, survey_date=ON) for _ in range(20)]
    set_status(honest, "not_poor")
    results = run_checks(geography["province"], YEAR, province_officer)
    assert flagged(results, "rate_versus_surveys") == {f"commune:{geography['commune'].pk}"}
    assert flagged(results, "targets_unsupported") == set()


def test_the_threshold_form_refuses_what_is_not_a_number_and_comes_back_to_the_checks(
    geography, province_officer, client
):
    client.force_login(province_officer)
    url = reverse("planning:threshold")
    for value in ("abc", "nan", "-2"):
        response = client.post(
            url, {"unit": geography["province"].pk, "year": YEAR, "check": "income_bunching", "value": value}
        )
        assert response.status_code == 302 and response["Location"].startswith(reverse("planning:checks"))
    assert not CheckThreshold.objects.exists()


def _cells(workbook: bytes, sheet: str) -> set:
    import io

    import openpyxl

    rows = openpyxl.load_workbook(io.BytesIO(workbook))[sheet].iter_rows(values_only=True)
    return {value for row in rows for value in row}
