"""Throttling of failed logins and of password-reset mails, shared by every process.

The counts live in the database, one ``ThrottleEvent`` row per counted event, so they hold
across gunicorn workers and machines, on SQLite and PostgreSQL alike, and every test starts
from an empty table. Each scope has a limit per window (``WOONMONITOR_THROTTLE_LIMITS`` in
the settings): a key with ``limit`` events in the last ``window`` seconds is locked until the
oldest of them leaves the window. Refused attempts are not counted (the password is not even
checked), so a lockout ends on time; a successful login clears the account's count, not the
address's.

Who counts what:

- every failed password login (login page, admin, the API's HTTP basic auth): per account
  (the username, case-insensitive, existing or not) and per client address;
- every failed API token: per client address;
- every password-reset request: per e-mail address (existing or not) and per client address.

The client address is ``REMOTE_ADDR`` unless ``WOONMONITOR_PROXY_COUNT`` says how many
trusted proxies append to ``X-Forwarded-For``; only then is that header read, from the right.
IPv6 addresses count per /64, the block one household or server usually gets.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from .models import ThrottleEvent, ThrottleScope

UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True)
class Lockout:
    """A refusal: the scope that is full and how long until one more attempt is allowed."""

    scope: str
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


# ----------------------------------------------------------------------------- keys


def client_address(request: HttpRequest) -> str:
    """The client's address as the throttling key (see the module docstring)."""
    address = request.META.get("REMOTE_ADDR") or ""
    proxies = int(getattr(settings, "WOONMONITOR_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        # Each trusted proxy appends the address it was connected from; whatever stands
        # further left was sent by the client and may be forged.
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return normalise_address(address)


def normalise_address(value: str) -> str:
    """An IP address as text; IPv6 as its /64 network; ports and brackets removed."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return UNKNOWN_ADDRESS
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def account_key(username: str) -> str:
    return str(username).strip().casefold()[:150]


def email_key(email: str) -> str:
    return str(email).strip().casefold()[:254]


# ----------------------------------------------------------------------------- counting


def limits(scope: str) -> tuple[int, timedelta]:
    limit, seconds = settings.WOONMONITOR_THROTTLE_LIMITS[scope]
    return int(limit), timedelta(seconds=int(seconds))


def lockout(*, scope: str, key: str, now: datetime | None = None) -> Lockout | None:
    """The lockout of this key in this scope, or None when one more attempt is allowed."""
    limit, window = limits(scope)
    now = now or timezone.now()
    times = list(
        ThrottleEvent.objects.filter(scope=scope, key=key, at__gt=now - window)
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if len(times) < limit:
        return None
    seconds = math.ceil((times[-1] + window - now).total_seconds())
    return Lockout(scope=scope, seconds=max(seconds, 1))


def longest(*lockouts: Lockout | None) -> Lockout | None:
    refusals = [refusal for refusal in lockouts if refusal is not None]
    return max(refusals, key=lambda refusal: refusal.seconds) if refusals else None


def record(*, scope: str, key: str, now: datetime | None = None) -> None:
    """Count one event; forget the events no window looks at any more."""
    now = now or timezone.now()
    ThrottleEvent.objects.create(scope=scope, key=key[:254], at=now)
    oldest_window = max(limits(other)[1] for other in ThrottleScope.values)
    ThrottleEvent.objects.filter(at__lt=now - oldest_window).delete()


def clear(*, scope: str, key: str) -> None:
    ThrottleEvent.objects.filter(scope=scope, key=key).delete()


# ----------------------------------------------------------------------------- logins


def login_lockout(request: HttpRequest, username: str) -> Lockout | None:
    """Whether a password login for this username from this client must be refused."""
    return longest(
        lockout(scope=ThrottleScope.LOGIN_ACCOUNT, key=account_key(username)),
        address_lockout(request),
    )


def address_lockout(request: HttpRequest) -> Lockout | None:
    return lockout(scope=ThrottleScope.LOGIN_ADDRESS, key=client_address(request))


def record_login_failure(request: HttpRequest, username: str | None) -> None:
    now = timezone.now()
    if username:
        record(scope=ThrottleScope.LOGIN_ACCOUNT, key=account_key(username), now=now)
    record(scope=ThrottleScope.LOGIN_ADDRESS, key=client_address(request), now=now)


def record_address_failure(request: HttpRequest) -> None:
    """A failed attempt without an account (an unknown or revoked API token)."""
    record(scope=ThrottleScope.LOGIN_ADDRESS, key=client_address(request))


def clear_login_failures(username: str) -> None:
    """After a successful login or password reset: the account's count starts again."""
    clear(scope=ThrottleScope.LOGIN_ACCOUNT, key=account_key(username))


def login_message(lockout: Lockout) -> str:
    return ngettext(
        "Te veel mislukte inlogpogingen. Om misbruik te voorkomen kunt u pas over "
        "%(count)d minuut opnieuw inloggen.",
        "Te veel mislukte inlogpogingen. Om misbruik te voorkomen kunt u pas over "
        "%(count)d minuten opnieuw inloggen.",
        lockout.minutes,
    ) % {"count": lockout.minutes}


# ----------------------------------------------------------------------------- password reset


def reset_lockout(request: HttpRequest, email: str) -> Lockout | None:
    return longest(
        lockout(scope=ThrottleScope.RESET_EMAIL, key=email_key(email)),
        lockout(scope=ThrottleScope.RESET_ADDRESS, key=client_address(request)),
    )


def record_reset_request(request: HttpRequest, email: str) -> None:
    now = timezone.now()
    record(scope=ThrottleScope.RESET_EMAIL, key=email_key(email), now=now)
    record(scope=ThrottleScope.RESET_ADDRESS, key=client_address(request), now=now)


def reset_message(lockout: Lockout) -> str:
    return ngettext(
        "Er is te vaak een nieuw wachtwoord aangevraagd. Probeer het over %(count)d minuut "
        "opnieuw.",
        "Er is te vaak een nieuw wachtwoord aangevraagd. Probeer het over %(count)d minuten "
        "opnieuw.",
        lockout.minutes,
    ) % {"count": lockout.minutes}
