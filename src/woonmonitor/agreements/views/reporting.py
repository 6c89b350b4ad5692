"""Reporting pages and actions: progress and comments on a commitment, realised figures, editions.

Rights come from permissions.py and every write goes through services.py; a
user who may see the agreement but not do this gets 403, an anonymous visitor
is sent to the login page, and an agreement the user may not see is a 404.
"""

from __future__ import annotations

import difflib
from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from woonmonitor.accounts.access import login_redirect, require_login
from woonmonitor.accounts.models import OrganisationKind

from .. import editions, permissions, services
from ..deadlines import shortfalls
from ..editions import COMPARED_FIELDS
from ..forms import CommentForm, ProgressReportForm, RealisedFigureForm
from ..measures import Measure
from ..models import (
    Agreement,
    Commitment,
    CommitmentStatus,
    NumberTable,
    Party,
    commitment_label,
)
from ..table_reading import table_views
from .downloads import author_name, can_see_authors, get_agreement, url_or_none


def commitment_forms(request, commitment, report_parties, comment_parties):
    """The report and comment forms of a commitment page, and after a POST where to go.

    Returns (report form, comment form, outcome): outcome None means render the
    page, a "#fragment" means the write succeeded (redirect there), False means
    an unknown action. A POST for a form the user may not use is a 403.
    """
    initial = {"status": commitment.status, "year": reporting_year(commitment.agreement)}
    report = (
        ProgressReportForm(parties=report_parties, prefix="report", initial=initial)
        if report_parties
        else None
    )
    comment = CommentForm(parties=comment_parties, prefix="comment") if comment_parties else None
    if request.method != "POST":
        return report, comment, None
    action = request.POST.get("action")
    if action == "report":
        if not report_parties:
            raise PermissionDenied
        report = ProgressReportForm(request.POST, parties=report_parties, prefix="report")
        if report.is_valid():
            data = report.cleaned_data
            try:
                services.report_progress(
                    commitment=commitment,
                    party=data["party"],
                    user=request.user,
                    year=data["year"],
                    status=data["status"],
                    text=data["text"],
                )
            except services.AgreementError as exc:
                report.add_error(None, str(exc))
            else:
                messages.success(request, _("Uw voortgangsmelding is opgeslagen."))
                return report, comment, "#voortgang"
    elif action == "comment":
        if not comment_parties:
            raise PermissionDenied
        comment = CommentForm(request.POST, parties=comment_parties, prefix="comment")
        if comment.is_valid():
            data = comment.cleaned_data
            try:
                services.add_comment(
                    commitment=commitment,
                    party=data["party"],
                    user=request.user,
                    kind=data["kind"],
                    text=data["text"],
                )
            except services.AgreementError as exc:
                comment.add_error(None, str(exc))
            else:
                messages.success(request, _("Uw advies of opmerking is geplaatst."))
                return report, comment, "#adviezen"
    else:
        return report, comment, False
    return report, comment, None


# ----------------------------------------------------------------------------- realised figures


def _realised_rows(agreement: Agreement, parties: list[Party], show: bool) -> list[dict]:
    """Per housing association: planned vs realised per measure and year, with the corrections."""
    figures = list(agreement.realised_figures.select_related("author").order_by("created_at", "pk"))
    by_id = {figure.pk: figure for figure in figures}
    corrected = {figure.corrects_id for figure in figures if figure.corrects_id}
    current = [figure for figure in figures if figure.pk not in corrected]
    party_ids = {party.pk for party in parties}
    planned: dict[tuple, dict] = {}
    # the one reading of the tables (agreements.table_reading): masked cells have no value
    for view in table_views(agreement):
        if view.table.kind != NumberTable.Kind.PRODUCTION:
            continue
        for cell in (cell for row in view.grid for cell in row):
            if cell.value is None or cell.is_total or not cell.measure:
                continue
            if cell.party_id not in party_ids:
                continue
            key = (cell.party_id, cell.measure, cell.year)
            entry = planned.setdefault(
                key,
                {"value": 0, "tables": set(), "period": view.table.period, "inferred": False},
            )
            entry["value"] += cell.value
            # a year or row name the source masked, inferred and confirmed by a reviewer
            entry["inferred"] |= cell.row.is_inferred or cell.col.is_inferred
            entry["tables"].add(view.table.title)
    realised = {(f.party_id, f.measure, f.year): f for f in current}
    below_plan = {
        (found.party_id, found.measure, found.year): found
        for found in shortfalls(
            {key: entry["value"] for key, entry in planned.items() if key[2]},
            {key: figure.value for key, figure in realised.items() if key[2]},
            today=timezone.localdate(),
        )
    }
    order = {value: index for index, value in enumerate(Measure.values)}
    labels = dict(Measure.choices)
    result = []
    for party in parties:
        keys = {k for k in [*planned, *realised] if k[0] == party.pk}
        rows = []
        for _party, measure, year in sorted(
            keys, key=lambda k: (order.get(k[1], 99), k[2] is None, k[2] or 0)
        ):
            figure = realised.get((party.pk, measure, year))
            earlier, link = [], figure.corrects_id if figure else None
            while link and link in by_id and len(earlier) < 50:
                earlier.append((by_id[link], author_name(by_id[link].author, show)))
                link = by_id[link].corrects_id
            plan = planned.get((party.pk, measure, year))
            period_sum = None
            if year is None:
                values = [
                    f.value for f in current if f.party_id == party.pk and f.measure == measure
                ]
                period_sum = sum(values) if values else None
            rows.append(
                {
                    "measure": labels.get(measure, measure),
                    "year": year,
                    "period": plan["period"] if plan and year is None else "",
                    "planned": plan["value"] if plan else None,
                    "planned_inferred": bool(plan and plan["inferred"]),
                    "planned_source": ", ".join(sorted(plan["tables"])) if plan else "",
                    "figure": figure,
                    "author": author_name(figure.author, show) if figure else "",
                    "period_sum": period_sum,
                    "earlier": earlier,
                    "below_plan": below_plan.get((party.pk, measure, year)),
                }
            )
        result.append({"party": party, "rows": rows})
    return result


