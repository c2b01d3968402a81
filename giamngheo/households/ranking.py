"""Household list order for people: by the head's name in Vietnamese order, and for a
search by relevance (the code, then the head's name, then a member's name, then the
address), with the members whose name or CCCD matched, so the officer sees why a
household was found."""

from collections import defaultdict
from collections.abc import Callable, Sequence
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
    return _name_rank(folded, head_name)


def _name_rank(folded: str, head_name: str) -> int:
    """1 or 2 as `rank`, or 3 when the head's name does not contain the query."""
    head = _folded(head_name)
    if head.startswith(folded) or any(part.startswith(folded) for part in head.split()):
        return 1
    return 2 if folded in head else 3


def _name_order(names: set[str]) -> dict[str, int]:
    """Each name's position in Vietnamese order (names with the same key share it), so that a
    list of thousands sorts on small integers instead of comparing keys of tuples."""
    keys = {name: sort_key(name) for name in names}
    position = {key: i for i, key in enumerate(sorted(set(keys.values())))}
    return {name: position[key] for name, key in keys.items()}


Row = tuple[int, str, str]


def _sorted_ids(rows: list[Row], order: dict[str, int], reverse: bool = False) -> list[int]:
    rows.sort(key=lambda r: (order[r[2]], r[1]), reverse=reverse)
    return [r[0] for r in rows]


class RankedIds(Sequence):
    """Household ids in the order of a search's pages. The households the head's name does not
    match (found by a member's name, the address or a CCCD) come last: which of them a member
    matched is asked, and they are sorted, only when a page reaches them."""

    def __init__(self, first: list[int], others: list[Row], rest: Callable[[], list[int]]):
        self._first = first
        self._others = len(others)
        self._rest = rest
        self._all: list[int] | None = None

    def __len__(self) -> int:
        return len(self._first) + self._others

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if stop <= len(self._first) and step == 1:
                return self._first[start:stop]
        elif 0 <= index < len(self._first):
            return self._first[index]
        return self._everything()[index]

    def _everything(self) -> list[int]:
        if self._all is None:
            self._all = self._first + self._rest()
        return self._all


def ordered_ids(households: QuerySet, query: str, sort: str) -> Sequence[int]:
    """The households' ids in the order the page shows them (names in Vietnamese order)."""
    rows: list[Row] = list(households.values_list("pk", "code", "head_name"))
    order = _name_order({r[2] for r in rows})
    if not query:
        return _sorted_ids(rows, order, reverse=sort == "-head")
    folded = fold(query)
    name_ranks: dict[str, int] = {}
    by_rank: list[list[Row]] = [[], [], [], []]
    for row in rows:
        code = row[1]
        # fold(code) == folded, without folding every code: an ASCII code of letters and
        # digits folds to its lower case.
        if code.lower() == folded if code.isascii() and code.isalnum() else _folded(code) == folded:
            by_rank[0].append(row)
            continue
        level = name_ranks.get(row[2])
        if level is None:
            level = name_ranks[row[2]] = _name_rank(folded, row[2])
        by_rank[level].append(row)
    first = [pk for rows_of_rank in by_rank[:3] for pk in _sorted_ids(rows_of_rank, order)]
    others = by_rank[3]

    def rest() -> list[int]:
        # A member's name matters only where the head's does not match (rank 3 or 4); ask for
        # those households only, and only whether one of their members matches.
        candidates = [r[0] for r in others] if len(others) <= MEMBER_LOOKUP_IDS else households.values("pk")
        with_member = set(
            Member.objects.filter(household_id__in=candidates, search_name__contains=folded)
            .values_list("household_id", flat=True)
            .distinct()
        )
        member_rows = [r for r in others if r[0] in with_member]
        rest_rows = [r for r in others if r[0] not in with_member]
        return _sorted_ids(member_rows, order) + _sorted_ids(rest_rows, order)

    return RankedIds(first, others, rest)


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
