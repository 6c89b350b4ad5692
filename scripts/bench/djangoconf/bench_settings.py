"""Production settings (DEBUG off through the environment), with one change for the benchmark.

Static files use the plain storage instead of the manifest storage, and an empty static root of
the benchmark's own, so the benchmark needs no ``collectstatic``: a page only builds
``/static/...`` URLs, which costs the same either way, and no static file is fetched. The cache of
rendered documents is off unless ``BENCH_DOCUMENT_CACHE=on`` (the load test). Everything else,
including the database, comes from the environment exactly as in production.
"""

import os
from pathlib import Path

from woonmonitor.settings import *  # noqa: F403
from woonmonitor.settings import CACHES, STORAGES

# The benchmark's own (empty) static root, so nothing is read from or written to var/staticfiles.
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# (a) and (c) time the work of a request, not the cache of rendered documents in front of it
# (woonmonitor.document_cache: the values of a whole level are cached for anonymous callers).
# The load test turns it on again (BENCH_DOCUMENT_CACHE=on), as it is in production.
if os.environ.get("BENCH_DOCUMENT_CACHE") != "on":
    CACHES = {**CACHES, "documents": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
