from __future__ import annotations

import pytest
from tests.factories import RegionFactory, RegionMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(db):
    east = RegionFactory(slug="zuidoost-drenthe", name="Zuidoost-Drenthe", description="Oost")
    for code in ("GM1681", "GM0114", "GM0118"):
        RegionMemberFactory(region=east, municipality_code=code)
    north = RegionFactory(slug="noord-drenthe", name="Noord-Drenthe")
    RegionMemberFactory(region=north, municipality_code="GM1680")
    return {"east": east, "north": north}


def test_region_list(api_client, regions):
    data = api_client.get("/api/v1/regions/").json()
    assert data["count"] == 2
    assert data["results"][0] == {
        "slug": "noord-drenthe",
        "name": "Noord-Drenthe",
        "description": "",
        "members": ["GM1680"],
    }


def test_region_list_filtered_by_member(api_client, regions):
    data = api_client.get("/api/v1/regions/", {"member": "gm1681"}).json()
    assert [region["slug"] for region in data["results"]] == ["zuidoost-drenthe"]


def test_region_detail(api_client, regions):
    data = api_client.get("/api/v1/regions/zuidoost-drenthe/").json()
    assert data["members"] == ["GM0114", "GM0118", "GM1681"]
    assert data["description"] == "Oost"
    assert api_client.get("/api/v1/regions/bestaat-niet/").status_code == 404


def test_region_list_no_n_plus_one(api_client, django_assert_max_num_queries):
    for n in range(30):
        RegionMemberFactory(region=RegionFactory(), municipality_code=f"GM{n:04d}")
    with django_assert_max_num_queries(3):
        assert api_client.get("/api/v1/regions/").json()["count"] == 30


def test_organisation_list(api_client, organisations):
    data = api_client.get("/api/v1/organisations/").json()
    assert data["count"] == 4
    by_slug = {organisation["slug"]: organisation for organisation in data["results"]}
    assert by_slug["gemeente-borger-odoorn"] == {
        "slug": "gemeente-borger-odoorn",
        "name": "Gemeente Borger-Odoorn",
        "kind": "municipality",
        "short_name": "BO",
        "area_code": "GM1681",
    }


def test_organisation_list_filtered_by_kind(api_client, organisations):
    data = api_client.get("/api/v1/organisations/", {"kind": "housing_association"}).json()
    assert [organisation["slug"] for organisation in data["results"]] == ["lefier"]
