"""The woningbouwkaart's project shapes (TopoJSON) as GeoJSON in WGS84, and RD -> WGS84.
Pure: no database.

``data/woningbouwkaart_shapes_sample.topojson.json`` is hand-made: quantized RD New
(``transform`` scale 0.5 m, translate 230000, 550000; delta-encoded arcs) with invented
squares for the sample projects 900001 (with a hole, near Borger), 900002 (two squares sharing
an edge, the second using it reversed: ``~2``), 900003 (its ``id`` instead of properties) and
900099 (no such project), none for 900004.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import math
from pathlib import Path

import pytest

from woonmonitor.imports.errors import MalformedFile
from woonmonitor.imports.tables import ADMIN_LIMITS
from woonmonitor.programming.parsing import topojson
from woonmonitor.programming.parsing.topojson import (
    MAX_ARCS,
    RD,
    WGS84,
    crs_of,
    parse_topology,
    rd_to_wgs84,
    read_path,
)

SHAPES = Path(__file__).parent / "data" / "woningbouwkaart_shapes_sample.topojson.json"


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance between two (lon, lat) points, flat-earth (fine for metres)."""
    dx = (a[0] - b[0]) * 111_320 * math.cos(math.radians(b[1]))
    dy = (a[1] - b[1]) * 110_574
    return math.hypot(dx, dy)


# ------------------------------------------------------------------------- RD -> WGS84


def test_amersfoort_is_the_origin():
    longitude, latitude = rd_to_wgs84(155_000, 463_000)
    assert round(latitude, 5) == 52.15517
    assert round(longitude, 5) == 5.38721


@pytest.mark.parametrize(
    ("x", "y", "latitude", "longitude"),
    [
        # Martinitoren, Groningen: the point the formulas' users quote (53.21938317, 6.56820053)
        (233_883.131, 582_065.167, 53.21938317, 6.56820053),
        # Westertoren, Amsterdam
        (120_700.723, 487_525.501, 52.37453253, 4.88352559),
    ],
)
def test_known_points(x, y, latitude, longitude):
    assert metres(rd_to_wgs84(x, y), (longitude, latitude)) < 0.1


def test_within_a_metre_of_pyproj_across_the_country():
    """pyproj (EPSG:28992 -> EPSG:4326 by EPSG's own transformation) is independent of the
    approximation formulas; they agree within about a metre from Zeeland to Groningen."""
    pyproj = pytest.importorskip("pyproj")
    transformer = pyproj.Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    for x in range(20_000, 280_001, 40_000):
        for y in range(320_000, 620_001, 50_000):
            assert metres(rd_to_wgs84(x, y), transformer.transform(x, y)) < 1.0, (x, y)


def test_the_crs_follows_from_the_range():
    assert crs_of((6.5, 52.9, 6.9, 53.1)) == WGS84
    assert crs_of((13_000, 372_000, 270_000, 610_000)) == RD
    assert crs_of((500_000, 5_800_000, 700_000, 5_900_000)) is None  # UTM: never guessed
    assert crs_of(None) == WGS84


# ------------------------------------------------------------------------------ decoder


def topology(objects: list[dict], arcs: list, **extra) -> dict:
    return {
        "type": "Topology",
        "objects": {"projecten": {"type": "GeometryCollection", "geometries": objects}},
        "arcs": arcs,
        **extra,
    }


#: unquantized WGS84: two squares sharing the edge arc 1 (lon 6.61, lat 52.90 -> 52.91)
SQUARES = [
    [[6.60, 52.90], [6.61, 52.90]],
    [[6.61, 52.90], [6.61, 52.91]],
    [[6.61, 52.91], [6.60, 52.91], [6.60, 52.90]],
    [[6.61, 52.90], [6.62, 52.90], [6.62, 52.91], [6.61, 52.91]],
]


