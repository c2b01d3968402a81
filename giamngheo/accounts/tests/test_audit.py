import re

from django.urls import reverse

from giamngheo.accounts.audit import recent_changes
from giamngheo.accounts.models import Role
from giamngheo.households.events import registry_changed
from giamngheo.households.models import Household


def _household(code, commune, user=None):
    household = Household(code=code, province=commune.province, commune=commune, head_name="Nguyễn Văn An")
    household._history_user = user
    household.save()
    registry_changed.send(sender=Household, commune_ids=[commune.pk])  # as the registry's writers do
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
    page = client.get(reverse("audit:log")).content.decode()
    # as whole words: the page's random CSRF token may hold the letters "H9"
    assert re.search(r"\bH1\b", page) and not re.search(r"\bH9\b", page)


def test_home_counts_only_households_in_scope(client, geography, make_user):
    _household("H1", geography["commune"])
    _household("H2", geography["commune"])
    _household("H9", geography["other_commune"])
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    response = client.get(reverse("home:index"))
    assert response.context["overview"].households == 2


def test_a_target_change_shows_in_the_audit_log_of_its_province_only(client, geography, make_user):
    from giamngheo.targets.models import Indicator, Plan, Target

    officer = make_user("tinh", Role.PROVINCE_OFFICER, geography["province"])
    plan = Plan.objects.create(
        unit=geography["province"], province=geography["province"], title="Kế hoạch giảm nghèo 2026",
        period_start=2026, period_end=2030,
    )  # fmt: skip
    indicator = Indicator.objects.create(code="thu", name="Tỷ lệ hộ nghèo", kind="entered", measure="percent")
    target = Target(plan=plan, indicator=indicator, unit=geography["province"], year=2026, target_value=3)
    target._history_user = officer
    target.save()
    target.target_value = 2
    target._history_user = officer
    target.save()
    latest = recent_changes(officer)[0]
    assert latest.who == "tinh" and latest.action == "Sửa"
    assert any(old.startswith("3") and new.startswith("2") for _, old, new in latest.changes)
    outsider = make_user("laocai", Role.PROVINCE_OFFICER, geography["other_province"])
    assert recent_changes(outsider) == []
