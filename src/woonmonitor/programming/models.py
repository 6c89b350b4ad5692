"""The programming app's records: the phase ladder, projects (plans) with their history,
quarterly snapshots (peilmomenten), the published plan capacity per municipality and the
impulsteam's support per project.

History is never overwritten: every change to a project adds a ``ProjectVersion`` with all its
figures as they were after the change; a ``Peilmoment`` keeps a copy of every project on that
date (``PeilmomentProject``), so two peilmomenten can be compared even after the projects moved
on. Counts per segment and dwelling type are JSON objects ``{segment: count}`` where ``None`` is
*unknown* and ``0`` is *none* (``parsing.segments``). Municipalities are CBS codes (``GM1681``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .parsing.segments import Certainty
from .querysets import PeilmomentQuerySet, PlanCapacityQuerySet, ProjectQuerySet


class PhaseLadder(models.Model):
    """A version of the phase ladder: the rungs a plan climbs, each defined (``phases.toml``)."""

    version = models.CharField(_("versie"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    valid_from = models.DateField(_("geldig vanaf"))
    source = models.CharField(_("bron"), max_length=400)

    class Meta:
        verbose_name = _("fasering")
        verbose_name_plural = _("faseringen")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Phase(models.Model):
    """One rung of a ladder. ``certainty`` hard/zacht is derived from the rung, never entered;
    a rung without certainty (delivered, dropped) does not count as plan capacity."""

    ladder = models.ForeignKey(PhaseLadder, on_delete=models.PROTECT, related_name="phases")
    key = models.SlugField(_("sleutel"))
    order = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=100)
    definition = models.TextField(_("definitie"))
    certainty = models.CharField(
        _("hard of zacht"), max_length=10, choices=Certainty.choices, blank=True
    )
    realised = models.BooleanField(_("gerealiseerd"), default=False)
    dropped = models.BooleanField(_("vervallen"), default=False)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("fasen")
        ordering = ["ladder", "order"]
        constraints = [
            models.UniqueConstraint(fields=["ladder", "key"], name="phase_key_per_ladder"),
            models.UniqueConstraint(fields=["ladder", "order"], name="phase_order_per_ladder"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def counts_as_capacity(self) -> bool:
        return bool(self.certainty)


class DeveloperKind(models.TextChoices):
    ASSOCIATION = "corporatie", _("woningcorporatie")
    MARKET = "marktpartij", _("marktpartij")
    MUNICIPALITY = "gemeente", _("gemeente")
    UNKNOWN = "onbekend", _("onbekend")


class Publicity(models.TextChoices):
    """How far the municipality publishes a plan (issue 12, point 5)."""

    PROJECT = "project", _("openbaar als project")
    TOTALS = "totalen", _("alleen in totalen")
    PARTIES = "partijen", _("alleen voor partijen")


class ProjectSource(models.TextChoices):
    FORM = "formulier", _("ingevoerd op Woonmonitor")
    PLAN_LIST = "planlijst", _("planlijst van de gemeente")
    WONINGBOUWKAART = "woningbouwkaart", _("landelijke woningbouwkaart")
    DEMO = "demo", _("demonstratie")


class Project(models.Model):
    """A housing plan as it is now; ``versions`` keep every earlier state."""

    name = models.CharField(_("naam"), max_length=200)
    municipality_code = models.CharField(_("gemeentecode"), max_length=6, db_index=True)
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
        help_text=_("de partij die het plan bijhoudt"),
    )
    developer_kind = models.CharField(
        _("soort ontwikkelaar"), max_length=12, choices=DeveloperKind.choices
    )
    developer_name = models.CharField(_("ontwikkelaar"), max_length=200, blank=True)
    #: GeoJSON geometry in WGS84: a Point or a (Multi)Polygon; ``None`` when not placed.
    geometry = models.JSONField(_("locatie (GeoJSON)"), null=True, blank=True)
    wijk_code = models.CharField(_("wijk"), max_length=10, blank=True)
    buurt_code = models.CharField(_("buurt"), max_length=10, blank=True)
    units_gross = models.PositiveIntegerField(_("woningen bruto"), null=True, blank=True)
    demolition = models.PositiveIntegerField(_("sloop"), null=True, blank=True)
    units_net = models.IntegerField(_("woningen netto"))
    segments = models.JSONField(_("woningen per segment"), default=dict, blank=True)
    dwelling_types = models.JSONField(_("woningen per woningtype"), default=dict, blank=True)
    #: {"2027": 40, "2028": 20}: expected delivery per year; the rest is "year unknown"
    deliveries = models.JSONField(_("verwachte oplevering per jaar"), default=dict, blank=True)
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="projects")
    publicity = models.CharField(
        _("openbaarheid"), max_length=10, choices=Publicity.choices, default=Publicity.PARTIES
    )
    source = models.CharField(_("bron"), max_length=20, choices=ProjectSource.choices)
    source_id = models.CharField(_("kenmerk bij de bron"), max_length=100, blank=True)
    #: the date the figures describe (the woningbouwkaart's peilmoment, or the day entered)
    reference_date = models.DateField(_("peilmoment van de gegevens"))
    note = models.TextField(_("toelichting"), blank=True)
    is_demo = models.BooleanField(_("demonstratieproject"), default=False)
    #: set when a review found this project to be the same plan as another (from another
    #: source): it then counts nowhere, so the plan is never summed twice
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("dubbeling van"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        ordering = ["municipality_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source_id=""),
                name="project_one_per_source_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectVersion(models.Model):
    """A project's figures after one change (``data`` is ``services.project_data``)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    data = models.JSONField(_("gegevens"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    import_run = models.ForeignKey(
        "imports.ImportRun", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("projectversie")
        verbose_name_plural = _("projectversies")
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="project_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.number}"


