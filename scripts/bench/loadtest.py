"""``make loadtest``: a few concurrent clients on a bounded mix of public pages and API calls.

    .venv/bin/python scripts/bench/loadtest.py                      # on the bench database
    .venv/bin/python scripts/bench/loadtest.py --database-url sqlite:////tmp/wm.sqlite3
    .venv/bin/python scripts/bench/loadtest.py --base-url https://test.woonmonitor.example.nl
    .venv/bin/python scripts/bench/loadtest.py --clients 8 --duration 60

Without ``--base-url`` it starts gunicorn on localhost as in production (``DJANGO_DEBUG=0``,
``--workers`` sync workers, the bench settings) against the bench database of ``make bench`` or
the database of ``--database-url``; when that database has no agreement yet it loads the demo
agreements into it first (``load_organisations``, ``load_demo_agreements``, both idempotent).

Every client is a thread doing one GET at a time, a fresh connection per request, the whole body
read. The mix goes round: home, an area page, the monitor map, a profile, a trend, a comparison,
the agreement list and an agreement, the API values of a gemeente's wijken, an API profile and a
map CSV download. One warm-up request per kind first (not counted). It stops after
``--requests`` requests or ``--duration`` seconds, whichever comes first, and reports the
throughput, p50/p95/max latency (connect to last byte) per kind and overall, and the errors (a
status of 400 or more, or a failed connection; zero is the goal). The table goes to the
terminal and into docs/benchmarks.md (section "Load test"; ``--no-write`` leaves it).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import servers
from common import REPO, Workspace, commit, log, machine, manage
from report import write_section
from stats import fmt, median, percentile

TIMEOUT_S = 60
SECTION = "Load test"


@dataclass(frozen=True)
class Kind:
    label: str
    path: str


@dataclass(frozen=True)
class Sample:
    kind: str
    status: int  # 0: no answer (the error says why)
    ms: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


@dataclass(frozen=True)
class Row:
    label: str
    requests: int
    errors: int
    p50: float | None
    p95: float | None
    max: float | None


def mix(agreement: int | None, *, gemeente: str, other: str, wijk: str, period: int) -> list[Kind]:
    """The requests of one round, as a visitor and an API client would make them."""
    query = f"indicator=inwoners&jaar={period}&niveau=wijk&gemeente={gemeente}"
    kinds = [
        Kind("home", "/"),
        Kind("gebiedspagina", f"/gebieden/{gemeente}/"),
        Kind("monitorkaart", f"/monitor/kaart/?{query}"),
        Kind("gebiedsprofiel", f"/monitor/gebied/{wijk}/?jaar={period}"),
        Kind("trend", f"/monitor/gebied/{gemeente}/trend/woningvoorraad/"),
        Kind("vergelijken", f"/monitor/vergelijk/?gebied={gemeente}&gebied={other}"),
        Kind("afsprakenlijst", "/prestatieafspraken/"),
    ]
    if agreement is not None:
        kinds.append(Kind("afsprakenpagina", f"/prestatieafspraken/{agreement}/"))
    kinds += [
        Kind(
            "API waarden wijken",
            f"/api/v1/indicators/inwoners/values/?level=wijk&parent={gemeente}&period={period}",
        ),
        Kind("API profiel", f"/api/v1/areas/{gemeente}/profile/?period={period}"),
        Kind("CSV-download kaart", f"/monitor/kaart/data.csv?{query}"),
    ]
    return kinds


class Target:
    """Where the requests go: scheme, host, port and a path prefix of a base URL."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.https = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.https else 80)
        self.prefix = parts.path.rstrip("/")

    def get(self, kind: Kind) -> Sample:
        started = time.perf_counter()
        connection_class = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        connection = connection_class(self.host, self.port, timeout=TIMEOUT_S)
        try:
            connection.request("GET", self.prefix + kind.path, headers={"User-Agent": "loadtest"})
            response = connection.getresponse()
            response.read()
            status, error = response.status, ""
        except (OSError, http.client.HTTPException) as exc:
            status, error = 0, f"{type(exc).__name__}: {exc}"[:200]
        finally:
            connection.close()
        return Sample(kind.label, status, (time.perf_counter() - started) * 1000, error)

    def json(self, path: str) -> dict:
        connection_class = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        connection = connection_class(self.host, self.port, timeout=TIMEOUT_S)
        try:
            connection.request("GET", self.prefix + path, headers={"Accept": "application/json"})
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise SystemExit(f"GET {path} gave {response.status}")
        return json.loads(body)


