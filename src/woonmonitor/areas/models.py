"""CBS areas per vintage, their boundaries and key figures, and named regions.

An area is identified by its CBS code *and* the vintage (year of the CBS
area classification) it belongs to: ``WK168100`` in 2022 and in 2024 are two
records, because CBS may redraw an area while keeping its code.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import AreaQuerySet, RegionQuerySet


class Level(models.TextChoices):
    COUNTRY = "land", _("land")
    PROVINCE = "provincie", _("provincie")
    MUNICIPALITY = "gemeente", _("gemeente")
    DISTRICT = "wijk", _("wijk")
    NEIGHBOURHOOD = "buurt", _("buurt")


#: Depth of each level, from the country down.
LEVEL_DEPTH = {
    Level.COUNTRY: 0,
    Level.PROVINCE: 1,
    Level.MUNICIPALITY: 2,
    Level.DISTRICT: 3,
    Level.NEIGHBOURHOOD: 4,
}


class Area(models.Model):
    code = models.CharField(
        _("code"), max_length=16, help_text=_("Zoals CBS hem schrijft: GM1681, WK168100.")
    )
    vintage = models.PositiveSmallIntegerField(
        _("jaargang"), help_text=_("Jaar van de CBS-gebiedsindeling.")
    )
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    name = models.CharField(_("naam"), max_length=200)
    name_vintage = models.PositiveSmallIntegerField(
        _("naam uit jaargang"),
        null=True,
        blank=True,
        help_text=_(
            "Ingevuld als de bron van deze jaargang geen naam had "
            "en de naam uit een andere jaargang komt."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ligt in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    import_run = models.ForeignKey(
        "imports.ImportRun",
        verbose_name=_("importrun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        ordering = ["level", "code", "-vintage"]
        constraints = [
            models.UniqueConstraint(fields=["code", "vintage"], name="area_unique_code_vintage")
        ]
        indexes = [models.Index(fields=["level", "vintage"], name="area_level_vintage")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.vintage})"

    @property
    def depth(self) -> int:
        return LEVEL_DEPTH[Level(self.level)]


class Boundary(models.Model):
    """A simplified boundary (GeoJSON in WGS84) of one area in one vintage."""

    area = models.OneToOneField(
        Area, on_delete=models.CASCADE, related_name="boundary", verbose_name=_("gebied")
    )
    geometry = models.JSONField(_("geometrie (GeoJSON, WGS84)"))
    source = models.CharField(_("bron"), max_length=300)
    import_run = models.ForeignKey(
        "imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("grens")
        verbose_name_plural = _("grenzen")

    def __str__(self) -> str:
        return f"{self.area}"


class FigureKey(models.TextChoices):
    INHABITANTS = "inhabitants", _("inwoners")
    HOMES = "homes", _("woningen")
    SURFACE = "surface_ha", _("oppervlakte (ha)")


class KeyFigure(models.Model):
    """A key figure (inhabitants, homes, surface) of an area as a source published it."""

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="key_figures", verbose_name=_("gebied")
    )
    key = models.CharField(_("kengetal"), max_length=20, choices=FigureKey.choices)
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2)
    reference_date = models.DateField(_("peildatum"))
    source = models.CharField(_("bron"), max_length=300)
    import_run = models.ForeignKey(
        "imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("kengetal")
        verbose_name_plural = _("kengetallen")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["area", "key"], name="keyfigure_unique_area_key")
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.key} = {self.value}"


class Region(models.Model):
    """A named group of municipalities; a municipality can be in several."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegionMember(models.Model):
    """Membership by CBS code, so it holds for every vintage in which the code exists."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="members")
    municipality_code = models.CharField(_("gemeentecode"), max_length=6)

    class Meta:
        verbose_name = _("regiolid")
        verbose_name_plural = _("regioleden")
        ordering = ["municipality_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "municipality_code"], name="regionmember_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} - {self.municipality_code}"


class Continuity(models.Model):
    """Whether an area is the same piece of land as the area with its code in another vintage.

    A trend joins values of two vintages of a code only when a record here says ``same``; the
    evidence says why (equal surface, an unbroken stock count, a known absence of boundary
    changes). Without a record the two are shown apart, never silently joined.
    """

    earlier = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="+", verbose_name=_("eerder gebied")
    )
    later = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="+", verbose_name=_("later gebied")
    )
    same = models.BooleanField(_("zelfde gebied"))
    evidence = models.CharField(_("onderbouwing"), max_length=300)
    source = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("continuïteit")
        verbose_name_plural = _("continuïteit tussen jaargangen")
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="continuity_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.earlier} → {self.later}: {self.same}"
