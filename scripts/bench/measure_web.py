"""(a) the values endpoint against Datasette, (c) the pages' server time."""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from common import log
from datasette_db import QUERY_IN_PARENT, QUERY_LEVEL
from http_timing import REQUEST_LIMIT_S, get, get_all, json_rows, repeat_page
from servers import server_times, wait_until_up
from stats import median, percentile


@dataclass(frozen=True)
class ValuesCase:
    label: str
    indicator: str
    level: str
    period: int
    parent: str | None = None

    def api_path(self) -> str:
        params = {"level": self.level, "period": self.period}
        if self.parent:
            params["parent"] = self.parent
        return f"/api/v1/indicators/{self.indicator}/values/?{urlencode(params)}"

    def datasette_path(self, database: str) -> str:
        params = {
            "sql": QUERY_IN_PARENT if self.parent else QUERY_LEVEL,
            "indicator": self.indicator,
            "level": self.level,
            "period": self.period,
            "_shape": "array",
            "_size": "max",
        }
        if self.parent:
            params["parent"] = self.parent
        return f"/{database}.json?{urlencode(params)}"


@dataclass(frozen=True)
class ValuesTiming:
    case: ValuesCase
    rows: int
    ours: list[float]
    reference: list[float]
    differing_values: int
    #: size of one answer in bytes: ours, Datasette's
    bytes: tuple[int, int]


def check_same_rows(
    ours_port: int, ds_port: int, case: ValuesCase, database: str
) -> tuple[int, tuple[int, int]]:
    """Both answers hold the same areas; returns how many values differ (disclosure) and the
    size of both answers."""
    ours = get(ours_port, case.api_path())
    if ours.status != 200:
        raise SystemExit(f"{case.api_path()} gave {ours.status}: {ours.body[:300]!r}")
    reference = get(ds_port, case.datasette_path(database))
    if reference.status != 200:
        raise SystemExit(f"Datasette gave {reference.status}: {reference.body[:300]!r}")
    our_rows, _ = json_rows(ours.body)
    their_rows, _ = json_rows(reference.body)
    if len(our_rows) != len(their_rows) or not our_rows:
        raise SystemExit(
            f"{case.label}: row counts differ or are zero: ours {len(our_rows)}, "
            f"Datasette {len(their_rows)}"
        )
    ours_by_area = {row["area"]: row for row in our_rows}
    if set(ours_by_area) != {row["area"] for row in their_rows}:
        raise SystemExit(f"{case.label}: the two answers hold different areas")
    differing = 0
    for row in their_rows:
        mine = ours_by_area[row["area"]]
        if mine["value"] != row["value"] or mine["status"] != row["status"]:
            differing += 1
    return differing, (len(ours.body), len(reference.body))


def time_values(
    ours_port: int, ds_port: int, case: ValuesCase, database: str, count: int
) -> ValuesTiming:
    """``count`` complete fetches from each server, interleaved so both see the same noise."""
    differing, sizes = check_same_rows(ours_port, ds_port, case, database)
    api, reference_path = case.api_path(), case.datasette_path(database)
    for _ in range(2):  # warm both
        get_all(ours_port, api)
        get_all(ds_port, reference_path)
    ours: list[float] = []
    reference: list[float] = []
    rows = 0
    for _ in range(count):
        seconds, rows, _requests = get_all(ours_port, api)
        ours.append(seconds)
        seconds, _, _ = get_all(ds_port, reference_path)
        reference.append(seconds)
    log(
        f"  {case.label}: {rows} rijen; ons mediaan {median(ours) * 1000:.0f} ms, "
        f"Datasette mediaan {median(reference) * 1000:.0f} ms"
    )
    return ValuesTiming(case, rows, ours, reference, differing, sizes)


@dataclass(frozen=True)
class PageTiming:
    label: str
    path: str
    server_ms: list[float]
    client_ms: list[float]
    #: server time of the very first request (cold: modules, templates, database pages)
    first_ms: float
    #: why the page could not be measured ("" when it was)
    error: str = ""

    @property
    def p95(self) -> float:
        return percentile(self.server_ms, 0.95)


WARMUP = 3


def time_page(port: int, label: str, path: str, count: int, access_log: Path) -> PageTiming:
    """``count`` GETs of a page after ``WARMUP`` untimed ones; server time per request from
    gunicorn's access log. A page that errors or hangs is reported, not measured."""
    before = len(server_times(access_log))
    started = time.perf_counter()
    try:
        client = [seconds * 1000 for seconds in repeat_page(port, path, count, warmup=WARMUP)]
    except (OSError, RuntimeError, http.client.HTTPException) as exc:
        waited = time.perf_counter() - started
        error = f"niet gemeten: {type(exc).__name__} na {waited:.0f} s ({str(exc)[:120]})"
        log(f"  {label}: {error}")
        wait_until_up(port, "/healthz", timeout=REQUEST_LIMIT_S + 30)
        return PageTiming(label, path, [], [], waited * 1000, error)
    # gunicorn may write the last lines of its access log a moment after the answer.
    deadline = time.perf_counter() + 10
    while True:
        entries = [(t, s, ms) for t, s, ms in server_times(access_log)[before:] if t == path]
        if len(entries) >= count + WARMUP or time.perf_counter() > deadline:
            break
        time.sleep(0.2)
    server = [ms for _target, status, ms in entries[WARMUP:] if status == 200]
    if len(entries) != count + WARMUP or len(server) != count:
        raise SystemExit(f"{label}: found {len(server)} of {count} requests in the access log")
    first = entries[0][2]
    log(
        f"  {label}: server p95 {percentile(server, 0.95):.0f} ms, "
        f"mediaan {median(server):.0f} ms (client p95 {percentile(client, 0.95):.0f} ms; "
        f"eerste, koude aanvraag {first:.0f} ms)"
    )
    return PageTiming(label, path, server, client, first)