def first_agreement(target: Target) -> int | None:
    results = target.json("/api/v1/agreements/?limit=1").get("results") or []
    return results[0]["id"] if results else None


def run(
    target: Target, kinds: Sequence[Kind], *, clients: int, requests: int | None, duration: float
) -> tuple[list[Sample], float]:
    """All samples and the wall time: ``clients`` threads share one round-robin plan."""
    lock = threading.Lock()
    issued = 0
    samples: list[Sample] = []
    deadline = time.perf_counter() + duration if duration else None

    def next_kind() -> Kind | None:
        nonlocal issued
        with lock:
            if requests is not None and issued >= requests:
                return None
            if deadline is not None and time.perf_counter() >= deadline:
                return None
            kind = kinds[issued % len(kinds)]
            issued += 1
            return kind

    def client() -> None:
        while (kind := next_kind()) is not None:
            sample = target.get(kind)
            with lock:
                samples.append(sample)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def summarise(samples: Sequence[Sample], order: Sequence[str]) -> list[Row]:
    """One row per kind (in ``order``) and one for all; latencies of the answered requests."""

    def row(label: str, chosen: Sequence[Sample]) -> Row:
        answered = [s.ms for s in chosen if s.status]
        return Row(
            label,
            len(chosen),
            sum(not s.ok for s in chosen),
            median(answered) if answered else None,
            percentile(answered, 0.95) if answered else None,
            max(answered) if answered else None,
        )

    rows = [row(label, [s for s in samples if s.kind == label]) for label in order]
    return [*rows, row("alles", samples)]


HEADER = ("kind", "requests", "errors", "p50", "p95", "max")


def cells(row: Row) -> tuple[str, ...]:
    return (
        row.label,
        str(row.requests),
        str(row.errors),
        fmt(row.p50, "ms"),
        fmt(row.p95, "ms"),
        fmt(row.max, "ms"),
    )


def text_table(rows: Sequence[Row]) -> str:
    lines = [HEADER, *(cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    out = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in lines
    ]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)


def markdown(rows: Sequence[Row], *, facts: Sequence[str], errors: Sequence[str]) -> str:
    out = [
        "Written by `make loadtest` (`scripts/bench/loadtest.py`; also run by `make bench`). "
        "Latency is the client's wall time of a complete GET (connect to last byte), p95 by "
        "nearest rank; an error is a status of 400 or more or a failed connection.",
        "",
        *(f"- {fact}" for fact in facts),
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
        *("| " + " | ".join(cells(row)) + " |" for row in rows),
    ]
    if errors:
        out += ["", "Errors (first 10):", "", *(f"- {error}" for error in errors[:10])]
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- the server


def agreements_loaded(env: dict[str, str]) -> bool:
    code = "from woonmonitor.agreements.models import Agreement; print(Agreement.objects.count())"
    done = subprocess.run(
        manage("shell", "-c", code), cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip().splitlines()[-1]) > 0


def server_env(workspace: Workspace, database_url: str | None) -> dict[str, str]:
    env = workspace.env(debug=False)
    env["BENCH_DOCUMENT_CACHE"] = "on"  # as in production (bench_settings turns it off)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare(env: dict[str, str]) -> None:
    if agreements_loaded(env):
        return
    log("Geen prestatieafspraken in deze database: de demo-afspraken worden geladen")
    for command in (manage("load_organisations"), manage("load_demo_agreements")):
        subprocess.run(command, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


# ----------------------------------------------------------------------------- main


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="test a running site instead of starting gunicorn")
    parser.add_argument("--database-url", help="database of the gunicorn started here")
    parser.add_argument("--workdir", type=Path, default=REPO / "var" / "bench")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=440, help="requests in all (0: no limit)")
    parser.add_argument("--duration", type=float, default=0, help="seconds at most (0: no limit)")
    parser.add_argument("--gemeente", default="GM1681")
    parser.add_argument("--other", default="GM0114", help="the second area of the comparison")
    parser.add_argument("--wijk", default="WK168100")
    parser.add_argument("--period", type=int, default=2024)
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    parser.add_argument("--note", default="", help="a line about this run for the document")
    args = parser.parse_args(argv)
    if not args.requests and not args.duration:
        parser.error("give --requests or --duration (or both)")
    return args


