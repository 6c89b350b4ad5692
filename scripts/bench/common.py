"""Shared plumbing of the benchmark: paths, the environment of the bench database, subprocesses,
the machine description."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parents[1]
VENV_BIN = REPO / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
DATA_DIR = Path(os.environ.get("WOONMONITOR_DATA_DIR") or REPO.parent / "shared" / "data")
KWB_2024 = DATA_DIR / "kwb-2024-gm-wk" / "stripped_filtered_data_2024.json"

_STARTED = time.perf_counter()


def log(message: str) -> None:
    elapsed = time.perf_counter() - _STARTED
    minutes, seconds = divmod(int(elapsed), 60)
    print(f"[bench {minutes:02d}:{seconds:02d}] {message}", flush=True)


@dataclass(frozen=True)
class Workspace:
    """Where one benchmark run keeps its files (never the development database)."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "bench.sqlite3"

    @property
    def datasette_db(self) -> Path:
        return self.root / "datasette.sqlite3"

    @property
    def static_root(self) -> Path:
        path = self.root / "static"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def files(self) -> Path:
        return self.root / "files"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def database_url(self) -> str:
        return f"sqlite:///{self.database}"

    def env(self, *, debug: bool = False) -> dict[str, str]:
        """The environment of every Django process of the benchmark."""
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url(),
            DJANGO_SETTINGS_MODULE="bench_settings",
            PYTHONPATH=os.pathsep.join(
                filter(None, [str(BENCH_DIR / "djangoconf"), os.environ.get("PYTHONPATH")])
            ),
            DJANGO_DEBUG="1" if debug else "0",
            DJANGO_SECRET_KEY="benchmark-only-secret-key-not-used-anywhere-else",
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            # production settings, but plain http on localhost: no redirect to https
            DJANGO_SECURE_SSL_REDIRECT="0",
            WOONMONITOR_DATA_DIR=str(DATA_DIR),
            PYTHONUNBUFFERED="1",
            BENCH_STATIC_ROOT=str(self.static_root),
        )
        env.pop("REDIS_URL", None)
        env.pop("WOONMONITOR_DEVELOPMENT", None)  # production settings, as measured
        return env


def run(command: list[str], *, env: dict[str, str], log_file: Path, quiet: bool = False) -> float:
    """Run a command to completion, output to ``log_file``; return the wall time in seconds.

    On failure the tail of the log is printed and the benchmark stops.
    """
    log_file.parent.mkdir(parents=True, exist_ok=True)
    if not quiet:
        log("$ " + " ".join(str(part) for part in command))
    started = time.perf_counter()
    with log_file.open("a", encoding="utf-8") as handle:
        completed = subprocess.run(
            [str(part) for part in command],
            cwd=REPO,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            check=False,
        )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        tail = log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        print("\n".join(tail), file=sys.stderr)
        raise SystemExit(f"Failed ({completed.returncode}): {' '.join(map(str, command))}")
    return elapsed


def manage(*args: str) -> list[str]:
    return [str(PYTHON), "manage.py", *args]


def machine() -> dict[str, str]:
    """Cores, memory and CPU model from /proc; Python and SQLite versions."""
    info = {
        "cores": str(os.cpu_count() or "?"),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": f"{platform.system()} {platform.release()}",
    }
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        info["ram"] = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


def commit() -> str:
    """The checked-out commit, read from .git without running git."""
    git = REPO / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head[5:]
        ref_file = git / ref
        if ref_file.is_file():
            return ref_file.read_text().strip()[:12]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0][:12]
    except OSError:
        pass
    return "unknown"


def query(database: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """A read-only query on a SQLite file."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()
