"""Import, review and publication of drafts, and the Excel round trip.

Reading a page needs ``Agreement.objects.visible_to``; every change needs
``permissions.can_edit`` (or ``can_import`` for a new document) and goes
through ``services``. Anonymous visitors are sent to the login page for what
they could see; drafts they cannot see are a 404.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from woonmonitor.accounts.access import login_redirect, require_login
from woonmonitor.document_cache import cached_document

from .. import permissions, services, workbook
from ..fingerprint import agreement_fingerprint
from ..forms_review import (
    CommitmentEditForm,
    LinkPartyForm,
    ResolveLineForm,
    TableEditForm,
    UploadForm,
    WorkbookUploadForm,
)
from ..models import Agreement, Commitment, Flag, NumberTable, Theme, UnplacedLine
from ..parsing import NotAnAgreement
from .drafts import detail_url, editable, refuse_published, review_url, visible
from .signing import sign_off_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CELL_FIELD = re.compile(r"rows\[(\d+)\]\.cells\[(\d+)\]")
_ROW_FIELD = re.compile(r"^rows\[(\d+)\]\.(measure|label)$")
_COLUMN_FIELD = re.compile(r"^columns\[(\d+)\]\.(year|label)$")


# ----------------------------------------------------------------------------- upload


@login_redirect
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    require_login(request)
    if not permissions.can_import(request.user):
        raise PermissionDenied(_("Alleen beheerders kunnen een document importeren."))
    form = UploadForm(request.POST or None, request.FILES or None)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                agreement = services.import_agreement(
                    text=form.cleaned_data["text"],
                    file_name=upload_file.name,
                    user=request.user,
                    allow_duplicate=form.cleaned_data["allow_duplicate"],
                )
                if not permissions.can_edit(request.user, agreement):
                    # an admin elsewhere could not review this draft: keep nothing
                    raise services.AgreementError(
                        _(
                            "U bent geen bewerker bij een van de partijen van dit document "
                            "(%(parties)s). Vraag een beheerder van een van die partijen om het "
                            "te importeren."
                        )
                        % {"parties": ", ".join(p.name for p in agreement.parties.all())}
                    )
        except services.DuplicateAgreement as exc:
            duplicates = _duplicates(request, exc)
        except (NotAnAgreement, services.AgreementError) as exc:
            form.add_error(
                "file", _("%(reason)s Er is niets gewijzigd.") % {"reason": str(exc).strip()}
            )
        else:
            summary = services.import_summary(agreement)
            messages.success(
                request,
                _(
                    "Concept aangemaakt: %(parties)d partijen, %(themes)d thema's, "
                    "%(commitments)d afspraken, %(tables)d cijfertabellen, %(flags)d markeringen "
                    "en %(unplaced)d niet begrepen regels. Beoordeel het concept en publiceer het."
                )
                % summary,
            )
            return redirect(review_url(agreement))
    return render(
        request,
        "agreements/upload.html",
        {"form": form, "duplicates": duplicates},
        status=409 if duplicates else 200,
    )


def _duplicates(request: HttpRequest, exc: services.DuplicateAgreement) -> dict:
    """What is already there, as links where the person may see it (a draft only for parties)."""
    visible = set(
        Agreement.objects.visible_to(request.user)
        .filter(pk__in=[a.pk for a in exc.existing])
        .values_list("pk", flat=True)
    )
    return {
        "message": str(exc),
        "visible": [a for a in exc.existing if a.pk in visible],
        "hidden": sum(1 for a in exc.existing if a.pk not in visible),
    }


# ----------------------------------------------------------------------------- review page


def _first_line(element) -> int | None:
    lines = getattr(element, "source_lines", None) or []
    return lines[0] if lines else None


def _flag_rows(agreement: Agreement) -> list[dict]:
    rows = []
    flags = agreement.flags.select_related("commitment", "party", "table", "confirmed_by")
    for flag in flags.order_by("confirmed_at", "pk"):
        if flag.commitment:
            element = _("Afspraak %s") % flag.commitment.label
            anchor, line = f"afspraak-{flag.commitment.pk}", _first_line(flag.commitment)
        elif flag.party:
            element = _("Partij %s") % flag.party.abbreviation
            anchor, line = f"partij-{flag.party.pk}", _first_line(flag.party)
        elif flag.table:
            element = _("Tabel %s") % flag.table.title
            anchor, line = f"tabel-{flag.table.key}", _first_line(flag.table)
        else:
            element, anchor, line = _("Document"), "", None
        rows.append(
            {
                "flag": flag,
                "element": element,
                "anchor": anchor,
                "line": line,
                "field": _field_label(flag),
            }
        )
    return rows


FIELD_LABELS = {
    "leads": _lazy("trekkers"),
    "organisation": _lazy("gekoppelde organisatie"),
    "municipality": _lazy("gemeente"),
    "title": _lazy("titel"),
    "period": _lazy("looptijd"),
    "columns": _lazy("kolomkoppen"),
    "party": _lazy("partij"),
    "parent": _lazy("hoofdafspraak"),
    "notes": _lazy("toelichting"),
    "name": _lazy("naam"),
    "number": _lazy("nummer"),
    "content": _lazy("inhoud"),
    "result": _lazy("resultaat"),
    "lead_text": _lazy("trekkers zoals geschreven"),
    "year_entry": _lazy("jaarschijf"),
    "year_entry_label": _lazy("kop jaarschijf"),
}


def _field_label(flag: Flag) -> str:
    """The flagged field in words: 'trekkers', 'rij 1, kolom Totaal', 'naam in het document'."""
    match = _CELL_FIELD.search(flag.field)
    if match and flag.table_id:
        cell = flag.table.cells.filter(row=int(match[1]), col=int(match[2])).first()
        if cell:
            return _("%(row)s, kolom %(column)s") % {"row": cell.row_label, "column": cell.column}
    if match := _ROW_FIELD.search(flag.field):
        return _("naam van rij %(n)d") % {"n": int(match[1]) + 1}
    if match := _COLUMN_FIELD.search(flag.field):
        return _("kop van kolom %(n)d") % {"n": int(match[1]) + 1}
    if flag.field in FIELD_LABELS:
        return str(FIELD_LABELS[flag.field])
    model = type(flag.commitment or flag.party or flag.table or flag.agreement)
    try:
        return str(model._meta.get_field(flag.field).verbose_name)
    except Exception:  # noqa: BLE001 - a field name of the parser, not of the model
        return flag.field


def _table_grids(agreement: Agreement) -> list[dict]:
    """Each number table as rows x columns, with flagged and unreadable cells marked."""
    grids = []
    for table in agreement.tables.prefetch_related("cells", "flags").select_related("party"):
        flagged: dict[tuple[int, int], list[Flag]] = defaultdict(list)
        other_flags = []
        for flag in table.flags.all():
            match = _CELL_FIELD.search(flag.field)
            if match:
                flagged[(int(match[1]), int(match[2]))].append(flag)
            else:
                other_flags.append(flag)
        columns: dict[int, str] = {}
        rows: dict[int, dict] = {}
        for cell in table.cells.all():
            columns.setdefault(cell.col, cell.column)
            row = rows.setdefault(cell.row, {"label": cell.row_label, "cells": {}})
            row["cells"][cell.col] = {"cell": cell, "flags": flagged.get((cell.row, cell.col), [])}
        col_order = sorted(columns)
        grids.append(
            {
                "table": table,
                "columns": [columns[c] for c in col_order],
                "rows": [
                    {
                        "label": rows[r]["label"],
                        "cells": [rows[r]["cells"].get(c) for c in col_order],
                    }
                    for r in sorted(rows)
                ],
                "flags": [(flag, _field_label(flag)) for flag in other_flags],
                "line": _first_line(table),
            }
        )
    return grids


def _themes(agreement: Agreement) -> list[Theme]:
    commitments = (
        Commitment.objects.prefetch_related("leads")
        .annotate(
            open_flags=Count("flags", filter=Q(flags__confirmed_at__isnull=True)),
            all_flags=Count("flags"),
        )
        .order_by("order", "pk")
    )
    return list(agreement.themes.prefetch_related(Prefetch("commitments", queryset=commitments)))


@login_redirect
def review(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = visible(request, pk)
    if not agreement.is_draft:
        return redirect(detail_url(agreement))
    agreement = editable(request, pk)
    flags = _flag_rows(agreement)
    lines = list(agreement.unplaced_lines.select_related("resolved_by"))
    parties = list(agreement.parties.select_related("organisation"))
    may_link = permissions.may_link_party(request.user)
    source = agreement.source_text.replace("\r\n", "\n").split("\n")
    context = {
        "agreement": agreement,
        "summary": services.import_summary(agreement),
        "open_flag_count": sum(1 for row in flags if row["flag"].confirmed_at is None),
        "open_line_count": sum(1 for line in lines if line.resolved_at is None),
        "blockers": services.publication_blockers(agreement),
        "flags": flags,
        "lines": [(line, ResolveLineForm(prefix=f"regel-{line.pk}")) for line in lines],
        "parties": [
            (
                party,
                LinkPartyForm(
                    party=party,
                    user=request.user,
                    prefix=f"partij-{party.pk}",
                    initial={"organisation": party.organisation_id},
                )
                if may_link
                else None,
            )
            for party in parties
        ],
        "may_link": may_link,
        **sign_off_context(request, agreement),
        "themes": _themes(agreement),
        "tables": _table_grids(agreement),
        "source_lines": list(enumerate(source, start=1)) if agreement.source_text else [],
    }
    return render(request, "agreements/review.html", context)


# ----------------------------------------------------------------------------- editing


@login_redirect
@require_http_methods(["GET", "POST"])
def edit_commitment(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    agreement = editable(request, pk)
    commitment = get_object_or_404(agreement.commitments.select_related("theme"), pk=cpk)
    if refused := refuse_published(request, agreement):
        return refused
    form = CommitmentEditForm(request.POST or None, instance=commitment)
    status = 200
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.EDITABLE_COMMITMENT_FIELDS}
        try:
            services.update_commitment(
                commitment=Commitment.objects.get(pk=commitment.pk),
                user=request.user,
                leads=list(form.cleaned_data["leads"]),
                based_on=form.cleaned_data["based_on"] or None,
                **fields,
            )
        except services.ConflictError as exc:
            # keep what the person typed; a second save knowingly replaces the new version
            form = CommitmentEditForm.rebased(form.data, commitment)
            form.add_error(None, str(exc))
            status = 409
        except services.AgreementError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Afspraak %s is opgeslagen.") % (fields["number"] or commitment.label)
            )
            return redirect(review_url(agreement, f"afspraak-{commitment.pk}"))
    flags = [(flag, _field_label(flag)) for flag in commitment.flags.select_related("confirmed_by")]
    source = agreement.source_text.replace("\r\n", "\n").split("\n")
    excerpt = [(n, source[n - 1]) for n in commitment.source_lines if 0 < n <= len(source)]
    return render(
        request,
        "agreements/edit_commitment.html",
        {
            "agreement": agreement,
            "commitment": commitment,
            "form": form,
            "flags": flags,
            "source_excerpt": excerpt,
        },
        status=status,
    )


@login_redirect
@require_http_methods(["GET", "POST"])
def edit_table(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    agreement = editable(request, pk)
    table = get_object_or_404(NumberTable, agreement=agreement, key=key)
    if refused := refuse_published(request, agreement):
        return refused
    form = TableEditForm(request.POST or None, table=table)
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            services.update_cells(agreement=agreement, user=request.user, changes=changes)
        except services.ConflictError as exc:
            form = TableEditForm.rebased(request.POST, table)
            form.add_error(None, str(exc))
            status = 409
        except services.AgreementError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Tabel '%(title)s' opgeslagen: %(count)d getallen gewijzigd.")
                % {"title": table.title, "count": len(changes)},
            )
            return redirect(review_url(agreement, f"tabel-{table.key}"))
    return render(
        request,
        "agreements/edit_table.html",
        {"agreement": agreement, "table": table, "form": form},
        status=status,
    )


@login_redirect
@require_POST
def confirm_flag(request: HttpRequest, pk: int, fpk: int) -> HttpResponse:
    agreement = editable(request, pk)
    flag = get_object_or_404(Flag.objects.select_related("party"), agreement=agreement, pk=fpk)
    if refused := refuse_published(request, agreement):
        return refused
    if not permissions.may_confirm_flag(request.user, flag):
        raise PermissionDenied(
            _(
                "Alleen een beheerder van Woonmonitor die geen lid is van die organisatie kan de "
                "koppeling van een partij bevestigen."
            )
        )
    if flag.confirmed_at is None:
        services.confirm_flag(flag=flag, user=request.user)
        messages.success(request, _("Markering bevestigd: %s.") % flag.field)
    return redirect(review_url(agreement, "markeringen"))


@login_redirect
@require_POST
def resolve_line(request: HttpRequest, pk: int, lpk: int) -> HttpResponse:
    agreement = editable(request, pk)
    line = get_object_or_404(UnplacedLine, agreement=agreement, pk=lpk)
    if refused := refuse_published(request, agreement):
        return refused
    form = ResolveLineForm(request.POST, prefix=f"regel-{line.pk}")
    if form.is_valid():
        services.resolve_unplaced_line(
            line=line, user=request.user, resolution=form.cleaned_data["resolution"]
        )
        messages.success(request, _("Regel %d is afgehandeld.") % line.line)
    else:
        messages.error(
            request,
            _("Regel %(line)d is niet afgehandeld: %(error)s")
            % {"line": line.line, "error": " ".join(form.errors.get("resolution", []))},
        )
    return redirect(review_url(agreement, f"regel-item-{line.pk}"))


# ----------------------------------------------------------------------------- workbook


@require_http_methods(["GET", "HEAD"])
def export_workbook(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone who can see the agreement may download it (published agreements are public)."""
    agreement = visible(request, pk)
    content = cached_document(
        request.user,
        "agreement-workbook",
        [agreement.pk, agreement_fingerprint(agreement)],
        lambda: workbook.export_workbook(agreement),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{workbook.workbook_filename(agreement)}"'
    )
    return response


@login_redirect
@require_http_methods(["GET", "POST"])
def import_workbook(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = editable(request, pk)
    if refused := refuse_published(request, agreement):
        return refused
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        changes = workbook.read_workbook(agreement, form.cleaned_data["data"])
        errors = changes.errors
        if not errors:
            try:
                commitments, cells = workbook.apply_workbook(agreement, changes, request.user)
            except services.AgreementError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Werkmap verwerkt: %(commitments)d afspraken en %(cells)d cellen gewijzigd.")
                    % {"commitments": commitments, "cells": cells},
                )
                return redirect(review_url(agreement))
    return render(
        request,
        "agreements/import_workbook.html",
        {"agreement": agreement, "form": form, "errors": errors},
    )
