"""Who may do what, in one place: every app asks these functions. Reads the database.

The permission model (docs/security.md):

- A person acts through memberships: each says which organisation and which role
  (``reader``, ``editor``, ``admin``). Editors and admins write for their own organisation
  (``WRITE_ROLES``); readers only read what their organisation may read.
- Members of the province read everything in the platform (``reads_everything``), but write
  nothing for another organisation.
- Platform administrators (Django staff, ``/beheer/``) read everything and do what no party
  may do for itself or another: link a document's parties to organisations, for instance.
- Whoever may not see something gets a 404, never a hint that it exists; an anonymous visitor
  who could see it after logging in is sent to the login page (``login_redirect`` with
  ``require_login``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from .models import Organisation, OrganisationKind, Role

#: The roles that may write for their organisation.
WRITE_ROLES: tuple[str, ...] = (Role.EDITOR, Role.ADMIN)


def is_platform_admin(user) -> bool:
    """A platform administrator (Django staff): manages the platform, acts for no party."""
    return bool(user.is_authenticated and user.is_staff)


def is_province_reader(user) -> bool:
    """A member of the province reads everything in the platform (and writes for nobody else)."""
    if not user.is_authenticated:
        return False
    return user.memberships.filter(organisation__kind=OrganisationKind.PROVINCE).exists()


def reads_everything(user) -> bool:
    """Staff and the province see every draft, import and name of an author."""
    return is_platform_admin(user) or is_province_reader(user)


def member_organisation_ids(user, *, roles: Collection[str] | None = None) -> set[int]:
    """Ids of the organisations where ``user`` is a member (with one of ``roles`` if given)."""
    if not user.is_authenticated:
        return set()
    memberships = user.memberships.all()
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return set(memberships.values_list("organisation_id", flat=True))


def editor_organisation_ids(user) -> set[int]:
    """Ids of the organisations ``user`` may write for (editor or admin)."""
    return member_organisation_ids(user, roles=WRITE_ROLES)


def member_organisations(user) -> QuerySet[Organisation]:
    """A queryset of the organisation ids ``user`` belongs to, for use in a filter."""
    if not user.is_authenticated:
        return Organisation.objects.none().values("pk")
    return Organisation.objects.filter(memberships__user=user).values("pk")


def editing_organisations(user, *, kinds: Collection[str] | None = None) -> QuerySet[Organisation]:
    """The organisations (of ``kinds`` if given) in which ``user`` is editor or admin."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(
        memberships__user=user, memberships__role__in=WRITE_ROLES
    )
    if kinds is not None:
        organisations = organisations.filter(kind__in=list(kinds))
    return organisations.distinct().order_by("name")


def is_admin_anywhere(user) -> bool:
    """An admin of some organisation (may upload documents for review, for instance)."""
    if not user.is_authenticated:
        return False
    return user.memberships.filter(role=Role.ADMIN).exists()


def party_codes(user) -> set[str]:
    """The municipality codes where ``user``'s organisations are a party: a municipality's own
    code and an association's working area (``working_area_codes``)."""
    codes: set[str] = set()
    for area_code, working in Organisation.objects.filter(
        pk__in=member_organisations(user)
    ).values_list("area_code", "working_area_codes"):
        if area_code:
            codes.add(area_code)
        codes.update(working or [])
    return codes


# ----------------------------------------------------------------------------- views


class LoginRequired(Exception):
    """Raised by a view (through ``require_login``): only a logged-in person can go on."""

    def __init__(self, next_url: str | None = None) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def require_login(request: HttpRequest, *, next_url: str | None = None) -> None:
    """Raise ``LoginRequired`` for an anonymous visitor; ``login_redirect`` turns it around.

    ``next_url`` is where to come back after logging in (default: this page; give the page
    for a POST, which cannot be repeated by a redirect).
    """
    if not request.user.is_authenticated:
        raise LoginRequired(next_url)


def login_redirect(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous to the login page, everyone else as the view decides (404 for outsiders).

    The view (or a helper it calls) raises ``LoginRequired`` where an anonymous visitor needs
    to log in first; it raises ``Http404`` for a logged-in person who may not see the thing,
    and ``PermissionDenied`` (403) for one who may see it but not do this.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except LoginRequired as exc:
            return redirect_to_login(exc.next_url or request.get_full_path())

    return wrapper
