"""Reading and reporting pages of the performance agreements (prestatieafspraken).

Every view starts from Agreement.objects.visible_to(user): what a user may not
see is a 404. Writes go through services.py, rights through permissions.py: a
logged-in user who may see a published agreement but not change it gets 403,
an anonymous visitor is sent to the login page.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from woonmonitor.accounts.access import login_redirect, require_login
from woonmonitor.accounts.models import Organisation, OrganisationKind

from .. import permissions, services
from ..attention import agreement_attention
from ..charts import table_chart_svg
from ..deadlines import Attention, agreement_period, parse_attention, select
from ..models import (
    Agreement,
    Commitment,
    CommitmentStatus,
    Party,
    ProgressReport,
    Target,
)
from ..overview import build_overview, latest_reports, table_views
from ..sources import commitment_citation, document_citation, field_label, table_citation
from .downloads import (
    author_name,
    can_see_authors,
    commitments_csv,
    evaluate_rows,
    evaluation_rows,
    get_agreement,
    realised_csv,
    table_csv,
    targets_csv,
    url_or_none,
)
from .reporting import (
    commitment_forms,
    compare_editions,
    create_new_edition,
    realised_figures,
)

# urls.py routes every page and download of this app through this module.
__all__ = [
    "agreement_list",
    "agreement_detail",
    "commitment_detail",
    "commitments_csv",
    "compare_editions",
    "create_new_edition",
    "organisation_responsibilities",
    "realised_csv",
    "realised_figures",
    "table_csv",
    "targets_csv",
]

KIND_LABELS = dict(OrganisationKind.choices)


def source_excerpt(agreement: Agreement, lines: list[int]) -> list[tuple[int, str]]:
    text = agreement.source_text.splitlines()
    return [(n, text[n - 1]) for n in sorted(set(lines)) if 0 < n <= len(text)]


# ----------------------------------------------------------------------------- list and detail


def agreement_list(request: HttpRequest) -> HttpResponse:
    visible = Agreement.objects.visible_to(request.user)
    counts = {
        f"n_{value}": Count("commitments", filter=Q(commitments__status=value))
        for value in CommitmentStatus.values
    }
    agreements = (
        Agreement.objects.filter(pk__in=visible.values("pk"))
        .select_related("municipality")
        .defer("source_text")
        .annotate(commitment_count=Count("commitments"), **counts)
        .order_by("municipality__name", "-edition", "-pk")
    )
    today = timezone.localdate()
    agreements = list(agreements)
    successors = {a.previous_edition_id: a for a in agreements if a.previous_edition_id}
    for agreement in agreements:
        agreement.status_summary = [
            (label, getattr(agreement, f"n_{value}"))
            for value, label in CommitmentStatus.choices
            if getattr(agreement, f"n_{value}")
        ]
        agreement.period_state = agreement_period(
            agreement.period_end, today=today, successor=successors.get(agreement.pk)
        )
    context = {
        "agreements": agreements,
        "can_import": permissions.can_import(request.user),
        **attention_filter(request, agreements, today=today),
    }
    return render(request, "agreements/list.html", context)


def attention_filter(request: HttpRequest, agreements, *, today) -> dict:
    """The list of what needs attention across agreements, when asked for (``?aandacht=``)."""
    asked = request.GET.get("aandacht")
    if not asked:
        return {"attention_asked": False, "attention_choices": Attention.choices}
    only = parse_attention(asked)
    items = [
        item
        for agreement in agreements
        for item in agreement_attention(agreement, today=today, only=only)
    ]
    return {
        "attention_asked": True,
        "attention_filter": only,
        "attention": select(items, None),
        "attention_choices": Attention.choices,
    }


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement(request, pk)
    next_edition = (
        Agreement.objects.visible_to(request.user)
        .filter(previous_edition=agreement)
        .defer("source_text")
        .first()
    )
    overview = build_overview(agreement, on=timezone.localdate(), successor=next_edition)
    only = parse_attention(request.GET.get("aandacht"))
    commitments = [c for items in overview.commitments_by_theme.values() for c in items]
    led = Counter(party.pk for c in commitments for party in c.leads.all())
    signed = {item.party.pk: item.current for item in services.sign_off_state(agreement)}
    parties = [
        {
            "party": party,
            "kind": KIND_LABELS.get(party.kind, party.kind),
            "led": led[party.pk],
            "signing": party.pk in signed,
            "sign_off": signed.get(party.pk),
        }
        for party in agreement.parties.select_related("organisation")
    ]
    sections = defaultdict(list)
    for section in agreement.sections.all():
        sections[section.theme_id].append(section)
    themes = [
        {
            "theme": theme,
            "commitments": overview.commitments_by_theme.get(theme.pk, []),
            "sections": sections.get(theme.pk, []),
        }
        for theme in overview.themes
    ]
    by_id = {commitment.pk: commitment for commitment in commitments}
    tables = [
        {
            "view": view,
            "commitment": by_id.get(view.table.commitment_id),
            "svg": mark_safe(table_chart_svg(view)),  # built from escaped text only
            "row_header": view.table.columns[0]
            if len(view.table.columns) > len(view.columns)
            else _("Omschrijving"),
            "citation": table_citation([view.table.title], agreement),
        }
        for view in overview.tables
    ]
    total = overview.commitment_count or 1
    can_edit = permissions.can_edit(request.user, agreement)
    context = {
        "agreement": agreement,
        "overview": overview,
        "period": overview.period,
        "attention": select(overview.attention, only),
        "attention_filter": only,
        "attention_counts": overview.attention_counts,
        "citation": document_citation(agreement),
        "evaluations": evaluation_rows(overview.evaluations),
        "parties": parties,
        "themes": themes,
        "general_sections": sections.get(None, []),
        "tables": tables,
        "status_counts": [
            (value, label, count, round(100 * count / total))
            for value, label, count in overview.status_counts
        ],
        "can_edit": can_edit,
        "can_start_edition": can_edit and not agreement.is_draft and next_edition is None,
        "next_edition": next_edition,
        "review_url": url_or_none("agreements:review", agreement.pk) if can_edit else None,
    }
    return render(request, "agreements/detail.html", context)


# ----------------------------------------------------------------------------- one commitment


def _history(commitment: Commitment, parties: dict[int, Party], show: bool) -> list[dict]:
    """The audit trail of the commitment record: who changed which field from what to what."""
    records = list(
        commitment.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["order", "source_lines"])
            for change in delta.changes:
                old, new = change.old, change.new
                if change.field == "leads":
                    old = " ".join(
                        sorted(
                            parties[r["party"]].abbreviation for r in old if r["party"] in parties
                        )
                    )
                    new = " ".join(
                        sorted(
                            parties[r["party"]].abbreviation for r in new if r["party"] in parties
                        )
                    )
                elif change.field == "status":
                    old, new = (str(CommitmentStatus(v).label) if v else "" for v in (old, new))
                label = (
                    _("trekkers")
                    if change.field == "leads"
                    else Commitment._meta.get_field(change.field).verbose_name
                )
                changes.append({"label": label, "old": old, "new": new})
            if not changes:
                continue
        entries.append(
            {
                "record": newer,
                "who": author_name(newer.history_user, show) if newer.history_user else "",
                "created": older is None,
                "changes": changes,
            }
        )
    return entries


@login_redirect
def commitment_detail(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    agreement = get_agreement(request, pk, with_source=True)
    commitment = get_object_or_404(
        agreement.commitments.select_related("theme").prefetch_related("leads"), pk=cpk
    )
    commitment.agreement = agreement
    if request.method == "POST":
        require_login(request)
    authenticated = request.user.is_authenticated
    report_parties = (
        permissions.reporting_parties(request.user, commitment) if authenticated else []
    )
    comment_parties = (
        permissions.commenting_parties(request.user, agreement) if authenticated else []
    )
    report_form, comment_form, done = commitment_forms(
        request, commitment, report_parties, comment_parties
    )
    if done is False:
        return HttpResponseBadRequest(_("Onbekende actie."))
    if done:
        return redirect(reverse("agreements:commitment", args=[agreement.pk, commitment.pk]) + done)
    show = can_see_authors(request.user, agreement)
    parties = {party.pk: party for party in agreement.parties.all()}
    related = list(
        agreement.commitments.filter(
            Q(number=commitment.parent_number, number__gt="")
            | Q(parent_number=commitment.number, parent_number__gt="")
        )
        .exclude(pk=commitment.pk)
        .only("pk", "number", "parent_number", "content")
    )
    reports = list(
        commitment.progress_reports.select_related("party", "author", "corrects").order_by(
            "-created_at", "-pk"
        )
    )
    comments = list(
        commitment.comments.select_related("party", "author").order_by("-created_at", "-pk")
    )
    targets = commitment.targets.select_related("scope", "commitment__agreement").order_by("pk")
    context = {
        "agreement": agreement,
        "commitment": commitment,
        "parent": next((c for c in related if c.number == commitment.parent_number), None),
        "children": [c for c in related if c.parent_number == commitment.number],
        "evaluations": evaluate_rows(targets),
        "flags": [
            (flag, field_label(Commitment, flag.field))
            for flag in commitment.flags.select_related("confirmed_by")
        ],
        "tables": list(commitment.tables.all().only("pk", "key", "title")),
        "reports": [(r, author_name(r.author, show)) for r in reports],
        "comments": [(c, author_name(c.author, show)) for c in comments],
        "history": _history(commitment, parties, show),
        "citation": commitment_citation(commitment, agreement),
        "document": document_citation(agreement),
        "source": [text for _n, text in source_excerpt(agreement, commitment.source_lines)],
        "report_form": report_form,
        "comment_form": comment_form,
        "show_authors": show,
    }
    return render(request, "agreements/commitment.html", context)


# ----------------------------------------------------------------------------- per organisation


def organisation_responsibilities(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)
    visible = Agreement.objects.visible_to(request.user)
    parties = list(
        Party.objects.filter(organisation=organisation, agreement__in=visible.values("pk"))
        .select_related("agreement__municipality")
        .defer("agreement__source_text")
        .prefetch_related(
            Prefetch(
                "led_commitments",
                queryset=Commitment.objects.select_related("theme")
                .prefetch_related("leads")
                .order_by("order"),
            )
        )
        .order_by("agreement__municipality__name", "-agreement__edition", "-agreement__pk")
    )
    commitment_ids = [c.pk for party in parties for c in party.led_commitments.all()]
    latest = latest_reports(ProgressReport.objects.filter(commitment_id__in=commitment_ids))
    # its own targets, and for a housing association also those of "all associations"
    associations = [p for p in parties if p.kind == OrganisationKind.HOUSING_ASSOCIATION]
    targets = Target.objects.filter(
        Q(scope__in=parties)
        | Q(scope__isnull=True, commitment__agreement__in=[p.agreement_id for p in associations])
    ).select_related("commitment__agreement", "scope")
    party_of_agreement = {party.agreement_id: party.pk for party in parties}
    evaluations = defaultdict(list)
    for row in evaluate_rows(targets.order_by("commitment__order", "pk")):
        target = row["target"]
        owner = target.scope_id or party_of_agreement[target.commitment.agreement_id]
        evaluations[owner].append(row)
    planned = defaultdict(list)
    if organisation.kind == OrganisationKind.HOUSING_ASSOCIATION:
        # the one reading of the tables (agreements.table_reading), as on the agreement page
        for party in parties:
            for view in table_views(party.agreement):
                for row in view.grid:
                    planned[party.pk].extend(
                        cell for cell in row if cell.party_id == party.pk and not cell.is_total
                    )
    blocks = []
    for party in parties:
        led = list(party.led_commitments.all())
        blocks.append(
            {
                "party": party,
                "agreement": party.agreement,
                "commitments": [
                    (c, latest.get(c.pk), [p for p in c.leads.all() if p.pk != party.pk])
                    for c in led
                ],
                "status_counts": [
                    (label, count)
                    for value, label in CommitmentStatus.choices
                    if (count := sum(1 for c in led if c.status == value))
                ],
                "evaluations": evaluations.get(party.pk, []),
                "planned": planned.get(party.pk, []),
            }
        )
    context = {
        "organisation": organisation,
        "kind": KIND_LABELS.get(organisation.kind, organisation.kind),
        "blocks": blocks,
    }
    return render(request, "agreements/organisation.html", context)
