"""What a number in an agreement counts. One list, used by tables, realised figures and targets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    # production per year (001 tables, 002 #1 table)
    NEW_BUILD = "new_build", _("nieuwbouw")
    DEMOLITION = "demolition", _("sloop")
    SALE = "sale", _("verkoop")
    DEMOLITION_OR_SALE = "demolition_or_sale", _("sloop/verkoop")
    RENOVATION = "renovation", _("verduurzaming")
    SOLAR_PANELS = "solar_panels", _("zonnepanelen")
    NET_ADDITION = "net_addition", _("netto toevoeging")
    # stock at a date (002 stock table)
    SOCIAL_STOCK = "social_stock", _("voorraad sociale huurwoningen (DAEB)")
    CARE_UNITS = "care_units", _("zorgwoningen of zorgplaatsen")
    CARAVANS = "caravans", _("woonwagens")
    PITCHES = "pitches", _("standplaatsen")
    NON_SOCIAL_STOCK = "non_social_stock", _("geliberaliseerde woningen (niet-DAEB)")
    TOTAL_STOCK = "total_stock", _("totaal bezit")
    # realised figures the targets need
    STOCK_BELOW_QUALITY_DISCOUNT = (
        "stock_below_quality_discount",
        _("sociale huurwoningen onder de kwaliteitskortingsgrens"),
    )
    STOCK_QUALITY_DISCOUNT_TO_CAPPING_LOW = (
        "stock_quality_discount_to_capping_low",
        _("sociale huurwoningen tussen kwaliteitskortingsgrens en 1e aftoppingsgrens"),
    )
    STOCK_BELOW_CAPPING_HIGH = (
        "stock_below_capping_high",
        _("woningen met een huur tot de 2e aftoppingsgrens"),
    )
    ACCESSIBLE_NEW_BUILD = "accessible_new_build", _("toegankelijke nieuwbouwwoningen")
    VACATED_SOCIAL_HOMES = "vacated_social_homes", _("vrijgekomen sociale huurwoningen")
    PERMIT_HOLDER_ALLOCATIONS = (
        "permit_holder_allocations",
        _("toewijzingen aan statushouders"),
    )
    NEW_PITCHES = "new_pitches", _("nieuwe standplaatsen met huurwagen")


# Labels as the documents write them (lower case, stripped) -> measure.
LABELS = {
    "nieuwbouw": Measure.NEW_BUILD,
    "sloop": Measure.DEMOLITION,
    "verkoop": Measure.SALE,
    "verduurzaming": Measure.RENOVATION,
    "zonnepanelen": Measure.SOLAR_PANELS,
    "verwachte sloop/verkoop": Measure.DEMOLITION_OR_SALE,
    "verwachte nieuwbouw opgave": Measure.NEW_BUILD,
    "verwachte netto toevoeging": Measure.NET_ADDITION,
    "voorraad sociale huurwoningen (daeb)": Measure.SOCIAL_STOCK,
    "zorgwoningen of zorgplaatsen: collectieve verhuur zorgpartijen": Measure.CARE_UNITS,
    "woonwagens": Measure.CARAVANS,
    "standplaatsen": Measure.PITCHES,
    "geliberaliseerde woningen (niet-daeb)": Measure.NON_SOCIAL_STOCK,
    "totaal bezit": Measure.TOTAL_STOCK,
}


def measure_for_label(label: str) -> str:
    """The measure a row label stands for, or "" when the label is unknown or masked."""
    return LABELS.get(" ".join(label.lower().split()), "")
