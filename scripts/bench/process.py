"""Run one process and measure it: wall time and peak memory (max RSS) of that process alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from common import REPO, log


@dataclass(frozen=True)
class Measured:
    seconds: float
    max_rss_mib: float
    #: user + system CPU time of the process (less sensitive to other load than wall time)
    cpu_seconds: float = 0.0


def measure(command: list[str], *, env: dict[str, str], log_file: Path) -> Measured:
    """Wall time from start to exit, and ``ru_maxrss`` of the process from ``wait4``.

    ``wait4`` gives the resource use of exactly this child (``RUSAGE_CHILDREN`` would mix in
    every earlier child of the benchmark).
    """
    log_file.parent.mkdir(parents=True, exist_ok=True)
    log("$ " + " ".join(str(part) for part in command))
    with log_file.open("a", encoding="utf-8") as handle:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in command],
            cwd=REPO,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        print("\n".join(tail), file=sys.stderr)
        raise SystemExit(f"Failed ({process.returncode}): {' '.join(map(str, command))}")
    return Measured(
        seconds=seconds,
        max_rss_mib=usage.ru_maxrss / 1024,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
    )
