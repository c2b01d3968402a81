"""Household list order for people: by the head's name in Vietnamese order, and for a
search by relevance (the code, then the head's name, then a member's name, then the
address), with the members whose name or CCCD matched, so the officer sees why a
household was found."""

from collections import defaultdict
from functools import lru_cache

from django.db.models import QuerySet

from giamngheo.core.collation import sort_key
from giamngheo.core.text import fold
from giamngheo.households.models import Member

NAME_SORTS = {"head", "-head"}
MEMBER_LOOKUP_IDS = 1_000  # above this, the members are looked up by a subquery, not a list of ids


def rank(query: str, code: str, head_name: str, member_names: list[str]) -> int:
    """0 the code, 1 the head's name starts with the query, 2 it contains it, 3 a member's
    name does, 4 anything else (address, CCCD)."""
    folded = fold(query)
    head = _head_rank(folded, code, head_name)
    if head < 3:
        return head
    return 3 if any(folded in fold(name) for name in member_names) else 4


@lru_cache(maxsize=65_536)
def _folded(text: str) -> str:
    return fold(text)  # names repeat: a commune has thousands of Nguyễn Văn ...


def _head_rank(folded: str, code: str, head_name: str) -> int:
    """0, 1 or 2 as `rank`, or 3 when the head's name does not contain the query."""
    if _folded(code) == folded:
        return 0
    head = _folded(head_name)
    if head.startswith(folded) or any(part.startswith(folded) for part in head.split()):
        return 1
    return 2 if folded in head else 3


def ordered_ids(households: QuerySet, query: str, sort: str) -> list[int]:
    """The households' ids in the order the page shows them (names in Vietnamese order)."""
    rows = list(households.values_list("pk", "code", "head_name"))
    if query:
        folded = fold(query)
        ranks = {pk: _head_rank(folded, code, head) for pk, code, head in rows}
        # A member's name matters only where the head's does not match (rank 3 or 4); ask for
        # those households only, and only whether one of their members matches.
        others = [pk for pk, level in ranks.items() if level == 3]
        candidates = others if len(others) <= MEMBER_LOOKUP_IDS else households.values("pk")
        with_member = set(
            Member.objects.filter(household_id__in=candidates, search_name__contains=folded)
            .values_list("household_id", flat=True)
            .distinct()
        )
        for pk in others:
            ranks[pk] = 3 if pk in with_member else 4
        rows.sort(key=lambda r: (ranks[r[0]], sort_key(r[2]), r[1]))
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
