"""Secure by default: settings, headers, the Content-Security-Policy and the error pages.

The production settings are checked in a subprocess (settings are read once per process): the
test runner itself runs with the development switch (``woonmonitor.settings_test``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.test import Client

from woonmonitor.csp import build_policy, tile_source

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "src" / "woonmonitor").glob("**/templates/**/*.html"))
#: Rendered by WeasyPrint into PDFs, never served to a browser as HTML.
PDF_TEMPLATES = {
    "monitor/factsheet_pdf.html",
    "reports/locatieatlas_pdf.html",
    "reports/progress_report.html",
    "reports/woonzorg_pdf.html",
}
#: The documented production variables (README, "Installeren op PostgreSQL (productie)").
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-key-for-the-test-only-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "woonmonitor.example.nl",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://woonmonitor.example.nl",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}
#: What the environment of a test subprocess must not inherit from the test runner.
INHERITED = (
    "WOONMONITOR_DEVELOPMENT",
    "DJANGO_DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
)


def django_process(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Run ``code`` after ``django.setup()`` with ``woonmonitor.settings`` and only ``env``."""
    clean = {key: value for key, value in os.environ.items() if key not in INHERITED}
    clean.update(
        DJANGO_SETTINGS_MODULE="woonmonitor.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
        PYTHONPATH=str(ROOT / "src"),
        **env,
    )
    script = f"import django\ndjango.setup()\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script], env=clean, cwd=ROOT, capture_output=True, text=True
    )


def settings_in(env: dict[str, str], tmp_path: Path, *names: str) -> dict:
    code = (
        "import json\nfrom django.conf import settings\n"
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    done = django_process(code, env, tmp_path)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# ----------------------------------------------------------------------------- settings


@pytest.mark.parametrize("key", ["", "insecure-development-key-change-me"])
def test_without_the_development_switch_a_secret_key_is_required(tmp_path, key):
    done = django_process("", {"DJANGO_SECRET_KEY": key}, tmp_path)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "DJANGO_SECRET_KEY" in done.stderr and "WOONMONITOR_DEVELOPMENT=1" in done.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    development = {"WOONMONITOR_DEVELOPMENT": "1"}
    assert settings_in(development, tmp_path, "DEBUG") == {"DEBUG": False}
    assert settings_in(PRODUCTION_ENV, tmp_path, "DEBUG") == {"DEBUG": False}
    asked = {**development, "DJANGO_DEBUG": "1"}
    assert settings_in(asked, tmp_path, "DEBUG") == {"DEBUG": True}


def test_production_is_secure_by_default(tmp_path):
    found = settings_in(
        PRODUCTION_ENV,
        tmp_path,
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "WHITENOISE_USE_FINDERS",
    )
    assert found == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "WHITENOISE_USE_FINDERS": False,
    }
    staticfiles = settings_in(PRODUCTION_ENV, tmp_path, "STORAGES")["STORAGES"]["staticfiles"]
    assert staticfiles["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_every_https_setting_can_be_turned_off(tmp_path):
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SECURE_HSTS_PRELOAD": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
    }
    found = settings_in(
        env,
        tmp_path,
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    )
    assert not any(found.values()), found


def test_the_development_switch_is_plain_http_with_static_files_from_the_app_folders(tmp_path):
    found = settings_in(
        {"WOONMONITOR_DEVELOPMENT": "1"},
        tmp_path,
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "WHITENOISE_USE_FINDERS",
        "WHITENOISE_AUTOREFRESH",
    )
    assert found == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
        "WHITENOISE_USE_FINDERS": True,
        "WHITENOISE_AUTOREFRESH": True,
    }


