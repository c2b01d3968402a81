from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from giamngheo.api.models import ApiToken, hash_key


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_key(token), revoked=False, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.user = found.user
        return found.user


AUTH = [TokenAuth(), django_auth]
