"""The need for homes for older people per municipality, and a regional target split over
municipalities (issue 11, point 2, seed 004). Pure: no database, no Django.

There is no national norm for the number of homes older people need: a region sets ratios
(homes of a type per 1,000 people of an age group) with a source and a date, and those ratios
are inputs here, never constants. Per municipality and home type:

1. the older population at the horizon year: a **prognosis by age** for that year when one is
   given (preferred), else the base-year count times the **growth factor** of the ratio set;
2. the gross need = older population at the horizon x ratio / 1,000;
3. minus the existing supply of that type, when known (optional input);
4. the need in whole homes: the net need rounded half up, never below zero (a surplus is kept
   and shown as such).

Every intermediate value is kept on the result so a page can show each step beside its source.

The regional target split (``split_target``) shares a whole number of homes over municipalities
pro rata their computed need with the largest-remainder method (``allocation.apportion``), so
the shares add up exactly to the target (a non-statutory split: never rounded up).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .apportion import alabama_cases, apportion_steps

#: The order of the home types on every page (``models.HomeType`` values).
HOME_TYPES = ("nultreden", "geclusterd", "zorggeschikt")

#: How the older population at the horizon was found.
METHOD_PROGNOSIS = "prognose"
METHOD_GROWTH = "groeifactor"
METHOD_UNKNOWN = "onbekend"

ONE = Decimal(1)
TENTH = Decimal("0.1")
THOUSAND = Decimal(1000)


def _dec(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def whole(value: Decimal) -> int:
    """Round half up to a whole number (2.5 -> 3)."""
    return int(value.quantize(ONE, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class RatioParam:
    """Homes of one type per 1,000 people of the age group, with its source."""

    home_type: str
    per_thousand: Decimal
    source: str = ""
    label: str = ""


@dataclass(frozen=True)
class GrowthParam:
    """The growth of the age group from ``base_year`` to ``horizon_year`` when no prognosis by
    age is given; ``factor`` None means no growth is known (then only a prognosis helps)."""

    base_year: int
    horizon_year: int
    factor: Decimal | None
    source: str = ""


@dataclass(frozen=True)
class OlderPeople:
    """The inputs of one municipality: the age group in the base year, optionally a prognosis
    of the age group for the horizon year and the existing supply per home type."""

    code: str
    name: str
    base: Decimal | None
    prognosis: Decimal | None = None
    supply: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Horizon:
    """The older population at the horizon and how it was found."""

    value: Decimal | None
    method: str

    @property
    def known(self) -> bool:
        return self.value is not None


def older_at_horizon(
    base: Decimal | None, *, factor: Decimal | None, prognosis: Decimal | None = None
) -> Horizon:
    """A prognosis by age wins; else base x growth factor (to one decimal); else unknown."""
    if prognosis is not None:
        return Horizon(_dec(prognosis), METHOD_PROGNOSIS)
    if base is not None and factor is not None:
        value = (_dec(base) * _dec(factor)).quantize(TENTH, rounding=ROUND_HALF_UP)
        return Horizon(value, METHOD_GROWTH)
    return Horizon(None, METHOD_UNKNOWN)


@dataclass(frozen=True)
class TypeNeed:
    """The need for one home type in one municipality, with every step."""

    home_type: str
    per_thousand: Decimal
    gross: Decimal | None
    supply: int | None
    net: Decimal | None
    homes: int | None
    surplus: int
    label: str = ""

    @property
    def known(self) -> bool:
        return self.homes is not None


@dataclass(frozen=True)
class MunicipalityNeed:
    code: str
    name: str
    base: Decimal | None
    horizon: Horizon
    types: tuple[TypeNeed, ...]

    @property
    def known(self) -> bool:
        return self.horizon.known

    @property
    def total(self) -> int | None:
        """The homes of all types together (the sum of the rounded needs)."""
        if not self.known:
            return None
        return sum(need.homes or 0 for need in self.types)

    def by_type(self) -> dict[str, TypeNeed]:
        return {need.home_type: need for need in self.types}


def type_need(horizon: Horizon, ratio: RatioParam, supply: int | None) -> TypeNeed:
    per_thousand = _dec(ratio.per_thousand)
    if horizon.value is None:
        return TypeNeed(ratio.home_type, per_thousand, None, supply, None, None, 0, ratio.label)
    gross = (horizon.value * per_thousand / THOUSAND).quantize(TENTH, rounding=ROUND_HALF_UP)
    net = gross - supply if supply is not None else gross
    surplus = whole(-net) if net < 0 else 0
    return TypeNeed(
        home_type=ratio.home_type,
        per_thousand=per_thousand,
        gross=gross,
        supply=supply,
        net=net,
        homes=max(whole(net), 0),
        surplus=surplus,
        label=ratio.label,
    )


def need_for(
    people: OlderPeople, ratios: Sequence[RatioParam], growth: GrowthParam
) -> MunicipalityNeed:
    horizon = older_at_horizon(people.base, factor=growth.factor, prognosis=people.prognosis)
    order = {key: index for index, key in enumerate(HOME_TYPES)}
    ordered = sorted(ratios, key=lambda ratio: order.get(ratio.home_type, len(order)))
    return MunicipalityNeed(
        code=people.code,
        name=people.name,
        base=None if people.base is None else _dec(people.base),
        horizon=horizon,
        types=tuple(
            type_need(horizon, ratio, people.supply.get(ratio.home_type)) for ratio in ordered
        ),
    )


def need_for_all(
    municipalities: Sequence[OlderPeople], ratios: Sequence[RatioParam], growth: GrowthParam
) -> list[MunicipalityNeed]:
    return [need_for(people, ratios, growth) for people in municipalities]


def totals(needs: Sequence[MunicipalityNeed]) -> dict[str, int]:
    """Per home type (and ``"totaal"``) the sum of the rounded needs of the municipalities
    whose need is known: the table's total row adds up to what it shows."""
    result: dict[str, int] = {}
    for need in needs:
        for line in need.types:
            if line.homes is not None:
                result[line.home_type] = result.get(line.home_type, 0) + line.homes
    result["totaal"] = sum(value for key, value in result.items())
    return result


