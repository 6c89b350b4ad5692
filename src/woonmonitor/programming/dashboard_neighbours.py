"""Which municipalities border each other, from their boundaries (for the production signals
of ``programming.signals``). ``neighbours_from_geometries`` is pure; ``municipality_neighbours``
reads the boundaries of the latest vintage from ``areas``.

Two municipalities are neighbours when their boundaries share an edge: at least two vertices in
common (coordinates compared to 5 decimals, about a metre). The CBS/PDOK boundaries are
simplified together, so a shared border keeps shared vertices; a single shared point (two
municipalities touching at a corner) is not a border.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from woonmonitor.areas.models import Area, Boundary, Level

SHARED_VERTICES = 2


def _vertices(geometry: Mapping) -> set[tuple[float, float]]:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        rings = coordinates
    elif kind == "MultiPolygon":
        rings = [ring for polygon in coordinates for ring in polygon]
    else:
        return set()
    return {(round(x, 5), round(y, 5)) for ring in rings for x, y, *_rest in ring}


def neighbours_from_geometries(geometries: Mapping[str, Mapping]) -> dict[str, set[str]]:
    vertices = {code: _vertices(geometry) for code, geometry in geometries.items()}
    result: dict[str, set[str]] = {code: set() for code in geometries}
    for first, second in itertools.combinations(sorted(vertices), 2):
        if len(vertices[first] & vertices[second]) >= SHARED_VERTICES:
            result[first].add(second)
            result[second].add(first)
    return result


def municipality_neighbours(codes: Iterable[str]) -> tuple[dict[str, set[str]], str]:
    """(neighbours among ``codes``, the boundaries' source)."""
    codes = list(codes)
    vintage = Area.objects.filter(level=Level.MUNICIPALITY, code__in=codes, boundary__isnull=False)
    latest = vintage.order_by("-vintage").values_list("vintage", flat=True).first()
    if latest is None:
        return {code: set() for code in codes}, ""
    rows = Boundary.objects.filter(
        area__level=Level.MUNICIPALITY, area__vintage=latest, area__code__in=codes
    ).values_list("area__code", "geometry", "source")
    geometries = {code: geometry for code, geometry, _source in rows}
    sources = sorted({source for _code, _geometry, source in rows})
    found = neighbours_from_geometries(geometries)
    return {code: found.get(code, set()) for code in codes}, "; ".join(sources)
