"""The area profile: values beside the municipality, province and country, disclosed, sourced."""

from __future__ import annotations

import pytest
from tests.factories import IndicatorFactory, IndicatorValueFactory

from woonmonitor.monitor.models import Theme, ValueStatus
from woonmonitor.monitor.presentation import default_period, period_ranges
from woonmonitor.monitor.profile import (
    CSV_COLUMNS,
    build_profile,
    child_table,
    comparisons_for,
    profile_rows,
)

from .area_world import DRENTHE, world_fixture  # noqa: F401


def line_of(profile, key):
    return next(line for line in profile.lines if line.indicator.key == key)


def test_wijk_profile_2022_puts_real_values_beside_gemeente_province_and_country(world):
    valthe = world.area("WK168100", 2024)
    profile = build_profile(area=valthe, period=2022)

    assert profile.period == 2022
    assert profile.area.vintage == 2022  # the version of the code that holds the 2022 values
    assert [c.code for c in profile.comparisons] == ["GM1681", "PV22", "NL01"]
    woz = line_of(profile, "woz-gemiddeld")
    assert woz.own.value == 282  # Valthe in KWB 2022: dwelling_value 282 (x 1000 euro)
    assert woz.own.text == "€ 282.000"
    assert woz.municipality.value == 253  # Borger-Odoorn
    rows = [world.rows2022[code] for code in DRENTHE]
    homes = [float(row["dwelling_total"]) for row in rows]
    weighted = sum(float(row["dwelling_value"]) * h for row, h in zip(rows, homes, strict=True))
    assert woz.province.value == pytest.approx(weighted / sum(homes))
    assert woz.country.value is not None
    owned = line_of(profile, "koopwoningen")
    assert (owned.own.value, owned.municipality.value) == (80, 74)
    assert owned.own.text == "80 %"
    inhabitants = line_of(profile, "inwoners")
    assert inhabitants.own.value == 1230
    assert inhabitants.municipality.value == 25681
    assert inhabitants.own.source == "CBS Kerncijfers wijken en buurten 2022 (via tmap)"
    assert inhabitants.own.loaded_at is not None
    assert "85984NED" in inhabitants.source


def test_default_period_is_the_latest_full_year_and_periods_are_listed(world):
    profile = build_profile(area=world.area("GM1681", 2024))

    assert profile.periods == [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2022, 2024]
    assert profile.period == 2024
    assert profile.area.vintage == 2024
    assert line_of(profile, "inwoners").own.value == 26014  # KWB 2024, gemeente not rounded
    assert line_of(profile, "woningvoorraad").own.value == 11537


def test_period_ranges():
    assert [str(r) for r in period_ranges([2012, 2013, 2014, 2022, 2024, 2025])] == [
        "2024–2025",
        "2022",
        "2012–2014",
    ]
    assert period_ranges([]) == ()


def test_default_period_skips_a_far_year_with_only_a_prognosis():
    assert default_period({2019: 18, 2022: 16, 2024: 9, 2029: 1, 2030: 1}) == 2024
    assert default_period({2022: 14, 2024: 3}) == 2022
    assert default_period({2019: 3}) == 2019
    assert default_period({}) is None


def test_indicators_without_a_value_are_listed_compactly_with_the_years_that_have_one(world):
    profile = build_profile(area=world.area("GM1681", 2024), period=2024)

    missing = {item.indicator.key: item for item in profile.missing}
    assert "woz-gemiddeld" in missing
    assert missing["woz-gemiddeld"].other_periods == (2022,)
    assert [str(r) for r in missing["voorraad-eind"].ranges] == ["2012–2020"]
    (housing,) = [block for block in profile.themes if block.theme == Theme.HOUSING]
    groups = housing.missing_groups
    assert [[str(r) for r in g.ranges] for g in groups] == [["2022"], ["2012–2020"], []]
    assert {i.key for i in groups[0].indicators} == {
        "woz-gemiddeld",
        "koopwoningen",
        "woningbezetting",
    }
    assert "voorraad-eind" in {i.key for i in groups[1].indicators}
    shown = {line.indicator.key for line in profile.lines}
    assert shown == {"inwoners", "woningvoorraad"}
    assert not shown & set(missing)
    # every indicator of the catalogue is either shown or listed as missing
    assert len(shown) + len(missing) == len(profile.indicators)


