"""Placements (plaatsingen) entered by the parties themselves: a service to record one (in a
transaction, with the access rules of ``accounts.access``), a read per municipality and month,
and the demo placements. Touches the database.

Who may enter: an editor or admin of a municipality, for its own municipality code
(``Organisation.area_code``); an editor or admin of a housing association, where it works
(``Organisation.working_area_codes``; nowhere while that is not recorded). Nobody else, also not the
province (it reads everything but writes for nobody else). A correction is a new record that
``corrects`` the current one; nothing is overwritten.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from woonmonitor.accounts import access
from woonmonitor.accounts.models import Organisation, OrganisationKind

from .models import Group, Placement

#: The kinds of organisation that enter placements.
PLACING_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.HOUSING_ASSOCIATION)


class PlacementError(ValueError):
    """A placement that cannot be recorded (the message is Dutch, for the form)."""


def placing_organisations(user) -> list[Organisation]:
    """The municipalities and associations ``user`` may enter placements for."""
    return list(access.editing_organisations(user, kinds=PLACING_KINDS))


def may_enter(user) -> bool:
    return bool(placing_organisations(user))


def allowed_codes(organisation: Organisation) -> list[str]:
    """The municipality codes ``organisation`` enters for: a municipality its own, an
    association its recorded working area (none while it is not recorded: an association never
    enters figures for a municipality it does not work in)."""
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        return [organisation.area_code] if organisation.area_code else []
    if organisation.kind == OrganisationKind.HOUSING_ASSOCIATION:
        return list(organisation.working_area_codes or [])
    return []


def check_area(*, organisation: Organisation, municipality_code: str) -> None:
    """Raise ``PlacementError`` when ``organisation`` may not enter for this municipality."""
    codes = allowed_codes(organisation)
    if municipality_code in codes:
        return
    if organisation.kind == OrganisationKind.MUNICIPALITY:
        raise PlacementError(
            _("Een gemeente geeft alleen plaatsingen op in haar eigen gemeente (%(code)s).")
            % {"code": organisation.area_code or "-"}
        )
    if organisation.kind == OrganisationKind.HOUSING_ASSOCIATION and not codes:
        raise PlacementError(
            _(
                "Het werkgebied van %(name)s is nog niet vastgelegd; een beheerder van "
                "Woonmonitor legt het vast bij de organisatie."
            )
            % {"name": organisation.name}
        )
    if organisation.kind == OrganisationKind.HOUSING_ASSOCIATION:
        raise PlacementError(
            _("%(name)s werkt niet in %(code)s; het werkgebied is %(codes)s.")
            % {"name": organisation.name, "code": municipality_code, "codes": ", ".join(codes)}
        )
    raise PlacementError(_("Alleen gemeenten en woningcorporaties geven plaatsingen op."))


def record_placement(
    *,
    user,
    organisation: Organisation,
    group: Group,
    municipality_code: str,
    year: int,
    month: int,
    count: int,
    area_code: str = "",
    note: str = "",
    is_demo: bool = False,
) -> Placement:
    """Record how many of ``group`` ``organisation`` housed in one month; a figure for a month
    that already has one is a correction of it. Raises ``PermissionDenied`` when ``user`` may
    not write for ``organisation`` and ``PlacementError`` for an impossible figure."""
    if not user.is_authenticated or organisation.pk not in access.editor_organisation_ids(user):
        raise PermissionDenied(
            _("U mag geen plaatsingen opgeven voor %(name)s.") % {"name": organisation}
        )
    if organisation.kind not in PLACING_KINDS:
        raise PermissionDenied(_("Alleen gemeenten en woningcorporaties geven plaatsingen op."))
    return _record(
        author=user,
        organisation=organisation,
        group=group,
        municipality_code=municipality_code,
        year=year,
        month=month,
        count=count,
        area_code=area_code,
        note=note,
        is_demo=is_demo,
        today=timezone.localdate(),
    )


def _record(
    *,
    author,
    organisation: Organisation,
    group: Group,
    municipality_code: str,
    year: int,
    month: int,
    count: int,
    area_code: str,
    note: str,
    is_demo: bool,
    today: datetime.date,
) -> Placement:
    municipality_code = municipality_code.strip().upper()
    area_code = area_code.strip().upper()
    check_area(organisation=organisation, municipality_code=municipality_code)
    if not 1 <= month <= 12:
        raise PlacementError(_("Een maand ligt tussen 1 en 12."))
    if (year, month) > (today.year, today.month):
        raise PlacementError(_("Plaatsingen in een maand die nog moet beginnen kunnen nog niet."))
    if count < 0:
        raise PlacementError(_("Een aantal kan niet negatief zijn."))
    number = municipality_code[2:]
    if area_code and not (
        (area_code.startswith("WK") and area_code[2:6] == number)
        or (area_code.startswith("BU") and area_code[2:6] == number)
    ):
        raise PlacementError(
            _("%(area)s ligt niet in gemeente %(code)s.")
            % {"area": area_code, "code": municipality_code}
        )
    with transaction.atomic():
        previous = (
            Placement.objects.current()
            .select_for_update(of=("self",))
            .filter(
                group=group,
                municipality_code=municipality_code,
                organisation=organisation,
                year=year,
                month=month,
                area_code=area_code,
            )
            .first()
        )
        if previous is not None and (previous.count, previous.note, previous.is_demo) == (
            count,
            note,
            is_demo,
        ):
            return previous
        return Placement.objects.create(
            group=group,
            municipality_code=municipality_code,
            organisation=organisation,
            year=year,
            month=month,
            count=count,
            area_code=area_code,
            note=note,
            is_demo=is_demo,
            author=author if author is not None and author.is_authenticated else None,
            corrects=previous,
        )


def placements_by_month(
    *, group: Group, codes: Iterable[str], year: int | None = None
) -> dict[tuple[str, int, int], list[Placement]]:
    """The current placements of ``group`` in ``codes`` per (code, year, month)."""
    placements = (
        Placement.objects.current()
        .filter(group=group, municipality_code__in=list(codes))
        .select_related("organisation")
        .order_by("municipality_code", "year", "month", "organisation__name")
    )
    if year is not None:
        placements = placements.filter(year=year)
    result: dict[tuple[str, int, int], list[Placement]] = defaultdict(list)
    for placement in placements:
        result[(placement.municipality_code, placement.year, placement.month)].append(placement)
    return dict(result)


def history(*, group: Group, code: str) -> list[Placement]:
    """Every placement figure of ``group`` in ``code``, corrected ones included, newest first."""
    return list(
        Placement.objects.filter(group=group, municipality_code=code)
        .select_related("organisation", "corrects", "correction")
        .order_by("-year", "-month", "organisation__name", "-created_at")
    )


# ----------------------------------------------------------------------------- demo

#: Invented placements of the demo, per municipality: (year, month) -> count. Clearly not real:
#: the same small pattern in every municipality, scaled, and marked ``is_demo``.
DEMO_PATTERN = {
    (2022, 7): 2,
    (2022, 8): 3,
    (2022, 9): 1,
    (2022, 10): 4,
    (2022, 11): 2,
    (2022, 12): 3,
    (2023, 1): 3,
    (2023, 2): 2,
    (2023, 3): 5,
    (2023, 4): 3,
    (2023, 5): 4,
    (2023, 6): 2,
}
#: Municipality code -> factor on the pattern (Zuidoost-Drenthe and two more of Drenthe).
DEMO_MUNICIPALITIES = {"GM1681": 1, "GM0109": 2, "GM0114": 5, "GM1680": 1, "GM0118": 3}
DEMO_NOTE = "Demonstratiecijfer: verzonnen voor de demo, geen echte plaatsing."


def load_demo_placements() -> str:
    """Record the demo placements of statushouders (``is_demo=True``) in 2022-II and 2023-I for
    a few Drenthe municipalities, entered by the municipality itself. Idempotent."""
    group = Group.objects.filter(key="statushouders").first()
    if group is None:
        return _("geen groep statushouders: eerst de groepen laden")
    organisations = {
        o.area_code: o
        for o in Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, area_code__in=list(DEMO_MUNICIPALITIES)
        )
    }
    created = unchanged = 0
    missing = sorted(set(DEMO_MUNICIPALITIES) - set(organisations))
    today = timezone.localdate()
    with transaction.atomic():
        for code, factor in DEMO_MUNICIPALITIES.items():
            if code not in organisations:
                continue
            for (year, month), count in DEMO_PATTERN.items():
                exists = (
                    Placement.objects.current()
                    .filter(
                        group=group,
                        municipality_code=code,
                        organisation=organisations[code],
                        year=year,
                        month=month,
                        area_code="",
                    )
                    .exists()
                )
                if exists:  # never correct a figure someone entered, nor repeat the demo's
                    unchanged += 1
                    continue
                _record(
                    author=None,
                    organisation=organisations[code],
                    group=group,
                    municipality_code=code,
                    year=year,
                    month=month,
                    count=count * factor,
                    area_code="",
                    note=DEMO_NOTE,
                    is_demo=True,
                    today=today,
                )
                created += 1
    text = _("%(created)s demonstratieplaatsingen nieuw, %(unchanged)s ongewijzigd") % {
        "created": created,
        "unchanged": unchanged,
    }
    if missing:
        text += _("; geen organisatie voor %(codes)s") % {"codes": ", ".join(missing)}
    return text
