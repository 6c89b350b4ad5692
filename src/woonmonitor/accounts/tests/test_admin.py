"""Every registered admin page opens for a superuser."""

from __future__ import annotations

import pytest
from django.contrib import admin
from tests.factories import (
    BoundaryFactory,
    ImportRunFactory,
    KeyFigureFactory,
    MembershipFactory,
    RegionMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def objects(db):
    return [
        MembershipFactory(),
        BoundaryFactory(),
        KeyFigureFactory(),
        RegionMemberFactory().region,
        ImportRunFactory(rejections=[{"row": "1", "reason": "x"}]),
    ]


@pytest.mark.parametrize(
    "label",
    [
        "accounts.organisation",
        "accounts.membership",
        "accounts.user",
        "accounts.apitoken",
        "accounts.throttleevent",
        "areas.area",
        "areas.region",
        "areas.keyfigure",
        "areas.boundary",
        "housing.rentthresholds",
        "imports.importrun",
    ],
)
def test_changelist_opens(superuser_client, objects, label):
    app_label, model_name = label.split(".")
    assert any(model._meta.label_lower == label for model in admin.site._registry), (
        f"{label} not registered"
    )
    response = superuser_client.get(f"/beheer/{app_label}/{model_name}/")
    assert response.status_code == 200


def test_change_pages_open(superuser_client, objects):
    membership, boundary, key_figure, region, run = objects
    for url in (
        f"/beheer/accounts/organisation/{membership.organisation.pk}/change/",
        f"/beheer/accounts/organisation/{membership.organisation.pk}/history/",
        f"/beheer/accounts/user/{membership.user.pk}/change/",
        f"/beheer/areas/boundary/{boundary.pk}/change/",
        f"/beheer/areas/region/{region.pk}/change/",
        f"/beheer/imports/importrun/{run.pk}/change/",
    ):
        assert superuser_client.get(url).status_code == 200, url


def test_import_runs_are_read_only(superuser_client, objects):
    assert superuser_client.get("/beheer/imports/importrun/add/").status_code == 403
