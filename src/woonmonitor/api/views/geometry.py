"""GeoJSON for the maps: boundaries of many areas resolved in a fixed number of queries.

``boundary_for`` resolves one area (and is what the detail endpoint uses); the
map needs an area and all its children, so this module applies the same rule in
bulk: the area's own boundary, else the boundary of the same code in the nearest
vintage (the later one on a tie). At most three queries whatever the number of
areas: own boundaries, fallback candidates (without geometry), chosen fallbacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from woonmonitor.areas.models import Area, Boundary
from woonmonitor.areas.querysets import boundaries_for as resolve_boundaries

from ..serializers.areas import area_detail_url


def feature_collection(areas: Sequence[Area], request=None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of ``areas``; features without a boundary have geometry null."""
    resolved = resolve_boundaries(areas)
    return {
        "type": "FeatureCollection",
        "features": [_feature(area, resolved.get(area.pk), request) for area in areas],
    }


def _feature(area: Area, resolved: tuple[Boundary, int] | None, request) -> dict[str, Any]:
    boundary, geometry_vintage = resolved if resolved is not None else (None, None)
    return {
        "type": "Feature",
        "id": area.code,
        "geometry": boundary.geometry if boundary is not None else None,
        "properties": {
            "code": area.code,
            "name": area.name,
            "level": area.level,
            "vintage": area.vintage,
            "geometry_vintage": geometry_vintage,
            "url": area_detail_url(area, request),
        },
    }
