"""Run a manage.py command under cProfile, counting CPU time (not wall time).

    python profile_command.py OUT.prof manage.py import_kwb_values FILE --vintage 2023

CPU time keeps other processes on the machine out of the profile; time spent waiting for the
disk is therefore not in it either (the benchmark's wall times are).
"""

from __future__ import annotations

import cProfile
import runpy
import sys
import time


def main() -> None:
    out, script, *args = sys.argv[1:]
    sys.argv = [script, *args]
    profiler = cProfile.Profile(time.process_time)
    try:
        profiler.runcall(runpy.run_path, script, run_name="__main__")
    finally:
        profiler.dump_stats(out)


if __name__ == "__main__":
    main()
