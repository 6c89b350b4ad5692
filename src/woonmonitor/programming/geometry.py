"""Plane geometry on GeoJSON in WGS84, enough to place a plan. Pure: no database.

At the scale of a municipality longitude/latitude may be treated as a plane for "which polygon
holds this point" and for a representative point; no areas or distances are computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Ring = Sequence[Sequence[float]]

MAX_VERTICES = 5_000


class GeometryError(ValueError):
    """A geometry that is not a usable Point or (Multi)Polygon (message in Dutch)."""


def _ring_ok(ring: Any) -> bool:
    return (
        isinstance(ring, list)
        and len(ring) >= 4
        and all(
            isinstance(point, list | tuple)
            and len(point) >= 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in point[:2])
            for point in ring
        )
    )


def check(geometry: Any) -> dict[str, Any]:
    """The geometry when it is a valid Point, Polygon or MultiPolygon within the Netherlands'
    rough bounds; ``GeometryError`` otherwise."""
    if not isinstance(geometry, dict):
        raise GeometryError("De locatie is geen GeoJSON-geometrie.")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Point":
        if not (
            isinstance(coordinates, list | tuple)
            and len(coordinates) >= 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coordinates[:2])
        ):
            raise GeometryError("Een punt heeft twee coördinaten (lengte, breedte).")
        points = [coordinates]
    elif kind == "Polygon":
        if not (isinstance(coordinates, list) and coordinates and all(map(_ring_ok, coordinates))):
            raise GeometryError("Een vlak heeft minstens een gesloten ring van vier punten.")
        points = [p for ring in coordinates for p in ring]
    elif kind == "MultiPolygon":
        if not (
            isinstance(coordinates, list)
            and coordinates
            and all(
                isinstance(poly, list) and poly and all(map(_ring_ok, poly)) for poly in coordinates
            )
        ):
            raise GeometryError("Een multivlak bestaat uit vlakken met gesloten ringen.")
        points = [p for poly in coordinates for ring in poly for p in ring]
    else:
        raise GeometryError("De locatie moet een punt of een vlak zijn.")
    if len(points) > MAX_VERTICES:
        raise GeometryError(f"Een vlak mag hoogstens {MAX_VERTICES} punten hebben.")
    for lon, lat, *_rest in points:
        if not (2.0 <= lon <= 7.6 and 50.5 <= lat <= 53.8):
            raise GeometryError(
                "De locatie ligt niet in Nederland (lengte 2-7,6, breedte 50,5-53,8)."
            )
    return {"type": kind, "coordinates": coordinates}


def representative_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """The point itself, or the vertex average of a polygon's outer ring (of its largest
    ring for a multipolygon); inside for the convex-ish shapes plans are drawn as."""
    kind = geometry["type"]
    if kind == "Point":
        lon, lat = geometry["coordinates"][:2]
        return float(lon), float(lat)
    rings = (
        [geometry["coordinates"][0]]
        if kind == "Polygon"
        else [poly[0] for poly in geometry["coordinates"]]
    )
    ring = max(rings, key=len)
    points = ring[:-1] if ring[0] == ring[-1] else ring
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geometry: dict[str, Any], point: tuple[float, float]) -> bool:
    """Whether a Polygon/MultiPolygon holds ``point`` (holes excluded)."""
    x, y = point
    polygons = (
        [geometry["coordinates"]]
        if geometry.get("type") == "Polygon"
        else geometry.get("coordinates", [])
        if geometry.get("type") == "MultiPolygon"
        else []
    )
    for polygon in polygons:
        if (
            polygon
            and _in_ring(x, y, polygon[0])
            and not any(_in_ring(x, y, hole) for hole in polygon[1:])
        ):
            return True
    return False