def test_values_pass_disclosure_control(world):
    ellertshaar = world.area("WK168193", 2022)
    profile = build_profile(area=ellertshaar, period=2022)

    occupancy = line_of(profile, "woningbezetting")  # 35 inhabitants in 12 homes
    assert occupancy.own.value is None
    assert occupancy.own.status == ValueStatus.SUPPRESSED
    assert occupancy.own.reason == "geheim: minder dan 20 woningen"
    assert occupancy.municipality.value == pytest.approx(25681 / 11276)
    woz = line_of(profile, "woz-gemiddeld")  # CBS published no value
    assert woz.own.value is None and woz.own.status == ValueStatus.SUPPRESSED
    assert profile.suppressed >= 2


def test_counts_of_a_wijk_are_rounded_as_cbs_does(world):
    # Valthe's 2022 homes are 541: a count of homes, not of persons, so not rounded
    profile = build_profile(area=world.area("WK168100"), period=2022)
    assert line_of(profile, "woningvoorraad").own.value == 541
    assert line_of(profile, "inwoners").own.value % 5 == 0


def test_comparisons_follow_the_level():
    from woonmonitor.areas.models import Area, Level

    land = Area(code="NL01", name="Nederland", level=Level.COUNTRY, vintage=2024)
    province = Area(code="PV22", name="Drenthe", level=Level.PROVINCE, vintage=2024, parent=land)
    gemeente = Area(code="GM1681", name="B-O", level=Level.MUNICIPALITY, vintage=2024)
    gemeente.parent = province
    assert [c.role for c in comparisons_for(gemeente)] == ["province", "country"]
    assert [c.role for c in comparisons_for(province)] == ["country"]
    assert comparisons_for(land) == []
    orphan = Area(code="GM0001", name="X", level=Level.MUNICIPALITY, vintage=2024)
    assert [(c.role, c.code) for c in comparisons_for(orphan)] == [("country", "NL01")]


def test_profile_rows_are_flat_with_sources_and_the_missing_ones(world):
    profile = build_profile(area=world.area("WK168100"), period=2022)
    rows = profile_rows(profile)

    assert len(rows) == len(profile.indicators)
    by_key = {row["key"]: row for row in rows}
    woz = by_key["woz-gemiddeld"]
    assert set(CSV_COLUMNS) <= set(woz)
    assert woz["area"] == "WK168100" and woz["period"] == 2022
    assert (woz["value"], woz["municipality_value"]) == (282, 253)
    assert woz["theme"] == Theme.HOUSING
    assert woz["source_run"].startswith("CBS Kerncijfers wijken en buurten 2022")
    missing = by_key["voorraad-eind"]
    assert missing["value"] is None and missing["status"] == ValueStatus.MISSING
    assert missing["note"] == "geen gegevens voor dit gebied"


def test_child_table_lists_the_wijken_with_key_figures(world):
    profile = build_profile(area=world.area("GM1681"), period=2022)
    table = child_table(profile)

    assert [i.key for i in table.indicators] == [
        "inwoners",
        "woningvoorraad",
        "woz-gemiddeld",
        "koopwoningen",
        "woningbezetting",
    ]
    by_code = {child.code: child for child in table.rows}
    assert set(by_code) == {"WK168100", "WK168101", "WK168193"}
    valthermond = by_code["WK168101"].cells
    assert [c.value for c in valthermond[:4]] == [3385, 1459, 212, 74]
    assert by_code["WK168193"].cells[4].status == ValueStatus.SUPPRESSED


def test_a_period_without_values_lists_everything_as_missing(world):
    profile = build_profile(area=world.area("WK168100"), period=1999)
    assert profile.lines == []
    assert len(profile.missing) == len(profile.indicators)


def test_profile_queries_do_not_grow_with_indicators(world, django_assert_max_num_queries):
    area = world.area("WK168100")
    with django_assert_max_num_queries(5):
        profile = build_profile(area=area, period=2022)
        child_table(profile)
    lines = len(profile.lines)
    for n in range(30):
        indicator = IndicatorFactory(theme=Theme.LIVABILITY, disclosure="geen")
        IndicatorValueFactory(indicator=indicator, area=area, period=2022, value=n)
    with django_assert_max_num_queries(5):
        profile = build_profile(area=area, period=2022)
        child_table(profile)
    assert len(profile.lines) == lines + 30
