"""Which wijk and buurt a plan lies in, from its location. Reads the database (boundaries).

The representative point of the plan (``geometry.representative_point``) is looked up in the
boundaries of the wijken and buurten of the plan's municipality (latest vintage loaded). A plan
outside every boundary keeps its municipality and gets no wijk/buurt: it never loses its units.
"""

from __future__ import annotations

from dataclasses import dataclass

from woonmonitor.areas.models import Area, Level

from .geometry import contains, representative_point


@dataclass(frozen=True)
class Place:
    wijk_code: str = ""
    buurt_code: str = ""


def _find(level: str, prefix: str, point: tuple[float, float]) -> str:
    areas = (
        Area.objects.filter(level=level, code__startswith=prefix, boundary__isnull=False)
        .order_by("-vintage")
        .values_list("code", "vintage", "boundary__geometry")
    )
    latest = None
    for code, vintage, shape in areas.iterator():
        if latest is None:
            latest = vintage
        if vintage != latest:
            break
        if contains(shape, point):
            return code
    return ""


def locate(municipality_code: str, geometry) -> Place:
    if not geometry or not municipality_code.startswith("GM"):
        return Place()
    digits = municipality_code[2:]
    point = representative_point(geometry)
    return Place(
        wijk_code=_find(Level.DISTRICT, f"WK{digits}", point),
        buurt_code=_find(Level.NEIGHBOURHOOD, f"BU{digits}", point),
    )
