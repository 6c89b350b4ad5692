"""Geometry handling: CRS detection, reprojection to WGS84, simplification and rounding."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.validation import make_valid

from woonmonitor.imports.errors import InvalidRow, MalformedFile

WGS84 = "EPSG:4326"
RD_NEW = "EPSG:28992"
#: CRSs we know how to handle; anything else is refused rather than guessed.
SUPPORTED_CRS = {"EPSG:4326", "EPSG:28992", "EPSG:4289"}
#: Default simplification tolerance in degrees per level (about 50 m and 100 m).
DEFAULT_TOLERANCE = {"buurt": 0.0005, "wijk": 0.0005, "gemeente": 0.001, "provincie": 0.001}
DECIMALS = 6

_EPSG = re.compile(r"EPSG:+(?:[\d.]*:)?(\d+)$", re.IGNORECASE)


def crs_from_geojson(collection: dict[str, Any]) -> str | None:
    """The CRS named in a GeoJSON ``crs`` member as ``EPSG:nnnn``; None when there is none.

    ``urn:ogc:def:crs:OGC:1.3:CRS84`` and ``...:EPSG::4326`` are both WGS84 (lon, lat).
    Raises ``MalformedFile`` for a CRS we do not support.
    """
    crs = collection.get("crs")
    if crs is None:
        return None
    try:
        name = str(crs["properties"]["name"]).strip()
    except (KeyError, TypeError) as exc:
        raise MalformedFile("Het crs-lid van de GeoJSON is onleesbaar.") from exc
    if name.upper().endswith("CRS84"):
        return WGS84
    match = _EPSG.search(name)
    code = f"EPSG:{match.group(1)}" if match else name
    if code not in SUPPORTED_CRS:
        raise MalformedFile(
            f"Coördinatenstelsel {name} wordt niet ondersteund "
            f"(wel: CRS84/EPSG:4326, EPSG:28992, EPSG:4289)."
        )
    return code


def guess_crs(sample: tuple[float, float] | None) -> str:
    """Without a ``crs`` member GeoJSON is WGS84, unless the numbers are clearly RD metres."""
    if sample is None:
        return WGS84
    x, y = sample
    if abs(x) <= 180 and abs(y) <= 90:
        return WGS84
    if 0 <= x <= 300_000 and 289_000 <= y <= 629_000:
        return RD_NEW
    raise MalformedFile("Geen crs in het bestand en de coördinaten zijn geen lengte/breedte.")


def first_position(geometry: dict[str, Any] | None) -> tuple[float, float] | None:
    """The first coordinate pair of a GeoJSON geometry, or None when it has none."""
    if not geometry:
        return None
    coords: Any = geometry.get("coordinates")
    while isinstance(coords, list) and coords and isinstance(coords[0], list):
        coords = coords[0]
    if isinstance(coords, list) and len(coords) >= 2:
        return float(coords[0]), float(coords[1])
    return None


@lru_cache(maxsize=8)
def _transformer(source_crs: str) -> Transformer:
    return Transformer.from_crs(source_crs, WGS84, always_xy=True)


def to_wgs84(geom: shapely.Geometry, source_crs: str) -> shapely.Geometry:
    """Reproject a shapely geometry to WGS84 lon/lat (axis order x=lon, y=lat)."""
    if source_crs == WGS84:
        return geom
    transformer = _transformer(source_crs)

    def project(coords: np.ndarray) -> np.ndarray:
        lon, lat = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geom, project)


def is_empty_geometry(geometry: dict[str, Any] | None) -> bool:
    """True for a null geometry or one without any coordinates."""
    return not geometry or first_position(geometry) is None


def clean_geometry(
    geometry: dict[str, Any], *, source_crs: str, tolerance: float
) -> dict[str, Any] | None:
    """A GeoJSON (Multi)Polygon in WGS84, simplified and rounded to 6 decimals.

    Returns None when nothing of the area is left (e.g. an empty MultiPolygon).
    Raises ``InvalidRow`` when the geometry cannot be read or is not a polygon.
    """
    if is_empty_geometry(geometry):
        return None
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        raise InvalidRow(f"onleesbare geometrie: {exc}") from exc
    if not isinstance(geom, Polygon | MultiPolygon):
        raise InvalidRow(f"geometrie is geen (multi)polygoon maar {geom.geom_type}")
    geom = to_wgs84(geom, source_crs)
    if tolerance > 0:
        geom = geom.simplify(tolerance, preserve_topology=True)
    if not geom.is_valid:
        geom = make_valid(geom)
    geom = shapely.set_precision(geom, 10**-DECIMALS)
    geom = _polygonal(geom)
    if geom is None or geom.is_empty:
        return None
    return _rounded(mapping(geom))


def _polygonal(geom: shapely.Geometry) -> Polygon | MultiPolygon | None:
    """Keep only the polygon parts (make_valid may return a GeometryCollection)."""
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts: list[Polygon] = []
    for part in getattr(geom, "geoms", []):
        if isinstance(part, Polygon):
            parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(part.geoms)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _rounded(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    if isinstance(value, float):
        return round(value, DECIMALS)
    return value
