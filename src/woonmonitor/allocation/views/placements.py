"""Entering a placement: for editors and admins of a municipality (its own municipality) or a
housing association (where it works). Anonymous visitors go to the login page; everyone else
who may not enter placements gets 403 with an explanation. Writes only through
``allocation.placements``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from woonmonitor.accounts.access import login_redirect, require_login

from .. import placements, statushouders
from ..forms_placements import PlacementForm
from ..models import period_label
from .statushouders import balance_text


def _organisation(request: HttpRequest, organisations):
    wanted = request.POST.get("organisatie") or request.GET.get("organisatie")
    return next((o for o in organisations if o.slug == wanted), organisations[0])


@login_redirect
@require_http_methods(["GET", "POST"])
def placement_new(request: HttpRequest) -> HttpResponse:
    require_login(request)
    organisations = placements.placing_organisations(request.user)
    if not organisations:
        raise PermissionDenied(
            _(
                "Plaatsingen geven alleen bewerkers en beheerders van een gemeente of een "
                "woningcorporatie op, voor hun eigen gemeente of werkgebied. Uw account hoort "
                "niet bij zo'n organisatie, of heeft daar alleen leesrechten."
            )
        )
    organisation = _organisation(request, organisations)
    today = timezone.localdate()
    previous_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    form = PlacementForm(
        request.POST or None,
        organisation=organisation,
        today=today,
        initial={"year": previous_month[0], "month": previous_month[1]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement = placements.record_placement(
                user=request.user,
                organisation=organisation,
                group=data["group"],
                municipality_code=data["municipality_code"],
                year=data["year"],
                month=data["month"],
                count=data["count"],
                area_code=data["area_code"],
                note=data["note"],
            )
        except placements.PlacementError as exc:
            form.add_error(None, str(exc))
        else:
            return _saved(request, placement)
    return render(
        request,
        "allocation/placement_form.html",
        {"form": form, "organisation": organisation, "organisations": organisations},
    )


def _saved(request: HttpRequest, placement) -> HttpResponse:
    text = _("Opgeslagen: %(count)s in %(month)s %(year)s in %(code)s (%(group)s).") % {
        "count": placement.count,
        "month": MONTHS[placement.month],
        "year": placement.year,
        "code": placement.municipality_code,
        "group": placement.group.name,
    }
    if placement.corrects_id:
        text += " " + _("Dit corrigeert het eerder opgegeven aantal %(old)s.") % {
            "old": placement.corrects.count
        }
    if placement.group.key != statushouders.GROUP_KEY:
        messages.success(request, text)
        return redirect(reverse("allocation:placement-new"))
    half = 1 if placement.month <= 6 else 2
    book = statushouders.ledger_for(placement.municipality_code, today=timezone.localdate())
    row = book.row_for(placement.year, half)
    label = period_label(placement.year, half)
    if row is not None and row.balance is not None:
        text += " " + _(
            "Saldo %(period)s nu: %(balance)s (taakstelling na correctie %(corrected)s, "
            "gehuisvest %(housed)s)."
        ) % {
            "period": label,
            "balance": balance_text(row.balance),
            "corrected": row.corrected,
            "housed": row.total_housed,
        }
    else:
        text += " " + _("Voor %(period)s is geen taakstelling bekend, dus geen saldo.") % {
            "period": label
        }
    messages.success(request, text)
    url = reverse("allocation:statushouders-ledger", args=[placement.municipality_code])
    return redirect(f"{url}#periode-{placement.year}-{half}")
