"""How an indicator's value of a larger area follows from its parts. Pure, no database.

Each indicator names its own rule (``Indicator.aggregation``): counts add up, shares and
averages are weighted by their base (inhabitants, homes), and some figures (a class, a
distance) cannot be combined at all. A total is only given when every part is known: a sum
over the parts that happen to have a value would silently understate the whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SUM = "som"
WEIGHTED_MEAN = "gewogen-gemiddelde"
NONE = "geen"


@dataclass(frozen=True)
class Part:
    value: float | None
    weight: float | None = None


@dataclass(frozen=True)
class Aggregate:
    value: float | None
    parts: int
    note: str


def aggregate(rule: str, parts: Sequence[Part]) -> Aggregate:
    """The value of the whole under ``rule``; ``value`` None with a note saying why not."""
    count = len(parts)
    if rule == NONE:
        return Aggregate(None, count, "niet op te tellen over gebieden")
    if not parts:
        return Aggregate(None, 0, "geen gebieden")
    unknown = sum(1 for part in parts if part.value is None)
    if unknown:
        return Aggregate(None, count, f"{unknown} van {count} gebieden zonder waarde")
    if rule == SUM:
        return Aggregate(sum(part.value for part in parts), count, f"som van {count} gebieden")
    if rule == WEIGHTED_MEAN:
        unweighted = sum(1 for part in parts if part.weight is None)
        if unweighted:
            return Aggregate(None, count, f"{unweighted} van {count} gebieden zonder gewicht")
        total_weight = sum(part.weight for part in parts)
        if total_weight <= 0:
            return Aggregate(None, count, "totaal gewicht is nul")
        value = sum(part.value * part.weight for part in parts) / total_weight
        return Aggregate(value, count, f"gewogen gemiddelde van {count} gebieden")
    raise ValueError(f"Onbekende optelregel {rule!r}")


def ratio(numerator: float | None, denominator: float | None, factor: float = 1.0):
    """``numerator / denominator * factor``, or None when either is unknown or the base is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator * factor
