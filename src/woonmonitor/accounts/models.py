"""Organisations, users and their memberships with a role; API tokens and throttle counts."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .querysets import ApiTokenQuerySet, MembershipQuerySet, OrganisationQuerySet
from .tokens import TOKEN_PREFIX


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


class ThrottleScope(models.TextChoices):
    """What is counted, and per what; the limits are in ``settings.WOONMONITOR_THROTTLE_LIMITS``."""

    LOGIN_ACCOUNT = "login_account", _("mislukte inlogpoging per account")
    LOGIN_ADDRESS = "login_address", _("mislukte inlogpoging per IP-adres")
    RESET_EMAIL = "reset_email", _("wachtwoordherstel per e-mailadres")
    RESET_ADDRESS = "reset_address", _("wachtwoordherstel per IP-adres")


class ThrottleEvent(models.Model):
    """One counted event (a failed login, a password-reset request) for a key in a scope.

    The rows are the shared state of the throttling in ``throttling.py``: in the database,
    so every gunicorn process and machine sees the same counts. Rows older than the longest
    window are deleted when new ones are written.
    """

    scope = models.CharField(_("soort"), max_length=20, choices=ThrottleScope.choices)
    key = models.CharField(
        _("sleutel"),
        max_length=254,
        help_text=_("De gebruikersnaam, het IP-adres (IPv6 per /64) of het e-mailadres."),
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("blokkadetelling")
        verbose_name_plural = _("blokkadetellingen")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["scope", "key", "at"], name="throttle_scope_key_at"),
            models.Index(fields=["at"], name="throttle_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.key}"


class ApiToken(models.Model):
    """A named key with which a machine client acts as its user in the API.

    Only the SHA-256 hash of the secret is stored; the secret is shown once, when the token
    is made. The public ``prefix`` (part of the secret) tells the tokens apart.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("gebruiker")
    )
    name = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("Waarvoor de sleutel dient, bijvoorbeeld het systeem."),
    )
    prefix = models.CharField(_("herkenningsteken"), max_length=16, db_index=True)
    secret_hash = models.CharField(_("hash van de sleutel"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    expires_at = models.DateTimeField(_("verloopt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.display_prefix})"

    @property
    def display_prefix(self) -> str:
        """How the token starts, e.g. ``wm_1a2b3c4d…``: enough to recognise it, useless to use."""
        return f"{TOKEN_PREFIX}{self.prefix}…"

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    def is_active(self, now: datetime | None = None) -> bool:
        return self.revoked_at is None and not self.is_expired(now)
