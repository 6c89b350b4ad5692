"""The login form with the NL Design System (Utrecht) classes on its inputs."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
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
