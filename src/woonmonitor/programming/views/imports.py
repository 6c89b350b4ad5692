"""Plan lists and duplicates: the template, the upload with its report, and the review of
possible duplicates. Reads the database; writes only through ``importing_plan_list`` and
``duplicates_review``.

* Template and upload: editors and admins of a municipality (its own plans) or a housing
  association (its own plans in its working area), ``permissions.writing_organisations``.
  Anonymous visitors go to the login page; everyone else who may not gets 403.
* Duplicates: the parties of a municipality and the province see the open pairs there; the
  municipality's editors decide. Anyone else logged in gets 404 (there is nothing for them).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from woonmonitor.accounts.access import login_redirect, require_login
from woonmonitor.areas.names import latest_names
from woonmonitor.forms import AccessibleForm
from woonmonitor.imports.forms import clean_table_upload
from woonmonitor.imports.models import ImportRun

from .. import ladder
from ..duplicates_review import (
    AlreadyDecided,
    decide,
    decision_codes,
    open_pairs,
    review_codes,
)
from ..importing_plan_list import COMMAND, import_plan_list, run_report
from ..importing_template import template_csv, template_xlsx
from ..models import Project
from ..permissions import codes_for, writing_organisations

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PlanListUploadForm(AccessibleForm):
    organisation = forms.ChoiceField(label=gettext_lazy("Namens"))
    file = forms.FileField(
        label=gettext_lazy("Planlijst (.csv of .xlsx)"),
        help_text=gettext_lazy(
            "Het ingevulde sjabloon, als CSV (puntkomma of komma) of Excel-werkmap. Hoogstens 5 MB."
        ),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(org.pk): org for org in organisations}
        field = self.fields["organisation"]
        field.choices = [(str(org.pk), org.name) for org in organisations]
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            field.initial = str(organisations[0].pk)
            field.required = False

    def clean_organisation(self):
        chosen = self.cleaned_data["organisation"] or str(self.fields["organisation"].initial)
        return self.organisations[chosen]

    def clean_file(self):
        return clean_table_upload(self.cleaned_data["file"])


def _organisations(request: HttpRequest) -> list:
    require_login(request)
    organisations = writing_organisations(request.user)
    if not organisations:
        raise PermissionDenied(
            _(
                "Alleen bewerkers en beheerders van een gemeente of woningcorporatie uploaden "
                "een planlijst, voor hun eigen plannen."
            )
        )
    return organisations


def _municipalities(organisations) -> list[tuple[str, str]]:
    codes = sorted({code for org in organisations for code in codes_for(org)})
    names = latest_names(codes)
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda pair: pair[1])


@login_redirect
@require_GET
def plan_template(request: HttpRequest, fmt: str) -> HttpResponse:
    organisations = _organisations(request)
    if fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        rungs = [
            (phase.key, phase.name, phase.get_certainty_display(), phase.definition)
            for phase in ladder.phases()
        ]
        response = HttpResponse(
            template_xlsx(_municipalities(organisations), rungs), content_type=XLSX
        )
    else:
        raise Http404(_("Onbekend formaat."))
    response["Content-Disposition"] = f'attachment; filename="sjabloon-planlijst.{fmt}"'
    return response


def _stored_report(request: HttpRequest, run_id: str | None):
    """What one stored upload of this user did (after the redirect)."""
    if not run_id or not run_id.isdigit():
        return None
    run = ImportRun.objects.filter(
        pk=int(run_id),
        command=COMMAND,
        started_by=request.user,
        status=ImportRun.Status.SUCCEEDED,
    ).first()
    return run_report(run) if run is not None else None


@login_redirect
@require_http_methods(["GET", "POST"])
def plan_upload(request: HttpRequest) -> HttpResponse:
    organisations = _organisations(request)
    form = PlanListUploadForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_plan_list(
            user=request.user,
            organisation=form.cleaned_data["organisation"],
            name=upload.name,
            data=upload.read(),
        )
        if report.ok:
            return redirect(f"{reverse('programming:plan-upload')}?run={report.run.pk}#verslag")
    rungs = ladder.phases()
    return render(
        request,
        "programming/import_plan_list.html",
        {
            "form": form,
            "report": report,
            "run_report": _stored_report(request, request.GET.get("run")),
            "organisations": organisations,
            "municipalities": _municipalities(organisations),
            "rungs": rungs,
            "names": latest_names({code for code, _name in _municipalities(organisations)}),
        },
    )


# ----------------------------------------------------------------------------- duplicates


def _review_scope(request: HttpRequest) -> set[str] | None:
    require_login(request)
    codes = review_codes(request.user)
    if codes is not None and not codes:
        raise Http404(_("Er zijn geen plannen die u beoordeelt."))
    return codes


@login_redirect
@require_http_methods(["GET", "POST"])
def duplicates(request: HttpRequest) -> HttpResponse:
    codes = _review_scope(request)
    scope = (
        codes
        if codes is not None
        else Project.objects.values_list("municipality_code", flat=True).distinct()
    )
    wanted = request.GET.get("gemeente", "").strip().upper()
    if wanted:
        scope = [code for code in scope if code == wanted]
    pairs = open_pairs(scope, visible_to=request.user)
    if request.method == "POST":
        return _decide(request, pairs)
    deciding = decision_codes(request.user)
    names = latest_names({pair.municipality_code for pair in pairs})
    groups: dict[str, dict] = {}
    for pair in pairs:
        code = pair.municipality_code
        group = groups.setdefault(code, {"code": code, "name": names.get(code, code), "pairs": []})
        group["pairs"].append({"pair": pair, "may_decide": code in deciding})
    return render(
        request,
        "programming/duplicates.html",
        {"groups": list(groups.values()), "count": len(pairs), "gemeente": wanted},
    )


def _decide(request: HttpRequest, pairs) -> HttpResponse:
    first, second = request.POST.get("first", ""), request.POST.get("second", "")
    choice = request.POST.get("besluit", "")
    if not (first.isdigit() and second.isdigit()) or choice not in ("zelfde", "twee"):
        raise Http404(_("Onbekend paar."))
    key = tuple(sorted((int(first), int(second))))
    pair = next((p for p in pairs if tuple(sorted(p.key)) == key), None)
    if pair is None:
        messages.warning(request, _("Dit paar staat niet (meer) ter beoordeling."))
        return redirect(reverse("programming:duplicates"))
    try:
        decide(user=request.user, first=pair.first, second=pair.second, same=choice == "zelfde")
    except AlreadyDecided as exc:
        messages.warning(request, str(exc))
    else:
        if choice == "zelfde":
            messages.success(
                request,
                _("'%(later)s' is hetzelfde plan als '%(first)s' en telt niet meer mee.")
                % {"later": pair.second.name, "first": pair.first.name},
            )
        else:
            messages.success(
                request,
                _("'%(a)s' en '%(b)s' zijn vastgelegd als twee plannen.")
                % {"a": pair.first.name, "b": pair.second.name},
            )
    return redirect(reverse("programming:duplicates"))
