"""Shared data of the realised and spread tests (not a test module): a region of two
municipalities with wijken, associations, tasks, placements and vacated homes."""

from __future__ import annotations

from dataclasses import dataclass

from tests.factories import (
    AllocationFigureFactory,
    AreaFactory,
    BoundaryFactory,
    GroupFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    PlacementFactory,
    RegionFactory,
    RegionMemberFactory,
    TaskFactory,
)

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.allocation.models import FigureKind, Unit
from woonmonitor.areas.models import Level


@dataclass
class Data:
    region: object
    group: object
    borger: object  # the municipality organisation of GM1681
    lefier: object
    woonservice: object


def build() -> Data:
    """Zuidoost-test: GM1681 (3 wijken, Lefier and Woonservice) and GM0109, statushouders.

    2023-I: task 10 in GM1681 and 6 in GM0109. GM1681 housed 3 (its own figure) in January,
    where Lefier also reported 2 (the same people), and Lefier 4 in February with a wijk: 7.
    Vacated social homes 2023: 120 in GM1681 (cap 2023-I: 10% of 60 = 6), Lefier 50.
    """
    region = RegionFactory(slug="zuidoost-test", name="Zuidoost (test)")
    for code in ("GM1681", "GM0109"):
        RegionMemberFactory(region=region, municipality_code=code)
    borger_area = AreaFactory(code="GM1681", name="Borger-Odoorn", vintage=2023)
    BoundaryFactory(area=borger_area)
    AreaFactory(code="GM0109", name="Coevorden", vintage=2023)
    homes = IndicatorFactory(key="woningvoorraad", name="Woningvoorraad")
    for number, (name, stock) in enumerate((("Valthe", 500), ("Borger", 1500), ("Exloo", 1000))):
        wijk = AreaFactory(
            code=f"WK16810{number}",
            name=name,
            level=Level.DISTRICT,
            vintage=2023,
            parent=borger_area,
        )
        IndicatorValueFactory(indicator=homes, area=wijk, period=2023, value=stock)
    group = GroupFactory(key="statushouders", name="Statushouders", unit=Unit.PERSONS)
    group.half_yearly = True
    group.save()
    borger = OrganisationFactory(
        slug="gemeente-borger-odoorn",
        name="Gemeente Borger-Odoorn",
        kind=OrganisationKind.MUNICIPALITY,
        area_code="GM1681",
    )
    lefier = OrganisationFactory(
        slug="lefier", name="Lefier", kind=OrganisationKind.HOUSING_ASSOCIATION
    )
    woonservice = OrganisationFactory(
        slug="woonservice",
        name="Woonservice",
        kind=OrganisationKind.HOUSING_ASSOCIATION,
        working_area_codes=["GM1681"],
    )
    TaskFactory(group=group, municipality_code="GM1681", year=2023, half=1, amount=10)
    TaskFactory(group=group, municipality_code="GM0109", year=2023, half=1, amount=6)
    PlacementFactory(group=group, organisation=borger, municipality_code="GM1681", month=1, count=3)
    PlacementFactory(group=group, organisation=lefier, municipality_code="GM1681", month=1, count=2)
    PlacementFactory(
        group=group,
        organisation=lefier,
        municipality_code="GM1681",
        month=2,
        count=4,
        area_code="WK168100",
    )
    AllocationFigureFactory(kind=FigureKind.VACATED_SOCIAL, municipality_code="GM1681", value=120)
    AllocationFigureFactory(
        kind=FigureKind.VACATED_SOCIAL, municipality_code="GM1681", organisation=lefier, value=50
    )
    return Data(region, group, borger, lefier, woonservice)
