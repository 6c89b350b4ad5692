from woonmonitor.areas.mapping import (
    MapShape,
    bounding_box,
    feature_collection,
    svg_map,
    vertex_count,
)

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[6.0, 52.0], [7.0, 52.0], [7.0, 53.0], [6.0, 53.0], [6.0, 52.0]]],
}
EMPTY_MULTI = {"type": "MultiPolygon", "coordinates": []}


def test_bounding_box_ignores_null_and_empty_geometries():
    assert bounding_box([None, EMPTY_MULTI, SQUARE]) == (6.0, 52.0, 7.0, 53.0)
    assert bounding_box([None, EMPTY_MULTI]) is None


def test_svg_map_corrects_for_latitude_and_puts_north_up():
    result = svg_map([MapShape("GM1", "Een", "/gebieden/GM1/", SQUARE)], width=604)
    # One degree of longitude at 52.5N is cos(52.5) = 0.609 of a degree of latitude.
    assert result.width == 604
    assert 980 < result.height < 1000
    path = result.shapes[0].path
    assert path.startswith("M2.0 ")  # the south-west corner is on the left ...
    first_y = float(path.split(" L")[0].split(" ")[1])
    assert abs(first_y - (result.height - 2)) <= 1  # ... and at the bottom


def test_svg_map_draws_context_first_and_skips_areas_without_geometry():
    result = svg_map(
        [
            MapShape("WK1", "Wijk", "/w", SQUARE),
            MapShape("GM1", "Gemeente", "/g", SQUARE, context=True),
            MapShape("WK2", "Leeg", "/l", None),
        ]
    )
    assert [s.code for s in result.shapes] == ["GM1", "WK1"]


def test_svg_map_without_any_geometry_is_none():
    assert svg_map([MapShape("WK2", "Leeg", "/l", None)]) is None


def test_feature_collection_keeps_only_areas_with_geometry():
    collection = feature_collection(
        [MapShape("A", "a", "/a", SQUARE), MapShape("B", "b", "/b", None)]
    )
    assert [f["properties"]["code"] for f in collection["features"]] == ["A"]


def test_vertex_count_counts_every_ring_of_every_polygon():
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], SQUARE["coordinates"]]}
    assert vertex_count(SQUARE) == 5
    assert vertex_count(multi) == 10
    assert vertex_count(None) == 0
