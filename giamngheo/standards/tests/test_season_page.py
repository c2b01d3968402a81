"""The standards page says which standard the current periodic review season applies, and why."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.models import Role


def test_the_standards_page_shows_the_rule_for_the_current_season(client, make_user, geography, monkeypatch):
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 12, 6))
    page = client.get(reverse("standards:list")).content.decode()
    assert "đợt rà soát định kỳ năm 2026" in page and "2026-2030" in page and "01/01/2027" in page
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 8, 31))
    page = client.get(reverse("standards:list")).content.decode()
    assert "đợt rà soát định kỳ năm 2025" in page and "01/01/2026" in page


def test_the_2026_2030_detail_page_says_the_average_band_is_undefined(client, make_user, geography):
    client.force_login(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]))
    page = client.get(reverse("standards:detail", args=["2026-2030"])).content.decode()
    assert "Chưa xác định" in page or "chưa xác định" in page
