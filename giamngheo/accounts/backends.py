"""The login throttle as an authentication backend (django-axes)."""

from axes.backends import AxesStandaloneBackend


class LoginThrottle(AxesStandaloneBackend):
    """Throttles every login that comes with a request (the login page, the admin).

    A call without a request (a management command, the test client's `login`) has
    no address to count and is left to the next backend instead of failing.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
