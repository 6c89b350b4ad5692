"""The permission matrix: every cast member against every page of accounts and imports."""

from __future__ import annotations

import pytest
from conftest import CAST
from tests.factories import ImportRunFactory, UserFactory

from woonmonitor.accounts.models import Organisation

# page -> the status each cast member gets, in CAST order:
# municipality_editor, association_editor, tenants_member, province_reader, outsider, anonymous
MATRIX = {
    "/organisaties/": (200, 200, 200, 200, 200, 200),
    "/organisaties/lefier/": (200, 200, 200, 200, 200, 200),
    "/organisaties/lefier/leden/": (404, 200, 404, 200, 404, 404),
    "/organisaties/gemeente-borger-odoorn/leden/": (200, 404, 404, 200, 404, 404),
    "/organisaties/t-huurdertje/leden/": (404, 404, 200, 200, 404, 404),
    "/organisaties/provincie-drenthe/leden/": (404, 404, 404, 200, 404, 404),
    "/importhistorie/": (200, 200, 200, 200, 404, 404),
    "/importhistorie/{run}/": (200, 200, 200, 200, 404, 404),
    "/mijn-account/": (200, 200, 200, 200, 200, 302),
}
CAST_ORDER = CAST  # the column order of MATRIX is the cast's order in conftest.py
CASES = [
    pytest.param(url, name, statuses[index], id=f"{name}-{url}")
    for url, statuses in MATRIX.items()
    for index, name in enumerate(CAST_ORDER)
]


@pytest.fixture
def run(db):
    return ImportRunFactory(rejections=[{"row": "3", "reason": "geen code"}])


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "name", "expected"), CASES)
def test_permission_matrix(client_for, run, url, name, expected):
    response = client_for(name).get(url.format(run=run.pk))
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("url", [url for url in MATRIX if url != "/mijn-account/"])
def test_staff_sees_everything(client, cast, run, url):
    client.force_login(UserFactory(username="staf", is_staff=True))
    assert client.get(url.format(run=run.pk)).status_code == 200


def test_me_redirects_anonymous_to_login(client_for):
    response = client_for("anonymous").get("/mijn-account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/?next=/mijn-account/")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("association_editor", True),
        ("province_reader", True),
        ("municipality_editor", False),
        ("tenants_member", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_member_section_on_detail_only_when_visible(client_for, name, shown):
    content = client_for(name).get("/organisaties/lefier/").content.decode()
    assert ("corporatie-bewerker" in content) is shown
    assert ('id="members-heading"' in content) is shown


def test_unknown_organisation_is_404(client_for):
    assert client_for("province_reader").get("/organisaties/bestaat-niet/").status_code == 404


def test_unknown_import_run_is_404_for_members(client_for, run):
    assert client_for("province_reader").get(f"/importhistorie/{run.pk + 100}/").status_code == 404


def test_list_groups_by_kind(client_for, organisations):
    content = client_for("anonymous").get("/organisaties/").content.decode()
    for heading in ("Provincie", "Gemeenten", "Woningcorporaties", "Huurdersorganisaties"):
        assert heading in content
    for organisation in Organisation.objects.all():
        assert organisation.name.replace("'", "&#x27;") in content
    assert content.count("<caption") == 4


def test_me_lists_own_memberships_only(client_for):
    content = client_for("association_editor").get("/mijn-account/").content.decode()
    assert "Lefier" in content
    assert "bewerker" in content
    assert "Gemeente Borger-Odoorn" not in content
