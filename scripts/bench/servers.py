"""The two servers under test, each a real HTTP server on a free localhost port.

Woonmonitor runs under gunicorn (one sync worker, DEBUG off) and logs every request's
server-side time (``%(D)s``, microseconds from the request read to the last byte sent);
Datasette runs immutable (its mode for published data) with limits raised so one request can
return every row.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from common import REPO, VENV_BIN, Workspace, log
from http_timing import REQUEST_LIMIT_S

#: gunicorn access log line: method|path|query|status|microseconds
ACCESS_FORMAT = "%(m)s|%(U)s|%(q)s|%(s)s|%(D)s"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(
    port: int, path: str, process: subprocess.Popen | None = None, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"Server on port {port} stopped with code {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"Server on port {port} did not answer {path} within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    """Stop the server and every process it started (its own process group): a gunicorn worker
    stuck in a request must not outlive its master."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # the leader has exited; make sure no child of it is left behind
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        break


@contextmanager
def gunicorn(
    workspace: Workspace, access_log: Path, *, workers: int = 1, env: dict[str, str] | None = None
):
    """Woonmonitor as in production: gunicorn, DEBUG off; yields the port.

    ``env`` replaces the workspace's environment (the load test on another database)."""
    port = free_port()
    access_log.parent.mkdir(parents=True, exist_ok=True)
    access_log.write_text("")
    error_log = access_log.with_name("gunicorn-error.log")
    command = [
        str(VENV_BIN / "gunicorn"),
        "woonmonitor.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(REQUEST_LIMIT_S),
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        ACCESS_FORMAT,
        "--error-logfile",
        str(error_log),
    ]
    log(f"gunicorn op poort {port} ({workers} sync worker(s), DEBUG uit)")
    process = subprocess.Popen(
        command, cwd=REPO, env=env or workspace.env(debug=False), start_new_session=True
    )
    try:
        wait_until_up(port, "/healthz", process)
        yield port
    finally:
        _stop(process)


@contextmanager
def datasette(database: Path, log_file: Path, max_rows: int):
    """Datasette serving ``database`` immutably; yields the port."""
    port = free_port()
    command = [
        str(VENV_BIN / "datasette"),
        "serve",
        "-i",
        str(database),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "max_returned_rows",
        str(max_rows),
        "--setting",
        "sql_time_limit_ms",
        "60000",
    ]
    log(f"datasette op poort {port} (immutable, max_returned_rows={max_rows})")
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("w") as handle:
        process = subprocess.Popen(
            command, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_until_up(port, "/-/versions.json", process)
            yield port
        finally:
            _stop(process)


def server_times(access_log: Path) -> list[tuple[str, int, float]]:
    """(path with query, status, milliseconds) for every request in a gunicorn access log."""
    entries = []
    for line in access_log.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("|")
        if len(parts) != 5:
            continue
        method, path, query, status, micros = parts
        if method != "GET" or not micros.isdigit() or not status.isdigit():
            continue
        target = f"{path}?{query}" if query else path
        entries.append((target, int(status), int(micros) / 1000))
    return entries
