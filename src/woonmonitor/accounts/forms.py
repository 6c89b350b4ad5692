"""The account forms, with the NL Design System (Utrecht) classes on their inputs."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from woonmonitor.forms import AccessibleForm, AccessibleFormMixin

from . import throttling
from .authentication import lockout_of


class LockoutMessageMixin:
    """A login refused because of the throttling says so, and how long to wait."""

    request: object

    def get_invalid_login_error(self) -> ValidationError:
        lockout = lockout_of(self.request)
        if lockout is not None:
            return ValidationError(throttling.login_message(lockout), code="locked_out")
        return super().get_invalid_login_error()  # type: ignore[misc]


class LoginForm(LockoutMessageMixin, auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _(
            "De gebruikersnaam of het wachtwoord klopt niet. "
            "Let op: beide velden zijn hoofdlettergevoelig."
        ),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "username"}
        )
        self.fields["password"].widget.attrs.update(
            {
                "class": "utrecht-textbox utrecht-textbox--html-input",
                "autocomplete": "current-password",
            }
        )


class AdminLoginForm(LockoutMessageMixin, AdminAuthenticationForm):
    """The admin's login form, with the same lockout message."""


class PasswordResetForm(AccessibleFormMixin, auth_forms.PasswordResetForm):
    """Request a reset link; limited per e-mail address and per client address.

    Whether an account has the address is never shown: every valid request gets the same
    answer, and the limits count addresses with and without an account alike.
    """

    def __init__(self, *args, request=None, **kwargs) -> None:
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean(self) -> dict:
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and self.request is not None:
            lockout = throttling.reset_lockout(self.request, email)
            if lockout is not None:
                raise ValidationError(throttling.reset_message(lockout), code="throttled")
        return cleaned


class SetPasswordForm(AccessibleFormMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"


VALIDITY_CHOICES = [
    ("30", _("30 dagen")),
    ("90", _("90 dagen")),
    ("365", _("1 jaar")),
    ("", _("onbeperkt (tot u de sleutel intrekt)")),
]


class ApiTokenForm(AccessibleForm):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Waarvoor u de sleutel gebruikt, bijvoorbeeld het systeem dat hem krijgt."),
    )
    valid_for = forms.ChoiceField(
        label=_("Geldig"), choices=VALIDITY_CHOICES, initial="365", required=False
    )

    def expires_at(self, now: datetime | None = None) -> datetime | None:
        days = self.cleaned_data.get("valid_for")
        if not days:
            return None
        return (now or timezone.now()) + timedelta(days=int(days))