@login_redirect
def realised_figures(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement(request, pk)
    if request.method == "POST":
        require_login(request)
    allowed = (
        permissions.figure_parties(request.user, agreement) if request.user.is_authenticated else []
    )
    newest = agreement.realised_figures.order_by("-pk").values_list("pk", flat=True).first()
    form = (
        RealisedFigureForm(
            parties=allowed,
            initial={"year": reporting_year(agreement), "seen_up_to": newest or 0},
        )
        if allowed
        else None
    )
    status = 200
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        form = RealisedFigureForm(request.POST, parties=allowed)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_realised(
                    agreement=agreement,
                    party=data["party"],
                    user=request.user,
                    measure=data["measure"],
                    year=data["year"],
                    value=data["value"],
                    note=data["note"],
                    seen_up_to=data["seen_up_to"],
                )
            except services.ConflictError as exc:
                data = request.POST.copy()
                data["seen_up_to"] = newest or 0  # a second save knowingly corrects it
                form = RealisedFigureForm(data, parties=allowed)
                form.is_valid()
                form.add_error(None, str(exc))
                status = 409
            except services.AgreementError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Het gerealiseerde aantal is opgeslagen."))
                return redirect("agreements:realised", pk=agreement.pk)
    parties = [
        party
        for party in agreement.parties.select_related("organisation")
        if party.kind == OrganisationKind.HOUSING_ASSOCIATION
    ]
    show = can_see_authors(request.user, agreement)
    context = {
        "agreement": agreement,
        "blocks": _realised_rows(agreement, parties, show),
        "form": form,
        "show_authors": show,
    }
    return render(request, "agreements/realised.html", context, status=status)


# ----------------------------------------------------------------------------- editions


@login_redirect
@require_POST
def create_new_edition(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement(request, pk)
    require_login(request, next_url=reverse("agreements:detail", args=[agreement.pk]))
    if not permissions.can_edit(request.user, agreement):
        raise PermissionDenied
    try:
        copy = services.new_edition(agreement=agreement, user=request.user)
    except services.AgreementError as exc:
        messages.error(request, str(exc))
        return redirect("agreements:detail", pk=agreement.pk)
    messages.success(
        request,
        _("Concept voor editie %(year)s aangemaakt. Werk het bij en publiceer het.")
        % {"year": copy.edition},
    )
    return redirect(
        url_or_none("agreements:review", copy.pk) or reverse("agreements:detail", args=[copy.pk])
    )


def _commitment_dicts(agreement: Agreement) -> list[dict]:
    fields = [name for name, _label in COMPARED_FIELDS]
    statuses = dict(CommitmentStatus.choices)
    items = []
    for item in agreement.commitments.order_by("order").values(
        "id", "previous_id", "parent_number", *fields
    ):
        item["status"] = str(statuses.get(item["status"], item["status"]))
        item["label"] = commitment_label(item["number"], item["parent_number"])
        items.append(item)
    return items


def _words(old: str, new: str) -> tuple[list, list]:
    """Word-level diff: (text, changed) parts of the old and of the new text."""
    a, b = old.split(" "), new.split(" ")
    old_parts, new_parts = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if i2 > i1:
            old_parts.append((" ".join(a[i1:i2]), op != "equal"))
        if j2 > j1:
            new_parts.append((" ".join(b[j1:j2]), op != "equal"))
    return old_parts, new_parts


def compare_editions(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement(request, pk)
    visible = Agreement.objects.visible_to(request.user).defer("source_text")
    others = list(visible.filter(municipality=agreement.municipality).exclude(pk=agreement.pk))
    other = agreement.previous_edition
    if request.GET.get("met"):
        try:
            other_pk = int(request.GET["met"])
        except ValueError:
            other_pk = 0
        other = get_object_or_404(visible, pk=other_pk, municipality=agreement.municipality)
    context = {"agreement": agreement, "others": others, "other": other}
    if other is not None and other.pk != agreement.pk:
        old, new = sorted([agreement, other], key=lambda a: (a.edition, a.pk))
        old_items, new_items = _commitment_dicts(old), _commitment_dicts(new)
        # editions further apart: follow the chain of copies back to the old edition
        old_ids = {item["id"] for item in old_items}
        chain = dict(
            Commitment.objects.filter(agreement__municipality=agreement.municipality).values_list(
                "id", "previous_id"
            )
        )
        for item in new_items:
            link, steps = item["previous_id"], 0
            while link and link not in old_ids and steps < 50:
                link, steps = chain.get(link), steps + 1
            item["previous_id"] = link
        changes = editions.compare_editions(old_items, new_items)
        for change in changes:
            change.words = [(fc, *_words(fc.old, fc.new)) for fc in change.changes]
        context.update(
            {
                "old": old,
                "new": new,
                "changes": changes,
                "counts": Counter(change.kind for change in changes),
            }
        )
    return render(request, "agreements/compare.html", context)


def reporting_year(agreement) -> int:
    """The year a report is most likely about: this year, kept within the agreement's period."""
    this_year = timezone.localdate().year
    return max(agreement.period_start.year, min(this_year, agreement.period_end.year))
