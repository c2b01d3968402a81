"""What the household list exports, the import takes back unchanged."""

from giamngheo.households.exports import household_workbook
from giamngheo.households.imports.pipeline import import_file
from giamngheo.households.imports.testing import officer, snapshot, xlsx  # noqa: F401
from giamngheo.households.models import Household, Member
from giamngheo.households.tests.statuses import set_status


def test_export_then_import_leaves_the_data_identical(geography, officer):  # noqa: F811
    assert import_file("ho.xlsx", xlsx(), officer).ok
    registered = Household.objects.create(
        code="CU-0001", province=geography["province"], commune=geography["commune"], village=geography["village"],
        head_name="Đặng Thị Lụa", address="Số 5, Thôn Một", no_labour_capacity=True,
    )  # fmt: skip
    set_status(registered, "poor")
    Member.objects.create(
        household=registered, full_name="Đặng Thị Lụa", birth_date="1950-06-01", sex="female", relation="head",
        cccd="056150000777", ethnicity="Chăm",
    )  # fmt: skip
    registered.refresh_search_text()
    registered.save()
    before = snapshot()
    exported = household_workbook(Household.objects.order_by("code"), "Danh sách hộ gia đình")
    outcome = import_file("danh-sach-ho.xlsx", exported, officer)
    assert outcome.ok, [str(p) for p in outcome.problems]
    assert outcome.counts.households_updated == 0 and outcome.counts.households_created == 0  # 0 changed
    assert snapshot() == before
