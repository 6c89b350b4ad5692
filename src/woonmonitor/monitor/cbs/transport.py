"""The one way the CBS and PDOK clients reach the internet, and the errors they raise.

A transport is any callable ``get_json(url) -> dict``. ``urllib_get_json`` is the real one;
tests pass a function that answers from recorded-shape payloads. Whatever the transport, the
clients call it through :func:`fetch_json`, which turns network trouble into
:class:`CbsUnreachable` with a Dutch message a user can act on.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

GetJson = Callable[[str], dict[str, Any]]

USER_AGENT = "Woonmonitor/1.0 (fetch_cbs)"
TIMEOUT_SECONDS = 120


class CbsUnreachable(Exception):
    """The service could not be reached (no internet, DNS, time-out, connection refused)."""


class CbsResponseError(Exception):
    """The service answered, but not with what we asked for (HTTP error, no JSON, odd shape)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        #: the HTTP status, when the service answered with an HTTP error
        self.status = status


def urllib_get_json(url: str) -> dict[str, Any]:
    """GET ``url`` and parse the JSON answer (standard library only, no extra dependency)."""
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return json.loads(response.read().decode("utf-8-sig"))


def fetch_json(get_json: GetJson, url: str, *, service: str) -> dict[str, Any]:
    """Call the transport; translate its failures into the two errors above."""
    try:
        payload = get_json(url)
    except urllib.error.HTTPError as exc:
        raise CbsResponseError(
            f"{service} antwoordde met HTTP {exc.code} ({exc.reason}) op {url}", status=exc.code
        ) from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CbsUnreachable(
            f"Geen verbinding met {service} ({reason}). Controleer de internetverbinding "
            "(of de proxy-instellingen) en probeer het opnieuw; er is niets opgeslagen."
        ) from exc
    except ValueError as exc:
        raise CbsResponseError(f"{service} gaf geen geldige JSON terug op {url}: {exc}") from exc
    if not isinstance(payload, dict):
        raise CbsResponseError(f"{service} gaf geen JSON-object terug op {url}.")
    return payload
