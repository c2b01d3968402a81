"""Coverage numbers equal a recount from households, done one household at a time by a
plain-Python oracle of the rule (the only per-household code, as a reference)."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from giamngheo.households.models import Household
from giamngheo.programs.coverage import coverage_report, unreached_beneficiaries
from giamngheo.programs.eligibility import months_before, years_before
from giamngheo.programs.models import SupportRecord
from giamngheo.programs.support_import import support_fingerprint
from giamngheo.programs.tests.conftest import REFERENCE
from giamngheo.standards.models import Classification


def give(policy, household, member=None, on=REFERENCE - dt.timedelta(days=30)):
    return SupportRecord.objects.create(
        policy=policy,
        household=household,
        member=member,
        delivered_on=on,
        agency=policy.agency,
        fingerprint=support_fingerprint(
            policy.pk, household.pk, member.pk if member else None, on, None, "", ""
        ),
    )


def oracle_newly_escaped(policy, household, reference) -> bool:
    if not policy.escape_window_months:
        return False
    inside = set(policy.escaped_from or ["poor"])
    rows = sorted(
        Classification.objects.filter(household=household, official=True), key=lambda c: (c.created_at, c.pk)
    )
    last = max((i for i, c in enumerate(rows) if c.status in inside), default=None)
    if last is None:
        return False
    after = [c for c in rows[last + 1 :] if c.status not in inside]
    if not after or household.current_status in inside or not household.current_status:
        return False
    escaped = after[0].created_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    return escaped <= reference < _add_months(escaped, policy.escape_window_months)


def _add_months(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def oracle(policy, households, reference):
    """(eligible keys, reached keys, received keys) recounted household by household."""
    eligible, reached, received = set(), set(), set()
    start = months_before(reference, policy.reach_months) if policy.reach_months else dt.date.min
    for h in households:
        records = [
            r
            for r in h.support_records.all()
            if r.policy_id == policy.pk and start < r.delivered_on <= reference
        ]
        got = {r.member_id for r in records} if policy.is_member_policy else ({h.pk} if records else set())
        received |= got - {None}
        ok = h.current_status in policy.statuses or oracle_newly_escaped(policy, h, reference)
        ok = ok and all(getattr(h, flag) for flag in policy.required_flags)
        if not ok:
            continue
        if policy.is_member_policy:
            for m in h.members.filter(status="present"):
                if policy.min_age is not None and m.birth_date > years_before(reference, policy.min_age):
                    continue
                if policy.max_age is not None and m.birth_date <= years_before(reference, policy.max_age):
                    continue
                eligible.add(m.pk)
                if m.pk in got:
                    reached.add(m.pk)
        else:
            eligible.add(h.pk)
            if got:
                reached.add(h.pk)
    return eligible, reached, received


@pytest.fixture
def varied(catalogue, geography, household, officially):
    """Forty households in two communes: mixed statuses, flags, ages, histories and support."""
    rng = random.Random(8)
    policies = [
        p for p in catalogue.values() if not set(p.required_flags) - {"meritorious", "no_labour_capacity"}
    ]
    made = []
    for i in range(40):
        commune = geography["commune"] if i % 3 else geography["urban"]
        status = rng.choice(["poor", "poor", "near_poor", "average", "not_poor", ""])
        ages = [rng.randint(0, 80) for _ in range(rng.randint(1, 5))]
        h = household(
            commune, status, ages=ages, meritorious=rng.random() < 0.2, no_labour_capacity=rng.random() < 0.2
        )
        if rng.random() < 0.5:
            officially(
                h,
                rng.choice(["poor", "near_poor"]),
                dt.date(2023, 10, 1) + dt.timedelta(days=rng.randint(0, 500)),
            )
            if status:
                officially(h, status, dt.date(2025, 3, 1) + dt.timedelta(days=rng.randint(0, 300)))
        for policy in rng.sample(policies, 4):
            if policy.is_member_policy:
                member = h.members.order_by("?").first()
                give(policy, h, member, on=REFERENCE - dt.timedelta(days=rng.randint(0, 500)))
            else:
                give(policy, h, on=REFERENCE - dt.timedelta(days=rng.randint(0, 2000)))
        made.append(h)
    return made


def test_coverage_equals_a_recount_from_households(varied, geography, province_officer, catalogue):
    report = coverage_report(geography["province"], province_officer, REFERENCE)
    households = list(
        Household.objects.filter(province=geography["province"]).prefetch_related("support_records")
    )
    assert report.households == len(households)
    checked = 0
    for item in report.policies:
        if not item.computable:
            continue
        eligible, reached, received = oracle(item.policy, households, REFERENCE)
        assert (item.eligible, item.reached, item.received) == (len(eligible), len(reached), len(received)), (
            item.policy.code
        )
        assert sum(row.eligible for row in item.by_unit) == item.eligible
        assert sum(row.reached for row in item.by_unit) == item.reached
        checked += 1
    assert checked >= 14
    assert sum(item.eligible for item in report.policies) > 50  # the sample exercises the rules


def test_unreached_list_is_eligible_minus_reached(varied, geography, province_officer, catalogue):
    policy = catalogue["bhyt-ho-ngheo"]
    households = list(
        Household.objects.filter(province=geography["province"]).prefetch_related("support_records")
    )
    eligible, reached, _ = oracle(policy, households, REFERENCE)
    frame = unreached_beneficiaries(geography["province"], province_officer, policy, REFERENCE)
    assert set(frame["member_id"].to_list()) == eligible - reached


def test_support_older_than_its_reach_does_not_count(catalogue, geography, household, province_officer):
    policy = catalogue["bhyt-ho-ngheo"]  # a card lasts 12 months
    h = household(geography["commune"], "poor", ages=(40, 30))
    first, second = h.members.order_by("pk")
    give(policy, h, first, on=months_before(REFERENCE, 12) + dt.timedelta(days=1))
    give(policy, h, second, on=months_before(REFERENCE, 12))
    item = coverage_report(geography["commune"], province_officer, REFERENCE, [policy]).policies[0]
    assert (item.eligible, item.reached) == (2, 1)


def test_support_to_someone_outside_the_policy_is_counted_apart(
    catalogue, geography, household, province_officer
):
    policy = catalogue["tien-dien-ho-ngheo"]
    poor = household(geography["commune"], "poor")
    rich = household(geography["commune"], "not_poor")
    give(policy, poor)
    give(policy, rich)
    item = coverage_report(geography["commune"], province_officer, REFERENCE, [policy]).policies[0]
    assert (item.eligible, item.reached, item.received_not_eligible) == (1, 1, 1)
    assert item.rate == 100


def test_coverage_sees_only_the_users_area(catalogue, geography, household, commune_officer):
    policy = catalogue["vay-von-ho-ngheo"]
    household(geography["commune"], "poor")
    household(geography["urban"], "poor")
    household(geography["other_commune"], "poor")
    report = coverage_report(geography["province"], commune_officer, REFERENCE, [policy])
    assert report.households == 1
    assert report.policies[0].eligible == 1


def test_a_policy_that_cannot_be_computed_says_why(catalogue, geography, household, province_officer):
    household(geography["commune"], "average")
    item = coverage_report(
        geography["commune"], province_officer, REFERENCE, [catalogue["nha-o-du-an-5"]]
    ).policies[0]
    assert not item.computable
    assert item.eligible == 0
    assert "huyện nghèo" in item.missing_data[0]


def test_commune_coverage_breaks_down_by_village(catalogue, geography, household, province_officer):
    policy = catalogue["vay-von-ho-ngheo"]
    household(geography["commune"], "poor", village=geography["village"])
    household(geography["commune"], "poor")
    item = coverage_report(geography["commune"], province_officer, REFERENCE, [policy]).policies[0]
    assert sorted((row.name, row.eligible) for row in item.by_unit) == [
        ("(chưa ghi thôn/tổ)", 1),
        ("Thôn Một", 1),
    ]
