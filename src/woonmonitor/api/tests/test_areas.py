from __future__ import annotations

import pytest
from tests.factories import AreaFactory, BoundaryFactory, KeyFigureFactory

from woonmonitor.areas.models import Level

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/areas/"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(f"{item['code']}@{item['vintage']}" for item in response.json()["results"])


class TestAreaList:
    def test_defaults_to_the_latest_vintage(self, api_client):
        AreaFactory(code="GM0001", vintage=2022)
        AreaFactory(code="GM0001", vintage=2024)
        AreaFactory(code="GM0002", vintage=2022)
        assert codes(api_client.get(LIST_URL)) == ["GM0001@2024"]

    def test_latest_vintage_is_per_level(self, api_client):
        AreaFactory(code="GM0001", vintage=2024)
        AreaFactory(code="BU00010000", vintage=2022, level=Level.NEIGHBOURHOOD)
        AreaFactory(code="BU00010000", vintage=2023, level=Level.NEIGHBOURHOOD)
        response = api_client.get(LIST_URL, {"level": "buurt"})
        assert codes(response) == ["BU00010000@2023"]
        assert codes(api_client.get(LIST_URL, {"level": "gemeente"})) == ["GM0001@2024"]

    def test_vintage_selects_another_vintage(self, api_client):
        AreaFactory(code="GM0001", vintage=2022)
        AreaFactory(code="GM0001", vintage=2024)
        assert codes(api_client.get(LIST_URL, {"vintage": 2022})) == ["GM0001@2022"]
        assert codes(api_client.get(LIST_URL, {"vintage": 2022, "level": "wijk"})) == []

    def test_item_fields(self, api_client, borger_odoorn):
        response = api_client.get(LIST_URL, {"level": "gemeente"})
        (item,) = response.json()["results"]
        assert item == {
            "url": "http://testserver/api/v1/areas/GM1681/?vintage=2024",
            "code": "GM1681",
            "name": "Borger-Odoorn",
            "level": "gemeente",
            "vintage": 2024,
            "name_vintage": None,
            "parent": "PV22",
        }
        (province,) = api_client.get(LIST_URL, {"level": "provincie"}).json()["results"]
        assert province["parent"] is None

    def test_parent_lists_the_children_of_its_latest_vintage(self, api_client, borger_odoorn):
        response = api_client.get(LIST_URL, {"parent": "GM1681"})
        assert codes(response) == ["WK168100@2024", "WK168101@2024", "WK168102@2024"]

    def test_parent_with_vintage(self, api_client, borger_odoorn):
        response = api_client.get(LIST_URL, {"parent": "gm1681", "vintage": 2022})
        assert codes(response) == ["WK168100@2022", "WK168101@2022"]

    def test_unknown_parent_lists_nothing(self, api_client, borger_odoorn):
        assert codes(api_client.get(LIST_URL, {"parent": "GM9999"})) == []

    def test_name_search(self, api_client, borger_odoorn):
        response = api_client.get(LIST_URL, {"q": "wijk 0"})
        assert codes(response) == ["WK168100@2024", "WK168101@2024", "WK168102@2024"]
        assert codes(api_client.get(LIST_URL, {"q": "BORGER"})) == ["GM1681@2024"]

    @pytest.mark.parametrize("params", [{"level": "stad"}, {"vintage": "twee"}])
    def test_invalid_filters_are_rejected(self, api_client, params):
        assert api_client.get(LIST_URL, params).status_code == 400

    def test_no_n_plus_one(self, api_client, django_assert_max_num_queries):
        for n in range(40):
            parent = AreaFactory(code=f"GM{n:04d}", vintage=2024)
            AreaFactory(code=f"WK{n:04d}00", vintage=2024, level=Level.DISTRICT, parent=parent)
        with django_assert_max_num_queries(4):
            response = api_client.get(LIST_URL, {"level": "wijk"})
        assert response.json()["count"] == 40
        assert all(item["parent"] for item in response.json()["results"])


class TestAreaDetail:
    def test_latest_vintage_with_children_key_figures_and_borrowed_geometry(
        self, api_client, borger_odoorn
    ):
        data = api_client.get("/api/v1/areas/GM1681/").json()
        assert data["vintage"] == 2024
        assert data["parent"] == "PV22"
        assert data["children"] == ["WK168100", "WK168101", "WK168102"]
        assert data["key_figures"] == [
            {
                "key": "homes",
                "label": "woningen",
                "value": 11800,
                "reference_date": "2024-01-01",
                "source": "CBS Kerncijfers wijken en buurten 2024 (85984NED)",
            },
            {
                "key": "inhabitants",
                "label": "inwoners",
                "value": 25700,
                "reference_date": "2024-01-01",
                "source": "CBS Kerncijfers wijken en buurten 2024 (85984NED)",
            },
        ]
        assert data["geometry"]["type"] == "Polygon"
        assert data["geometry_vintage"] == 2022
        assert data["geometry_source"] == "CBS 2022"

    def test_other_vintage_with_own_geometry(self, api_client, borger_odoorn):
        data = api_client.get("/api/v1/areas/gm1681/", {"vintage": 2022}).json()
        assert data["vintage"] == 2022
        assert data["parent"] is None
        assert data["children"] == ["WK168100", "WK168101"]
        assert data["key_figures"] == []
        assert data["geometry_vintage"] == 2022

    def test_without_any_geometry(self, api_client, borger_odoorn):
        data = api_client.get("/api/v1/areas/WK168102/").json()
        assert data["geometry"] is None
        assert data["geometry_vintage"] is None
        assert data["geometry_source"] is None
        assert data["children"] == []

    @pytest.mark.parametrize(
        ("path", "params"),
        [
            ("/api/v1/areas/GM9999/", {}),
            ("/api/v1/areas/GM1681/", {"vintage": 2019}),
            ("/api/v1/areas/GM9999/geometry/", {}),
            ("/api/v1/areas/not-a-code/", {}),
        ],
    )
    def test_unknown_code_or_vintage_is_404(self, api_client, borger_odoorn, path, params):
        assert api_client.get(path, params).status_code == 404

    def test_invalid_vintage_is_400(self, api_client, borger_odoorn):
        assert api_client.get("/api/v1/areas/GM1681/", {"vintage": "x"}).status_code == 400

    def test_no_n_plus_one(self, api_client, django_assert_max_num_queries):
        parent = AreaFactory(code="GM0001", vintage=2024)
        AreaFactory(code="GM0001", vintage=2022)
        BoundaryFactory(area=AreaFactory(code="GM0001", vintage=2021))
        for key in ("inhabitants", "homes", "surface_ha"):
            KeyFigureFactory(area=parent, key=key)
        for n in range(40):
            AreaFactory(code=f"WK0001{n:02d}", vintage=2024, level=Level.DISTRICT, parent=parent)
        with django_assert_max_num_queries(5):
            data = api_client.get("/api/v1/areas/GM0001/").json()
        assert len(data["children"]) == 40
        assert len(data["key_figures"]) == 3
        assert data["geometry_vintage"] == 2021
