"""The fixed cast of users reused by every permission test.

municipality_editor  editor at gemeente Borger-Odoorn
association_editor   editor at woningcorporatie Lefier (works in Borger-Odoorn, GM1681)
tenants_member       editor at huurdersorganisatie 't Huurdertje (may advise and comment)
province_reader      reader at Provincie Drenthe (reads everything)
outsider             logged in, member of nothing
anonymous            not logged in
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from woonmonitor.accounts.models import OrganisationKind, Role

CAST = (
    "municipality_editor",
    "association_editor",
    "tenants_member",
    "province_reader",
    "outsider",
    "anonymous",
)


@pytest.fixture
def organisations(db):
    return {
        "municipality": OrganisationFactory(
            slug="gemeente-borger-odoorn",
            name="Gemeente Borger-Odoorn",
            kind=OrganisationKind.MUNICIPALITY,
            area_code="GM1681",
            short_name="BO",
        ),
        "association": OrganisationFactory(
            slug="lefier",
            name="Lefier",
            kind=OrganisationKind.HOUSING_ASSOCIATION,
            short_name="LF",
            working_area_codes=["GM1681"],
        ),
        "tenants": OrganisationFactory(
            slug="t-huurdertje",
            name="'t Huurdertje",
            kind=OrganisationKind.TENANTS_ORGANISATION,
            short_name="HU",
        ),
        "province": OrganisationFactory(
            slug="provincie-drenthe",
            name="Provincie Drenthe",
            kind=OrganisationKind.PROVINCE,
            area_code="PV22",
        ),
    }


@pytest.fixture
def cast(organisations):
    """Return a dict of the cast: name -> user (AnonymousUser for 'anonymous')."""

    def member(username: str, org_key: str, role: str):
        user = UserFactory(username=username)
        MembershipFactory(user=user, organisation=organisations[org_key], role=role)
        return user

    return {
        "municipality_editor": member("gemeente-bewerker", "municipality", Role.EDITOR),
        "association_editor": member("corporatie-bewerker", "association", Role.EDITOR),
        "tenants_member": member("huurders-lid", "tenants", Role.EDITOR),
        "province_reader": member("provincie-lezer", "province", Role.READER),
        "outsider": UserFactory(username="buitenstaander"),
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def client_for(client, cast):
    """A Django test client logged in as a cast member (or anonymous)."""

    def make(name: str):
        user = cast[name]
        if user.is_authenticated:
            client.force_login(user)
        else:
            client.logout()
        return client

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing passwords properly is slow on purpose; tests need not pay for it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches: ids repeat between tests, and with them the
    fingerprints in the keys of cached documents."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
