"""Who may do what with an agreement. Every view and API endpoint asks these functions. Reads.

The rules (docs/security.md, "Prestatieafspraken"):

- A party acts only for itself. What a person may do for a party follows from their
  membership of the organisation the party is linked to, with a role that writes.
- Linking a document's party to an organisation is done by a platform administrator (the
  import review), never by a party's editor, and never to an organisation the administrator
  is a member of (``may_link_party``; the service checks the rest: kind, one party per
  organisation).
- Editors of any party may correct a draft; every correction withdraws the sign-offs given
  so far (the draft's revision goes up).
- Each signing party (the municipality, the housing associations, the tenants'
  organisations) signs off for itself: agreed, agreed with a recorded reservation, or
  objected. A platform administrator may record that a party signed the source document.
- Publishing takes every signing party's sign-off on the current revision and is done by an
  editor of the municipality (or a platform administrator); it archives the previous edition.
- A province's own programme (``AgreementKind.PROVINCIAL_PROGRAMME``) has the province as
  owner and only party: its editors correct the draft, sign it off (adopt it), publish it and
  report progress on its actions; nobody else writes.
"""

from __future__ import annotations

from woonmonitor.accounts.access import (
    editor_organisation_ids,
    is_admin_anywhere,
    is_platform_admin,
    member_organisation_ids,
)
from woonmonitor.accounts.models import OrganisationKind

from .models import Agreement, Commitment, Party


def can_import(user) -> bool:
    """Uploading a new agreement document: platform administrators and organisation admins."""
    return is_platform_admin(user) or is_admin_anywhere(user)


def can_edit(user, agreement: Agreement) -> bool:
    """Correct a draft, confirm flags, start a new edition: editors of a party, and staff."""
    if not user.is_authenticated:
        return False
    if is_platform_admin(user):
        return True
    org_ids = editor_organisation_ids(user)
    return agreement.parties.filter(organisation_id__in=org_ids).exists()


def may_link_party(user, organisation_id: int | None = None) -> bool:
    """Link a party to an organisation: platform administrators, never to their own one."""
    if not is_platform_admin(user):
        return False
    return organisation_id is None or organisation_id not in member_organisation_ids(user)


def may_confirm_flag(user, flag) -> bool:
    """A flag on a party's link is a link: only who may link confirms it; other flags any editor."""
    if flag.party_id and flag.field == "organisation":
        return may_link_party(user, flag.party.organisation_id)
    return True


def signing_parties(user, agreement: Agreement) -> list[Party]:
    """The signing parties of the agreement this user may sign off for: their own only."""
    if not agreement.is_draft:
        return []
    org_ids = editor_organisation_ids(user)
    return list(
        agreement.parties.filter(
            organisation_id__in=org_ids, kind__in=agreement.signing_kinds
        ).order_by("order", "pk")
    )


def may_record_signature(user) -> bool:
    """Record that a party signed the source document: platform administrators."""
    return is_platform_admin(user)


def can_publish(user, agreement: Agreement) -> bool:
    """Publish (once every party signed off): an editor of the municipality (the province for
    its programme), or staff."""
    if not user.is_authenticated or not agreement.is_draft:
        return False
    if is_platform_admin(user):
        return True
    return agreement.municipality_id in editor_organisation_ids(user) and (
        agreement.parties.filter(
            organisation_id=agreement.municipality_id, kind=agreement.owner_kind
        ).exists()
    )


def reporting_parties(user, commitment: Commitment) -> list[Party]:
    """The lead parties of a commitment this user may report progress for."""
    if commitment.agreement.is_draft:
        return []
    org_ids = editor_organisation_ids(user)
    return [party for party in commitment.leads.all() if party.organisation_id in org_ids]


def figure_parties(user, agreement: Agreement) -> list[Party]:
    """Housing associations the user may enter realised figures for: only their own."""
    if agreement.is_draft:
        return []
    org_ids = editor_organisation_ids(user)
    return list(
        agreement.parties.filter(
            organisation_id__in=org_ids,
            organisation__kind=OrganisationKind.HOUSING_ASSOCIATION,
        )
    )


def commenting_parties(user, agreement: Agreement) -> list[Party]:
    """Tenants' organisations (parties by law) may advise and comment on every commitment."""
    if agreement.is_draft:
        return []
    org_ids = editor_organisation_ids(user)
    return list(
        agreement.parties.filter(
            organisation_id__in=org_ids,
            organisation__kind=OrganisationKind.TENANTS_ORGANISATION,
        )
    )
