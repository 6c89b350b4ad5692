from __future__ import annotations

from django.db import models


def is_province_reader(user) -> bool:
    """A member of the province reads everything in the platform."""
    if not user.is_authenticated:
        return False
    return user.memberships.filter(organisation__kind="province").exists()


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
        if not user.is_authenticated:
            return self.none()
        if user.is_staff or is_province_reader(user):
            return self.all()
        return self.filter(organisation__memberships__user=user).distinct()
