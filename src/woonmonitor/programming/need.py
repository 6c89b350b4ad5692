"""The need for homes per municipality and woondeal region (issue 12, point 3). Pure: no
database, no clock; ``need_figures`` reads the inputs from the monitor.

Two needs, each shown with its source and never mixed up:

* **Demographic need** (``demographic_need``): the extra households from the population
  prognosis, ``(population(horizon) - population(start)) / household size``, rounded half up to
  whole households. A municipality that shrinks has need 0 and the shrink is shown ("krimp",
  in households), never a negative need. The household size is held at its latest value: this
  simple reckoning leaves out smaller households (gezinsverdunning), and says so on the page.
* **Woondeal split** (``woondeal_split``): a region's woondeal target divided over its members
  in proportion to their housing stock, by largest remainder with exact fractions so the parts
  add up to the target. The deals give no municipal figures: this split is Woonmonitor's own.

Each need is split into segments with the woondeal mix (30% social rent, 40% middle segment,
30% more expensive; ``segment_split``), by largest remainder as well.

Largest remainder (Hamilton), the same method and tie-breaking as ``allocation.apportion``
(which programming may not import): every part gets the whole part of its exact quota; the units
left over go one each to the largest remainders; a tie goes to the larger weight, then to the
earlier position in the order given.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from .parameters import SegmentMix

K = TypeVar("K", bound=Hashable)

GROWTH = "groei"
SHRINK = "krimp"
NO_DATA = "geen-gegevens"

#: The woondeal mix's three parts, in the order they are shown and ranked on ties.
MIX_PARTS = ("social_rent", "middle", "expensive")


def exact(value: int | float | Decimal | Fraction) -> Fraction:
    """A loaded figure as an exact fraction (a float through its shortest decimal text)."""
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def largest_remainder(weights: Mapping[K, int | Fraction], total: int) -> dict[K, int]:
    """Whole numbers per key in proportion to ``weights`` that add up to ``total`` exactly."""
    if total < 0:
        raise ValueError("total must not be negative")
    values = {key: Fraction(weight) for key, weight in weights.items()}
    if any(value < 0 for value in values.values()):
        raise ValueError("weights must not be negative")
    whole = sum(values.values(), Fraction(0))
    if whole == 0:
        if total == 0:
            return {key: 0 for key in values}
        raise ValueError("no positive weight to carry the total")
    quota = {key: total * value / whole for key, value in values.items()}
    result = {key: math.floor(q) for key, q in quota.items()}
    position = {key: index for index, key in enumerate(values)}
    ranked = sorted(
        values, key=lambda key: (-(quota[key] - result[key]), -values[key], position[key])
    )
    for key in ranked[: total - sum(result.values())]:
        result[key] += 1
    return result


# -- Segments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentNeed:
    """A need in homes split with the woondeal mix."""

    total: int
    social_rent: int
    middle: int
    expensive: int

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "social_rent": self.social_rent,
            "middle": self.middle,
            "expensive": self.expensive,
        }


def segment_split(total: int, mix: SegmentMix) -> SegmentNeed:
    """``total`` homes over social rent / middle / more expensive by the mix (largest
    remainder: the three add up to ``total``)."""
    parts = largest_remainder(
        {"social_rent": mix.social_rent, "middle": mix.middle, "expensive": mix.expensive},
        total,
    )
    return SegmentNeed(total=total, **parts)


# -- Demographic need ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemographicNeed:
    """One municipality's extra households between two prognosis years."""

    code: str
    name: str
    start_year: int
    horizon_year: int
    population_start: Fraction | None
    population_horizon: Fraction | None
    household_size: Fraction | None
    household_year: int | None
    status: str
    #: extra households, rounded half up; 0 when shrinking; ``None`` without data
    households: int | None
    #: households fewer at the horizon (a positive number) when the population shrinks
    shrink: int = 0
    #: the exact quotient before rounding (negative when shrinking)
    exact_households: Fraction | None = None
    missing: tuple[str, ...] = ()
    segments: SegmentNeed | None = None

    @property
    def population_change(self) -> Fraction | None:
        if self.population_start is None or self.population_horizon is None:
            return None
        return self.population_horizon - self.population_start

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "start_year": self.start_year,
            "horizon_year": self.horizon_year,
            "population_start": _number(self.population_start),
            "population_horizon": _number(self.population_horizon),
            "population_change": _number(self.population_change),
            "household_size": _number(self.household_size),
            "household_year": self.household_year,
            "status": self.status,
            "households": self.households,
            "shrink": self.shrink,
            "exact_households": _fraction_text(self.exact_households),
            "missing": list(self.missing),
            "segments": self.segments.as_dict() if self.segments else None,
        }


