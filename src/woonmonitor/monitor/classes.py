"""Class breaks and colours of a choropleth map that a person can read (pure: no database).

The breaks come from the quantiles of the values shown, rounded to "nice" numbers in the
indicator's unit (``1.000``, ``2.500``, ``45 %``) as coarsely as the data allow: the coarsest
rounding at which the breaks stay distinct and inside the data wins. Breaks never repeat; a
map with few distinct values gets one class per value. The outer bounds are rounded outwards
with the same precision, so every label reads like "1.000 tot 2.500".

Colours: a colour-blind-safe sequential palette (ColorBrewer YlGnBu) from light to dark for
"hoger is beter", the same palette reversed for "hoger is slechter" (darker is always the
more favourable side), and a single-hue neutral palette (ColorBrewer Purples) for indicators
without a judgement, where darker simply means higher.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .formatting import format_value
from .models import Polarity, Unit

#: ColorBrewer YlGnBu (5 classes): sequential, colour-blind safe, light to dark.
SEQUENTIAL = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
#: ColorBrewer Purples (5 classes): one hue, for indicators that are neither good nor bad.
NEUTRAL = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")

#: Rounding steps tried per break, as a fraction of the break's own order of magnitude.
REFINEMENTS = (1.0, 0.5, 0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001)

DEFAULT_CLASSES = 5


@dataclass(frozen=True)
class MapClass:
    """One class of the legend: values from ``lower`` up to (not including) ``upper``."""

    lower: float
    upper: float
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class Classification:
    classes: tuple[MapClass, ...]
    breaks: tuple[float, ...]
    #: True when every distinct value is its own class (few values, or a unit "klasse").
    categorical: bool
    #: What darker means on this map, in words.
    reading: str

    def index(self, value: float | None) -> int | None:
        """The class of ``value`` (0-based), None for no value or an empty classification."""
        if value is None or not self.classes:
            return None
        if self.categorical:
            for position, map_class in enumerate(self.classes):
                if math.isclose(value, map_class.lower, rel_tol=1e-9, abs_tol=1e-9):
                    return position
            return None
        return bisect.bisect_right(self.breaks, value)

    def colour(self, value: float | None) -> str | None:
        position = self.index(value)
        return None if position is None else self.classes[position].colour


def palette(polarity: str, count: int) -> list[str]:
    """``count`` colours from light to dark, reversed for "hoger is slechter"."""
    if count <= 0:
        return []
    base = NEUTRAL if polarity == Polarity.NEUTRAL else SEQUENTIAL
    last = len(base) - 1
    if count == 1:
        chosen = [base[last // 2]]
    else:
        chosen = [base[round(i * last / (count - 1))] for i in range(min(count, len(base)))]
    if polarity == Polarity.HIGHER_WORSE:
        chosen.reverse()
    return chosen


def reading(polarity: str) -> str:
    if polarity == Polarity.HIGHER_BETTER:
        return _("Hoe donkerder, hoe gunstiger: hoger is beter.")
    if polarity == Polarity.HIGHER_WORSE:
        return _("Hoe donkerder, hoe gunstiger: lager is beter.")
    return _("Hoe donkerder, hoe hoger; hoger is niet beter of slechter.")


def _magnitude(value: float) -> float:
    """The power of ten of a number's first digit (1 for zero)."""
    if value == 0:
        return 1.0
    return 10 ** math.floor(math.log10(abs(value)))


def _clean(value: float) -> float:
    """Remove float noise from a rounded value (0.30000000000000004 → 0.3)."""
    return float(f"{value:.10g}")


def _round_to(value: float, step: float) -> float:
    return _clean(round(value / step) * step)


