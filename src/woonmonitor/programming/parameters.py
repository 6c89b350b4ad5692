"""Policy parameters of woningbouwprogrammering as dated data. Pure: no database.

The values live in ``data/parameters.toml``, each with its source and status (vastgesteld,
vuistregel, wetsvoorstel, nog niet zeker); this module reads that file once (``tomllib``) into
typed, frozen dataclasses. Nothing here is a policy constant: a changed law or a new price limit
is a change of the TOML file.

* ``parameters_on(date)`` returns the ``ParameterSet`` in force on a date: for each dated list the
  record with the latest ``valid_from`` on or before the date (``None`` before the first one).
  The rules of the Wet versterking regie volkshuisvesting are always in the set (so a page can
  say from when they apply); ``regie_in_force`` says whether they apply on the date.
* ``price_limit_for_year(year)`` gives the affordable-purchase price limit of a year: the record
  of that year, or else of the latest earlier year; for a year after an indexed record the
  amount of that record is returned with ``indexation_pending`` set (the indexed amount for the
  year is not recorded).
* ``woondeal_regions()`` and ``woondeal_targets()`` give the woondeal regions (with membership,
  confirmed or not) and the targets per region, each with its source.

Fractions are read exactly (``Fraction("13/10")``, ``Fraction("0.30")``); never floats.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "parameters.toml"


@dataclass(frozen=True)
class PlanCapacityFactor:
    valid_from: datetime.date
    factor: Fraction
    status: str
    derivation: str
    source: str


@dataclass(frozen=True)
class SegmentMix:
    """The woondeal mix: shares of social rent, middle segment (middle rent + affordable
    purchase) and more expensive homes."""

    valid_from: datetime.date
    social_rent: Fraction
    middle: Fraction
    expensive: Fraction
    status: str
    source: str


@dataclass(frozen=True)
class RegieRules:
    """The programming rules of the Wet versterking regie volkshuisvesting."""

    valid_from: datetime.date
    valid_from_status: str
    regional_affordable: Fraction
    regional_social_rent: Fraction
    municipal_social_rent: Fraction
    municipal_middle: Fraction
    status: str
    source: str


@dataclass(frozen=True)
class PriceLimit:
    """The affordable-purchase price limit at the price level of ``year``."""

    year: int
    amount: int
    indexed_yearly: bool
    status: str
    source: str
    #: The year asked for, when it differs from ``year``.
    for_year: int | None = None
    #: True when the record is indexed yearly and ``for_year`` is later: the indexed amount of
    #: that year is not recorded, ``amount`` is the last recorded one.
    indexation_pending: bool = False


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    confirmed: bool
    note: str = ""


@dataclass(frozen=True)
class WoondealRegion:
    slug: str
    name: str
    signed: str
    source: str
    members: tuple[Member, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(member.code for member in self.members)

    @property
    def unconfirmed(self) -> tuple[Member, ...]:
        return tuple(member for member in self.members if not member.confirmed)


@dataclass(frozen=True)
class WoondealTarget:
    region: str
    homes: int
    horizon_year: int
    kind: str
    source: str
    at_least: bool = False


@dataclass(frozen=True)
class Parameters:
    """Everything in ``parameters.toml``, every dated list sorted by date."""

    plan_capacity_factors: tuple[PlanCapacityFactor, ...]
    woondeal_mixes: tuple[SegmentMix, ...]
    regie_rules: tuple[RegieRules, ...]
    price_limits: tuple[PriceLimit, ...]
    regions: tuple[WoondealRegion, ...]
    targets: tuple[WoondealTarget, ...]


@dataclass(frozen=True)
class ParameterSet:
    """The parameters in force on ``on``."""

    on: datetime.date
    plan_capacity_factor: PlanCapacityFactor | None
    woondeal_mix: SegmentMix | None
    #: The rules of the law: in force on ``on`` or the next ones to come (``None`` if none).
    regie: RegieRules | None
    regie_in_force: bool
    affordable_purchase_limit: PriceLimit | None


def _fraction(value: Any) -> Fraction:
    if isinstance(value, float):
        raise ValueError(f"write fractions as strings, not floats: {value!r}")
    return Fraction(str(value))


def parse(data: dict[str, Any]) -> Parameters:
    """Turn the parsed TOML into ``Parameters`` (exact fractions, sorted by date)."""
    factors = tuple(
        PlanCapacityFactor(
            valid_from=item["valid_from"],
            factor=_fraction(item["factor"]),
            status=item["status"],
            derivation=item.get("derivation", ""),
            source=item["source"],
        )
        for item in data.get("plan_capacity_factor", [])
    )
    mixes = tuple(
        SegmentMix(
            valid_from=item["valid_from"],
            social_rent=_fraction(item["social_rent"]),
            middle=_fraction(item["middle"]),
            expensive=_fraction(item["expensive"]),
            status=item["status"],
            source=item["source"],
        )
        for item in data.get("woondeal_mix", [])
    )
    for mix in mixes:
        if mix.social_rent + mix.middle + mix.expensive != 1:
            raise ValueError(f"woondeal mix of {mix.valid_from} does not add up to 100%")
    rules = tuple(
        RegieRules(
            valid_from=item["valid_from"],
            valid_from_status=item.get("valid_from_status", ""),
            regional_affordable=_fraction(item["regional_affordable"]),
            regional_social_rent=_fraction(item["regional_social_rent"]),
            municipal_social_rent=_fraction(item["municipal_social_rent"]),
            municipal_middle=_fraction(item["municipal_middle"]),
            status=item["status"],
            source=item["source"],
        )
        for item in data.get("regie_rules", [])
    )
    limits = tuple(
        PriceLimit(
            year=int(item["year"]),
            amount=int(item["amount"]),
            indexed_yearly=bool(item.get("indexed_yearly", False)),
            status=item["status"],
            source=item["source"],
        )
        for item in data.get("affordable_purchase_limit", [])
    )
    regions = tuple(
        WoondealRegion(
            slug=item["slug"],
            name=item["name"],
            signed=item.get("signed", ""),
            source=item["source"],
            members=tuple(
                Member(
                    code=m["code"],
                    name=m["name"],
                    confirmed=bool(m.get("confirmed", False)),
                    note=m.get("note", ""),
                )
                for m in item.get("members", [])
            ),
        )
        for item in data.get("woondeal_region", [])
    )
    targets = tuple(
        WoondealTarget(
            region=item["region"],
            homes=int(item["homes"]),
            horizon_year=int(item["horizon_year"]),
            kind=item["kind"],
            source=item["source"],
            at_least=bool(item.get("at_least", False)),
        )
        for item in data.get("woondeal_target", [])
    )
    return Parameters(
        plan_capacity_factors=tuple(sorted(factors, key=lambda r: r.valid_from)),
        woondeal_mixes=tuple(sorted(mixes, key=lambda r: r.valid_from)),
        regie_rules=tuple(sorted(rules, key=lambda r: r.valid_from)),
        price_limits=tuple(sorted(limits, key=lambda r: r.year)),
        regions=regions,
        targets=targets,
    )


@lru_cache(maxsize=1)
def load() -> Parameters:
    """The parameters of ``data/parameters.toml``, read once."""
    with DATA.open("rb") as handle:
        return parse(tomllib.load(handle))


def _latest(records: tuple[Any, ...], on: datetime.date) -> Any:
    found = None
    for record in records:
        if record.valid_from <= on:
            found = record
    return found


def price_limit_for_year(year: int, *, parameters: Parameters | None = None) -> PriceLimit | None:
    """The affordable-purchase price limit for ``year`` (``None`` before the first record)."""
    found: PriceLimit | None = None
    for record in (parameters or load()).price_limits:
        if record.year <= year:
            found = record
    if found is None or found.year == year:
        return found
    return PriceLimit(
        year=found.year,
        amount=found.amount,
        indexed_yearly=found.indexed_yearly,
        status=found.status,
        source=found.source,
        for_year=year,
        indexation_pending=found.indexed_yearly,
    )


def parameters_on(on: datetime.date, *, parameters: Parameters | None = None) -> ParameterSet:
    """The parameter set in force on ``on``."""
    params = parameters or load()
    regie = _latest(params.regie_rules, on)
    in_force = regie is not None
    if regie is None:
        regie = next(iter(params.regie_rules), None)
    return ParameterSet(
        on=on,
        plan_capacity_factor=_latest(params.plan_capacity_factors, on),
        woondeal_mix=_latest(params.woondeal_mixes, on),
        regie=regie,
        regie_in_force=in_force,
        affordable_purchase_limit=price_limit_for_year(on.year, parameters=params),
    )


def woondeal_regions(*, parameters: Parameters | None = None) -> tuple[WoondealRegion, ...]:
    return (parameters or load()).regions


def woondeal_targets(
    region: str | None = None, *, parameters: Parameters | None = None
) -> tuple[WoondealTarget, ...]:
    """The woondeal targets, all or of one region slug (``"drenthe"`` for the province)."""
    targets = (parameters or load()).targets
    return tuple(t for t in targets if region is None or t.region == region)
