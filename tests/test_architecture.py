"""Dependencies point one way (docs/developers/architecture.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "woonmonitor"
FOUNDATION = {
    "imports": set(),
    "accounts": {"imports"},
    "areas": {"imports", "accounts"},
    # A shared pure package (SVG charts, no models, no database), not an app: it imports no
    # app, so every app may import it.
    "charts": set(),
}
CAPABILITIES = {"housing", "monitor", "allocation", "programming", "agreements"}
TOP = {"reports", "api"}
#: Capability apps that build on the monitor's figures (populations, older people, stock) may read
#: them through ``monitor.figures`` and write derived indicators through ``monitor.services``; no
#: other monitor module, and the monitor never imports them (ADR 12).
MONITOR_DOORS = {"woonmonitor.monitor.figures", "woonmonitor.monitor.services"}
READS_MONITOR = {"allocation", "programming"}
#: Programming shows the new-build associations report in the agreements beside CBS's figures,
#: through this one module (ADR 13); the agreements never import programming.
AGREEMENT_DOORS = {"woonmonitor.agreements.production"}
READS_AGREEMENTS = {"programming"}


def imported_modules(app: str) -> set[str]:
    """Every ``woonmonitor.*`` module imported by ``app`` outside its tests and migrations."""
    found = set()
    for path in (SRC / app).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # ``from woonmonitor.monitor import figures`` imports the module ``figures``
                package = SRC.joinpath(*node.module.split(".")[1:])
                for alias in node.names:
                    is_module = (package / f"{alias.name}.py").exists()
                    found.add(f"{node.module}.{alias.name}" if is_module else node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("woonmonitor.")}


def imported_apps(app: str) -> set[str]:
    found = set()
    for path in (SRC / app).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "woonmonitor" and len(parts) > 1 and (SRC / parts[1]).is_dir():
                    found.add(parts[1])
    return found - {app}


@pytest.mark.parametrize("app", sorted(FOUNDATION))
def test_foundation_apps_import_only_lower_foundation_apps(app):
    assert imported_apps(app) <= FOUNDATION[app]


@pytest.mark.parametrize("app", sorted(CAPABILITIES - {"agreements"}))
def test_capability_apps_import_only_the_foundation(app):
    if not (SRC / app).is_dir():
        pytest.fail(f"app {app} is missing")
    allowed = set(FOUNDATION) | ({"monitor"} if app in READS_MONITOR else set())
    allowed |= {"agreements"} if app in READS_AGREEMENTS else set()
    assert imported_apps(app) <= allowed


@pytest.mark.parametrize("app", sorted(READS_MONITOR))
def test_monitor_is_read_only_through_its_doors(app):
    into_monitor = {
        name for name in imported_modules(app) if name.startswith("woonmonitor.monitor")
    }
    assert into_monitor <= MONITOR_DOORS


def test_the_monitor_does_not_import_the_apps_that_read_it():
    assert not imported_apps("monitor") & READS_MONITOR


def test_nothing_below_the_top_imports_the_api_or_reports():
    for app in [*FOUNDATION, *CAPABILITIES]:
        assert not imported_apps(app) & TOP, app


# ----------------------------------------------------------------------------- access rules

#: Who may write, "member of", "province reader", "platform admin" and the login redirect live in
#: ``accounts.access``; other apps ask it instead of reading roles or staff flags themselves.
ACCESS_PATTERNS = {
    "a staff check": re.compile(r"\.is_staff\b(?!\s*=[^=])"),
    "a role filter": re.compile(r"memberships__role|\brole__in\b|\brole=(Role|WRITE)"),
    "a role constant": re.compile(r"\bRole\.(EDITOR|ADMIN|READER)\b|[\"'](editor|admin)[\"']"),
    "the province by kind": re.compile(r"kind=[\"']province[\"']|__kind=[\"']province[\"']"),
    "a login redirect": re.compile(r"\bredirect_to_login\b"),
}
#: ``imports`` sits below ``accounts`` and cannot ask it: its one staff check is the exception.
ACCESS_EXCEPTIONS = {("imports", "querysets.py", "a staff check")}


def access_offences() -> list[str]:
    found = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC)
        app = relative.parts[0]
        if app == "accounts" or {"tests", "migrations", "management"} & set(relative.parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            for what, pattern in ACCESS_PATTERNS.items():
                if pattern.search(code) and (app, relative.name, what) not in ACCESS_EXCEPTIONS:
                    found.append(f"{relative}:{number}: {what}: {line.strip()}")
    return found


def test_access_rules_are_asked_of_accounts_access():
    assert access_offences() == []


@pytest.mark.parametrize("app", sorted(READS_AGREEMENTS))
def test_agreements_are_read_only_through_their_door(app):
    into_agreements = {
        name for name in imported_modules(app) if name.startswith("woonmonitor.agreements")
    }
    assert into_agreements <= AGREEMENT_DOORS


def test_the_agreements_do_not_import_the_apps_that_read_them():
    assert not imported_apps("agreements") & READS_AGREEMENTS
