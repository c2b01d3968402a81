"""The API of the season: the standard a review applies, and class changes between standards."""

import datetime as dt

from giamngheo.api.models import ApiToken
from giamngheo.reviews import actions, listing
from giamngheo.reviews.steps import StepCode
from giamngheo.reviews.tests.conftest import commune_round, prepare, step


def _bearer(user) -> dict:
    _token, key = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_standard_for_review_by_year_and_by_decision_date(client, officers):
    headers = _bearer(officers["commune"])
    body = client.get("/api/standards/for-review?year=2026", **headers).json()
    assert body["standard_id"] == "2026-2030" and body["reference_date"] == "2027-01-01"
    assert "Rà soát định kỳ năm 2026" in body["reason"]
    body = client.get("/api/standards/for-review?decision_date=2026-12-06", **headers).json()
    assert body["standard_id"] == "2022-2025" and body["kind"] == "ad_hoc"


def test_standard_for_review_refuses_bad_input(client, officers):
    headers = _bearer(officers["commune"])
    answer = client.get("/api/standards/for-review?year=2030", **headers)
    assert answer.status_code == 422 and "năm 2030" in str(answer.json()["errors"])
    assert client.get("/api/standards/for-review", **headers).status_code == 422
    assert client.get("/api/standards/for-review?year=abc", **headers).status_code == 422
    assert client.get("/api/standards/for-review?year=2026").status_code == 401


def test_class_changes_of_a_round_are_scoped(client, geography, officers, surveyed):
    commune, autumn = geography["commune"], dt.date(2026, 10, 1)
    for income in (2_000_000, 2_000_000, 1_000_000, 5_000_000):
        surveyed(commune, income, survey_date=autumn).__class__.objects.filter(commune=commune).update(
            village=geography["village"]
        )
    parent = actions.open_province_round(
        geography["province"],
        2026,
        officers["province"],
        standard_id="2026-2030",
        second_standard_id="2022-2025",
    )
    round_ = commune_round(parent, geography["commune"])
    prepare(round_, officers["commune"])
    listing.list_households([round_])
    actions.complete_step(step(round_, StepCode.LIST), officers["commune"])
    actions.classify_round(round_, officers["commune"])
    body = client.get(
        f"/api/reviews/rounds/{parent.pk}/class-changes", **_bearer(officers["province"])
    ).json()
    assert body["standard_id"] == "2026-2030" and body["comparison_standard_id"] == "2022-2025"
    # Hand-computed: the household at 2,000,000 VND (rural) is average under 2022-2025
    # (1,500,001-2,250,000) and near-poor under 2026-2030 (≤ 2,200,000, fewer than 3 deprivations).
    pairs = {(c["status_before"], c["status_after"]): c["households"] for c in body["changes"]}
    assert pairs.get(("average", "near_poor")) == 2, pairs
    assert all(c["commune"] == geography["commune"].name for c in body["changes"])
    other = client.get(f"/api/reviews/rounds/{parent.pk}/class-changes", **_bearer(officers["other"]))
    assert other.status_code == 404
    # Neither poor nor near-poor under 2026-2030 with 5,000,000 VND: above the NĐ 30/2025 line, so nobody.
    workers = client.get(
        f"/api/reviews/rounds/{parent.pk}/low-income-workers", **_bearer(officers["province"])
    )
    assert workers.status_code == 200 and workers.json() == []
