"""Settings of the test runner: ``woonmonitor.settings`` on a development machine.

``pyproject.toml`` points pytest-django here, so ``pytest`` needs no exported variable; no
server loads this module (``manage.py``, ``wsgi.py`` and the browser tests' server use
``woonmonitor.settings`` with the environment they are given).
"""

import os

os.environ["WOONMONITOR_DEVELOPMENT"] = "1"

from woonmonitor.settings import *  # noqa: E402, F403

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A test database in a file, not in memory: the concurrency tests write from several
    # threads and processes at once, as a web server does, which an in-memory database with a
    # shared cache does not model (it answers "table is locked" instead of waiting).
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(
            os.environ.get("TMPDIR", "/tmp"), f"woonmonitor-test-{os.getpid()}.sqlite3"
        )
    }
