"""The life of an API token: issued, used, expired, revoked, killed by a password change,
and refused for a while to an address that keeps trying wrong ones. Every revocation and
every refused address is written to the audit trail."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from giamngheo.api.models import ApiToken, hash_key
from giamngheo.core.models import BulkChange

FAILURE_ACTION = "api_token_failure"
FAILURE_WINDOW = dt.timedelta(minutes=15)


class TooManyFailures(Exception):
    """An address sent too many wrong tokens within the window."""


def lifetime() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "GIAMNGHEO_API_TOKEN_DAYS", 90))


def expires_at(token: ApiToken) -> dt.datetime:
    return token.created_at + lifetime()


def live_tokens():
    return ApiToken.objects.filter(
        revoked=False, user__is_active=True, created_at__gte=timezone.now() - lifetime()
    )


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")[:64]


def authenticate(request, key: str) -> ApiToken | None:
    """The live token with this key, or None (the failure is counted for the address)."""
    address = _address(request)
    since = timezone.now() - FAILURE_WINDOW
    failures = BulkChange.objects.filter(action=FAILURE_ACTION, description=address, created_at__gte=since)
    if failures.count() >= getattr(settings, "API_TOKEN_FAILURE_LIMIT", 10):
        raise TooManyFailures
    found = live_tokens().select_related("user").filter(key_hash=hash_key(key)).first()
    if found is None:
        BulkChange.objects.create(action=FAILURE_ACTION, description=address)
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
    return found


def revoke(token: ApiToken, user) -> None:
    """The token's owner or an administrator revokes it."""
    if token.user_id != user.pk and not user.is_superuser and not getattr(user, "sees_everything", False):
        raise PermissionDenied("Bạn không có quyền thu hồi khóa API này.")
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)
    BulkChange.objects.create(
        user=user, action="api_token_revoked", description=f"Thu hồi khóa API '{token.name}' của {token.user}"
    )


def revoke_all(user, reason: str) -> int:
    """Every token of `user`, as when the password changes."""
    count = ApiToken.objects.filter(user=user, revoked=False).update(revoked=True)
    if count:
        BulkChange.objects.create(
            user=user,
            action="api_token_revoked",
            description=f"Thu hồi {count} khóa API: {reason}",
            rows=count,
        )
    return count
