import datetime as dt
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from giamngheo.households.models import Member, Survey
from giamngheo.reviews import actions, public_views
from giamngheo.reviews.models import Complaint, ComplaintSource, ListKind
from giamngheo.reviews.tests.conftest import (
    SECRET_BIRTH,
    SECRET_CCCD,
    SECRET_INCOME,
    commune_round,
    decide,
    walk_to_decision,
    walk_to_posting,
)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


@pytest.fixture
def posted(province_round, geography, officers):
    """The rural commune's lists in their posting window; the urban commune has not posted."""
    round_ = commune_round(province_round, geography["commune"])
    walk_to_posting(round_, officers["commune"])
    actions.post_preliminary_lists(round_, officers["commune"])
    return round_


def secrets() -> list[str]:
    found = [SECRET_CCCD, SECRET_BIRTH.strftime("%d/%m/%Y"), SECRET_BIRTH.isoformat(), str(SECRET_INCOME)]
    found += [f"{SECRET_INCOME:,}", f"{SECRET_INCOME:,}".replace(",", ".")]
    for member in Member.objects.all():
        found += [member.birth_date.strftime("%d/%m/%Y"), member.birth_date.isoformat(), member.full_name]
        if member.cccd:
            found.append(member.cccd)
    for income in Survey.objects.values_list("income_per_capita_month", flat=True):
        found += [str(income), f"{income:,}".replace(",", ".")]
    return found


def public_pages(client, commune_ids, snapshot_ids) -> dict[str, str]:
    urls = [reverse("public:index"), reverse("public:statistics")]
    urls += [reverse("public:commune", args=[pk]) for pk in commune_ids]
    urls += [reverse("public:complaint", args=[pk]) for pk in commune_ids]
    urls += [reverse("public:list", args=[pk]) for pk in snapshot_ids]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Robots-Tag"].startswith("noindex")
        pages[url] = response.content.decode()
    return pages


def test_posted_lists_show_minimal_fields_only(client, posted, geography, households):
    snapshots = list(posted.snapshots.values_list("pk", flat=True))
    pages = public_pages(client, [geography["commune"].pk], snapshots)
    poor_list = posted.snapshots.get(kind=ListKind.POOR)
    assert households["poor"].head_name in pages[reverse("public:list", args=[poor_list.pk])]
    for url, page in pages.items():
        assert '<meta name="robots" content="noindex' in page
        for secret in secrets():
            assert secret not in page, (url, secret)
        assert households["poor"].code not in page  # not even the household code


def test_final_lists_are_public_after_the_decision_without_private_fields(
    client, province_round, geography, officers
):
    round_ = commune_round(province_round, geography["commune"])
    walk_to_decision(round_, officers["commune"])
    decision = decide(round_, officers["commune"])
    finals = list(decision.snapshots.values_list("pk", flat=True))
    pages = public_pages(client, [], finals)
    page = client.get(reverse("public:commune", args=[geography["commune"].pk])).content.decode()
    assert decision.number in page
    for page in pages.values():
        for secret in secrets():
            assert secret not in page
    ended = round_.snapshots.filter(stage="preliminary").first()
    assert client.get(reverse("public:list", args=[ended.pk])).status_code == 404  # window over


def test_unpublished_list_of_another_commune_reveals_nothing(
    client, province_round, geography, officers, urban_household
):
    other = commune_round(province_round, geography["urban"])
    walk_to_posting(other, officers["urban"])
    actions.post_preliminary_lists(
        other, officers["urban"], starts_on=dt.date.today() - dt.timedelta(days=30)
    )
    hidden = other.snapshots.get(kind=ListKind.POOR)
    response = client.get(reverse("public:list", args=[hidden.pk]))
    assert response.status_code == 404 and urban_household.head_name not in response.content.decode()
    assert client.get(reverse("public:commune", args=[geography["urban"].pk])).status_code == 404
    assert client.get(reverse("public:complaint", args=[geography["urban"].pk])).status_code == 404
    assert client.get(reverse("public:list", args=[999_999])).status_code == 404


def _complaint(posted, households, **extra) -> dict:
    row = posted.snapshots.get(kind=ListKind.POOR).rows.get(household=households["poor"])
    return {
        "complainant_name": "Phạm Thị Em",
        "complainant_phone": "0912345678",
        "row": row.pk,
        "text": "Hộ này có nhà kiên cố, không phải hộ nghèo.",
        "website": "",
        "started": signing.dumps(time.time() - 60, salt=public_views.SALT),
    } | extra


def test_portal_complaint_lands_in_the_commune_queue(client, posted, geography, households):
    url = reverse("public:complaint", args=[geography["commune"].pk])
    response = client.post(url, _complaint(posted, households))
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.round == posted and complaint.source == ComplaintSource.PORTAL
    assert complaint.round_household.household == households["poor"]


def test_portal_refuses_bots_and_rate_limits(client, posted, geography, households):
    url = reverse("public:complaint", args=[geography["commune"].pk])
    assert client.post(url, _complaint(posted, households, website="http://spam")).status_code == 400
    too_fast = signing.dumps(time.time(), salt=public_views.SALT)
    assert client.post(url, _complaint(posted, households, started=too_fast)).status_code == 400
    assert client.post(url, _complaint(posted, households, started="forged")).status_code == 400
    assert not Complaint.objects.exists()
    for _ in range(public_views.RATE_LIMIT - 3):
        assert client.post(url, _complaint(posted, households)).status_code == 200
    assert client.post(url, _complaint(posted, households)).status_code == 429
    assert Complaint.objects.count() == public_views.RATE_LIMIT - 3


def test_statistics_suppress_cells_under_five(client, province_round, geography, officers):
    round_ = commune_round(province_round, geography["commune"])
    walk_to_decision(round_, officers["commune"])
    decide(round_, officers["commune"])
    page = client.get(reverse("public:statistics")).content.decode()
    assert "Phước Hà" in page and "&lt;5" in page
    assert "%" not in page.split("Phước Hà", 1)[1].split("</tr>", 1)[0].replace("&lt;5", "")


def test_commune_page_counts_obey_the_small_cell_rule(client, posted, geography):
    page = client.get(reverse("public:commune", args=[geography["commune"].pk])).content.decode()
    counts = [s.households for s in posted.snapshots.filter(stage="preliminary")]
    assert counts and all(n < 5 for n in counts)  # the fixture's lists are small
    assert "(&lt;5 hộ)" in page
    for n in counts:
        assert f"({n} hộ)" not in page
