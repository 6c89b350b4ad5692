"""Organisations, users and their memberships with a role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .querysets import MembershipQuerySet, OrganisationQuerySet


class OrganisationKind(models.TextChoices):
    PROVINCE = "province", _("provincie")
    MUNICIPALITY = "municipality", _("gemeente")
    HOUSING_ASSOCIATION = "housing_association", _("woningcorporatie")
    TENANTS_ORGANISATION = "tenants_organisation", _("huurdersorganisatie")
    CARE_PROVIDER = "care_provider", _("zorgpartij")
    OTHER = "other", _("overig")


class Role(models.TextChoices):
    READER = "reader", _("lezer")
    EDITOR = "editor", _("bewerker")
    ADMIN = "admin", _("beheerder")


class Organisation(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    short_name = models.CharField(
        _("korte naam"),
        max_length=30,
        blank=True,
        help_text=_(
            "Gangbare afkorting; een afsprakendocument kan zijn eigen afkortingen vastleggen."
        ),
    )
    area_code = models.CharField(
        _("CBS-code"),
        max_length=16,
        blank=True,
        help_text=_("Voor gemeente en provincie: GM1681, PV22."),
    )
    working_area_codes = models.JSONField(_("werkgebied (gemeentecodes)"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(
        _("bron"), max_length=300, blank=True, help_text=_("Waar deze organisatie genoemd wordt.")
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person. What they may see and do follows from their memberships."""

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("gebruiker")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices, default=Role.READER)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.organisation} ({self.get_role_display()})"
