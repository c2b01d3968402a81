"""Read side of the support ledger: records, import batches and unmatched rows the
user may see, and finding a household or member to attach support to."""

from django.db.models import Q, QuerySet

from giamngheo.areas.scope import scoped
from giamngheo.core.params import is_digits
from giamngheo.core.text import fold
from giamngheo.households.models import Household, Member
from giamngheo.programs.models import QuarantineState, SupportImport, SupportRecord, UnmatchedSupport


def visible_records(user) -> QuerySet:
    records = SupportRecord.objects.select_related("policy", "household", "household__commune", "member")
    return scoped(records, user)


def visible_imports(user) -> QuerySet:
    return scoped(SupportImport.objects.select_related("policy", "province", "commune", "created_by"), user)


def visible_unmatched(user, *, open_only: bool = False) -> QuerySet:
    rows = scoped(UnmatchedSupport.objects.select_related("policy", "batch", "commune", "province"), user)
    return rows.filter(state=QuarantineState.OPEN) if open_only else rows


def household_by_code(user, code: str) -> Household | None:
    if not code.strip():
        return None
    return (
        scoped(Household.objects.select_related("commune", "village"), user).filter(code=code.strip()).first()
    )


def find_members(user, text: str, limit: int = 20) -> list[Member]:
    """Members whose CCCD equals the text or whose folded name contains it."""
    text = text.strip()
    if len(text) < 2:
        return []
    members = scoped(Member.objects.select_related("household", "household__commune"), user)
    condition = Q(search_name__contains=fold(text))
    if is_digits(text):
        condition |= Q(cccd=text)
    return list(members.filter(condition).order_by("search_name", "birth_date")[:limit])
