"""The allocation app's records: priority groups and their definitions, tasks per group,
municipality and period, the statutory inputs of the statushouders task, placements, the
figures that distribution keys use, fair-share scenarios and the older-people ratios.

History is never overwritten: a task, placement or figure that changes is a new record that
``supersedes`` (or ``corrects``) the one before; the current one is the one nothing replaced.
Periods are a year plus a half (1 = January-June, 2 = July-December, 0 = the whole year).
Municipalities are CBS codes (``GM1681``), as in ``areas.RegionMember``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import (
    AllocationFigureQuerySet,
    PlacementQuerySet,
    ScenarioQuerySet,
    TaskQuerySet,
)


class Unit(models.TextChoices):
    PERSONS = "persons", _("personen")
    HOUSEHOLDS = "households", _("huishoudens")
    HOMES = "homes", _("woningen")
    PITCHES = "pitches", _("standplaatsen")


class Half(models.IntegerChoices):
    WHOLE_YEAR = 0, _("heel jaar")
    FIRST = 1, _("eerste halfjaar")
    SECOND = 2, _("tweede halfjaar")


def period_key(year: int, half: int) -> str:
    """``2023-1`` for a half-year, ``2024`` for a whole year (as in URLs and the API)."""
    return f"{year}-{half}" if half else str(year)


def period_label(year: int, half: int) -> str:
    """``2023-I`` / ``2023-II`` / ``2024``: as the circulaires and the seeds write periods."""
    return f"{year}-{'I' * half}" if half else str(year)


def period_start(year: int, half: int) -> datetime.date:
    return datetime.date(year, 7 if half == 2 else 1, 1)


class Group(models.Model):
    """A priority group (aandachtsgroep) with the unit its task is counted in."""

    key = models.SlugField(_("sleutel"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=12, choices=Unit.choices)
    statutory = models.BooleanField(
        _("wettelijke taakstelling"),
        default=False,
        help_text=_("De taak volgt uit de Huisvestingswet 2014, art. 28-30 (statushouders)."),
    )
    half_yearly = models.BooleanField(_("per halfjaar"), default=False)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("aandachtsgroep")
        verbose_name_plural = _("aandachtsgroepen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def definition_on(self, day: datetime.date) -> GroupDefinition | None:
        """The definition in force on ``day``: the latest that started on or before it."""
        return self.definitions.filter(valid_from__lte=day).order_by("-valid_from").first()


class GroupDefinition(models.Model):
    """What a group means from a date on. A task keeps the definition it was set under."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="definitions")
    valid_from = models.DateField(_("geldt vanaf"))
    text = models.TextField(_("omschrijving"))
    source = models.CharField(_("bron"), max_length=500)

    class Meta:
        verbose_name = _("omschrijving van een aandachtsgroep")
        verbose_name_plural = _("omschrijvingen van aandachtsgroepen")
        ordering = ["group", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["group", "valid_from"], name="definition_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.group} ({self.valid_from:%d-%m-%Y})"


class NationalNumber(models.Model):
    """The national number (vg) of statushouders to house in one half-year, with its source.

    ``number`` is empty when only an approximate figure was announced ("bijna 23.000"): such a
    half-year is shown, but no task is computed from it.
    """

    year = models.PositiveSmallIntegerField(_("jaar"))
    half = models.PositiveSmallIntegerField(_("halfjaar"), choices=Half.choices)
    number = models.PositiveIntegerField(_("landelijk aantal"), null=True, blank=True)
    national_backlog = models.PositiveIntegerField(
        _("landelijke achterstand"), null=True, blank=True
    )
    announced_on = models.DateField(_("bekendgemaakt op"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=500)
    note = models.TextField(_("toelichting"), blank=True)
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("landelijk aantal statushouders")
        verbose_name_plural = _("landelijke aantallen statushouders")
        ordering = ["year", "half"]
        constraints = [
            models.UniqueConstraint(fields=["year", "half"], name="national_number_once")
        ]

    def __str__(self) -> str:
        return period_label(self.year, self.half)

    @property
    def period(self) -> str:
        return period_key(self.year, self.half)

    def half_years(self) -> list[tuple[int, int]]:
        """The half-year whose statutory tasks follow from this number."""
        return [(self.year, self.half)]


class PopulationOverride(models.Model):
    """A population set by the province after a merger (Huisvestingswet 2014 art. 30)."""

    municipality_code = models.CharField(_("gemeentecode"), max_length=6)
    reference_date = models.DateField(_("peildatum"))
    population = models.PositiveIntegerField(_("inwoners"))
    decision = models.CharField(_("besluit"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vastgesteld inwonertal (art. 30)")
        verbose_name_plural = _("vastgestelde inwonertallen (art. 30)")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code", "reference_date"], name="population_override_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_code} {self.reference_date:%d-%m-%Y}: {self.population}"

    def half_years(self) -> list[tuple[int, int]]:
        """The recorded half-years whose tasks use this population: those of the year after the
        reference date (art. 28: the population on 1 January of the year before)."""
        year = self.reference_date.year + 1
        return list(NationalNumber.objects.filter(year=year).values_list("year", "half"))


class TaskExchange(models.Model):
    """Part of a statutory task handed from one municipality to another (art. 29 lid 2).

    The giver's task goes down by ``amount`` and the receiver's up by the same, so their sum
    stays equal.
    """

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="exchanges")
    year = models.PositiveSmallIntegerField(_("jaar"))
    half = models.PositiveSmallIntegerField(_("halfjaar"), choices=Half.choices)
    giver_code = models.CharField(_("gemeente die afstaat"), max_length=6)
    receiver_code = models.CharField(_("gemeente die overneemt"), max_length=6)
    amount = models.PositiveIntegerField(_("aantal"))
    decision = models.CharField(_("besluit"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitruil van taakstelling")
        verbose_name_plural = _("uitruilen van taakstelling")
        ordering = ["year", "half", "giver_code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(giver_code=models.F("receiver_code")),
                name="exchange_two_parties",
            )
        ]

    def __str__(self) -> str:
        return f"{self.giver_code} -> {self.receiver_code} {self.amount}"

    def half_years(self) -> list[tuple[int, int]]:
        """The half-year whose statutory tasks this exchange changes."""
        return [(self.year, self.half)]


class Task(models.Model):
    """The task of one municipality for one group and period (taakstelling).

    ``origin`` says how it came: computed by the statutory rule (with its inputs in ``basis``),
    entered on a form, or uploaded. A changed task is a new record that ``supersedes`` the old.
    """

    class Origin(models.TextChoices):
        COMPUTED = "computed", _("berekend volgens de wet")
        ENTERED = "entered", _("ingevoerd")
        UPLOADED = "uploaded", _("geüpload")

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="tasks")
    definition = models.ForeignKey(
        GroupDefinition, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    municipality_code = models.CharField(_("gemeentecode"), max_length=6)
    year = models.PositiveSmallIntegerField(_("jaar"))
    half = models.PositiveSmallIntegerField(_("halfjaar"), choices=Half.choices, default=0)
    amount = models.PositiveIntegerField(_("taakstelling"))
    origin = models.CharField(_("herkomst"), max_length=10, choices=Origin.choices)
    basis = models.JSONField(_("berekening"), default=dict, blank=True)
    source = models.CharField(_("bron"), max_length=500)
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    import_run = models.ForeignKey(
        "imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("taakstelling")
        verbose_name_plural = _("taakstellingen")
        ordering = ["group", "year", "half", "municipality_code", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "municipality_code", "year", "half"],
                condition=models.Q(supersedes__isnull=True),
                name="task_one_first_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.municipality_code} {self.period_label}: {self.amount}"

    @property
    def period(self) -> str:
        return period_key(self.year, self.half)

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.half)


class Placement(models.Model):
    """How many of a group a party housed in one month (a municipality, or an association in
    a municipality). Entered by the party itself; a correction is a new record (``corrects``).

    ``is_demo`` marks the invented figures of the demo: every page that shows them says so.
    ``area_code`` optionally names the wijk or buurt, for the spread within a municipality.
    """

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="placements")
    municipality_code = models.CharField(_("gemeentecode"), max_length=6)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="placements"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    month = models.PositiveSmallIntegerField(_("maand"))
    count = models.PositiveIntegerField(_("aantal"))
    area_code = models.CharField(_("wijk of buurt"), max_length=10, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    is_demo = models.BooleanField(_("demonstratiecijfer"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opgegeven op"), auto_now_add=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        ordering = ["group", "municipality_code", "year", "month", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "municipality_code", "organisation", "year", "month", "area_code"],
                condition=models.Q(corrects__isnull=True),
                name="placement_one_first_figure",
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="placement_month_in_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.municipality_code} {self.year}-{self.month:02d}: {self.count}"


class FigureKind(models.TextChoices):
    SOCIAL_STOCK = "social_stock", _("sociale huurvoorraad")
    VACATED_SOCIAL = "vacated_social", _("vrijgekomen sociale huurwoningen")
    GROUP_PRESENCE = "group_presence", _("huidige aanwezigheid van de groep")


class AllocationFigure(models.Model):
    """A figure a distribution key or cap needs that the monitor does not hold: the social
    stock of an association in a municipality, the vacated social homes of a year, how many of
    a group a municipality already houses. With its source; ``is_demo`` marks invented ones.
    """

    kind = models.CharField(_("soort"), max_length=20, choices=FigureKind.choices)
    municipality_code = models.CharField(_("gemeentecode"), max_length=6)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocation_figures",
        help_text=_("Leeg: de hele gemeente."),
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    value = models.PositiveIntegerField(_("waarde"))
    source = models.CharField(_("bron"), max_length=500)
    is_demo = models.BooleanField(_("demonstratiecijfer"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    objects = AllocationFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("verdeelgegeven")
        verbose_name_plural = _("verdeelgegevens")
        ordering = ["kind", "municipality_code", "year"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.municipality_code} {self.year}: {self.value}"


class Scenario(models.Model):
    """A fair-share calculation for a region, group and period, saved with its inputs.

    ``inputs`` holds the total, the keys with their weights, the caps and the split over
    associations, plus the figures each key used (so a saved scenario can be recomputed and
    explained later); ``result`` holds the outcome with every step. A draft is visible to the
    parties in the region and the province; a published scenario to everyone.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        PUBLISHED = "published", _("gepubliceerd")

    region = models.ForeignKey("areas.Region", on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="scenarios")
    year = models.PositiveSmallIntegerField(_("jaar"))
    half = models.PositiveSmallIntegerField(_("halfjaar"), choices=Half.choices, default=0)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    inputs = models.JSONField(_("invoer"))
    result = models.JSONField(_("uitkomst"))
    is_demo = models.BooleanField(_("demonstratiecijfers"), default=False)
    owner = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("verdeelscenario")
        verbose_name_plural = _("verdeelscenario's")
        ordering = ["region", "group", "-year", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def period(self) -> str:
        return period_key(self.year, self.half)

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.half)


class HomeType(models.TextChoices):
    STEP_FREE = "nultreden", _("nultredenwoning")
    CLUSTERED = "geclusterd", _("geclusterde woning")
    CARE_SUITABLE = "zorggeschikt", _("zorggeschikte woning")


class RatioSet(models.Model):
    """The ratios a region sets for the homes its older people need (no national norm exists).

    ``age_indicator`` names the monitor indicator whose growth the need follows (for example
    ``inwoners-80-plus``); ``base_year`` and ``horizon_year`` bound the growth; ``growth_factor``
    is used where no prognosis by age is loaded, with its own source.
    """

    region = models.ForeignKey(
        "areas.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("naam"), max_length=200)
    age_indicator = models.CharField(_("leeftijdsgroep (indicator)"), max_length=60)
    base_year = models.PositiveSmallIntegerField(_("basisjaar"))
    horizon_year = models.PositiveSmallIntegerField(_("doeljaar"))
    growth_factor = models.DecimalField(
        _("groeifactor tot het doeljaar"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    growth_source = models.CharField(_("bron van de groei"), max_length=500, blank=True)
    regional_target = models.PositiveIntegerField(
        _("regionaal doel (woningen)"), null=True, blank=True
    )
    valid_from = models.DateField(_("geldt vanaf"))
    source = models.CharField(_("bron"), max_length=500)
    is_example = models.BooleanField(
        _("voorbeeld"),
        default=False,
        help_text=_("Afgeleid uit een landelijk programma, niet door de regio vastgesteld."),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("verhoudingen wonen-zorg")
        verbose_name_plural = _("verhoudingen wonen-zorg")
        ordering = ["region", "-valid_from"]

    def __str__(self) -> str:
        return self.name


class Ratio(models.Model):
    """Homes of one type per 1,000 people of the set's age group (a parameter with a source)."""

    ratio_set = models.ForeignKey(RatioSet, on_delete=models.CASCADE, related_name="ratios")
    home_type = models.CharField(_("woningtype"), max_length=12, choices=HomeType.choices)
    per_thousand = models.DecimalField(_("per 1.000"), max_digits=7, decimal_places=2)
    source = models.CharField(_("bron"), max_length=500)

    class Meta:
        verbose_name = _("verhouding")
        verbose_name_plural = _("verhoudingen")
        ordering = ["ratio_set", "home_type"]
        constraints = [
            models.UniqueConstraint(fields=["ratio_set", "home_type"], name="ratio_once_per_type")
        ]

    def __str__(self) -> str:
        return f"{self.get_home_type_display()}: {self.per_thousand}"
