"""Login, the user's own account, and the public organisation pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from .forms import LoginForm
from .models import Membership, Organisation, OrganisationKind
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


@login_required
def me(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return render(request, "accounts/me.html", {"memberships": memberships})


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
