from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from giamngheo.ops.health import health


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For monitoring and load balancers: 200 when healthy, 503 otherwise; public, no private data."""
    report = health()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
