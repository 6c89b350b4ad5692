"""Settings for Woonmonitor.

One file, typed environment helpers, secure defaults: without
``WOONMONITOR_DEVELOPMENT=1`` these are production settings (a secret key is required,
HTTPS, HSTS and secure cookies are on). SQLite is the embedded default and
``DATABASE_URL=postgres://...`` switches to PostgreSQL. Production sets
``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and ``DJANGO_CSRF_TRUSTED_ORIGINS``
(the README lists every variable); ``make run`` and the test runner set the development
switch themselves. ``DEBUG`` is only on with ``DJANGO_DEBUG=1``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from woonmonitor.csp import tile_source

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str) -> str:
    """The variable's value; an unset or empty variable gives the default."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


#: A development machine (``make run``, the test runner): the built-in secret key is allowed and
#: HTTPS is not required. Never set on an installation the public can reach.
DEVELOPMENT = env_bool("WOONMONITOR_DEVELOPMENT", False)
#: Django's debug pages show tracebacks and settings: only on when asked for explicitly.
DEBUG = env_bool("DJANGO_DEBUG", False)
DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY if DEVELOPMENT else "")
if not DEVELOPMENT and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set, or is the development key: set it to a long random "
        "value, e.g. the output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`. "
        "On a development machine set WOONMONITOR_DEVELOPMENT=1 instead (make run does)."
    )
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "testserver"] if DEVELOPMENT else ["127.0.0.1", "localhost"],
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    # Bottom layer
    "woonmonitor.imports",
    "woonmonitor.accounts",
    "woonmonitor.areas",
    # Capabilities (see docs/developers/architecture.md)
    "woonmonitor.housing",
    "woonmonitor.monitor",
    "woonmonitor.agreements",
    "woonmonitor.allocation",
    "woonmonitor.programming",
    # Top layer
    "woonmonitor.api",
    "woonmonitor.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "woonmonitor.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "woonmonitor.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "woonmonitor.urls"
WSGI_APPLICATION = "woonmonitor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "woonmonitor.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'var' / 'woonmonitor.sqlite3'}"),
        conn_max_age=int(env_str("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers take the lock when their transaction begins (not halfway, which SQLite cannot
    # resolve and answers with "database is locked") and wait for each other up to 20 seconds:
    # two people saving at once are served one after the other, and the second one's checks
    # see the first one's data.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:me"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEVELOPMENT or DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# WhiteNoise serves the static files, also under `runserver` (whitenoise.runserver_nostatic):
# in development straight from the app folders, picking up changes, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = DEVELOPMENT or DEBUG
WHITENOISE_AUTOREFRESH = DEVELOPMENT or DEBUG

# ----------------------------------------------------------------------------- uploads
# Spreadsheets and CSV files are read by woonmonitor.imports.tables within its limits; the
# forms refuse a file by its size before reading it. A file above 1 MB goes to a temporary
# file instead of memory, of which imports.uploads keeps no more than any form accepts (5 MB).
# The other fields of a request: at most 2,5 MB (Django's default) and 5.000 fields (the table
# edit form posts 3 per cell; the largest real table has 30 cells).
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "woonmonitor.imports.uploads.BoundedTemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5_000

# ----------------------------------------------------------------------------- HTTPS and headers
# Secure by default; a development machine serves plain http on localhost. Behind a proxy that
# ends TLS, DJANGO_SECURE_PROXY_SSL_HEADER names the header in which it says so (only when the
# proxy always sets that header itself: a client could send it too).
_SECURE = not DEVELOPMENT
_PROXY_HEADER = env_str("DJANGO_SECURE_PROXY_SSL_HEADER", "")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _PROXY_HEADER.upper().replace("-", "_"), "https") if _PROXY_HEADER else None
)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", _SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's health check may use plain http
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000 if _SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", _SECURE)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", _SECURE)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", _SECURE)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", _SECURE)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)  # a working day

