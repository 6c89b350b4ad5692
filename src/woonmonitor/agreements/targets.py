"""Gather planned and realised figures for a target and evaluate it (arithmetic: calculations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.housing.services import rent_thresholds_for

from .allocation_targets import allocation_inputs, uses_allocation
from .calculations import Evaluation, Figure, TargetInputs, TargetKind, TargetSpec, evaluate
from .models import RealisedFigure, Target
from .sources import table_citation
from .table_reading import table_views

# The measures whose meaning depends on the national rent thresholds of the year.
THRESHOLD_FIELDS = {
    "stock_below_capping_high": ("capping_limit_high", gettext_lazy("2e aftoppingsgrens")),
    "stock_below_quality_discount": (
        "quality_discount_limit",
        gettext_lazy("kwaliteitskortingsgrens"),
    ),
    "stock_quality_discount_to_capping_low": (
        "capping_limit_low",
        gettext_lazy("1e aftoppingsgrens"),
    ),
}


@dataclass
class AgreementFigures:
    """Everything targets read from one agreement, loaded once (no query per target)."""

    agreement: object
    parties: list
    realised: list  # current RealisedFigure rows, with party
    cells: list  # cells with a value in the one reading (table_reading.ReadCell)

    @classmethod
    def load(cls, agreement) -> AgreementFigures:
        return cls(
            agreement=agreement,
            parties=list(agreement.parties.all()),
            realised=list(
                RealisedFigure.objects.current()
                .filter(agreement=agreement)
                .select_related("party")
                .order_by("year", "party__order", "pk")
            ),
            # the one reading: no masked number, no measure of a masked row label that no
            # reviewer confirmed
            cells=[
                cell
                for view in table_views(agreement)
                for row in view.grid
                for cell in row
                if cell.value is not None
            ],
        )


def scope_parties(target: Target, figures: AgreementFigures) -> list:
    if target.scope_id:
        return [party for party in figures.parties if party.pk == target.scope_id]
    return [
        party for party in figures.parties if party.kind == OrganisationKind.HOUSING_ASSOCIATION
    ]


def scope_label(target: Target) -> str:
    return target.scope.name if target.scope_id else _("alle corporaties")


def _realised(figures: AgreementFigures, measures: list[str], parties: list) -> tuple[Figure, ...]:
    party_ids = {party.pk for party in parties}
    return tuple(
        Figure(
            Decimal(figure.value),
            figure.year,
            _("opgegeven door %(party)s op %(date)s")
            % {
                "party": figure.party.name,
                "date": formats.date_format(figure.created_at, "d-m-Y"),
            },
        )
        for figure in figures.realised
        if figure.measure in measures and figure.party_id in party_ids
    )


def _table_total(target: Target, figures: AgreementFigures, measure: str) -> Figure | None:
    cells = [cell for cell in figures.cells if measure and cell.measure == measure]
    if not cells:
        return None
    if not target.scope_id:
        totals = [cell for cell in cells if cell.is_total]
        chosen = totals or [cell for cell in cells if not cell.is_total]
    else:
        chosen = [cell for cell in cells if not cell.is_total and cell.party_id == target.scope_id]
    if not chosen:
        return None
    titles = sorted({cell.table.title for cell in chosen})
    return Figure(
        Decimal(sum(cell.value for cell in chosen)),
        None,
        table_citation(titles, figures.agreement),
    )


def spec_for(target: Target) -> TargetSpec:
    return TargetSpec(
        kind=target.kind,
        comparison=target.comparison,
        value=target.value,
        unit=target.unit,
        period_start=target.period_start,
        deadline=target.deadline,
        measure_label=target.description,
        scope_label=scope_label(target),
    )


def inputs_for(target: Target, figures: AgreementFigures | None = None) -> TargetInputs:
    figures = figures or AgreementFigures.load(target.commitment.agreement)
    parties = scope_parties(target, figures)
    if target.kind == TargetKind.SHARE:
        inputs = TargetInputs(
            numerators=_realised(figures, [target.measure], parties),
            denominators=_realised(figures, [target.denominator], parties),
        )
        if uses_allocation(target):
            return allocation_inputs(target, parties, inputs)
        return inputs
    return TargetInputs(
        additions=_realised(figures, [target.measure], parties),
        removals=_realised(figures, list(target.removal_measures), parties)
        if target.kind == TargetKind.GROWTH
        else (),
        planned=_table_total(target, figures, target.planned_measure),
        baseline=_table_total(target, figures, target.baseline_measure),
    )


def evaluate_target(
    target: Target, *, on: date, figures: AgreementFigures | None = None
) -> Evaluation:
    return evaluate(spec_for(target), inputs_for(target, figures), on=on)


def threshold_note(target: Target, year: int | None, thresholds_by_year=None) -> str:
    """For rent-segment targets: the threshold amount in force in that year and its source."""
    field = THRESHOLD_FIELDS.get(target.measure)
    if field is None or year is None:
        return ""
    if thresholds_by_year is None:
        thresholds_by_year = {}
    if year not in thresholds_by_year:
        thresholds_by_year[year] = rent_thresholds_for(year)
    thresholds = thresholds_by_year[year]
    if thresholds is None:
        return _("De huurprijsgrenzen voor %d zijn niet geladen.") % year
    amount = getattr(thresholds, field[0])
    # The readable citation with its verification status; the working note (``source``)
    # is shown on the sources page only.
    return _("%(name)s in %(year)d: € %(amount)s (bron: %(source)s)") % {
        "name": field[1],
        "year": year,
        "amount": formats.number_format(amount, 2, use_l10n=True, force_grouping=True),
        "source": thresholds.citation,
    }


def evaluate_targets(targets, *, on: date) -> list[tuple[Target, Evaluation, str]]:
    """Evaluate targets (of one or more agreements), reading each agreement's figures once."""
    figures_by_agreement: dict[int, AgreementFigures] = {}
    thresholds_by_year: dict = {}
    rows = []
    for target in targets:
        agreement = target.commitment.agreement
        if agreement.pk not in figures_by_agreement:
            figures_by_agreement[agreement.pk] = AgreementFigures.load(agreement)
        evaluation = evaluate_target(target, on=on, figures=figures_by_agreement[agreement.pk])
        year = evaluation.realised_year or target.period_start.year
        rows.append((target, evaluation, threshold_note(target, year, thresholds_by_year)))
    return rows


def evaluations_for(agreement, *, on: date) -> list[tuple[Target, Evaluation, str]]:
    targets = (
        Target.objects.filter(commitment__agreement=agreement)
        .select_related("commitment", "scope", "commitment__agreement")
        .order_by("commitment__order", "pk")
    )
    return evaluate_targets(targets, on=on)
