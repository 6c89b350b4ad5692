"""The input page: a municipality or housing association uploads its own indicator values.

Anonymous visitors go to the login page; people who may not enter values (readers, tenants'
organisations, the province, outsiders) get 403. An upload with any wrong row stores nothing
and shows every problem by row and column; a good upload is stored and the page (after a
redirect) shows what was stored. Below: the organisation's entered values, with who and when.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from woonmonitor.accounts.access import login_redirect, require_login
from woonmonitor.accounts.models import Organisation
from woonmonitor.imports.models import ImportRun

from ..formatting import format_value
from ..forms import PartyUploadForm
from ..models import SourceKind
from ..party_access import entered_values, input_organisations, run_values, scope_of
from ..party_services import COMMAND, submit_upload
from ..party_templates import enterable_indicators, template_csv, template_xlsx
from .area_common import plain, rows_download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_LIMIT = 200
VALUE_COLUMNS = (
    "gebiedscode",
    "gebiedsnaam",
    "jaargang",
    "indicator",
    "indicatornaam",
    "eenheid",
    "periode",
    "waarde",
    "status",
    "toelichting",
    "geldend",
    "ingevoerd_door",
    "vastgelegd",
    "bestand",
    "vervangt",
)


def _organisations(request: HttpRequest) -> list[Organisation]:
    require_login(request)
    organisations = input_organisations(request.user)
    if not organisations:
        raise PermissionDenied(
            _(
                "Alleen bewerkers en beheerders van een gemeente of woningcorporatie kunnen "
                "eigen cijfers invoeren."
            )
        )
    return organisations


def _chosen(organisations: list[Organisation], slug: str | None) -> Organisation:
    if not slug:
        return organisations[0]
    for organisation in organisations:
        if organisation.slug == slug:
            return organisation
    raise Http404(_("U voert geen cijfers in voor deze organisatie."))


def shown_decimals(value: float | None, minimum: int) -> int:
    """As many decimals as the party entered (up to 6), at least the indicator's own."""
    if value is None:
        return minimum
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return max(minimum, len(text.partition(".")[2]))


def value_row(value) -> dict:
    indicator = value.indicator
    user = value.entered_by
    return {
        "gebiedscode": value.area.code,
        "gebiedsnaam": value.area.name,
        "jaargang": value.area.vintage,
        "indicator": indicator.key,
        "indicatornaam": indicator.name,
        "eenheid": indicator.unit,
        "periode": value.period,
        "waarde": plain(value.value),
        "waarde_tekst": format_value(
            value.value, indicator.unit, shown_decimals(value.value, indicator.decimals)
        ),
        "status": value.status,
        "status_tekst": value.get_status_display(),
        "toelichting": value.note,
        "geldend": value.is_current,
        "ingevoerd_door": (user.get_full_name() or user.username) if user else "",
        "vastgelegd": value.recorded_at,
        "bestand": value.import_run.file_name if value.import_run else "",
        "vervangt": value.supersedes_id,
    }


def _run_report(run_id: str | None, organisation: Organisation) -> dict | None:
    """What one stored upload of this organisation did (after the redirect)."""
    if not run_id or not run_id.isdigit():
        return None
    run = ImportRun.objects.filter(
        pk=int(run_id), command=COMMAND, source=f"Ingevoerd door {organisation.name}"
    ).first()
    if run is None:
        return None
    values = [value_row(value) for value in run_values(run.pk, organisation)]
    replaced = sum(1 for row in values if row["vervangt"])
    return {
        "run": run,
        "values": values,
        "created": len(values) - replaced,
        "replaced": replaced,
        "unchanged": max(run.rows_accepted - len(values), 0),
        "skipped": run.rows_read - run.rows_accepted,
    }


@login_redirect
@require_http_methods(["GET", "POST"])
def input_page(request: HttpRequest) -> HttpResponse:
    organisations = _organisations(request)
    if request.method == "POST":
        form = PartyUploadForm(request.POST, request.FILES, organisations=organisations)
        posted = request.POST.get("organisation")
        # an organisation that is not the user's is a form error, shown with the form
        organisation = next((o for o in organisations if o.slug == posted), organisations[0])
    else:
        organisation = _chosen(organisations, request.GET.get("organisatie"))
        form = PartyUploadForm(
            organisations=organisations, initial={"organisation": organisation.slug}
        )
    report = None
    if request.method == "POST" and form.is_valid():
        organisation = _chosen(organisations, form.cleaned_data["organisation"])
        upload = form.cleaned_data["file"]
        report = submit_upload(
            organisation=organisation,
            user=request.user,
            name=upload.name,
            data=upload.read(),
            today=timezone.localdate(),
        )
        if report.ok:
            query = urlencode({"organisatie": organisation.slug, "run": report.run.pk})
            return redirect(f"{reverse('monitor:input')}?{query}#verslag")
    entered = entered_values(organisation)
    indicators = enterable_indicators()
    return render(
        request,
        "monitor/input.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "scope": scope_of(organisation),
            "form": form,
            "report": report,
            "run_report": _run_report(request.GET.get("run"), organisation),
            "entered": [value_row(value) for value in entered[:LIST_LIMIT]],
            "entered_total": entered.count(),
            "list_limit": LIST_LIMIT,
            "party_indicators": [i for i in indicators if i.source_kind == SourceKind.PARTY],
            "indicator_count": len(indicators),
        },
    )


@login_redirect
@require_GET
def input_template(request: HttpRequest, fmt: str) -> HttpResponse:
    organisation = _chosen(_organisations(request), request.GET.get("organisatie"))
    scope = scope_of(organisation)
    today = timezone.localdate()
    filename = f"sjabloon-cijfers-{organisation.slug}"
    if fmt == "csv":
        response = HttpResponse(
            template_csv(scope, today=today), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(template_xlsx(scope, today=today), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    raise Http404(_("Onbekend formaat."))


@login_redirect
@require_GET
def input_values(request: HttpRequest, fmt: str) -> HttpResponse:
    """All values the organisation entered (also the replaced ones) as CSV or JSON."""
    if fmt not in ("csv", "json"):
        raise Http404(_("Onbekend formaat."))
    organisation = _chosen(_organisations(request), request.GET.get("organisatie"))
    rows = [
        {column: row[column] for column in VALUE_COLUMNS}
        for row in map(value_row, entered_values(organisation))
    ]
    meta = {
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        "source": _("Ingevoerd door %(name)s") % {"name": organisation.name},
    }
    return rows_download(fmt, f"ingevoerde-cijfers-{organisation.slug}", VALUE_COLUMNS, rows, meta)
