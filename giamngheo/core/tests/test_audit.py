from django.urls import reverse

from giamngheo.accounts.models import Role
from giamngheo.core.audit import recent_changes
from giamngheo.households.models import Household


def _household(code, commune, user=None):
    household = Household(code=code, province=commune.province, commune=commune, head_name="Nguyễn Văn An")
    household._history_user = user
    household.save()
    return household


def test_every_change_records_who_when_and_what(geography, make_user):
    officer = make_user("xa", Role.COMMUNE_OFFICER, geography["commune"])
    household = _household("H1", geography["commune"], officer)
    household.head_name = "Nguyễn Văn Bình"
    household._history_user = officer
    household.save()
    latest, created = recent_changes(officer)[:2]
    assert created.action == "Tạo mới" and latest.action == "Sửa"
    assert latest.who == "xa"
    assert ("chủ hộ", "Nguyễn Văn An", "Nguyễn Văn Bình") in latest.changes


def test_audit_log_is_filtered_by_area_scope(client, geography, make_user):
    _household("H1", geography["commune"])
    _household("H9", geography["other_commune"])
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    page = client.get(reverse("core:audit")).content.decode()
    assert "H1" in page and "H9" not in page


def test_home_counts_only_households_in_scope(client, geography, make_user):
    _household("H1", geography["commune"])
    _household("H2", geography["commune"])
    _household("H9", geography["other_commune"])
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    response = client.get(reverse("core:home"))
    assert response.context["overview"].households == 2
