"""Reads of the realised and spread pages (``realisation``, ``spread_figures``) and the figures
the agreements evaluate (``target_figures``), on a small region built with the factories."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from tests.factories import (
    AllocationFigureFactory,
    OrganisationFactory,
    PlacementFactory,
    ScenarioFactory,
)

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.allocation import realisation, spread_figures
from woonmonitor.allocation.models import FigureKind, Scenario
from woonmonitor.allocation.realised import Status
from woonmonitor.allocation.target_figures import statushouder_share_of_vacated

from .realised_data import build

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 3, 15)


def _row(data, code):
    return next(row for row in data.table.rows if row.key == code)


def test_tasks_are_the_shares_without_a_scenario():
    made = build()
    data = realisation.realisation(
        group=made.group, region_slug="zuidoost-test", year=2023, half=1, today=TODAY
    )
    assert data.shares.basis == "task"
    borger = _row(data, "GM1681")
    # January: the municipality's own 3 (Lefier's 2 are the same people); February: Lefier 4.
    assert (borger.share, borger.placed, borger.balance) == (10, 7, -3)
    assert borger.vacated == Decimal(60)  # half of the year's 120
    assert borger.cap == 6
    assert borger.status == Status.ABOVE_CAP
    lefier = next(item for item in borger.associations if item.key == "lefier")
    assert (lefier.placed, lefier.cap) == (6, 2)
    # Woonservice works in GM1681 and is listed without figures.
    assert [item.key for item in borger.associations] == ["lefier", "woonservice"]
    coevorden = _row(data, "GM0109")
    assert (coevorden.share, coevorden.placed, coevorden.status) == (6, None, Status.NO_REPORT)
    assert not data.is_demo
    assert any("Taakstelling 2023-I" in source for source in data.sources)


def test_a_whole_year_needs_both_half_year_tasks():
    made = build()
    data = realisation.realisation(
        group=made.group, region_slug="zuidoost-test", year=2023, half=0, today=TODAY
    )
    assert _row(data, "GM1681").share is None
    assert _row(data, "GM1681").vacated == 120


def test_the_published_scenario_gives_shares_and_cap():
    made = build()
    result = {
        "municipalities": [
            {
                "code": "GM1681",
                "share": 5,
                "associations": [{"slug": "lefier", "name": "Lefier", "share": 3}],
            },
            {"code": "GM0109", "share": 11, "associations": []},
        ]
    }
    ScenarioFactory(
        region=made.region,
        group=made.group,
        year=2023,
        half=1,
        name="Concept",
        status=Scenario.Status.DRAFT,
        result={"municipalities": []},
    )
    ScenarioFactory(
        region=made.region,
        group=made.group,
        year=2023,
        half=1,
        name="Gepubliceerd",
        status=Scenario.Status.PUBLISHED,
        result=result,
        inputs={"caps": {"municipality": 20, "association": 5}},
        is_demo=True,
    )
    data = realisation.realisation(
        group=made.group, region_slug="zuidoost-test", year=2023, half=1, today=TODAY
    )
    assert data.scenario.name == "Gepubliceerd"
    borger = _row(data, "GM1681")
    assert (borger.share, borger.cap) == (5, 12)  # 20% of 60
    assert borger.status == Status.REACHED
    lefier = next(item for item in borger.associations if item.key == "lefier")
    assert (lefier.share, lefier.cap) == (3, 1)  # 5% of 25
    assert data.is_demo  # the scenario used demo figures
    assert any("Gepubliceerd" in source for source in data.sources)


def test_demo_placements_mark_the_page():
    made = build()
    PlacementFactory(
        group=made.group,
        organisation=made.borger,
        municipality_code="GM1681",
        month=3,
        count=1,
        is_demo=True,
    )
    data = realisation.realisation(
        group=made.group, region_slug="zuidoost-test", year=2023, half=1, today=TODAY
    )
    assert data.is_demo
    assert _row(data, "GM1681").is_demo
    assert not _row(data, "GM0109").is_demo


def test_unknown_region():
    made = build()
    assert (
        realisation.realisation(
            group=made.group, region_slug="nergens", year=2023, half=1, today=TODAY
        )
        is None
    )


def test_vacated_homes_of_an_earlier_year_are_used_and_named():
    made = build()
    data = realisation.realisation(
        group=made.group, region_slug="zuidoost-test", year=2024, half=0, today=TODAY
    )
    assert _row(data, "GM1681").vacated == 120
    assert any("2023" in source for source in data.sources)


def test_period_parsing_and_months_elapsed():
    assert realisation.parse_period("2024") == (2024, 0)
    assert realisation.parse_period("2024-2") == (2024, 2)
    assert realisation.parse_period("2024-3") is None
    assert realisation.parse_period("24") is None
    assert realisation.months_elapsed(2024, 1, TODAY) == 2
    assert realisation.months_elapsed(2024, 2, TODAY) == 0
    assert realisation.months_elapsed(2023, 0, TODAY) == 12


def test_periods_with_figures():
    made = build()
    assert realisation.periods_with_figures(made.group) == ["2023-1", "2023"]


def test_spread_reads_wijken_placements_and_stock():
    made = build()
    PlacementFactory(
        group=made.group,
        organisation=made.lefier,
        municipality_code="GM1681",
        month=3,
        count=6,
        area_code="BU16810001",
    )
    data = spread_figures.spread_for(code="GM1681", group=made.group, year=2023, half=1)
    assert data.name == "Borger-Odoorn"
    assert data.result.total == 3 + 4 + 6  # January the municipality's own, unlocated
    valthe = next(row for row in data.result.rows if row.code == "WK168100")
    assert valthe.placed == 10  # 4 + 6 = 10, rounded to a multiple of 5
    assert valthe.stock == 500
    assert data.stock.label.startswith("alle woningen")  # no social stock per wijk loaded
    assert data.result.unlocated is None  # 3 without wijk: below the minimum
    assert spread_figures.spread_for(code="GM9999", group=made.group, year=2023, half=1) is None


def test_spread_prefers_the_figures_that_say_where():
    """In a month where the municipality gives a total and an association the wijken, the
    association's figures count (the same people); they are never added up."""
    made = build()
    PlacementFactory(
        group=made.group, organisation=made.borger, municipality_code="GM1681", month=4, count=9
    )
    PlacementFactory(
        group=made.group,
        organisation=made.lefier,
        municipality_code="GM1681",
        month=4,
        count=9,
        area_code="WK168101",
    )
    data = spread_figures.spread_for(code="GM1681", group=made.group, year=2023, half=1)
    borger = next(row for row in data.result.rows if row.code == "WK168101")
    assert data.result.total == 3 + 4 + 9
    assert borger.placed == 10


