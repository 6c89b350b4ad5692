"""The axes of the charts: nice steps, value bounds, tick positions (pure: no database)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

#: Steps of 1-2-2.5-5 (times a power of ten); whole-number axes leave out 2.5.
FACTORS = (1, 2, 2.5, 5, 10)
WHOLE_FACTORS = (1, 2, 5, 10)


def nice_step(span: float, *, whole: bool = False) -> float:
    """A 1-2-5 step that divides ``span`` into about five parts.

    Below 1 for small spans, unless ``whole``: then the step is a whole number (at least 1,
    never 2.5 times a power of ten), as on an axis of counted dwellings.
    """
    if span <= 0:
        return 1 if whole else 1.0
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in WHOLE_FACTORS if whole else FACTORS:
        if raw <= factor * magnitude:
            return max(1, factor * magnitude) if whole else factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def axis_bounds(values: Sequence[float], *, whole: bool = False) -> tuple[float, float, float]:
    """(low, high, step) of a value axis: from zero when the data are not far from it.

    Pass zero among ``values`` for an axis that always shows it (bars grow from zero).
    ``whole`` asks for a whole-number step (see ``nice_step``).
    """
    low, high = min(values), max(values)
    if low >= 0 and low <= high * 0.5:
        low = 0.0
    elif high <= 0 and high >= low * 0.5:
        high = 0.0
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
        if min(values) >= 0:
            low = max(low, 0.0)
    step = nice_step(high - low, whole=whole)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def ticks(first: float, high: float, step: float) -> Iterator[float]:
    """``first``, ``first + step``, ... up to ``high`` (with room for rounding errors)."""
    tick = first
    while tick <= high + step / 1000:
        yield tick
        tick += step


def step_decimals(step: float) -> int:
    """Decimals a tick label needs to show multiples of ``step`` exactly (0 for whole steps)."""
    for decimals in range(6):
        if abs(round(step, decimals) - step) < 1e-9:
            return decimals
    return 6


def year_ticks(first: int, last: int) -> list[int]:
    """Years to label on the x-axis: every year up to twelve, otherwise every second or fifth."""
    span = last - first
    every = 1 if span <= 12 else 2 if span <= 24 else 5
    return [year for year in range(first, last + 1) if (year - first) % every == 0]