def nice_breaks(values: Sequence[float], classes: int = DEFAULT_CLASSES, decimals: int = 0):
    """Inner breaks (ascending, distinct, strictly between min and max) and the step used.

    Returns ``(breaks, refinement)``: the refinement is the fraction of each number's order
    of magnitude it was rounded to, for rounding the outer bounds the same way.
    """
    low, high = min(values), max(values)
    if len(values) < 2 or low == high or classes < 2:
        return [], REFINEMENTS[0]
    cuts = sorted(set(statistics.quantiles(values, n=classes, method="inclusive")))
    cuts = [cut for cut in cuts if low < cut < high]
    if not cuts:
        return [], REFINEMENTS[0]
    best: list[float] = []
    for refinement in REFINEMENTS:
        rounded = [_round_to(cut, _step(cut, refinement, decimals)) for cut in cuts]
        distinct = sorted({b for b in rounded if low < b < high})
        if len(distinct) > len(best):
            best = distinct
        if len(distinct) == len(cuts):
            return distinct, refinement
    return best, REFINEMENTS[-1]


def _step(value: float, refinement: float, decimals: int) -> float:
    """The rounding step for ``value``: never finer than the indicator's own decimals.

    A step that is not a whole multiple of the finest unit (2,5 for a whole percentage)
    becomes the multiple below it (2), so a break never needs more decimals than the values.
    """
    finest = 10.0**-decimals
    step = _magnitude(value) * refinement
    if step <= finest:
        return finest
    return _clean(math.floor(_clean(step / finest)) * finest)


def _outer(value: float, step: float, down: bool) -> float:
    rounded = (math.floor if down else math.ceil)(_clean(value / step))
    return _clean(rounded * step)


def _label_decimals(numbers: Sequence[float], decimals: int) -> int:
    """The fewest decimals (at most the indicator's) that show every bound exactly."""
    for places in range(decimals + 1):
        if all(abs(round(n, places) - n) < 1e-9 for n in numbers):
            return places
    return decimals


def classify(
    values: Sequence[float | None],
    *,
    unit: str,
    decimals: int = 0,
    polarity: str = Polarity.NEUTRAL,
    classes: int = DEFAULT_CLASSES,
) -> Classification:
    """Readable classes for ``values`` (None values are ignored: they get no colour)."""
    known = [float(v) for v in values if v is not None]
    if not known:
        return Classification((), (), False, reading(polarity))
    distinct = sorted(set(known))
    if unit == Unit.CLASS or len(distinct) <= classes:
        return _categorical(known, distinct, unit, decimals, polarity)
    breaks, refinement = nice_breaks(known, classes, decimals)
    low, high = min(known), max(known)
    # The outer bounds are rounded as finely as the nearest break, so "90 tot en met 120"
    # rather than "90 tot en met 200".
    low_step = _step(low, refinement, decimals)
    high_step = _step(high, refinement, decimals)
    if breaks:
        low_step = min(low_step, _step(breaks[0], refinement, decimals))
        high_step = min(high_step, _step(breaks[-1], refinement, decimals))
    low = _outer(low, low_step, down=True)
    high = _outer(high, high_step, down=False)
    bounds = [low, *breaks, high]
    places = _label_decimals(bounds, decimals)
    colours = palette(polarity, len(bounds) - 1)
    result = []
    for position in range(len(bounds) - 1):
        lower, upper = bounds[position], bounds[position + 1]
        last = position == len(bounds) - 2
        count = sum(1 for v in known if lower <= v < upper or (last and v == upper))
        words = _("%(lower)s tot en met %(upper)s") if last else _("%(lower)s tot %(upper)s")
        label = words % {
            "lower": format_value(lower, unit, places),
            "upper": format_value(upper, unit, places),
        }
        result.append(MapClass(lower, upper, colours[position], label, count))
    return Classification(tuple(result), tuple(breaks), False, reading(polarity))


def _categorical(known, distinct, unit, decimals, polarity) -> Classification:
    colours = palette(polarity, len(distinct))
    if len(distinct) > len(colours):  # more categories than colours: spread them over the palette
        base = palette(polarity, len(SEQUENTIAL))
        colours = [
            base[round(i * (len(base) - 1) / (len(distinct) - 1))] for i in range(len(distinct))
        ]
    result = tuple(
        MapClass(
            value,
            value,
            colours[position],
            format_value(value, unit, decimals),
            sum(1 for v in known if v == value),
        )
        for position, value in enumerate(distinct)
    )
    return Classification(result, tuple(distinct[1:]), True, reading(polarity))
