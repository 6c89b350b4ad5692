"""Pure tests of CRS detection, reprojection, simplification and rounding (no database)."""

from __future__ import annotations

import pytest
from shapely.geometry import shape

from woonmonitor.areas.loaders.geometry import (
    clean_geometry,
    crs_from_geojson,
    guess_crs,
    is_empty_geometry,
)
from woonmonitor.imports.errors import InvalidRow, MalformedFile


def square(x: float, y: float, half: float) -> dict:
    ring = [[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def named(name: str) -> dict:
    return {"crs": {"type": "name", "properties": {"name": name}}}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326"),
        ("urn:ogc:def:crs:EPSG::4326", "EPSG:4326"),
        ("urn:ogc:def:crs:EPSG::28992", "EPSG:28992"),
        ("EPSG:28992", "EPSG:28992"),
        ("urn:ogc:def:crs:EPSG::4289", "EPSG:4289"),
    ],
)
def test_crs_member_is_understood(name, expected):
    assert crs_from_geojson(named(name)) == expected


def test_missing_crs_member_gives_none_and_unknown_crs_is_refused():
    assert crs_from_geojson({}) is None
    with pytest.raises(MalformedFile, match="3857"):
        crs_from_geojson(named("urn:ogc:def:crs:EPSG::3857"))


def test_crs_is_guessed_from_coordinates_without_crs_member():
    assert guess_crs((6.9, 52.8)) == "EPSG:4326"
    assert guess_crs((155000, 463000)) == "EPSG:28992"
    assert guess_crs(None) == "EPSG:4326"
    with pytest.raises(MalformedFile):
        guess_crs((-5_000_000, 9_000_000))


def test_rd_is_reprojected_to_wgs84_lon_lat():
    """Amersfoort, the origin of RD: (155000, 463000) is about lon 5.3872, lat 52.1552."""
    result = clean_geometry(square(155000, 463000, 10), source_crs="EPSG:28992", tolerance=0)
    centre = shape(result).centroid
    assert centre.x == pytest.approx(5.3872, abs=1e-4)
    assert centre.y == pytest.approx(52.1552, abs=1e-4)


def test_amersfoort_geographic_4289_is_shifted_slightly_to_wgs84():
    result = clean_geometry(square(6.5, 52.9, 0.01), source_crs="EPSG:4289", tolerance=0)
    centre = shape(result).centroid
    assert centre.x != 6.5
    assert centre.x == pytest.approx(6.5, abs=0.003)
    assert centre.y == pytest.approx(52.9, abs=0.003)


def test_simplification_drops_vertices_and_rounds_to_six_decimals():
    ring = [[6.0 + i * 0.0001, 52.0 + (i % 2) * 0.00001] for i in range(100)]
    ring += [[6.01, 52.01], [6.0, 52.01], ring[0]]
    polygon = {"type": "Polygon", "coordinates": [ring]}
    result = clean_geometry(polygon, source_crs="EPSG:4326", tolerance=0.0005)
    assert result["type"] == "Polygon"
    assert len(result["coordinates"][0]) < 10
    for lon, lat in result["coordinates"][0]:
        assert round(lon, 6) == lon and round(lat, 6) == lat


def test_invalid_bow_tie_is_made_valid_and_stays_polygonal():
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    result = clean_geometry(bow_tie, source_crs="EPSG:4326", tolerance=0)
    assert result["type"] in ("Polygon", "MultiPolygon")
    assert shape(result).is_valid
    assert shape(result).area == pytest.approx(0.5)


def test_multipolygon_stays_multipolygon():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(6, 52, 0.1)["coordinates"], square(7, 53, 0.1)["coordinates"]],
    }
    assert clean_geometry(multi, source_crs="EPSG:4326", tolerance=0.001)["type"] == "MultiPolygon"


def test_null_and_empty_geometries_give_none():
    assert is_empty_geometry(None)
    assert is_empty_geometry({"type": "MultiPolygon", "coordinates": []})
    assert (
        clean_geometry(
            {"type": "MultiPolygon", "coordinates": []}, source_crs="EPSG:4326", tolerance=0
        )
        is None
    )


def test_non_polygon_geometry_is_a_row_error():
    with pytest.raises(InvalidRow, match="Point"):
        clean_geometry(
            {"type": "Point", "coordinates": [6, 52]}, source_crs="EPSG:4326", tolerance=0
        )
