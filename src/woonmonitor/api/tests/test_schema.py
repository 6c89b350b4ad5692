"""The committed OpenAPI schema must match the code, and be valid.

Regenerate docs/openapi.yaml after changing the API (from the repository root):

    .venv/bin/python manage.py spectacular --file docs/openapi.yaml --validate
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

COMMITTED_SCHEMA = Path(settings.PROJECT_DIR) / "docs" / "openapi.yaml"
REGENERATE = ".venv/bin/python manage.py spectacular --file docs/openapi.yaml --validate"


def generate_schema(tmp_path: Path, *extra: str) -> str:
    target = tmp_path / "openapi.yaml"
    # Like manage.py: the schema's labels come from the default language.
    with translation.override(settings.LANGUAGE_CODE):
        call_command("spectacular", "--file", str(target), *extra)
    return target.read_text(encoding="utf-8")


def test_committed_schema_is_up_to_date(tmp_path):
    generated = generate_schema(tmp_path)
    committed = COMMITTED_SCHEMA.read_text(encoding="utf-8") if COMMITTED_SCHEMA.exists() else ""
    diff = ""
    if generated != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                generated.splitlines(keepends=True),
                "docs/openapi.yaml (committed)",
                "generated",
                n=2,
            )
        )
    assert generated == committed, (
        f"docs/openapi.yaml is out of date; regenerate it with\n    {REGENERATE}\n\n{diff}"
    )


def test_schema_validates_without_warnings(tmp_path):
    schema = generate_schema(tmp_path, "--validate", "--fail-on-warn")
    assert schema.startswith("openapi: 3.")


@pytest.mark.django_db
def test_schema_and_documentation_are_served_without_cdn(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/areas/{code}/geometry/" in schema.content
    # Swagger UI's start script is a file of its own (the page's CSP allows no inline script)
    for url, asset, start in (
        ("/api/v1/docs/", "drf_spectacular_sidecar/swagger-ui-dist/", "/api/v1/docs/?script="),
        ("/api/v1/redoc/", "drf_spectacular_sidecar/redoc/", "/api/v1/redoc/"),
    ):
        page = client.get(url).content.decode()
        assert asset in page, url
        assert "cdn.jsdelivr.net" not in page and "fonts.googleapis.com" not in page, url
        assert "/api/v1/schema/" in page + client.get(start).content.decode(), url
