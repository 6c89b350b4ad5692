"""Sign-off by each party and publication of a draft. Writes in transactions, and their reads.

A draft is published when nothing is left to review (flags, unplaced lines, party links) and
every signing party (``Agreement.signing_kinds``: for a province's programme the province
itself) has signed off on the draft's current revision without
an objection. Each party signs for itself (``permissions.signing_parties``); a platform
administrator may record that a party signed the source document. A correction of the draft
raises its revision (``touch``), so sign-offs given before no longer count. Publishing locks the
draft, checks all of this again and archives the previous edition. Re-exported by ``services``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from woonmonitor.accounts.access import is_platform_admin

from .bounds import MAX_SIGN_OFF_NOTE, validate_text
from .errors import AgreementError, ConflictError
from .models import Agreement, AgreementStatus, Party, SignOff


def require_draft(agreement: Agreement) -> None:
    if not agreement.is_draft:
        raise AgreementError(
            _("Deze prestatieafspraken zijn gepubliceerd; wijzig ze via een nieuwe editie.")
        )


def touch(agreement: Agreement) -> None:
    """Record that the draft changed: its revision goes up, earlier sign-offs stop counting."""
    Agreement.objects.filter(pk=agreement.pk).update(revision=F("revision") + 1)
    agreement.refresh_from_db(fields=["revision"])


def lock_draft(agreement: Agreement) -> Agreement:
    """The agreement row, locked until the end of the transaction, checked to be a draft."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    require_draft(locked)
    return locked


# ----------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class PartySignOff:
    party: Party
    current: SignOff | None  # the party's latest sign-off on the current revision
    earlier: SignOff | None  # its latest sign-off on an earlier revision, if any

    @property
    def done(self) -> bool:
        return self.current is not None and self.current.decision != SignOff.Decision.OBJECTED


def signing_parties_of(agreement: Agreement) -> list[Party]:
    return list(
        agreement.parties.filter(kind__in=agreement.signing_kinds)
        .select_related("organisation")
        .order_by("order", "pk")
    )


def sign_off_state(agreement: Agreement) -> list[PartySignOff]:
    """Every signing party with its sign-off on the current revision (or its last earlier one)."""
    latest: dict[tuple[int, bool], SignOff] = {}
    for sign_off in agreement.sign_offs.select_related("author").order_by("-created_at", "-pk"):
        key = (sign_off.party_id, sign_off.revision == agreement.revision)
        latest.setdefault(key, sign_off)
    return [
        PartySignOff(party, latest.get((party.pk, True)), latest.get((party.pk, False)))
        for party in signing_parties_of(agreement)
    ]


def review_blockers(agreement: Agreement) -> list[str]:
    """What must be reviewed before parties can sign off: flags, unplaced lines, party links."""
    blockers = []
    open_flags = agreement.flags.filter(confirmed_at__isnull=True).count()
    if open_flags:
        blockers.append(_("%d markeringen zijn nog niet bevestigd.") % open_flags)
    open_lines = agreement.unplaced_lines.filter(resolved_at__isnull=True).count()
    if open_lines:
        blockers.append(_("%d niet begrepen regels zijn nog niet afgehandeld.") % open_lines)
    unlinked = agreement.parties.filter(organisation__isnull=True).count()
    if unlinked:
        blockers.append(_("%d partijen zijn niet aan een organisatie gekoppeld.") % unlinked)
    return blockers


def publication_blockers(agreement: Agreement) -> list[str]:
    """Everything that stands between the draft and publication, in words."""
    blockers = review_blockers(agreement)
    state = sign_off_state(agreement)
    if not state:
        blockers.append(_("Het document heeft geen ondertekenende partijen."))
    objected = [s.party.abbreviation for s in state if s.current and not s.done]
    if objected:
        blockers.append(_("Niet akkoord: %s.") % ", ".join(objected))
    missing = [s.party.abbreviation for s in state if s.current is None]
    if missing:
        blockers.append(_("Nog geen akkoord op deze versie van: %s.") % ", ".join(missing))
    return blockers


