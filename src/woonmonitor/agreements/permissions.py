"""Who may do what with an agreement. Every view and API endpoint asks these functions."""

from __future__ import annotations

from woonmonitor.accounts.models import OrganisationKind, Role

from .models import Agreement, Commitment, Party

WRITE_ROLES = (Role.EDITOR, Role.ADMIN)


def _editor_org_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        user.memberships.filter(role__in=WRITE_ROLES).values_list("organisation_id", flat=True)
    )


def can_import(user) -> bool:
    """Uploading a new agreement document: staff, or an admin of any organisation."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.memberships.filter(role=Role.ADMIN).exists()


def can_edit(user, agreement: Agreement) -> bool:
    """Correct a draft, confirm flags, publish, start a new edition: editors of a party."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    org_ids = _editor_org_ids(user)
    return agreement.parties.filter(organisation_id__in=org_ids).exists()


def reporting_parties(user, commitment: Commitment) -> list[Party]:
    """The lead parties of a commitment this user may report progress for."""
    if commitment.agreement.is_draft:
        return []
    org_ids = _editor_org_ids(user)
    return [party for party in commitment.leads.all() if party.organisation_id in org_ids]


def figure_parties(user, agreement: Agreement) -> list[Party]:
    """Housing associations the user may enter realised figures for: only their own."""
    if agreement.is_draft:
        return []
    org_ids = _editor_org_ids(user)
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
    org_ids = _editor_org_ids(user)
    return list(
        agreement.parties.filter(
            organisation_id__in=org_ids,
            organisation__kind=OrganisationKind.TENANTS_ORGANISATION,
        )
    )
