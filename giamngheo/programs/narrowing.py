"""Which rows of a unit the eligibility rules can need, as database conditions.

Coverage used to read every household of the unit, every present member and every official
classification (a province: 1 M households, 3.5 M members, 1 M classifications) and then
keep, for each rule, the few it selects. The conditions here let the database send only the
rows some rule may select: a household whose status, flags and recorded need satisfy a rule,
or that may have newly escaped; a member of such a household whose age is in that rule's
range; the classification history of the households that may have newly escaped.

They are a superset: `eligibility` applies every rule again, in full, to what is read, so
the result is the same as over the whole unit (the benchmark `programs.py` compares both).
Nothing here decides eligibility.
"""

import datetime as dt
from functools import reduce
from operator import and_, or_
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from giamngheo.programs.dates import months_before, years_before
from giamngheo.programs.models import Coverage, SupportNeed
from giamngheo.standards.models import Classification

if TYPE_CHECKING:
    from giamngheo.programs.eligibility import Rule

# Escape dates are local days (Asia/Ho_Chi_Minh, UTC+7) of UTC timestamps: a margin of two
# days on each side of the window keeps every timestamp whose local day may be in it.
MARGIN = dt.timedelta(days=2)


def _utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def escape_candidates(households: QuerySet, rules: "list[Rule]", reference: dt.date) -> QuerySet | None:
    """household_id of the unit's households that may be newly escaped under one of the
    rules at `reference`: an official classification outside the rules' `escaped_from`
    recorded in (or near) the window, and an official classification inside it before then.
    None when no rule has a window."""
    windowed = [rule for rule in rules if rule.window_months]
    if not windowed:
        return None
    inside = sorted(set().union(*(rule.escaped_from for rule in windowed)))
    always_inside = sorted(set.intersection(*(set(rule.escaped_from) for rule in windowed)))
    earliest = min(months_before(reference, rule.window_months) for rule in windowed) - MARGIN
    official = Classification.objects.filter(
        official=True, household__in=households, created_at__lt=_utc(reference + MARGIN)
    ).order_by()
    ever_inside = official.filter(status__in=inside).values("household_id")
    escapes = official.filter(created_at__gte=_utc(earliest), household__in=ever_inside)
    return escapes.exclude(status__in=always_inside).values("household_id")


def wanted_households(
    rules: "list[Rule]", reference: dt.date, candidates: QuerySet | list[int] | None
) -> Q | None:
    """Households some rule may select: its statuses (or a possible escape, for a rule with
    a window), its flags and its recorded need. None when no rule can select any. Rules with
    nothing but statuses share one status list, and the escape candidates (`escape_candidates`,
    or the ids it gave) appear once."""
    plain: set[str] = set()
    conditions = []
    for rule in rules:
        extra = _extra(rule, reference)
        if rule.statuses and extra is None:
            plain.update(rule.statuses)
        elif rule.statuses:
            conditions.append(Q(current__status__in=sorted(rule.statuses)) & extra)
    if plain:
        conditions.insert(0, Q(current__status__in=sorted(plain)))
    windowed = [rule for rule in rules if rule.window_months]
    if windowed and candidates is not None and (isinstance(candidates, QuerySet) or candidates):
        escaped = Q(pk__in=candidates)
        extras = [_extra(rule, reference) for rule in windowed]
        if all(extra is not None for extra in extras):  # (A or C) and F = (A and F) or (C and F)
            escaped &= reduce(or_, extras)
        conditions.append(escaped)
    return reduce(or_, conditions) if conditions else None


def _extra(rule: "Rule", reference: dt.date) -> Q | None:
    """The rule's flags and recorded need (None when it has neither)."""
    parts = [Q(**{flag: True}) for flag in rule.flags]
    if rule.coverage == Coverage.ON_NEED:
        needs = SupportNeed.objects.filter(category=rule.category, noted_on__lte=reference)
        parts.append(Q(pk__in=needs.order_by().values("household_id")))
    return reduce(and_, parts) if parts else None


def member_ages(rules: "list[Rule]", reference: dt.date) -> Q | None:
    """Members of an age some member rule takes (as `eligibility.eligible` counts ages);
    None when a rule takes every age."""
    conditions = []
    for rule in rules:
        if rule.min_age is None and rule.max_age is None:
            return None
        condition = Q()
        if rule.min_age is not None:
            condition &= Q(birth_date__lte=years_before(reference, rule.min_age))
        if rule.max_age is not None:
            condition &= Q(birth_date__gt=years_before(reference, rule.max_age))
        conditions.append(condition)
    return reduce(or_, conditions) if conditions else None
