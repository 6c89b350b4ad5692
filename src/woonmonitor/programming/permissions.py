"""Who may write what in programming. Reads the database (memberships).

* A **municipality** (editors, admins) keeps the plans in its own municipality: adds, changes
  and moves them, marks how public they are, and explains deviations of its own checks.
* A **housing association** adds and keeps its own plans (it is the owner) in the
  municipalities of its recorded working area; it cannot change the municipality's plans, nor
  mark a plan public (the municipality decides what is published).
* The **province** reads everything, records the impulsteam's support, takes the quarterly
  peilmoment and explains deviations of a woondeal region; it keeps no plans of others.
* Everyone else reads what is public. Staff manage through ``/beheer/`` and act for no party.
"""

from __future__ import annotations

from woonmonitor.accounts import access
from woonmonitor.accounts.models import Organisation, OrganisationKind

PLAN_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.HOUSING_ASSOCIATION)


def codes_for(organisation: Organisation) -> list[str]:
    """The municipality codes ``organisation`` keeps plans in."""
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        return [organisation.area_code] if organisation.area_code else []
    if organisation.kind == OrganisationKind.HOUSING_ASSOCIATION:
        return list(organisation.working_area_codes or [])
    return []


def writing_organisations(user, code: str | None = None) -> list[Organisation]:
    """The municipalities and associations ``user`` may add plans for (in ``code``, if given)."""
    found = access.editing_organisations(user, kinds=PLAN_KINDS)
    return [org for org in found if code is None or code in codes_for(org)]


def may_add(user) -> bool:
    return bool(writing_organisations(user))


def may_create_for(user, owner: Organisation | None, code: str) -> bool:
    if owner is None or not user.is_authenticated:
        return False
    return any(org.pk == owner.pk for org in writing_organisations(user, code))


def may_edit(user, project) -> bool:
    """The project's owner, and the municipality the project is in."""
    if not user.is_authenticated:
        return False
    for org in access.editing_organisations(user, kinds=PLAN_KINDS):
        if project.owner_id == org.pk and project.municipality_code in codes_for(org):
            return True
        if org.kind == OrganisationKind.MUNICIPALITY and org.area_code == project.municipality_code:
            return True
    return False


def may_set_publicity(user, project) -> bool:
    """Only the municipality marks how public a plan is."""
    return any(
        org.area_code == project.municipality_code
        for org in access.editing_organisations(user, kinds=[OrganisationKind.MUNICIPALITY])
    )


def _province_editor(user) -> bool:
    return bool(access.editing_organisations(user, kinds=[OrganisationKind.PROVINCE]).exists())


def may_take_peilmoment(user) -> bool:
    return access.is_platform_admin(user) or _province_editor(user)


def may_record_support(user) -> bool:
    return _province_editor(user)


def may_explain(user, organisation: Organisation, area: str) -> bool:
    """A municipality for its own code or a woondeal region it is a member of; the province
    for a region."""
    from .parameters import woondeal_regions

    if organisation is None or not user.is_authenticated:
        return False
    if organisation.pk not in access.editor_organisation_ids(user):
        return False
    regions = {region.slug: region for region in woondeal_regions()}
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        if area == organisation.area_code:
            return True
        return area in regions and organisation.area_code in regions[area].codes
    if organisation.kind == OrganisationKind.PROVINCE:
        return area in regions
    return False
