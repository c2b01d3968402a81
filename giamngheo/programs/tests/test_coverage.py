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
from giamngheo.programs.models import SupportNeed, SupportRecord
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
    """`policy`: the version in force at `reference`."""
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
    """(eligible keys, reached keys, received keys) recounted household by household, by
    the rule of the policy version in force at `reference`."""
    version = policy.version_on(reference)
    eligible, reached, received = set(), set(), set()
    start = months_before(reference, version.reach_months) if version.reach_months else dt.date.min
    for h in households:
        records = [
            r
            for r in h.support_records.all()
            if r.policy_id == policy.pk and start < r.delivered_on <= reference
        ]
        got = {r.member_id for r in records} if policy.is_member_policy else ({h.pk} if records else set())
        received |= got - {None}
        ok = h.current_status in version.statuses or oracle_newly_escaped(version, h, reference)
        ok = ok and all(getattr(h, flag) for flag in version.required_flags)
        if version.coverage == "on_need":
            ok = ok and any(
                n.category == policy.category and n.noted_on <= reference for n in h.support_needs.all()
            )
        if not ok:
            continue
        if policy.is_member_policy:
            for m in h.members.filter(status="present"):
                if version.min_age is not None and m.birth_date > years_before(reference, version.min_age):
                    continue
                if version.max_age is not None and m.birth_date <= years_before(reference, version.max_age):
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
        p
        for p in catalogue.values()
        if p.version_on(REFERENCE)
        and not set(p.version_on(REFERENCE).required_flags) - {"meritorious", "no_labour_capacity"}
    ]
    made = []
    for i in range(40):
        commune = geography["commune"] if i % 3 else geography["urban"]
        status = rng.choice(["poor", "poor", "near_poor", "average", "not_poor", ""])
        ages = [rng.randint(0, 80) for _ in range(rng.randint(1, 5))]
        h = household(
            commune, status, ages=ages, meritorious=rng.random() < 0.2, no_labour_capacity=rng.random() < 0.2
        )
        for category in ("credit", "housing", "legal_aid"):
            if rng.random() < 0.4:
                noted = REFERENCE - dt.timedelta(days=rng.randint(-60, 400))
                SupportNeed.objects.create(household=h, category=category, noted_on=noted)
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


