"""Values as a Dutch reader expects them: ``1.234``, ``12,5 %``, ``€ 251.000``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from woonmonitor.charts.svg import format_number as chart_number

from .models import Unit

#: Units written after the number (the others are named in the column header).
SUFFIX = {
    Unit.PERCENT: " %",
    Unit.PER_KM2: " per km²",
    Unit.HECTARE: " ha",
    Unit.KM: " km",
    Unit.KWH: " kWh",
    Unit.M3: " m³",
}


def rounded(value: float | None, decimals: int = 0) -> int | float | None:
    """A value as the API and downloads give it: rounded to the indicator's precision
    (``Indicator.decimals``), a whole number as an ``int`` (``25700``, not ``25700.0``).

    Rounds the value as stored, in its own unit (a WOZ value of 230,935 thousand euro with 0
    decimals is 231). Only for values that have passed disclosure control: rounding is the last
    step, so it never decides what may be shown."""
    if value is None:
        return None
    result = round(value, decimals)
    if decimals <= 0 or float(result).is_integer():
        return int(result)
    return result


def format_number(value: float | None, decimals: int = 0) -> str:
    """As the charts write numbers (``charts.svg.format_number``); empty for no value."""
    return "" if value is None else chart_number(value, decimals)


def format_value(value: float | None, unit: str, decimals: int = 0) -> str:
    """A value with its unit; an empty string for no value (the caller shows the reason)."""
    if value is None:
        return ""
    if unit == Unit.EURO_THOUSAND:
        return "€ " + format_number(round(value, decimals) * 1000, 0)
    if unit == Unit.EURO:
        return "€ " + format_number(value, decimals)
    return format_number(value, decimals) + SUFFIX.get(unit, "")


def unit_label(unit: str) -> str:
    if unit == Unit.EURO_THOUSAND:
        return _("euro")
    return Unit(unit).label if unit in Unit.values else unit
