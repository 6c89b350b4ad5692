"""Profile GET requests in-process (CPU time) through Django's test client.

    python profile_request.py OUT.prof /api/v1/indicators/inwoners/values/?level=buurt

Three warm-up requests, then five profiled ones. The test client runs the same middleware and
views as gunicorn does, without the HTTP server; the environment (database, settings) is the
benchmark's.
"""

from __future__ import annotations

import cProfile
import os
import sys
import time

WARMUP = 3
PROFILED = 5


def main() -> None:
    out, path = sys.argv[1:3]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    for _ in range(WARMUP):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} gave {response.status_code}")
    profiler = cProfile.Profile(time.process_time)
    for _ in range(PROFILED):
        profiler.runcall(client.get, path)
    profiler.dump_stats(out)


if __name__ == "__main__":
    main()
