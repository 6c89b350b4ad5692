"""The Wijk- en Dorpenmonitor: an indicator catalogue and values per area per period.

The catalogue is data (``monitor/data/indicators.toml``, loaded by ``load_indicators``); a
value belongs to one CBS area *in one vintage* (``areas.Area``), so a trend can tell two areas
that share a code apart. Values are never overwritten: a new import or a correction stores a
new value that points at the one it replaces.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .querysets import AreaGroupQuerySet, IndicatorQuerySet, IndicatorValueQuerySet


class Theme(models.TextChoices):
    HOUSING = "wonen", _("Wonen")
    SOCIAL = "sociaal-domein", _("Sociaal domein")
    ENERGY = "energie", _("Energie")
    LIVABILITY = "leefbaarheid", _("Leefbaarheid")
    DEMOGRAPHY = "demografie", _("Demografie")


class Unit(models.TextChoices):
    COUNT = "aantal", _("aantal")
    PERCENT = "procent", _("%")
    EURO_THOUSAND = "x1000-euro", _("× € 1.000")
    EURO = "euro", _("euro")
    PER_KM2 = "per-km2", _("per km²")
    HECTARE = "ha", _("hectare")
    KM = "km", _("km")
    KWH = "kwh", _("kWh")
    M3 = "m3", _("m³")
    PER_1000 = "per-1000", _("per 1.000 inwoners")
    PERSONS = "personen", _("personen")
    YEARS = "jaar", _("jaar")
    CLASS = "klasse", _("klasse")


class SourceKind(models.TextChoices):
    CBS = "cbs", _("CBS")
    PBL_CBS = "pbl-cbs", _("PBL/CBS")
    PARTY = "partij", _("ingevoerd door partij")
    DERIVED = "berekend", _("berekend")


class Computation(models.TextChoices):
    DIRECT = "direct", _("direct uit de bron")
    RATIO = "verhouding", _("verhouding van twee indicatoren")


class Aggregation(models.TextChoices):
    SUM = "som", _("optellen")
    WEIGHTED_MEAN = "gewogen-gemiddelde", _("gewogen gemiddelde")
    NONE = "geen", _("niet op te tellen")


class Polarity(models.TextChoices):
    HIGHER_BETTER = "hoger-beter", _("hoger is beter")
    HIGHER_WORSE = "hoger-slechter", _("hoger is slechter")
    NEUTRAL = "neutraal", _("geen oordeel")


class DisclosureKind(models.TextChoices):
    """Which CBS rule protects a figure; see ``monitor/disclosure.py``."""

    COUNT_PERSONS = "aantal-personen", _("aantal personen (afgerond)")
    COUNT = "aantal", _("aantal (niet afgerond)")
    SHARE = "aandeel", _("percentage of aandeel")
    AVERAGE = "gemiddelde", _("gemiddelde")
    NONE = "geen", _("geen (niet herleidbaar tot personen)")


class Indicator(models.Model):
    key = models.SlugField(_("sleutel"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"))
    theme = models.CharField(_("thema"), max_length=20, choices=Theme.choices)
    unit = models.CharField(_("eenheid"), max_length=12, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField(_("decimalen"), default=0)
    source_kind = models.CharField(_("soort bron"), max_length=10, choices=SourceKind.choices)
    source_table = models.CharField(
        _("brontabel"), max_length=200, blank=True, help_text=_("Bijv. 85984NED of 81955NED.")
    )
    source_variable = models.CharField(
        _("bronvariabele"),
        max_length=100,
        blank=True,
        help_text=_("CBS-variabele zonder volgnummer, bijv. AantalInwoners."),
    )
    computation = models.CharField(
        _("berekening"), max_length=12, choices=Computation.choices, default=Computation.DIRECT
    )
    numerator = models.CharField(_("teller"), max_length=60, blank=True)
    denominator = models.CharField(_("noemer"), max_length=60, blank=True)
    factor = models.FloatField(_("factor"), default=1.0)
    aggregation = models.CharField(_("optellen"), max_length=20, choices=Aggregation.choices)
    weight = models.CharField(
        _("gewicht"), max_length=60, blank=True, help_text=_("Indicator om mee te wegen.")
    )
    polarity = models.CharField(_("richting"), max_length=16, choices=Polarity.choices)
    disclosure = models.CharField(
        _("geheimhoudingsregel"), max_length=16, choices=DisclosureKind.choices
    )
    disclosure_base = models.CharField(
        _("basis voor geheimhouding"),
        max_length=60,
        blank=True,
        help_text=_("Indicator met het aantal inwoners of woningen waarop de regel let."),
    )
    disclosure_minimum = models.PositiveIntegerField(_("minimum"), null=True, blank=True)
    plausible_min = models.FloatField(
        _("plausibel vanaf"),
        null=True,
        blank=True,
        help_text=_("Leeg: wat bij de eenheid past (een aantal is niet negatief, enz.)."),
    )
    plausible_max = models.FloatField(_("plausibel tot en met"), null=True, blank=True)
    reference_offset = models.SmallIntegerField(
        _("peiljaar ten opzichte van het jaar van het cijfer"),
        default=0,
        help_text=_(
            "0: de peildatum volgt uit het jaar van het cijfer; -1: uit het jaar ervoor (de "
            "WOZ-waarde van 2024 heeft waardepeildatum 1 januari 2023)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    catalogue_version = models.CharField(_("catalogusversie"), max_length=20)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["theme", "order", "key"]

    def __str__(self) -> str:
        return self.name


class ValueStatus(models.TextChoices):
    DEFINITIVE = "definitief", _("definitief")
    PROVISIONAL = "voorlopig", _("voorlopig")
    SUPPRESSED = "geheim", _("geheim")
    MISSING = "ontbreekt", _("ontbreekt")


class ValueOrigin(models.TextChoices):
    IMPORTED = "import", _("ingelezen")
    AGGREGATED = "opgeteld", _("berekend uit kleinere gebieden")
    COMPUTED = "berekend", _("berekend uit andere indicatoren")
    ENTERED = "ingevoerd", _("ingevoerd door partij")


class IndicatorValue(models.Model):
    """One value of one indicator for one area (in its vintage) and one period (a year)."""

    # Foreign keys without their own index: the composite indexes below cover the lookups, and
    # every index slows down national imports (millions of rows); see ADR 6.
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("indicator"),
        db_index=False,
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        related_name="indicator_values",
        verbose_name=_("gebied"),
        db_index=False,
    )
    period = models.PositiveSmallIntegerField(_("periode (jaar)"))
    value = models.FloatField(_("waarde"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ValueStatus.choices)
    note = models.CharField(
        _("toelichting"),
        max_length=300,
        blank=True,
        help_text=_("Waarom een waarde geheim is of ontbreekt, of hoe hij berekend is."),
    )
    origin = models.CharField(
        _("herkomst"), max_length=10, choices=ValueOrigin.choices, default=ValueOrigin.IMPORTED
    )
    import_run = models.ForeignKey(
        "imports.ImportRun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importrun"),
        db_index=False,
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door organisatie"),
        db_index=False,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
        db_index=False,
    )
    recorded_at = models.DateTimeField(_("vastgelegd"), auto_now_add=True)
    is_current = models.BooleanField(_("geldend"), default=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vervangt"),
        db_index=False,
    )

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicatorwaarde")
        verbose_name_plural = _("indicatorwaarden")
        constraints = [
            # Also the index of the pages and the API: they read current values by indicator
            # and period (a map, the values endpoint), or by area (a profile, a trend).
            models.UniqueConstraint(
                fields=["indicator", "period", "area"],
                condition=Q(is_current=True),
                name="indicatorvalue_one_current",
            )
        ]
        indexes = [models.Index(fields=["area", "period"], name="value_area_period")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period} = {self.value}"


class AreaGroup(models.Model):
    """A user-defined group of wijken or buurten, such as a village of several buurten.

    Groups of gemeenten are ``areas.Region``; both aggregate the same way.
    Members are CBS codes, so a group holds for every vintage in which its codes exist. A
    group's value is aggregated from its members by each indicator's own rule.
    """

    class Kind(models.TextChoices):
        VILLAGE = "dorp", _("dorp of kern")
        CLUSTER = "cluster", _("cluster van wijken of buurten")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("omschrijving"), blank=True)
    member_codes = models.JSONField(
        _("leden (CBS-codes)"), default=list, help_text=_('Bijv. ["WK168100", "WK168101"].')
    )
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beheerd door"),
    )
    source = models.CharField(_("bron"), max_length=300, blank=True)

    objects = AreaGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("gebiedsgroep")
        verbose_name_plural = _("gebiedsgroepen")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name
