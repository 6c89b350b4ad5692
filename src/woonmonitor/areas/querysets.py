from __future__ import annotations

from django.db import models


class AreaQuerySet(models.QuerySet):
    def visible_to(self, user) -> AreaQuerySet:
        """Areas and their published figures are public open data."""
        return self.all()

    def latest_vintage(self, level: str | None = None) -> int | None:
        qs = self.filter(level=level) if level else self
        return qs.aggregate(latest=models.Max("vintage"))["latest"]

    def of_latest_vintage(self, level: str | None = None) -> AreaQuerySet:
        latest = self.latest_vintage(level)
        qs = self.filter(level=level) if level else self
        return qs.filter(vintage=latest) if latest is not None else qs.none()

    def with_code(self, code: str) -> AreaQuerySet:
        return self.filter(code=code.upper())


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegionQuerySet:
        return self.all()



def boundaries_for(areas) -> dict:
    """Bulk form of :func:`boundary_for`: ``{area.pk: (boundary, boundary_vintage)}``.

    One query for any number of areas; areas without any boundary are left out.
    """
    from .models import Boundary

    areas = list(areas)
    by_code: dict[str, list] = {}
    for boundary in Boundary.objects.filter(area__code__in={a.code for a in areas}).select_related(
        "area"
    ).only("geometry", "source", "area__code", "area__vintage"):
        by_code.setdefault(boundary.area.code, []).append(boundary)
    result = {}
    for area in areas:
        candidates = by_code.get(area.code)
        if not candidates:
            continue
        best = min(candidates, key=lambda b: (abs(b.area.vintage - area.vintage), -b.area.vintage))
        result[area.pk] = (best, best.area.vintage)
    return result


def boundary_for(area):
    """The boundary to draw for ``area``, and the vintage it comes from.

    Prefer the area's own boundary. When its vintage has none loaded, fall back
    to the boundary of the same code in the nearest vintage (the later one on a
    tie) and return that vintage, so the page can say so. Returns
    ``(None, None)`` when no vintage of the code has a boundary.
    """
    return boundaries_for([area]).get(area.pk, (None, None))
