"""Publishing a draft scenario: only editors of the organisation it was made for; everyone
else who sees the draft gets 403, who does not see it 404, anonymous the login page."""

from __future__ import annotations

import pytest
from conftest import CAST
from tests.factories import UserFactory

from woonmonitor.allocation.models import Scenario

from .test_permissions_scenarios import ids  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

# POST /aandachtsgroepen/scenarios/{draft}/publiceren/ -> status, in CAST order:
# municipality_editor, association_editor, tenants_member, province_reader, outsider, anonymous
EXPECTED = (302, 403, 404, 403, 404, 302)


@pytest.fixture
def owned(ids, organisations):  # noqa: F811
    Scenario.objects.filter(pk=ids["draft"]).update(owner=organisations["municipality"])
    return ids


@pytest.mark.parametrize(("name", "expected"), zip(CAST, EXPECTED, strict=True))
def test_who_may_publish(client_for, owned, name, expected):
    url = f"/aandachtsgroepen/scenarios/{owned['draft']}/publiceren/"
    response = client_for(name).post(url)
    assert response.status_code == expected
    published = Scenario.objects.get(pk=owned["draft"]).status == Scenario.Status.PUBLISHED
    assert published is (name == "municipality_editor")
    if name == "anonymous":
        assert response["Location"].startswith("/inloggen/")


def test_the_owner_sees_the_button_and_after_publishing_everyone_sees_the_scenario(
    client_for, owned
):
    detail = f"/aandachtsgroepen/scenarios/{owned['draft']}/"
    assert "Publiceren" in client_for("municipality_editor").get(detail).content.decode()
    assert "Publiceren" not in client_for("province_reader").get(detail).content.decode()
    response = client_for("municipality_editor").post(f"{detail}publiceren/", follow=True)
    assert "Het scenario is gepubliceerd" in response.content.decode()
    assert "Publiceren</button>" not in response.content.decode()
    assert client_for("anonymous").get(detail).status_code == 200


def test_a_published_scenario_cannot_be_published_again_and_get_is_not_allowed(client_for, owned):
    url = f"/aandachtsgroepen/scenarios/{owned['published']}/publiceren/"
    assert client_for("municipality_editor").post(url).status_code == 403
    assert client_for("municipality_editor").get(url).status_code == 405


def test_staff_acts_for_no_party(client, owned):
    client.force_login(UserFactory(username="staf", is_staff=True))
    url = f"/aandachtsgroepen/scenarios/{owned['draft']}/publiceren/"
    assert client.post(url).status_code == 403
