"""Household list order for people: by the head's name in Vietnamese order, and for a
search by relevance (the code, then the head's name, then a member's name, then the
address), with the members whose name or CCCD matched, so the officer sees why a
household was found."""

from collections import defaultdict

from django.db.models import QuerySet

from giamngheo.core.collation import sort_key
from giamngheo.core.text import fold
from giamngheo.households.models import Member

NAME_SORTS = {"head", "-head"}


def rank(query: str, code: str, head_name: str, member_names: list[str]) -> int:
    """0 the code, 1 the head's name starts with the query, 2 it contains it, 3 a member's
    name does, 4 anything else (address, CCCD)."""
    folded = fold(query)
    if fold(code) == folded:
        return 0
    head = fold(head_name)
    if head.startswith(folded) or any(part.startswith(folded) for part in head.split()):
        return 1
    if folded in head:
        return 2
    if any(folded in fold(name) for name in member_names):
        return 3
    return 4


def ordered_ids(households: QuerySet, query: str, sort: str) -> list[int]:
    """The households' ids in the order the page shows them (names in Vietnamese order)."""
    rows = list(households.values_list("pk", "code", "head_name"))
    if query:
        names: dict[int, list[str]] = defaultdict(list)
        folded = fold(query)
        matching = Member.objects.filter(household_id__in=[r[0] for r in rows], search_name__contains=folded)
        for household_id, name in matching.values_list("household_id", "full_name"):
            names[household_id].append(name)
        rows.sort(key=lambda r: (rank(query, r[1], r[2], names[r[0]]), sort_key(r[2]), r[1]))
    else:
        rows.sort(key=lambda r: (sort_key(r[2]), r[1]), reverse=sort == "-head")
    return [r[0] for r in rows]


def matched_members(household_ids: list[int], query: str) -> dict[int, list[Member]]:
    """The members of these households whose name or CCCD matches the search."""
    folded = fold(query)
    if not folded:
        return {}
    members = Member.objects.filter(household_id__in=household_ids)
    digits = "".join(ch for ch in query if ch.isdigit())
    found: dict[int, list[Member]] = defaultdict(list)
    for member in members.order_by("pk"):
        if folded in member.search_name or (len(digits) >= 4 and digits in (member.cccd or "")):
            found[member.household_id].append(member)
    return dict(found)
