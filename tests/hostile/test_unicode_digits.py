"""A Unicode digit ('²', '٣') in any numeric parameter is refused or ignored, never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from giamngheo.accounts.models import Role

HOSTILE = "²"
PARAMS = ["unit", "year", "plan", "commune", "village", "province", "member", "page", "cursor", "round",
          "policy", "limit", "status", "level", "q", "agreed", "pk", "id", "code", "month"]  # fmt: skip


def _names(resolver: URLResolver, prefix: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            space = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _names(pattern, space)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            names.append(prefix + pattern.name)
    return sorted(set(names))


def _pages() -> list[str]:
    pages = []
    for name in _names(get_resolver()):
        if name.startswith(("admin:", "api:")) or "logout" in name or name.endswith("healthz"):
            continue  # /healthz answers 503 by design while no worker runs
        try:
            pages.append(reverse(name))
        except Exception:  # noqa: BLE001 - a name that needs arguments is not a page to visit bare
            continue
    return sorted(set(pages))


@pytest.mark.parametrize("role", [Role.COMMUNE_OFFICER])
def test_no_page_fails_on_a_unicode_digit(client, geography, make_user, role):
    unit = geography["province"] if role == Role.PROVINCE_OFFICER else geography["commune"]
    client.force_login(make_user("u", role, unit))
    query = {name: HOSTILE for name in PARAMS}
    failures = []
    for page in _pages():
        response = client.get(page, query)
        if response.status_code >= 500:
            failures.append(page)
        response = client.get(page, {**query, "cccd": "05608000012" + HOSTILE, "member": HOSTILE})
        if response.status_code >= 500:
            failures.append(page)
    assert failures == []


def test_api_parameters_with_a_unicode_digit_are_refused(client, geography, make_user):
    from giamngheo.api.models import ApiToken

    _token, key = ApiToken.issue(make_user("api", Role.COMMUNE_OFFICER, geography["commune"]), "t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    for path in ["/api/households", "/api/surveys", "/api/classifications"]:
        response = client.get(path, {"limit": HOSTILE, "cursor": HOSTILE, "year": HOSTILE}, **auth)
        assert response.status_code < 500, path
