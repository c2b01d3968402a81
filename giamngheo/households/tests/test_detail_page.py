"""The household page: the merges it shows both ways and the causes of poverty of the latest
submitted survey (a later draft does not count), read from the page's one list of surveys."""

import datetime as dt

from giamngheo.accounts.models import Role
from giamngheo.households.duplicates.models import HouseholdMerge
from giamngheo.households.models import Survey


def test_household_page_shows_merges_and_the_latest_submitted_causes(client, geography, surveyed, make_user):
    commune = geography["commune"]
    officer = make_user("xa", Role.COMMUNE_OFFICER, commune)
    survivor = surveyed(commune, 900_000, survey_date=dt.date(2024, 3, 1), cause_no_land=True)
    Survey.objects.create(
        household=survivor, survey_date=dt.date(2024, 9, 1), state="submitted", members=1,
        income_per_capita_month=800_000, cause_illness=True, wishes_to_escape=True,
    )  # fmt: skip
    Survey.objects.create(
        household=survivor, survey_date=dt.date(2024, 12, 1), state="draft", members=1, cause_no_capital=True
    )
    absorbed = [surveyed(commune, 2_000_000) for _ in range(2)]
    for household in absorbed:
        HouseholdMerge.objects.create(absorbed=household, survivor=survivor, merged_by=officer)
        household.is_active = False
        household.save()
    client.force_login(officer)

    page = client.get(f"/ho-gia-dinh/{survivor.pk}/").content.decode()
    assert "Nguyên nhân nghèo (phiếu ngày 01/09/2024): Có người ốm đau, bệnh nặng, tai nạn" in page
    assert "Hộ có mong muốn thoát nghèo" in page
    assert "Thiếu vốn" not in page and "Thiếu đất" not in page
    assert (
        f'Các hộ đã nhập vào hộ này: <a href="/ho-gia-dinh/{absorbed[0].pk}/">{absorbed[0].code}</a>, '
        in page
    )
    assert "Hộ đã nhập vào hộ" not in page

    page = client.get(f"/ho-gia-dinh/{absorbed[1].pk}/").content.decode()
    assert f'Hộ đã nhập vào hộ <a href="/ho-gia-dinh/{survivor.pk}/">{survivor.code}</a>' in page
    assert "Các hộ đã nhập vào hộ này" not in page
    assert "data-poverty-facts" not in page  # a submitted survey without causes or wish
