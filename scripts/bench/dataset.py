"""Building the national benchmark database: the real importers on the real files, then the
buurt files (replicated real wijk rows) through ``import_kwb_values``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import catalogue_toml
from common import DATA_DIR, KWB_2024, PYTHON, REPO, Workspace, log, manage, query, run
from process import Measured, measure
from synthetic import Buurt, base_key, kwb_rows, read_wijk_rows, spread_buurten, write_csv

DATA_PROPERTIES = DATA_DIR / "kwb-2024-gm-wk" / "DataProperties.json"
#: Prefix of the variables that exist only in the benchmark (beyond the catalogue's own).
BENCH_VARIABLE = "BenchmarkAlleenVariabele"
BENCH_KEY = "benchmark-alleen"


@dataclass(frozen=True)
class Column:
    """One value column of the buurt files and the indicator it feeds."""

    key: str  # CBS column key with position suffix, e.g. AantalInwoners_5
    indicator: str
    benchmark_only: bool = False


def build_base(workspace: Workspace) -> dict[str, float]:
    """A fresh database with every real file loaded; returns the seconds of each step."""
    workspace.root.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{workspace.database}{suffix}").unlink(missing_ok=True)
    env = workspace.env(debug=False)
    logs = workspace.logs
    steps = {
        "migrate": manage("migrate", "--no-input", "-v", "0"),
        "load_demo_data --whole-country": manage("load_demo_data", "--whole-country"),
        "load_monitor_data": manage("load_monitor_data"),
    }
    seconds = {}
    for name, command in steps.items():
        seconds[name] = run(command, env=env, log_file=logs / "build.log")
        log(f"  {name}: {seconds[name]:.1f} s")
    return seconds


def cbs_keys() -> list[str]:
    """The topic keys of the real KWB 2024 table (``AantalInwoners_5``, ...), in table order."""
    properties = json.loads(DATA_PROPERTIES.read_text(encoding="utf-8"))
    return [item["Key"] for item in properties if item.get("Type") == "Topic"]


def catalogue_columns(workspace: Workspace) -> list[Column]:
    """The KWB 2024 columns that feed a catalogue indicator, as ``variable_map`` matches them."""
    indicators = query(
        workspace.database,
        "SELECT key, source_variable, source_table FROM monitor_indicator "
        "WHERE source_variable != '' AND computation = 'direct' ORDER BY theme, \"order\", key",
    )
    keys = cbs_keys()
    by_base: dict[str, list[str]] = {}
    for key in keys:
        by_base.setdefault(base_key(key), []).append(key)
    kwb_tables = {"85984NED", "85618NED", "85318NED", "85039NED", "84799NED", "84583NED"}
    chosen: dict[str, tuple[bool, str]] = {}  # column -> (is KWB table, indicator key)
    for key, variable, table in indicators:
        if variable in keys:
            column = variable
        elif len(by_base.get(variable, [])) == 1:
            column = by_base[variable][0]
        else:
            continue
        is_kwb = table in kwb_tables
        if column not in chosen or (is_kwb and not chosen[column][0]):
            chosen[column] = (is_kwb, key)
    order = {key: index for index, key in enumerate(keys)}
    return [
        Column(key=column, indicator=indicator)
        for column, (_, indicator) in sorted(chosen.items(), key=lambda item: order[item[0]])
    ]


def benchmark_columns(count: int) -> list[Column]:
    """Benchmark-only variables, clearly named so, numbered after the real table's columns."""
    return [
        Column(
            key=f"{BENCH_VARIABLE}{number:03d}_{900 + number}",
            indicator=f"{BENCH_KEY}-{number:03d}",
            benchmark_only=True,
        )
        for number in range(1, count + 1)
    ]


def add_benchmark_indicators(workspace: Workspace, columns: list[Column]) -> None:
    """Load the real catalogue plus the benchmark-only indicators into the bench database."""
    extra = [(c.indicator, base_key(c.key)) for c in columns if c.benchmark_only]
    if not extra:
        return
    path = catalogue_toml.write(workspace.files / "benchmark-catalogue.toml", extra)
    run(
        manage("load_indicators", str(path)),
        env=workspace.env(),
        log_file=workspace.logs / "build.log",
    )


def write_buurt_files(
    workspace: Workspace, columns: list[Column], buurten_total: int, years: list[int]
) -> tuple[dict[int, Path], list[Buurt]]:
    """One CBS-shaped CSV per year; returns the files and the buurten."""
    wijk_rows = read_wijk_rows(KWB_2024)
    buurten = spread_buurten(list(wijk_rows), buurten_total)
    rows = kwb_rows(wijk_rows, buurten, [column.key for column in columns])
    files = {}
    for year in years:
        path = workspace.files / f"kwb-buurten-{year}-benchmark.csv"
        write_csv(path, rows)
        files[year] = path
    return files, buurten


def import_command(path: Path, year: int) -> list[str]:
    return manage("import_kwb_values", str(path), "--vintage", str(year))


def import_year(workspace: Workspace, path: Path, year: int) -> Measured:
    return measure(
        import_command(path, year), env=workspace.env(), log_file=workspace.logs / "imports.log"
    )


def import_profiled(workspace: Workspace, path: Path, year: int) -> tuple[float, Path]:
    profile = workspace.logs / f"import-{year}.prof"
    script = REPO / "scripts" / "bench" / "profile_command.py"
    command = [PYTHON, script, profile, *import_command(path, year)[1:]]
    seconds = run(command, env=workspace.env(), log_file=workspace.logs / "imports.log")
    return seconds, profile


def profile_request(workspace: Workspace, path: str, name: str) -> Path:
    """cProfile (CPU time) of five in-process GETs of ``path``; returns the dump."""
    profile = workspace.logs / f"{name}.prof"
    script = REPO / "scripts" / "bench" / "profile_request.py"
    run([PYTHON, script, profile, path], env=workspace.env(), log_file=workspace.logs / "web.log")
    return profile


def baseline(workspace: Workspace, csv_path: Path, shape: str, year: int) -> Measured:
    target = workspace.root / f"baseline-{shape}.sqlite3"
    return measure(
        [PYTHON, REPO / "scripts" / "bench" / "baseline_polars.py", csv_path, target, shape, year],
        env=workspace.env(),
        log_file=workspace.logs / "baseline.log",
    )


def sizes(workspace: Workspace) -> dict[str, int]:
    """Areas and current values in the bench database, per level."""
    result: dict[str, int] = {}
    for level, count in query(
        workspace.database, "SELECT level, count(*) FROM areas_area GROUP BY level"
    ):
        result[f"areas {level}"] = count
    for level, count in query(
        workspace.database,
        "SELECT a.level, count(*) FROM monitor_indicatorvalue v "
        "JOIN areas_area a ON a.id = v.area_id WHERE v.is_current GROUP BY a.level",
    ):
        result[f"values {level}"] = count
    result["values"] = query(
        workspace.database, "SELECT count(*) FROM monitor_indicatorvalue WHERE is_current"
    )[0][0]
    result["indicators"] = query(workspace.database, "SELECT count(*) FROM monitor_indicator")[0][0]
    return result


def database_size_mib(workspace: Workspace) -> float:
    return workspace.database.stat().st_size / 1024 / 1024
