"""Counting failed password logins, and forgetting them after a successful one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import throttling
from .authentication import lockout_of
from .models import User


@receiver(user_login_failed, dispatch_uid="accounts.count_failed_login")
def count_failed_login(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Without a request (a management command, the test client's login()) there is no
    # client to count; an attempt refused by a lockout checked no password.
    if request is None or lockout_of(request) is not None:
        return
    throttling.record_login_failure(request, credentials.get(User.USERNAME_FIELD))


@receiver(user_logged_in, dispatch_uid="accounts.clear_failed_logins")
def clear_failed_logins(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    throttling.clear_login_failures(user.get_username())