def test_statushouder_share_of_vacated_for_an_agreement():
    made = build()
    domesta = OrganisationFactory(slug="domesta", kind=OrganisationKind.HOUSING_ASSOCIATION)
    AllocationFigureFactory(
        kind=FigureKind.VACATED_SOCIAL,
        municipality_code="GM1681",
        organisation=made.woonservice,
        value=70,
    )
    PlacementFactory(
        group=made.group,
        organisation=domesta,
        municipality_code="GM1681",
        month=5,
        count=1,
        is_demo=True,
    )
    every = statushouder_share_of_vacated(municipality_code="GM1681")
    # associations only (the municipality's own 3 do not count): Lefier 2 + 4, Domesta 1
    assert [(f.year, f.value, f.is_demo) for f in every.placed] == [(2023, 7, True)]
    assert "demonstratiecijfer" in every.placed[0].source
    # every association: the municipality's own figure
    assert [(f.year, f.value) for f in every.vacated] == [(2023, 120)]
    one = statushouder_share_of_vacated(
        municipality_code="GM1681", organisation_ids=[made.lefier.pk]
    )
    assert [(f.year, f.value) for f in one.placed] == [(2023, 6)]
    assert [(f.year, f.value) for f in one.vacated] == [(2023, 50)]
    none = statushouder_share_of_vacated(municipality_code="GM1681", years=[2024])
    assert (none.placed, none.vacated) == ((), ())
