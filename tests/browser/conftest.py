"""Browser tests: Debian Chromium driven by Playwright against a real server.

A session-wide server is built the way `make run` builds it (migrate, the
Drenthe demo data, organisations, demo users) in a throw-away SQLite file,
then served by Django on a free port. Screenshots are kept in
``test-artifacts/screenshots`` for people to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "Drenthe-demo-2026"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory) -> Path:
    """The folder the test server writes its e-mails to, one file per message."""
    return tmp_path_factory.mktemp("browser-mail")


@pytest.fixture(scope="session")
def server(tmp_path_factory, mailbox):
    database = tmp_path_factory.mktemp("browser-db") / "woonmonitor.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        # As `make run`: the development switch (plain http, static files from the source),
        # DEBUG off, so the pages are what a visitor sees, under the real Content-Security-Policy.
        "WOONMONITOR_DEVELOPMENT": "1",
        "DJANGO_DEBUG": "0",
        "EMAIL_FILE_PATH": str(mailbox),
        # No internet here: the maps must show the areas without tiles.
        "MAP_TILE_URL": os.environ.get("MAP_TILE_URL", "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"),
    }
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "load_demo_data")
    _manage(env, "load_monitor_data")
    _manage(env, "load_area_groups")
    _manage(env, "load_organisations")
    _manage(env, "load_demo_agreements")
    _manage(env, "load_allocation_data")
    _manage(env, "load_programming_data")
    _manage(env, "create_demo_users", "--password", DEMO_PASSWORD)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError("the test server did not start")
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian chromium is not installed: run `make system-deps`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe(page):
    """Run axe-core on the current page; return serious and critical violations."""

    def check() -> list[dict]:
        # Evaluated through the DevTools protocol, which the page's CSP does not govern (a
        # <script> tag with axe inline would be refused, and counted as a violation).
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        summary = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in bad
        ]
        assert not bad, json.dumps(summary, indent=2)
        return result["violations"]

    return check


@pytest.fixture
def login(page, server):
    def as_user(username: str) -> None:
        page.goto(f"{server}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()

    return as_user
