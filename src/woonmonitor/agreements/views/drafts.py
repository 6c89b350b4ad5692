"""What every draft page shares: finding the agreement for this person, and where to go back.

A draft the person may not see is a 404; an anonymous visitor is sent to the login page
(``require_login`` with ``login_redirect`` on the view); a logged-in person who may see it but
not change it gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from woonmonitor.accounts.access import require_login

from .. import permissions
from ..models import Agreement


def visible(request: HttpRequest, pk: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.visible_to(request.user).select_related("municipality"), pk=pk
    )


def editable(request: HttpRequest, pk: int) -> Agreement:
    """The agreement if the user may change it: 404 if unseen, login or 403 otherwise."""
    agreement = visible(request, pk)
    require_login(request)
    if not permissions.can_edit(request.user, agreement):
        raise PermissionDenied(_("U mag deze prestatieafspraken niet wijzigen."))
    return agreement


def review_url(agreement: Agreement, anchor: str = "") -> str:
    url = reverse("agreements:review", args=[agreement.pk])
    return f"{url}#{anchor}" if anchor else url


def detail_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk])


def refuse_published(request: HttpRequest, agreement: Agreement) -> HttpResponse | None:
    if agreement.is_draft:
        return None
    messages.error(
        request, _("Deze prestatieafspraken zijn gepubliceerd; wijzig ze via een nieuwe editie.")
    )
    return redirect(detail_url(agreement))
