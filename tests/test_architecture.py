"""Dependencies point one way (docs/developers/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "woonmonitor"
FOUNDATION = {"imports": set(), "accounts": {"imports"}, "areas": {"imports", "accounts"}}
CAPABILITIES = {"housing", "monitor", "allocation", "programming", "agreements"}
TOP = {"reports", "api"}


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
    assert imported_apps(app) <= set(FOUNDATION)


def test_nothing_below_the_top_imports_the_api_or_reports():
    for app in [*FOUNDATION, *CAPABILITIES]:
        assert not imported_apps(app) & TOP, app
