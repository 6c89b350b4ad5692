"""Computing and storing the statutory tasks, and reading ledgers and region tables."""

from __future__ import annotations

import datetime

import pytest
from tests.factories import (
    AreaFactory,
    GroupDefinitionFactory,
    GroupFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NationalNumberFactory,
    OrganisationFactory,
    PlacementFactory,
    RegionFactory,
    RegionMemberFactory,
    TaskFactory,
)

from woonmonitor.accounts.models import OrganisationKind
from woonmonitor.allocation import statushouders
from woonmonitor.allocation.models import PopulationOverride, Task, TaskExchange
from woonmonitor.areas.models import Level

TODAY = datetime.date(2024, 3, 15)
HOGELAND = 48_022
NETHERLANDS = 17_590_672


def load_populations(year: int = 2022, values: dict[str, int] | None = None) -> None:
    """Populations of 1 January ``year`` as the monitor holds them, plus the country."""
    values = values or {"GM1966": HOGELAND, "GM1681": 25_681, "GM0114": 107_856}
    indicator = IndicatorFactory(key="inwoners", name="Inwoners")
    province = AreaFactory(code="PV22", level=Level.PROVINCE, vintage=2024, name="Drenthe")
    for code, value in values.items():
        area = AreaFactory(code=code, vintage=year, name=f"Gemeente {code}")
        IndicatorValueFactory(indicator=indicator, area=area, period=year, value=value)
        if code != "GM1966":
            AreaFactory(code=code, vintage=2024, name=f"Gemeente {code}", parent=province)
    country = AreaFactory(code="NL01", level=Level.COUNTRY, vintage=year, name="Nederland")
    IndicatorValueFactory(indicator=indicator, area=country, period=year, value=NETHERLANDS)


@pytest.fixture
def group(db):
    group = GroupFactory(key="statushouders", name="Statushouders", statutory=True)
    GroupDefinitionFactory(group=group, valid_from=datetime.date(2014, 7, 1))
    return group


@pytest.fixture
def inputs(group):
    load_populations()
    return NationalNumberFactory(year=2023, half=1, number=21_200)


def current(code: str, year: int = 2023, half: int = 1) -> Task:
    return Task.objects.current().get(municipality_code=code, year=year, half=half)


def test_het_hogeland_2023_i_is_58_with_its_basis(inputs):
    result = statushouders.compute_tasks(year=2023, half=1)
    assert result.created == 3 and not result.skipped
    task = current("GM1966")
    assert task.amount == 58 and task.origin == Task.Origin.COMPUTED
    basis = task.basis
    assert basis["vg"] == 21_200 and basis["population"] == HOGELAND
    assert basis["national_population"] == NETHERLANDS
    assert basis["reference_date"] == "2022-01-01"
    assert basis["population_override"] is None and basis["exchanges"] == []
    assert basis["population_citation"] and basis["national_population_citation"]
    assert task.definition.valid_from == datetime.date(2014, 7, 1)
    assert "Huisvestingswet 2014" in task.source


def test_recomputing_unchanged_changes_nothing(inputs):
    statushouders.compute_tasks(year=2023, half=1)
    result = statushouders.compute_tasks(year=2023, half=1)
    assert (result.created, result.superseded, result.unchanged) == (0, 0, 3)
    assert Task.objects.count() == 3


def test_a_changed_input_supersedes_and_keeps_history(inputs, cast):
    statushouders.compute_tasks(year=2023, half=1)
    first = current("GM1966")
    inputs.number = 30_000
    inputs.save()
    result = statushouders.compute_tasks(
        year=2023, half=1, codes=["GM1966"], user=cast["province_reader"]
    )
    assert result.superseded == 1
    second = current("GM1966")
    assert second.supersedes == first and second.amount == 82  # ceil(81.9...)
    assert second.recorded_by == cast["province_reader"]
    assert Task.objects.filter(municipality_code="GM1966").count() == 2


def test_a_population_override_replaces_the_cbs_figure(inputs):
    PopulationOverride.objects.create(
        municipality_code="GM1966",
        reference_date=datetime.date(2022, 1, 1),
        population=50_000,
        decision="Besluit GS 1 maart 2022",
    )
    statushouders.compute_tasks(year=2023, half=1, codes=["GM1966"])
    task = current("GM1966")
    assert task.basis["population"] == 50_000
    assert task.basis["population_override"]["cbs_population"] == HOGELAND
    assert "art. 30" in task.source
    steps = statushouders.statutory.describe(statushouders.computation_of(task))
    assert "art. 30" in steps[1]


