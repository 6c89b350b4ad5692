"""The reads and the loader of housing with care (``allocation.care``), on a small Drenthe.

The fixture ``drenthe_care`` is shared with the woonzorg, permission and PDF tests.
"""

from __future__ import annotations

import tomllib
from decimal import ROUND_HALF_UP, Decimal

import pytest
from tests.factories import (
    AreaFactory,
    GroupFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlacementFactory,
    RatioFactory,
    RatioSetFactory,
    RegionFactory,
    RegionMemberFactory,
    TaskFactory,
)

from woonmonitor.allocation import care
from woonmonitor.allocation.loading import DATA
from woonmonitor.allocation.models import Ratio, RatioSet, Task
from woonmonitor.areas.models import Level

#: 80+ on 1 January 2025 (CBS 70072NED, as in the demo data).
OLDER = {
    "GM1681": ("Borger-Odoorn", 1613),
    "GM0109": ("Coevorden", 2399),
    "GM0114": ("Emmen", 6598),
}


@pytest.fixture
def drenthe_care(db):
    """Three Drenthe municipalities in the province, the region Zuidoost-Drenthe, their 80+ in
    2025 and the example ratio set loaded from ``care_ratios.toml``."""
    province = AreaFactory(code="PV22", name="Drenthe", level=Level.PROVINCE, vintage=2024)
    indicator = IndicatorFactory(key="inwoners-80-plus", name="Inwoners 80 jaar of ouder")
    areas = {}
    for code, (name, older) in OLDER.items():
        areas[code] = AreaFactory(code=code, name=name, parent=province, vintage=2024)
        IndicatorValueFactory(indicator=indicator, area=areas[code], period=2025, value=older)
    AreaFactory(code="GM0160", name="Hardenberg", vintage=2024)  # Overijssel: not in Drenthe
    region = RegionFactory(slug="zuidoost-drenthe", name="Zuidoost-Drenthe (BOCE)")
    for code in OLDER:
        RegionMemberFactory(region=region, municipality_code=code)
    care.load_care_ratios()
    return {"region": region, "indicator": indicator, "areas": areas, "province": province}


