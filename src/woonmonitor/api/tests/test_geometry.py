from __future__ import annotations

import pytest
from tests.factories import AreaFactory, BoundaryFactory

from woonmonitor.api.views.geometry import resolve_boundaries
from woonmonitor.areas.models import Area, Level
from woonmonitor.areas.querysets import boundary_for

pytestmark = pytest.mark.django_db


def test_feature_collection_of_area_and_children(api_client, borger_odoorn):
    BoundaryFactory(area=Area.objects.get(code="WK168100", vintage=2024), source="CBS 2024")
    BoundaryFactory(area=Area.objects.get(code="WK168101", vintage=2022), source="CBS 2022")

    response = api_client.get("/api/v1/areas/GM1681/geometry/")

    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in data["features"]}
    assert [feature["id"] for feature in data["features"]][0] == "GM1681"
    assert set(features) == {"GM1681", "WK168100", "WK168101", "WK168102"}
    assert features["GM1681"]["type"] == "Feature"
    assert features["GM1681"]["properties"] == {
        "code": "GM1681",
        "name": "Borger-Odoorn",
        "level": "gemeente",
        "vintage": 2024,
        "geometry_vintage": 2022,
        "url": "http://testserver/api/v1/areas/GM1681/?vintage=2024",
    }
    assert features["GM1681"]["geometry"]["type"] == "Polygon"
    assert features["WK168100"]["properties"]["geometry_vintage"] == 2024
    assert features["WK168101"]["properties"]["geometry_vintage"] == 2022
    assert features["WK168102"]["geometry"] is None
    assert features["WK168102"]["properties"]["geometry_vintage"] is None


def test_feature_collection_of_another_vintage(api_client, borger_odoorn):
    data = api_client.get("/api/v1/areas/GM1681/geometry/", {"vintage": 2022}).json()
    assert [feature["id"] for feature in data["features"]] == ["GM1681", "WK168100", "WK168101"]
    assert {feature["properties"]["vintage"] for feature in data["features"]} == {2022}


def test_bulk_resolution_agrees_with_boundary_for(db):
    """Own boundary first, else the nearest vintage of the code, the later one on a tie."""
    own = AreaFactory(code="GM0001", vintage=2023)
    BoundaryFactory(area=own)
    BoundaryFactory(area=AreaFactory(code="GM0001", vintage=2024))
    tie = AreaFactory(code="GM0002", vintage=2023)
    BoundaryFactory(area=AreaFactory(code="GM0002", vintage=2022))
    BoundaryFactory(area=AreaFactory(code="GM0002", vintage=2024))
    nearest = AreaFactory(code="GM0003", vintage=2024)
    BoundaryFactory(area=AreaFactory(code="GM0003", vintage=2019))
    BoundaryFactory(area=AreaFactory(code="GM0003", vintage=2022))
    nothing = AreaFactory(code="GM0004", vintage=2024)
    areas = [own, tie, nearest, nothing]

    resolved = resolve_boundaries(areas)

    for area in areas:
        expected_boundary, expected_vintage = boundary_for(area)
        boundary, vintage = resolved.get(area.pk, (None, None))
        assert (getattr(boundary, "pk", None), vintage) == (
            getattr(expected_boundary, "pk", None),
            expected_vintage,
        )
    assert resolved[tie.pk][1] == 2024
    assert resolved[nearest.pk][1] == 2022
    assert nothing.pk not in resolved


def test_geometry_query_count_does_not_grow_with_children(
    api_client, django_assert_max_num_queries
):
    parent = AreaFactory(code="GM0001", vintage=2024)
    BoundaryFactory(area=parent)
    for n in range(60):
        child = AreaFactory(
            code=f"WK0001{n:02d}", vintage=2024, level=Level.DISTRICT, parent=parent
        )
        if n % 3 == 0:
            BoundaryFactory(area=child)
        elif n % 3 == 1:
            BoundaryFactory(area=AreaFactory(code=child.code, vintage=2022, level=Level.DISTRICT))

    with django_assert_max_num_queries(5):
        response = api_client.get("/api/v1/areas/GM0001/geometry/")

    features = response.json()["features"]
    assert len(features) == 61
    vintages = [feature["properties"]["geometry_vintage"] for feature in features[1:]]
    assert vintages.count(2024) == 20
    assert vintages.count(2022) == 20
    assert vintages.count(None) == 20