def publisher_label(agreement: Agreement) -> str:
    """Who published, as an organisation (public pages and exports never name a person)."""
    user = agreement.published_by
    if user is None:
        return ""
    if user.memberships.filter(organisation_id=agreement.municipality_id).exists():
        return agreement.municipality.name
    return _("het beheer van Woonmonitor")


# ----------------------------------------------------------------------------- writes


@transaction.atomic
def sign_off(
    *,
    agreement: Agreement,
    party: Party,
    user,
    decision: str,
    note: str = "",
    revision: int | None = None,
    basis: str = SignOff.Basis.PLATFORM,
) -> SignOff:
    """Record a party's decision on the revision the person saw (``revision``).

    Refused when the draft changed since (``ConflictError``), when review is not finished,
    or when a reservation or objection comes without its reason.
    """
    locked = _lock_for_signing(agreement, user, basis)
    if revision is not None and revision != locked.revision:
        raise ConflictError(
            _(
                "Het concept is gewijzigd nadat u het opende (versie %(seen)d, nu %(now)d). "
                "Bekijk de wijzigingen en geef dan opnieuw uw besluit."
            )
            % {"seen": revision, "now": locked.revision}
        )
    if decision not in SignOff.Decision.values:
        raise AgreementError(_("Onbekend besluit of onbekende grondslag."))
    note = note.strip()
    if decision != SignOff.Decision.AGREED and not note:
        raise AgreementError(_("Licht uw voorbehoud of bezwaar toe."))
    return _record(locked, party, user, decision=decision, note=note, basis=basis)


@transaction.atomic
def record_signed_document(*, agreement: Agreement, user, note: str) -> list[SignOff]:
    """Record for every signing party without a decision that it signed the source document."""
    basis = SignOff.Basis.SIGNED_DOCUMENT
    locked = _lock_for_signing(agreement, user, basis)
    return [
        _record(locked, item.party, user, decision=SignOff.Decision.AGREED, note=note, basis=basis)
        for item in sign_off_state(locked)
        if not item.done
    ]


def _lock_for_signing(agreement: Agreement, user, basis: str) -> Agreement:
    """The draft, locked, once it is reviewed and the basis is one this person may use."""
    locked = lock_draft(agreement)
    if basis not in SignOff.Basis.values:
        raise AgreementError(_("Onbekend besluit of onbekende grondslag."))
    if basis == SignOff.Basis.SIGNED_DOCUMENT and not is_platform_admin(user):
        raise AgreementError(_("Alleen een beheerder legt een ondertekend brondocument vast."))
    if blockers := review_blockers(locked):
        raise AgreementError(_("Eerst moet het concept beoordeeld zijn: %s") % " ".join(blockers))
    return locked


def _record(locked: Agreement, party: Party, user, *, decision, note, basis) -> SignOff:
    if party.agreement_id != locked.pk or party.kind not in locked.signing_kinds:
        raise AgreementError(_("%s tekent deze prestatieafspraken niet.") % party.abbreviation)
    if party.organisation_id is None:
        raise AgreementError(_("Partij %s is nog niet gekoppeld.") % party.abbreviation)
    validate_text(note, _("Toelichting"), MAX_SIGN_OFF_NOTE)
    return SignOff.objects.create(
        agreement=locked,
        party=party,
        revision=locked.revision,
        decision=decision,
        basis=basis,
        note=note,
        author=user,
    )


@transaction.atomic
def publish(*, agreement: Agreement, user) -> Agreement:
    """Publish the draft once every party signed off; archive the previous edition."""
    locked = lock_draft(agreement)
    blockers = publication_blockers(locked)
    if blockers:
        raise AgreementError(" ".join(blockers))
    locked.status = AgreementStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = user
    locked._history_user = user
    locked.save()
    previous = locked.previous_edition
    if previous is not None and previous.status == AgreementStatus.PUBLISHED:
        previous.status = AgreementStatus.ARCHIVED
        previous._history_user = user
        previous.save()
    agreement.refresh_from_db()
    return locked
