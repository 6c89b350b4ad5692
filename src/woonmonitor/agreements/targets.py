"""Gather planned and realised figures for a target and evaluate it (arithmetic: calculations)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.housing.services import rent_thresholds_for

from .calculations import Evaluation, Figure, TargetInputs, TargetKind, TargetSpec, evaluate
from .models import NumberCell, RealisedFigure, Target

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


def scope_parties(target: Target) -> list:
    if target.scope_id:
        return [target.scope]
    return [
        party
        for party in target.commitment.agreement.parties.all()
        if party.kind == OrganisationKind.HOUSING_ASSOCIATION
    ]


def scope_label(target: Target) -> str:
    return target.scope.name if target.scope_id else _("alle corporaties")


def _realised(target: Target, measures: list[str], parties: list) -> tuple[Figure, ...]:
    if not measures:
        return ()
    figures = (
        RealisedFigure.objects.current()
        .filter(agreement=target.commitment.agreement, party__in=parties, measure__in=measures)
        .select_related("party")
        .order_by("year", "party__order")
    )
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
        for figure in figures
    )


def _table_total(target: Target, measure: str, parties: list) -> Figure | None:
    if not measure:
        return None
    cells = list(
        NumberCell.objects.filter(
            table__agreement=target.commitment.agreement, measure=measure, value__isnull=False
        ).select_related("table")
    )
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
        _("tabel '%(table)s', %(agreement)s")
        % {"table": "', '".join(titles), "agreement": target.commitment.agreement.title},
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


def inputs_for(target: Target) -> TargetInputs:
    parties = scope_parties(target)
    if target.kind == TargetKind.SHARE:
        return TargetInputs(
            numerators=_realised(target, [target.measure], parties),
            denominators=_realised(target, [target.denominator], parties),
        )
    return TargetInputs(
        additions=_realised(target, [target.measure], parties),
        removals=_realised(target, list(target.removal_measures), parties)
        if target.kind == TargetKind.GROWTH
        else (),
        planned=_table_total(target, target.planned_measure, parties),
        baseline=_table_total(target, target.baseline_measure, parties),
    )


def evaluate_target(target: Target, *, on: date) -> Evaluation:
    return evaluate(spec_for(target), inputs_for(target), on=on)


def threshold_note(target: Target, year: int | None) -> str:
    """For rent-segment targets: the threshold amount in force in that year and its source."""
    field = THRESHOLD_FIELDS.get(target.measure)
    if field is None or year is None:
        return ""
    thresholds = rent_thresholds_for(year)
    if thresholds is None:
        return _("De huurprijsgrenzen voor %d zijn niet geladen.") % year
    amount = getattr(thresholds, field[0])
    return _("%(name)s in %(year)d: € %(amount)s (bron: %(source)s)") % {
        "name": field[1],
        "year": year,
        "amount": formats.number_format(amount, 2, use_l10n=True, force_grouping=True),
        "source": thresholds.source,
    }


def evaluations_for(agreement, *, on: date) -> list[tuple[Target, Evaluation, str]]:
    targets = (
        Target.objects.filter(commitment__agreement=agreement)
        .select_related("commitment", "scope", "commitment__agreement")
        .order_by("commitment__order", "pk")
    )
    rows = []
    for target in targets:
        evaluation = evaluate_target(target, on=on)
        year = evaluation.realised_year or target.period_start.year
        rows.append((target, evaluation, threshold_note(target, year)))
    return rows
