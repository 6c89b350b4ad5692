"""Who may enter their own indicator values, for which areas, and what they entered. Reads.

Editors and admins of a municipality enter values for areas in their own gemeente
(``Organisation.area_code``); those of a housing association for areas in the gemeenten where
it works (``Organisation.working_area_codes``), or, where that is not recorded, in the
monitor's scope (the region ``monitorgebied``). Readers, tenants' organisations, the province
and people without a membership do not enter values.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from woonmonitor.accounts.access import editing_organisations
from woonmonitor.accounts.models import Organisation, OrganisationKind
from woonmonitor.areas.models import Area, Region

from .models import IndicatorValue, ValueOrigin

ENTERING_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.HOUSING_ASSOCIATION)
MONITOR_REGION = "monitorgebied"


@dataclass(frozen=True)
class InputScope:
    organisation: Organisation
    #: GM codes of the gemeenten whose areas the organisation may enter values for
    municipalities: tuple[str, ...]
    #: where that list comes from, in Dutch
    basis: str


def input_organisations(user) -> list[Organisation]:
    """The municipalities and housing associations in which ``user`` is editor or admin."""
    return list(editing_organisations(user, kinds=ENTERING_KINDS))


def may_enter(user) -> bool:
    return bool(input_organisations(user))


def scope_of(organisation: Organisation) -> InputScope:
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        codes = (organisation.area_code.strip().upper(),) if organisation.area_code else ()
        name = (
            Area.objects.filter(code__in=codes)
            .order_by("-vintage")
            .values_list("name", flat=True)
            .first()
        )
        return InputScope(
            organisation,
            codes,
            _("de gemeente %(name)s") % {"name": name} if name else organisation.name,
        )
    working = tuple(sorted({code.strip().upper() for code in organisation.working_area_codes}))
    if working:
        return InputScope(
            organisation,
            working,
            _("het werkgebied van %(name)s") % {"name": organisation.name},
        )
    region = Region.objects.filter(slug=MONITOR_REGION).first()
    codes = (
        tuple(sorted(region.members.values_list("municipality_code", flat=True))) if region else ()
    )
    return InputScope(
        organisation,
        codes,
        _("het monitorgebied (het werkgebied van %(name)s is niet vastgelegd)")
        % {"name": organisation.name},
    )


def entered_values(organisation: Organisation) -> QuerySet[IndicatorValue]:
    """Every value the organisation entered (current and replaced), newest first."""
    return (
        IndicatorValue.objects.filter(origin=ValueOrigin.ENTERED, organisation=organisation)
        .select_related("indicator", "area", "entered_by", "import_run")
        .order_by("-recorded_at", "area__code", "indicator__key", "period")
    )


def run_values(run_id: int, organisation: Organisation) -> QuerySet[IndicatorValue]:
    """The values one upload of the organisation stored (new or replacing), by area."""
    return (
        IndicatorValue.objects.filter(import_run_id=run_id, organisation=organisation)
        .select_related("indicator", "area")
        .order_by("area__code", "indicator__key", "period")
    )
