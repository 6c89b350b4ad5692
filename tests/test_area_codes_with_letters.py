"""CBS wijk and buurt codes may hold letters (Amsterdam: WK0363AA, BU0363AA01).

Every route, filter, form and link must take them as it takes WK168100: the areas API once
answered 500 on a page of wijken that held one (its links could not be reversed).
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tests.factories import AreaFactory, IndicatorFactory, IndicatorValueFactory
from woonmonitor.areas.loaders.codes import level_of, parent_code_of
from woonmonitor.areas.models import Level
from woonmonitor.monitor.group_loading import read_groups

pytestmark = pytest.mark.django_db

WIJK, BUURT = "WK0363AA", "BU0363AA01"


@pytest.fixture
def amsterdam():
    gemeente = AreaFactory(code="GM0363", name="Amsterdam", level=Level.MUNICIPALITY)
    wijk = AreaFactory(code=WIJK, name="Kop Zeedijk", level=Level.DISTRICT, parent=gemeente)
    other = AreaFactory(code="WK036301", name="Oude Kerk", level=Level.DISTRICT, parent=gemeente)
    buurt = AreaFactory(code=BUURT, name="Kop Zeedijk", level=Level.NEIGHBOURHOOD, parent=wijk)
    indicator = IndicatorFactory(key="inwoners", name="Inwoners")
    for area, value in ((gemeente, 931_298), (wijk, 1_200), (other, 3_400), (buurt, 1_200)):
        IndicatorValueFactory(indicator=indicator, area=area, period=2024, value=value)
    return {"gemeente": gemeente, "wijk": wijk, "buurt": buurt}


def test_the_codes_are_valid_codes():
    assert level_of(WIJK) == "wijk"
    assert level_of(BUURT) == "buurt"
    assert parent_code_of(BUURT) == WIJK


def test_areas_api_lists_and_links_them(client, amsterdam):
    response = client.get("/api/v1/areas/", {"parent": "GM0363", "vintage": 2024})
    assert response.status_code == 200
    assert f"/api/v1/areas/{WIJK}/" in response.content.decode()
    detail = client.get(f"/api/v1/areas/{WIJK}/", {"vintage": 2024})
    assert detail.status_code == 200
    assert detail.json()["code"] == WIJK
    assert client.get(f"/api/v1/areas/{BUURT.lower()}/", {"vintage": 2024}).status_code in (
        200,
        301,
        302,
    )


def test_area_pages_and_downloads(client, amsterdam):
    assert client.get(f"/gebieden/{WIJK}/").status_code == 200
    assert client.get(f"/gebieden/{BUURT}/").status_code == 200
    assert client.get("/gebieden/GM0363/", {"formaat": "csv"}).status_code == 200


def test_monitor_profile_and_api_profile(client, amsterdam):
    assert client.get(reverse("monitor:profile", args=[WIJK])).status_code == 200
    assert client.get(f"/api/v1/areas/{WIJK}/profile/", {"period": 2024}).status_code == 200


def test_compare_takes_them(client, amsterdam):
    response = client.get(reverse("monitor:compare"), {"gebied": [WIJK, "GM0363"]})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kop Zeedijk" in text
    assert "is geen CBS-code" not in text


def test_api_values_filter_by_a_parent_with_letters(client, amsterdam):
    response = client.get(
        "/api/v1/indicators/inwoners/values/", {"level": "buurt", "parent": WIJK, "period": 2024}
    )
    assert response.status_code == 200
    assert BUURT in response.content.decode()


def test_a_village_of_buurten_with_letters():
    group = {
        "slug": "kop-zeedijk",
        "name": "Kop Zeedijk",
        "kind": "dorp",
        "source": "test",
        "member_codes": [BUURT, "bu0363aa02"],
    }
    (spec,) = read_groups(json.dumps({"groups": [group]}))
    assert spec.member_codes == (BUURT, "BU0363AA02")
