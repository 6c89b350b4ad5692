"""What needs attention in an agreement: expired, behind, at risk (reads; rules in deadlines).

One list per agreement, most urgent first, shared by the agreement page, the list of all
agreements and the progress report. "Today" is always passed in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .calculations import TargetStatus
from .deadlines import (
    ATTENTION_ORDER,
    Attention,
    Shortfall,
    commitment_end,
    commitment_timing,
    select,
    shortfalls,
    target_attention,
)
from .measures import Measure
from .models import Agreement, Commitment, NumberCell, NumberTable, RealisedFigure


class Kind:
    TARGET = "target"
    COMMITMENT = "commitment"
    REALISED = "realised"


KIND_LABELS = {
    Kind.TARGET: gettext_lazy("meetbaar doel"),
    Kind.COMMITMENT: gettext_lazy("afspraak"),
    Kind.REALISED: gettext_lazy("gerealiseerd aantal"),
}


@dataclass
class AttentionItem:
    attention: str  # an Attention value
    kind: str  # Kind
    agreement: Agreement
    commitment_label: str  # "A1", or "" for a realised figure
    title: str  # what it is, in words
    status: str  # the status in words ("verlopen zonder gegevens", "termijn verstreken ...")
    reason: str  # one Dutch sentence
    url: str

    @property
    def attention_label(self) -> str:
        return str(Attention(self.attention).label)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def heading(self) -> str:
        """What it is: "Afspraak A1", "Meetbaar doel bij afspraak A1", "Gerealiseerd aantal"."""
        if self.kind == Kind.COMMITMENT:
            return _("Afspraak %(label)s") % {"label": self.commitment_label}
        if self.commitment_label:
            return _("%(kind)s bij afspraak %(label)s") % {
                "kind": self.kind_label.capitalize(),
                "label": self.commitment_label,
            }
        return self.kind_label.capitalize()


def _date(value: date) -> str:
    return formats.date_format(value, "j F Y")


def annotate_timing(commitments, agreement: Agreement, reported: set[int], *, today: date) -> None:
    """Give each commitment a ``timing`` (deadlines.CommitmentTiming) for pages and reports."""
    for commitment in commitments:
        commitment.timing = commitment_timing(
            status=commitment.status,
            has_report=commitment.pk in reported,
            end=commitment_end(commitment.period_end, agreement.period_end),
            today=today,
        )


def _commitment_items(agreement, commitments) -> list[AttentionItem]:
    items = []
    for commitment in commitments:
        timing = commitment.timing
        if not timing.attention:
            continue
        if timing.expired:
            reason = _("De termijn liep tot en met %(end)s; de laatste status is “%(status)s”.") % {
                "end": _date(timing.end),
                "status": commitment.get_status_display(),
            }
            status = timing.label
        elif timing.attention == Attention.BEHIND:
            reason = _("Gemeld als vertraagd; de termijn loopt tot en met %(end)s.") % {
                "end": _date(timing.end)
            }
            status = commitment.get_status_display()
        else:
            reason = _("Nog niet gestart, terwijl de termijn op %(end)s afloopt.") % {
                "end": _date(timing.end)
            }
            status = commitment.get_status_display()
        items.append(
            AttentionItem(
                attention=timing.attention,
                kind=Kind.COMMITMENT,
                agreement=agreement,
                commitment_label=commitment.label,
                title=commitment.content,
                status=str(status),
                reason=reason,
                url=reverse("agreements:commitment", args=[agreement.pk, commitment.pk]),
            )
        )
    return items


def _target_items(agreement, evaluations) -> list[AttentionItem]:
    items = []
    for target, evaluation, _note in evaluations:
        attention = target_attention(evaluation.status)
        if not attention:
            continue
        items.append(
            AttentionItem(
                attention=attention,
                kind=Kind.TARGET,
                agreement=agreement,
                commitment_label=target.commitment.label,
                title=target.description,
                status=str(TargetStatus(evaluation.status).label),
                reason=evaluation.explanation,
                url=reverse("agreements:commitment", args=[agreement.pk, target.commitment_id])
                + f"#target-{target.pk}",
            )
        )
    return items


def planned_per_year(cells) -> dict[tuple[int, str, int], int]:
    """Planned numbers per (association party, measure, year) from (table, cell) pairs.

    Only production tables count, and only readable cells of one association.
    """
    planned: dict[tuple[int, str, int], int] = defaultdict(int)
    for table, cell in cells:
        if (
            cell.value is not None
            and cell.measure
            and cell.party_id
            and cell.year
            and not cell.is_total
            and table.kind == NumberTable.Kind.PRODUCTION
        ):
            planned[(cell.party_id, cell.measure, cell.year)] += cell.value
    return dict(planned)


def realised_per_year(figures) -> dict[tuple[int, str, int], int]:
    realised: dict[tuple[int, str, int], int] = defaultdict(int)
    for figure in figures:
        realised[(figure.party_id, figure.measure, figure.year)] += figure.value
    return dict(realised)


def shortfall_text(shortfall: Shortfall, parties: dict) -> tuple[str, str]:
    """(title, reason) of a realised figure below plan, in Dutch."""
    party = parties.get(shortfall.party_id)
    title = _("%(party)s: %(measure)s in %(year)d") % {
        "party": party.name if party else "",
        "measure": Measure(shortfall.measure).label,
        "year": shortfall.year,
    }
    reason = _("Gerealiseerd %(realised)s, gepland %(planned)s: %(gap)s minder dan gepland.") % {
        "realised": formats.number_format(shortfall.realised, force_grouping=True),
        "planned": formats.number_format(shortfall.planned, force_grouping=True),
        "gap": formats.number_format(shortfall.planned - shortfall.realised, force_grouping=True),
    }
    if not shortfall.year_ended:
        reason += " " + _("Het jaar loopt nog.")
    return title, reason


def _shortfall_items(agreement, found: list[Shortfall], parties: dict) -> list[AttentionItem]:
    items = []
    for shortfall in found:
        title, reason = shortfall_text(shortfall, parties)
        items.append(
            AttentionItem(
                attention=shortfall.attention,
                kind=Kind.REALISED,
                agreement=agreement,
                commitment_label="",
                title=title,
                status=str(_("lager dan gepland")),
                reason=reason,
                url=reverse("agreements:realised", args=[agreement.pk]),
            )
        )
    return items


def attention_items(
    agreement: Agreement,
    *,
    commitments,
    evaluations,
    cells,
    realised,
    today: date,
    only: str | None = None,
) -> list[AttentionItem]:
    """Everything of one agreement that needs attention (or only one group), most urgent first.

    ``commitments`` must carry ``timing`` (annotate_timing); ``evaluations`` are the
    (target, evaluation, note) triples evaluated on ``today``; ``cells`` are (table, cell)
    pairs of the number tables.
    """
    parties = {party.pk: party for party in agreement.parties.all()}
    found = shortfalls(planned_per_year(cells), realised_per_year(realised), today=today)
    items = [
        *_target_items(agreement, evaluations),
        *_commitment_items(agreement, commitments),
        *_shortfall_items(agreement, found, parties),
    ]
    return select(items, only)


def agreement_attention(
    agreement: Agreement, *, today: date, only: str | None = None
) -> list[AttentionItem]:
    """Load what is needed and list what needs attention in one agreement (a few queries)."""
    from .targets import evaluations_for

    commitments = list(
        Commitment.objects.filter(agreement=agreement).select_related("theme").order_by("order")
    )
    reported = set(
        agreement.commitments.filter(progress_reports__isnull=False).values_list("pk", flat=True)
    )
    annotate_timing(commitments, agreement, reported, today=today)
    cells = NumberCell.objects.filter(
        table__agreement=agreement, table__kind=NumberTable.Kind.PRODUCTION
    ).select_related("table")
    realised = RealisedFigure.objects.current().filter(agreement=agreement)
    return attention_items(
        agreement,
        commitments=commitments,
        evaluations=evaluations_for(agreement, on=today),
        cells=[(cell.table, cell) for cell in cells],
        realised=list(realised),
        today=today,
        only=only,
    )


def counts(items: list[AttentionItem]) -> list[tuple[str, str, int]]:
    """(value, label, count) per attention group, in the order of urgency."""
    return [
        (str(value), str(value.label), sum(1 for item in items if item.attention == value))
        for value in ATTENTION_ORDER
    ]
