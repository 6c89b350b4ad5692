"""Pure functions that turn GeoJSON boundaries into an SVG map.

The SVG map is what every visitor gets first: it needs no JavaScript and no
map tiles, and each area in it is a link. The interactive map (Leaflet) is
drawn over it when scripts and tiles are available.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    url: str
    geometry: dict | None
    context: bool = False


@dataclass(frozen=True)
class SvgShape:
    code: str
    name: str
    url: str
    path: str
    context: bool


@dataclass(frozen=True)
class SvgMap:
    width: int
    height: int
    shapes: list[SvgShape]


def _polygons(geometry: dict | None) -> Iterator[list[list[list[float]]]]:
    if not geometry:
        return
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield coordinates
    elif kind == "MultiPolygon":
        yield from coordinates
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries") or []:
            yield from _polygons(part)


def _points(geometry: dict | None) -> Iterator[tuple[float, float]]:
    for polygon in _polygons(geometry):
        for ring in polygon:
            for point in ring:
                yield point[0], point[1]


def vertex_count(geometry: dict | None) -> int:
    """How many points a (Multi)Polygon has, counting every ring."""
    return sum(1 for _point in _points(geometry))


def bounding_box(geometries: Iterable[dict | None]) -> tuple[float, float, float, float] | None:
    xs: list[float] = []
    ys: list[float] = []
    for geometry in geometries:
        for x, y in _points(geometry):
            xs.append(x)
            ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def svg_map(shapes: list[MapShape], width: int = 640) -> SvgMap | None:
    """Project lon/lat shapes onto an SVG canvas ``width`` pixels wide.

    An equirectangular projection corrected for the latitude is exact enough
    for a province. Shapes without geometry are left out; ``None`` when no
    shape has any.
    """
    box = bounding_box(shape.geometry for shape in shapes)
    if box is None:
        return None
    min_x, min_y, max_x, max_y = box
    x_factor = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * x_factor, 1e-9)
    span_y = max(max_y - min_y, 1e-9)
    scale = (width - 4) / span_x
    height = round(span_y * scale) + 4

    def project(x: float, y: float) -> str:
        return f"{(x - min_x) * x_factor * scale + 2:.1f} {(max_y - y) * scale + 2:.1f}"

    result = []
    for shape in shapes:
        parts = []
        for polygon in _polygons(shape.geometry):
            for ring in polygon:
                if len(ring) < 3:
                    continue
                parts.append("M" + " L".join(project(p[0], p[1]) for p in ring) + " Z")
        if parts:
            result.append(
                SvgShape(shape.code, shape.name, shape.url, " ".join(parts), shape.context)
            )
    # Context shapes first so the focus areas are drawn on top of them.
    result.sort(key=lambda s: not s.context)
    return SvgMap(width=width, height=height, shapes=result)


def feature_collection(shapes: list[MapShape]) -> dict:
    """The same shapes as a GeoJSON FeatureCollection for the interactive map."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": shape.geometry,
                "properties": {
                    "code": shape.code,
                    "name": shape.name,
                    "url": shape.url,
                    "context": shape.context,
                },
            }
            for shape in shapes
            if shape.geometry
        ],
    }
