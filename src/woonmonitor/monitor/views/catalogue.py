"""The monitor's start page (what it is, the catalogue per theme, the way to a map) and the
page of one indicator (its definition in words, the years and levels it has values for)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from woonmonitor.areas.models import Level

from .. import disclosure
from ..availability import availability, split_indicators
from ..formatting import unit_label
from ..forms_maps import MapForm
from ..maps import MAP_LEVELS, indicator_periods, period_levels, scope_municipalities
from ..models import Aggregation, Computation, Indicator, SourceKind, Theme, Unit
from ..presentation import indicator_sort_key, indicator_source

CBS_TABLE = re.compile(r"^\d{5}[A-Z]{3}$")


def year_ranges(periods: Sequence[int]) -> str:
    """Years as a reader scans them: "2012–2020, 2022, 2024"."""
    parts: list[str] = []
    years = sorted(set(periods))
    start = previous = None
    for year in [*years, None]:
        if start is not None and (year is None or year != previous + 1):
            parts.append(str(start) if start == previous else f"{start}–{previous}")
            start = None
        if year is not None and start is None:
            start = year
        previous = year
    return ", ".join(parts)


def index(request: HttpRequest) -> HttpResponse:
    indicators = sorted(Indicator.objects.visible_to(request.user), key=indicator_sort_key)
    found = availability()
    periods = {indicator.pk: found.periods(indicator.pk) for indicator in indicators}
    municipalities = scope_municipalities()
    themes = []
    for theme in Theme:
        rows = [
            {
                "indicator": indicator,
                "unit": unit_label(indicator.unit),
                "source": indicator_source(indicator),
                "years": year_ranges(periods.get(indicator.pk, [])),
            }
            for indicator in indicators
            if indicator.theme == theme
        ]
        themes.append({"key": theme.value, "label": theme.label, "rows": rows})
    all_years = sorted({year for years in periods.values() for year in years})
    with_values = [i for i in indicators if periods.get(i.pk)]
    split = split_indicators(indicators, found, level=Level.DISTRICT)
    at_level = split.available or with_values
    default = next((i for i in at_level if i.key == "woningvoorraad"), None) or (
        at_level[0] if at_level else None
    )
    form = MapForm(
        split=split,
        municipalities=municipalities,
        year_choices=all_years,
        initial={"indicator": default.key if default else "", "niveau": Level.DISTRICT},
        auto_id="start_%s",
    )
    return render(
        request,
        "monitor/index.html",
        {
            "themes": themes,
            "form": form,
            "split": split,
            "municipalities": municipalities,
            "indicator_count": len(indicators),
            "with_values_count": len(with_values),
            "years": year_ranges(all_years),
        },
    )


def _named(indicator: Indicator, related: dict[str, Indicator], key: str) -> dict | None:
    if not key:
        return None
    other = related.get(key)
    return {"key": key, "name": other.name if other else key, "known": other is not None}


def unit_words(indicator: Indicator) -> str:
    text = unit_label(indicator.unit)
    if indicator.unit == Unit.EURO_THOUSAND:
        text += " " + _("(de bron geeft duizenden euro's; getoond als bijvoorbeeld € 253.000)")
    if indicator.decimals:
        text += ", " + _("getoond met %(decimals)s decimalen") % {"decimals": indicator.decimals}
    return text


def source_words(indicator: Indicator) -> str:
    """Source table and variable in words: "CBS, tabel 85984NED, variabele AantalInwoners"."""
    if indicator.source_kind == SourceKind.PARTY:
        return _("Ingevoerd door een partij (gemeente of woningcorporatie) met het invoersjabloon.")
    publisher = SourceKind(indicator.source_kind).label
    parts = [str(publisher)]
    if indicator.source_table:
        parts.append(_("tabel %(table)s") % {"table": indicator.source_table})
    if indicator.source_variable:
        parts.append(_("variabele %(variable)s") % {"variable": indicator.source_variable})
    return ", ".join(parts)


def computation_words(indicator: Indicator, related: dict[str, Indicator]) -> str:
    if indicator.computation != Computation.RATIO:
        return _("Direct overgenomen uit de bron.")
    numerator = _named(indicator, related, indicator.numerator)
    denominator = _named(indicator, related, indicator.denominator)
    text = _("%(numerator)s gedeeld door %(denominator)s") % {
        "numerator": numerator["name"] if numerator else "?",
        "denominator": denominator["name"] if denominator else "?",
    }
    if indicator.factor and indicator.factor != 1:
        factor = f"{indicator.factor:g}".replace(".", ",")
        text += " " + _("maal %(factor)s") % {"factor": factor}
    return text + "."


def aggregation_words(indicator: Indicator, related: dict[str, Indicator]) -> str:
    if indicator.aggregation == Aggregation.SUM:
        return _("De waarden van de kleinere gebieden worden opgeteld.")
    if indicator.aggregation == Aggregation.WEIGHTED_MEAN:
        weight = _named(indicator, related, indicator.weight)
        return _("Gewogen gemiddelde van de kleinere gebieden, gewogen met %(weight)s.") % {
            "weight": weight["name"].lower() if weight else _("een onbekend gewicht")
        }
    return _("Niet op te tellen: een groter gebied krijgt alleen een waarde uit de bron zelf.")


def disclosure_words(indicator: Indicator) -> str:
    rule = disclosure.rule_for(indicator)
    if rule.kind == disclosure.COUNT_PERSONS:
        text = _(
            "Aantal personen: voor wijken en buurten afgerond op vijftallen, zoals het CBS doet."
        )
    elif rule.kind == disclosure.NONE:
        text = _("Geen: dit cijfer is niet herleidbaar tot personen en wordt altijd getoond.")
    else:
        text = str(indicator.get_disclosure_display()).capitalize() + "."
    if rule.minimum:
        text += " " + _("Niet getoond (geheim) bij %(reason)s.") % {
            "reason": disclosure.reason_too_few(rule.minimum, rule.base_key)
        }
    return text


def indicator_detail(request: HttpRequest, key: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), key=key)
    keys = [
        k
        for k in (
            indicator.numerator,
            indicator.denominator,
            indicator.weight,
            indicator.disclosure_base,
        )
        if k
    ]
    related = Indicator.objects.visible_to(request.user).by_keys(keys) if keys else {}
    periods = indicator_periods([indicator.pk]).get(indicator.pk, [])
    levels = period_levels(indicator, periods)
    map_url = reverse("monitor:map")
    grid = []
    for period in sorted(periods, reverse=True):
        cells = []
        for level in Level:
            available = level.value in levels.get(period, [])
            url = ""
            if available and level in MAP_LEVELS:
                url = f"{map_url}?indicator={indicator.key}&jaar={period}&niveau={level.value}"
            cells.append({"level": level, "available": available, "url": url})
        grid.append({"period": period, "cells": cells})
    definition = [
        (_("Sleutel"), indicator.key),
        (_("Thema"), indicator.get_theme_display()),
        (_("Eenheid"), unit_words(indicator)),
        (_("Bron"), source_words(indicator)),
        (_("Berekening"), computation_words(indicator, related)),
        (_("Optellen naar grotere gebieden"), aggregation_words(indicator, related)),
        (_("Richting"), str(indicator.get_polarity_display()).capitalize()),
        (_("Geheimhouding"), disclosure_words(indicator)),
        (_("Catalogusversie"), indicator.catalogue_version),
    ]
    cbs_url = ""
    if indicator.source_kind == SourceKind.CBS and CBS_TABLE.match(indicator.source_table):
        cbs_url = f"https://opendata.cbs.nl/#/CBS/nl/dataset/{indicator.source_table}/table"
    return render(
        request,
        "monitor/indicator_detail.html",
        {
            "indicator": indicator,
            "definition": definition,
            "source_line": indicator_source(indicator),
            "cbs_url": cbs_url,
            "grid": grid,
            "levels": list(Level),
            "years": year_ranges(periods),
            "latest": periods[-1] if periods else None,
            "municipalities": scope_municipalities() if periods else [],
        },
    )
