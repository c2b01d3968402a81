"""The impact of moving a commune from 2022-2025 to 2026-2030, computed by hand."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from giamngheo.planning.parameters import health_insurance
from giamngheo.planning.reading import NoSurveys, households_of_cell, impact_for
from giamngheo.planning.workbook import impact_workbook

SURVEYED_ON = dt.date(2026, 10, 1)
DEPRIVED = {"water_source": "surface", "latrine": "none"}  # with 5 m² a person: three deprivations


@pytest.fixture
def commune(geography, surveyed):
    commune, village = geography["commune"], geography["village"]

    def household(income, people, deprived=False, in_village=False):
        answers = DEPRIVED | {"floor_area_m2": 5.0 * people} if deprived else {}
        made = surveyed(commune, income, survey_date=SURVEYED_ON, members=[{"age": 40}] * people, **answers)
        if in_village:
            made.village = village
            made.save()
        return made

    return {
        "average_to_poor": household(1_800_000, 2, deprived=True, in_village=True),
        "average_to_near_poor": household(1_800_000, 3),
        "poor": household(1_000_000, 4, deprived=True),
        "near_poor": household(1_000_000, 1),
        "not_poor": household(5_000_000, 2),
        "average_to_near_poor_2": household(2_000_000, 1),
    }


def test_health_insurance_premium_in_2027_is_four_and_a_half_percent_of_the_base_salary_for_a_year():
    insurance = health_insurance(dt.date(2027, 1, 1))
    assert insurance.yearly_premium == 2_340_000 * 45 // 1000 * 12 == 1_263_600
    assert insurance.state_cost("near_poor", 1) == 884_520
    assert insurance.state_cost("average", 5) == 0


def test_an_agricultural_household_with_an_average_living_standard_costs_thirty_percent(
    geography, commune, make_user
):
    from giamngheo.households.models import Household

    Household.objects.filter(pk=commune["average_to_near_poor"].pk).update(agricultural=True)
    officer = make_user("xa", "commune_officer", geography["commune"])
    impact = impact_for(geography["commune"], 2026, "2022-2025", "2026-2030", officer)
    # Under 2022-2025 its 3 people are average: 30 % of the premium each (379,080 đồng).
    assert impact.cost_from == 5_938_920 + 3 * 379_080


def test_households_changing_class_and_the_cost_to_the_state_match_the_hand_count(
    geography, commune, make_user
):
    officer = make_user("xa", "commune_officer", geography["commune"])
    impact = impact_for(geography["commune"], 2026, "2022-2025", "2026-2030", officer)
    matrix = impact.matrix()
    assert matrix["average"]["poor"] == 1
    assert matrix["average"]["near_poor"] == 2
    assert matrix["poor"]["poor"] == 1 and matrix["near_poor"]["near_poor"] == 1
    assert matrix["not_poor"]["not_poor"] == 1
    assert impact.households == 6
    statuses = {row["status"]: row for row in impact.by_status()}
    assert (statuses["poor"]["people_from"], statuses["poor"]["people_to"]) == (4, 6)
    assert (statuses["near_poor"]["people_from"], statuses["near_poor"]["people_to"]) == (1, 5)
    # 2022-2025: 4 poor people × 1,263,600 + 1 near-poor person × 70 % of it.
    assert impact.cost_from == 4 * 1_263_600 + 884_520 == 5_938_920
    # 2026-2030: 6 poor people, 5 near-poor people.
    assert impact.cost_to == 6 * 1_263_600 + 5 * 884_520 == 12_004_200
    row = impact.by_commune().row(0, named=True)
    assert (row["changed"], row["cost_change"]) == (3, 12_004_200 - 5_938_920)


def test_the_households_behind_a_cell_are_those_that_change_so(geography, commune, make_user):
    officer = make_user("xa", "commune_officer", geography["commune"])
    found = households_of_cell(
        geography["commune"], None, 2026, ("2022-2025", "2026-2030"), ("average", "near_poor"), officer
    )
    assert {h.pk for h in found} == {commune["average_to_near_poor"].pk, commune["average_to_near_poor_2"].pk}
    in_village = households_of_cell(
        geography["commune"],
        geography["village"].pk,
        2026,
        ("2022-2025", "2026-2030"),
        ("average", "poor"),
        officer,
    )
    assert [h.pk for h in in_village] == [commune["average_to_poor"].pk]


def test_a_unit_outside_the_area_is_refused_and_a_year_without_surveys_names_the_communes(
    geography, commune, make_user
):
    other = make_user("xa2", "commune_officer", geography["other_commune"])
    with pytest.raises(PermissionDenied):
        impact_for(geography["commune"], 2026, "2022-2025", "2026-2030", other)
    officer = make_user("xa", "commune_officer", geography["commune"])
    with pytest.raises(NoSurveys, match="Xã Phước Hà"):
        impact_for(geography["commune"], 2020, "2022-2025", "2026-2030", officer)


def test_the_page_the_workbook_and_the_api_show_the_impact(client, geography, commune, make_user):
    officer = make_user("xa", "commune_officer", geography["commune"])
    client.force_login(officer)
    query = {
        "unit": geography["commune"].pk,
        "year": 2026,
        "standard_from": "2022-2025",
        "standard_to": "2026-2030",
    }
    page = client.get(reverse("planning:impact"), query).content.decode()
    assert "12.004.200" in page or "12,004,200" in page
    assert "Thôn Một" in page
    workbook = client.get(reverse("planning:impact_xlsx"), query)
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    api = client.get("/api/planning/impact", query)
    assert api.status_code == 200, api.content
    assert api.json()["cost_to"] == 12_004_200
    outsider = make_user("xa2", "commune_officer", geography["other_commune"])
    client.force_login(outsider)
    assert client.get("/api/planning/impact", query).status_code == 403


def test_a_province_workbook_is_made_by_a_job_and_downloads(client, geography, commune, make_user):
    import io

    import openpyxl

    client.force_login(make_user("tinh", "admin"))
    query = {
        "unit": geography["province"].pk,
        "year": 2026,
        "standard_from": "2022-2025",
        "standard_to": "2026-2030",
    }
    response = client.get(reverse("planning:impact_xlsx"), query)
    assert response.status_code == 302 and "/tai-ve/" in response["Location"]
    content = b"".join(client.get(response["Location"]).streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Theo xã và chi phí"]
    assert sheet.cell(row=5, column=1).value == geography["commune"].name
    assert sheet.cell(row=5, column=10).value == 12_004_200


def test_workbook_names_are_never_formulas(geography, commune, make_user):
    officer = make_user("xa", "commune_officer", geography["commune"])
    impact = impact_for(geography["commune"], 2026, "2022-2025", "2026-2030", officer)
    content = impact_workbook(impact, "=HYPERLINK(1)", {geography["commune"].pk: "=cmd|' /C calc'!A0"})
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content))["Theo xã và chi phí"]
    assert sheet.cell(row=5, column=1).value == "=cmd|' /C calc'!A0"
    assert sheet.cell(row=5, column=1).data_type == "s"


def test_a_draft_standard_is_saved_checked_compared_and_exported(geography, commune, make_user, client):
    from django.core.exceptions import ValidationError

    from giamngheo.planning.drafts import delete_draft, save_draft

    analyst = make_user("tinh", "province_officer", geography["province"])
    for changes, field in (
        ({"poor_rural": 0}, "poor_rural"),
        ({"threshold": 13}, "threshold"),
    ):
        with pytest.raises(ValidationError) as refused:
            save_draft(analyst, name="Sai", base_id="2026-2030", changes=changes)
        assert field in refused.value.message_dict
    draft = save_draft(
        analyst,
        name="Chuẩn 2,5 triệu",
        base_id="2026-2030",
        changes={"poor_rural": 2_500_000, "poor_urban": 3_000_000},
    )
    assert draft.history.count() == 1
    impact = impact_for(geography["commune"], 2026, "2026-2030", f"draft:{draft.pk}", analyst)
    matrix = impact.matrix()
    # The 2.0 million household stays near-poor; nobody leaves the lists with a higher line.
    assert matrix["near_poor"]["near_poor"] == 3 and matrix["poor"]["poor"] == 2
    client.force_login(analyst)
    exported = client.get(reverse("planning:draft_yaml", args=[draft.pk])).content.decode()
    assert "2500000" in exported and "DỰ THẢO" in exported
    delete_draft(analyst, draft)


def test_a_province_is_computed_by_a_job_whose_page_shows_the_cost_and_the_checks(
    client, geography, commune, make_user
):
    analyst = make_user("tinh", "province_officer", geography["province"])
    client.force_login(analyst)
    query = {
        "unit": geography["province"].pk,
        "year": 2026,
        "standard_from": "2022-2025",
        "standard_to": "2026-2030",
    }
    page = client.get(reverse("planning:impact"), query).content.decode()
    assert "12.004.200" in page or "12,004,200" in page
    assert "Kiểm tra chất lượng rà soát" in page and "Một người ở hai hộ" in page
    assert client.get(reverse("planning:impact_result", args=["not-mine"])).status_code == 404


def test_the_frame_reads_what_the_standards_read_and_classifies_as_the_whole_frame(geography, commune):
    from giamngheo.households.models import SurveyMember
    from giamngheo.standards import engine
    from giamngheo.standards.province_frame import read_province_frame

    standards = [engine.load_standard("2022-2025"), engine.load_standard("2026-2030")]
    # An answer outside its choices (an old import) is read as it is, not as a code.
    SurveyMember.objects.filter(survey__household=commune["poor"]).update(employment="nghi_huu")
    whole = read_province_frame([geography["commune"].pk], 2026)
    narrow = read_province_frame([geography["commune"].pk], 2026, standards)
    assert "hears_loudspeaker" in whole.households.columns
    assert (
        "hears_loudspeaker" not in narrow.households.columns and "ill_untreated" not in narrow.members.columns
    )
    assert not narrow.can_classify(engine.load_standard("2016-2020")) and whole.can_classify(*standards)
    assert "nghi_huu" in narrow.members["employment"].to_list()
    for name, kind in (*narrow.households.schema.items(), *narrow.members.schema.items()):
        assert kind == {**whole.households.schema, **whole.members.schema}[name], name
    for standard in standards:
        assert (
            narrow.statuses(standard)
            .sort("household_id")
            .equals(whole.statuses(standard).sort("household_id"))
        )
    assert (
        narrow.households.select(whole.households.columns[:6])
        .sort("household_id")
        .equals(whole.households.select(whole.households.columns[:6]).sort("household_id"))
    )