def _number(value: Fraction | None) -> int | str | None:
    """A whole number as int, otherwise its exact decimal text (2.07)."""
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    return str(Decimal(value.numerator) / Decimal(value.denominator))


def _fraction_text(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def demographic_need(
    *,
    code: str,
    name: str,
    start_year: int,
    horizon_year: int,
    population_start: int | float | Decimal | Fraction | None,
    population_horizon: int | float | Decimal | Fraction | None,
    household_size: int | float | Decimal | Fraction | None,
    household_year: int | None,
    mix: SegmentMix | None = None,
) -> DemographicNeed:
    """Extra households = (population(horizon) - population(start)) / household size, rounded
    half up; a shrinking municipality gets 0 and its shrink in households."""
    missing = []
    if population_start is None:
        missing.append(f"bevolkingsprognose {start_year}")
    if population_horizon is None:
        missing.append(f"bevolkingsprognose {horizon_year}")
    if household_size is None or exact(household_size) <= 0:
        missing.append("huishoudensgrootte")
    base: dict[str, Any] = {
        "code": code,
        "name": name,
        "start_year": start_year,
        "horizon_year": horizon_year,
        "population_start": None if population_start is None else exact(population_start),
        "population_horizon": None if population_horizon is None else exact(population_horizon),
        "household_size": None if household_size is None else exact(household_size),
        "household_year": household_year,
    }
    if missing:
        return DemographicNeed(**base, status=NO_DATA, households=None, missing=tuple(missing))
    quotient = (base["population_horizon"] - base["population_start"]) / base["household_size"]
    if quotient < 0:
        households, shrink, status = 0, round_half_up(-quotient), SHRINK
    else:
        households, shrink, status = round_half_up(quotient), 0, GROWTH
    return DemographicNeed(
        **base,
        status=status,
        households=households,
        shrink=shrink,
        exact_households=quotient,
        segments=segment_split(households, mix) if mix else None,
    )


# -- Woondeal split ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SplitMember:
    code: str
    name: str
    confirmed: bool
    stock: int | None
    #: the exact share of the target (``target x stock / total stock``)
    quota: Fraction | None = None
    homes: int | None = None
    segments: SegmentNeed | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "confirmed": self.confirmed,
            "stock": self.stock,
            "quota": _fraction_text(self.quota),
            "homes": self.homes,
            "segments": self.segments.as_dict() if self.segments else None,
        }


@dataclass(frozen=True)
class WoondealSplit:
    """A region's target over its members by housing stock (Woonmonitor's own split)."""

    region: str
    target: int
    members: tuple[SplitMember, ...]
    #: members without a stock figure: then nothing is split
    missing: tuple[str, ...] = field(default=())
    segments: SegmentNeed | None = None

    @property
    def complete(self) -> bool:
        return not self.missing

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "target": self.target,
            "members": [m.as_dict() for m in self.members],
            "missing": list(self.missing),
            "segments": self.segments.as_dict() if self.segments else None,
        }


@dataclass(frozen=True)
class MemberStock:
    code: str
    name: str
    confirmed: bool
    stock: int | None


def woondeal_split(
    *, region: str, target: int, members: Sequence[MemberStock], mix: SegmentMix | None = None
) -> WoondealSplit:
    """``target`` over ``members`` in proportion to their stock, largest remainder. Without a
    stock figure for every member nothing is split (a partial split would not add up)."""
    missing = tuple(m.name for m in members if m.stock is None)
    segments = segment_split(target, mix) if mix else None
    if missing or not members:
        rows = tuple(SplitMember(m.code, m.name, m.confirmed, m.stock) for m in members)
        return WoondealSplit(region, target, rows, missing, segments)
    stocks = {m.code: m.stock or 0 for m in members}
    homes = largest_remainder(stocks, target)
    whole = sum(stocks.values())
    rows = tuple(
        SplitMember(
            code=m.code,
            name=m.name,
            confirmed=m.confirmed,
            stock=m.stock,
            quota=Fraction(target * stocks[m.code], whole),
            homes=homes[m.code],
            segments=segment_split(homes[m.code], mix) if mix else None,
        )
        for m in members
    )
    return WoondealSplit(region, target, rows, (), segments)