def test_the_sample_is_quantized_rd_with_a_hole_and_a_multipolygon():
    parsed = read_path(SHAPES)
    assert parsed.crs == RD and parsed.objects == 4 and not parsed.errors
    assert set(parsed.shapes) == {"900001", "900002", "900003", "900099"}
    es = parsed.shapes["900001"]
    assert es["type"] == "Polygon" and len(es["coordinates"]) == 2  # outline and hole
    outline, hole = es["coordinates"]
    # arc 0: absolute (46000, 4400), then deltas; x = q * 0.5 + 230000, y = q * 0.5 + 550000
    expected = [(253_000, 552_200), (253_400, 552_200), (253_400, 552_600), (253_000, 552_600)]
    for position, (x, y) in zip(outline, expected, strict=False):
        assert metres(tuple(position), rd_to_wgs84(x, y)) < 0.02
    assert outline[0] == outline[-1] and len(outline) == 5
    assert metres(tuple(hole[0]), rd_to_wgs84(253_150, 552_350)) < 0.02
    assert metres(tuple(hole[2]), rd_to_wgs84(253_250, 552_450)) < 0.02
    station = parsed.shapes["900002"]
    assert station["type"] == "MultiPolygon" and len(station["coordinates"]) == 2
    first, second = station["coordinates"][0][0], station["coordinates"][1][0]
    # the shared edge (arc 2) runs up in the first square and down (~2) in the second
    assert first[:2] == second[-2:][::-1]
    assert parsed.shapes["900003"]["type"] == "Polygon"  # named by its id


def test_gzip_and_plain_read_alike(tmp_path):
    packed = tmp_path / "project_shape_topo.json.gz"
    packed.write_bytes(gzip.compress(SHAPES.read_bytes()))
    assert read_path(packed).shapes == read_path(SHAPES).shapes


def test_unquantized_wgs84_with_a_reversed_arc():
    parsed = parse_topology(
        topology(
            [
                {"type": "Polygon", "arcs": [[0, 1, 2]], "properties": {"project_id": "7"}},
                {"type": "Polygon", "arcs": [[3, ~1]], "properties": {"Project ID": 8.0}},
            ],
            SQUARES,
        )
    )
    assert parsed.crs == WGS84 and not parsed.errors
    assert parsed.shapes["7"]["coordinates"] == [
        [[6.60, 52.90], [6.61, 52.90], [6.61, 52.91], [6.60, 52.91], [6.60, 52.90]]
    ]
    assert parsed.shapes["8"]["coordinates"] == [
        [[6.61, 52.90], [6.62, 52.90], [6.62, 52.91], [6.61, 52.91], [6.61, 52.90]]
    ]


def test_quantized_wgs84_is_delta_decoded():
    transform = {"scale": [0.001, 0.001], "translate": [6.0, 52.0]}
    arcs = [[[600, 900], [10, 0], [0, 10], [-10, 0], [0, -10]]]
    parsed = parse_topology(
        topology([{"type": "Polygon", "arcs": [[0]], "id": 5}], arcs, transform=transform)
    )
    assert parsed.shapes["5"]["coordinates"] == [
        [[6.6, 52.9], [6.61, 52.9], [6.61, 52.91], [6.6, 52.91], [6.6, 52.9]]
    ]


def test_multipolygons_collections_and_parts_of_one_project():
    parsed = parse_topology(
        topology(
            [
                {"type": "MultiPolygon", "arcs": [[[0, 1, 2]], [[3, ~1]]], "id": "1"},
                {
                    "type": "GeometryCollection",
                    "properties": {"project_id": "2"},
                    "geometries": [
                        {"type": "Polygon", "arcs": [[0, 1, 2]]},
                        {"type": "Polygon", "arcs": [[3, ~1]]},
                    ],
                },
                {"type": "Polygon", "arcs": [[0, 1, 2]], "properties": {"project_id": "3"}},
                {"type": "Polygon", "arcs": [[3, ~1]], "properties": {"project_id": "3"}},
                {"type": "Polygon", "arcs": [[0, 1, 2]], "properties": {"naam": "zonder id"}},
            ],
            SQUARES,
        )
    )
    assert parsed.shapes["1"]["type"] == "MultiPolygon"
    assert parsed.shapes["2"] == parsed.shapes["1"] == parsed.shapes["3"]
    assert [(w.row, "samengevoegd" in str(w)) for w in parsed.warnings] == [("3", True)]
    assert parsed.without_id == 1 and parsed.objects == 4


