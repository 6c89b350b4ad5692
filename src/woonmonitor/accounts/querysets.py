from __future__ import annotations

from django.db import models
from django.utils import timezone


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganisationQuerySet:
        """The parties of the agreements are public; their names and kinds may be seen by anyone."""
        return self.all()

    def of_user(self, user) -> OrganisationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user) -> MembershipQuerySet:
        """Who works where is not public: fellow members, the province and staff only."""
        from .access import reads_everything

        if not user.is_authenticated:
            return self.none()
        if reads_everything(user):
            return self.all()
        return self.filter(organisation__memberships__user=user).distinct()


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApiTokenQuerySet:
        """A user sees only their own tokens (staff manage them in /beheer/, without secrets)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def active(self, now=None) -> ApiTokenQuerySet:
        """Neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )
