"""The demo figures of "realised against fair share" and "spread within a municipality", all
invented and stored with ``is_demo=True`` (every page that shows them says
"demonstratiecijfer"). Touches the database; idempotent: a second run changes nothing, and a
figure someone entered is never replaced.

* Statushouders in Borger-Odoorn and Hoogeveen: the municipality-level demo placements of
  ``placements.load_demo_placements`` split, month by month, over the associations (Borger-Odoorn
  50-50 Lefier and Woonservice, seed 001 C3; Hoogeveen pro rata the associations' recorded
  social stock) and over the wijken (pro rata the wijk's homes, with the first wijk weighted
  three times, so the demo shows a concentration). The association figures add up to the
  municipality's, so the municipality's own total is unchanged.
* Uitstroom beschermd wonen / maatschappelijke opvang in Zuidoost-Drenthe in the year of the
  demo scenarios: a small invented pattern per month, per association and wijk in Borger-Odoorn
  and by the municipality itself in Coevorden and Emmen.
* Vacated social homes of Hoogeveen and Borger-Odoorn in 2023 (municipality and association),
  so the cap and the agreement target Hoogeveen #19 can be shown; about 7% of the stock.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from woonmonitor.accounts.models import Organisation, OrganisationKind
from woonmonitor.areas.models import Area, Level

from .apportion import largest_remainder
from .models import AllocationFigure, FigureKind, Group, Placement
from .placements import DEMO_NOTE

DEMO_SOURCE = "Demonstratiecijfer, verzonnen voor de demo van Woonmonitor (geen echte bron)"
#: Municipality -> association slug -> weight, for the statushouders split (None: stock).
STATUSHOUDER_SPLIT: dict[str, Mapping[str, int] | None] = {
    "GM1681": {"lefier": 50, "woonservice": 50},
    "GM0118": None,
}
#: (municipality, association or "") -> vacated social homes in 2023 (invented).
VACATED_2023 = {
    ("GM0118", ""): 456,
    ("GM0118", "domesta"): 210,
    ("GM0118", "woonconcept"): 230,
    ("GM0118", "actium"): 16,
    ("GM1681", ""): 150,
    ("GM1681", "lefier"): 70,
    ("GM1681", "woonservice"): 80,
}
UITSTROOM_YEAR = 2025
UITSTROOM_PATTERN = (1, 0, 2, 1, 1, 0, 2, 1, 0, 1, 2, 1)
#: Municipality -> factor on the pattern; Borger-Odoorn by association and wijk.
UITSTROOM_MUNICIPALITIES = {"GM1681": 3, "GM0109": 2, "GM0114": 6}


def _wijk_weights(code: str) -> dict[str, int]:
    """The wijken of the latest vintage, weighted by name order (the first three times)."""
    vintage = (
        Area.objects.filter(level=Level.DISTRICT, parent__code=code)
        .order_by("-vintage")
        .values_list("vintage", flat=True)
        .first()
    )
    codes = sorted(
        Area.objects.filter(level=Level.DISTRICT, parent__code=code, vintage=vintage).values_list(
            "code", flat=True
        )
    )
    return {wijk: (3 if index == 0 else 1) for index, wijk in enumerate(codes)}


def _split_weights(code: str, organisations: dict[str, Organisation]) -> dict[str, int]:
    fixed = STATUSHOUDER_SPLIT.get(code)
    if fixed:
        return {slug: weight for slug, weight in fixed.items() if slug in organisations}
    stock = dict(
        AllocationFigure.objects.current()
        .filter(kind=FigureKind.SOCIAL_STOCK, municipality_code=code, organisation__isnull=False)
        .values_list("organisation__slug", "value")
    )
    return {slug: value for slug, value in stock.items() if slug in organisations and value}


def _create(
    *, group, code, organisation, year, month, count, area_code, counter: dict[str, int]
) -> None:
    exists = (
        Placement.objects.current()
        .filter(
            group=group,
            municipality_code=code,
            organisation=organisation,
            year=year,
            month=month,
            area_code=area_code,
        )
        .exists()
    )
    if exists:
        counter["unchanged"] += 1
        return
    Placement.objects.create(
        group=group,
        municipality_code=code,
        organisation=organisation,
        year=year,
        month=month,
        count=count,
        area_code=area_code,
        note=DEMO_NOTE,
        is_demo=True,
    )
    counter["created"] += 1


def _spread_over(
    *, group, code, organisations, weights, wijken, year, month, count, counter
) -> None:
    """``count`` over the associations (``weights``) and then each part over the wijken."""
    for slug, part in largest_remainder(weights, count).items():
        if not part:
            continue
        for wijk, units in largest_remainder(wijken, part).items():
            if units:
                _create(
                    group=group,
                    code=code,
                    organisation=organisations[slug],
                    year=year,
                    month=month,
                    count=units,
                    area_code=wijk,
                    counter=counter,
                )


def _statushouders(organisations, counter) -> None:
    group = Group.objects.filter(key="statushouders").first()
    if group is None:
        return
    for code in STATUSHOUDER_SPLIT:
        weights = _split_weights(code, organisations)
        wijken = _wijk_weights(code)
        if not weights or not wijken:
            continue
        own = Placement.objects.current().filter(
            group=group,
            municipality_code=code,
            is_demo=True,
            area_code="",
            organisation__kind=OrganisationKind.MUNICIPALITY,
        )
        for year, month, count in own.values_list("year", "month", "count"):
            _spread_over(
                group=group,
                code=code,
                organisations=organisations,
                weights=weights,
                wijken=wijken,
                year=year,
                month=month,
                count=count,
                counter=counter,
            )


def _uitstroom(organisations, counter) -> None:
    group = Group.objects.filter(key="uitstroom-bw-mo").first()
    if group is None:
        return
    municipalities = {
        o.area_code: o
        for o in Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, area_code__in=list(UITSTROOM_MUNICIPALITIES)
        )
    }
    for code, factor in UITSTROOM_MUNICIPALITIES.items():
        weights = _split_weights(code, organisations) if code in STATUSHOUDER_SPLIT else {}
        wijken = _wijk_weights(code)
        for month, base in enumerate(UITSTROOM_PATTERN, start=1):
            count = base * factor
            if not count:
                continue
            if weights and wijken:
                _spread_over(
                    group=group,
                    code=code,
                    organisations=organisations,
                    weights=weights,
                    wijken=wijken,
                    year=UITSTROOM_YEAR,
                    month=month,
                    count=count,
                    counter=counter,
                )
            elif code in municipalities:
                _create(
                    group=group,
                    code=code,
                    organisation=municipalities[code],
                    year=UITSTROOM_YEAR,
                    month=month,
                    count=count,
                    area_code="",
                    counter=counter,
                )


def _vacated(organisations, counter) -> None:
    for (code, slug), value in VACATED_2023.items():
        organisation = organisations.get(slug) if slug else None
        if slug and organisation is None:
            continue
        exists = (
            AllocationFigure.objects.current()
            .filter(
                kind=FigureKind.VACATED_SOCIAL,
                municipality_code=code,
                organisation=organisation,
                year=2023,
            )
            .exists()
        )
        if exists:
            counter["unchanged"] += 1
            continue
        AllocationFigure.objects.create(
            kind=FigureKind.VACATED_SOCIAL,
            municipality_code=code,
            organisation=organisation,
            year=2023,
            value=value,
            source=DEMO_SOURCE,
            is_demo=True,
        )
        counter["created"] += 1


@transaction.atomic
def load_demo_realisation() -> str:
    """All demo figures of the realised and spread pages (see the module)."""
    organisations = {
        o.slug: o for o in Organisation.objects.filter(kind=OrganisationKind.HOUSING_ASSOCIATION)
    }
    counter = {"created": 0, "unchanged": 0}
    _vacated(organisations, counter)
    _statushouders(organisations, counter)
    _uitstroom(organisations, counter)
    return f"{counter['created']} demonstratiecijfers nieuw, {counter['unchanged']} ongewijzigd"