class Peilmoment(models.Model):
    """A quarterly snapshot of every project (``date`` is the last day of the quarter)."""

    date = models.DateField(_("peilmoment"), unique=True)
    taken_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PeilmomentQuerySet.as_manager()

    class Meta:
        verbose_name = _("peilmoment")
        verbose_name_plural = _("peilmomenten")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.date.isoformat()


class PeilmomentProject(models.Model):
    peilmoment = models.ForeignKey(Peilmoment, on_delete=models.CASCADE, related_name="projects")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="snapshots")
    data = models.JSONField(_("gegevens"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["peilmoment", "project"], name="one_copy_per_peilmoment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peilmoment_id}: {self.project_id}"


class PlanCapacity(models.Model):
    """Published plan capacity of a municipality (not project by project): the 2021 totals.

    ``certainty`` empty means hard and zacht together; ``first_year``/``last_year`` the period
    the source gives (``None`` when it gives none, as Drenthe's 2021 totals)."""

    municipality_code = models.CharField(_("gemeentecode"), max_length=6)
    municipality_name = models.CharField(_("gemeente"), max_length=200)
    reference_year = models.PositiveSmallIntegerField(_("peiljaar"))
    certainty = models.CharField(
        _("hard of zacht"), max_length=10, choices=Certainty.choices, blank=True
    )
    first_year = models.PositiveSmallIntegerField(_("vanaf jaar"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("tot en met jaar"), null=True, blank=True)
    units = models.IntegerField(_("woningen"))
    import_run = models.ForeignKey(
        "imports.ImportRun", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    source = models.CharField(_("bron"), max_length=400)

    objects = PlanCapacityQuerySet.as_manager()

    class Meta:
        verbose_name = _("plancapaciteit")
        verbose_name_plural = _("plancapaciteit")
        ordering = ["municipality_code", "reference_year", "certainty", "first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code", "reference_year", "certainty", "first_year"],
                name="plan_capacity_once",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_name} {self.reference_year}: {self.units}"


class SupportOutcome(models.TextChoices):
    RUNNING = "loopt", _("loopt")
    HELPED = "geholpen", _("afgerond, geholpen")
    STOPPED = "gestopt", _("gestopt")


class ImpulsteamSupport(models.Model):
    """The province's impulsteam helping a municipality with a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="support")
    requested_by = models.CharField(_("gemeentecode van de aanvrager"), max_length=6)
    subject = models.CharField(_("waarvoor"), max_length=300)
    since = models.DateField(_("sinds"))
    outcome = models.CharField(
        _("uitkomst"), max_length=10, choices=SupportOutcome.choices, default=SupportOutcome.RUNNING
    )
    outcome_note = models.TextField(_("toelichting op de uitkomst"), blank=True)
    is_demo = models.BooleanField(_("demonstratie"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ondersteuning impulsteam")
        verbose_name_plural = _("ondersteuning impulsteam")
        ordering = ["project", "-since"]

    def __str__(self) -> str:
        return self.subject


class CheckExplanation(models.Model):
    """Why an area deviates from a check (status "afwijking toegelicht"), given by a party.

    ``area`` is a municipality code or a woondeal region's slug; ``check_key`` the check's key
    (``dashboard.CHECK_KEYS``). The latest explanation of an area and check counts."""

    area = models.CharField(_("gebied"), max_length=60)
    check_key = models.CharField(_("toets"), max_length=30)
    text = models.TextField(_("toelichting"))
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("toelichting op een afwijking")
        verbose_name_plural = _("toelichtingen op afwijkingen")
        ordering = ["area", "check_key", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.area} {self.check_key}"


class DuplicateDecision(models.Model):
    """A reviewed pair of possible duplicates: the same plan (``same``) or two plans."""

    first = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    same = models.BooleanField(_("zelfde plan"))
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("beoordeelde dubbeling")
        verbose_name_plural = _("beoordeelde dubbelingen")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_decision_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} / {self.second_id}: {self.same}"
