from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import models

from .vintages import nearest_vintage

if TYPE_CHECKING:
    from .models import Area, Boundary


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


#: Resolved boundary per area pk: (boundary, vintage the boundary comes from).
ResolvedBoundaries = dict[int, tuple["Boundary", int]]


def boundaries_for(areas: Sequence[Area]) -> ResolvedBoundaries:
    """Bulk form of :func:`boundary_for`: ``{area.pk: (boundary, boundary_vintage)}``.

    At most three queries whatever the number of areas: own boundaries, fallback
    candidates (without geometry), chosen fallbacks. Areas without any boundary
    are left out.
    """
    from .models import Boundary

    fields = ("id", "area_id", "geometry", "source")
    vintages = {area.pk: area.vintage for area in areas}
    resolved: ResolvedBoundaries = {
        boundary.area_id: (boundary, vintages[boundary.area_id])
        for boundary in Boundary.objects.filter(area_id__in=vintages).only(*fields)
    }
    missing = [area for area in areas if area.pk not in resolved]
    if not missing:
        return resolved
    chosen = _nearest_vintage_boundaries(missing)
    if not chosen:
        return resolved
    boundaries = Boundary.objects.only(*fields).in_bulk([pk for pk, _ in chosen.values()])
    for area in missing:
        choice = chosen.get(area.pk)
        if choice is not None:
            resolved[area.pk] = (boundaries[choice[0]], choice[1])
    return resolved


def _nearest_vintage_boundaries(areas: Sequence[Area]) -> dict[int, tuple[int, int]]:
    """Per area pk: (boundary pk, vintage) of the same code's nearest vintage with a boundary."""
    from .models import Boundary

    candidates: dict[str, list[tuple[int, int]]] = {}
    rows = Boundary.objects.filter(area__code__in={area.code for area in areas}).values_list(
        "pk", "area__code", "area__vintage"
    )
    for boundary_pk, code, vintage in rows:
        candidates.setdefault(code, []).append((boundary_pk, vintage))
    chosen: dict[int, tuple[int, int]] = {}
    for area in areas:
        options = candidates.get(area.code)
        if options:
            chosen[area.pk] = nearest_vintage(options, area.vintage, vintage_of=lambda o: o[1])
    return chosen


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
        Boundary.objects.filter(area__code=area.code)
        .select_related("area")
        .only("geometry", "source", "area__vintage")
    )
    if not candidates:
        return None, None
    best = nearest_vintage(candidates, area.vintage, vintage_of=lambda b: b.area.vintage)
    return best, best.area.vintage
