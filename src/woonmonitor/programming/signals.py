"""Over- and under-production signals between neighbouring municipalities, and realisation
against plan per year (issue 12, point 4). Pure: no database, no clock. Built on the ``Check``
and ``Status`` of ``programming.checks``, with the same exact arithmetic and shown rounding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from woonmonitor.programming.parameters import ParameterSet

from .checks import (
    Check,
    PlanNeed,
    Status,
    format_count,
    format_norm,
    format_percent,
    percent,
    with_explanation,
)


@dataclass(frozen=True)
class ProductionSignal:
    over: str
    over_name: str
    over_surplus: int
    under: str
    under_name: str
    under_shortfall: int
    sentence: str

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class ProductionSignals:
    signals: tuple[ProductionSignal, ...]
    #: Municipalities left out because their capacity or need is not known.
    missing: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"signals": [s.as_dict() for s in self.signals], "missing": list(self.missing)}


def production_signals(
    plans: Sequence[PlanNeed], neighbours: Mapping[str, Iterable[str]], params: ParameterSet
) -> ProductionSignals:
    """A signal per pair of neighbours where one plans more than its norm (``ceil(factor x
    need)`` whole homes) and the other less. The neighbour map is read both ways."""
    factor_record = params.plan_capacity_factor
    if factor_record is None:
        return ProductionSignals((), tuple(p.code for p in plans))
    by_code = {p.code: p for p in plans}
    adjacent: dict[str, set[str]] = {code: set() for code in by_code}
    for code, others in neighbours.items():
        for other in others:
            if code in by_code and other in by_code and other != code:
                adjacent[code].add(other)
                adjacent[other].add(code)
    gap: dict[str, int] = {}
    for p in plans:
        if p.capacity is not None and p.need is not None:
            gap[p.code] = p.capacity - math.ceil(factor_record.factor * p.need)
    signals = []
    for code in sorted(gap):
        if gap[code] <= 0:
            continue
        for other in sorted(adjacent[code]):
            if gap.get(other, 0) >= 0:
                continue
            over, under = by_code[code], by_code[other]
            sentence = _(
                "%(over)s plant %(surplus)s woningen meer dan %(norm)s van de behoefte, terwijl "
                "buurgemeente %(under)s %(shortfall)s woningen tekortkomt."
            ) % {
                "over": over.name,
                "surplus": format_count(gap[code]),
                "norm": format_norm(factor_record.factor),
                "under": under.name,
                "shortfall": format_count(-gap[other]),
            }
            signals.append(
                ProductionSignal(
                    code, over.name, gap[code], other, under.name, -gap[other], sentence
                )
            )
    missing = tuple(p.code for p in plans if p.code not in gap)
    return ProductionSignals(tuple(signals), missing)


# -- Realisation against plan ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RealisationCheck(Check):
    year: int
    planned: int | None
    realised: int | None
    percent_of_plan: Decimal | None = None
    difference: int | None = None


def check_realisation(
    *,
    area: str,
    name: str,
    year: int,
    planned: int | None,
    realised: int | None,
    explanation: str = "",
    source: str = "",
) -> RealisationCheck:
    """Realised against planned homes in ``year``: met when at least the plan is realised."""
    base = {"area": area, "name": name, "year": year, "planned": planned, "realised": realised}
    base["source"] = source
    if planned is None or realised is None:
        sentence = (
            _("Geen planning bekend voor %(year)s.")
            if planned is None
            else _("Geen realisatie bekend voor %(year)s.")
        ) % {"year": year}
        return RealisationCheck(**base, status=Status.NO_DATA, sentence=sentence)
    values = {"year": year, "realised": format_count(realised), "planned": format_count(planned)}
    values["percent"] = format_percent(Fraction(realised, planned)) if planned else "-"
    if realised >= planned:
        status = Status.MET
        sentence = _("In %(year)s %(realised)s woningen gerealiseerd van %(planned)s gepland")
    else:
        status = Status.NOT_MET
        sentence = _(
            "In %(year)s %(realised)s woningen gerealiseerd van %(planned)s gepland, %(gap)s minder"
        )
        values["gap"] = format_count(planned - realised)
    sentence = (sentence % values) + (_(" (%(percent)s).") % values if planned else ".")
    status, sentence = with_explanation(status, sentence, explanation)
    return RealisationCheck(
        **base,
        status=status,
        sentence=sentence,
        explanation=explanation,
        percent_of_plan=percent(Fraction(realised, planned)) if planned else None,
        difference=realised - planned,
    )


def realisation_by_year(
    *,
    area: str,
    name: str,
    planned: Mapping[int, int | None],
    realised: Mapping[int, int | None],
    explanations: Mapping[int, str] | None = None,
    source: str = "",
) -> list[RealisationCheck]:
    """One ``check_realisation`` per year that has a plan or a realisation, in year order."""
    explanations = explanations or {}
    return [
        check_realisation(
            area=area,
            name=name,
            year=year,
            planned=planned.get(year),
            realised=realised.get(year),
            explanation=explanations.get(year, ""),
            source=source,
        )
        for year in sorted(set(planned) | set(realised))
    ]