# ----------------------------------------------------------------------------- target split


@dataclass(frozen=True)
class TargetShare:
    """One municipality's share: its weight (total need), exact quota, whole part, whether it
    got one of the units left over, and the share."""

    code: str
    name: str
    weight: int
    exact: Fraction
    floor: int
    extra: bool
    share: int

    @property
    def exact_decimal(self) -> Decimal:
        return (Decimal(self.exact.numerator) / Decimal(self.exact.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class TargetSplit:
    target: int
    rows: tuple[TargetShare, ...]
    #: Municipalities left out because their need is not known.
    left_out: tuple[str, ...]
    #: Municipalities whose share would drop if the target were one higher (Alabama paradox).
    paradox: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(row.share for row in self.rows)


def split_target(target: int, needs: Sequence[MunicipalityNeed]) -> TargetSplit:
    """Share a regional target over the municipalities pro rata their total computed need
    (largest remainder via ``allocation.apportion``, exact total). A municipality without a
    known need gets no share and is named in ``left_out``; with no need anywhere nobody gets a
    share (``rows`` empty)."""
    known = [need for need in needs if need.total is not None]
    weights = {need.code: need.total or 0 for need in known}
    left_out = tuple(need.code for need in needs if need.total is None)
    if not weights or sum(weights.values()) == 0:
        return TargetSplit(target=target, rows=(), left_out=left_out)
    steps = apportion_steps(weights, target)
    rows = tuple(
        TargetShare(
            code=need.code,
            name=need.name,
            weight=weights[need.code],
            exact=steps.quota[need.code],
            floor=steps.floor[need.code],
            extra=steps.extra[need.code],
            share=steps.result[need.code],
        )
        for need in known
    )
    paradox = tuple(str(case.key) for case in alabama_cases(weights, target) if case.low == target)
    return TargetSplit(target=target, rows=rows, left_out=left_out, paradox=paradox)
