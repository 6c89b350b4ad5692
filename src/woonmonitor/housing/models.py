"""Reference data for the housing stock: the national rent thresholds per year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RentThresholds(models.Model):
    """The huurprijsgrenzen in force from 1 January of a year (euro per month, kale huur)."""

    class Verification(models.TextChoices):
        VERIFIED = "verified", _("geverifieerd")
        PARTLY_VERIFIED = "partly_verified", _("deels geverifieerd")
        UNVERIFIED = "unverified", _("niet geverifieerd")

    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    quality_discount_limit = models.DecimalField(
        _("kwaliteitskortingsgrens"), max_digits=7, decimal_places=2
    )
    capping_limit_low = models.DecimalField(
        _("1e aftoppingsgrens (1-2 personen)"), max_digits=7, decimal_places=2
    )
    capping_limit_high = models.DecimalField(
        _("2e aftoppingsgrens (3+ personen)"), max_digits=7, decimal_places=2
    )
    liberalisation_limit = models.DecimalField(
        _("liberalisatiegrens"), max_digits=7, decimal_places=2
    )
    verification = models.CharField(_("verificatie"), max_length=20, choices=Verification.choices)
    source = models.TextField(_("bron"))
    import_run = models.ForeignKey(
        "imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("huurprijsgrenzen")
        verbose_name_plural = _("huurprijsgrenzen")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def citation(self) -> str:
        """The source in words, for beside an amount: what, its reference date, its status.

        ``source`` is the working note of how each amount was found; it belongs on the
        sources page, not beside a figure.
        """
        return gettext(
            "huurprijsgrenzen per 1 januari %(year)d, door Woonmonitor samengesteld uit "
            "openbare bronnen (verantwoording op de pagina Bronnen); %(verification)s"
        ) % {"year": self.year, "verification": self.get_verification_display()}
