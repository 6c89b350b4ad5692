"""Services and reads of fair-share scenarios: the figures with their sources, saving with
inputs and result, who may make one, the demo loaders and the payload for the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from tests.factories import (
    AreaFactory,
    GroupFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    RegionMemberFactory,
    ScenarioFactory,
    UserFactory,
)

from woonmonitor.accounts.models import OrganisationKind, Role
from woonmonitor.allocation import distribution_figures, scenarios
from woonmonitor.allocation.fairshare import FairShareError
from woonmonitor.allocation.models import AllocationFigure, FigureKind, Scenario

TOWNS = {
    "GM0109": ("Coevorden", 35700),
    "GM0114": ("Emmen", 108765),
    "GM1681": ("Borger-Odoorn", 26049),
}


def build_region():
    """Zuidoost-Drenthe as in the demo: three gemeenten with inhabitants (CBS) and CBS stock."""
    region = RegionFactory(slug="zuidoost-drenthe", name="Zuidoost-Drenthe")
    people = IndicatorFactory(key="inwoners")
    homes = IndicatorFactory(key="woningvoorraad")
    share = IndicatorFactory(key="huurwoningen-corporatie")
    for code, (name, inhabitants) in TOWNS.items():
        RegionMemberFactory(region=region, municipality_code=code)
        area = AreaFactory(code=code, name=name, vintage=2024)
        IndicatorValueFactory(indicator=people, area=area, period=2024, value=inhabitants)
        IndicatorValueFactory(indicator=homes, area=area, period=2024, value=inhabitants / 2)
        IndicatorValueFactory(indicator=share, area=area, period=2024, value=20)
    group = GroupFactory(key="uitstroom-bw-mo", name="Uitstroom BW/MO")
    return region, group


@pytest.fixture
def region(db):
    return build_region()


def test_figures_with_sources_and_derived_stock(region):
    zod, group = region
    rows = distribution_figures.region_figures(zod, group=group, year=2025)
    emmen = next(row for row in rows if row.code == "GM0114")
    assert emmen.inhabitants.value == 108765 and emmen.inhabitants.year == 2024
    assert emmen.social_stock.derived and emmen.social_stock.value == round(108765 / 2 * 0.2)
    assert "niet hetzelfde als sociale huur" in emmen.social_stock.source
    assert emmen.vacated.value is None


def test_recorded_stock_wins_over_derived(region):
    zod, group = region
    AllocationFigure.objects.create(
        kind=FigureKind.SOCIAL_STOCK, municipality_code="GM1681", year=2023, value=2300, source="X"
    )
    rows = distribution_figures.region_figures(zod, group=group, year=2025)
    bo = next(row for row in rows if row.code == "GM1681")
    assert bo.social_stock.value == 2300 and not bo.social_stock.derived


def test_loaders_are_idempotent_and_demo_is_marked(region):
    for slug in ("lefier", "woonservice", "domesta", "woonconcept", "actium"):
        OrganisationFactory(slug=slug, name=slug.title(), kind=OrganisationKind.HOUSING_ASSOCIATION)
    assert distribution_figures.load_stock_figures().startswith("5 nieuw")
    assert distribution_figures.load_demo_figures().startswith("8 nieuw")
    assert "0 nieuw" in distribution_figures.load_demo_figures()
    assert not AllocationFigure.objects.filter(kind=FigureKind.SOCIAL_STOCK, is_demo=True).exists()
    assert AllocationFigure.objects.get(organisation__slug="domesta").value == 3008
    assert all(f.is_demo for f in AllocationFigure.objects.exclude(kind=FigureKind.SOCIAL_STOCK))
    assert scenarios.load_demo_scenarios() == "2 nieuw, 0 al aanwezig"
    assert scenarios.load_demo_scenarios() == "0 nieuw, 2 al aanwezig"
    demo = Scenario.objects.get(name__contains="naar inwoners")
    assert demo.is_demo and demo.status == Scenario.Status.PUBLISHED
    shares = {row["code"]: row["share"] for row in demo.result["municipalities"]}
    assert sum(shares.values()) == 60
    bo = next(row for row in demo.result["municipalities"] if row["code"] == "GM1681")
    assert bo["share"] <= 16  # the cap: 10% of the 160 demo vacated homes
    assert [a["slug"] for a in bo["associations"]] == ["lefier", "woonservice"]


def editor_of(code: str):
    user = UserFactory()
    municipality = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, area_code=code)
    MembershipFactory(user=user, organisation=municipality, role=Role.EDITOR)
    return user, municipality


def test_save_scenario_stores_inputs_and_result(region):
    zod, group = region
    user, municipality = editor_of("GM1681")
    scenario = scenarios.save_scenario(
        user=user,
        region=zod,
        group=group,
        year=2025,
        name="Naar inwoners",
        total=43,
        keys={"inwoners": 100},
        caps={"municipality": None, "association": None},
        association_split={"mode": "stock", "fixed": {}},
    )
    assert scenario.owner == municipality and scenario.created_by == user
    assert scenario.status == Scenario.Status.DRAFT and not scenario.is_demo
    assert scenario.inputs["total"] == 43 and scenario.inputs["keys"] == {"inwoners": 100}
    assert len(scenario.inputs["figures"]) == 3
    assert sum(row["share"] for row in scenario.result["municipalities"]) == 43
    payload = scenarios.scenario_payload(scenario)
    assert payload["inputs"] == scenario.inputs and payload["result"] == scenario.result
    assert payload["region"]["slug"] == "zuidoost-drenthe"


def test_missing_figures_raise_and_save_nothing(region):
    zod, group = region
    user, _municipality = editor_of("GM0114")
    with pytest.raises(FairShareError):
        scenarios.save_scenario(
            user=user,
            region=zod,
            group=group,
            year=2025,
            name="Vrijgekomen",
            total=10,
            keys={"vrijgekomen": 1},
            caps={},
            association_split={},
        )
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(
    ("kind", "code", "role", "allowed"),
    [
        (OrganisationKind.MUNICIPALITY, "GM1681", Role.EDITOR, True),
        (OrganisationKind.MUNICIPALITY, "GM1681", Role.ADMIN, True),
        (OrganisationKind.MUNICIPALITY, "GM1681", Role.READER, False),
        (OrganisationKind.MUNICIPALITY, "GM0118", Role.EDITOR, False),
        (OrganisationKind.PROVINCE, "PV22", Role.EDITOR, True),
        (OrganisationKind.PROVINCE, "PV22", Role.READER, False),
        (OrganisationKind.HOUSING_ASSOCIATION, "", Role.EDITOR, False),
    ],
)
def test_who_may_create(region, kind, code, role, allowed):
    zod, group = region
    user = UserFactory()
    MembershipFactory(
        user=user, organisation=OrganisationFactory(kind=kind, area_code=code), role=role
    )
    arguments = dict(
        user=user,
        region=zod,
        group=group,
        year=2025,
        name="S",
        total=5,
        keys={"inwoners": 1},
        caps={},
        association_split={},
    )
    if allowed:
        assert scenarios.save_scenario(**arguments).pk
    else:
        with pytest.raises(PermissionDenied):
            scenarios.save_scenario(**arguments)


def test_visibility_of_drafts(region):
    zod, group = region
    draft = ScenarioFactory(region=zod, group=group, status=Scenario.Status.DRAFT)
    published = ScenarioFactory(region=zod, group=group, status=Scenario.Status.PUBLISHED)
    inside, _municipality = editor_of("GM0114")
    outside, _other = editor_of("GM0118")
    association = UserFactory()
    MembershipFactory(
        user=association,
        organisation=OrganisationFactory(
            kind=OrganisationKind.HOUSING_ASSOCIATION, working_area_codes=["GM1681"]
        ),
    )
    assert set(Scenario.objects.visible_to(inside)) == {draft, published}
    assert set(Scenario.objects.visible_to(association)) == {draft, published}
    assert set(Scenario.objects.visible_to(outside)) == {published}


def test_comparison_gives_differences():
    a = Scenario(
        result={"municipalities": [{"code": "G1", "name": "A", "share": 5, "associations": []}]}
    )
    b = Scenario(
        result={"municipalities": [{"code": "G1", "name": "A", "share": 3, "associations": []}]}
    )
    rows = scenarios.comparison([a, b])
    assert rows == [
        {"code": "G1", "name": "A", "association": "", "shares": [5, 3], "difference": -2}
    ]