def test_check_deploy_is_clean_with_the_documented_production_variables(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in PRODUCTION_ENV:
        assert name in readme, f"{name} is not documented in README.md"
    code = (
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    done = django_process(code, PRODUCTION_ENV, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr


def test_every_variable_the_settings_read_is_documented():
    source = (ROOT / "src" / "woonmonitor" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', source))
    names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', source))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"not in the README's table of variables: {missing}"


# ----------------------------------------------------------------------------- headers and CSP


def test_tile_sources():
    url = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
    assert tile_source(url) == "https://service.pdok.nl"
    assert (
        tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    )
    assert tile_source("http://127.0.0.1:9/tiles/{z}/{x}/{y}.png") == "http://127.0.0.1:9"
    assert tile_source("") == ""
    with pytest.raises(ImproperlyConfigured):
        tile_source("tiles/{z}/{x}/{y}.png")
    with pytest.raises(ImproperlyConfigured):
        tile_source("https://tiles.{s}.example.org/{z}/{x}/{y}.png")
    assert build_policy({"img-src": ["'self'", "", "data:", "'self'"]}) == "img-src 'self' data:"


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/regios/", "/monitor/", "/inloggen/", "/healthz", "/api/v1/indicators/"]
)
def test_every_response_has_the_strict_policy_and_the_security_headers(client, url):
    response = client.get(url)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", tile_source(settings.MAP_TILE_URL)]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_documentation_has_a_policy_of_its_own(client, url):
    policy = directives(client.get(url)["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]  # no inline scripts there either
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_the_browsable_api_has_the_documentation_policy_and_json_the_strict_one(client):
    html = client.get("/api/v1/indicators/", HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    assert "'unsafe-inline'" in directives(html["Content-Security-Policy"])["style-src"]
    data = client.get("/api/v1/indicators/", HTTP_ACCEPT="application/json")
    assert directives(data["Content-Security-Policy"])["style-src"] == ["'self'"]


def test_pages_have_no_inline_scripts_styles_or_event_handlers():
    """The policy forbids them; the browser test checks the rendered pages."""
    found = []
    for path in TEMPLATES:
        name = path.as_posix().split("/templates/", 1)[1]
        if name in PDF_TEMPLATES or name.startswith("drf_spectacular/"):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)",
            r"<style",
            r"\sstyle=",
            r"\son[a-z]+=",
            "javascript:",
        ):
            if re.search(pattern, text):
                found.append(f"{name}: {pattern}")
    assert not found, found


def test_htmx_injects_no_style_element():
    base = (ROOT / "src" / "woonmonitor" / "templates" / "base.html").read_text(encoding="utf-8")
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>""" in base


# ----------------------------------------------------------------------------- error pages


def no_traceback(html: str) -> None:
    for leak in ("Traceback", "RuntimeError", "a bug in a view", "settings.py", "DEBUG"):
        assert leak not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_a_failing_view_gives_the_dutch_500_page():
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    response = client.get("/test-fout/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Er ging iets mis" in html and "Foutcode 500" in html
    assert "Content-Security-Policy" in response
    no_traceback(html)


def test_the_500_page_needs_no_request_and_no_database():
    html = render_to_string("500.html")  # no django_db mark: a query would fail the test
    assert "Er ging iets mis" in html and "/static/woonmonitor/css/site.css" in html


@pytest.mark.django_db
def test_an_unknown_page_gives_the_dutch_404_page(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html and "Foutcode 404" in html
    assert 'href="/monitor/"' in html  # the site's navigation
    no_traceback(html)


@pytest.mark.django_db
def test_an_unknown_host_gives_the_dutch_400_page(client):
    response = client.get("/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ongeldige aanvraag" in html and "Foutcode 400" in html
    no_traceback(html)


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_a_refusal_gives_the_dutch_403_page(client):
    response = client.get("/test-verboden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Geen toegang" in html and "Foutcode 403" in html
    assert "U mag dit niet." in html  # the reason the view gave (Dutch in this code base)


@pytest.mark.django_db
def test_a_failed_csrf_check_gives_the_dutch_403_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulier verlopen" in html
    no_traceback(html)