def measure(target: Target, args: argparse.Namespace, server: str) -> tuple[list[Row], bool]:
    kinds = mix(
        first_agreement(target),
        gemeente=args.gemeente,
        other=args.other,
        wijk=args.wijk,
        period=args.period,
    )
    log(f"Opwarmen: een aanvraag per soort ({len(kinds)} soorten)")
    for kind in kinds:
        sample = target.get(kind)
        if not sample.ok:
            log(f"  let op: {kind.label} {kind.path} gaf {sample.status or sample.error}")
    limit = f"{args.requests} aanvragen" if args.requests else "geen maximum"
    log(f"{args.clients} gelijktijdige clients, {limit}, {args.duration or '-'} s maximaal")
    load = "{:.1f} / {:.1f} / {:.1f}".format(*os.getloadavg())
    samples, seconds = run(
        target, kinds, clients=args.clients, requests=args.requests or None, duration=args.duration
    )
    rows = summarise(samples, [kind.label for kind in kinds])
    total = rows[-1]
    throughput = total.requests / seconds if seconds else 0.0
    print()
    print(text_table(rows))
    print(
        f"\n{total.requests} aanvragen in {seconds:.1f} s: {throughput:.1f} per seconde, "
        f"{total.errors} fouten\n"
    )
    info = machine()
    facts = [
        f"Date: {datetime.now():%Y-%m-%d %H:%M}; commit `{commit()}` (plus uncommitted changes)",
        f"Machine: {info.get('cores')} cores ({info.get('cpu', '?')}), {info.get('ram')} RAM; "
        f"load average (1/5/15 min) at the start: {load}",
        f"Server: {server}",
        f"Clients: {args.clients} threads, one request at a time each, a fresh connection per "
        f"request; {total.requests} requests in {seconds:.1f} s, the kinds in turn, after one "
        "warm-up request per kind",
        f"**Throughput: {throughput:.1f} requests/s; errors: {total.errors}**",
        "Paths: " + ", ".join(f"{kind.label} `{kind.path}`" for kind in kinds),
    ]
    if args.note:
        facts.append(f"Note: {args.note}")
    errors = [f"{s.kind}: {s.status or s.error}" for s in samples if not s.ok]
    if not args.no_write:
        write_section(args.output, SECTION, markdown(rows, facts=facts, errors=errors))
        log(f"Geschreven: {args.output} (sectie {SECTION!r})")
    return rows, total.errors == 0


def shown(path: Path) -> Path:
    """The path relative to the repository when it lies inside it."""
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.base_url:
        _rows, clean = measure(Target(args.base_url), args, f"`{args.base_url}` (given)")
        return 0 if clean else 1
    workspace = Workspace(args.workdir.resolve())
    if not args.database_url and not workspace.database.is_file():
        raise SystemExit(
            f"No bench database at {workspace.database}: run `make bench` first, or give "
            "--database-url (e.g. a database built with `make demo-data`) or --base-url."
        )
    env = server_env(workspace, args.database_url)
    prepare(env)
    access_log = workspace.logs / "loadtest-access.log"
    if args.database_url:
        database = f"the database `{args.database_url}`"
    else:
        database = f"the bench database `{shown(workspace.database)}`"
    server = (
        f"gunicorn on localhost, {args.workers} sync workers, production settings "
        f"(`DJANGO_DEBUG=0`, the caches in each worker's memory, as without `REDIS_URL`), "
        f"{database}"
    )
    with servers.gunicorn(workspace, access_log, workers=args.workers, env=env) as port:
        _rows, clean = measure(Target(f"http://127.0.0.1:{port}"), args, server)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
