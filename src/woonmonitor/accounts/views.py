"""Login and password reset, the user's own account with API tokens, and the organisation pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import services, throttling
from .forms import ApiTokenForm, LoginForm, PasswordResetForm, SetPasswordForm
from .models import ApiToken, Membership, Organisation, OrganisationKind
from .services import area_url, visible_members

KIND_HEADINGS = {
    OrganisationKind.PROVINCE: _("Provincie"),
    OrganisationKind.MUNICIPALITY: _("Gemeenten"),
    OrganisationKind.HOUSING_ASSOCIATION: _("Woningcorporaties"),
    OrganisationKind.TENANTS_ORGANISATION: _("Huurdersorganisaties"),
    OrganisationKind.CARE_PROVIDER: _("Zorgpartijen"),
    OrganisationKind.OTHER: _("Overige organisaties"),
}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default); redirects to LOGOUT_REDIRECT_URL."""


# ----------------------------------------------------------------------------- password reset


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The answer never tells whether the address has an account."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password-reset-done")

    @property
    def extra_email_context(self) -> dict:  # type: ignore[override]
        return {"valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        throttling.record_reset_request(self.request, form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")
    reset_url_token = "instellen"

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever can read the account's mail may log in again straight away.
        throttling.clear_login_failures(form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# ----------------------------------------------------------------------------- own account


def _account_page(request: HttpRequest, token_form: ApiTokenForm) -> HttpResponse:
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    tokens = ApiToken.objects.visible_to(request.user)
    return render(
        request,
        "accounts/me.html",
        {"memberships": memberships, "tokens": tokens, "token_form": token_form},
    )


@login_required
def me(request: HttpRequest) -> HttpResponse:
    return _account_page(request, ApiTokenForm())


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    """Make a token and show its secret this once; the response is never cached."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _account_page(request, form)
    token, secret = services.create_api_token(
        user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
    )
    response = render(
        request, "accounts/api_token_created.html", {"token": token, "secret": secret}
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    services.revoke_api_token(token=token)
    messages.success(
        request, gettext("De API-sleutel “%(name)s” is ingetrokken.") % {"name": token.name}
    )
    return redirect(reverse("accounts:me") + "#api-sleutels")


def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.visible_to(request.user).order_by("name")
    groups = []
    for kind in OrganisationKind:
        members = [org for org in organisations if org.kind == kind]
        if members:
            groups.append({"kind": kind, "heading": KIND_HEADINGS[kind], "organisations": members})
    return render(request, "accounts/organisation_list.html", {"groups": groups})


def _working_area(organisation: Organisation) -> list[dict]:
    """The working-area codes with the municipality's name where it is known."""
    codes = organisation.working_area_codes or []
    names = dict(
        Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, area_code__in=codes
        ).values_list("area_code", "name")
    )
    return [{"code": code, "name": names.get(code, ""), "url": area_url(code)} for code in codes]


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    context = {
        "organisation": organisation,
        "area_link": area_url(organisation.area_code) if organisation.area_code else "",
        "working_area": _working_area(organisation),
        "members": visible_members(request.user, organisation),
    }
    return render(request, "accounts/organisation_detail.html", context)


def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    members = visible_members(request.user, organisation)
    if not members:
        # Who works where is not public: no hint that the page exists.
        raise Http404
    return render(
        request,
        "accounts/organisation_members.html",
        {"organisation": organisation, "members": members},
    )