def test_an_exchange_moves_part_of_a_task_and_includes_the_other_party(inputs, group):
    TaskExchange.objects.create(
        group=group,
        year=2023,
        half=1,
        giver_code="GM1966",
        receiver_code="GM0114",
        amount=8,
        decision="Afspraak 2022",
    )
    statushouders.compute_tasks(year=2023, half=1, codes=["GM1966"])
    assert current("GM1966").amount == 50
    emmen = current("GM0114")  # the receiver is computed too
    assert emmen.amount == emmen.basis["raw_task"] + 8 and emmen.basis["exchange_delta"] == 8


def test_an_impossible_exchange_stores_nothing(inputs, group):
    TaskExchange.objects.create(
        group=group,
        year=2023,
        half=1,
        giver_code="GM1966",
        receiver_code="GM0114",
        amount=59,
        decision="Te veel",
    )
    with pytest.raises(statushouders.ComputeError, match="kan geen 59 afstaan"):
        statushouders.compute_tasks(year=2023, half=1)
    assert not Task.objects.exists()


def test_missing_population_year_is_named_and_nothing_computed(group):
    load_populations()
    NationalNumberFactory(year=2019, half=1, number=8000)
    NationalNumberFactory(year=2023, half=2, number=None)
    NationalNumberFactory(year=2023, half=1, number=21_200)
    statuses = {s.key: s for s in statushouders.half_years()}
    assert "01-01-2018" in statuses["2019-1"].reason
    assert "bij benadering" in statuses["2023-2"].reason
    assert statuses["2023-1"].computable
    with pytest.raises(statushouders.ComputeError):
        statushouders.compute_tasks(year=2019, half=1)
    with pytest.raises(statushouders.ComputeError):
        statushouders.compute_tasks(year=2023, half=2)
    text = statushouders.compute_all_tasks()
    assert "2019-I" in text and "2023-I: 3 nieuw" in text
    assert Task.objects.count() == 3


def test_an_entered_task_is_kept(inputs, group):
    TaskFactory(group=group, municipality_code="GM1966", year=2023, half=1, amount=60)
    result = statushouders.compute_tasks(year=2023, half=1)
    assert result.kept == ["GM1966"] and current("GM1966").amount == 60


def test_unknown_code_is_skipped(inputs):
    result = statushouders.compute_tasks(year=2023, half=1, codes=["GM1966", "GM9999"])
    assert set(result.skipped) == {"GM9999"} and result.created == 1


def test_ledger_uses_current_placements_and_the_municipalitys_own_figure(inputs, group):
    statushouders.compute_tasks(year=2023, half=1)
    municipality = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, area_code="GM1681")
    association = OrganisationFactory(kind=OrganisationKind.HOUSING_ASSOCIATION)
    old = PlacementFactory(group=group, organisation=municipality, year=2023, month=1, count=2)
    PlacementFactory(
        group=group, organisation=municipality, year=2023, month=1, count=5, corrects=old
    )
    PlacementFactory(group=group, organisation=association, year=2023, month=1, count=9)
    PlacementFactory(
        group=group, organisation=association, year=2023, month=2, count=4, is_demo=True
    )
    book = statushouders.ledger_for("GM1681", today=TODAY)
    row = book.row_for(2023, 1)
    assert row.housed[:2] == (5, 4)  # the correction, and the association where nothing else
    assert row.corrected == 31 and row.balance == 9 - 31
    assert book.has_demo(2023, 1)
    assert [(r.year, r.half) for r in book.rows] == [(2023, 1)]


def test_region_table(inputs, group):
    statushouders.compute_tasks(year=2023, half=1)
    region = RegionFactory(slug="zuidoost-drenthe")
    RegionMemberFactory(region=region, municipality_code="GM1681")
    RegionMemberFactory(region=region, municipality_code="GM0114")
    rows = statushouders.region_table("zuidoost-drenthe", 2023, 1, today=TODAY)
    assert [r.code for r in rows] == ["GM0114", "GM1681"]
    assert rows[1].task.amount == 31 and rows[1].computation.raw_task == 31
    assert statushouders.region_table("bestaat-niet", 2023, 1, today=TODAY) is None
    province = statushouders.region_table("drenthe", 2023, 1, today=TODAY)
    assert {r.code for r in province} == {"GM1681", "GM0114"}
