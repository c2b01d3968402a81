"""Cursor pagination over primary keys: stable under inserts, fast on big tables."""

import base64

from django.db.models import QuerySet
from ninja import Schema

MAX_LIMIT = 500


class Page(Schema):
    items: list
    next_cursor: str | None = None


def _decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        return 0
    return value if 0 <= value < 2**63 else 0


def paginate(queryset: QuerySet, cursor: str | None, limit: int) -> tuple[list, str | None]:
    limit = max(1, min(limit, MAX_LIMIT))
    rows = list(queryset.filter(pk__gt=_decode(cursor)).order_by("pk")[: limit + 1])
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = base64.urlsafe_b64encode(str(rows[-1].pk).encode()).decode()
    return rows, following
