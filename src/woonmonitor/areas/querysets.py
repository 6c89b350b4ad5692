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
