"""``/healthz``: is the application up and can it query its database?

For load balancers and monitoring: 200 with ``status: ok``, or 503 with
``status: error`` when the database cannot be queried. Never cached, no login.
"""

from __future__ import annotations

import logging
from importlib import metadata

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def database_status() -> str:
    """``"ok"`` when a trivial query succeeds on the default database, else ``"error"``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database cannot be queried")
        return "error"
    return "ok"


def application_version() -> str:
    try:
        return metadata.version("woonmonitor")
    except metadata.PackageNotFoundError:
        return "unknown"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = database_status()
    ok = database == "ok"
    body = {
        "status": "ok" if ok else "error",
        "database": database,
        "version": application_version(),
    }
    return JsonResponse(body, status=200 if ok else 503)
