"""Reads of the allocation app: what each user may see. Touches the database.

Tasks and national numbers are public (the statutory task is published by the Rijk; an entered
task is a policy figure of the municipality). Placements are public per municipality and month
(the COA and municipalities publish them); the spread of placements within a municipality is
shown only through disclosure control. Draft scenarios are visible to the parties of their
region and to province readers; published ones to everyone.
"""

from __future__ import annotations

from django.db import models


class TaskQuerySet(models.QuerySet):
    def current(self) -> TaskQuerySet:
        """The task records nothing superseded."""
        return self.filter(superseded_by__isnull=True)


class PlacementQuerySet(models.QuerySet):
    def current(self) -> PlacementQuerySet:
        """The placement figures no later record corrects."""
        return self.filter(correction__isnull=True)


class AllocationFigureQuerySet(models.QuerySet):
    def current(self) -> AllocationFigureQuerySet:
        return self.filter(superseded_by__isnull=True)


# scenarios


class ScenarioQuerySet(models.QuerySet):
    def published(self) -> ScenarioQuerySet:
        return self.filter(status="published")

    def visible_to(self, user) -> ScenarioQuerySet:
        """Published scenarios for everyone; drafts for staff and province readers, for the
        organisation that made them, and for the parties of the region (a member municipality
        or an association working in one of its municipalities)."""
        from woonmonitor.accounts.access import (
            member_organisation_ids,
            party_codes,
            reads_everything,
        )
        from woonmonitor.areas.models import Region

        if reads_everything(user):
            return self.all()
        public = models.Q(status="published")
        if not user.is_authenticated:
            return self.filter(public)
        codes = party_codes(user)
        regions = Region.objects.filter(members__municipality_code__in=codes).values("pk")
        own = models.Q(owner_id__in=member_organisation_ids(user))
        return self.filter(public | own | models.Q(region__in=regions)).distinct()