# ----------------------------------------------------------------------------- caches
# Local memory on one machine; Redis (REDIS_URL) in production, shared by every worker.
# "documents" holds rendered PDFs, workbooks and large downloads for anonymous visitors
# (woonmonitor.document_cache): its own alias so it can be bounded and emptied on its own.
REDIS_URL = env_str("REDIS_URL", "")
DOCUMENT_CACHE_SECONDS = env_int("WOONMONITOR_DOCUMENT_CACHE_SECONDS", 24 * 60 * 60)
#: A document that takes more than this (bytes, compressed as stored) is not cached.
DOCUMENT_CACHE_MAX_BYTES = env_int("WOONMONITOR_DOCUMENT_CACHE_MAX_BYTES", 16 * 1024 * 1024)
if REDIS_URL:
    _REDIS = "django.core.cache.backends.redis.RedisCache"
    CACHES = {
        "default": {"BACKEND": _REDIS, "LOCATION": REDIS_URL},
        "documents": {
            "BACKEND": _REDIS,
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "documents",
            "TIMEOUT": DOCUMENT_CACHE_SECONDS,
        },
    }
else:
    _LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
    CACHES = {
        "default": {"BACKEND": _LOCMEM, "LOCATION": "woonmonitor"},
        "documents": {
            "BACKEND": _LOCMEM,
            "LOCATION": "woonmonitor-documents",
            "TIMEOUT": DOCUMENT_CACHE_SECONDS,
            # per process; entries are compressed, most are well under 1 MB
            "OPTIONS": {"MAX_ENTRIES": env_int("WOONMONITOR_DOCUMENT_CACHE_ENTRIES", 200)},
        },
    }

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Authentication (accounts): the token class comes first so that "not authenticated"
    # is a 401 with its WWW-Authenticate challenge; basic auth goes through the lockout.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "woonmonitor.accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "woonmonitor.accounts.authentication.ThrottledBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 500,
    # The browsable HTML pages of the API get the API documentation's CSP (woonmonitor.csp).
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "woonmonitor.api.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Woonmonitor API",
    "DESCRIPTION": "Open data over gebieden, regio's en volkshuisvesting in Drenthe.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# ----------------------------------------------------------------------------- authentication
# Login throttling, password reset by e-mail, API tokens (woonmonitor.accounts; see
# accounts/throttling.py and accounts/authentication.py). The backend refuses password logins
# while an account or a client address is locked; the counts live in the database.
AUTHENTICATION_BACKENDS = ["woonmonitor.accounts.authentication.ThrottledModelBackend"]
#: How many trusted proxies in front of the app append to X-Forwarded-For. 0: the header is
#: ignored and the client address is REMOTE_ADDR (a client could forge the header).
WOONMONITOR_PROXY_COUNT = env_int("WOONMONITOR_PROXY_COUNT", 0)
#: Per scope (accounts.models.ThrottleScope): at most this many events per window (seconds).
WOONMONITOR_THROTTLE_LIMITS = {
    "login_account": (5, 15 * 60),  # failed logins per username
    "login_address": (20, 15 * 60),  # failed logins and API tokens per client address
    "reset_email": (3, 60 * 60),  # password-reset requests per e-mail address
    "reset_address": (10, 60 * 60),  # password-reset requests per client address
}
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60  # a reset link works for a day
# E-mail: printed on the console unless EMAIL_HOST is set, then sent by SMTP. EMAIL_FILE_PATH
# (a folder) writes each mail to a file instead, for development and the browser tests.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Woonmonitor <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Map tiles: PDOK BRT-Achtergrondkaart. Configuration, not code: an offline
# installation sets MAP_TILE_URL="" and the maps show the areas without tiles.
MAP_TILE_URL = os.environ.get(
    "MAP_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png",
)
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION", "Kaartgegevens &copy; Kadaster (PDOK BRT-Achtergrondkaart)"
)

# ----------------------------------------------------------------------------- CSP
# On every response (woonmonitor.csp): no inline scripts or styles, nothing from elsewhere but
# the map tiles. Data for scripts travels in json_script blocks, which are not executed.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", tile_source(MAP_TILE_URL)],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The API documentation (Swagger UI, ReDoc) and DRF's browsable HTML pages of the API only: they
# style their pages with inline styles and ReDoc searches in a worker it starts from a blob.
# Scripts stay 'self' (no inline scripts).
SECURE_CSP_API_DOCS = {
    **SECURE_CSP,
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "worker-src": ["'self'", "blob:"],
}

# Where the demo data lives (the repository's sibling ``shared/data``).
WOONMONITOR_DATA_DIR = Path(
    env_str("WOONMONITOR_DATA_DIR", str(PROJECT_DIR.parent / "shared" / "data"))
)
# The real agreement documents the demo imports (the repository's sibling ``shared/seeds``).
WOONMONITOR_SEEDS_DIR = Path(
    env_str("WOONMONITOR_SEEDS_DIR", str(PROJECT_DIR.parent / "shared" / "seeds"))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
