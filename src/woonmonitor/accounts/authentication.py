"""Who is calling: the password backend with its lockout, and the API's authentication classes.

- ``ThrottledModelBackend`` (the only entry of ``AUTHENTICATION_BACKENDS``) refuses a password
  login while the account or the client address is locked (``throttling``), for every way in:
  the login page, the admin login and the API's HTTP basic auth. It leaves the lockout on the
  request (``LOCKOUT_ATTRIBUTE``) so the page and the API can say how long to wait; the
  failures themselves are counted by the ``user_login_failed`` receiver in ``signals.py``.
- ``TokenAuthentication`` (``Authorization: Token <token>`` or ``Bearer <token>``) comes first
  in ``REST_FRAMEWORK``: its ``WWW-Authenticate`` challenge turns DRF's "not authenticated"
  into 401. A token acts as its user, so the user's memberships decide what it may do.
- ``ThrottledBasicAuthentication`` answers 429 with ``Retry-After`` while locked.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    BasicAuthentication,
    get_authorization_header,
)
from rest_framework.request import Request

from . import throttling
from .models import ApiToken, User
from .tokens import hash_token

#: The request attribute with the lockout that refused a password login (or None).
LOCKOUT_ATTRIBUTE = "login_lockout"
#: ``last_used_at`` is written at most this often per token.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ThrottledModelBackend(ModelBackend):
    """Django's username and password check, refused while throttled."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if request is not None and username is not None:
            lockout = throttling.login_lockout(request, username)
            setattr(request, LOCKOUT_ATTRIBUTE, lockout)
            if lockout is not None:
                # Django stops at PermissionDenied and sends user_login_failed, which the
                # receiver does not count: a refused attempt checks no password.
                raise PermissionDenied(throttling.login_message(lockout))
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_of(request: HttpRequest | Request | None) -> throttling.Lockout | None:
    """The lockout that refused this request's password login, if that is why it failed."""
    return getattr(request, LOCKOUT_ATTRIBUTE, None) if request is not None else None


class LockedOut(exceptions.Throttled):
    """429 with ``Retry-After``, and the same Dutch sentence as the login page."""

    default_code = "locked_out"

    def __init__(self, lockout: throttling.Lockout) -> None:
        exceptions.APIException.__init__(self, throttling.login_message(lockout), self.default_code)
        self.wait = lockout.seconds


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Token <token>`` (or ``Bearer``) for machine clients of the parties."""

    keywords = (b"token", b"bearer")
    www_authenticate_realm = "api"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None  # another scheme, or none: the next class may try
        lockout = throttling.address_lockout(request)
        if lockout is not None:
            raise LockedOut(lockout)
        token = self.find(parts)
        if token is None or not token.user.is_active:
            throttling.record_address_failure(request)
            raise exceptions.AuthenticationFailed(
                _("Deze API-sleutel is onbekend, ingetrokken of verlopen.")
            )
        self.mark_used(token)
        return token.user, token

    @staticmethod
    def find(parts: list[bytes]) -> ApiToken | None:
        if len(parts) != 2:
            return None
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            return None
        return (
            ApiToken.objects.active()
            .select_related("user")
            .filter(secret_hash=hash_token(secret))
            .first()
        )

    @staticmethod
    def mark_used(token: ApiToken) -> None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now

    def authenticate_header(self, request: Request) -> str:
        return f'Token realm="{self.www_authenticate_realm}"'


class ThrottledBasicAuthentication(BasicAuthentication):
    """HTTP basic auth through ``ThrottledModelBackend``: 429 while locked."""

    def authenticate_credentials(
        self, userid: str, password: str, request: Request | None = None
    ) -> tuple[User, None]:
        try:
            user, _auth = super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            lockout = lockout_of(request)
            if lockout is not None:
                raise LockedOut(lockout) from None
            raise
        throttling.clear_login_failures(userid)
        return user, None


# ----------------------------------------------------------------------------- OpenAPI


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "An API token made on /mijn-account/, sent as `Authorization: Token <token>` "
                "or `Authorization: Bearer <token>`. It acts as its user. Unknown, revoked or "
                "expired tokens get 401; too many failures from one address get 429 with "
                "Retry-After."
            ),
        }


class BasicScheme(OpenApiAuthenticationExtension):
    target_class = ThrottledBasicAuthentication
    name = "basicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "basic",
            "description": (
                "Username and password. After repeated failures for an account or from an "
                "address, 429 with Retry-After until the lockout ends."
            ),
        }
