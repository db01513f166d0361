"""The health check: public, JSON, for load balancers and `make run` users alike."""

import time

from celery.exceptions import TimeoutError as CeleryTimeout
from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularRedocView

from .celery import ping

CELERY_PING_TIMEOUT = 5.0


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check() or {}
        result["ok"] = True
    except Exception as exc:  # noqa: BLE001 - any failure is the answer we report
        result = {"ok": False, "error": type(exc).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _check_redis() -> dict:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return {}


def _check_celery() -> dict:
    result = ping.apply_async(expires=CELERY_PING_TIMEOUT)
    try:
        answer = result.get(timeout=CELERY_PING_TIMEOUT)
    except CeleryTimeout as exc:
        result.revoke()
        raise TimeoutError("no worker answered") from exc
    if answer.get("answer") != "pong":
        raise ValueError("unexpected answer")
    return {"worker": answer["worker"]}


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, and with REDIS_URL set, Redis and a task round trip through a worker."""
    checks = {"database": _timed(_check_database)}
    if settings.REDIS_URL:
        checks["redis"] = _timed(_check_redis)
        if checks["redis"]["ok"]:
            checks["celery"] = _timed(_check_celery)
        else:
            checks["celery"] = {"ok": False, "error": "broker unavailable"}
    else:
        checks["celery"] = {"ok": True, "mode": "inline"}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """What django-axes answers once a username is locked out from an address.

    The login page and the API's token endpoint share one count of failures. The API
    view has already answered its lockout in JSON (a 429 with Retry-After), which must
    not be swapped for the login page's HTML; pages get the lockout page.
    """
    if original_response is not None and request.path_info.startswith("/api/"):
        return original_response
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"cooloff_time": f"{minutes} minutes"},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# The API's documentation is ReDoc, not Swagger UI, whose theme failed colour contrast and
# nested buttons in buttons (axe). ReDoc styles its page with rules it generates in the
# browser, which a strict style-src refuses, and searches in a worker it makes from its
# own code (a blob), so this one public page without data allows both; its scripts, like
# every page's, still come from this site only.
api_docs = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
    SpectacularRedocView.as_view(url_name="api-schema", template_name="api/docs.html")
)
