"""Timed HTTP GETs against a local server: one fresh connection per request, full body read."""

from __future__ import annotations

import http.client
import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Longest a request may take. gunicorn's worker timeout is set just below it, so a request that
#: hangs gets its worker killed and restarted, and the benchmark goes on with the next case.
REQUEST_LIMIT_S = 120


@dataclass(frozen=True)
class Response:
    status: int
    seconds: float
    body: bytes
    content_type: str


def get(port: int, path: str) -> Response:
    """One GET, timed from connecting to the last byte of the body."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_LIMIT_S + 15)
    try:
        connection.request("GET", path, headers={"Accept": "application/json, text/html"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    return Response(response.status, seconds, body, response.getheader("Content-Type", ""))


def json_rows(body: bytes) -> tuple[list, str | None]:
    """The rows of a JSON answer and the link to the next page, if any.

    Understands a plain list (Datasette ``_shape=array``), DRF pagination
    (``{"results": [...], "next": url}``) and ``{"values": [...]}`` / ``{"rows": [...]}``.
    """
    data = json.loads(body)
    if isinstance(data, list):
        return data, None
    for key in ("results", "values", "rows"):
        if isinstance(data.get(key), list):
            return data[key], data.get("next")
    raise ValueError(f"no rows in JSON answer with keys {sorted(data)[:10]}")


def get_all(port: int, path: str) -> tuple[float, int, int]:
    """Follow ``next`` links until every row is fetched: (seconds, rows, requests)."""
    seconds = 0.0
    rows = 0
    requests = 0
    target: str | None = path
    while target:
        response = get(port, target)
        requests += 1
        if response.status != 200:
            raise RuntimeError(f"GET {target} gave {response.status}: {response.body[:300]!r}")
        seconds += response.seconds
        page, next_url = json_rows(response.body)
        rows += len(page)
        if next_url:
            parts = urlsplit(next_url)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        else:
            target = None
    return seconds, rows, requests


def repeat(port: int, path: str, count: int, warmup: int = 2) -> list[float]:
    """Seconds of ``count`` complete fetches (all pages) after ``warmup`` untimed ones."""
    for _ in range(warmup):
        get_all(port, path)
    return [get_all(port, path)[0] for _ in range(count)]


def repeat_page(port: int, path: str, count: int, warmup: int = 2) -> list[float]:
    """Seconds of ``count`` GETs of an HTML page after ``warmup`` untimed ones; 200 required."""
    for _ in range(warmup):
        get(port, path)
    seconds = []
    for _ in range(count):
        response = get(port, path)
        if response.status != 200:
            raise RuntimeError(f"GET {path} gave {response.status}: {response.body[:300]!r}")
        seconds.append(response.seconds)
    return seconds
