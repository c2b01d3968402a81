from ninja.security import HttpBearer, django_auth

from giamngheo.api import tokens


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = tokens.authenticate(request, token)
        if found is None:
            return None
        request.user = found.user
        return found.user


AUTH = [TokenAuth(), django_auth]
