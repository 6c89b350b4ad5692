"""docs/benchmarks.md: the table of one real run with what was measured and how."""

from __future__ import annotations

import pstats
import re
from collections.abc import Sequence
from datetime import datetime
from io import StringIO
from pathlib import Path

from stats import Result, fmt, markdown_table, median, percentile

HEADER = """# Benchmarks

Written by `make bench` (`scripts/bench/run.py`) from one real run on the machine below; do not
edit by hand. This is not a test: a missed goal fails nothing, it is reported here. How the
benchmark works: `docs/developers/benchmarks.md`.
"""

METHOD = """\
- **Database**: SQLite, a separate file built by the run (`var/bench/bench.sqlite3`, never the
  development database): `migrate`, `load_demo_data --whole-country`, `load_monitor_data`, then
  the buurt files through `import_kwb_values FILE --vintage YEAR`, one per year.
- **Servers**: Woonmonitor under `gunicorn woonmonitor.wsgi` (one sync worker, `DJANGO_DEBUG=0`,
  production settings except plain static-file storage so that no `collectstatic` is needed and
  no cache of rendered documents, so that the work of each request is timed);
  Datasette 0.65 (`datasette serve -i`, immutable, `max_returned_rows` raised so one request
  returns every row) on a table `indicator_values(indicator, level, parent, area, vintage,
  period, value, status)` exported from the same database with an index for each query. Both on
  localhost; a fresh connection per request; warm-up requests first (two per API case, three
  per page); the two servers' API requests interleaved.
- **(a)** wall time of a complete GET (connect to last byte) of our values endpoint and of
  Datasette's JSON API with the equivalent SQL (`?sql=...&_shape=array&_size=max`); both answers
  must hold the same areas before timing starts. Goal: ratio ours/Datasette ≤ 1.0.
- **(b)** wall time of the whole `manage.py import_kwb_values` process (start-up included) for
  the last year's buurt file, imported after the other years, against a process that reads the
  same CSV with `polars.read_csv` and inserts it with `executemany` in one transaction into a
  plain SQLite table without indexes (interpreter start-up included): with the file's own
  columns (the goal, ratio ≤ 3) and unpivoted to one row per value (as many rows as we write).
- **(c)** server time per request from gunicorn's access log (`%(D)s`: from reading the request
  to the last byte sent); p95 by nearest rank. Goal: under 300 ms.
- **(d)** `ru_maxrss` of the import process alone (`os.wait4`), beside the polars process's.
- One other year's import runs under cProfile counting CPU time; its top functions are below.
"""

#: (label, file name, function) of the values request's main parts (buurt level).
API_PARTS = (
    ("building the rows (value_rows)", "monitor.py", "value_rows"),
    ("  of which disclosure control (disclose_rows)", "public.py", "disclose_rows"),
    ("  of which SQL and row dicts (QuerySet._fetch_all)", "query.py", "_fetch_all"),
    ("rendering the JSON (json encoder)", "encoder.py", "iterencode"),
)
#: Requests in one API profile (see profile_request.py).
API_REQUESTS = 5

#: (label, file name, function) of the import's main parts, for the profile shares.
IMPORT_PARTS = (
    ("reading the file (read_kwb_file)", "kwb.py", "read_kwb_file"),
    ("creating the buurten (ensure_areas)", "services.py", "ensure_areas"),
    ("writing the values (store_values)", "services.py", "store_values"),
    ("  of which in SQLite's executemany (C code)", "~", "executemany"),
)


def section_markers(title: str) -> tuple[str, str]:
    return f"<!-- section: {title} -->", f"<!-- end of section: {title} -->"


def write_section(path: Path, title: str, body: str) -> None:
    """Put ``body`` under ``## title`` in the document, in place of that section's last version.

    For measurements that run on their own as well (the load test): the section keeps its place
    when the rest of the document is written again by ``make bench``, which appends it anew.
    """
    start, end = section_markers(title)
    section = f"{start}\n## {title}\n\n{body.rstrip()}\n{end}\n"
    text = path.read_text(encoding="utf-8") if path.is_file() else HEADER
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def kept_sections(path: Path) -> str:
    """The sections written on their own (``write_section``) in the current document."""
    if not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"<!-- section: .*? -->\n.*?<!-- end of section: .*? -->\n", text, re.S)
    return "".join("\n" + section for section in found)


