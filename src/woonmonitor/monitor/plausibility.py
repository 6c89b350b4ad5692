"""What an entered indicator value can plausibly be: per unit, or the indicator's own range. Pure.

A municipality or housing association types its own figures; a slip of the finger (a count of
-40, a share of 450%, a population of 2 billion) is refused with the range it should lie in,
before it reaches a map. The ranges are generous on purpose: they catch impossible numbers,
not surprising ones. An indicator whose values can go outside its unit's range (a change in
the stock can be negative) names its own ``range`` in the catalogue.
"""

from __future__ import annotations

import math

from .models import Unit

#: unit -> (lowest, highest) plausible value
UNIT_RANGES: dict[str, tuple[float, float]] = {
    Unit.COUNT: (0, 20_000_000),  # the Netherlands has about 18 million inhabitants
    Unit.PERSONS: (0, 100),  # persons per household or per home
    Unit.PERCENT: (0, 100),
    Unit.EURO_THOUSAND: (0, 100_000),  # an average of 100 million euro is no average
    Unit.EURO: (0, 100_000_000),
    Unit.PER_KM2: (0, 200_000),
    Unit.HECTARE: (0, 5_000_000),  # the whole country is 4.2 million hectares
    Unit.KM: (0, 500),
    Unit.KWH: (0, 1_000_000),
    Unit.M3: (0, 1_000_000),
    Unit.PER_1000: (0, 100_000),  # crimes per 1,000 inhabitants of a city centre exceed 1,000
    Unit.YEARS: (0, 150),
    Unit.CLASS: (1, 5),  # CBS urbanity: 1 (very strong) to 5 (not urban)
}


def plausible_range(
    unit: str, low: float | None = None, high: float | None = None
) -> tuple[float, float]:
    """The indicator's own range where it has one, else its unit's."""
    unit_low, unit_high = UNIT_RANGES.get(unit, (-math.inf, math.inf))
    return (unit_low if low is None else low, unit_high if high is None else high)


def implausible(value: float | None, low: float, high: float) -> str | None:
    """Why the value cannot be right (in Dutch), or None when it can."""
    if value is None:
        return None
    if not math.isfinite(value):
        return "geen getal"
    if not low <= value <= high:
        return f"{_number(value)} ligt niet tussen {_number(low)} en {_number(high)}"
    return None


def _number(value: float) -> str:
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")
