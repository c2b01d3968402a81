"""The API against its own OpenAPI schema (schemathesis): no 5xx, responses match the schema.

Schema-valid data may still be refused with 422 for business reasons (an unknown
commune code, a CCCD already used), so the positive-data check is left out."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from giamngheo.accounts.models import Role
from giamngheo.api.models import ApiToken
from giamngheo.households.models import Household

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def keep_test_connection():
    """Called through raw WSGI, Django would close the test's connection after each
    request (as its own test client prevents), ending the test transaction."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(db, geography, make_user, keep_test_connection):
    from giamngheo.wsgi import application

    Household.objects.create(
        code="22402-000001", province=geography["province"], commune=geography["commune"], head_name="Hộ mẫu"
    )
    _token, key = ApiToken.issue(make_user("xa", Role.COMMUNE_OFFICER, geography["commune"]), "schemathesis")
    loaded = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    # The WSGI transport reads a body as it was sent: ask for it uncompressed (compression has
    # its own tests in core).
    loaded.config.headers = {"Authorization": f"Bearer {key}", "Accept-Encoding": "identity"}
    return loaded


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_honours_its_schema(case):
    case.call_and_validate(headers=case.headers, excluded_checks=[positive_data_acceptance])