@pytest.mark.parametrize("level", ["province", "commune"])
def test_coverage_equals_a_recount_from_households(level, varied, geography, province_officer, catalogue):
    """A province reads the escape candidates first and narrows by their ids, a commune by a
    subquery: both count what a recount of every household counts."""
    unit = geography[level]
    report = coverage_report(unit, province_officer, REFERENCE)
    households = list(
        Household.objects.filter(**{level: unit}).prefetch_related("support_records", "support_needs")
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
    assert checked >= 10
    assert sum(item.eligible for item in report.policies) > (50 if level == "province" else 30)  # exercised


@pytest.mark.parametrize("level", ["province", "commune"])
def test_escapes_at_the_edges_of_the_window_count_at_every_level(
    level, catalogue, geography, household, officially, province_officer
):
    """The escape date is the local day of the classification: a window of 36 months
    before 15 June 2026 starts on 16 June 2023, and an escape recorded at 00:05 local time
    that day (17:05 UTC the day before) is inside it, one at 23:55 the day before is not;
    an escape recorded on the reference day counts, one recorded after it does not yet."""
    policy = catalogue["ho-tro-san-xuat-du-an-3"]  # 36 months
    commune = geography["commune"]
    zone = ZoneInfo(settings.TIME_ZONE)
    escapes = {
        "first day of the window": dt.datetime(2023, 6, 16, 0, 5, tzinfo=zone),
        "day before the window": dt.datetime(2023, 6, 15, 23, 55, tzinfo=zone),
        "reference day": dt.datetime(2026, 6, 15, 23, 55, tzinfo=zone),
        "day after the reference": dt.datetime(2026, 6, 16, 0, 5, tzinfo=zone),
    }
    made = {}
    for name, at in escapes.items():
        h = household(commune, "not_poor")
        officially(h, "poor", dt.date(2022, 10, 1))
        row = officially(h, "not_poor", at.date())
        Classification.objects.filter(pk=row.pk).update(created_at=at)
        made[name] = h.pk
    item = coverage_report(geography[level], province_officer, REFERENCE, [policy]).policies[0]
    assert item.eligible == 2
    frame = unreached_beneficiaries(geography[level], province_officer, policy, REFERENCE)
    assert set(frame["household_id"].to_list()) == {made["first day of the window"], made["reference day"]}


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
    policy = catalogue["tien-dien-ho-ngheo"]
    household(geography["commune"], "poor")
    household(geography["urban"], "poor")
    household(geography["other_commune"], "poor")
    report = coverage_report(geography["province"], commune_officer, REFERENCE, [policy])
    assert report.households == 1
    assert report.policies[0].eligible == 1


def test_a_policy_that_cannot_be_computed_says_why(catalogue, geography, household, province_officer):
    household(geography["commune"], "average")
    item = coverage_report(
        geography["commune"], province_officer, dt.date(2024, 6, 1), [catalogue["nha-o-du-an-5"]]
    ).policies[0]
    assert not item.computable
    assert item.eligible == 0
    assert "huyện nghèo" in item.missing_data[0]


def test_commune_coverage_breaks_down_by_village(catalogue, geography, household, province_officer):
    policy = catalogue["tien-dien-ho-ngheo"]
    household(geography["commune"], "poor", village=geography["village"])
    household(geography["commune"], "poor")
    item = coverage_report(geography["commune"], province_officer, REFERENCE, [policy]).policies[0]
    assert sorted((row.name, row.eligible) for row in item.by_unit) == [
        ("(chưa ghi thôn/tổ)", 1),
        ("Thôn Một", 1),
    ]


def test_credit_is_a_gap_only_where_a_need_is_recorded(catalogue, geography, household, province_officer):
    policy = catalogue["vay-von-ho-ngheo"]
    asked = household(geography["commune"], "poor")
    household(geography["commune"], "poor")
    SupportNeed.objects.create(household=asked, category="credit", noted_on=REFERENCE - dt.timedelta(days=9))
    item = coverage_report(geography["commune"], province_officer, REFERENCE, [policy]).policies[0]
    assert (item.eligible, item.reached, item.unreached) == (1, 0, 1)
    frame = unreached_beneficiaries(geography["commune"], province_officer, policy, REFERENCE)
    assert frame["household_id"].to_list() == [asked.pk]


def test_tuition_from_school_year_2025_26_has_no_unreached_list(
    catalogue, geography, household, province_officer
):
    policy = catalogue["mien-hoc-phi-ho-ngheo"]
    household(geography["commune"], "poor", ages=(40, 10))
    before = coverage_report(geography["commune"], province_officer, dt.date(2025, 5, 1), [policy]).policies[
        0
    ]
    assert (before.computable, before.eligible, before.version.legal_basis) == (
        True,
        1,
        "Nghị định 81/2021/NĐ-CP",
    )
    after = coverage_report(geography["commune"], province_officer, REFERENCE, [policy]).policies[0]
    assert not after.computable and after.remark and after.unreached == 0
    assert "238/2025" in after.version.legal_basis
    assert unreached_beneficiaries(geography["commune"], province_officer, policy, REFERENCE).is_empty()


def test_no_national_health_insurance_subsidy_for_newly_escaped(catalogue, geography, household, officially):
    h = household(geography["commune"], "not_poor", ages=(40,))
    officially(h, "poor", dt.date(2024, 10, 1))
    officially(h, "not_poor", dt.date(2025, 10, 1))
    in_force = [p for p in catalogue.values() if p.active and p.version_on(REFERENCE)]
    health = [p for p in in_force if p.category == "health_insurance"]
    assert all(p.version_on(REFERENCE).escape_window_months is None for p in health)
    assert "bhyt-moi-thoat-ngheo" not in catalogue
