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


def boundary_for(area):
    """The boundary to draw for ``area``, and the vintage it comes from.

    Prefer the area's own boundary. When its vintage has none loaded, fall back
    to the boundary of the same code in the nearest vintage (the later one on a
    tie) and return that vintage, so the page can say so. Returns
    ``(None, None)`` when no vintage of the code has a boundary.
    """
    from .models import Boundary

    own = Boundary.objects.filter(area=area).first()
    if own is not None:
        return own, area.vintage
    candidates = list(
        Boundary.objects.filter(area__code=area.code).select_related("area").only(
            "geometry", "source", "area__vintage"
        )
    )
    if not candidates:
        return None, None
    best = min(candidates, key=lambda b: (abs(b.area.vintage - area.vintage), -b.area.vintage))
    return best, best.area.vintage
