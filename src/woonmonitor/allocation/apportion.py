"""Largest-remainder (Hamilton) apportionment with exact fractions. Pure: no database.

Non-statutory splits (a regional fair share, a municipality's share over its housing
associations) are not rounded up like the statutory statushouders task: they are apportioned
so that the parts add up to the total exactly (``../shared/domain.md``, ADR on rounding).

The method: every party's exact quota is ``total × weight / Σ weights``; each gets the whole
part of its quota; the units left over go one each to the largest remainders.

Ties are broken deterministically, in this order:

1. the larger remainder;
2. the larger weight (the bigger party: its quota is the larger, so it loses least);
3. the earlier position in the order the weights were given (callers pass municipalities and
   associations sorted by code or name, so the order is stable and visible).

Hamilton's method can show the *Alabama paradox*: raising the total by one can lower someone's
share (weights 21,878 / 9,713 / 4,167 / 3,252 / 1,065 give 24/10/4/4/1 for 43 units and
24/11/5/3/1 for 44). ``alabama_cases`` finds this so a page can warn.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import floor
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


class ApportionError(ValueError):
    """The weights cannot carry the total (no positive weight, or a negative one)."""


def quotas(weights: Mapping[K, int | Fraction], total: int) -> dict[K, Fraction]:
    """The exact quota of each party: ``total × weight / Σ weights``."""
    if total < 0:
        raise ApportionError("total must not be negative")
    values = {key: Fraction(weight) for key, weight in weights.items()}
    if any(value < 0 for value in values.values()):
        raise ApportionError("weights must not be negative")
    whole = sum(values.values(), Fraction(0))
    if whole == 0:
        if total == 0:
            return {key: Fraction(0) for key in values}
        raise ApportionError("no positive weight to carry the total")
    return {key: total * value / whole for key, value in values.items()}


@dataclass(frozen=True)
class Apportionment:
    """Per party: exact quota, whole part, remainder, whether it got a unit extra, result."""

    quota: dict
    floor: dict
    remainder: dict
    extra: dict
    result: dict


def apportion_steps(weights: Mapping[K, int | Fraction], total: int) -> Apportionment:
    """Hamilton apportionment of ``total`` over ``weights``, with each step (see module)."""
    exact = quotas(weights, total)
    whole = {key: floor(value) for key, value in exact.items()}
    remainder = {key: exact[key] - whole[key] for key in exact}
    left = total - sum(whole.values())
    position = {key: index for index, key in enumerate(exact)}
    ranked = sorted(
        exact,
        key=lambda key: (-remainder[key], -Fraction(weights[key]), position[key]),
    )
    lucky = set(ranked[:left])
    extra = {key: key in lucky for key in exact}
    result = {key: whole[key] + (1 if extra[key] else 0) for key in exact}
    return Apportionment(exact, whole, remainder, extra, result)


def largest_remainder(weights: Mapping[K, int | Fraction], total: int) -> dict[K, int]:
    """Whole numbers per party that add up to ``total`` exactly (Hamilton; see module)."""
    return apportion_steps(weights, total).result


@dataclass
class Capped:
    """A capped apportionment: exact shares after caps, whole numbers, who hit a cap, the
    rounds in which they did, units no one could take, and the rounding of the rest."""

    exact: dict
    amounts: dict
    capped: set
    rounds: list
    unplaced: int
    rounding: Apportionment


def capped_apportion(
    weights: Mapping[K, Fraction], caps: Mapping[K, int | None], total: int
) -> Capped:
    """Share ``total`` by ``weights`` with at most ``caps[key]`` each (None: no cap), pass
    the excess on to the uncapped by the same weights until stable, then round by largest
    remainder. Units that no uncapped party can take are ``unplaced``."""
    free = [key for key in weights]
    fixed: dict = {}
    remaining = total
    rounds: list[list] = []
    exact: dict = {}
    while True:
        whole = sum((weights[key] for key in free), Fraction(0))
        exact = {key: remaining * weights[key] / whole if whole else Fraction(0) for key in free}
        over = [key for key in free if caps.get(key) is not None and exact[key] > caps[key]]
        if not over:
            break
        rounds.append(over)
        for key in over:
            fixed[key] = caps[key]
            remaining -= caps[key]
            free.remove(key)
    placeable = sum((weights[key] for key in free), Fraction(0)) > 0
    unplaced = 0 if placeable else remaining
    rounding = apportion_steps({key: weights[key] for key in free}, remaining if placeable else 0)
    amounts = {key: fixed.get(key, rounding.result.get(key, 0)) for key in weights}
    exact_all = {key: Fraction(fixed[key]) if key in fixed else exact[key] for key in weights}
    return Capped(exact_all, amounts, set(fixed), rounds, unplaced, rounding)


@dataclass(frozen=True)
class AlabamaCase:
    """``key`` gets ``before`` at total ``low`` but only ``after`` at ``low + 1``."""

    key: Hashable
    low: int
    before: int
    after: int


def alabama_cases(weights: Mapping[K, int | Fraction], total: int) -> list[AlabamaCase]:
    """Parties whose share drops when the total goes from ``total - 1`` to ``total`` or from
    ``total`` to ``total + 1`` (the Alabama paradox), in the order of ``weights``."""
    cases: list[AlabamaCase] = []
    for low in (total - 1, total):
        if low < 0:
            continue
        before = largest_remainder(weights, low)
        after = largest_remainder(weights, low + 1)
        cases.extend(
            AlabamaCase(key, low, before[key], after[key])
            for key in weights
            if after[key] < before[key]
        )
    return cases