def _stats(profile: Path) -> pstats.Stats:
    return pstats.Stats(str(profile), stream=StringIO())


def profile_table(profile: Path, sort: str, limit: int) -> str:
    buffer = StringIO()
    stats = pstats.Stats(str(profile), stream=buffer)
    stats.strip_dirs().sort_stats(sort).print_stats(limit)
    lines = buffer.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(line.rstrip() for line in lines[start:] if line.strip())


def profile_shares(profile: Path, parts=IMPORT_PARTS) -> list[tuple[str, float, float]]:
    """(part, CPU seconds, share of everything profiled) for each of ``parts``."""
    stats = _stats(profile)
    total = stats.total_tt
    found = []
    for label, file_name, function in parts:
        seconds = 0.0
        for (path, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
            if file_name == "~":  # a built-in: match on the name only
                matches = path == "~" and function in name
            else:
                matches = Path(path).name == file_name and name == function
            if matches:
                seconds = max(seconds, cumulative)
        found.append((label, seconds, seconds / total if total else 0.0))
    return found


def findings(results: Sequence[Result]) -> list[str]:
    """One line per missed goal (the analysis of why is in the sections below)."""
    missed = [r for r in results if r.passed is False]
    if not missed:
        return ["Every goal was met in this run."]
    lines = []
    for result in missed:
        ratio = result.ratio
        if ratio is not None:
            lines.append(f"Missed: {result.metric}: ratio {ratio:.2f} ({result.goal_text()}).")
        else:
            shown = result.failed or fmt(result.ours, result.unit)
            lines.append(f"Missed: {result.metric}: {shown}.")
    return lines


def write_report(
    path: Path,
    *,
    results: Sequence[Result],
    state: dict,
    sizes: dict[str, int],
    database_mib: float,
    exported: int,
    values: Sequence,
    pages: Sequence,
    requests: int,
    machine: dict[str, str],
    commit: str,
    loads: dict[str, str],
    started: datetime,
    total_seconds: float,
    reused: bool,
    api_profile: Path | None = None,
) -> None:
    out = [HEADER]
    out.append(f"- Date: {started:%Y-%m-%d %H:%M} (this run took {total_seconds / 60:.1f} min)")
    out.append(
        f"- Machine: {machine.get('cores')} cores ({machine.get('cpu', '?')}), "
        f"{machine.get('ram')} RAM, {machine.get('system')}, Python {machine.get('python')}, "
        f"SQLite {machine.get('sqlite')}"
    )
    out.append(
        "- Load average (1/5/15 min): "
        + "; ".join(f"{when} {value}" for when, value in loads.items())
    )
    out.append(f"- Commit: `{commit}` (plus whatever was uncommitted in the work tree)")
    if reused:
        out.append(f"- Build reused from {state['built_at']} (`--reuse`): (b) and (d) are from it")
    out += ["", "## Results", "", markdown_table(results), ""]
    for timing in values:
        ours_kib, ref_kib = (size / 1024 for size in timing.bytes)
        out.append(
            f"- {timing.case.label}: `{timing.case.api_path()}`; {requests} requests to each "
            f"server; {timing.rows:,} rows in both answers ({ours_kib:,.0f} KiB of JSON from us, "
            f"{ref_kib:,.0f} KiB from Datasette); {timing.differing_values:,} values differ "
            "because our API applies disclosure control (rounding, suppression)."
        )
    for page in pages:
        if page.error:
            out.append(f"- {page.label}: `{page.path}`: {page.error}.")
            continue
        out.append(
            f"- {page.label}: `{page.path}`; server time p95 {fmt(page.p95, 'ms')}, median "
            f"{fmt(median(page.server_ms), 'ms')}; client wall time p95 "
            f"{fmt(percentile(page.client_ms, 0.95), 'ms')} ({requests} requests after 3 "
            f"warm-ups; the very first, cold request took {fmt(page.first_ms, 'ms')})."
        )
    ours, wide, long = (state[key] for key in ("ours", "wide", "long"))
    out.append(
        f"- Import CPU time (user + system): ours {ours['cpu_seconds']:.1f} s, polars "
        f"{wide['cpu_seconds']:.1f} s (file's columns) and {long['cpu_seconds']:.1f} s (one row "
        f"per value); peak memory of the long variant {long['max_rss_mib']:.0f} MiB."
    )
    out += ["", "## Findings", ""]
    out += [f"- {line}" for line in findings(results)]
    profile = Path(state["profile"]) if state.get("profile") else None
    if profile is not None and profile.is_file():
        out.append(
            "- Where the import's CPU time goes (cProfile of the "
            f"{state['years'][-2]} file, {_stats(profile).total_tt:.1f} s CPU under the "
            "profiler):"
        )
        for label, seconds, share in profile_shares(profile):
            out.append(f"  - {label}: {seconds:.1f} s ({share:.0%})")
    if api_profile is not None and api_profile.is_file():
        per_request = _stats(api_profile).total_tt / API_REQUESTS * 1000
        out.append(
            f"- Where the buurt-level values request's CPU time goes (cProfile of {API_REQUESTS} "
            f"requests in-process, {per_request:.0f} ms CPU per request under the profiler):"
        )
        for label, seconds, share in profile_shares(api_profile, API_PARTS):
            out.append(f"  - {label}: {seconds / API_REQUESTS * 1000:.0f} ms ({share:.0%})")
    out += ["", "## Data set", "", "| what | size |", "|---|---|"]
    out += [f"| {name} | {count:,} |" for name, count in sorted(sizes.items())]
    out += [
        f"| buurt file (one year) | {state['buurten']:,} buurten × {state['columns']} indicators "
        f"({state['catalogue_columns']} from the catalogue, the rest benchmark-only), "
        f"{state['measured_file_mib']:.0f} MiB CSV |",
        f"| buurt files | {state['years'][0]}–{state['years'][-1]} "
        f"({len(state['years'])} files, one per year and vintage) |",
        f"| current values before the measured import | "
        f"{state['values_before_measured_import']:,} |",
        f"| Datasette table | {exported:,} rows |",
        f"| bench database | {database_mib:,.0f} MiB |",
        "",
        "**Buurt rows are replicated real wijk rows, not real buurten.** No CBS buurt figures "
        "could be brought onto this machine, so every real 2024 wijk gets four or five synthetic "
        "buurten (`BU` + the wijk's six digits + two digits) that carry the wijk's own real KWB "
        "2024 values; a column without a real 2024 wijk value takes the wijk's real values in "
        "turn. Columns that no catalogue indicator reads are benchmark-only variables "
        "(`BenchmarkAlleenVariabeleNNN`, indicators `benchmark-alleen-NNN`, in the bench "
        "database only).",
        "",
        "## Import of each buurt file",
        "",
        "| year | wall time | CPU time | max RSS | note |",
        "|---|---|---|---|---|",
    ]
    for item in state["imports"]:
        cpu = f"{item['cpu_seconds']:.1f} s" if "cpu_seconds" in item else "-"
        rss = f"{item['max_rss_mib']:.0f} MiB" if "max_rss_mib" in item else "-"
        out.append(f"| {item['year']} | {item['seconds']:.1f} s | {cpu} | {rss} | {item['note']} |")
    base = ", ".join(f"`{name}` {seconds:.0f} s" for name, seconds in state["base_seconds"].items())
    out += ["", f"Building the real part took: {base}.", "", "## Method", "", METHOD]
    if profile is not None and profile.is_file():
        out += [
            "## Import profile",
            "",
            "cProfile (CPU time) of one buurt-file import, top functions by cumulative time:",
            "",
            "```",
            profile_table(profile, "cumulative", 30),
            "```",
            "",
            "and by own time:",
            "",
            "```",
            profile_table(profile, "tottime", 15),
            "```",
            "",
        ]
    if api_profile is not None and api_profile.is_file():
        out += [
            "## Values request profile",
            "",
            "cProfile (CPU time) of five in-process GETs of the buurt-level values request, "
            "top functions by own time:",
            "",
            "```",
            profile_table(api_profile, "tottime", 15),
            "```",
            "",
        ]
    path.write_text("\n".join(out) + kept_sections(path), encoding="utf-8")
