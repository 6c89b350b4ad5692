"""Linking parties, each party's sign-off, and publication of a draft.

Rights come from ``permissions`` (a platform administrator links, each party signs off for
itself, the municipality publishes once all agreed); writes go through ``services``. The page
they return to is the review page (``review.review``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from woonmonitor.accounts.access import login_redirect, require_login

from .. import permissions, services
from ..forms_review import LinkPartyForm, SignedDocumentForm, SignOffForm
from ..models import Agreement
from .drafts import detail_url, editable, refuse_published, review_url, visible


def sign_off_context(request: HttpRequest, agreement: Agreement) -> dict:
    """Who signed off on which version, and the forms this person may use."""
    own = permissions.signing_parties(request.user, agreement)
    review_done = not services.review_blockers(agreement)
    return {
        "sign_offs": services.sign_off_state(agreement),
        "review_done": review_done,
        "sign_off_form": SignOffForm(
            parties=own,
            initial={"revision": agreement.revision, "party": own[0].pk if own else None},
        )
        if own and review_done
        else None,
        "signed_document_form": SignedDocumentForm()
        if review_done and permissions.may_record_signature(request.user)
        else None,
        "can_publish": permissions.can_publish(request.user, agreement),
    }


@login_redirect
@require_POST
def link_party(request: HttpRequest, pk: int, ppk: int) -> HttpResponse:
    """Platform administrators link a party to an organisation of its kind (never their own)."""
    agreement = editable(request, pk)
    party = get_object_or_404(agreement.parties, pk=ppk)
    if refused := refuse_published(request, agreement):
        return refused
    if not permissions.may_link_party(request.user):
        raise PermissionDenied(_("Alleen een beheerder van Woonmonitor koppelt partijen."))
    form = LinkPartyForm(request.POST, party=party, user=request.user, prefix=f"partij-{party.pk}")
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        if not permissions.may_link_party(request.user, organisation.pk):
            raise PermissionDenied
        try:
            services.link_party(party=party, user=request.user, organisation=organisation)
        except services.AgreementError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Partij %(abbr)s is gekoppeld aan %(org)s.")
                % {"abbr": party.abbreviation, "org": organisation.name},
            )
    else:
        messages.error(
            request, _("Kies een organisatie om partij %s aan te koppelen.") % party.abbreviation
        )
    return redirect(review_url(agreement, f"partij-{party.pk}"))


@login_redirect
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = editable(request, pk)
    if refused := refuse_published(request, agreement):
        return refused
    if not permissions.can_publish(request.user, agreement):
        raise PermissionDenied(
            _("Publiceren doet een bewerker van de gemeente, als alle partijen akkoord zijn.")
        )
    try:
        services.publish(agreement=agreement, user=request.user)
    except services.AgreementError as exc:
        messages.error(request, _("Nog niet gepubliceerd: %s") % exc)
        return redirect(review_url(agreement, "nog-te-doen"))
    messages.success(request, _("De prestatieafspraken zijn gepubliceerd."))
    return redirect(detail_url(agreement))


@login_redirect
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """A party's editor records its decision on the current version of the draft."""
    agreement = visible(request, pk)
    require_login(request)
    if refused := refuse_published(request, agreement):
        return refused
    parties = permissions.signing_parties(request.user, agreement)
    if not parties:
        raise PermissionDenied(_("U tekent niet namens een partij van deze prestatieafspraken."))
    form = SignOffForm(request.POST, parties=parties)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = services.sign_off(
                agreement=agreement,
                party=data["party"],
                user=request.user,
                decision=data["decision"],
                note=data["note"],
                revision=data["revision"],
            )
        except services.AgreementError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Vastgelegd voor %(party)s: %(decision)s (versie %(revision)d).")
                % {
                    "party": record.party.abbreviation,
                    "decision": record.get_decision_display(),
                    "revision": record.revision,
                },
            )
    else:
        messages.error(
            request,
            _("Uw besluit is niet vastgelegd: %s")
            % " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect(review_url(agreement, "akkoord"))


@login_redirect
@require_POST
def record_signed_document(request: HttpRequest, pk: int) -> HttpResponse:
    """A platform administrator records that the parties signed the source document."""
    agreement = visible(request, pk)
    require_login(request)
    if refused := refuse_published(request, agreement):
        return refused
    if not permissions.may_record_signature(request.user):
        raise PermissionDenied(_("Alleen een beheerder legt een ondertekend document vast."))
    form = SignedDocumentForm(request.POST)
    if form.is_valid():
        try:
            recorded = services.record_signed_document(
                agreement=agreement, user=request.user, note=form.cleaned_data["note"]
            )
        except services.AgreementError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "Handtekening op het document vastgelegd voor %d partij.",
                    "Handtekening op het document vastgelegd voor %d partijen.",
                    len(recorded),
                )
                % len(recorded),
            )
    else:
        messages.error(request, _("Zeg waar en wanneer het document is ondertekend."))
    return redirect(review_url(agreement, "akkoord"))
