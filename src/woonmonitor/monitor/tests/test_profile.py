"""The area profile: values beside the municipality, province and country, disclosed, sourced."""

from __future__ import annotations

from datetime import date

import pytest
from tests.factories import IndicatorFactory, IndicatorValueFactory

from woonmonitor.monitor.children import child_table
from woonmonitor.monitor.models import IndicatorValue, Theme, ValueStatus
from woonmonitor.monitor.presentation import default_period, period_ranges
from woonmonitor.monitor.profile import (
    CSV_COLUMNS,
    build_profile,
    comparisons_for,
    fallback_period,
    profile_rows,
)

from .area_world import DRENTHE, stock_rows, world_fixture  # noqa: F401


def line_of(profile, key):
    return next(line for line in profile.lines if line.indicator.key == key)


def world_value(world, key: str, code: str, period: int = 2022) -> float:
    return (
        IndicatorValue.objects.current()
        .get(indicator__key=key, area__code=code, period=period)
        .value
    )


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
    # the source as CBS names it, with the peildatum: not the route (tmap) nor a loading date
    citation = inhabitants.own.citation
    assert (
        citation.citation
        == "CBS, Kerncijfers wijken en buurten 2022, met wijk- en buurtkaart (85318NED)"
    )
    assert (citation.reference_date, citation.published_on) == (date(2022, 1, 1), None)
    assert citation.details == "peildatum 1 januari 2022; Definitief"
    assert "tmap" not in inhabitants.own.source
    assert [line.citation for line in profile.sources][:1] == [citation.citation]


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


def test_a_missing_year_shows_the_latest_year_with_a_value_labelled(world):
    profile = build_profile(area=world.area("GM1681", 2024), period=2024)

    own_year = line_of(profile, "woningvoorraad")  # KWB 2024 has it
    assert not own_year.fallback and own_year.period == 2024 and own_year.period_label == ""
    woz = line_of(profile, "woz-gemiddeld")  # only in KWB 2022
    assert woz.fallback and woz.period == 2022
    assert woz.period_label == "cijfer van 2022"
    assert woz.own.value == 253
    # the whole line is of that year: Drenthe and the country of 2022 beside it
    assert woz.province.value == pytest.approx(world_value(world, "woz-gemiddeld", "PV22"))
    stock = line_of(profile, "voorraad-eind")  # CBS 81955NED ends in 2020
    assert stock.fallback and stock.period == 2020
    assert stock.own.value == float(stock_rows("GM1681")[2020]["EindstandVoorraad_8"])
    assert profile.fallbacks >= 3


def test_indicators_without_any_value_are_summarised_once(world):
    profile = build_profile(area=world.area("GM1681", 2024), period=2024)

    missing = {item.indicator.key for item in profile.missing}
    shown = {line.indicator.key for line in profile.lines}
    assert "huurwoningen" in missing and "woz-gemiddeld" not in missing
    assert {"inwoners", "woningvoorraad", "woz-gemiddeld", "voorraad-eind"} <= shown
    assert not shown & missing
    # every indicator of the catalogue is either shown or listed as missing
    assert len(shown) + len(missing) == len(profile.indicators)


def test_fallback_prefers_an_earlier_year_and_else_the_nearest_later_one():
    assert fallback_period({2012, 2019, 2020, 2022}, 2021) == 2020
    assert fallback_period({2022, 2024}, 2019) == 2022
    assert fallback_period(set(), 2024) is None


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
    assert woz["source"].startswith("CBS, Kerncijfers wijken en buurten 2022")
    # WOZ 2022 is valued on 1 January 2021 (catalogue reference_offset -1)
    assert (woz["reference_date"], woz["published_on"]) == ("2021-01-01", None)
    assert "loaded_at" not in woz and "loaded_at" not in CSV_COLUMNS  # pages: no loading date
    for_api = {row["key"]: row for row in profile_rows(profile, loaded_at=True)}
    assert for_api["woz-gemiddeld"]["loaded_at"]
    missing = by_key["voorraad-eind"]
    assert missing["value"] is None and missing["status"] == ValueStatus.MISSING
    assert missing["note"] == "geen gegevens voor dit gebied"


def test_profile_rows_give_the_year_of_the_values_and_round_to_the_precision(world):
    profile = build_profile(area=world.area("GM1681", 2024), period=2024)
    by_key = {row["key"]: row for row in profile_rows(profile)}

    assert "value_period" in CSV_COLUMNS
    assert (by_key["woningvoorraad"]["period"], by_key["woningvoorraad"]["value_period"]) == (
        2024,
        2024,
    )
    assert (by_key["woz-gemiddeld"]["period"], by_key["woz-gemiddeld"]["value_period"]) == (
        2024,
        2022,
    )
    # persons per home, computed (25681 / 11276 = 2.2775...): two decimals, as the catalogue says
    assert by_key["woningbezetting"]["value"] == 2.28
    valthe = build_profile(area=world.area("WK168100", 2024), period=2024)
    occupancy = {row["key"]: row for row in profile_rows(valthe)}["woningbezetting"]
    assert occupancy["value_period"] == 2022
    assert occupancy["value"] == round(1230 / 541, 2) == 2.27
    raw = world_value(world, "woningbezetting", "GM1681")
    assert occupancy["municipality_value"] == round(raw, 2) != raw
    assert isinstance(by_key["woningvoorraad"]["value"], int)
    assert by_key["huurwoningen"]["value_period"] is None


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


def test_a_period_without_values_shows_the_nearest_year_of_each_indicator(world):
    profile = build_profile(area=world.area("WK168100"), period=1999)
    assert profile.lines and all(line.fallback for line in profile.lines)
    assert {line.period for line in profile.lines} == {2022}
    assert len(profile.lines) + len(profile.missing) == len(profile.indicators)


def test_fallback_costs_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    area = world.area("WK168100", 2024)
    with CaptureQueriesContext(connection) as without:
        assert build_profile(area=area, period=2022).fallbacks == 0
    with CaptureQueriesContext(connection) as with_fallback:
        assert build_profile(area=area, period=2024).fallbacks >= 3
    # the values of the other years, and the disclosure bases of those years if not among them
    assert len(with_fallback) - len(without) <= 2


def test_profile_queries_do_not_grow_with_indicators(world, django_assert_max_num_queries):
    area = world.area("WK168100")
    # with the import runs of the values' sources and the sources behind derived values
    with django_assert_max_num_queries(9):
        profile = build_profile(area=area, period=2022)
        child_table(profile)
    lines = len(profile.lines)
    for n in range(30):
        indicator = IndicatorFactory(theme=Theme.LIVABILITY, disclosure="geen")
        IndicatorValueFactory(indicator=indicator, area=area, period=2022, value=n)
    with django_assert_max_num_queries(9):
        profile = build_profile(area=area, period=2022)
        child_table(profile)
    assert len(profile.lines) == lines + 30
