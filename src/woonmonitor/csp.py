"""The Content-Security-Policy header on every response.

Django 5.2 has no CSP support of its own; this middleware reads the policy from the setting
``SECURE_CSP`` (a dict of directive -> list of sources) in the shape Django 6.0's built-in
``django.middleware.csp.ContentSecurityPolicyMiddleware`` reads, so the upgrade can swap this
module for Django's. A view that needs another policy (the API documentation: Swagger UI and
ReDoc inject styles) is wrapped in :func:`csp_override`; a single response gets one with
:func:`use_policy` (the API's browsable HTML pages, ``api/renderers.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
#: Where a view's own policy travels from :func:`csp_override` to the middleware.
RESPONSE_ATTRIBUTE = "_csp_policy"

Policy = Mapping[str, Sequence[str]]


def build_policy(policy: Policy) -> str:
    """``{"default-src": ["'self'"], ...}`` -> ``"default-src 'self'; ..."``.

    Empty sources (an unset tile host) are left out, and so are repeated ones."""
    parts = []
    for directive, sources in policy.items():
        sources = [source for source in sources if source]
        parts.append(" ".join([directive, *dict.fromkeys(sources)]))
    return "; ".join(parts)


def tile_source(url: str) -> str:
    """The CSP source of a tile URL template: its scheme and host (``https://service.pdok.nl``).

    A placeholder in the leftmost label (``https://{s}.tile.example.org/{z}/{x}/{y}.png``) becomes
    the CSP wildcard ``*``; an empty URL (no tiles) gives no source.
    """
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"MAP_TILE_URL is not an http(s) URL: {url!r}")
    host = parts.netloc
    first, _dot, rest = host.partition(".")
    if "{" in first and rest:
        host = f"*.{rest}"
    if "{" in host:
        raise ImproperlyConfigured(
            f"MAP_TILE_URL may only have a placeholder in the leftmost part of its host: {url!r}"
        )
    return f"{parts.scheme}://{host}"


def use_policy(response: HttpResponse, policy: Policy) -> None:
    """Give this one response ``policy`` instead of ``SECURE_CSP``."""
    setattr(response, RESPONSE_ATTRIBUTE, build_policy(policy))


def csp_override(policy: Policy) -> Callable:
    """Give one view its own policy instead of ``SECURE_CSP`` (works on ``as_view()`` too)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            use_policy(response, policy)
            return response

        return wrapped

    return decorator


class ContentSecurityPolicyMiddleware:
    """Adds ``SECURE_CSP`` (or the view's own policy) to every response that has none yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = build_policy(getattr(settings, "SECURE_CSP", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            header = getattr(response, RESPONSE_ATTRIBUTE, None) or self.header
            if header:
                response[HEADER] = header
        return response
