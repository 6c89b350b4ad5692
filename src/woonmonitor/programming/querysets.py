"""Reads of the programming app: which projects a person may see, current plan capacity.

Touches the database. Visibility (issue 12, point 5): a project marked "openbaar als project" is
seen by everyone; the others only by the parties of its municipality (the municipality itself and
associations working there, ``accounts.access.party_codes``), its owner, the province and staff.
Public aggregates of projects that are not public as projects go through ``disclosure``.
"""

from __future__ import annotations

from django.db import models


class ProjectQuerySet(models.QuerySet):
    def real(self) -> ProjectQuerySet:
        """Projects that may feed totals: never demonstration projects or reviewed duplicates."""
        return self.filter(is_demo=False, duplicate_of__isnull=True)

    def public(self) -> ProjectQuerySet:
        return self.filter(publicity="project")

    def visible_to(self, user) -> ProjectQuerySet:
        from woonmonitor.accounts.access import (
            member_organisation_ids,
            party_codes,
            reads_everything,
        )

        if reads_everything(user):
            return self.all()
        public = models.Q(publicity="project")
        if not user.is_authenticated:
            return self.filter(public)
        parties = models.Q(municipality_code__in=party_codes(user))
        own = models.Q(owner_id__in=member_organisation_ids(user))
        return self.filter(public | parties | own)

    def in_codes(self, codes) -> ProjectQuerySet:
        return self.filter(municipality_code__in=list(codes))


class PeilmomentQuerySet(models.QuerySet):
    def latest_first(self) -> PeilmomentQuerySet:
        return self.order_by("-date")


class PlanCapacityQuerySet(models.QuerySet):
    def latest_year(self) -> int | None:
        return self.aggregate(latest=models.Max("reference_year"))["latest"]
