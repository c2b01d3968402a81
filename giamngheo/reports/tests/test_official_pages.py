"""The official report set on pages, in the workbook and the CLI, signed off by communes and
consolidated by the province; refused outside the user's area."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.households.models import Household
from giamngheo.households.tests.statuses import set_status
from giamngheo.reports import actions
from giamngheo.reports.models import ReportKind, SignOffState
from giamngheo.reports.official.layout import SHEETS
from giamngheo.reports.official.tables import ReportSet

YEAR, STANDARD = 2024, "2022-2025"


@pytest.fixture
def people(geography, make_user):
    return {
        "commune": make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]),
        "urban": make_user("phuong", Role.COMMUNE_OFFICER, geography["urban"]),
        "province": make_user("tinh", Role.PROVINCE_OFFICER, geography["province"]),
        "admin": make_user("qt", Role.ADMIN),
    }


def _query(unit) -> str:
    return f"?don_vi={unit.pk}&nam={YEAR}&chuan={STANDARD}"


def test_every_report_has_a_page_and_its_cells_open_the_households(client, geography, province_2024, people):
    client.force_login(people["commune"])
    commune = geography["commune"]
    index = client.get(reverse("reports:official_index") + _query(commune))
    assert index.status_code == 200 and "Biểu 15" in index.content.decode()
    for number in SHEETS:
        page = client.get(reverse("reports:official_report", args=[number]) + _query(commune))
        assert page.status_code == 200, number
        assert "None" not in page.content.decode()
    listed = client.get(reverse("reports:official_report", args=[15]) + _query(commune)).content.decode()
    assert "data-list-total>2<" in listed
    cell = client.get(
        reverse("reports:official_cell") + _query(commune) + f"&bieu=12&cot=count&xa={commune.pk}"
    )
    poor = Household.objects.filter(commune=commune, classifications__status="poor")
    assert cell.status_code == 200 and "data-count>2<" in cell.content.decode()
    for household in poor:
        assert household.code in cell.content.decode()


def test_a_unit_outside_the_users_area_is_refused_before_anything_is_computed(
    client, geography, province_2024, people, monkeypatch
):
    from giamngheo.reports.official import build

    monkeypatch.setattr(build, "report_frame", lambda *a: pytest.fail("computed outside the area"))
    client.force_login(people["commune"])
    for unit in (geography["province"], geography["urban"], geography["other_commune"]):
        for url in (
            reverse("reports:official_report", args=[1]),
            reverse("reports:official_workbook"),
            reverse("reports:official_cell"),
        ):
            assert client.get(url + _query(unit) + "&bieu=1&cot=households").status_code == 403


def test_the_workbook_has_a_sheet_per_report_and_never_turns_a_name_into_a_formula(
    client, geography, province_2024, people
):
    household = Household.objects.filter(commune=geography["commune"], classifications__status="poor").first()
    Household.objects.filter(pk=household.pk).update(head_name="=HYPERLINK(1)")
    client.force_login(people["province"])
    job = client.get(reverse("reports:official_workbook") + _query(geography["province"]))
    assert job.status_code == 302 and "/tai-ve/" in job["Location"]  # a province's: made by a job
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(job["Location"]).streaming_content)))
    assert book.sheetnames == [SHEETS[n].sheet for n in range(1, 16)]
    first = book[SHEETS[12].sheet]
    assert "BIỂU 12" in first["A1"].value and "Khánh Hòa" in first["A2"].value
    total_row = next(row for row in first.iter_rows() if row[1].value == "Tổng cộng")
    assert str(total_row[4].value).startswith("=SUM(")  # poor households: sum of the communes
    values = [c.value for row in book[SHEETS[15].sheet].iter_rows() for c in row]
    assert "=HYPERLINK(1)" in values
    cells = [c for row in book[SHEETS[15].sheet].iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert cells[0].data_type == "s"
    assert book[SHEETS[1].sheet].page_setup.orientation == "landscape"
    footer_notes = [c.value for row in first.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("chưa đối chiếu" in text for text in footer_notes)
    commune = client.get(reverse("reports:official_workbook") + _query(geography["commune"]))
    assert commune.status_code == 200 and commune.content[:2] == b"PK"  # a commune's: within the request


def test_the_command_writes_the_workbook_and_exits_2_without_data(geography, province_2024, tmp_path):
    output = tmp_path / "bao-cao.xlsx"
    call_command(
        "report", "review", "--unit", geography["province"].code, "--year", str(YEAR), "-o", str(output)
    )
    assert len(openpyxl.load_workbook(output).sheetnames) == 15
    for unit, year in ((geography["province"].code, "2019"), ("99999", str(YEAR))):
        with pytest.raises(CommandError) as refused:
            call_command("report", "review", "--unit", unit, "--year", year, "-o", str(tmp_path / "x.xlsx"))
        assert refused.value.returncode == 2
        assert "năm 2019" in str(refused.value) or "mã 99999" in str(refused.value)


def test_communes_sign_their_sets_and_the_province_consolidates_them(geography, province_2024, people):
    with pytest.raises(ValidationError):
        actions.sign_off_official(people["province"], geography["province"], YEAR, STANDARD)
    first = actions.sign_off_official(people["commune"], geography["commune"], YEAR, STANDARD)
    second = actions.sign_off_official(people["urban"], geography["urban"], YEAR, STANDARD)
    assert first.kind == ReportKind.OFFICIAL and bytes(first.pdf).startswith(b"%PDF")
    with pytest.raises(ValidationError):
        actions.sign_off_official(people["commune"], geography["commune"], YEAR, STANDARD)
    actions.approve_report(first, people["province"])
    province = actions.sign_off_official(people["province"], geography["province"], YEAR, STANDARD)
    consolidated = ReportSet.from_dict(province.data)
    direct = {t.number: t.total.values for t in ReportSet.from_dict(first.data).tables}
    urban = {t.number: t.total.values for t in ReportSet.from_dict(second.data).tables}
    for table in consolidated.tables:
        assert [row.name for row in table.rows] == [geography["urban"].name, geography["commune"].name]
        for column in table.columns:
            if not column.is_rate:
                expected = direct[table.number].get(column.key, 0) + urban[table.number].get(column.key, 0)
                assert table.total.values[column.key] == expected
    assert consolidated.table(12).total.values["count"] == 3  # 2 + 1 poor households
    assert len(consolidated.lists["poor"]) == 3
    assert province.state == SignOffState.SUBMITTED and actions.can_review(province, people["admin"])


def test_the_household_page_notes_causes_not_counted(client, geography, surveyed, classify, people):
    household = surveyed(geography["commune"], 9_000_000, cause_no_capital=True)
    classify(household, "not_poor")
    set_status(household, "not_poor")
    client.force_login(people["commune"])
    page = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "data-causes-not-counted" in page and "Thiếu vốn sản xuất, kinh doanh" in page


def test_movements_tell_a_fall_back_from_a_new_entry_and_from_a_departure(
    geography, surveyed, classify, resurvey
):
    """Hand-counted: one household poor in 2022, escaped in 2023, poor again in 2024 (tái nghèo);
    one poor in 2023 and near-poor in 2024; one poor in 2023 and not reviewed in 2024; one
    near-poor in 2023 and poor in 2024 (phát sinh)."""
    import datetime as dt

    from giamngheo.reports.official.build import build_report_set

    commune = geography["commune"]
    fell, improved, gone, worse = (
        surveyed(commune, 1_000_000, survey_date=dt.date(2023, 10, 1)) for _ in range(4)
    )
    classify(fell, "poor", survey=resurvey(fell, dt.date(2022, 10, 1)))
    for household, before, now in ((fell, "not_poor", "poor"), (improved, "poor", "near_poor"),
                                   (gone, "poor", None), (worse, "near_poor", "poor")):  # fmt: skip
        classify(household, before, survey=household.surveys.get(survey_date=dt.date(2023, 10, 1)))
        if now:
            classify(household, now, survey=resurvey(household, dt.date(2024, 10, 1)))
    report = build_report_set(commune, 2024, STANDARD, None, with_lists=False)
    poor = report.table(2).total.values
    assert (poor["start"], poor["to_near_poor"], poor["left"], poor["down"]) == (2, 1, 1, 2)
    assert (poor["fell_back"], poor["new"], poor["arrived"], poor["up"], poor["end"]) == (1, 1, 0, 2, 2)
    near = report.table(3).total.values
    assert (near["start"], near["to_poor"], near["from_poor"], near["end"]) == (1, 1, 1, 1)
