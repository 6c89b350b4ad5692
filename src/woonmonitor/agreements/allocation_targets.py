"""Targets evaluated from the allocation app's figures (issue 11, point 6). Touches the database
through ``allocation.target_figures`` (the allocation app's read for agreements; allocation never
imports agreements).

A share target that counts statushouders allocations against vacated social homes (Hoogeveen
2023-2027 #19: "maximaal 10% van de vrijkomende sociale huurwoningen ... voor het huisvesten van
statushouders") is evaluated from the placements the associations enter in Aandachtsgroepen and
the vacated social homes recorded there, instead of only from realised figures typed into the
agreement. Per year: where the allocation app has both figures, they are used and the realised
figures of that year for these two measures are left out (they describe the same homes); other
years keep the realised figures. Every figure carries its source. Demo figures never count: a
target on a real agreement (its status, the attention list, the progress report) must not rest
on an invented number.
"""

from __future__ import annotations

from decimal import Decimal

from woonmonitor.allocation.target_figures import statushouder_share_of_vacated

from .calculations import Figure, TargetInputs, TargetKind
from .measures import Measure

#: (measure, denominator) of the share targets the allocation app can evaluate.
FROM_ALLOCATION = {(Measure.PERMIT_HOLDER_ALLOCATIONS, Measure.VACATED_SOCIAL_HOMES)}


def uses_allocation(target) -> bool:
    return target.kind == TargetKind.SHARE and (target.measure, target.denominator) in (
        FROM_ALLOCATION
    )


def allocation_inputs(target, parties: list, realised: TargetInputs) -> TargetInputs:
    """``realised`` (from the agreement's own figures) with the years the allocation app covers
    replaced by its figures. ``parties`` are the target's scope: one association, or every
    association that is party (then every housing association in the municipality counts)."""
    ids = None
    if target.scope_id:
        ids = [party.organisation_id for party in parties if party.organisation_id]
        if not ids:
            return realised
    figures = statushouder_share_of_vacated(
        municipality_code=target.commitment.agreement.municipality_code,
        organisation_ids=ids,
        years=range(target.period_start.year, target.deadline.year + 1),
    )
    placed = {item.year: item for item in figures.placed}
    vacated = {item.year: item for item in figures.vacated}
    # A verdict on a signed agreement never rests on an invented figure: a year with a demo
    # figure (placement or vacated homes) is left to the agreement's own realised figures.
    years = {
        year
        for year in set(placed) & set(vacated)
        if not placed[year].is_demo and not vacated[year].is_demo
    }
    if not years:
        return realised
    numerators = [f for f in realised.numerators if f.year not in years]
    denominators = [f for f in realised.denominators if f.year not in years]
    for year in sorted(years):
        numerators.append(Figure(Decimal(placed[year].value), year, placed[year].source))
        denominators.append(Figure(Decimal(vacated[year].value), year, vacated[year].source))
    return TargetInputs(
        numerators=tuple(numerators),
        denominators=tuple(denominators),
        additions=realised.additions,
        removals=realised.removals,
        planned=realised.planned,
        baseline=realised.baseline,
    )