def test_toml_derivation_reproduces_its_ratios():
    """The per-1,000 figures and the target follow from the numbers the file states."""
    data = tomllib.loads((DATA / "care_ratios.toml").read_text("utf-8"))
    entry = data["ratio_set"][0]
    assert entry["is_example"] is True
    factor = Decimal(entry["growth_factor"])
    assert factor == Decimal(str(round((2.6 / 1.4) ** (5 / 20), 4)))
    older_2030 = (Decimal(932295) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert older_2030 == 1088361
    programme = {"nultreden": 170000, "geclusterd": 80000, "zorggeschikt": 40000}
    for ratio in entry["ratio"]:
        expected = (Decimal(programme[ratio["home_type"]]) * 1000 / older_2030).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        assert Decimal(ratio["per_thousand"]) == expected, ratio["home_type"]
    target = (Decimal(290000) * 32077 / 932295).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert entry["regional_target"] == target


def test_load_care_ratios_is_idempotent_and_updates(db):
    first = care.load_care_ratios()
    assert (first.created, first.updated, first.unchanged) == (1, 0, 0)
    again = care.load_care_ratios()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    ratio_set = RatioSet.objects.get()
    assert ratio_set.is_example and ratio_set.region is None
    assert ratio_set.growth_factor == Decimal("1.1674")
    assert {r.home_type: r.per_thousand for r in ratio_set.ratios.all()} == {
        "nultreden": Decimal("156.20"),
        "geclusterd": Decimal("73.51"),
        "zorggeschikt": Decimal("36.75"),
    }
    Ratio.objects.filter(home_type="nultreden").update(per_thousand=1)
    fixed = care.load_care_ratios()
    assert fixed.updated == 1
    assert Ratio.objects.get(home_type="nultreden").per_thousand == Decimal("156.20")


def test_scopes(drenthe_care):
    province = care.province_scope()
    assert province.names == {"GM1681": "Borger-Odoorn", "GM0109": "Coevorden", "GM0114": "Emmen"}
    region = care.region_scope(drenthe_care["region"])
    assert set(region.codes) == set(OLDER) and region.kind == "regio"
    assert care.municipality_scope("gm1681").name == "Borger-Odoorn"
    assert care.municipality_scope("GM9999") is None


def test_need_for_a_region_with_sources_and_split(drenthe_care):
    scope = care.region_scope(drenthe_care["region"])
    ratio_set = care.ratio_set_for(scope)
    assert ratio_set.is_example
    need = care.care_need_for(scope, ratio_set)
    by_code = {row.code: row for row in need.needs}
    borger = by_code["GM1681"]
    assert borger.base == 1613
    assert borger.horizon.value == Decimal("1883.0") and borger.horizon.method == "groeifactor"
    assert [line.homes for line in borger.types] == [294, 138, 69]
    assert borger.total == 501
    assert need.base_citations["GM1681"]  # the citation of the monitor value
    assert need.totals["totaal"] == sum(row.total for row in need.needs)
    # The province-wide target (9,978) is split over the province's municipalities here.
    assert need.split is not None and need.split.total == 9978
    assert need.split_scope.kind == "provincie"
    assert {row.code for row in need.split_rows} == set(OLDER)


def test_region_set_wins_and_own_target_split_exactly(drenthe_care):
    region = drenthe_care["region"]
    own = RatioSetFactory(region=region, name="BOCE 2030", regional_target=1000)
    for home_type, value in (("nultreden", "100"), ("geclusterd", "50"), ("zorggeschikt", "25")):
        RatioFactory(ratio_set=own, home_type=home_type, per_thousand=Decimal(value))
    own.growth_factor = Decimal("1.1")
    own.growth_source = "Regionale prognose (test)"
    own.save()
    scope = care.region_scope(region)
    assert care.ratio_set_for(scope) == own
    assert care.ratio_set_for(care.municipality_scope("GM1681")) == own
    assert care.ratio_set_for(care.province_scope()).is_example
    need = care.care_need_for(scope, own)
    assert need.split_scope.key == region.slug
    assert sum(row.share for row in need.split_rows) == 1000


def test_prognosis_by_age_is_preferred_over_the_growth_factor(drenthe_care):
    prognosis = IndicatorFactory(key=care.prognosis_key("inwoners-80-plus"))
    IndicatorValueFactory(
        indicator=prognosis, area=drenthe_care["areas"]["GM1681"], period=2030, value=2000
    )
    scope = care.municipality_scope("GM1681")
    need = care.care_need_for(scope, care.ratio_set_for(scope))
    borger = need.needs[0]
    assert borger.horizon.method == "prognose" and borger.horizon.value == 2000
    assert borger.types[0].homes == 312  # 2000 x 156.20 / 1000 = 312.4
    assert "GM1681" in need.horizon_citations


def test_missing_figure_is_named_not_invented(drenthe_care):
    AreaFactory(code="GM1680", name="Aa en Hunze", parent=drenthe_care["province"], vintage=2024)
    scope = care.province_scope()
    need = care.care_need_for(scope, care.ratio_set_for(scope))
    assert need.missing == ["Aa en Hunze"]
    assert "GM1680" in need.split.left_out


def test_group_periods_sum_tasks_and_current_placements(drenthe_care):
    group = GroupFactory(key="statushouders", half_yearly=True)
    TaskFactory(group=group, municipality_code="GM1681", year=2023, half=1, amount=20)
    old = TaskFactory(group=group, municipality_code="GM0109", year=2023, half=1, amount=5)
    TaskFactory(
        group=group, municipality_code="GM0109", year=2023, half=1, amount=7, supersedes=old
    )
    first = PlacementFactory(group=group, municipality_code="GM1681", year=2023, month=2, count=3)
    PlacementFactory(
        group=group,
        municipality_code="GM1681",
        organisation=first.organisation,
        year=2023,
        month=2,
        count=4,
        corrects=first,
    )
    PlacementFactory(
        group=group, municipality_code="GM0109", year=2023, month=8, count=2, is_demo=True
    )
    periods = care.group_periods(["GM1681", "GM0109"])[group.pk]
    assert [(p.label, p.task, p.realised, p.realised_demo) for p in periods] == [
        ("2023-II", None, 2, True),
        ("2023-I", 27, 4, False),
    ]
    assert periods[1].task_municipalities == 2
    assert Task.objects.current().count() == 2
