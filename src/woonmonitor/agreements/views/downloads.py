"""CSV downloads of an agreement, and the lookups every agreement view shares.

Every view starts from Agreement.objects.visible_to(user) (get_agreement): a
draft the user may not see is a 404, for a download exactly like for its page.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from woonmonitor.accounts.access import reads_everything
from woonmonitor.downloads import DutchNumber, csv_response

from ..calculations import TargetStatus
from ..models import Agreement, CommitmentStatus
from ..overview import commitments_of, table_views
from ..sources import commitment_citation
from ..targets import evaluate_targets, evaluations_for


def get_agreement(request: HttpRequest, pk: int, *, with_source: bool = False) -> Agreement:
    """The agreement if this user may see it, else 404 (drafts are not even hinted at)."""
    queryset = Agreement.objects.visible_to(request.user).select_related(
        "municipality", "previous_edition"
    )
    queryset = queryset.defer("previous_edition__source_text")
    if not with_source:
        queryset = queryset.defer("source_text")
    return get_object_or_404(queryset, pk=pk)


def can_see_authors(user, agreement: Agreement) -> bool:
    """Who works where is not public: names of authors only for parties, the province and staff."""
    if not user.is_authenticated:
        return False
    if reads_everything(user):
        return True
    return agreement.parties.filter(organisation__memberships__user=user).exists()


def author_name(user, show: bool) -> str:
    if not show or user is None:
        return ""
    return user.get_full_name() or user.username


def plain(value) -> object:
    """A number for a ';'-separated Dutch CSV: whole numbers as is, decimals with a comma."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return DutchNumber(format(value.normalize(), "f").replace(".", ","))
    return value


def evaluation_rows(triples) -> list[dict]:
    """(target, evaluation, threshold note) triples as rows for the target partial."""
    labels = dict(TargetStatus.choices)
    return [
        {
            "target": target,
            "evaluation": evaluation,
            "note": note,
            "status_label": labels.get(evaluation.status, evaluation.status),
            "norm_source": commitment_citation(target.commitment, target.commitment.agreement),
        }
        for target, evaluation, note in triples
    ]


def evaluate_rows(targets) -> list[dict]:
    return evaluation_rows(evaluate_targets(targets, on=timezone.localdate()))


def url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _name(agreement: Agreement, what: str) -> str:
    return f"prestatieafspraken-{agreement.municipality_code}-{agreement.edition}-{what}.csv"


def commitments_csv(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement(request, pk)
    statuses = dict(CommitmentStatus.choices)
    rows = (
        [
            commitment.number,
            commitment.parent_number,
            commitment.theme.code,
            commitment.theme.title,
            commitment.content,
            commitment.result,
            commitment.period,
            " ".join(party.abbreviation for party in commitment.leads.all()),
            commitment.lead_text,
            commitment.year_entry_label,
            commitment.year_entry,
            str(statuses.get(commitment.status, commitment.status)),
        ]
        for commitment in commitments_of(agreement)
    )
    header = [
        "nr",
        "hoort_bij",
        "themacode",
        "thema",
        "inhoud",
        "resultaat",
        "tijd",
        "trekkers",
        "trekker_in_document",
        "kop_jaarschijf",
        "jaarschijf",
        "status",
    ]
    return csv_response(_name(agreement, "afspraken"), header, rows)


def targets_csv(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement(request, pk)
    statuses = dict(TargetStatus.choices)
    rows = (
        [
            target.commitment.label,
            target.description,
            str(statuses.get(evaluation.status, evaluation.status)),
            evaluation.explanation,
            plain(evaluation.target),
            plain(evaluation.planned),
            plain(evaluation.realised),
            evaluation.realised_year,
            target.unit,
            " | ".join(evaluation.sources),
            note,
        ]
        for target, evaluation, note in evaluations_for(agreement, on=timezone.localdate())
    )
    header = [
        "afspraak",
        "omschrijving",
        "status",
        "toelichting",
        "norm",
        "gepland",
        "gerealiseerd",
        "jaar",
        "eenheid",
        "bronnen",
        "huurprijsgrens",
    ]
    return csv_response(_name(agreement, "doelen"), header, rows)


def table_csv(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    agreement = get_agreement(request, pk)
    view = next((view for view in table_views(agreement) if view.table.key == key), None)
    if view is None:
        raise Http404
    parties = {party.pk: party.abbreviation for party in agreement.parties.all()}
    # the one reading (agreements.table_reading): a masked cell has no value and says so
    rows = (
        [
            cell.row_label,
            cell.get_measure_display(),
            cell.column,
            cell.year,
            cell.raw,
            cell.value,
            parties.get(cell.party_id, ""),
            "ja" if cell.is_total else "nee",
            cell.status,
            cell.source.row_label,
            cell.source.column,
            _inferred(cell),
        ]
        for row in view.grid
        for cell in row
    )
    header = [
        "rij",
        "maat",
        "kolom",
        "jaar",
        "zoals_in_document",
        "waarde",
        "partij",
        "totaal",
        "status",
        "rij_in_document",
        "kolom_in_document",
        "afgeleid_en_bevestigd",
    ]
    return csv_response(_name(agreement, f"tabel-{key}"), header, rows)


def _inferred(cell) -> str:
    """Which labels of a cell were masked in the source and inferred: 'rij', 'kolom', both."""
    return ", ".join(
        name for name, label in (("rij", cell.row), ("kolom", cell.col)) if label.is_inferred
    )


def realised_csv(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement(request, pk)
    show = can_see_authors(request.user, agreement)
    figures = agreement.realised_figures.select_related("party", "author").order_by(
        "party__order", "measure", "year", "created_at", "pk"
    )
    corrected = set(
        agreement.realised_figures.filter(corrects__isnull=False).values_list(
            "corrects_id", flat=True
        )
    )
    rows = (
        [
            figure.pk,
            figure.party.abbreviation,
            figure.party.name,
            figure.measure,
            figure.get_measure_display(),
            figure.year,
            figure.value,
            figure.note,
            author_name(figure.author, show),
            timezone.localtime(figure.created_at).isoformat(timespec="seconds"),
            figure.corrects_id,
            "nee" if figure.pk in corrected else "ja",
        ]
        for figure in figures
    )
    header = [
        "id",
        "partij",
        "partijnaam",
        "maat",
        "omschrijving",
        "jaar",
        "waarde",
        "toelichting",
        "opgegeven_door",
        "opgegeven_op",
        "corrigeert",
        "actueel",
    ]
    return csv_response(_name(agreement, "realisatie"), header, rows)
