"""Looking up who holds a CCCD, as the member form does while a number is typed.

A holder inside the user's area is named; one outside is reported only as
"in use outside your area". Each lookup is written to the audit trail, and the
trail is the rate limit: past `GIAMNGHEO_CCCD_LOOKUPS_PER_HOUR` lookups in the
last hour the user is refused until older ones age out.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from giamngheo.areas.scope import unit_in_scope
from giamngheo.core.models import BulkChange
from giamngheo.households.actions import cccd_conflict
from giamngheo.households.models import Member

LOOKUP_ACTION = "cccd_lookup"
LIMIT_MESSAGE = "Bạn đã tra cứu quá nhiều số CCCD trong một giờ qua; hãy thử lại sau ít phút."


class TooManyLookups(Exception):
    message = LIMIT_MESSAGE


@dataclass(frozen=True)
class CccdHolder:
    member: Member | None  # set only when the holder is inside the user's area
    outside: bool


def lookups_per_hour() -> int:
    return getattr(settings, "GIAMNGHEO_CCCD_LOOKUPS_PER_HOUR", 300)


def masked(number: str) -> str:
    """A CCCD as the audit and the village pages show it: only the last four digits."""
    return f"{'*' * max(len(number) - 4, 0)}{number[-4:]}"


def find_holder(user, number: str, *, excluding_member: int | None = None) -> CccdHolder | None:
    """Who holds `number` (None when nobody does); raises TooManyLookups past the hourly limit."""
    since = timezone.now() - dt.timedelta(hours=1)
    if BulkChange.objects.filter(user=user, action=LOOKUP_ACTION, created_at__gte=since).count() >= (
        lookups_per_hour()
    ):
        raise TooManyLookups
    BulkChange.objects.create(
        user=user, action=LOOKUP_ACTION, description=f"Tra cứu số CCCD {masked(number)}", rows=0
    )
    holder = cccd_conflict(number, excluding_member=excluding_member)
    if holder is None:
        return None
    household = holder.household
    if unit_in_scope(household.village or household.commune, user):
        return CccdHolder(holder, outside=False)
    return CccdHolder(None, outside=True)