def test_a_bad_shape_is_reported_for_its_project_only():
    parsed = parse_topology(
        topology(
            [
                {"type": "Polygon", "arcs": [[0, 1, 2]], "id": "good"},
                {"type": "Polygon", "arcs": [[0, 1]], "id": "open"},
                {"type": "Polygon", "arcs": [[0, 1, 9]], "id": "missing-arc"},
                {"type": "LineString", "arcs": [0], "id": "line"},
                {"type": None, "id": "empty"},
                {"type": "Polygon", "arcs": [[4]], "id": "belgium"},
            ],
            [*SQUARES, [[4.0, 50.0], [4.1, 50.0], [4.1, 50.1], [4.0, 50.0]]],
        )
    )
    assert set(parsed.shapes) == {"good"}
    invalid = parsed.invalid
    assert "niet gesloten" in invalid["open"]
    assert "boog 9" in invalid["missing-arc"]
    assert "LineString" in invalid["line"]
    assert "geen geometrie" in invalid["empty"]
    assert "niet in Nederland" in invalid["belgium"]


def test_a_shape_with_too_many_vertices_is_refused():
    ring = [[6.6 + i * 1e-6, 52.9] for i in range(5_001)]
    ring += [[6.6, 52.91], [6.6, 52.9]]
    parsed = parse_topology(topology([{"type": "Polygon", "arcs": [[0]], "id": "big"}], [ring]))
    assert "hoogstens 5000 punten" in parsed.invalid["big"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"type": "FeatureCollection", "features": []}, "geen TopoJSON"),
        (topology([], [[[0, 0]]]), "minstens twee posities"),
        (topology([], [[[0, 0], ["a", 1]]]), "geen twee getallen"),
        (topology([], SQUARES, transform={"scale": [0, 1], "translate": [0, 0]}), "transform"),
        (topology([], [[[500_000, 5_800_000], [500_100, 5_800_100]]]), "niet geraden"),
        (
            topology(
                [], SQUARES, crs={"type": "name", "properties": {"name": "EPSG:28992"}}
            ),  # says RD, holds degrees
            "niet geraden",
        ),
    ],
)
def test_a_file_that_is_not_a_usable_topology_is_refused(document, message):
    with pytest.raises(MalformedFile, match=message):
        parse_topology(document)


def test_too_many_arcs_are_refused():
    arcs = [[[0, 0], [1, 1]]] * (MAX_ARCS + 1)
    with pytest.raises(MalformedFile, match="hoogstens 200.000"):
        parse_topology(topology([], arcs))


def test_too_many_positions_are_refused(monkeypatch):
    monkeypatch.setattr(topojson, "MAX_POSITIONS", 10)
    with pytest.raises(MalformedFile, match="meer dan 10 posities"):
        parse_topology(topology([], SQUARES * 2))


def test_the_file_limits_apply(tmp_path):
    small = dataclasses.replace(ADMIN_LIMITS, max_file_bytes=100)
    with pytest.raises(MalformedFile, match="te groot"):
        read_path(SHAPES, limits=small)
    few = dataclasses.replace(ADMIN_LIMITS, max_rows=3)
    with pytest.raises(MalformedFile, match="meer dan 3 objecten"):
        read_path(SHAPES, limits=few)
    broken = tmp_path / "kapot.json"
    broken.write_text(json.dumps({"type": "Topology"})[:-1], encoding="utf-8")
    with pytest.raises(MalformedFile, match="kapot.json: Het bestand is geen geldige JSON"):
        read_path(broken)
