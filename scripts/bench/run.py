"""``make bench``: build a national-scale database and measure it against plain references.

    .venv/bin/python scripts/bench/run.py [--buurten 14000] [--indicators 100] [--years 10]

Steps (progress is printed as it goes, the table at the end, and docs/benchmarks.md written):

1. a fresh SQLite database in ``var/bench/``: migrate, ``load_demo_data --whole-country``,
   ``load_monitor_data`` (every real file);
2. buurt files (real 2024 wijk rows replicated into synthetic buurten, 100 indicator columns)
   imported with ``import_kwb_values``, one file per year; the last year's import is measured
   (wall time, max RSS), the year before is profiled;
3. the same file read by ``polars.read_csv`` and bulk-inserted into plain SQLite tables;
4. the values endpoint under gunicorn against Datasette serving the same values;
5. the map, trend and profile pages' server time;
6. the load test (``loadtest.py``): concurrent clients on a mix of pages and API calls, written
   into its own section of docs/benchmarks.md (``--loadtest-requests 0`` skips it).

``--reuse`` skips 1-3 when ``var/bench`` holds a finished build (to rerun the web part).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import dataset
import datasette_db
import loadtest
import servers
from common import REPO, Workspace, commit, log, machine
from measure_web import PageTiming, ValuesCase, ValuesTiming, time_page, time_values
from process import Measured
from report import write_report
from stats import Result, median, percentile, text_table

PERIOD = 2024
GEMEENTE = "GM1681"  # Borger-Odoorn
WIJK = "WK168100"
INDICATOR = "inwoners"
TREND_INDICATOR = "woningvoorraad"
PAGE_GOAL_MS = 300
VALUES_CASES = (
    ValuesCase(f"API waarden wijken {GEMEENTE}", INDICATOR, "wijk", PERIOD, GEMEENTE),
    ValuesCase("API waarden alle buurten NL", INDICATOR, "buurt", PERIOD),
)


def pages(buurt: str) -> list[tuple[str, str]]:
    """(label, path) of every page measured; ``buurt`` is a synthetic buurt (of GM1681)."""
    gemeente = f"GM{buurt[2:6]}"
    query = f"indicator={INDICATOR}&jaar={PERIOD}"
    return [
        (f"kaart wijk {GEMEENTE}", f"/monitor/kaart/?{query}&niveau=wijk&gemeente={GEMEENTE}"),
        (f"kaart buurt {gemeente}", f"/monitor/kaart/?{query}&niveau=buurt&gemeente={gemeente}"),
        (
            f"trend {GEMEENTE} {TREND_INDICATOR}",
            f"/monitor/gebied/{GEMEENTE}/trend/{TREND_INDICATOR}/",
        ),
        (f"trend buurt {buurt} {INDICATOR}", f"/monitor/gebied/{buurt}/trend/{INDICATOR}/"),
        (f"profiel {WIJK} {PERIOD}", f"/monitor/gebied/{WIJK}/?jaar={PERIOD}"),
        (f"profiel buurt {buurt} {PERIOD}", f"/monitor/gebied/{buurt}/?jaar={PERIOD}"),
    ]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=REPO / "var" / "bench")
    parser.add_argument("--buurten", type=int, default=14_000)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per case")
    parser.add_argument("--reuse", action="store_true", help="keep an existing build")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument(
        "--loadtest-requests", type=int, default=440, help="requests of the load test (0: skip)"
    )
    parser.add_argument("--loadtest-clients", type=int, default=4)
    parser.add_argument("--loadtest-workers", type=int, default=2)
    return parser.parse_args(argv)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def build(workspace: Workspace, args: argparse.Namespace) -> dict:
    """Steps 1-3; returns what the report needs (also saved as ``state.json``)."""
    log(f"1/5 Database met alle echte bestanden: {workspace.database.relative_to(REPO)}")
    base_seconds = dataset.build_base(workspace)

    log("2/5 Buurtbestanden: echte wijkrijen van 2024 gekopieerd naar synthetische buurten")
    columns = dataset.catalogue_columns(workspace)
    real = min(len(columns), args.indicators)
    columns = columns[:real] + dataset.benchmark_columns(args.indicators - real)
    dataset.add_benchmark_indicators(workspace, columns)
    log(
        f"  {len(columns)} kolommen: {real} voeden een indicator uit de catalogus, "
        f"{len(columns) - real} bestaan alleen in de benchmark ({dataset.BENCH_VARIABLE}NNN)"
    )
    years = list(range(PERIOD - args.years + 1, PERIOD + 1))
    files, buurten = dataset.write_buurt_files(workspace, columns, args.buurten, years)
    log(f"  {len(buurten)} buurten x {len(columns)} indicatoren x {len(years)} jaar geschreven")
    log("  LET OP: de buurtrijen zijn gekopieerde echte wijkrijen, geen echte buurten")
    prefix = f"BU{GEMEENTE[2:]}"
    sample = next((b.code for b in buurten if b.code.startswith(prefix)), buurten[0].code)

    imports: list[dict] = []
    profile: Path | None = None
    measured_year = years[-1]
    profiled_year = years[-2] if len(years) > 1 else None
    for year in years[:-1]:
        if year == profiled_year:
            seconds, profile = dataset.import_profiled(workspace, files[year], year)
            imports.append({"year": year, "seconds": seconds, "note": "onder cProfile"})
            log(f"  import {year} (onder cProfile): {seconds:.1f} s")
        else:
            done = dataset.import_year(workspace, files[year], year)
            imports.append({"year": year, **asdict(done), "note": ""})
            log(f"  import {year}: {done.seconds:.1f} s (cpu {done.cpu_seconds:.1f} s)")
    values_before = dataset.sizes(workspace)["values"]
    load_before = load()
    ours = dataset.import_year(workspace, files[measured_year], measured_year)
    imports.append({"year": measured_year, **asdict(ours), "note": "gemeten"})
    log(
        f"  import {measured_year} (gemeten): {ours.seconds:.1f} s (cpu {ours.cpu_seconds:.1f} s), "
        f"max RSS {ours.max_rss_mib:.0f} MiB"
    )

    log("3/5 Referentie: polars.read_csv van hetzelfde bestand + executemany in kale SQLite")
    wide = dataset.baseline(workspace, files[measured_year], "wide", measured_year)
    log(f"  breed (kolommen van het bestand): {wide.seconds:.1f} s, {wide.max_rss_mib:.0f} MiB")
    long = dataset.baseline(workspace, files[measured_year], "long", measured_year)
    log(f"  lang (een rij per waarde): {long.seconds:.1f} s, {long.max_rss_mib:.0f} MiB")

    state = {
        "built_at": datetime.now().isoformat(timespec="seconds"),
        "base_seconds": base_seconds,
        "columns": len(columns),
        "catalogue_columns": real,
        "buurten": len(buurten),
        "sample_buurt": sample,
        "years": years,
        "measured_year": measured_year,
        "measured_file": str(files[measured_year]),
        "measured_file_mib": files[measured_year].stat().st_size / 1024 / 1024,
        "values_before_measured_import": values_before,
        "load_before_measured_import": load_before,
        "imports": imports,
        "profile": str(profile) if profile else None,
        "ours": asdict(ours),
        "wide": asdict(wide),
        "long": asdict(long),
    }
    (workspace.root / "state.json").write_text(json.dumps(state, indent=2), encoding="utf-8")
    return state


def measure_web(
    workspace: Workspace, count: int, buurt: str
) -> tuple[list[ValuesTiming], list[PageTiming], int]:
    log("4/5 Datasette: dezelfde waarden in een eigen SQLite-bestand")
    exported = datasette_db.export(workspace.database, workspace.datasette_db)
    log(f"  {exported:,} waarden geexporteerd naar {workspace.datasette_db.relative_to(REPO)}")
    access_log = workspace.logs / "gunicorn-access.log"
    database = workspace.datasette_db.stem
    with (
        servers.gunicorn(workspace, access_log) as ours_port,
        servers.datasette(
            workspace.datasette_db, workspace.logs / "datasette.log", max_rows=200_000
        ) as ds_port,
    ):
        log(f"  waarden-API tegen Datasette, {count} keer per geval, om en om")
        values = [time_values(ours_port, ds_port, case, database, count) for case in VALUES_CASES]
        log(f"5/5 Pagina's, {count} keer per pagina (servertijd uit gunicorns access log)")
        timed = [
            time_page(ours_port, label, path, count, access_log) for label, path in pages(buurt)
        ]
    return values, timed, exported


def results_of(state: dict, values: list[ValuesTiming], timed: list[PageTiming]) -> list[Result]:
    results = []
    for timing in values:
        ours_ms = [s * 1000 for s in timing.ours]
        ref_ms = [s * 1000 for s in timing.reference]
        label = f"(a) {timing.case.label} ({timing.rows:,} rijen)"
        results.append(
            Result(f"{label}, mediaan", median(ours_ms), "ms", median(ref_ms), "ratio<=1.0")
        )
        results.append(
            Result(
                f"{label}, p95",
                percentile(ours_ms, 0.95),
                "ms",
                percentile(ref_ms, 0.95),
                "ratio<=1.0",
            )
        )
    ours, wide, long = (Measured(**state[key]) for key in ("ours", "wide", "long"))
    values_in_file = state["buurten"] * state["columns"]
    results.append(
        Result(
            f"(b) import buurtbestand {state['measured_year']} ({values_in_file:,} waarden) "
            "vs polars.read_csv + executemany (kolommen van het bestand)",
            ours.seconds,
            "s",
            wide.seconds,
            "ratio<=3",
        )
    )
    results.append(
        Result("(b) idem, CPU-tijd (user + system)", ours.cpu_seconds, "s", wide.cpu_seconds)
    )
    results.append(
        Result(
            "(b) idem vs polars.read_csv + executemany (een rij per waarde)",
            ours.seconds,
            "s",
            long.seconds,
        )
    )
    for page in timed:
        metric = f"(c) {page.label}, p95 servertijd"
        goal = f"max<{PAGE_GOAL_MS}"
        if page.error:
            failed = f"niet gemeten (na {page.first_ms / 1000:.0f} s)"
            results.append(Result(metric, page.first_ms, "ms", None, goal, failed=failed))
        else:
            results.append(Result(metric, page.p95, "ms", None, goal))
    results.append(
        Result(
            "(d) piekgeheugen import (max RSS) vs polars (kolommen van het bestand)",
            ours.max_rss_mib,
            "MiB",
            wide.max_rss_mib,
        )
    )
    return results


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    workspace = Workspace(args.workdir.resolve())
    started = datetime.now()
    clock = time.perf_counter()
    load_at_start = load()
    log(f"Start; belasting van de machine (1/5/15 min): {load_at_start}")
    state_file = workspace.root / "state.json"
    if args.reuse and state_file.is_file() and workspace.database.is_file():
        log(f"Bestaande build hergebruikt: {state_file.relative_to(REPO)}")
        state = json.loads(state_file.read_text(encoding="utf-8"))
    else:
        state_file.unlink(missing_ok=True)
        state = build(workspace, args)
    load_web = load()
    values, timed, exported = measure_web(workspace, args.requests, state["sample_buurt"])
    log("Profiel van de waarden-API op buurtniveau (cProfile, in-process)")
    api_profile = dataset.profile_request(workspace, VALUES_CASES[1].api_path(), "api-buurt")
    results = results_of(state, values, timed)
    print()
    print(text_table(results))
    print()
    write_report(
        args.output,
        results=results,
        state=state,
        sizes=dataset.sizes(workspace),
        database_mib=dataset.database_size_mib(workspace),
        exported=exported,
        values=values,
        pages=timed,
        requests=args.requests,
        machine=machine(),
        commit=commit(),
        loads={
            "at the start": load_at_start,
            "before the measured import": state.get("load_before_measured_import", "?"),
            "before the web measurements": load_web,
        },
        started=started,
        total_seconds=time.perf_counter() - clock,
        reused=args.reuse,
        api_profile=api_profile,
    )
    log(f"Geschreven: {args.output}")
    if args.loadtest_requests:
        log("Belastingstest: gelijktijdige clients op pagina's en API (scripts/bench/loadtest.py)")
        loadtest.main(
            [
                *("--workdir", str(workspace.root), "--output", str(args.output)),
                *("--requests", str(args.loadtest_requests)),
                *("--clients", str(args.loadtest_clients)),
                *("--workers", str(args.loadtest_workers)),
            ]
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
