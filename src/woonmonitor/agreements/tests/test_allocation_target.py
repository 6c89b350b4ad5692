"""Hoogeveen #19 ("maximaal 10% van de vrijkomende sociale huurwoningen ... voor statushouders")
evaluated from the allocation app's figures (``agreements.allocation_targets`` through
``allocation.target_figures``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from tests.factories import (
    AgreementFactory,
    AllocationFigureFactory,
    CommitmentFactory,
    GroupFactory,
    OrganisationFactory,
    PartyFactory,
    PlacementFactory,
    TargetFactory,
    UserFactory,
)

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.agreements.allocation_targets import uses_allocation
from woonmonitor.agreements.calculations import TargetStatus
from woonmonitor.agreements.models import RealisedFigure
from woonmonitor.agreements.targets import evaluate_target
from woonmonitor.allocation.models import FigureKind

pytestmark = pytest.mark.django_db
ON = datetime.date(2025, 6, 1)


@pytest.fixture
def hoogeveen():
    municipality = OrganisationFactory(
        slug="gemeente-hoogeveen", kind=OrganisationKind.MUNICIPALITY, area_code="GM0118"
    )
    agreement = AgreementFactory(municipality=municipality, municipality_code="GM0118")
    domesta = OrganisationFactory(slug="domesta", kind=OrganisationKind.HOUSING_ASSOCIATION)
    woonconcept = OrganisationFactory(slug="woonconcept", kind=OrganisationKind.HOUSING_ASSOCIATION)
    parties = {
        "domesta": PartyFactory(agreement=agreement, organisation=domesta, abbreviation="Domesta"),
        "woonconcept": PartyFactory(
            agreement=agreement, organisation=woonconcept, abbreviation="Woonconcept"
        ),
    }
    commitment = CommitmentFactory(agreement=agreement, number="19")
    target = TargetFactory(
        commitment=commitment,
        key="19-statushouders-vrijkomende-woningen",
        description="Aandeel vrijkomende sociale huurwoningen voor statushouders",
        kind="share",
        measure="permit_holder_allocations",
        denominator="vacated_social_homes",
        comparison="lte",
        value=Decimal(10),
        unit="%",
        period_start=datetime.date(2023, 10, 2),
        deadline=datetime.date(2027, 12, 31),
    )
    group = GroupFactory(key="statushouders")
    return {
        "agreement": agreement,
        "target": target,
        "group": group,
        "municipality": municipality,
        "domesta": domesta,
        "woonconcept": woonconcept,
        "parties": parties,
    }


def _place(h, organisation, count, *, year=2024, month=3, demo=False):
    PlacementFactory(
        group=h["group"],
        organisation=organisation,
        municipality_code="GM0118",
        year=year,
        month=month,
        count=count,
        is_demo=demo,
    )


def _vacated(value, organisation=None, *, year=2024, demo=False):
    AllocationFigureFactory(
        kind=FigureKind.VACATED_SOCIAL,
        municipality_code="GM0118",
        organisation=organisation,
        year=year,
        value=value,
        source="Opgave corporaties",
        is_demo=demo,
    )


def test_only_the_share_of_vacated_homes_for_statushouders_uses_allocation(hoogeveen):
    assert uses_allocation(hoogeveen["target"])
    assert not uses_allocation(TargetFactory())


def test_within_the_cap_is_achieved(hoogeveen):
    _place(hoogeveen, hoogeveen["domesta"], 20)
    _place(hoogeveen, hoogeveen["woonconcept"], 20, month=4)
    _place(hoogeveen, hoogeveen["municipality"], 99)  # the municipality's own total: not counted
    _vacated(450)
    evaluation = evaluate_target(hoogeveen["target"], on=ON)
    assert evaluation.status == TargetStatus.ACHIEVED
    assert evaluation.realised == Decimal("8.9")  # 40 of 450
    assert "(40 van 450)" in evaluation.explanation
    assert any("Aandachtsgroepen: statushouders" in source for source in evaluation.sources)
    assert any("vrijgekomen sociale huurwoningen 2024" in s for s in evaluation.sources)


def test_above_the_cap_is_behind(hoogeveen):
    _place(hoogeveen, hoogeveen["domesta"], 57)
    _vacated(456)
    evaluation = evaluate_target(hoogeveen["target"], on=ON)
    assert evaluation.status == TargetStatus.BEHIND
    assert evaluation.realised == Decimal("12.5")


def test_demo_figures_never_decide_a_target(hoogeveen):
    _place(hoogeveen, hoogeveen["domesta"], 57, demo=True)
    _vacated(456)
    assert evaluate_target(hoogeveen["target"], on=ON).status == TargetStatus.NO_DATA
    _place(hoogeveen, hoogeveen["woonconcept"], 3)
    assert evaluate_target(hoogeveen["target"], on=ON).status == TargetStatus.NO_DATA


def test_a_scoped_target_counts_that_association_only(hoogeveen):
    target = hoogeveen["target"]
    target.scope = hoogeveen["parties"]["domesta"]
    target.save()
    _place(hoogeveen, hoogeveen["domesta"], 10)
    _place(hoogeveen, hoogeveen["woonconcept"], 30)
    _vacated(450)
    _vacated(200, hoogeveen["domesta"])
    evaluation = evaluate_target(target, on=ON)
    assert evaluation.realised == Decimal("5.0")  # 10 of 200
    assert evaluation.status == TargetStatus.ACHIEVED


def test_allocation_figures_replace_realised_figures_of_the_same_year_only(hoogeveen):
    author = UserFactory()
    party = hoogeveen["parties"]["domesta"]
    for year, measure, value in [
        (2024, "permit_holder_allocations", 1),
        (2024, "vacated_social_homes", 1000),
        (2025, "permit_holder_allocations", 5),
        (2025, "vacated_social_homes", 100),
    ]:
        RealisedFigure.objects.create(
            agreement=hoogeveen["agreement"],
            party=party,
            measure=measure,
            year=year,
            value=value,
            author=author,
        )
    _place(hoogeveen, hoogeveen["domesta"], 30)
    _vacated(400)
    later = evaluate_target(hoogeveen["target"], on=datetime.date(2026, 1, 1))
    assert (later.realised_year, later.realised) == (2025, Decimal("5.0"))  # typed in, 2025
    RealisedFigure.objects.filter(year=2025).delete()
    evaluation = evaluate_target(hoogeveen["target"], on=ON)
    assert evaluation.realised_year == 2024
    assert evaluation.realised == Decimal("7.5")  # 30 of 400 from allocation, not 1 of 1000


def test_without_allocation_figures_the_realised_figures_count(hoogeveen):
    _place(hoogeveen, hoogeveen["domesta"], 30)  # placements but no vacated homes
    evaluation = evaluate_target(hoogeveen["target"], on=ON)
    assert evaluation.status == TargetStatus.NO_DATA


def test_figures_before_the_period_do_not_count(hoogeveen):
    _place(hoogeveen, hoogeveen["domesta"], 30, year=2022)
    _vacated(100, year=2022)
    assert evaluate_target(hoogeveen["target"], on=ON).status == TargetStatus.NO_DATA
